"""Does nbgrader's whole flow work on one machine with the course's own exchange?

release -> fetch -> submit -> collect -> kit autograde -> generate and release feedback ->
fetch_feedback, with nbgrader's own commands: the instructor in the course folder, two students
each in a folder of their own, as two users of the same machine would.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import course_copy, notebook_name

from autograder import grading, samples
from autograder.build import build
from autograder.config import COURSE_ID, REPO_ROOT

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "w2_optimizers"
NBGRADER = str(Path(sys.executable).parent / "nbgrader")


def nbgrader(cwd, *args, student=None, exchange=None, cache=None):
    cmd = [NBGRADER, *args]
    if student:
        cmd += [f"--student={student}", f"--course={COURSE_ID}",
                f"--Exchange.root={exchange}", f"--Exchange.cache={cache}"]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-3000:])
    return done


@pytest.fixture(scope="module")
def flow(tmp_path_factory, sandbox_required):
    """The whole loop, for ada (every task right) and chen (epsilon inside the root)."""
    root = course_copy(tmp_path_factory.mktemp("course"))
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)  # the course's own settings
    build([ASSIGNMENT], root, say=lambda *_: None)
    exchange = root / "exchange"
    name = notebook_name(ASSIGNMENT)
    nbgrader(root, "release_assignment", ASSIGNMENT)
    homes = {}
    for student in ("ada", "chen"):
        home = tmp_path_factory.mktemp(f"home-{student}")
        cache = home / ".nbgrader_cache"
        kw = {"student": student, "exchange": exchange, "cache": cache}
        nbgrader(home, "fetch_assignment", ASSIGNMENT, **kw)
        work = home / ASSIGNMENT / name
        fetched = nbformat.read(str(work), as_version=4)
        assert "raise NotImplementedError" in "".join(c.source for c in fetched.cells)
        nbformat.write(samples.make_submission(ASSIGNMENT, student, root), str(work))
        nbgrader(home, "submit", ASSIGNMENT, **kw)
        homes[student] = (home, kw)
    nbgrader(root, "collect", ASSIGNMENT)
    results = grading.autograde(ASSIGNMENT, root, progress=False)
    grading.feedback(ASSIGNMENT, root)
    nbgrader(root, "release_feedback", ASSIGNMENT)
    for student, (home, kw) in homes.items():
        nbgrader(home, "fetch_feedback", ASSIGNMENT, **kw)
    return root, homes, {r.student: r for r in results}


def test_does_collect_bring_each_students_submission(flow):
    root, homes, _ = flow
    for student in homes:
        assert (root / "submitted" / student / ASSIGNMENT / notebook_name(ASSIGNMENT)).is_file()
        assert (root / "submitted" / student / ASSIGNMENT / "timestamp.txt").is_file()


def test_are_collected_submissions_graded_by_kit(flow):
    root, _, results = flow
    rows = {r.student: r for r in grading.grade_rows(ASSIGNMENT, root)}
    assert all(r.success for r in results.values())
    assert rows["ada"].total == rows["ada"].max_total == 18
    assert rows["chen"].tasks["2.12"][0] < 3 and rows["chen"].total < 18


def test_does_each_student_fetch_their_own_feedback(flow):
    _, homes, _ = flow
    for student, (home, _) in homes.items():
        pages = list((home / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert len(pages) == 1, student
        text = pages[0].read_text()
        assert "Task 2.12 update_parameters_with_adam" in text
        assert ("epsilon inside the square root" in text) == (student == "chen")
