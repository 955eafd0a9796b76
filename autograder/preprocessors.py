"""nbgrader preprocessors of the kit: named stubs in the release, trusted scores in the gradebook.

Both are plugged into nbgrader's own pipelines by ``autograder.config`` (GenerateAssignment and
Autograde), so stock ``nbgrader`` commands in the course folder use them too.
"""
from __future__ import annotations

import re

from nbformat.v4 import new_output
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution

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


def trusted_score(cell) -> tuple[bool, str]:
    """Whether a hidden grade cell's result is a score the grader can record, and why not.

    The harness prints ``Score: S / P`` and returns S as the cell's result. The cell is trusted
    when it has exactly one result, a number equal to the printed S, and P is the cell's points.
    A student who hides cell results or changes how floats are displayed fails this check.
    """
    points = float(cell.metadata["nbgrader"].get("points", 0))
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    stdout = "".join(o.get("text", "") for o in cell.outputs
                     if o.output_type == "stream" and o.get("name") == "stdout")
    printed = _SCORE_LINE.findall(stdout)
    if len(results) != 1:
        return False, "the cell did not end with its score"
    try:
        value = float(results[0].get("data", {}).get("text/plain", ""))
    except (TypeError, ValueError):
        return False, "the cell's result is not a number"
    if len(printed) != 1:
        return False, "the hidden tests' report is missing or repeated"
    shown, top = (float(x) for x in printed[0])
    if abs(value - shown) > 1e-9 or abs(top - points) > 1e-9:
        return False, "the cell's result differs from the score the hidden tests printed"
    return True, ""


class CheckHarnessScores(NbGraderPreprocessor):
    """Give zero to a hidden grade cell whose score cannot be trusted.

    nbgrader gives FULL credit to a grade cell that shows no result, and reads partial credit
    from the displayed text of the result. A submission could hide results
    (``ast_node_interactivity``) or print its own numbers (a float formatter). This preprocessor
    runs after execution and before SaveAutoGrades: it appends an error output to such a cell, so
    that nbgrader records 0 and the feedback says why.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or not is_grade(cell):
            return cell, resources
        if task_of(cell.metadata["nbgrader"].get("grade_id", "")) is None:
            return cell, resources
        if any(o.output_type == "error" for o in cell.outputs):
            return cell, resources  # nbgrader already gives 0
        ok, why = trusted_score(cell)
        if not ok:
            message = (f"The grader cannot trust this task's score: {why}. The task gets 0 "
                       f"points. Do not change how cells display their results.")
            # nbgrader reads the first result or error it meets: drop the untrusted result
            cell.outputs = [o for o in cell.outputs if o.output_type != "execute_result"]
            cell.outputs.append(new_output("error", ename="UntrustedScore", evalue=message,
                                           traceback=[f"UntrustedScore: {message}"]))
        return cell, resources
