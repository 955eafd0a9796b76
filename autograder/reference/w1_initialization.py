"""Week 1, weight initialization and input normalization (reference solutions).

Inputs are normalized with the training set's statistics only. Weights start as zeros (which
never breaks symmetry), as large random values, or with Xavier / He scaling, which keeps the
variance of the activations about the same from layer to layer.

Draw order of every random initialization: W1, then W2, ..., each
``rng.standard_normal((n_l, n_{l-1}))`` times the layer's standard deviation; biases are zeros.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "initialize_parameters_he",
    "initialize_parameters_random",
    "initialize_parameters_xavier",
    "initialize_parameters_zeros",
    "normalize_inputs",
]


def normalize_inputs(X_train: np.ndarray, X_test: np.ndarray):
    """Normalize both sets with the mean and variance of the training set.

    mu = (1/m) sum_i x^(i), sigma2 = (1/m) sum_i (x^(i) - mu)^2 (biased variance, per feature),
    X_n = (X - mu) / sqrt(sigma2).

    Args:
        X_train: training inputs, (n_x, m_train).
        X_test: test inputs, (n_x, m_test).
    Returns:
        X_train_n: (n_x, m_train), each row with mean 0 and variance 1.
        X_test_n: (n_x, m_test), shifted and scaled with the training statistics.
        mu: training mean, (n_x, 1).
        sigma2: training variance (biased), (n_x, 1).
    Raises:
        ValueError: if the two sets have different numbers of features, or a training feature is
            constant (sigma2 = 0, so there is nothing to divide by).
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[0] != X_test.shape[0]:
        raise ValueError(
            f"X_train and X_test must be (n_x, m) with the same n_x, "
            f"got {X_train.shape} and {X_test.shape}"
        )
    mu = np.mean(X_train, axis=1, keepdims=True)
    sigma2 = np.mean((X_train - mu) ** 2, axis=1, keepdims=True)
    if np.any(sigma2 == 0):
        raise ValueError("a training feature is constant (variance 0): it cannot be normalized")
    sigma = np.sqrt(sigma2)
    return (X_train - mu) / sigma, (X_test - mu) / sigma, mu, sigma2


def _check_layers_dims(layers_dims) -> list:
    dims = [int(n) for n in layers_dims]
    if len(dims) < 2 or min(dims) < 1:
        raise ValueError(f"layers_dims must hold at least two positive sizes, got {layers_dims!r}")
    return dims


def _gaussian_init(layers_dims, rng: np.random.Generator, std: Callable[[int], float]) -> dict:
    """W_l = rng.standard_normal((n_l, n_{l-1})) * std(n_{l-1}) for l = 1..L; b_l = zeros."""
    dims = _check_layers_dims(layers_dims)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * std(dims[l - 1])
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def initialize_parameters_zeros(layers_dims) -> dict:
    """All weights and biases zero: W_l = 0 (n_l, n_{l-1}), b_l = 0 (n_l, 1).

    Args:
        layers_dims: sequence [n_0, n_1, ..., n_L] of layer sizes, n_0 = n_x.
    Returns:
        dict {"W1", "b1", ..., "WL", "bL"} of float64 zeros.
    """
    dims = _check_layers_dims(layers_dims)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = np.zeros((dims[l], dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims, rng: np.random.Generator,
                                 scale: float = 10.0) -> dict:
    """Large random weights: W_l = N(0, 1) * scale, b_l = 0.

    Draws W1, then W2, ..., each ``rng.standard_normal((n_l, n_{l-1}))``.

    Args:
        layers_dims: sequence [n_0, n_1, ..., n_L] of layer sizes, n_0 = n_x.
        rng: numpy random Generator.
        scale: standard deviation of every weight.
    Returns:
        dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1), float64.
    """
    return _gaussian_init(layers_dims, rng, lambda n_prev: scale)


def initialize_parameters_xavier(layers_dims, rng: np.random.Generator) -> dict:
    """Xavier initialization: W_l = N(0, 1) * sqrt(1 / n_{l-1}), b_l = 0.

    Draws W1, then W2, ..., each ``rng.standard_normal((n_l, n_{l-1}))``.

    Args:
        layers_dims: sequence [n_0, n_1, ..., n_L] of layer sizes, n_0 = n_x.
        rng: numpy random Generator.
    Returns:
        dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1), float64.
    """
    return _gaussian_init(layers_dims, rng, lambda n_prev: np.sqrt(1.0 / n_prev))


def initialize_parameters_he(layers_dims, rng: np.random.Generator) -> dict:
    """He initialization (for ReLU layers): W_l = N(0, 1) * sqrt(2 / n_{l-1}), b_l = 0.

    Draws W1, then W2, ..., each ``rng.standard_normal((n_l, n_{l-1}))``.

    Args:
        layers_dims: sequence [n_0, n_1, ..., n_L] of layer sizes, n_0 = n_x.
        rng: numpy random Generator.
    Returns:
        dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1), float64.
    """
    return _gaussian_init(layers_dims, rng, lambda n_prev: np.sqrt(2.0 / n_prev))
