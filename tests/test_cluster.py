"""Grading beyond one machine: a real Dask cluster (``dask scheduler`` and ``dask worker``
processes) and a real PostgreSQL server, both started here, driven through the ``kit`` command.

Shown: the sample class grades on the cluster to exactly the grades of local grading; every kit
command works on the PostgreSQL gradebook; a worker killed mid-task, or the client killed
mid-class, still leaves every submission graded exactly once; a worker that cannot set up the
sandbox gets no work and says why; bad input (an unreachable scheduler, a wrong database URL, the
database of another course) ends in one clear sentence, never a traceback.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import course_copy
from services import new_database, postgres_missing, postgres_server

from autograder import grading, samples
from autograder.bench_cluster import DaskCluster
from autograder.bench_grading import synthetic_class
from autograder.build import build

KIT = str(Path(sys.executable).parent / "kit")
ASSIGNMENT = "w2_optimizers"
SEED = 20261130

pytestmark = pytest.mark.usefixtures("sandbox_required")


@pytest.fixture(scope="module")
def postgres():
    why = postgres_missing()
    if why:
        if os.environ.get("KIT_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but {why}")
        pytest.skip(why)
    with postgres_server() as executor:
        yield executor


@pytest.fixture
def database(postgres, request):
    """A new, empty PostgreSQL database for one test: its URL."""
    return new_database(postgres, request.node.name.lower().replace("[", "_").strip("]")[:60])


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two one-thread workers, each its own process."""
    c = DaskCluster(tmp_path / "dask")
    try:
        for name in ("w1", "w2"):
            c.add_worker(name)
        c.wait_workers(2)
        yield c
    finally:
        c.stop()


def kit(*args, root: Path, db_url: str | None = None, check: bool = True,
        **popen) -> subprocess.CompletedProcess:
    cmd = [KIT, "--root", str(root)] + (["--db-url", db_url] if db_url else []) + list(args)
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600,
                          **popen)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n"
                             f"{proc.stderr}")
    return proc


def sample_course(tmp: Path, db_url: str | None = None) -> tuple[Path, list[str]]:
    root = course_copy(tmp)
    build([ASSIGNMENT], root, db_url, say=lambda *_: None)
    return root, samples.write_sample_class(ASSIGNMENT, root / "submitted", root)


def synthetic_course(tmp: Path, size: int, db_url: str) -> tuple[Path, list[str]]:
    root = course_copy(tmp)
    build([ASSIGNMENT], root, db_url, say=lambda *_: None)
    return root, synthetic_class(ASSIGNMENT, root, size)


def grades(root: Path, db_url: str | None = None) -> dict:
    return {r.student: (r.tasks, r.status) for r in grading.grade_rows(ASSIGNMENT, root, db_url)}


def submissions_in_gradebook(db_url: str) -> dict:
    """student -> number of submission rows of ASSIGNMENT (exactly-once writes: 1 each)."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT s.student_id, count(*) FROM submitted_assignment s "
                "JOIN assignment a ON a.id = s.assignment_id WHERE a.name = :a "
                "GROUP BY s.student_id"), {"a": ASSIGNMENT})
            return dict(rows.all())
    finally:
        engine.dispose()


def graded_lines(output: str) -> list[str]:
    """The students named by the progress lines of a kit autograde run, in order."""
    return [line.split("] ", 1)[1].split()[1] for line in output.splitlines()
            if line.startswith("autograding ") and "] " in line]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def records_count(root: Path) -> int:
    try:
        return len(grading.records(ASSIGNMENT, root))
    except (OSError, ValueError):  # grading.json replaced while read
        return 0


def test_sample_class_on_cluster_equals_local_and_every_command_uses_postgres(
        tmp_path, cluster, database):
    local, students = sample_course(tmp_path / "local")
    grading.autograde(ASSIGNMENT, local, seed=SEED, progress=False)

    remote, _ = sample_course(tmp_path / "remote", database)
    proc = kit("autograde", ASSIGNMENT, "--scheduler", cluster.address, "--seed", str(SEED),
               root=remote, db_url=database)
    assert sorted(graded_lines(proc.stderr)) == sorted(students)
    assert grades(remote, database) == grades(local)
    assert set(grades(local)) == set(students)
    assert submissions_in_gradebook(database) == {s: 1 for s in students}
    for s in students:  # the worker's graded notebook and feedback page came back
        assert (remote / "autograded" / s / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        page = remote / "feedback" / s / ASSIGNMENT / f"{ASSIGNMENT}.html"
        assert "Score" in page.read_text()
    assert not (remote / "gradebook.db").exists()  # nothing went to SQLite

    # every other kit command, on the PostgreSQL gradebook
    kit("build", ASSIGNMENT, root=remote, db_url=database)
    kit("feedback", ASSIGNMENT, "--student", "ada", root=remote, db_url=database)
    out = tmp_path / "grades.csv"
    kit("export", ASSIGNMENT, "--output", str(out), root=remote, db_url=database)
    local_csv = grading.export_csv(ASSIGNMENT, tmp_path / "local.csv", local)
    assert out.read_text() == local_csv.read_text()
    kit("report", ASSIGNMENT, root=remote, db_url=database)
    assert (remote / "reports" / ASSIGNMENT / "report.html").is_file()
    assert not (remote / "gradebook.db").exists()


def test_local_pool_writes_postgres_concurrently(tmp_path, database):
    root, students = sample_course(tmp_path / "course", database)
    kit("autograde", ASSIGNMENT, "--jobs", "2", "--seed", str(SEED), root=root, db_url=database)
    assert submissions_in_gradebook(database) == {s: 1 for s in students}
    assert all(status == "ok" for _, status in grades(root, database).values())


def test_killed_worker_still_grades_everyone_exactly_once(tmp_path, cluster, database):
    root, students = synthetic_course(tmp_path / "course", 14, database)
    client = subprocess.Popen(
        [KIT, "--root", str(root), "--db-url", database, "autograde", ASSIGNMENT,
         "--scheduler", cluster.address, "--seed", str(SEED)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: records_count(root) >= 2, 300, "two graded submissions")
    addresses = cluster.addresses()
    wait_for(lambda: cluster.processing("w1") > 0, 60, "w1 grading a submission")
    cluster.kill("w1")  # mid-task, as when its machine is lost
    killed_at = records_count(root)
    _, err = client.communicate(timeout=600)
    assert client.returncode == 0, err
    assert sorted(graded_lines(err)) == students  # each result taken once
    assert submissions_in_gradebook(database) == {s: 1 for s in students}
    table = grades(root, database)
    assert set(table) == set(students)
    assert all(status == "ok" for _, status in table.values())
    runs = grading.records(ASSIGNMENT, root)
    by = {r["worker"] for r in runs.values()}
    assert by <= {addresses["w1"], addresses["w2"]}
    assert sum(r["worker"] == addresses["w2"] for r in runs.values()) >= len(students) - killed_at
    scenarios = sorted(samples.expected(ASSIGNMENT))
    for i, s in enumerate(students):  # same scenario, same seed: same grade as its twin
        twin = students[i % len(scenarios)]
        assert table[s] == table[twin], (s, twin)


def test_killed_client_resumes_where_it_ended(tmp_path, cluster, database):
    root, students = synthetic_course(tmp_path / "course", 12, database)
    cmd = [KIT, "--root", str(root), "--db-url", database, "autograde", ASSIGNMENT,
           "--scheduler", cluster.address]
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: records_count(root) >= 3, 300, "three graded submissions")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    before = grading.records(ASSIGNMENT, root)
    assert 3 <= len(before) < len(students)

    proc = kit(*cmd[5:], root=root, db_url=database)
    assert f"{len(before)} submissions of {ASSIGNMENT} are graded already" in proc.stderr
    assert sorted(graded_lines(proc.stderr)) == sorted(set(students) - set(before))
    after = grading.records(ASSIGNMENT, root)
    assert sorted(after) == students
    assert all(after[s]["seed"] == before[s]["seed"] for s in before)  # not graded again
    assert submissions_in_gradebook(database) == {s: 1 for s in students}


def test_worker_without_sandbox_refuses_work(tmp_path, database):
    c = DaskCluster(tmp_path / "dask")
    try:
        no_bwrap = dict(os.environ, PATH=str(tmp_path / "empty"))
        c.add_worker("nosandbox", env=no_bwrap)
        c.wait_workers(1)
        root, _ = sample_course(tmp_path / "course", database)
        args = ("autograde", ASSIGNMENT, "--scheduler", c.address, "--student", "ada",
                "--student", "ben")
        proc = kit(*args, root=root, db_url=database, check=False)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert "no worker of the cluster" in proc.stderr
        assert "the sandbox cannot be set up" in proc.stderr
        assert "refuses grading work" in c.log("nosandbox")

        c.add_worker("good")
        c.wait_workers(2)
        proc = kit(*args, root=root, db_url=database)
        addresses = c.addresses()
        assert f"worker {addresses['nosandbox']} refuses grading work" in proc.stderr
        assert sorted(graded_lines(proc.stderr)) == ["ada", "ben"]
        runs = grading.records(ASSIGNMENT, root)
        assert {runs[s]["worker"] for s in ("ada", "ben")} == {addresses["good"]}
    finally:
        c.stop()


def test_bad_input_gets_one_clear_sentence(tmp_path, postgres, database):
    root, _ = sample_course(tmp_path / "course", database)

    def refused(*args, db_url=database, words=()):
        proc = kit(*args, root=root, db_url=db_url, check=False)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.startswith("kit "), proc.stderr
        for w in words:
            assert w in proc.stderr, proc.stderr
        return proc.stderr

    from services import free_port

    refused("autograde", ASSIGNMENT, "--scheduler", f"tcp://127.0.0.1:{free_port()}",
            words=("cannot reach the Dask scheduler", "dask scheduler"))
    host = f"{postgres.host}:{postgres.port}"
    refused("export", ASSIGNMENT, db_url=f"postgresql://postgres@127.0.0.1:{free_port()}/x",
            words=("cannot open the gradebook", "refused"))
    refused("report", db_url=f"postgresql://postgres:secret@{host}/no_such_db",
            words=("cannot open the gradebook", "no_such_db", "***"))
    err = refused("build", db_url=f"postgres://postgres@{host}/x", words=("unknown kind",))
    assert "postgresql://" in err
    refused("feedback", ASSIGNMENT, db_url="not a url", words=("not a database URL",))

    # the database of another course
    other = course_copy(tmp_path / "other")
    shutil.copy(Path(grading.REPO_ROOT) / "nbgrader_config.py", other / "nbgrader_config.py")
    text = (other / "nbgrader_config.py").read_text()
    (other / "nbgrader_config.py").write_text(text.replace(
        "configure(c, Path", 'c.CourseDirectory.course_id = "another-course"\nconfigure(c, Path'))
    other_db = new_database(postgres, "other_course_db")
    kit("build", "w3_softmax", root=other, db_url=other_db)
    for args in (("build", ASSIGNMENT), ("autograde", ASSIGNMENT), ("export", ASSIGNMENT),
                 ("report",), ("feedback", ASSIGNMENT)):
        refused(*args, db_url=other_db, words=("another course", "another-course"))
