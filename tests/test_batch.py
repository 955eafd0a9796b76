"""Does a class's grading run lose nothing when it is killed, refuse to run twice at once, and
end with a report an instructor can read? (Real `kit` processes, a real sample class.)"""
import json
import os
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from helpers import course_copy, is_hidden, notebook_name, sandboxed_processes

from autograder import grading, samples
from autograder.build import build

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "w2_optimizers"


def kit(root, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "autograder", "--root", str(root), *args],
                            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_progress(proc, done: int) -> list:
    """Read the progress lines of a running `kit autograde` until ``done`` submissions are in."""
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith(f"autograding {ASSIGNMENT}") and f"] {done}/" in line:
            return lines
    raise AssertionError("".join(lines))


def processes_in(folder) -> list:
    """Processes whose working directory is ``folder`` (kit and its workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                if os.readlink(f"/proc/{entry}/cwd") == str(folder):
                    found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def course(tmp_path_factory, sandbox_required):
    root = course_copy(tmp_path_factory.mktemp("batch"))
    build([ASSIGNMENT], root, say=lambda *_: None)
    students = samples.write_sample_class(ASSIGNMENT, root / "submitted", root)
    return root, students


def test_is_a_second_autograde_of_the_same_course_refused(course):
    root, _ = course
    first = kit(root, "autograde", ASSIGNMENT, "--regrade")
    try:
        wait_for_progress(first, 1)
        second = subprocess.run([sys.executable, "-m", "autograder", "--root", str(root),
                                 "autograde", ASSIGNMENT], cwd=root, capture_output=True,
                                text=True, timeout=120, check=False)
        assert second.returncode == 2
        assert "another kit autograde is grading this course" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        first.kill()
        first.wait()


def test_does_a_killed_autograde_lose_nothing_and_resume_where_it_ended(course):
    root, students = course
    (root / "reports").exists() and [p.unlink() for p in (root / "reports").rglob("*.json")]
    run = kit(root, "autograde", ASSIGNMENT, "--regrade")
    wait_for_progress(run, 3)
    os.kill(run.pid, signal.SIGKILL)  # kill -9 of kit itself, mid-class
    run.wait()
    deadline = time.monotonic() + 20
    while (processes_in(root) or sandboxed_processes()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert processes_in(root) == [] and sandboxed_processes() == []  # nothing left behind
    done_before = set(grading.records(ASSIGNMENT, root))
    assert 3 <= len(done_before) < len(students)

    again = subprocess.run([sys.executable, "-m", "autograder", "--root", str(root),
                            "autograde", ASSIGNMENT], cwd=root, capture_output=True, text=True,
                           timeout=600, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{len(done_before)} submissions of {ASSIGNMENT} are graded already" in again.stderr
    graded_now = {line.split("] ")[1].split()[1] for line in again.stderr.splitlines()
                  if line.startswith(f"autograding {ASSIGNMENT}")}
    assert graded_now == set(students) - done_before  # only what was missing

    # the gradebook: one submission per student, one grade per grade cell, no duplicates
    from nbgrader.api import Gradebook

    source = nbformat.read(str(root / "source" / ASSIGNMENT / notebook_name(ASSIGNMENT)),
                           as_version=4)
    grade_cells = sum(1 for c in source.cells if c.metadata.get("nbgrader", {}).get("grade"))
    with Gradebook(grading.make_config(root).CourseDirectory.db_url) as gb:
        subs = gb.assignment_submissions(ASSIGNMENT)
        assert sorted(s.student.id for s in subs) == sorted(students)
        for sub in subs:
            assert len(sub.notebooks) == 1 and len(sub.notebooks[0].grades) == grade_cells
    for student in students:  # every graded notebook whole, with its hidden cells graded
        path = root / "autograded" / student / ASSIGNMENT / notebook_name(ASSIGNMENT)
        nb = nbformat.reads(path.read_text(), as_version=4)
        assert all(c.outputs for c in nb.cells if is_hidden(c))
    rows = grading.grade_rows(ASSIGNMENT, root)
    assert samples.check_expectations(ASSIGNMENT, rows) == []
    assert json.loads((root / "reports" / ASSIGNMENT / "grading.json").read_text()).keys() == \
        set(students)


def test_does_a_regrade_killed_half_way_leave_no_record_vouching_for_a_rewritten_notebook(course):
    """A regrade rewrites each graded notebook: nbgrader writes the sanitized copy (no outputs)
    before it runs it. If the run is killed then, the earlier record must not make the next run
    skip that student."""
    root, students = course
    assert set(grading.records(ASSIGNMENT, root)) == set(students)
    graded = root / "autograded" / "ada" / ASSIGNMENT / notebook_name(ASSIGNMENT)
    recorder = grading.Recorder(ASSIGNMENT, root, ["ada"])  # a regrade of ada starts...
    nb = nbformat.reads(graded.read_text(), as_version=4)
    for cell in nb.cells:
        cell.get("outputs", []).clear()
    graded.write_text(nbformat.writes(nb))  # ...nbgrader has written the sanitized copy...
    recorder.journal.close()  # ...and kit is killed: no __exit__, no grading.json written
    assert "ada" not in grading.records(ASSIGNMENT, root)

    again = subprocess.run([sys.executable, "-m", "autograder", "--root", str(root),
                            "autograde", ASSIGNMENT], cwd=root, capture_output=True, text=True,
                           timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{len(students) - 1} submissions of {ASSIGNMENT} are graded already" in again.stderr
    nb = nbformat.reads(graded.read_text(), as_version=4)
    assert all(c.outputs for c in nb.cells if is_hidden(c))
    assert set(grading.records(ASSIGNMENT, root)) == set(students)
    journal = grading.record_path(ASSIGNMENT, root).with_suffix(".journal")
    assert not journal.exists()  # folded into grading.json when the run ended

def test_does_the_report_show_what_an_instructor_needs(course):
    root, _ = course
    done = subprocess.run([sys.executable, "-m", "autograder", "--root", str(root), "report"],
                          cwd=root, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    page = (root / "reports" / ASSIGNMENT / "report.html").read_text()
    for plot in ("scores.png", "tasks.png", "times.png"):
        assert (root / "reports" / ASSIGNMENT / "plots" / plot).read_bytes()[:4] == b"\x89PNG"
        assert f"plots/{plot}" in page
    # the named mistakes, with who made them
    assert "epsilon inside the square root" in page and "chen" in page
    assert "no bias correction" in page and "dana, ivan" in page
    # who needs attention: the two with zero points
    attention = page.split("Students who need attention")[1].split("<h2>")[0]
    assert "ben" in attention and "lee" in attention and "ada" not in attention
    course_page = (root / "reports" / "course.html").read_text()
    assert "plots/course.png" in course_page and "18 / 18" in course_page
