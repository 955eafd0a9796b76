"""Visible checks: compare a student's result with the expected output printed in the lesson.

A failed check raises ``AssertionError`` with a message that says what to look at; a passed check
prints one line. These checks are for learning only: the grade comes from hidden tests.
"""
from __future__ import annotations

import os

import numpy as np

__all__ = ["check_close", "scaled", "show", "under_grading"]


def under_grading() -> bool:
    """True when nbgrader runs the notebook (autograde or validate), False in a student session."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def scaled(full: int, grading: int) -> int:
    """Size of a long loop: ``full`` in a student session, ``grading`` under nbgrader.

    Training cells use it so that a notebook grades in seconds but teaches with full runs.
    """
    return grading if under_grading() else full


def show() -> None:
    """Show the open matplotlib figures in a student session; under nbgrader close them unseen.

    Drawing a figure into the notebook (rendering it as PNG) takes most of the time of a demo
    cell, and nobody looks at figures while a notebook is graded.
    """
    import matplotlib.pyplot as plt

    if under_grading():
        plt.close("all")
    else:
        plt.show()


def _describe(x) -> str:
    if type(x) is np.ndarray:
        return f"array of shape {x.shape}, dtype {x.dtype}"
    if type(x) in (list, tuple, dict, str, int, float, bool, type(None)) or _is_number(x):
        return type(x).__name__
    return f"an object of type {type(x).__name__}"


def _is_number(x) -> bool:
    """A plain number: Python int/float or a numpy scalar (never an object posing as one)."""
    if type(x) in (int, float):
        return True
    return isinstance(x, np.generic) and type(x).__module__ == "numpy" and x.dtype.kind in "biuf"


def _compare(where: str, got, expected, atol: float, rtol: float) -> None:
    # Only real dicts, lists, tuples, strings, arrays and numbers are compared: any other object
    # fails at once (it could claim to equal anything, or pretend to be an endless sequence).
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            raise AssertionError(f"{where}: expected a dict, got {_describe(got)}")  # noqa: TRY004
        keys = list(dict.keys(got))
        if not all(type(k) is str for k in keys):
            raise AssertionError(f"{where}: dict keys must be strings like 'dW1'")
        missing = sorted(set(expected) - set(keys))
        extra = sorted(set(keys) - set(expected))
        if missing or extra:
            raise AssertionError(f"{where}: keys differ; missing {missing}, unexpected {extra}")
        for key in expected:
            _compare(f"{where}[{key!r}]", dict.__getitem__(got, key), expected[key], atol, rtol)
        return
    if isinstance(expected, (tuple, list)):
        if type(got) not in (tuple, list) or len(got) != len(expected):
            raise AssertionError(
                f"{where}: expected a {type(expected).__name__} of {len(expected)} items, "
                f"got {_describe(got)}"
                + (f" of {len(got)} items" if type(got) in (tuple, list) else "")
            )
        for i, (g, e) in enumerate(zip(got, expected)):
            _compare(f"{where}[{i}]", g, e, atol, rtol)
        return
    if isinstance(expected, str):
        if type(got) is not str or not str.__eq__(got, expected):
            shown = repr(got) if type(got) is str else _describe(got)
            raise AssertionError(f"{where}: expected {expected!r}, got {shown}")
        return
    if isinstance(expected, np.ndarray):
        # the hidden tests want exactly a float64 numpy array here: say so before they do
        if type(got) is not np.ndarray:
            raise AssertionError(f"{where}: expected a numpy array, got {_describe(got)}")
        if expected.dtype.kind == "f" and got.dtype != np.float64:
            raise AssertionError(f"{where}: expected dtype float64, got dtype {got.dtype}")
        if got.dtype.kind not in "biuf":
            raise AssertionError(f"{where}: expected numbers, got dtype {got.dtype}")
    elif not (_is_number(got) or type(got) is np.ndarray and got.ndim == 0):
        raise AssertionError(f"{where}: expected a single number, got {_describe(got)}")
    exp = np.asarray(expected, dtype=float)
    arr = np.asarray(got, dtype=float)
    if arr.shape != exp.shape:
        raise AssertionError(f"{where}: expected shape {exp.shape}, got shape {arr.shape}")
    if not np.allclose(arr, exp, atol=atol, rtol=rtol, equal_nan=True):
        diff = np.abs(arr - exp)
        worst = np.unravel_index(np.nanargmax(diff), diff.shape) if diff.ndim else ()
        raise AssertionError(
            f"{where}: values differ; at index {tuple(int(i) for i in worst)} "
            f"expected {float(exp[worst]):.10g}, got {float(arr[worst]):.10g}"
        )


def check_close(name: str, got, expected, atol: float = 1e-7, rtol: float = 1e-6) -> None:
    """Compare ``got`` with ``expected`` (arrays, numbers, dicts, tuples, strings) and report.

    Args:
        name: what is checked, e.g. ``"Task 2.12 update_parameters_with_adam"``.
        got: the student's result.
        expected: the expected output printed in the lesson.
        atol, rtol: tolerances of ``numpy.allclose``.
    """
    _compare(name, got, expected, atol, rtol)
    print(f"{name}: all values match the expected output.")
