"""Does a batch of hostile submissions, graded with honest classmates, finish; leave the
classmates' grades, files and graded notebooks untouched; leave no process behind; and give
every attacker no more than its honest work and a report it can read?

The scenarios and what each must get are fixtures in ``tests/hostile/w2_optimizers/``
(``expected.json`` beside the override files), one or more per attack in DESIGN.md's threat model.
"""
import hashlib
import shutil
import socket
import threading
import time
from pathlib import Path

import nbformat
import pytest
from helpers import course_copy, is_hidden, notebook_name, sandboxed_processes
from scenarios import HOSTILE, write_scenarios

from autograder import grading, samples
from autograder.build import build
from autograder.config import REPO_ROOT
from autograder.harness.spec import tasks_of

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "w2_optimizers"
CLASSMATES = ("ada", "chen")  # perfect; Adam with epsilon inside the square root
FULL = sum(t.points for t in tasks_of(ASSIGNMENT))
TEST_LIMITS = """
from pathlib import Path
from autograder.config import configure
c = get_config()
configure(c, Path(__file__).resolve().parent)
c.Execute.timeout = 10
c.Sandbox.notebook_time_limit = 120
"""


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


class Listener(threading.Thread):
    """A TCP server on every address of this machine that records who connects."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("0.0.0.0", 0))
        self.sock.listen()
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.done = False

    def run(self):
        while not self.done:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()


def _host_ip() -> str:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


@pytest.fixture(scope="module")
def batch(tmp_path_factory, sandbox_required):
    root = course_copy(tmp_path_factory.mktemp("hostile"))
    (root / "nbgrader_config.py").write_text(TEST_LIMITS)
    build([ASSIGNMENT], root, say=lambda *_: None)
    name = notebook_name(ASSIGNMENT)
    for student in CLASSMATES:
        dest = root / "submitted" / student / ASSIGNMENT
        dest.mkdir(parents=True)
        (dest / name).write_text(nbformat.writes(samples.make_submission(ASSIGNMENT, student,
                                                                         root)))
    listener = Listener()
    listener.start()
    subs = {"{{ROOT}}": str(root), "{{KIT}}": str(REPO_ROOT), "{{PORT}}": str(listener.port),
            "{{HOST_IP}}": _host_ip()}
    specs = write_scenarios(ASSIGNMENT, root, HOSTILE, subs)
    assert sandboxed_processes() == []
    submitted = {s: _tree_hash(root / "submitted" / s) for s in CLASSMATES}
    start = time.perf_counter()
    results = {r.student: r for r in grading.autograde(ASSIGNMENT, root, progress=False)}
    seconds = time.perf_counter() - start
    rows = {r.student: r for r in grading.grade_rows(ASSIGNMENT, root)}
    graded = {s: _tree_hash(root / "autograded" / s) for s in CLASSMATES}
    left_at_end = sandboxed_processes()
    time.sleep(6)  # what a leftover thread or process would do, it does now
    listener.done = True
    listener.join()
    listener.sock.close()
    return {"root": root, "specs": specs, "results": results, "rows": rows, "seconds": seconds,
            "submitted": submitted, "graded": graded, "left_at_end": left_at_end,
            "listener": listener}


def test_did_the_batch_finish_with_every_submission_graded(batch):
    assert set(batch["results"]) == set(batch["specs"]) | set(CLASSMATES)
    failed = {s: r.error[-500:] for s, r in batch["results"].items() if not r.success}
    assert failed == {}


@pytest.mark.parametrize("name", sorted(samples.expected(ASSIGNMENT, HOSTILE)))
def test_does_each_attack_get_no_more_than_its_honest_work(batch, name):
    spec = batch["specs"][name]
    expect = spec["expect"]
    row, result = batch["rows"][name], batch["results"][name]
    assert row.total == expect["total"], (spec["about"], row.tasks, result.notes)
    if "status" in expect:
        assert result.status == expect["status"], (spec["about"], result.notes)
    if "note" in expect:
        assert any(expect["note"] in n for n in result.notes), (spec["about"], result.notes)


def test_are_the_honest_classmates_graded_exactly_as_when_graded_alone(batch, tmp_path):
    root = course_copy(tmp_path)
    build([ASSIGNMENT], root, say=lambda *_: None)
    for student in CLASSMATES:
        shutil.copytree(batch["root"] / "submitted" / student, root / "submitted" / student)
        grading.autograde(ASSIGNMENT, root, students=[student], progress=False,
                          seed=batch["results"][student].seed)
    alone = {r.student: r for r in grading.grade_rows(ASSIGNMENT, root)}
    name = notebook_name(ASSIGNMENT)
    for student in CLASSMATES:
        assert batch["rows"][student].tasks == alone[student].tasks
        in_batch = nbformat.read(str(batch["root"] / "autograded" / student / ASSIGNMENT / name),
                                 as_version=4)
        by_itself = nbformat.read(str(root / "autograded" / student / ASSIGNMENT / name),
                                  as_version=4)
        hidden = [(a.outputs, b.outputs) for a, b in zip(in_batch.cells, by_itself.cells)
                  if is_hidden(a)]
        assert hidden and all(a == b for a, b in hidden)
    assert batch["rows"]["ada"].total == FULL
    assert batch["rows"]["chen"].total < FULL


def test_are_the_classmates_files_and_grades_unchanged_after_the_attackers_left(batch):
    root = batch["root"]
    for student in CLASSMATES:
        assert _tree_hash(root / "submitted" / student) == batch["submitted"][student]
        assert _tree_hash(root / "autograded" / student) == batch["graded"][student]
    now = {r.student: r for r in grading.grade_rows(ASSIGNMENT, root)}
    assert {s: now[s].tasks for s in CLASSMATES} == {s: batch["rows"][s].tasks
                                                      for s in CLASSMATES}
    assert (root / "gradebook.db").read_bytes()[:16] == b"SQLite format 3\x00"


def test_is_no_process_of_any_submission_left_running(batch):
    assert batch["left_at_end"] == []
    assert sandboxed_processes() == []


def test_did_no_submission_reach_the_network(batch):
    assert batch["listener"].connections == 0


def test_is_the_output_of_a_notebook_capped_in_bytes(batch):
    path = batch["root"] / "autograded" / "mallory_output" / ASSIGNMENT / notebook_name(ASSIGNMENT)
    assert path.stat().st_size < 12_000_000


def test_does_every_submission_get_a_feedback_page_it_can_read(batch):
    students = sorted(batch["results"])
    pages = grading.feedback(ASSIGNMENT, batch["root"], students=students)
    assert {p.parent.parent.name for p in pages} == set(students)
    by_student = {p.parent.parent.name: p.read_text() for p in pages}
    for name, spec in batch["specs"].items():
        if spec["expect"].get("status") == "not gradable":
            assert "could not be graded" in by_student[name]
            assert "What to do" in by_student[name]
        if spec["expect"].get("status") == "stopped":
            assert "Notes from the grader" in by_student[name]
