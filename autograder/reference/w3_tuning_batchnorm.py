"""Week 3: random hyperparameter search on a log scale, and batch normalization.

Search: a learning rate between 1e-4 and 1 is drawn as 10^u with u uniform in [-4, 0], so each
decade gets the same share of the trials. An averaging parameter beta between 0.9 and 0.999 is
drawn through 1 - beta, which lies between 1e-3 and 1e-1, on the same log scale.

Batch norm of a layer's pre-activations Z, shape (n_l, m), one unit per row:
mu = mean over the m columns, var = biased variance over the m columns,
Z_norm = (Z - mu) / sqrt(var + eps), Z_tilde = gamma * Z_norm + beta.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "batchnorm_backward",
    "batchnorm_forward",
    "sample_ema_beta",
    "sample_log_uniform",
]

_MODES = ("train", "test")


def _check_rng(rng) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (for example np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )


def _check_real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def sample_log_uniform(low, high, size, rng):
    """Draw values spread uniformly on a log scale between ``low`` and ``high``.

    u ~ Uniform[log10(low), log10(high)) with one call rng.uniform(log10(low), log10(high), size);
    value = 10^u. The result is clipped to [low, high], which only guards against a rounding of
    one unit in the last place at the ends.

    Args:
        low, high: bounds with 0 < low < high.
        size: number of values (int) or an output shape (tuple), as for rng.uniform.
        rng: numpy.random.Generator.
    Returns:
        float64 array of shape ``size`` with values in [low, high].
    """
    _check_rng(rng)
    low = _check_real("low", low)
    high = _check_real("high", high)
    if not 0.0 < low < high:
        raise ValueError(f"need 0 < low < high, got low={low}, high={high}")
    u = rng.uniform(np.log10(low), np.log10(high), size)
    return np.clip(10.0 ** np.asarray(u, dtype=np.float64), low, high)


def sample_ema_beta(low, high, size, rng):
    """Draw averaging parameters beta in [low, high] with 1 - beta uniform on a log scale.

    1 - beta = sample_log_uniform(1 - high, 1 - low, size, rng), so beta = 1 - 10^u with
    u ~ Uniform[log10(1 - high), log10(1 - low)). For low = 0.9, high = 0.999 the draws are as
    likely to land in [0.9, 0.99] (averaging over 10 to 100 steps) as in [0.99, 0.999] (100 to 1000
    steps): near 1 a small change of beta changes the window 1 / (1 - beta) a lot.

    Args:
        low, high: bounds with 0 <= low < high < 1.
        size: number of values (int) or an output shape (tuple).
        rng: numpy.random.Generator; one call rng.uniform(...) is made.
    Returns:
        float64 array of shape ``size`` with values in [low, high].
    """
    _check_rng(rng)
    low = _check_real("low", low)
    high = _check_real("high", high)
    if not 0.0 <= low < high < 1.0:
        raise ValueError(f"need 0 <= low < high < 1, got low={low}, high={high}")
    one_minus_beta = sample_log_uniform(1.0 - high, 1.0 - low, size, rng)
    return np.clip(1.0 - one_minus_beta, low, high)


def _check_column(name: str, x, n: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.shape != (n, 1):
        raise ValueError(f"{name} must have shape ({n}, 1) to match Z, got {x.shape}")
    return x


def batchnorm_forward(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                      epsilon=1e-5):
    """Batch-normalize the pre-activations Z of one layer, one unit per row.

    train: mu = (1/m) sum_j Z[:, j], var = (1/m) sum_j (Z[:, j] - mu)^2 (biased),
           running_mean <- momentum * running_mean + (1 - momentum) * mu, same for running_var.
    test:  mu = running_mean, var = running_var; the running statistics are not changed.
    Both:  Z_norm = (Z - mu) / sqrt(var + epsilon), Z_tilde = gamma * Z_norm + beta.

    Args:
        Z: pre-activations, shape (n_l, m).
        gamma, beta: scale and shift, shape (n_l, 1).
        running_mean, running_var: averages of the batch statistics, shape (n_l, 1).
        mode: "train" (use and update the batch statistics) or "test" (use the running ones).
        momentum: weight of the old running statistics, 0 <= momentum <= 1.
        epsilon: > 0, keeps the division safe when a unit's variance is 0.
    Returns:
        Z_tilde: shape (n_l, m).
        cache: dict for batchnorm_backward with keys "mode", "Z_norm" (n_l, m),
            "gamma" (n_l, 1) and "inv_std" = 1 / sqrt(var + epsilon) (n_l, 1).
        running_mean, running_var: NEW arrays, shape (n_l, 1) (in "test" mode equal copies of
            the inputs). No input is modified.
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2 or Z.shape[1] < 1:
        raise ValueError(f"Z must have shape (n_l, m) with m >= 1, got {Z.shape}")
    n = Z.shape[0]
    gamma = _check_column("gamma", gamma, n)
    beta = _check_column("beta", beta, n)
    running_mean = _check_column("running_mean", running_mean, n)
    running_var = _check_column("running_var", running_var, n)
    momentum = _check_real("momentum", momentum)
    epsilon = _check_real("epsilon", epsilon)
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum}")
    if epsilon <= 0.0:
        raise ValueError(f"epsilon must be > 0, got {epsilon}")

    if mode == "train":
        mu = Z.mean(axis=1, keepdims=True)
        var = Z.var(axis=1, keepdims=True)  # ddof=0: the biased variance
        new_mean = momentum * running_mean + (1.0 - momentum) * mu
        new_var = momentum * running_var + (1.0 - momentum) * var
    else:
        if np.any(running_var < 0):
            raise ValueError("running_var must be >= 0")
        mu, var = running_mean, running_var
        new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm = (Z - mu) * inv_std
    Z_tilde = gamma * Z_norm + beta
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma.copy(), "inv_std": inv_std}
    return Z_tilde, cache, new_mean, new_var


def batchnorm_backward(dZ_tilde, cache):
    """Backward pass of batchnorm_forward: gradients of a scalar loss L from dL/dZ_tilde.

    With g = dZ_tilde * gamma (= dL/dZ_norm) and sums over the m columns of each row:
        dbeta  = sum_j dZ_tilde
        dgamma = sum_j dZ_tilde * Z_norm
        train: dZ = (inv_std / m) * (m * g - sum_j g - Z_norm * sum_j (g * Z_norm))
        test:  dZ = g * inv_std  (mu and var are constants there: the layer is affine)
    Derivation (train, one row): Z_norm_i = (Z_i - mu) * s with s = (var + eps)^(-1/2),
    d mu / d Z_k = 1/m, d var / d Z_k = 2 (Z_k - mu) / m, so
    d Z_norm_i / d Z_k = s * (delta_ik - 1/m) - s * Z_norm_i * Z_norm_k / m;
    summing g_i times this over i gives the formula above.
    This is the plain chain rule (a vector-Jacobian product, as in cs231n): dgamma and dbeta are
    sums, not means. In Andrew Ng's convention dZ_tilde carries no 1/m (like dZ = A - Y), so the
    caller divides dgamma and dbeta by m, exactly as db = (1/m) sum_j dZ.

    Args:
        dZ_tilde: upstream gradient dL/dZ_tilde, shape (n_l, m).
        cache: the cache returned by batchnorm_forward (train or test mode).
    Returns:
        dZ: shape (n_l, m); dgamma, dbeta: shape (n_l, 1). All new arrays.
    """
    Z_norm = cache["Z_norm"]
    gamma = cache["gamma"]
    inv_std = cache["inv_std"]
    dZ_tilde = np.asarray(dZ_tilde, dtype=np.float64)
    if dZ_tilde.shape != Z_norm.shape:
        raise ValueError(
            f"dZ_tilde must have the shape of Z, {Z_norm.shape}, got {dZ_tilde.shape}"
        )
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * Z_norm).sum(axis=1, keepdims=True)
    g = dZ_tilde * gamma
    if cache["mode"] == "test":
        return g * inv_std, dgamma, dbeta
    m = Z_norm.shape[1]
    dZ = (inv_std / m) * (
        m * g - g.sum(axis=1, keepdims=True) - Z_norm * (g * Z_norm).sum(axis=1, keepdims=True)
    )
    return dZ, dgamma, dbeta
