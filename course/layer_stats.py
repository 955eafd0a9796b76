"""Layer-by-layer statistics of a deep network, for the initialization lesson (week 1).

The network is the L-layer net of ``course.nets.forward_activations``: hidden layers
A_l = g(W_l A_{l-1} + b_l) with g = relu, tanh or sigmoid, and a sigmoid output layer L.
``deep_gradients`` is its backward pass for the mean cross-entropy cost, so a lesson can show how
the size of the gradients changes from layer to layer; ``plot_activation_grid`` draws the
activations of several networks as one grid of histograms (a row per network, a column per
layer).

Nothing here initializes parameters: the lesson passes in parameters made by the student's
functions.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course.nets import _ACTIVATIONS, _num_layers, forward_activations

__all__ = ["deep_gradients", "mean_abs", "plot_activation_grid"]


def _derivative_from_output(A: np.ndarray, activation: str) -> np.ndarray:
    """g'(Z) written with A = g(Z): relu (A > 0), tanh 1 - A^2, sigmoid A (1 - A)."""
    if activation == "relu":
        return (A > 0).astype(np.float64)
    if activation == "tanh":
        return 1.0 - A ** 2
    return A * (1.0 - A)


def deep_gradients(X: np.ndarray, Y: np.ndarray, parameters: dict, activation: str = "relu",
                   activations: list | None = None) -> dict:
    """Gradients of the mean cross-entropy cost of the L-layer net of ``forward_activations``.

    dZ_L = A_L - Y; for l = L, ..., 1: dW_l = (1/m) dZ_l A_{l-1}^T, db_l = (1/m) sum over
    columns of dZ_l, and dZ_{l-1} = (W_l^T dZ_l) * g'(Z_{l-1}) (A_0 = X).

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m) (or (n_L, m) for n_L sigmoid outputs).
        parameters: dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1).
        activation: hidden-layer activation, one of "relu", "tanh", "sigmoid".
        activations: the list [A1, ..., AL] that ``forward_activations(X, parameters,
            activation)`` returns, if already computed (saves the forward pass).
    Returns:
        dict {"dW1", "db1", ..., "dWL", "dbL"} with the shapes of the parameters, float64.
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    L = _num_layers(parameters)
    if activations is None:
        activations = forward_activations(X, parameters, activation)
    if len(activations) != L:
        raise ValueError(f"activations must hold A1 ... A{L}, got {len(activations)} arrays")
    m = X.shape[1]
    grads = {}
    dZ = activations[-1] - Y
    for l in range(L, 0, -1):
        A_prev = X if l == 1 else activations[l - 2]
        grads[f"dW{l}"] = (dZ @ A_prev.T) / m
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True) / m
        if l > 1:
            dA_prev = parameters[f"W{l}"].T @ dZ
            dZ = dA_prev * _derivative_from_output(A_prev, activation)
    return {key: grads[key] for l in range(1, L + 1) for key in (f"dW{l}", f"db{l}")}


def mean_abs(arrays) -> np.ndarray:
    """Mean absolute value of each array: one number per layer, e.g. of the dW_l.

    Args:
        arrays: sequence of arrays (any shapes).
    Returns:
        (len(arrays),) float64 array.
    """
    return np.array([float(np.mean(np.abs(np.asarray(a, dtype=np.float64)))) for a in arrays])


def plot_activation_grid(rows: dict, title: str | None = None, bins: int = 40,
                         skip_zeros: bool = False):
    """A grid of histograms: one row per network, one column per layer.

    All panels of a row share one x-range, written under the row's first panel: a layer whose
    values shrink shows as a narrow spike, and a layer whose values grow squeezes the others
    into spikes. Each panel is titled with its layer and the standard deviation of its values.
    Non-finite values are left out.

    Args:
        rows: dict label -> list of arrays, one per layer (e.g. A1 ... A10); every row must have
            the same number of layers.
        title: title of the whole figure.
        bins: number of bins of each histogram.
        skip_zeros: leave values that are exactly 0 out of the histograms (ReLU sets about half
            of its outputs to exactly 0; that bar would dwarf the rest); the standard deviation
            in the title still counts them.
    Returns:
        the matplotlib Figure.
    """
    labels = list(rows)
    if not labels:
        raise ValueError("rows is empty: give one list of activations per network")
    layers = [[np.asarray(a, dtype=np.float64).reshape(-1) for a in rows[k]] for k in labels]
    n_cols = len(layers[0])
    if n_cols == 0 or any(len(r) != n_cols for r in layers):
        raise ValueError("every row needs the same, non-zero number of layers")
    n_rows = len(labels)
    # No constrained layout and one `stairs` artist per panel: a 4 x 10 grid draws in well under
    # a second.
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1.6 * n_cols + 0.9, 1.45 * n_rows + 0.8),
                             squeeze=False)
    height = 1.45 * n_rows + 0.8
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.35 / height,
                        top=1 - (0.75 if title else 0.45) / height, hspace=0.9, wspace=0.12)
    for r, (label, row) in enumerate(zip(labels, layers)):
        finite = [v[np.isfinite(v)] for v in row]
        shown = [f[f != 0] if skip_zeros else f for f in finite]
        joined = np.concatenate(shown) if any(s.size for s in shown) else np.zeros(1)
        low, high = float(joined.min()), float(joined.max())
        if skip_zeros:
            low, high = min(low, 0.0), max(high, 0.0)
        if low == high:
            low, high = low - 0.5, high + 0.5
        for c, (values, drawn) in enumerate(zip(finite, shown)):
            ax = axes[r, c]
            counts, edges = np.histogram(drawn, bins=bins, range=(low, high))
            ax.stairs(counts, edges, fill=True, color="#4a7fb5")
            std = float(values.std()) if values.size else float("nan")
            ax.set_title(f"layer {c + 1}\nstd {std:.2g}", fontsize="x-small")
            ax.tick_params(labelsize=6, length=2)
            ax.set_yticks([])
            ax.set_xlim(low, high)
            ax.set_xticks([])
        # the row's x-range, once, under its first panel
        axes[r, 0].set_xlabel(f"x from {low:.2g} to {high:.2g}", fontsize=6, labelpad=1)
        axes[r, 0].set_ylabel(label, fontsize="small")
    if title:
        fig.suptitle(title)
    return fig
