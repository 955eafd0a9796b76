"""The gradebook's database: nbgrader's SQLAlchemy gradebook, SQLite (default) or PostgreSQL.

``check_gradebook`` runs before any ``kit`` command touches the gradebook, so that a wrong URL, a
server that cannot be reached, a missing driver or the database of another course stop the
command with one clear sentence instead of a traceback from deep inside nbgrader.

A course is named by nbgrader's ``CourseDirectory.course_id`` (``nbgrader_config.py``; the kit's
default is ``autograder.config.COURSE_ID``). nbgrader records it with every assignment; a
database holding another course's assignments is refused, because nbgrader looks assignments
up by name only and the two courses would overwrite each other's grades.
"""
from __future__ import annotations

CLUSTER_EXTRA = "pip install -e '.[cluster]'"


class GradebookError(RuntimeError):
    """The gradebook's database cannot be used: the message says why and what to do."""


def shown_url(db_url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001  (an unparsable URL is shown as given)
        return db_url


def database_error(exc: Exception) -> str:
    """The first line of what the database driver said, for a one-sentence message."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_gradebook(db_url: str, course_id: str, timeout: int = 10) -> None:
    """Connect to the gradebook at ``db_url`` and check that it is ``course_id``'s (or empty).

    Raises:
        GradebookError: the URL is malformed or of an unknown kind, its driver is not
            installed, the server cannot be reached or refuses the login, or the database
            holds another course's assignments.
    """
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    example = ("sqlite:///PATH/gradebook.db or "
               "postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
    try:
        url = make_url(db_url)
    except ArgumentError:
        raise GradebookError(f"{db_url!r} is not a database URL; use {example}") from None
    shown = url.render_as_string(hide_password=True)
    args = {"connect_timeout": timeout} if url.get_backend_name() == "postgresql" else {}
    try:
        engine = create_engine(url, connect_args=args)
    except NoSuchModuleError:
        raise GradebookError(f"{shown}: unknown kind of database {url.drivername!r}; use "
                             f"{example}") from None
    except ModuleNotFoundError as exc:
        raise GradebookError(f"the gradebook at {shown} needs the Python package {exc.name}, "
                             f"which is not installed: {CLUSTER_EXTRA}") from None
    others: list[str] = []
    try:
        with engine.connect() as conn:
            if "assignment" in inspect(conn).get_table_names():
                rows = conn.execute(text("SELECT DISTINCT course_id FROM assignment"))
                others = sorted({r[0] for r in rows} - {course_id})
    except SQLAlchemyError as exc:
        raise GradebookError(f"cannot open the gradebook at {shown}: "
                             f"{database_error(exc)}") from None
    finally:
        engine.dispose()
    if others:
        raise GradebookError(
            f"the gradebook at {shown} holds the assignments of another course "
            f"({', '.join(others)}), not of this course ({course_id}). Give each course its own "
            f"database; if it is this course under another name, set "
            f"c.CourseDirectory.course_id = {others[0]!r} in the course's nbgrader_config.py")


def check_course_gradebook(root, db_url: str | None = None) -> str:
    """``check_gradebook`` for the course folder ``root`` (its configured URL and course id);
    returns the URL."""
    from autograder.config import make_config

    config = make_config(root, db_url)
    url = config.CourseDirectory.db_url
    check_gradebook(url, config.CourseDirectory.course_id)
    return url
