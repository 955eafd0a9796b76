"""Numerical gradients for checking backward passes (the tests and the gradient-checking lesson).

Two-sided differences: (f(x + e) - f(x - e)) / (2e) has error O(e^2), one-sided O(e).
The loop over elements is inherent to finite differences (one perturbation per element); it is
used only to check the vectorized passes, never inside them.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["numerical_gradient", "numerical_gradient_array", "rel_error"]


def numerical_gradient(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Gradient of the scalar ``f()`` with respect to the array ``x``, which ``f`` reads.

    ``x`` is perturbed in place and restored after each element.

    Args:
        f: function of no arguments returning a float; it must read ``x``.
        x: float64 array of any shape.
        eps: step of the two-sided difference.
    Returns:
        array of ``x.shape``: d f / d x.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat_x = x.reshape(-1)  # a view: x is contiguous in every use here
    flat_g = grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + eps
        f_plus = f()
        flat_x[i] = old - eps
        f_minus = f()
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def numerical_gradient_array(
    f: Callable[[], np.ndarray], x: np.ndarray, dout: np.ndarray, eps: float = 1e-6
) -> np.ndarray:
    """Gradient of ``sum(f() * dout)`` with respect to ``x``: the vector-Jacobian product.

    Args:
        f: function of no arguments returning an array; it must read ``x``.
        x: float64 array perturbed in place.
        dout: upstream gradient, same shape as ``f()``.
    Returns:
        array of ``x.shape``.
    """
    return numerical_gradient(lambda: float(np.sum(f() * dout)), x, eps)


def rel_error(a, b) -> float:
    """Relative error of two gradients, as in gradient checking: ||a - b|| / (||a|| + ||b||).

    Returns 0.0 when both are exactly zero.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)
