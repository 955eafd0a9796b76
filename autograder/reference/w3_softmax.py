"""Week 3: softmax output layer for C classes, one-hot labels and the cross-entropy cost.

softmax(Z)[c, j] = exp(Z[c, j]) / sum_k exp(Z[k, j]), column by column (one example per column).
With one-hot labels Y, the cost J = -(1/m) sum_j sum_c Y[c, j] log A[c, j] has the gradient
dJ/dZ = (1/m) (A - Y); in Andrew Ng's convention dZ = A - Y and the layer's dW = (1/m) dZ A_prev^T
carries the 1/m.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "compute_cross_entropy_cost",
    "one_hot",
    "predict_classes",
    "softmax",
    "softmax_cross_entropy_backward",
]

# log(A) is taken as log(max(A, _TINY)): finite when a probability underflows to 0.
_TINY = np.finfo(np.float64).tiny


def _as_2d(name: str, x) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"{name} must be 2-D (classes x examples), got shape {x.shape}")
    return x


def softmax(Z):
    """Column-wise softmax, stable for large |Z|.

    A[:, j] = exp(Z[:, j] - max_c Z[c, j]) / sum_c exp(Z[c, j] - max_c Z[c, j]).
    Subtracting the column maximum does not change the result (the factor cancels) but keeps
    every exponent <= 0, so nothing overflows.

    Args:
        Z: scores, shape (C, m), finite.
    Returns:
        A: probabilities, shape (C, m); each column sums to 1.
    """
    Z = _as_2d("Z", Z)
    if Z.shape[0] < 1:
        raise ValueError("Z needs at least one class (row)")
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must contain only finite numbers (no nan or inf)")
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def one_hot(y, C):
    """One-hot matrix of integer labels: Y[c, j] = 1 if y[j] == c else 0.

    Args:
        y: labels, integers in [0, C), shape (m,) or (1, m).
        C: number of classes, an integer >= 1.
    Returns:
        Y: float64 array of shape (C, m).
    """
    if isinstance(C, bool) or not isinstance(C, numbers.Integral) or C < 1:
        raise ValueError(f"C must be an integer >= 1, got {C!r}")
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[0] == 1:
        y = y[0]
    if y.ndim != 1:
        raise ValueError(f"y must have shape (m,) or (1, m), got {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {y.dtype}")
    if y.size and (y.min() < 0 or y.max() >= C):
        raise ValueError(f"labels must lie in [0, {C}), got values from {y.min()} to {y.max()}")
    Y = np.zeros((int(C), y.shape[0]), dtype=np.float64)
    Y[y.astype(np.int64), np.arange(y.shape[0])] = 1.0
    return Y


def _check_pair(A, Y):
    A = _as_2d("A", A)
    Y = _as_2d("Y", Y)
    if A.shape != Y.shape:
        raise ValueError(f"A and Y must have the same shape (C, m), got {A.shape} and {Y.shape}")
    if A.shape[1] < 1:
        raise ValueError("need at least one example (m >= 1)")
    return A, Y


def compute_cross_entropy_cost(A, Y):
    """Mean categorical cross-entropy: J = -(1/m) sum_j sum_c Y[c, j] log A[c, j].

    log 0 is avoided by taking log(max(A, tiny)) with tiny the smallest normal float64.

    Args:
        A: predicted probabilities, shape (C, m).
        Y: one-hot labels (or any distributions over classes), shape (C, m).
    Returns:
        J: Python float.
    """
    A, Y = _check_pair(A, Y)
    m = A.shape[1]
    return float(-np.sum(Y * np.log(np.maximum(A, _TINY))) / m)


def softmax_cross_entropy_backward(A, Y):
    """Gradient at the softmax layer's input in Andrew Ng's convention: dZ = A - Y.

    For J = -(1/m) sum Y log softmax(Z) the exact gradient is dJ/dZ = (A - Y) / m when each column
    of Y sums to 1; the 1/m is applied later, in dW = (1/m) dZ A_prev^T and db = (1/m) sum_j dZ.

    Args:
        A: softmax output, shape (C, m).
        Y: one-hot labels, shape (C, m).
    Returns:
        dZ: new array of shape (C, m).
    """
    A, Y = _check_pair(A, Y)
    return A - Y


def predict_classes(A):
    """Predicted class of each example: the row of the largest probability in its column.

    Args:
        A: probabilities or scores, shape (C, m).
    Returns:
        int64 array of shape (m,).
    """
    A = _as_2d("A", A)
    if A.shape[0] < 1:
        raise ValueError("A needs at least one class (row)")
    return np.argmax(A, axis=0).astype(np.int64)
