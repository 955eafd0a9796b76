"""Grading on a Dask distributed cluster: ``kit autograde ASSIGNMENT --scheduler tcp://HOST:PORT``.

The client (the instructor's ``kit``) and the workers share no filesystem. For each submission
the client sends a task with the submission's files and its grading seed; the assignment's source
notebooks and the course's grading settings (the sandbox's limits, the cell timeout) go to the
workers once. A worker grades the submission exactly as local grading does (``grading.
_autograde_one``: intake, the sandbox, verdicts outside the kernel) in a throw-away course
folder with its own SQLite gradebook, writes the HTML feedback, and returns the graded
notebook, the feedback page and the scores. The client alone writes them: the graded notebook
and feedback into the course folder, the scores into the course's gradebook (nbgrader's
SQLAlchemy gradebook: SQLite or PostgreSQL), then the record in ``grading.json``. Each
submission's result is taken once, so each grade is written once even when Dask runs a task
twice (a worker lost mid-task has its tasks run again on another worker).

Workers need the same kit as the client (same grading code, nbgrader and numpy: checked) and
bubblewrap. When the client connects it registers the ``KitGrader`` plugin on every worker
(and on workers that join later): a worker that can set up the sandbox and runs the same kit
offers the resource ``kit_grader`` (one unit per thread), and tasks need one unit, so a worker
that cannot sandbox never receives one; it logs why, and the client prints why.

Start a cluster by hand (README: "Grading on a cluster"):

    dask scheduler --port 8786
    dask worker tcp://SCHEDULER:8786 --nthreads 2     # on each machine with the kit installed
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures as cf
import dataclasses
import hashlib
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.config import REPO_ROOT

RESOURCE = "kit_grader"
PLUGIN = "kit-grader"
CONNECT_TIMEOUT = 15  # seconds to reach the scheduler
# How long the client waits with submissions left and no worker that can grade them.
PATIENCE = float(os.environ.get("KIT_CLUSTER_PATIENCE", "300"))
# The course's settings that grading reads (nbgrader_config.py); sent to the workers.
SETTINGS = ("Sandbox", "Execute", "LimitOutput")

log = logging.getLogger("distributed.kit")


class ClusterError(RuntimeError):
    """The cluster cannot grade: unreachable, no worker able to grade, ..."""


# ------------------------------------------------------------------ what a worker must have

def fingerprint(root: Path = REPO_ROOT) -> str:
    """sha256 of what decides a grade on a machine: the kit's grading code, the given course
    code and data, and the versions of Python, nbgrader and numpy."""
    import nbgrader
    import numpy

    digest = hashlib.sha256()
    digest.update(f"{sys.version_info[:2]} {nbgrader.__version__} "
                  f"{numpy.__version__}".encode())
    files = [p for top in ("autograder", "course", "datasets")
             for p in sorted((Path(root) / top).rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts
             and p.suffix in {".py", ".csv", ".npz", ".json", ".txt", ".h5", ".npy"}
             and "sample_class" not in p.parts]
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def refusal(expected: str) -> str | None:
    """Why this machine cannot grade for a client whose kit has ``expected`` fingerprint, or
    None when it can."""
    from autograder.sandbox import probe

    why = probe()
    if why:
        return f"the sandbox cannot be set up: {why}"
    mine = fingerprint()
    if mine != expected:
        return (f"it runs another version of the kit, nbgrader or numpy than the client "
                f"(worker {mine[:10]}, client {expected[:10]}): install the same on every "
                f"worker")
    return None


try:
    from distributed import WorkerPlugin
except ImportError:  # the cluster extra is not installed: local grading needs none of this
    WorkerPlugin = object


class KitGrader(WorkerPlugin):
    """Registered by the client on every worker: offers ``kit_grader`` only where grading can
    run (sandbox and the client's kit)."""

    name = PLUGIN

    def __init__(self, expected: str):
        self.expected = expected

    async def setup(self, worker):
        why = await asyncio.get_running_loop().run_in_executor(None, refusal, self.expected)
        worker.kit_refusal = why
        threads = getattr(worker.state, "nthreads", 1)
        if why:
            log.error("kit: this worker refuses grading work: %s", why)
            threads = 0
        else:
            log.info("kit: grading %d submission(s) at a time, sandboxed", threads)
        await worker.set_resources(**{RESOURCE: threads})


def worker_refusal(dask_worker) -> str | None:
    """``client.run`` probe: the worker's refusal (None when it grades)."""
    return getattr(dask_worker, "kit_refusal", "the kit's plugin has not run on it")


# ------------------------------------------------------------------ worker side

_POOL: cf.ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
_TEMPLATES: dict[str, Path] = {}


def _watch_parent() -> None:
    """Grading process start-up: end when the Dask worker that started it is gone (however it
    ended), taking the submission's sandbox with it."""
    parent = os.getppid()

    def watch():
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True).start()


def _pool(size: int) -> cf.ProcessPoolExecutor:
    """The worker's grading processes (made once, reused for every task)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = cf.ProcessPoolExecutor(max_workers=max(1, size),
                                           mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_watch_parent)
        return _POOL


def _drop_pool(pool) -> None:
    global _POOL
    with _POOL_LOCK:
        if _POOL is pool:
            _POOL = None
    pool.shutdown(wait=False, cancel_futures=True)


def grade_task(common: dict, submission: dict) -> dict:
    """The Dask task: grade one submission in one of this worker's grading processes."""
    from distributed import get_worker

    worker = get_worker()
    why = getattr(worker, "kit_refusal", "the kit's plugin has not run on it")
    if why:
        raise ClusterError(f"worker {worker.address} refuses grading work: {why}")
    pool = _pool(getattr(worker.state, "nthreads", 1))
    try:
        out = pool.submit(grade_in_process, common, submission).result()
        out["result"]["worker"] = worker.address
        return out
    except cf.process.BrokenProcessPool:
        _drop_pool(pool)  # a grading process died: the next task gets a new pool
        raise ClusterError(f"the grading process on worker {worker.address} died") from None


def _settings_file(settings: dict) -> str:
    lines = ['"""Written by the kit for one cluster task: the client course\'s settings."""',
             "from pathlib import Path", "", "from autograder.config import configure", "",
             "c = get_config()  # noqa: F821"]
    for section, values in sorted(settings.items()):
        for key, value in sorted(values.items()):
            lines.append(f"c.{section}.{key} = {value!r}")
    lines.append("configure(c, Path(__file__).resolve().parent)")
    return "\n".join(lines) + "\n"


def _template(common: dict) -> Path:
    """A course folder with the assignment built into its own SQLite gradebook, made once per
    grading process and assignment version."""
    from autograder.build import build
    from autograder.config import sqlite_url

    key = common["key"]
    if key not in _TEMPLATES:
        root = Path(tempfile.mkdtemp(prefix="kit-template-"))
        for rel, data in common["source"].items():
            dest = root / "source" / common["assignment"] / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        (root / "nbgrader_config.py").write_text(_settings_file(common["settings"]))
        build([common["assignment"]], root, sqlite_url(root / "gradebook.db"),
              say=lambda *_: None)
        _TEMPLATES[key] = root
        atexit.register(shutil.rmtree, root, True)
    return _TEMPLATES[key]


def _inside(base: Path, rel: str) -> Path | None:
    """``base / rel`` when that stays inside ``base`` (no absolute path, no ``..``), else None."""
    target = (base / rel).resolve()
    return target if target.is_relative_to(base.resolve()) and target != base.resolve() else None


def _read_files(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def _scores(db_url: str, assignment: str, student: str) -> dict:
    """What nbgrader's autograde wrote for one submission: per notebook, each grade's automatic
    score, each comment's automatic text, the late penalty; and the submission's time."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gb:
        sub = gb.find_submission(assignment, student)
        return {"timestamp": sub.timestamp.isoformat() if sub.timestamp else None,
                "notebooks": {nb.name: {
                    "grades": {g.name: g.auto_score for g in nb.grades},
                    "comments": {c.name: c.auto_comment for c in nb.comments},
                    "late_submission_penalty": nb.late_submission_penalty,
                } for nb in sub.notebooks}}


def grade_in_process(common: dict, submission: dict) -> dict:
    """Grade one submission in a fresh copy of the template course; everything the client
    needs comes back as data (graded files, feedback files, scores, the Result)."""
    from autograder.build import make_api, nbgrader_quietly
    from autograder.config import sqlite_url
    from autograder.grading import _autograde_one
    from autograder.intake import INTAKE, Intake

    assignment, student = common["assignment"], submission["student"]
    work = Path(tempfile.mkdtemp(prefix="kit-task-"))
    try:
        shutil.copytree(_template(common), work, dirs_exist_ok=True)
        dest = work / INTAKE / student / assignment  # taken in by the client
        dest.mkdir(parents=True)
        for rel, data in submission["files"].items():
            target = _inside(dest, rel)
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        db_url = sqlite_url(work / "gradebook.db")
        res = _autograde_one(str(work), db_url, assignment, student, submission["seed"],
                             taken=Intake(**submission["intake"]))
        out = {"result": dataclasses.asdict(res), "autograded": {}, "feedback": {},
               "scores": None, "host": os.uname().nodename}
        if res.success:
            out["autograded"] = _read_files(work / "autograded" / student / assignment)
            out["scores"] = _scores(db_url, assignment, student)
            made = nbgrader_quietly(make_api(work, db_url).generate_feedback, assignment,
                                    student, force=True)
            if made["success"]:
                out["feedback"] = _read_files(work / "feedback" / student / assignment)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------ client side

def connect(address: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask client of the scheduler at ``address``; ClusterError when it cannot be reached."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("grading on a cluster needs Dask's distributed package, which is not "
                           "installed: pip install -e '.[cluster]'") from None
    if "://" not in address:
        address = f"tcp://{address}"
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}. Is it "
                           f"running? Start one with `dask scheduler` (README: \"Grading on "
                           f"a cluster\")") from None


def graders(client) -> dict[str, float]:
    """Workers offering ``kit_grader`` now: address -> units."""
    info = client.scheduler_info(n_workers=-1)["workers"]
    return {addr: w.get("resources", {}).get(RESOURCE, 0) for addr, w in info.items()
            if w.get("resources", {}).get(RESOURCE, 0) > 0}


def setup_workers(client, say) -> dict[str, float]:
    """Register the plugin on every worker; say which refuse and why. ClusterError when none
    can grade."""
    address = client.scheduler.address
    try:
        client.register_plugin(KitGrader(fingerprint()), name=PLUGIN)
    except Exception as exc:  # noqa: BLE001  (a worker without the kit cannot unpickle it)
        raise ClusterError(f"the workers of {address} cannot load the kit ({type(exc).__name__}:"
                           f" {exc}); install the kit on every worker: pip install -e "
                           f"'.[cluster]'") from None
    refusals = {a: w for a, w in client.run(worker_refusal).items() if w}
    for addr, why in sorted(refusals.items()):
        say(f"worker {addr} refuses grading work: {why}")
    able = graders(client)
    if not able:
        if not refusals:
            raise ClusterError(f"the Dask scheduler at {address} has no workers; start some "
                               f"with `dask worker {address}`")
        raise ClusterError(f"no worker of the cluster at {address} can grade: "
                           + "; ".join(f"{a}: {w}" for a, w in sorted(refusals.items())))
    return able


def common_bundle(root: Path, assignment: str) -> dict:
    """What every task of an assignment needs: its source files and the course's settings."""
    from autograder.config import make_config

    source = Path(root) / "source" / assignment
    files = _read_files(source)
    files = {k: v for k, v in files.items() if ".ipynb_checkpoints" not in k}
    config = make_config(root)
    settings = {section: {k: v for k, v in config[section].items()
                          if isinstance(v, (bool, int, float, str))}
                for section in SETTINGS if section in config}
    digest = hashlib.sha256(repr(sorted(settings.items())).encode())
    for rel, data in sorted(files.items()):
        digest.update(rel.encode() + b"\0" + data)
    return {"assignment": assignment, "source": files, "settings": settings,
            "key": f"{assignment}-{digest.hexdigest()[:16]}"}


def submission_bundle(root: Path, assignment: str, student: str, seed: int) -> dict:
    """One task's data: the submission as intake leaves it (here, on the client: repaired,
    regular files only, within the size limits), what intake noted, and the seed."""
    from autograder.intake import INTAKE, take_in

    taken = take_in(Path(root), assignment, student)
    folder = Path(root) / INTAKE / student / assignment
    files = _read_files(folder)
    shutil.rmtree(folder, ignore_errors=True)
    return {"student": student, "seed": seed, "files": files,
            "intake": dataclasses.asdict(taken)}


def save(root: Path, gb, assignment: str, out: dict):
    """Write one graded submission on the client: graded notebook and feedback folders whole
    (replaced, never half-written), then its scores into the gradebook ``gb`` (nbgrader's
    ``Gradebook``) in one transaction. Returns its ``grading.Result``."""
    from autograder.grading import Result

    res = Result(**out["result"])
    if not res.success:
        return res
    for top, files in (("autograded", out["autograded"]), ("feedback", out["feedback"])):
        _replace_folder(Path(root) / top / res.student / assignment, files)
    scores = out["scores"]
    gb.update_or_create_student(res.student)
    extra = {"timestamp": scores["timestamp"]} if scores["timestamp"] else {}
    sub = gb.update_or_create_submission(assignment, res.student, **extra)
    for nb in sub.notebooks:
        got = scores["notebooks"].get(nb.name)
        if got is None:
            continue
        for grade in nb.grades:
            if grade.name in got["grades"]:
                grade.auto_score = got["grades"][grade.name]
                grade.needs_manual_grade = (grade.manual_score is not None
                                            or grade.auto_score is None)
        for comment in nb.comments:
            if comment.name in got["comments"]:
                comment.auto_comment = got["comments"][comment.name]
        nb.late_submission_penalty = got["late_submission_penalty"]
    gb.db.commit()
    return res


def _replace_folder(folder: Path, files: dict) -> None:
    new = folder.with_name(folder.name + ".kit-new")
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    for rel, data in files.items():
        target = _inside(new, rel)
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    old = folder.with_name(folder.name + ".kit-old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def grade_on_cluster(address: str, root: Path, db_url: str | None, assignment: str,
                     students: list[str], seeds: dict, done, say) -> None:
    """Grade ``students`` on the cluster at ``address``; ``done(result)`` is called once per
    student, in the order results arrive.

    Submissions go out in a window of twice the cluster's grading slots (at least 8), topped up
    as results come back, so that neither the client nor the scheduler holds a whole large
    class in memory, and intake on the client keeps pace with the workers.
    """
    from distributed import wait
    from nbgrader.api import Gradebook

    from autograder.config import make_config

    config = make_config(root, db_url).CourseDirectory
    client = connect(address)
    gb = None
    try:
        gb = Gradebook(config.db_url, config.course_id)  # one connection for the whole run
        slots = setup_workers(client, say)
        [common] = client.scatter([common_bundle(root, assignment)], broadcast=True, hash=False)
        run = f"{os.getpid()}-{time.time_ns()}"
        queue = list(students)
        futures: dict = {}
        window, checked, idle_since = max(8, 2 * int(sum(slots.values()))), time.monotonic(), None
        while queue or futures:
            while queue and len(futures) < window:
                s = queue.pop(0)
                futures[client.submit(grade_task, common,
                                      submission_bundle(root, assignment, s, seeds[s]),
                                      key=f"kit-{assignment}-{s}-{run}", pure=False,
                                      resources={RESOURCE: 1})] = s
            try:
                with client.as_current():
                    finished, _ = wait(list(futures), timeout=10, return_when="FIRST_COMPLETED")
            except TimeoutError:
                finished = set()
            for fut in finished:
                done(_collect(root, gb, assignment, futures.pop(fut), fut, seeds))
            if finished:
                idle_since = None
            if time.monotonic() - checked > 30 or not finished:
                slots, checked = graders(client), time.monotonic()
                window = max(8, 2 * int(sum(slots.values())))
                if slots:
                    idle_since = None
                elif idle_since is None:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > PATIENCE:
                    raise ClusterError(
                        f"no worker of {address} that can grade has been connected for "
                        f"{PATIENCE:.0f} s; {len(queue) + len(futures)} submissions are not "
                        f"graded yet. Start workers and run kit autograde again: it grades only "
                        f"what is missing")
    finally:
        client.close()
        if gb is not None:
            gb.close()


def _collect(root: Path, gb, assignment: str, student: str, fut, seeds: dict):
    """One finished task's Result, its graded files and scores saved (a failed task: a grader
    error, graded again by the next run)."""
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    from autograder.grading import Result

    try:
        return save(root, gb, assignment, fut.result())
    except KilledWorker:
        why = "its grading ended the Dask worker each time it ran (Dask's allowed-failures)"
    except (ClusterError, FutureCancelledError, OSError) as exc:
        why = str(exc) or type(exc).__name__
    finally:
        fut.release()
    return Result(student, seeds[student], False, 0.0, why, status="grader error")
