"""Helpers shared by the tests."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np

from autograder.config import REPO_ROOT


def course_copy(tmp: Path) -> Path:
    """A course directory in ``tmp`` holding a copy of source/ (nothing of the kit's own state)."""
    shutil.copytree(REPO_ROOT / "source", tmp / "source")
    return tmp


def is_hidden(cell) -> bool:
    """Whether a notebook cell is a task's hidden grade cell (``task_X_Y_hidden``)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and meta.get("grade_id", "").endswith("_hidden")


def notebook_name(assignment: str) -> str:
    """File name of the assignment's notebook in source/."""
    (path,) = sorted((REPO_ROOT / "source" / assignment).glob("*.ipynb"))
    return path.name


def well_conditioned_case(seed: int, dims, m: int, margin: float = 1e-3):
    """Random float64 (X, Y, parameters) of a 3-layer net whose ReLU inputs stay away from 0.

    Resamples until every |Z1|, |Z2| > margin and each hidden layer has an active unit, so a
    two-sided difference (eps = 1e-6 or 1e-7) never crosses a ReLU kink.
    """
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        X = rng.standard_normal((dims[0], m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        parameters = {}
        for l in range(1, 4):
            parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
            parameters[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        Z1 = parameters["W1"] @ X + parameters["b1"]
        Z2 = parameters["W2"] @ np.maximum(Z1, 0) + parameters["b2"]
        if (np.min(np.abs(Z1)) > margin and np.min(np.abs(Z2)) > margin
                and np.any(Z1 > 0) and np.any(Z2 > 0)):
            return X, Y, parameters
    raise RuntimeError("could not draw a well-conditioned case")


def assert_same(a, b):
    """Deep equality of nested dicts, tuples, lists and arrays (values and key order)."""
    if isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            assert_same(a[key], b[key])
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    else:
        np.testing.assert_array_equal(a, b)


def sandboxed_processes() -> list[int]:
    """Processes of this machine still running (not dead, not a zombie) in a PID namespace other
    than ours, i.e. in a sandbox."""
    from autograder.sandbox import _alive

    ours = os.readlink("/proc/self/ns/pid")
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/ns/pid") != ours and _alive(int(entry)):
                    found.append(int(entry))
            except OSError:
                continue
    return found
