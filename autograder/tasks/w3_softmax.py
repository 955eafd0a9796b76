"""Hidden tests of ``w3_softmax``: random cases and the catalogue of known mistakes per task.

Case design, so that each catalogued mistake changes the output far beyond the tolerance in most
cases while every correct way of writing the function passes:

* softmax: most cases have scores near +1000 or -1000 (the unstable softmax gives nan there);
  the columns of a case never differ by more than about 450, so subtracting the max of the
  WHOLE matrix (correct mathematics, and a common way to write it) stays finite and passes.
  Shapes are never square (a softmax over rows cannot pass by symmetry); one case has m = 1,
  one has C = 2, one has a single class row (every probability is 1).
* one_hot: C and m differ in every case (a transposed matrix has the wrong shape); in most cases
  the top class C - 1 does not occur among the labels, as in a small mini-batch (so taking C
  from the labels gives the wrong shape).
* cost and backward: A is a softmax of random scores, never exactly 0, and Y is one-hot; m > 1
  except in one case. The true class always gets at least 0.01, and the cost's tolerance is
  1e-6 + 1e-5 relative, so a guarded log(A + 1e-8) or a clip at 1e-15 passes (the catalogued
  mistakes change the cost by far more).
* predict_classes: C != m; one case has ties, which go to the first (smallest) class, as
  ``np.argmax`` does; one case holds raw scores instead of probabilities.
"""
from __future__ import annotations

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w3_softmax as ref

ASSIGNMENT = "w3_softmax"


def _softmax_cols(Z):
    """The reference softmax without its input checks (to build cases)."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _one_hot_of(rng, C: int, m: int, top_absent: bool = False):
    """Labels (m,) int64 in [0, C) (in [0, C - 1) if top_absent and C > 1) and their one-hot."""
    high = C - 1 if (top_absent and C > 1) else C
    y = rng.integers(0, high, m).astype(np.int64)
    Y = np.zeros((C, m))
    Y[y, np.arange(m)] = 1.0
    return y, Y


# ---------------------------------------------------------------- 3.5 softmax

def _softmax_unstable(Z):
    E = np.exp(Z)
    return E / np.sum(E, axis=0, keepdims=True)


def _softmax_rows(Z):
    E = np.exp(Z - np.max(Z, axis=1, keepdims=True))
    return E / np.sum(E, axis=1, keepdims=True)


def _softmax_whole_sum(Z):
    E = np.exp(Z - np.max(Z))
    return E / np.sum(E)


def _softmax_max_in_numerator_only(Z):
    return np.exp(Z - np.max(Z, axis=0, keepdims=True)) / np.sum(np.exp(Z), axis=0, keepdims=True)


def _softmax_cases(rng):
    cases = []
    plan = [  # (label, C, m, center, spread of the scores, per-column offsets)
        ("scores of size about 2", 3, 5, 0.0, 2.0, 0.0),
        ("scores of size about 3", 10, 6, 0.0, 3.0, 0.0),
        ("C = 2, scores near +1000", 2, 5, 1000.0, 3.0, 0.0),
        ("m = 1 (one example), scores near +1000", 5, 1, 1000.0, 5.0, 0.0),
        ("scores near -1000", 4, 7, -1000.0, 4.0, 0.0),
        ("scores near +1000, columns shifted by up to 200", 6, 3, 1000.0, 10.0, 200.0),
        ("single class (C = 1), scores near +1000", 1, 4, 1000.0, 5.0, 0.0),
    ]
    for label, C, m, center, spread, shift in plan:
        Z = center + spread * rng.standard_normal((C, m)) + shift * rng.uniform(-1, 1, (1, m))
        cases.append(Case(f"{label}, Z of shape ({C}, {m})", (Z,)))
    return cases


SOFTMAX = Task(
    id="3.5", assignment=ASSIGNMENT, function="softmax", points=2,
    reference=ref.softmax, cases=_softmax_cases, returns="A",
    mistakes=(
        Mistake("unstable softmax (the column maximum is not subtracted)",
                "exp(1000) overflows to inf: compute np.exp(Z - max of each column) first; "
                "the result is the same, without overflow.", _softmax_unstable),
        Mistake("softmax over the rows (axis=1) instead of the columns",
                "Each COLUMN is one example: take the max and the sum with axis=0, "
                "keepdims=True.", _softmax_rows),
        Mistake("normalizing by the sum of the whole matrix",
                "Divide each column by ITS OWN sum: np.sum(E, axis=0, keepdims=True); then "
                "every column sums to 1.", _softmax_whole_sum),
        Mistake("the maximum subtracted in the numerator only",
                "Use the same shifted exponentials E = np.exp(Z - column max) above and below "
                "the fraction bar.", _softmax_max_in_numerator_only),
    ),
)


# ---------------------------------------------------------------- 3.6 one_hot

def _one_hot_transposed(y, C):
    return np.eye(C)[y]


def _one_hot_labels_from_one(y, C):
    Y = np.zeros((C, len(y)))
    Y[y - 1, np.arange(len(y))] = 1.0  # label 0 lands in the last row (index -1)
    return Y


def _one_hot_int(y, C):
    Y = np.zeros((C, len(y)), dtype=np.int64)
    Y[y, np.arange(len(y))] = 1
    return Y


def _one_hot_whole_rows(y, C):
    Y = np.zeros((C, len(y)))
    Y[y] = 1.0
    return Y


def _one_hot_c_from_labels(y, C):
    return np.eye(int(np.max(y)) + 1)[:, y]


def _one_hot_cases(rng):
    cases = []
    plan = [  # (C, m, top class absent)
        (3, 5, True), (10, 8, True), (2, 6, False), (4, 1, True), (5, 12, False), (6, 9, True),
        (1, 3, False),
    ]
    for C, m, top_absent in plan:
        y, _ = _one_hot_of(rng, C, m, top_absent)
        what = "m = 1 (one example)" if m == 1 else f"{m} examples"
        if C == 1:
            what += ", a single class"
        elif top_absent:
            what += f", class {C - 1} absent"
        cases.append(Case(f"C = {C}, {what}", (y, C)))
    return cases


ONE_HOT = Task(
    id="3.6", assignment=ASSIGNMENT, function="one_hot", points=1,
    reference=ref.one_hot, cases=_one_hot_cases, returns="Y",
    mistakes=(
        Mistake("one-hot matrix transposed: shape (m, C) instead of (C, m)",
                "Classes are rows and examples are columns: Y has shape (C, m).",
                _one_hot_transposed),
        Mistake("labels taken as 1..C instead of 0..C-1 (off by one)",
                "The labels are 0, 1, ..., C-1: label c goes to row c (not row c - 1).",
                _one_hot_labels_from_one),
        Mistake("an integer (or boolean) one-hot matrix instead of float64",
                "Return floats: start from np.zeros((C, m)), which is float64.", _one_hot_int),
        Mistake("whole rows set to 1 (Y[y] = 1)",
                "Set one entry per column: Y[y, np.arange(m)] = 1 (row y[j], column j).",
                _one_hot_whole_rows),
        Mistake("the number of classes taken from the labels instead of C",
                "Use the argument C: a batch may not contain every class.",
                _one_hot_c_from_labels),
    ),
)


# ---------------------------------------------------------------- 3.7 cross-entropy cost

def _ce_sum_over_m(A, Y):
    return float(-np.sum(Y * np.log(A)))


def _ce_no_minus(A, Y):
    return float(np.sum(Y * np.log(A)) / A.shape[1])


def _ce_binary(A, Y):
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / A.shape[1])


def _ce_mean_over_all_entries(A, Y):
    return float(-np.mean(Y * np.log(A)))


def _pair_cases(rng, plan):
    """(A, Y) pairs: A a softmax of random scores, Y one-hot, each true class with A >= 0.01.

    Where the true class would get less than 0.01, its score is raised to the column's largest,
    so that a cost computed as log(A + 1e-8) (a common guard) stays within the tolerance.
    """
    cases = []
    for label, C, m, scale in plan:
        Z = scale * rng.standard_normal((C, m))
        y, Y = _one_hot_of(rng, C, m)
        cols = np.arange(m)
        unlikely = _softmax_cols(Z)[y, cols] < 0.01
        Z[y[unlikely], cols[unlikely]] = Z[:, unlikely].max(axis=0)
        cases.append(Case(f"{label}, C = {C}, m = {m}", (_softmax_cols(Z), Y)))
    return cases


_PAIR_PLAN = (
    ("random scores", 3, 5, 1.0),
    ("random scores", 10, 8, 2.0),
    ("C = 2", 2, 6, 1.5),
    ("m = 1 (one example)", 4, 1, 1.0),
    ("confident predictions (scores of size 5)", 5, 16, 5.0),
    ("random scores", 7, 3, 1.0),
)


COST = Task(
    id="3.7", assignment=ASSIGNMENT, function="compute_cross_entropy_cost", points=2,
    reference=ref.compute_cross_entropy_cost, cases=lambda rng: _pair_cases(rng, _PAIR_PLAN),
    returns="cost", tol=Tolerance(atol=1e-6, rtol=1e-5),
    mistakes=(
        Mistake("cost summed over the examples instead of averaged",
                "Divide the sum by m = A.shape[1]: the cost is the MEAN over the examples.",
                _ce_sum_over_m),
        Mistake("missing minus sign",
                "log A is negative: J = -(1/m) sum Y log A is positive.", _ce_no_minus),
        Mistake("binary cross-entropy with (1 - Y) log(1 - A) terms",
                "With C classes only the true class counts: J = -(1/m) sum Y log A, no (1 - Y) "
                "term.", _ce_binary),
        Mistake("averaged over all C*m entries instead of over the m examples",
                "np.mean divides by C*m: sum over everything, then divide by m only.",
                _ce_mean_over_all_entries),
    ),
)


# ---------------------------------------------------------------- 3.8 backward

def _dz_y_minus_a(A, Y):
    return Y - A


def _dz_over_m(A, Y):
    return (A - Y) / A.shape[1]


def _dz_elementwise_derivative(A, Y):
    dA = -Y / A
    return dA * A * (1 - A)


def _dz_returns_da(A, Y):
    return -Y / A


BACKWARD = Task(
    id="3.8", assignment=ASSIGNMENT, function="softmax_cross_entropy_backward", points=1,
    reference=ref.softmax_cross_entropy_backward,
    cases=lambda rng: _pair_cases(rng, _PAIR_PLAN), returns="dZ",
    mistakes=(
        Mistake("sign flipped: Y - A instead of A - Y",
                "dZ = A - Y: the gradient points to where the cost grows.", _dz_y_minus_a),
        Mistake("divided by m", "In this course dZ = A - Y; the 1/m is applied later, in "
                "dW = (1/m) dZ A_prev^T and db.", _dz_over_m),
        Mistake("elementwise derivative A(1 - A) instead of the softmax Jacobian",
                "Each z_c changes every probability, not only its own: the result is simply "
                "A - Y.", _dz_elementwise_derivative),
        Mistake("returning dA = -Y / A instead of dZ",
                "Return the gradient with respect to Z, the input of the softmax: A - Y.",
                _dz_returns_da),
    ),
)


# ---------------------------------------------------------------- 3.9 predict_classes

def _pred_wrong_axis(A):
    return np.argmax(A, axis=1)


def _pred_one_hot(A):
    return (A == np.max(A, axis=0, keepdims=True)).astype(np.int64)


def _pred_row_vector(A):
    return np.argmax(A, axis=0).reshape(1, -1)


def _pred_flat_argmax(A):
    return np.argmax(A)


def _predict_cases(rng):
    cases = []
    plan = [  # (label, C, m, kind)
        ("probabilities", 3, 5, "prob"),
        ("probabilities", 10, 7, "prob"),
        ("C = 2, probabilities", 2, 6, "prob"),
        ("m = 1 (one example), probabilities", 4, 1, "prob"),
        ("raw scores (negative and positive)", 5, 8, "scores"),
        ("ties: the first (smallest) class wins", 4, 6, "ties"),
        ("single class (C = 1)", 1, 3, "prob"),
    ]
    for label, C, m, kind in plan:
        Z = 2.0 * rng.standard_normal((C, m))
        if kind == "scores":
            A = Z
        elif kind == "prob":
            A = _softmax_cols(Z)
        else:  # two or more classes share the largest probability in every column
            A = rng.integers(0, 3, (C, m)).astype(np.float64)
            top = rng.permuted(np.tile(np.arange(C), (m, 1)), axis=1)[:, :2].T  # (2, m)
            A[top, np.arange(m)] = 3.0
            A = A / A.sum(axis=0, keepdims=True)
        cases.append(Case(f"{label}, A of shape ({C}, {m})", (A,)))
    return cases


PREDICT = Task(
    id="3.9", assignment=ASSIGNMENT, function="predict_classes", points=1,
    reference=ref.predict_classes, cases=_predict_cases, returns="classes",
    mistakes=(
        Mistake("argmax over the wrong axis (axis=1)",
                "Each column is one example: np.argmax(A, axis=0).", _pred_wrong_axis),
        Mistake("returning a one-hot matrix instead of class numbers",
                "Return one integer class per example, shape (m,): np.argmax(A, axis=0).",
                _pred_one_hot),
        Mistake("returning shape (1, m) instead of (m,)",
                "Return a flat array of shape (m,): no reshape, no keepdims.", _pred_row_vector),
        Mistake("argmax of the whole matrix (no axis)",
                "np.argmax(A) without an axis gives one number for the flattened matrix; "
                "use axis=0.", _pred_flat_argmax),
    ),
)

TASKS = (SOFTMAX, ONE_HOT, COST, BACKWARD, PREDICT)
register(*TASKS)
