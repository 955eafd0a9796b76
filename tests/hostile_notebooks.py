"""Build the hostile submissions of ``tests/hostile/<assignment>/`` into a course's submitted/.

Each scenario is a sample-class entry (``autograder.samples``: perfect, untouched or overrides)
plus an optional ``transform``: a cell inserted after a given grade cell, a change to the cells
(ids, flags, order, ...) or a change to the file itself (truncated, empty, renamed, ...). Text
``{{ROOT}}``, ``{{KIT}}``, ``{{PORT}}`` and ``{{HOST_IP}}`` in a scenario is replaced by the course
folder, the kit's folder, and a port and address where the test listens.
"""
from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import nbformat

from autograder import samples

HOSTILE = Path(__file__).resolve().parent / "hostile"


def _nbgrader(cell) -> dict:
    return cell.metadata.setdefault("nbgrader", {})


def _is_hidden(cell) -> bool:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_hidden")


def _cells(nb, how: str):
    cells = nb.cells
    if how == "duplicate_grade_ids":
        hidden = next(c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id")
                      == "task_2_12_hidden")
        for cell in cells:
            if cell.cell_type == "markdown":
                cell.metadata["nbgrader"] = copy.deepcopy(hidden.metadata["nbgrader"])
    elif how == "rename_grade_ids":
        for k, cell in enumerate(cells):
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.metadata["nbgrader"]["grade_id"] = f"my_cell_{k}"
    elif how == "clear_grade_flags":
        for cell in filter(_is_hidden, cells):
            _nbgrader(cell).update(grade=False, points=0, locked=False)
    elif how == "old_schema":
        for cell in cells:
            if "nbgrader" in cell.metadata:
                cell.metadata["nbgrader"]["schema_version"] = 1
                cell.metadata["nbgrader"].pop("task", None)
    elif how == "strip_nbgrader":
        for cell in cells:
            cell.metadata.pop("nbgrader", None)
            cell.pop("id", None)
        nb.nbformat_minor = 4
    elif how == "delete_hidden":
        nb.cells = [c for c in cells if not _is_hidden(c)]
    elif how == "move_hidden":  # each hidden cell goes just above its task's solution cell
        out = []
        for cell in cells:
            if _is_hidden(cell):
                task = cell.metadata["nbgrader"]["grade_id"][: -len("_hidden")]
                where = next(i for i, c in enumerate(out) if c.metadata.get("nbgrader", {})
                             .get("grade_id") == f"{task}_solution")
                out.insert(where, cell)
            else:
                out.append(cell)
        nb.cells = out
    elif how == "edit_hidden":
        for cell in filter(_is_hidden, cells):
            points = cell.metadata["nbgrader"]["points"]
            cell.source = (f'print("  Score: {points} / {points} (6 of 6 cases passed)")\n'
                           f"{float(points)}")
    else:
        raise ValueError(f"unknown cell transform {how!r}")


def _file(nb, how: str, name: str, dest: Path, subs: dict) -> None:
    text = nbformat.writes(nb)
    if how == "truncate":
        (dest / name).write_text(text[: len(text) // 2])
    elif how == "empty":
        (dest / name).write_bytes(b"")
    elif how == "binary":
        (dest / name).write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    elif how == "rename":
        (dest / name.replace(".ipynb", " (1).ipynb")).write_text(text)
    elif how == "nbformat3":
        (dest / name).write_text(nbformat.writes(nbformat.convert(nb, 3)))
    elif how == "symlink":
        (dest / name).write_text(text)
        os.symlink(subs["{{ROOT}}"] + "/gradebook.db", dest / "data.db")
    else:
        raise ValueError(f"unknown file transform {how!r}")


def write_hostile_class(assignment: str, root: Path, subs: dict) -> dict:
    """Write every hostile scenario into ``root/submitted/<name>/<assignment>/``; their specs."""
    root = Path(root)
    specs = samples.expected(assignment, HOSTILE)
    (release,) = sorted((root / "release" / assignment).glob("*.ipynb"))
    for name, spec in specs.items():
        nb = samples.make_submission(assignment, name, root, HOSTILE)
        transform = spec.get("transform", {})
        if "insert_after" in transform:
            at = next(i for i, c in enumerate(nb.cells)
                      if c.metadata.get("nbgrader", {}).get("grade_id")
                      == transform["insert_after"])
            nb.cells.insert(at + 1, nbformat.v4.new_code_cell(transform["source"]))
        if "cells" in transform:
            _cells(nb, transform["cells"])
        text = nbformat.writes(nb)
        for key, value in subs.items():
            text = text.replace(key, value)
        nb = nbformat.reads(text, as_version=4)
        dest = root / "submitted" / name / assignment
        dest.mkdir(parents=True)
        if "file" in transform:
            _file(nb, transform["file"], release.name, dest, subs)
        else:
            (dest / release.name).write_text(json.dumps(nb, indent=1))
    return specs
