"""The hidden-test harness: ``grade(task_id, globals())`` in a hidden grade cell.

Under ``kit`` grading (``$KIT_CASES_DIR`` set) the cell only runs the student's function and
hands out its results (``kernel.grade``); the grader judges them outside the kernel. Anywhere
else the same code runs in-process and prints the verdict (``runner.grade_in_process``).
"""
import os
import sys

from autograder.harness import kernel

if os.environ.get("NBGRADER_VALIDATING") and "ipykernel" in sys.modules:
    # Imported when a validation kernel starts (nbgrader validate, JupyterLab's Validate button):
    # what the student's code writes to stderr (warnings, logging) is shown as ordinary output,
    # so that validation fails on errors only, not on a correct function that logs.
    sys.stderr = sys.stdout

if os.environ.get(kernel.CASES_ENV) and "ipykernel" in sys.modules:
    kernel.prepare_grading_kernel()  # a kit grading kernel: see its docstring


def grade(task_id: str, namespace: dict, *, seed: int | None = None, out=None):
    """Run the hidden tests of ``task_id`` on the function defined in ``namespace``."""
    if os.environ.get(kernel.CASES_ENV):
        return kernel.grade(task_id, namespace)
    from autograder.harness.runner import grade_in_process

    return grade_in_process(task_id, namespace, seed=seed, out=out)


def prepare(task, seed=None):
    """Cases and expected outputs of a task for a seed (see ``runner.prepare``)."""
    from autograder.harness.runner import prepare as _prepare

    return _prepare(task, seed)


__all__ = ["grade", "prepare"]
