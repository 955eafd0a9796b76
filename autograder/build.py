"""Build release/ from source/ through nbgrader and prove that nothing secret reached it.

``nbgrader generate_assignment`` does the work (with ``NamedStubs``: stubs that name their task);
``release_problems`` then checks every released file for solution text, hidden tests, and any
mention of the instructor-side ``autograder`` package.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import warnings
from pathlib import Path

from autograder.config import REPO_ROOT, make_config

FORBIDDEN = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS",
             "autograder")


class BuildError(RuntimeError):
    """generate_assignment failed, or its output holds something students must not see."""


def list_assignments(root: Path = REPO_ROOT) -> list[str]:
    """Assignments authored in source/, sorted."""
    src = Path(root) / "source"
    return sorted(p.name for p in src.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def make_api(root: Path = REPO_ROOT, db_url: str | None = None, extra=None):
    """An ``nbgrader.apps.NbGraderAPI`` on the course directory ``root`` (``extra``: more
    config for this one use); its log stays quiet."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _tools_on_path()
    config = make_config(root, db_url, extra)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    api.log.setLevel(logging.ERROR)
    return api


def ensure_exchange(config) -> Path:
    """Create the course's exchange folder if it is missing: writable by every user of the
    machine, with the sticky bit (as nbgrader's documentation sets up /srv/nbgrader/exchange)."""
    path = Path(config.Exchange.root)
    if not path.is_dir():
        path.mkdir(parents=True)
        path.chmod(0o1777)
    return path


def nbgrader_quietly(call, *args, **kwargs):
    """Call an NbGraderAPI method with nbgrader's own SQLAlchemy/nbformat warnings silenced.

    They are noise for a kit user, and SQLAlchemy's SAWarning is a RuntimeWarning, which the
    test suite turns into an error.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


def _tools_on_path() -> None:
    """nbgrader runs `alembic` from PATH: make this interpreter's scripts folder findable."""
    scripts = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = scripts + (os.pathsep + path if path else "")


def _cell_text(cell: dict) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else source


def _solution_lines(source_nb: Path) -> set[str]:
    """Lines of solution code that must never appear in the release.

    A line counts when it lies inside a BEGIN/END SOLUTION region, does real work (an assignment
    or a return, at least 16 characters) and is not also part of a solution cell's given skeleton
    outside the region (like ``new_parameters = {}``).
    """
    inside, skeleton = set(), set()
    nb = json.loads(source_nb.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        in_region = False
        for line in _cell_text(cell).splitlines():
            stripped = line.strip()
            if "BEGIN SOLUTION" in stripped:
                in_region = True
            elif "END SOLUTION" in stripped:
                in_region = False
            elif in_region:
                inside.add(stripped)
            elif cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
                skeleton.add(stripped)
    return {line for line in inside - skeleton
            if len(line) >= 16 and ("=" in line or line.startswith("return "))
            and not line.startswith("#")}


def release_problems(assignment: str, root: Path = REPO_ROOT) -> list[str]:
    """Everything in release/<assignment> that must not be there (empty list: clean)."""
    root = Path(root)
    release = root / "release" / assignment
    problems: list[str] = []
    if not release.is_dir():
        return [f"{release} does not exist"]
    secrets: set[str] = set()
    for source_nb in (root / "source" / assignment).glob("*.ipynb"):
        secrets |= _solution_lines(source_nb)
    for path in sorted(release.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root)
        if path.suffix == ".py":
            problems.append(f"{rel}: Python file in the release (reference code?)")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        problems += [f"{rel}: contains {marker!r}" for marker in FORBIDDEN if marker in text]
        if path.suffix == ".ipynb":
            nb = json.loads(text)
            sources = "\n".join(_cell_text(c) for c in nb["cells"])
            lines = {line.strip() for line in sources.splitlines()}
            problems += [f"{rel}: solution line leaked: {line!r}"
                         for line in sorted(secrets & lines)]
            if any(c.get("outputs") for c in nb["cells"]):
                problems.append(f"{rel}: has outputs")
    return problems


def build(assignments: list[str] | None = None, root: Path = REPO_ROOT,
          db_url: str | None = None, say=print) -> list[str]:
    """Generate release/<assignment> for each assignment (all by default) and check it.

    Returns:
        the assignments built.
    Raises:
        BuildError: nbgrader failed, or a release leaks solutions or hidden tests (that release is
        removed).
    """
    root = Path(root)
    names = assignments or list_assignments(root)
    known = set(list_assignments(root))
    unknown = [a for a in names if a not in known]
    if unknown:
        raise BuildError(f"no such assignment in source/: {', '.join(unknown)}; "
                         f"known: {', '.join(sorted(known))}")
    api = make_api(root, db_url)
    ensure_exchange(api.config)
    for name in names:
        result = nbgrader_quietly(api.generate_assignment, name, force=True, create=True)
        if not result["success"]:
            raise BuildError(f"nbgrader generate_assignment {name} failed:\n"
                             f"{result.get('log', '')}{result.get('error', '')}")
        problems = release_problems(name, root)
        if problems:
            shutil.rmtree(root / "release" / name, ignore_errors=True)
            raise BuildError(f"release/{name} is not safe to publish, removed it:\n  "
                             + "\n  ".join(problems))
        say(f"built release/{name}")
    return names
