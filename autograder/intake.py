"""Before nbgrader sees a submission: repair what can be repaired in its files, refuse the rest.

nbgrader stops with an error (and the student gets no report) on a notebook that is not valid
JSON, is empty, has another name, or is too old a format; and it copies every file of the
submission, following symbolic links, into the folder the kernel runs in. ``take_in`` makes a
clean copy of one submission in ``.kit/intake/<student>/<assignment>/`` (nbgrader's
``submitted_directory`` for ``kit autograde``), leaving ``submitted/`` untouched:

* regular files only (no links, no devices), within size limits;
* each notebook of the release under its release name (a single notebook with another name is
  taken as it), upgraded to nbformat 4;
* a notebook that cannot be read is replaced by the release notebook, so that the student still
  gets a graded notebook, zero points and a feedback page that says what happened and what to do.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import nbformat.validator

INTAKE = ".kit/intake"
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 200
WHAT_TO_DO = ("What to do: fetch a fresh copy of the assignment (the Assignments tab in "
              "JupyterLab, or release/{assignment}/ of the course), copy your code into it, save "
              "it, check that it opens in JupyterLab, and submit again.")


@dataclass
class Intake:
    """What ``take_in`` did to one submission."""

    notes: list = field(default_factory=list)
    not_gradable: bool = False


def _read_notebook(path: Path):
    """(notebook, "") or (None, why it cannot be read, in words)."""
    size = path.stat().st_size
    if size == 0:
        return None, "the file is empty"
    if size > MAX_NOTEBOOK_BYTES:
        return None, (f"the file is {size / 1e6:.0f} MB, more than the "
                      f"{MAX_NOTEBOOK_BYTES / 1e6:.0f} MB a notebook may have")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, "the file is not text (UTF-8): it is not a notebook"
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, (f"the file is not valid JSON ({exc.msg} at line {exc.lineno}); it was "
                      f"probably damaged or edited outside JupyterLab")
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        return None, "the file is JSON but not a notebook"
    try:
        nb = nbformat.reads(text, as_version=4)
        _changes, fixed = nbformat.validator.normalize(nb, strip_invalid_metadata=True)
        nb = nbformat.from_dict(fixed)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001  (nbformat raises many kinds)
        return None, (f"the notebook's format is not readable ({type(exc).__name__}: "
                      f"{str(exc)[:120]})")
    return nb, ""


def take_in(root: Path, assignment: str, student: str) -> Intake:
    """Copy ``submitted/<student>/<assignment>`` to ``.kit/intake/...``, repaired; what was done."""
    root = Path(root)
    src = root / "submitted" / student / assignment
    dest = root / INTAKE / student / assignment
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    result = Intake()
    release = sorted((root / "release" / assignment).glob("*.ipynb"))
    names = {p.name for p in release}
    kept = 0
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if any(part.startswith(".ipynb_checkpoints") for part in rel.parts):
            continue
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            result.notes.append(f"{rel} is a link or a special file; it was not used")
            continue
        if path.is_dir() or path.suffix == ".ipynb":
            continue
        if path.stat().st_size > MAX_FILE_BYTES or kept >= MAX_FILES:
            result.notes.append(f"{rel} was not used (files may have at most "
                                f"{MAX_FILE_BYTES / 1e6:.0f} MB, {MAX_FILES} files in all)")
            continue
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest / rel)
        kept += 1
    others = sorted(p for p in src.glob("*.ipynb")
                    if p.name not in names and p.is_file() and not p.is_symlink())
    for release_nb in release:
        path = src / release_nb.name
        if not path.is_file() or path.is_symlink():
            if len(others) == 1 and len(release) == 1:
                path = others[0]
                result.notes.append(f"your notebook was named {path.name}; it was graded as "
                                    f"{release_nb.name}")
            else:
                path = None
        nb, why = (None, f"no notebook named {release_nb.name} was submitted") if path is None \
            else _read_notebook(path)
        if nb is None:
            result.not_gradable = True
            result.notes.append(f"{release_nb.name} could not be graded: {why}. It was graded "
                                f"as the unchanged assignment, so every task got 0. "
                                + WHAT_TO_DO.format(assignment=assignment))
            shutil.copyfile(release_nb, dest / release_nb.name)
        else:
            nbformat.write(nb, str(dest / release_nb.name))
    return result
