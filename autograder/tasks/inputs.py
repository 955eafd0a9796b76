"""Random inputs shared by the task specs: parameter dicts, matching gradients and states."""
from __future__ import annotations

import numpy as np

# Layer sizes of the cases: one layer, a single unit, a 3-layer net, a wide layer.
LAYER_SHAPES = ([3, 2], [1, 1], [4, 3, 2, 1], [2, 6, 5])


def random_parameters(rng: np.random.Generator, layers_dims, scale: float = 1.0) -> dict:
    """{"W1": (n1, n0), "b1": (n1, 1), ...} with N(0, scale^2) entries (biases non-zero too)."""
    params = {}
    for l in range(1, len(layers_dims)):
        params[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * scale
        params[f"b{l}"] = rng.standard_normal((layers_dims[l], 1)) * scale
    return params


def random_like(rng: np.random.Generator, parameters: dict, scale: float = 1.0,
                positive: bool = False) -> dict:
    """A dict keyed "dW1", "db1", ... shaped like ``parameters``: gradients or optimizer state.

    ``positive`` draws |N(0, 1)| * scale (second moments are never negative).
    """
    out = {}
    for name, value in parameters.items():
        x = rng.standard_normal(value.shape) * scale
        out["d" + name] = np.abs(x) if positive else x
    return out


def with_backprop_keys(rng: np.random.Generator, grads: dict, m: int = 3) -> dict:
    """``grads`` plus the ``dA*``/``dZ*`` keys a backward pass returns beside ``dW*``/``db*``.

    Real gradients carry them (CURRICULUM conventions), so an update function must take what it
    needs from ``grads`` by the parameters' names, not loop over every key of ``grads``.
    """
    layers = sum(1 for key in grads if key.startswith("dW"))
    out = {}
    for l in range(layers, 0, -1):
        n = grads[f"dW{l}"].shape[0]
        out[f"dZ{l}"] = rng.standard_normal((n, m))
        out[f"dW{l}"], out[f"db{l}"] = grads[f"dW{l}"], grads[f"db{l}"]
        if l > 1:
            out[f"dA{l - 1}"] = rng.standard_normal((grads[f"dW{l - 1}"].shape[0], m))
    return out
