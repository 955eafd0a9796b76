"""Throughput of cluster grading (a script, not a test): ``python -m autograder.bench_cluster``.

Starts a Dask scheduler and 1, then 2, one-thread workers on this machine with Dask's own
commands (``dask scheduler``, ``dask worker``), grades a synthetic class (the sample scenarios
repeated, as ``bench_grading`` makes it) with ``kit autograde --scheduler`` on a fresh SQLite or
``--db-url`` gradebook, and prints submissions per minute and core-seconds per submission: the
whole machine's (from /proc/stat), and the client's own (its process's CPU time: receiving
results, writing graded notebooks, feedback and gradebook rows). From those it estimates the time
for 10,000 submissions of every assignment on N workers.

Run it on a machine that is otherwise idle.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder import grading
from autograder.bench_grading import _busy_seconds, synthetic_class
from autograder.build import build
from autograder.config import REPO_ROOT

DASK = str(Path(sys.executable).parent / "dask")


class DaskCluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, each in its own process
    group (so that killing one kills its grading processes too)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.file = self.folder / "scheduler.json"
        self.procs: dict[str, subprocess.Popen] = {}
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(self.file)])
        deadline = time.monotonic() + 60
        while not self.file.exists():
            if time.monotonic() > deadline or self.procs["scheduler"].poll() is not None:
                raise RuntimeError("the Dask scheduler did not start:\n" + self.log("scheduler"))
            time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]

    def _start(self, name: str, cmd: list[str], env: dict | None = None) -> None:
        out = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115  (the process keeps it)
        self.procs[name] = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                            env=env, start_new_session=True)
        out.close()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def add_worker(self, name: str, env: dict | None = None, nthreads: int = 1) -> None:
        self._start(name, [DASK, "worker", self.address, "--name", name, "--nthreads",
                           str(nthreads), "--no-nanny", "--no-dashboard"],
                    env=env)

    def wait_workers(self, n: int, timeout: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(n, timeout=timeout)

    def addresses(self) -> dict[str, str]:
        """worker name -> address, as the scheduler knows them."""
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:
            return {w["name"]: a for a, w in client.scheduler_info(n_workers=-1)["workers"].items()}

    def processing(self, name: str) -> int:
        """How many tasks worker ``name`` is running or holds now."""
        from distributed import Client

        address = self.addresses()[name]
        with Client(self.address, timeout=30, set_as_default=False) as client:
            return len(client.processing([address]).get(address, ()))

    def kill(self, name: str) -> None:
        """SIGKILL a process and its group, as when its machine is lost."""
        proc = self.procs.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for name in [n for n in self.procs if n != "scheduler"] + ["scheduler"]:
            if name in self.procs:
                self.kill(name)


def time_cluster(assignment: str, size: int, workers: int, db_url: str | None = None) -> dict:
    """Grade a synthetic class of ``size`` on a new cluster of ``workers`` one-thread workers."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(REPO_ROOT / "source", tmp / "course" / "source")
        root = tmp / "course"
        build([assignment], root, db_url, say=lambda *_: None)
        students = synthetic_class(assignment, root, size)
        cluster = DaskCluster(tmp / "dask")
        try:
            for i in range(workers):
                cluster.add_worker(f"w{i + 1}")
            cluster.wait_workers(workers)
            busy, start, own = _busy_seconds(), time.perf_counter(), time.process_time()
            results = grading.autograde(assignment, root, db_url, progress=False,
                                        scheduler=cluster.address)
            wall = time.perf_counter() - start
            core, client = _busy_seconds() - busy, time.process_time() - own
        finally:
            cluster.stop()
    n = len(students)
    return {"assignment": assignment, "workers": workers, "n": n, "wall": wall,
            "per_minute": 60 * n / wall, "core": core / n, "client": client / n,
            "failed": sum(1 for r in results if not r.success)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--assignment", default="w2_optimizers")
    p.add_argument("--class-size", type=int, default=40)
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    p.add_argument("--db-url", help="gradebook URL (default: SQLite in a temporary course)")
    p.add_argument("--json", help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    print(f"cores: {os.cpu_count()}; {args.class_size} submissions of {args.assignment}")
    rows = []
    for n in args.workers:
        r = time_cluster(args.assignment, args.class_size, n, args.db_url)
        rows.append(r)
        print(f"  {n} worker(s): {r['wall']:6.1f} s, {r['per_minute']:5.1f} submissions/min, "
              f"{r['core']:.2f} core-s per submission (client {r['client']:.3f}), "
              f"{r['failed']} failed", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
