"""Real services for the tests: a PostgreSQL server (and where the Dask cluster comes from).

PostgreSQL is Debian's server, run by pytest-postgresql's executor (through ``pg_ctl.sh``, which
drops root to the ``postgres`` user); each test gets its own database from pytest-postgresql's
janitor. The Dask cluster of the tests is ``autograder.bench_cluster.DaskCluster``: a scheduler and
workers started as separate processes with Dask's own ``dask scheduler`` and ``dask worker``
commands, on the loopback interface.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
