"""The bundled sample class: scenario submissions made from the release, with expected outcomes.

``autograder/sample_class/<assignment>/expected.json`` lists the students. Each is one of:

* ``"perfect"``: every solution cell filled with the source's solution;
* ``"untouched"``: the release notebook as students receive it;
* ``"overrides"``: perfect (or the untouched release with ``"base": "untouched"``), except the
  functions defined in ``<student>.py`` beside the JSON, which replace the solution cells that
  define them. Top-level statements and private ``_helpers`` of that file (with its imports)
  become a new cell right after the notebook's first code cell (how a tampering student would
  rebind numpy's helpers or change how results are displayed).

Its ``expect`` entry says what grading must give: ``"full"``, ``"zero"``, or ``"lose"`` with the
task ids that must lose points and the mistake named in each task's feedback (every other task
must get full marks); ``same_as`` names a student whose grades must be equal.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat

from autograder.config import REPO_ROOT

SAMPLES = Path(__file__).resolve().parent / "sample_class"


def expected(assignment: str, folder: Path = SAMPLES) -> dict:
    """student -> its spec (kind, expect, ...), from ``folder/<assignment>/expected.json``."""
    return json.loads((Path(folder) / assignment / "expected.json").read_text())


def assignments_with_samples() -> list[str]:
    return sorted(p.name for p in SAMPLES.iterdir() if (p / "expected.json").exists())


def _solution_cells(nb) -> dict:
    """grade_id -> cell, for the solution cells of a notebook."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def _strip_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if "### BEGIN SOLUTION" not in line and "### END SOLUTION" not in line)


def _defined_function(source: str) -> str | None:
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            return node.name
    return None


def _overrides(path: Path) -> tuple[dict, str]:
    """(function name -> its source, prelude source) of a student's override file.

    Public functions replace the task functions of the same name. The prelude is everything
    else: the file's imports (but ``import numpy as np``, which the notebook has), private
    helpers (``_name``) and top-level statements.
    """
    text = path.read_text()
    tree = ast.parse(text)
    funcs, imports, prelude = {}, [], []
    for node in tree.body:
        segment = ast.get_source_segment(text, node)
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            funcs[node.name] = segment
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if segment.strip() != "import numpy as np":
                imports.append(segment)
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the file's docstring
        else:
            prelude.append(segment)
    return funcs, "\n".join(imports + prelude)


def make_submission(assignment: str, student: str, root: Path = REPO_ROOT,
                    folder: Path = SAMPLES):
    """The notebook that ``student`` of the sample class (or of another scenario ``folder``)
    submits (nbformat NotebookNode)."""
    spec = expected(assignment, folder)[student]
    root = Path(root)
    (release_path,) = sorted((root / "release" / assignment).glob("*.ipynb"))
    source_path = root / "source" / assignment / release_path.name
    nb = nbformat.read(str(release_path), as_version=4)
    if spec["kind"] == "untouched":
        return nb
    solutions = _solution_cells(nbformat.read(str(source_path), as_version=4))
    funcs, prelude = ({}, "")
    if spec["kind"] == "overrides":
        funcs, prelude = _overrides(Path(folder) / assignment / f"{student}.py")
    used = set()
    keep_stubs = spec.get("base") == "untouched"
    for grade_id, cell in _solution_cells(nb).items():
        perfect = _strip_markers(solutions[grade_id].source)
        name = _defined_function(perfect)
        if name in funcs:
            cell.source = funcs[name]
            used.add(name)
        elif not keep_stubs:
            cell.source = perfect
    unknown = set(funcs) - used
    if unknown:
        raise ValueError(f"{student}.py defines functions that are not tasks: {sorted(unknown)}")
    if prelude:
        first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(first_code + 1, nbformat.v4.new_code_cell(prelude))
    return nb


def write_sample_class(assignment: str, submitted: Path, root: Path = REPO_ROOT) -> list[str]:
    """Write every sample student's notebook into ``submitted/<student>/<assignment>/``.

    A different submission already there (a real student of the same name) is moved to
    ``submitted/.replaced/`` first, never overwritten.
    """
    from autograder.grading import move_aside

    submitted = Path(submitted)
    (release_path,) = sorted((Path(root) / "release" / assignment).glob("*.ipynb"))
    students = sorted(expected(assignment))
    for student in students:
        text = nbformat.writes(make_submission(assignment, student, root))
        dest = submitted / student / assignment
        target = dest / release_path.name
        if dest.exists() and not (target.exists() and target.read_text() == text
                                  and len(list(dest.iterdir())) == 1):
            move_aside(dest, submitted)
        dest.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return students


def check_expectations(assignment: str, rows, feedback_text: dict | None = None) -> list[str]:
    """Differences between graded rows and the sample class's expectations (empty: all met).

    Args:
        rows: ``autograder.grading.Row`` per student.
        feedback_text: student -> task id -> the harness's feedback text (to check named
            mistakes); skipped when None.
    """
    from autograder.harness.spec import tasks_of

    task_ids = [t.id for t in tasks_of(assignment)]
    by_student = {r.student: r for r in rows}
    problems = []
    for student, spec in expected(assignment).items():
        row = by_student.get(student)
        if row is None:
            problems.append(f"{student}: not graded")
            continue
        expect = spec["expect"]
        missing = sorted(set(task_ids) - set(row.tasks))
        if missing:
            problems.append(f"{student}: no grade for tasks {', '.join(missing)}")
        for tid, (score, top) in sorted(row.tasks.items()):
            if expect == "full" and score != top:
                problems.append(f"{student}: task {tid} got {score:g}/{top:g}, expected full marks")
            elif expect == "zero" and score != 0:
                problems.append(f"{student}: task {tid} got {score:g}, expected 0")
            elif isinstance(expect, dict):
                if tid in expect and score >= top:
                    problems.append(f"{student}: task {tid} got full marks, expected a loss")
                if tid not in expect and score != top:
                    problems.append(f"{student}: task {tid} got {score:g}/{top:g}, "
                                    f"expected full marks")
                if tid in expect and feedback_text is not None:
                    text = feedback_text.get(student, {}).get(tid, "")
                    if expect[tid] not in text:
                        problems.append(f"{student}: task {tid} feedback does not name "
                                        f"{expect[tid]!r}")
        other = spec.get("same_as")
        if other and other in by_student and by_student[other].tasks != row.tasks:
            problems.append(f"{student}: grades differ from {other}'s")
    return problems
