"""Given network of the softmax lesson: hidden layers, then a softmax output layer for C classes.

Layers l = 1 .. L-1:  Z = W A_prev + b,  A = g(Z)  with g = relu (default), tanh or sigmoid.
Output layer L:       Z = W A_prev + b,  A_L = softmax(Z), with YOUR softmax, passed in.

Nothing here computes a softmax, one-hot labels, the cross-entropy cost, the output gradient
dZ_L = A_L - Y or the predicted classes: those are the lesson's graded tasks. ``forward`` takes
the softmax as an argument and ``backward`` starts from the dZ_L you give it; from there it
back-propagates as in week 1: dW = (1/m) dZ A_prev^T, db = (1/m) sum over columns of dZ,
dA_prev = W^T dZ, dZ = dA * g'(Z).

Examples are columns, as everywhere in the kit: X is (n_x, m) and A_L is (C, m).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from course.nets import relu, sigmoid

__all__ = ["HIDDEN_ACTIVATIONS", "backward", "confusion_matrix", "forward", "num_layers"]

# Hidden-layer activations g and their derivatives g'(Z), written with A = g(Z) where possible.
HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid")


def _activate(Z: np.ndarray, hidden: str) -> np.ndarray:
    if hidden == "relu":
        return relu(Z)
    if hidden == "tanh":
        return np.tanh(Z)
    if hidden == "sigmoid":
        return sigmoid(Z)
    raise ValueError(f"hidden must be one of {HIDDEN_ACTIVATIONS}, got {hidden!r}")


def _derivative(Z: np.ndarray, A: np.ndarray, hidden: str) -> np.ndarray:
    """g'(Z) for A = g(Z): relu' = 1 where Z > 0; tanh' = 1 - A^2; sigmoid' = A (1 - A)."""
    if hidden == "relu":
        return (Z > 0).astype(np.float64)
    if hidden == "tanh":
        return 1.0 - A ** 2
    return A * (1.0 - A)


def num_layers(parameters: dict) -> int:
    """Number L of layers of a parameters dict {"W1", "b1", ..., "WL", "bL"} (W1..WL in a row)."""
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    if L == 0:
        raise ValueError("parameters must hold at least 'W1' and 'b1'")
    return L


def forward(X: np.ndarray, parameters: dict, softmax_fn: Callable[[np.ndarray], np.ndarray],
            hidden: str = "relu"):
    """Forward pass: L-1 hidden layers with activation ``hidden``, then ``softmax_fn``.

    Z[l] = W[l] A[l-1] + b[l] with A[0] = X; A[l] = g(Z[l]) for l < L; A[L] = softmax_fn(Z[L]).

    Args:
        X: inputs, (n_x, m).
        parameters: dict {"W1": (n_1, n_x), "b1": (n_1, 1), ..., "WL": (C, n_{L-1}), "bL": (C, 1)}.
        softmax_fn: the column-wise softmax, (C, m) -> (C, m) (the lesson's Task 3.5).
        hidden: hidden-layer activation, "relu", "tanh" or "sigmoid".
    Returns:
        AL: output probabilities, (C, m).
        caches: list of L dicts, one per layer, each {"A_prev", "W", "Z", "A"}, for backward.
    """
    if hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"hidden must be one of {HIDDEN_ACTIVATIONS}, got {hidden!r}")
    A = np.asarray(X, dtype=np.float64)
    if A.ndim != 2:
        raise ValueError(f"X must have shape (n_x, m), got {A.shape}")
    L = num_layers(parameters)
    caches = []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        A_next = softmax_fn(Z) if l == L else _activate(Z, hidden)
        caches.append({"A_prev": A, "W": W, "Z": Z, "A": A_next})
        A = A_next
    return A, caches


def backward(dZL: np.ndarray, caches: list, hidden: str = "relu") -> dict:
    """Backward pass from the output layer's dZ_L, for the mean cost over the m examples.

    For l = L, ..., 1:  dW[l] = (1/m) dZ[l] A[l-1]^T,  db[l] = (1/m) sum over columns of dZ[l];
    then dA[l-1] = W[l]^T dZ[l] and dZ[l-1] = dA[l-1] * g'(Z[l-1]).

    Args:
        dZL: gradient at the output layer's input Z_L in Andrew Ng's convention (no 1/m),
            (C, m); for softmax with the cross-entropy cost it is A_L - Y (the lesson's Task 3.8).
        caches: the caches returned by ``forward`` (with the same ``hidden``).
        hidden: hidden-layer activation used in ``forward``.
    Returns:
        grads: dict {"dW1": (n_1, n_x), "db1": (n_1, 1), ..., "dWL", "dbL"}, the shapes of the
            matching parameters.
    """
    if hidden not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"hidden must be one of {HIDDEN_ACTIVATIONS}, got {hidden!r}")
    dZ = np.asarray(dZL, dtype=np.float64)
    L = len(caches)
    if dZ.shape != caches[-1]["Z"].shape:
        raise ValueError(f"dZL must have the output's shape {caches[-1]['Z'].shape}, "
                         f"got {dZ.shape}")
    m = dZ.shape[1]
    grads = {}
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        grads[f"dW{l}"] = (dZ @ cache["A_prev"].T) / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            below = caches[l - 2]
            dA = cache["W"].T @ dZ
            dZ = dA * _derivative(below["Z"], below["A"], hidden)
    return grads


def confusion_matrix(y_true, y_pred, C: int) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    cm[i, j] = number of examples of true class i predicted as class j; the diagonal holds the
    correct predictions, and each row sums to the number of examples of that class.

    Args:
        y_true: true labels, integers in [0, C), shape (m,).
        y_pred: predicted labels, integers in [0, C), shape (m,).
        C: number of classes.
    Returns:
        cm: int64 array of shape (C, C).
    """
    y_true = np.asarray(y_true).reshape(-1)
    y_pred = np.asarray(y_pred).reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same length, got {y_true.shape} and "
                         f"{y_pred.shape}")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.size and (not np.issubdtype(y.dtype, np.integer) or y.min() < 0 or y.max() >= C):
            raise ValueError(f"{name} must hold integers in [0, {C})")
    cm = np.zeros((C, C), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm
