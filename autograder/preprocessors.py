"""nbgrader preprocessors of the kit: named stubs, restored cells, verdicts from outside the kernel.

* ``NamedStubs`` (GenerateAssignment): stubs that name their task.
* ``RestoreCells`` (Autograde, sanitizing): gives a submission back the structure students
  received, whatever was deleted, moved, duplicated or edited.
* ``WriteVerdicts`` (Autograde, after execution): judges what each hidden cell's kernel code
  reported, outside the kernel, and writes the feedback and the score into the cell.

They are plugged into nbgrader's own pipelines by ``autograder.config``, so stock ``nbgrader``
commands in the course folder use them too.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import CheckCellMetadata as pp_CheckCellMetadata
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution
from traitlets import Bool, List, Unicode

from autograder.harness import kernel
from autograder.harness.runner import grading_seed, parse_payload, prepare_assignment, verdict

_SOLUTION_ID = re.compile(r"^task_(\d+(?:_\d+)*)_solution$")
_HIDDEN_ID = re.compile(r"^task_(\d+(?:_\d+)*)_hidden$")
_DEF = re.compile(r"^def\s+(\w+)\s*\(", re.MULTILINE)
_STUB = "raise NotImplementedError()"
_SCORE_LINE = re.compile(r"^  Score: ([0-9.eE+-]+) / ([0-9.eE+-]+) \(", re.MULTILINE)


def task_of(grade_id: str, kind: str = "hidden") -> str | None:
    """Task id of a cell's grade id: ``task_2_12_hidden`` -> ``"2.12"`` (None if not a task)."""
    pattern = _HIDDEN_ID if kind == "hidden" else _SOLUTION_ID
    match = pattern.match(grade_id or "")
    return match.group(1).replace("_", ".") if match else None


class NamedStubs(ClearSolutions):
    """nbgrader's ClearSolutions, with stubs that name the task and the function.

    ``raise NotImplementedError()`` becomes
    ``raise NotImplementedError("Task 2.12: update_parameters_with_adam")`` in a solution cell whose
    grade id is ``task_2_12_solution`` and which defines ``update_parameters_with_adam``.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "code" and is_solution(cell):
            task = task_of(cell.metadata.get("nbgrader", {}).get("grade_id", ""), "solution")
            func = _DEF.search(cell.source)
            if task and func and _STUB in cell.source:
                named = f'raise NotImplementedError("Task {task}: {func.group(1)}")'
                cell.source = cell.source.replace(_STUB, named)
        return cell, resources


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _grade_id(cell) -> str | None:
    grade_id = _meta(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) else None


def _defined(cell) -> str | None:
    match = _DEF.search(cell.get("source", "") if cell.get("cell_type") == "code" else "")
    return match.group(1) if match else None


_FLAGS = ("grade", "solution", "locked", "points", "task", "schema_version")


def _what(grade_id: str) -> str:
    task = task_of(grade_id)
    if task:
        return f"the hidden tests cell of Task {task}"
    task = task_of(grade_id, "solution")
    return f"the code cell of Task {task}" if task else f"the locked cell {grade_id}"


def restore_structure(cells: list, release_cells: list) -> tuple[list, dict]:
    """A submission's cells rebuilt around the release's nbgrader cells.

    Every cell of the release that nbgrader knows (solution, locked and grade cells) is found in
    the submission by its grade id, else by its cell id, else (solution cells) by the function it
    defines or (locked cells) by its text; it keeps the release's nbgrader metadata, and, unless
    it is a solution cell, the release's text. Missing ones are put back, moved ones go back in
    their place (the student's own cells travel with the cell they stood before), and any other
    cell loses the nbgrader metadata it claimed.

    Args:
        cells: the submission's cells (nbformat v4 dicts).
        release_cells: the release notebook's cells.
    Returns:
        (new cells, {grade id: what was wrong, in words}).
    """
    anchors = [r for r in release_cells if _grade_id(r)]
    used: set = set()
    match: dict = {}

    def claim(grade_id, index):
        match[grade_id] = index
        used.add(index)

    def stub(r):
        return r.get("source", "").strip()

    for r in anchors:  # 1. the grade id; among copies, the likeliest one
        gid = _grade_id(r)
        found = [i for i, c in enumerate(cells) if i not in used and _grade_id(c) == gid]
        same_type = [i for i in found if cells[i].get("cell_type") == r["cell_type"]] or found
        if _meta(r).get("solution"):  # the last filled-in copy holds the work
            edited = [i for i in same_type if cells[i].get("source", "").strip() != stub(r)]
            pick = (edited or same_type)[-1] if same_type else None
        else:  # an untouched copy, else the first
            kept = [i for i in same_type if cells[i].get("source", "").strip() == stub(r)]
            pick = (kept or same_type)[0] if same_type else None
        if pick is not None:
            claim(gid, pick)
    for r in anchors:  # 2. the cell id
        gid = _grade_id(r)
        if gid not in match and r.get("id"):
            found = [i for i, c in enumerate(cells) if i not in used and c.get("id") == r["id"]]
            if found:
                claim(gid, found[-1])
    for r in anchors:  # 3. what the cell is
        gid = _grade_id(r)
        if gid in match:
            continue
        meta = _meta(r)
        if meta.get("solution") and _defined(r):
            found = [i for i, c in enumerate(cells) if i not in used and _defined(c) == _defined(r)]
        elif meta.get("locked"):
            found = [i for i, c in enumerate(cells)
                     if i not in used and c.get("source", "").strip() == stub(r)]
        else:
            found = []
        if found:
            claim(gid, found[-1])

    notes: dict = {}
    before: dict = {}  # anchor grade id -> the student's own cells just above it
    pending: list = []
    by_index = {i: gid for gid, i in match.items()}
    last_seen = -1
    release_order = {_grade_id(r): k for k, r in enumerate(anchors)}
    for i, cell in enumerate(cells):
        if i in by_index:
            gid = by_index[i]
            before[gid], pending = pending, []
            if release_order[gid] < last_seen:
                notes.setdefault(gid, f"{_what(gid)} was moved; it was put back in its place")
            last_seen = max(last_seen, release_order[gid])
        else:
            free = copy.deepcopy(cell)
            free.get("metadata", {}).pop("nbgrader", None)
            pending.append(free)

    out: list = []
    for r in anchors:
        gid = _grade_id(r)
        meta = _meta(r)
        if gid not in match:
            out.append(copy.deepcopy(r))
            notes[gid] = f"{_what(gid)} was missing; it was put back" + (
                " (with the starting code: the work in it was lost)" if meta.get("solution")
                else "")
            continue
        out += before[gid]
        mine = cells[match[gid]]
        fixed = copy.deepcopy(r)
        if meta.get("solution"):
            fixed["source"] = mine.get("source", "")
        elif mine.get("source", "").strip() != stub(r) or mine.get("cell_type") != r["cell_type"]:
            notes.setdefault(gid, f"{_what(gid)} was changed; it was restored")
        if any(_meta(mine).get(k) != meta.get(k) for k in _FLAGS + ("grade_id",)):
            notes.setdefault(gid, f"the grading information of {_what(gid)} was changed; "
                                  f"it was restored")
        out.append(fixed)
    return out + pending, notes


class RestoreCells(NbGraderPreprocessor):
    """Give a submission back the structure students received (see ``restore_structure``).

    Runs first when nbgrader sanitizes a submission, before its own ``OverwriteCells`` (which
    then puts the hidden tests into the hidden cells). What was restored is kept in the notebook's
    metadata (``kit.restored``) for the feedback; anything a student wrote there is discarded.
    """

    def preprocess(self, nb, resources):
        coursedir = CourseDirectory(config=self.config)
        info = resources["nbgrader"]
        path = Path(coursedir.format_path(coursedir.release_directory, ".", info["assignment"]),
                    f"{info['notebook']}.ipynb")
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: build the release first (kit build)")
        release = nbformat.read(str(path), as_version=4)
        cells, notes = restore_structure(nb.cells, release.cells)
        nb.cells = [nbformat.from_dict(c) for c in cells]
        nb.metadata.pop("kit", None)
        nb.metadata["kit"] = {"restored": notes}
        return nb, resources


def _results(cell) -> dict | None:
    """The last results the hidden tests' kernel code displayed in this cell, parsed."""
    for output in reversed(cell.get("outputs", [])):
        data = output.get("data", {}) if output.get("output_type") == "display_data" else {}
        if kernel.RESULTS_MIME in data:
            return parse_payload(data[kernel.RESULTS_MIME])
    return None


def _why_missing(cell, index: int, kit: dict) -> str:
    stopped = kit.get("stopped")
    if stopped and index > stopped["index"]:
        return f"the notebook stopped in {stopped['where']} before this cell ran " \
               f"({stopped['reason']})"
    if stopped and index == stopped["index"]:
        return f"the notebook stopped in this cell ({stopped['reason']})"
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        return f"the cell raised {errors[0].get('ename', 'an error')}"
    return "the cell did not finish"


class WriteVerdicts(NbGraderPreprocessor):
    """Score every hidden grade cell from the results its kernel code reported.

    The kernel only ran the student's functions. Here, outside it, each result is compared with
    the reference for this grading seed; the cell's outputs are replaced by the feedback and one
    result, the points, which nbgrader's SaveAutoGrades records as partial credit. Nothing else
    the cell displayed counts. A banner cell at the top of the notebook lists what the grader
    noticed (restored cells, a notebook stopped by a limit, a repaired file).
    """

    intake_notes = List(Unicode(), help="What was repaired in the submitted file before "
                                        "grading (set by kit for one submission).").tag(config=True)
    not_gradable = Bool(False, help="The submitted file could not be read and the release was "
                                    "graded in its place (set by kit).").tag(config=True)

    def preprocess(self, nb, resources):
        kit = resources.setdefault("kit", {})
        seed = kit.get("seed", grading_seed())
        restored = kit.get("restored") or dict(nb.metadata.get("kit", {}).get("restored", {}))
        prepared = prepare_assignment(resources["nbgrader"]["assignment"], seed)
        mistakes: dict = {}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not is_grade(cell):
                continue
            grade_id = _grade_id(cell)
            task = task_of(grade_id or "")
            if task not in prepared:
                continue
            text, points, named = verdict(prepared[task], _results(cell),
                                          _why_missing(cell, index, kit))
            final = (kit.get("final") or {}).get(task)
            if final is not None:
                at_end = verdict(prepared[task], final)
                if at_end.points > points:
                    text, points, named = (
                        f"Note: when this cell ran, {prepared[task].task.function} was not ready "
                        f"(not defined yet, or it raised an error). It was tested again with the "
                        f"notebook's functions as they are after its last cell.\n"
                        + at_end.text), at_end.points, at_end.mistakes
            if named:
                mistakes[task] = list(named)
            if grade_id in restored:
                text = f"Note: {restored[grade_id]}.\n" + text
            cell.outputs = [new_output("stream", name="stdout", text=text + "\n"),
                            new_output("execute_result", data={"text/plain": repr(points)},
                                       execution_count=cell.get("execution_count"))]
        notes = list(self.intake_notes) + [f"{v[0].upper()}{v[1:]}." for v in restored.values()]
        notes += [f"{e[0].upper()}{e[1:]}." for e in kit.get("events", [])]
        if notes:
            nb.cells.insert(0, new_markdown_cell(
                "**Notes from the grader**\n\n" + "\n".join(f"- {n}" for n in notes)))
        if self.not_gradable:
            status = "not gradable"
        elif kit.get("stopped"):
            status = "stopped"
        elif kit.get("events"):
            status = "limited"
        elif restored or self.intake_notes:
            status = "restored"
        else:
            status = "ok"
        nb.metadata["kit"] = {"seed": seed, "status": status, "notes": notes,
                              "mistakes": mistakes,
                              "peak_memory_mb": kit.get("peak_memory_mb", 0.0),
                              "kernel_cpu": kit.get("kernel_cpu", 0.0)}
        return nb, resources


class _CheckedSchema:
    """Stands in for the ``jsonschema`` module inside nbgrader's metadata validator: the same
    ``validate``, but each schema is checked once per process instead of once per cell."""

    def __init__(self):
        import jsonschema

        self._jsonschema = jsonschema
        self._validators: dict = {}

    def validate(self, instance, schema) -> None:
        import json

        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = self._validators[key] = cls(schema)
        error = self._jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._jsonschema, name)


_CHECKED_SCHEMA = None


class CheckCellMetadata(pp_CheckCellMetadata):
    """nbgrader's CheckCellMetadata, unchanged in what it accepts and rejects; only nbgrader's
    schema is checked once per grading process rather than once per cell (it was a tenth of a
    core-second per submission, twice)."""

    def preprocess(self, nb, resources):
        from nbgrader.nbgraderformat import common

        global _CHECKED_SCHEMA
        if _CHECKED_SCHEMA is None:
            _CHECKED_SCHEMA = _CheckedSchema()
        saved, common.jsonschema = common.jsonschema, _CHECKED_SCHEMA
        try:
            return super().preprocess(nb, resources)
        finally:
            common.jsonschema = saved
