"""Autograde a class with nbgrader, in parallel, and read the results back from the gradebook.

Each submission is graded by ``nbgrader autograde`` (through ``NbGraderAPI``) in a worker
process, so that submissions run side by side on every core and each kernel gets its own grading
seed (``KIT_GRADING_SEED``). Before nbgrader sees it, a submission's files are taken in
(``autograder.intake``: repaired where possible, replaced by the release where not), and its
kernel runs in a sandbox (``autograder.sandbox``). A worker that dies is replaced and its
submission graded again. Seeds, statuses and notes are recorded in
``reports/<assignment>/grading.json`` as each submission finishes; grading again with ``seed=``
the recorded value reproduces the grade. The gradebook is SQLite by default (the URL carries a
busy timeout so parallel writers wait for each other) or any URL nbgrader accepts.
"""
from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import fcntl
import hashlib
import json
import multiprocessing
import os
import re
import secrets
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Self

from autograder.build import build, list_assignments, make_api, nbgrader_quietly
from autograder.config import REPO_ROOT, make_config
from autograder.harness.runner import SEED_ENV
from autograder.harness.spec import tasks_of
from autograder.intake import INTAKE, Intake, take_in
from autograder.preprocessors import task_of

_STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]*$")


class GradingError(RuntimeError):
    """A grading step could not run (bad input, missing release, nbgrader failure)."""


@dataclass
class Result:
    """How autograding one submission went.

    ``status``: "ok"; "restored" (cells restored or the file repaired, then graded); "limited"
    (a cell was interrupted at the time limit, or output was dropped at the output limit);
    "stopped" (a limit or a crash stopped the notebook; the cells after it scored 0); "not
    gradable" (the file could not be read: graded as the unchanged release); "grader error"
    (nbgrader failed).
    """

    student: str
    seed: int
    success: bool
    seconds: float
    error: str = ""
    status: str = "ok"
    notes: list = field(default_factory=list)
    mistakes: dict = field(default_factory=dict)  # task id -> names of known mistakes made
    cpu: dict = field(default_factory=dict)  # core-seconds: "grader" (worker), "kernel" (sandbox)
    worker: str = ""  # the Dask worker that graded it (cluster grading)


@dataclass
class Row:
    """One student's grades for one assignment: per-task points and the total."""

    student: str
    tasks: dict = field(default_factory=dict)  # task id -> (score, max)
    seed: int | None = None
    status: str = ""

    @property
    def total(self) -> float:
        return round(sum(s for s, _ in self.tasks.values()), 2)

    @property
    def max_total(self) -> float:
        return round(sum(m for _, m in self.tasks.values()), 2)


# ------------------------------------------------------------------ submissions in

def _validate_student(name: str) -> str:
    if not _STUDENT_ID.match(name):
        raise GradingError(f"invalid student id {name!r}: use letters, digits and _ . @ + -")
    return name


def move_aside(dest: Path, submitted: Path) -> Path:
    """Move an existing submission folder to ``submitted/.replaced/<time>/...``; returns where."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    backup = submitted / ".replaced" / stamp / dest.relative_to(submitted)
    backup.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(dest), str(backup))
    return backup


def import_submissions(assignment: str, source: Path, root: Path = REPO_ROOT,
                       say=print) -> list[str]:
    """Copy submissions from a folder or a zip into root/submitted/<student>/<assignment>/.

    ``source`` holds ``<student>/<assignment>/*.ipynb`` (nbgrader's submitted layout), possibly
    under one top folder (e.g. ``submitted/``). An existing submission of the same student is
    moved to ``submitted/.replaced/<time>/`` first, so nothing is lost.

    Returns:
        the students imported, sorted.
    """
    source = Path(source)
    if not source.exists():
        raise GradingError(f"no such file or folder: {source}")
    with tempfile.TemporaryDirectory() as tmp:
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise GradingError(f"{source} is neither a folder nor a zip file")
            with zipfile.ZipFile(source) as zf:
                for member in zf.namelist():
                    if not (Path(tmp) / member).resolve().is_relative_to(Path(tmp).resolve()):
                        raise GradingError(f"{source}: unsafe path in zip: {member}")
                zf.extractall(tmp)
            base = Path(tmp)
        else:
            base = source
        students = sorted({p.parent.parent for p in base.glob(f"**/{assignment}/*.ipynb")
                           if ".ipynb_checkpoints" not in p.parts})
        if not students:
            raise GradingError(f"{source}: no <student>/{assignment}/*.ipynb found")
        names_seen = [s.name for s in students]
        twice = sorted({n for n in names_seen if names_seen.count(n) > 1})
        if twice:
            raise GradingError(f"{source}: more than one submission for {', '.join(twice)}")
        dest_root = Path(root) / "submitted"
        names = []
        for student_dir in students:
            name = _validate_student(student_dir.name)
            dest = dest_root / name / assignment
            if dest.exists():
                move_aside(dest, dest_root)
            shutil.copytree(student_dir / assignment, dest)
            names.append(name)
    say(f"imported {len(names)} submissions of {assignment} into {dest_root}")
    return sorted(names)


def import_roster(path: Path, root: Path = REPO_ROOT, db_url: str | None = None) -> list[str]:
    """Add or update the students of a CSV roster (columns ``id``, and any of ``first_name``,
    ``last_name``, ``email``) in the gradebook, as ``nbgrader db student import`` does; ids."""
    from nbgrader.api import Gradebook

    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if rows and "id" not in rows[0]:
        raise GradingError(f"{path}: the roster needs an 'id' column")
    config = make_config(root, db_url)
    with Gradebook(config.CourseDirectory.db_url) as gb:
        for row in rows:
            student = _validate_student(row["id"].strip())
            gb.update_or_create_student(student, **{k: (row.get(k) or "").strip() or None
                                                    for k in ("first_name", "last_name", "email")})
    return [r["id"].strip() for r in rows]


def submitted_students(assignment: str, root: Path = REPO_ROOT) -> list[str]:
    """Students with a submission of ``assignment`` in root/submitted/."""
    sub = Path(root) / "submitted"
    if not sub.is_dir():
        return []
    return sorted(p.name for p in sub.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and (p / assignment).is_dir())


# ------------------------------------------------------------------ autograde

def _ensure_assignment(assignment: str, root: Path, db_url: str | None) -> None:
    """The gradebook must know the assignment (its source cells): build it if it does not."""
    from nbgrader.api import Gradebook, MissingEntry

    config = make_config(root, db_url)
    with Gradebook(config.CourseDirectory.db_url) as gb:
        try:
            gb.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    build([assignment], root, db_url, say=lambda *_: None)


def _add_students(students: list[str], root: Path, db_url: str | None) -> None:
    from nbgrader.api import Gradebook

    config = make_config(root, db_url)
    with Gradebook(config.CourseDirectory.db_url) as gb:
        for s in students:
            gb.update_or_create_student(s)


def _die_with_parent() -> None:
    """Worker start-up: end this worker (and so its sandbox) when the kit process ends, even
    killed with SIGKILL (Linux's parent-death signal)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG = 1, SIGKILL = 9
        if os.getppid() == 1:  # the parent died before the call
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _autograde_one(root: str, db_url: str | None, assignment: str, student: str,
                   seed: int, sandbox: bool = True, taken: Intake | None = None) -> Result:
    """Worker: take the submission in (unless ``taken`` says it was, into ``.kit/intake``),
    then ``nbgrader autograde`` it with the given seed."""
    from traitlets.config import Config

    previous = os.environ.get(SEED_ENV)
    os.environ[SEED_ENV] = str(seed)
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        if taken is None:
            taken = take_in(Path(root), assignment, student)
        extra = Config()
        extra.CourseDirectory.submitted_directory = INTAKE
        extra.WriteVerdicts.intake_notes = list(taken.notes)
        extra.WriteVerdicts.not_gradable = taken.not_gradable
        extra.Sandbox.enabled = sandbox
        api = make_api(Path(root), db_url, extra)
        result = nbgrader_quietly(api.autograde, assignment, student, force=True, create=True)
    finally:
        if previous is None:
            os.environ.pop(SEED_ENV, None)
        else:
            os.environ[SEED_ENV] = previous
    seconds = time.perf_counter() - start
    if not result["success"]:
        return Result(student, seed, False, seconds, result.get("log", "") +
                      result.get("error", ""), status="grader error")
    status, notes, mistakes = "ok", [], {}
    cpu = {"grader": round(time.process_time() - cpu_start, 3), "kernel": 0.0}
    order = ["ok", "restored", "limited", "stopped", "not gradable"]
    for path in sorted((Path(root) / "autograded" / student / assignment).glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("kit", {})
        if meta.get("status") in order and order.index(meta["status"]) > order.index(status):
            status = meta["status"]
        notes += meta.get("notes", [])
        mistakes.update(meta.get("mistakes", {}))
        cpu["kernel"] += meta.get("kernel_cpu", 0.0)
    return Result(student, seed, True, seconds, status=status, notes=notes, mistakes=mistakes,
                  cpu=cpu)


class Progress:
    """A one-line progress bar on stderr (a line per step when stderr is not a terminal)."""

    def __init__(self, total: int, what: str, stream=None, enabled: bool = True):
        self.total, self.done, self.what = total, 0, what
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, note: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 24
        filled = int(width * self.done / max(self.total, 1))
        bar = "#" * filled + "." * (width - filled)
        line = f"{self.what} [{bar}] {self.done}/{self.total} {note}"
        if self.tty:
            end = "\n" if self.done == self.total else ""
            self.stream.write("\r" + line.ljust(78) + end)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def record_path(assignment: str, root: Path = REPO_ROOT) -> Path:
    return Path(root) / "reports" / assignment / "grading.json"


def records(assignment: str, root: Path = REPO_ROOT) -> dict:
    """student -> {"seed", "status", "notes", "seconds", ...} of that student's last grading
    run: grading.json, then the runs its journal holds (see ``Recorder``)."""
    path = record_path(assignment, root)
    table = json.loads(path.read_text()) if path.exists() else {}
    journal = path.with_suffix(".journal")
    if journal.exists():
        for line in journal.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                if entry["run"] is None:  # being graded again when the journal was written
                    table.pop(entry["student"], None)
                else:
                    table[entry["student"]] = entry["run"]
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill
    return table


def recorded_seeds(assignment: str, root: Path = REPO_ROOT) -> dict:
    """student -> the seed of that student's last grading run."""
    return {s: r["seed"] for s, r in records(assignment, root).items()}


def submission_hash(assignment: str, student: str, root: Path = REPO_ROOT) -> str:
    """sha256 of a submission's files (names and contents): whether it changed since grading."""
    folder = Path(root) / "submitted" / student / assignment
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _up_to_date(assignment: str, student: str, root: Path, run: dict) -> bool:
    """Graded before, unchanged since, and its graded notebook complete."""
    if run.get("status") == "grader error" or run.get("submission") != submission_hash(
            assignment, student, root):
        return False
    graded = list((root / "autograded" / student / assignment).glob("*.ipynb"))
    try:
        return bool(graded) and all(json.loads(p.read_text(encoding="utf-8")) for p in graded)
    except ValueError:
        return False


@contextlib.contextmanager
def course_lock(root: Path):
    """Hold the course's grading lock; GradingError if another ``kit autograde`` holds it.

    The lock is an flock on ``.kit/autograde.lock``: the system releases it when its process
    ends, however it ends, so a killed run never leaves the course locked.
    """
    path = Path(root) / ".kit" / "autograde.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(path, "a+")  # noqa: SIM115  (held open for the life of the lock)
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise GradingError(f"another kit autograde is grading this course ({holder}); wait "
                               f"for it to finish, or stop it, then run this again") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}")
        fh.flush()
        yield
    finally:
        fh.close()


class Recorder:
    """Records each submission's run as its result arrives, so that nothing graded is lost.

    Each run is appended at once, as one line, to ``grading.journal`` beside ``grading.json``
    (cheap whatever the size of the class); ``grading.json`` itself is rewritten whole, then
    renamed (never half-written), at most once per ``every`` seconds and when the run ends,
    and the journal emptied. ``records`` reads both, so a run killed at any moment keeps every
    result it had received.

    The earlier runs of the students about to be graded (``grading``) are struck out first,
    with one ``"run": null`` journal line each: grading a submission again rewrites its graded
    notebook, so a run killed half-way must not leave an earlier record vouching for it.
    """

    def __init__(self, assignment: str, root: Path, grading: list[str] = (), every: float = 5.0):
        self.assignment, self.root, self.every = assignment, Path(root), every
        self.path = record_path(assignment, root)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.journal_path = self.path.with_suffix(".journal")
        self.table = records(assignment, root)
        self.journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115
        stale = [s for s in grading if s in self.table]
        for student in stale:
            del self.table[student]
            self.journal.write(json.dumps({"student": student, "run": None}) + "\n")
        self.journal.flush()  # struck out before any graded notebook is rewritten
        self.written = time.monotonic()
        self.dirty = bool(stale)

    def add(self, result: Result) -> None:
        run = {"seed": result.seed, "status": result.status, "notes": result.notes,
               "mistakes": result.mistakes, "seconds": round(result.seconds, 2),
               "submission": submission_hash(self.assignment, result.student, self.root)}
        if result.worker:
            run["worker"] = result.worker
        self.table[result.student] = run
        self.journal.write(json.dumps({"student": result.student, "run": run}) + "\n")
        self.journal.flush()
        self.dirty = True
        if time.monotonic() - self.written >= self.every:
            self.flush()

    def flush(self) -> None:
        if not self.dirty:
            return
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(dict(sorted(self.table.items())), indent=1) + "\n")
        os.replace(tmp, self.path)
        self.journal.truncate(0)  # what it held is in grading.json now
        self.written, self.dirty = time.monotonic(), False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.flush()
        finally:
            self.journal.close()
            if self.journal_path.stat().st_size == 0:
                self.journal_path.unlink()


def autograde(assignment: str, root: Path = REPO_ROOT, db_url: str | None = None,
              students: list[str] | None = None, seed: int | None = None,
              jobs: int | None = None, progress: bool = True, sandbox: bool = True,
              regrade: bool = False, scheduler: str | None = None) -> list[Result]:
    """Autograde submitted/<student>/<assignment> for every (or the given) student, in parallel.

    Without ``students``, ``seed`` or ``regrade``, a submission already graded and unchanged
    since (same files, complete graded notebook) is not graded again: a run that was stopped
    or killed picks up where it ended. Only one run at a time grades a course (``course_lock``).

    Args:
        assignment: assignment name (a folder of source/).
        root: course directory.  db_url: gradebook URL (default SQLite root/gradebook.db).
        students: whom to grade (default: everyone who submitted and is not graded yet).
        seed: one seed for every student (to reproduce a grade); default a new random seed each.
        jobs: worker processes (default: the number of cores plus one).
        progress: show a progress bar on stderr.
        sandbox: run each kernel in the sandbox (refuses to grade when none can be made);
            False grades notebooks you trust without it.
        regrade: grade every submission again, even unchanged ones.
        scheduler: address of a Dask scheduler (``tcp://HOST:PORT``): grade on its workers
            (``autograder.cluster``) instead of local processes; always sandboxed.
    Returns:
        one Result per submission graded in this run, in student order.
    """
    from autograder.sandbox import SandboxUnavailable, check_available, clean_stale_jails

    root = Path(root)
    if assignment not in list_assignments(root):
        raise GradingError(f"no assignment {assignment!r} in {root / 'source'}")
    explicit = bool(students)
    students = sorted(students) if students else submitted_students(assignment, root)
    if not students:
        raise GradingError(f"no submissions of {assignment} in {root / 'submitted'}")
    missing = [s for s in students if not (root / "submitted" / s / assignment).is_dir()]
    if missing:
        raise GradingError(f"no submission of {assignment} for: {', '.join(missing)}")
    if scheduler and not sandbox:
        raise GradingError("grading on a cluster always uses the sandbox: drop --no-sandbox")
    if sandbox and not scheduler:
        try:
            check_available()
        except SandboxUnavailable as exc:
            raise GradingError(str(exc)) from None
    _check_gradebook(root, db_url)
    with course_lock(root):
        clean_stale_jails()
        return _autograde_locked(assignment, root, db_url, students, seed, jobs, progress,
                                 sandbox, regrade or explicit or seed is not None, scheduler)


def _check_gradebook(root: Path, db_url: str | None) -> None:
    from autograder.gradebook import GradebookError, check_course_gradebook

    try:
        check_course_gradebook(root, db_url)
    except GradebookError as exc:
        raise GradingError(str(exc)) from None


def _autograde_locked(assignment, root, db_url, students, seed, jobs, progress, sandbox,
                      regrade, scheduler=None) -> list[Result]:
    if not regrade:
        runs = records(assignment, root)
        done = [s for s in students if _up_to_date(assignment, s, root, runs.get(s, {}))]
        if done and progress:
            print(f"{len(done)} submissions of {assignment} are graded already and unchanged "
                  f"(--regrade grades them again)", file=sys.stderr)
        students = [s for s in students if s not in done]
        if not students:
            return []
    _ensure_assignment(assignment, root, db_url)
    _add_students(students, root, db_url)
    seeds = {s: (seed if seed is not None else secrets.randbelow(2**31)) for s in students}
    with Recorder(assignment, root, students) as recorder:
        if scheduler:
            return _autograde_on_cluster(assignment, root, db_url, students, seeds, progress,
                                         scheduler, recorder)
        return _autograde_pool(assignment, root, db_url, students, seeds, jobs, progress,
                               sandbox, recorder)


def _autograde_pool(assignment, root, db_url, students, seeds, jobs, progress, sandbox,
                    recorder) -> list[Result]:
    # one worker per core, and one more: each worker waits while its kernel starts and stops
    jobs = max(1, min(jobs or (os.cpu_count() or 1) + 1, len(students)))
    bar = Progress(len(students), f"autograding {assignment}", enabled=progress)
    results: dict[str, Result] = {}
    ctx = multiprocessing.get_context("spawn")

    def run(batch: list[str], workers: int) -> list[str]:
        """Grade ``batch`` in a new pool; the students whose worker died."""
        died = []
        with cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                    initializer=_die_with_parent) as pool:
            futures = {pool.submit(_autograde_one, str(root), db_url, assignment, s, seeds[s],
                                   sandbox): s for s in batch}
            for fut in cf.as_completed(futures):
                student = futures[fut]
                try:
                    res = fut.result()
                except Exception:  # noqa: BLE001  (a dead worker must not stop the batch)
                    died.append(student)
                    continue
                results[student] = res
                recorder.add(res)
                bar.step(f"{student} ({res.status}, {res.seconds:.1f} s)")
        return died

    # a worker that dies takes the pool down: grade its batch again, one submission per pool
    for student in run(students, jobs):
        for _ in run([student], 1):
            res = Result(student, seeds[student], False, 0.0, "the grading worker died twice",
                         status="grader error")
            results[student] = res
            recorder.add(res)
            bar.step(f"{student} ({res.status})")
    return [results[s] for s in students]


def _autograde_on_cluster(assignment, root, db_url, students, seeds, progress,
                          scheduler, recorder) -> list[Result]:
    from autograder.cluster import ClusterError, grade_on_cluster

    bar = Progress(len(students), f"autograding {assignment} on {scheduler}", enabled=progress)
    results: dict[str, Result] = {}

    def done(res: Result) -> None:
        results[res.student] = res
        recorder.add(res)
        bar.step(f"{res.student} ({res.status}, {res.seconds:.1f} s)")

    def say(message: str) -> None:
        if progress:
            print(message, file=sys.stderr)

    from sqlalchemy.exc import SQLAlchemyError

    from autograder.gradebook import database_error

    try:
        grade_on_cluster(scheduler, root, db_url, assignment, students, seeds, done, say)
    except ClusterError as exc:
        raise GradingError(str(exc)) from None
    except SQLAlchemyError as exc:  # the gradebook's server went away mid-run
        raise GradingError(f"writing to the gradebook failed: {database_error(exc)}; "
                           f"{len(results)} submissions were saved. Run kit autograde "
                           f"again when the database is back: it grades only what is "
                           f"missing") from None
    return [results[s] for s in students if s in results]


# ------------------------------------------------------------------ results out

def grade_rows(assignment: str, root: Path = REPO_ROOT, db_url: str | None = None) -> list[Row]:
    """Per-task points of every graded submission of ``assignment``, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    config = make_config(root, db_url)
    runs = records(assignment, root)
    rows = []
    with Gradebook(config.CourseDirectory.db_url) as gb:
        try:
            submissions = gb.assignment_submissions(assignment)
        except MissingEntry:
            return []
        for sub in submissions:
            run = runs.get(sub.student.id, {})
            row = Row(sub.student.id, seed=run.get("seed"), status=run.get("status", ""))
            for nb in sub.notebooks:
                for g in nb.grades:
                    task = task_of(g.name)
                    if task:
                        row.tasks[task] = (float(g.score or 0.0), float(g.max_score))
            rows.append(row)
    return sorted(rows, key=lambda r: r.student)


def task_columns(assignment: str) -> list[tuple[str, str]]:
    """(task id, column title) of each graded task, in task order."""
    return [(t.id, f"{t.id} {t.function}") for t in tasks_of(assignment)]


def format_table(assignment: str, rows: list[Row]) -> str:
    """A plain-text grade table: one row per student, one column per task, then the total."""
    cols = [tid for tid, _ in task_columns(assignment)]
    head = ["student"] + cols + ["total", "status"]
    body = []
    for r in rows:
        cells = [r.student]
        for tid in cols:
            score = r.tasks.get(tid)
            cells.append("-" if score is None else f"{score[0]:g}")
        cells += [f"{r.total:g}/{r.max_total:g}", r.status]
        body.append(cells)
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(x).rjust(w) if 0 < i < len(line) - 1 else str(x).ljust(w)
                       for i, (x, w) in enumerate(zip(line, widths))).rstrip()
             for line in [head] + body]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def export_csv(assignment: str, path: Path, root: Path = REPO_ROOT,
               db_url: str | None = None) -> Path:
    """Write one CSV row per student: a column per graded task, the total, the maximum, the seed
    and the grading status.

    Values are quoted by the csv module where needed (a comma or quote in a student id).
    """
    rows = grade_rows(assignment, root, db_url)
    cols = task_columns(assignment)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["student", "assignment"] + [title for _, title in cols]
                   + ["total", "max", "seed", "status"])
        for r in rows:
            w.writerow([r.student, assignment]
                       + [r.tasks[tid][0] if tid in r.tasks else "" for tid, _ in cols]
                       + [r.total, r.max_total, "" if r.seed is None else r.seed, r.status])
    return path


def feedback(assignment: str, root: Path = REPO_ROOT, db_url: str | None = None,
             students: list[str] | None = None) -> list[Path]:
    """HTML feedback per student (nbgrader generate_feedback) in feedback/<student>/<assignment>/."""
    root = Path(root)
    api = make_api(root, db_url)
    students = students or [r.student for r in grade_rows(assignment, root, db_url)]
    paths = []
    for s in students:
        result = nbgrader_quietly(api.generate_feedback, assignment, s, force=True)
        if not result["success"]:
            raise GradingError(f"feedback for {s} failed:\n{result.get('error', '')}")
        paths += sorted((root / "feedback" / s / assignment).glob("*.html"))
    return paths


# ------------------------------------------------------------------ self-study

@dataclass
class TaskReport:
    """One task of a self-graded notebook: points and the harness's feedback text."""

    task: str
    function: str
    score: float
    max_score: float
    feedback: str


class SelfGrade(NamedTuple):
    """The result of ``grade_notebook``."""

    reports: list
    seed: int
    notes: list  # what the grader noticed (restored cells, limits), as in the feedback
    sandboxed: bool


def grade_notebook(path: Path, assignment: str | None = None, seed: int | None = None,
                   root: Path = REPO_ROOT, sandbox: bool | None = None) -> SelfGrade:
    """Grade one filled-in notebook with the same hidden tests, in a throw-away course directory.

    The same path as class grading (intake, sandbox, verdicts outside the kernel), so a learner
    sees the scores and feedback an instructor would produce.

    Args:
        path: the student's .ipynb.
        assignment: its assignment (default: the notebook's file name without .ipynb).
        seed: grading seed (default random).
        root: the kit (its source/ provides the hidden tests).
        sandbox: True: require the sandbox; False: grade without it; None: use it when this
            machine can (a learner grading their own notebook may trust it).
    """
    import nbformat

    path = Path(path)
    if not path.is_file():
        raise GradingError(f"no such notebook: {path}")
    assignment = assignment or path.stem
    source = Path(root) / "source" / assignment
    if not source.is_dir():
        raise GradingError(
            f"cannot tell which assignment {path.name} belongs to: no source/{assignment}/; "
            f"pass --assignment (one of {', '.join(list_assignments(root))})")
    notebooks = sorted(p.name for p in source.glob("*.ipynb"))
    if path.name not in notebooks:
        target_name = notebooks[0] if len(notebooks) == 1 else None
        if target_name is None:
            raise GradingError(f"{path.name} is not one of {notebooks}")
    else:
        target_name = path.name
    try:
        nbformat.read(str(path), as_version=4)
    except Exception as exc:  # noqa: BLE001  (any unreadable file gets the same clear error)
        raise GradingError(f"{path} is not a readable notebook: {exc}") from None
    from autograder.sandbox import SandboxUnavailable, available, check_available

    if sandbox is None:
        sandbox = available()
    elif sandbox:
        try:
            check_available()
        except SandboxUnavailable as exc:
            raise GradingError(str(exc)) from None
    seed = secrets.randbelow(2**31) if seed is None else seed
    with tempfile.TemporaryDirectory(prefix="kit-grade-") as tmp:
        tmp = Path(tmp)
        shutil.copytree(source, tmp / "source" / assignment)
        db_url = f"sqlite:///{tmp / 'gradebook.db'}"
        build([assignment], tmp, db_url, say=lambda *_: None)
        dest = tmp / "submitted" / "me" / assignment
        dest.mkdir(parents=True)
        shutil.copy(path, dest / target_name)
        res = _autograde_one(str(tmp), db_url, assignment, "me", seed, sandbox)
        if not res.success:
            raise GradingError(f"grading failed:\n{res.error}")
        graded = nbformat.read(str(tmp / "autograded" / "me" / assignment / target_name),
                               as_version=4)
        reports = reports_from_notebook(graded, assignment)
    return SelfGrade(reports, seed, res.notes, sandbox)


def reports_from_notebook(nb, assignment: str) -> list[TaskReport]:
    from nbgrader.utils import determine_grade, is_grade

    by_id = {t.id: t for t in tasks_of(assignment)}
    reports = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_grade(cell):
            continue
        tid = task_of(cell.metadata["nbgrader"].get("grade_id", ""))
        if tid is None:
            continue
        score, max_score = determine_grade(cell)
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors:
            text += f"\nThe cell raised {errors[0].ename}: {errors[0].evalue}"
        func = by_id[tid].function if tid in by_id else "?"
        reports.append(TaskReport(tid, func, float(score or 0.0), float(max_score), text.strip()))
    return reports
