"""Real services for the tests: a PostgreSQL server and a multi-process Dask cluster.

PostgreSQL is Debian's server, run by pytest-postgresql's executor (through ``pg_ctl.sh``, which
drops root to the ``postgres`` user); each test gets its own database from pytest-postgresql's
janitor. The Dask cluster is a scheduler and workers started as separate processes with Dask's
own ``dask scheduler`` and ``dask worker`` commands, on the loopback interface.
"""
from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DASK = str(Path(sys.executable).parent / "dask")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_missing() -> str | None:
    """Why no PostgreSQL server can be started here, or None."""
    if not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        return "Debian's postgresql package is not installed (make system installs it)"
    try:
        import pytest_postgresql  # noqa: F401
    except ImportError:
        return "pytest-postgresql is not installed (pip install -e '.[dev]')"
    return None


@contextlib.contextmanager
def postgres_server():
    """A PostgreSQL server on 127.0.0.1 for the block; yields its executor."""
    from pytest_postgresql.executors import PostgreSQLExecutor

    base = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    executor = PostgreSQLExecutor(
        executable=str(HERE / "pg_ctl.sh"), host="127.0.0.1", port=free_port(),
        datadir=str(base / "data"), unixsocketdir=str(base), logfile=str(base / "server.log"),
        startparams="-w", dbname="kit", user="postgres", timeout=60)
    executor.start()
    try:
        yield executor
    finally:
        try:
            executor.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


def new_database(executor, name: str) -> str:
    """Create database ``name`` on the server (pytest-postgresql's janitor); its URL."""
    from pytest_postgresql.janitor import DatabaseJanitor

    DatabaseJanitor(user=executor.user, host=executor.host, port=executor.port,
                    dbname=name, password=None).init()
    return f"postgresql://{executor.user}@{executor.host}:{executor.port}/{name}"


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
