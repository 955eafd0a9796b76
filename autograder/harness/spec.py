"""What a graded task is: its id, points, reference, test cases and catalogue of known mistakes.

Task specs live in ``autograder.tasks.<assignment>``; each registers its tasks here. The task id
(e.g. ``"2.12"``) is the one used everywhere: the notebook heading, the grade cell ids
(``task_2_12_solution`` / ``_check`` / ``_hidden``), the stub message and the feedback.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.harness.compare import Tolerance


@dataclass(frozen=True)
class Case:
    """One call of the graded function: a label for the feedback, and its arguments.

    ``swap`` gives, during the call, other meanings to global names the function uses (as
    ``course.gradcheck.swapped`` does in a lesson): name -> (module, factory, args), and the
    name means ``module.factory(*args)``. Only given code of the ``course`` package can be named,
    and only data crosses into the kernel.
    """

    label: str
    args: tuple
    kwargs: dict = field(default_factory=dict)
    swap: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Mistake:
    """A known wrong implementation, recognised when the student's output matches it.

    Attributes:
        name: what the mistake is, in a few words ("epsilon inside the square root").
        hint: how to fix it, one sentence addressed to the student.
        fn: a function with the graded function's signature that makes the mistake.
    """

    name: str
    hint: str
    fn: Callable[..., Any]


@dataclass(frozen=True)
class Task:
    """A graded function and everything needed to grade it.

    Attributes:
        id: task id, e.g. "2.12".
        assignment: assignment name, e.g. "w2_optimizers".
        function: name of the graded function in the notebook.
        points: points of the hidden grade cell.
        reference: the reference implementation (same signature).
        cases: rng -> list of Case; randomized inputs, several shapes and edge cases.
        mistakes: the catalogue of known mistakes.
        tol: tolerance on floating-point outputs.
        returns: what the function returns, in words, for messages ("(parameters, v, s)").
        time_limit: seconds allowed for one call.
    """

    id: str
    assignment: str
    function: str
    points: float
    reference: Callable[..., Any]
    cases: Callable[[np.random.Generator], list]
    mistakes: tuple = ()
    tol: Tolerance = field(default_factory=Tolerance)
    returns: str = ""
    time_limit: float = 5.0

    @property
    def output_names(self) -> tuple:
        """Names of the returned tuple's items, from ``returns`` ("(parameters, v)")."""
        inner = self.returns.strip()
        if not (inner.startswith("(") and inner.endswith(")")):
            return ()
        return tuple(name.strip() for name in inner[1:-1].split(","))

    @property
    def title(self) -> str:
        return f"Task {self.id} {self.function}"


_REGISTRY: dict[str, Task] = {}


def register(*tasks: Task) -> None:
    """Add tasks to the registry; a task id may be registered only once."""
    for task in tasks:
        if task.id in _REGISTRY and _REGISTRY[task.id] is not task:
            raise ValueError(f"task id {task.id} registered twice")
        _REGISTRY[task.id] = task


def all_tasks() -> dict[str, Task]:
    """Every registered task, by id (imports every assignment's task module)."""
    import autograder.tasks  # noqa: F401  (registers on import)

    return dict(_REGISTRY)


def get_task(task_id: str) -> Task:
    """The task with this id; KeyError with the known ids if there is none."""
    tasks = all_tasks()
    if task_id not in tasks:
        raise KeyError(f"unknown task id {task_id!r}; known: {sorted(tasks)}")
    return tasks[task_id]


def tasks_of(assignment: str) -> list[Task]:
    """The tasks of one assignment, in id order."""
    def key(t: Task):
        return tuple(int(p) for p in t.id.split("."))
    return sorted((t for t in all_tasks().values() if t.assignment == assignment), key=key)
