"""Week 2: random mini-batches and exponentially weighted moving averages (EWMA).

Mini-batch gradient descent shuffles the m examples (columns) once per epoch with one permutation
and cuts them into consecutive slices. An EWMA smooths a series theta_1..theta_T:
v_0 = 0, v_t = beta v_{t-1} + (1 - beta) theta_t, and averages over about 1 / (1 - beta) steps.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["effective_window", "ewma", "random_mini_batches"]

# Largest factor beta^(-j) used by ewma's chunks (e^230, about 1e100): far from overflow.
_MAX_LOG_GROWTH = 100 * np.log(10.0)
# Chunks shorter than this (only when beta < 3e-13) gain nothing: use the recurrence instead.
_MIN_CHUNK = 8


def _check_beta(beta) -> float:
    """Return ``beta`` as a float after checking 0 <= beta < 1."""
    if isinstance(beta, bool) or not isinstance(beta, numbers.Real):
        raise TypeError(f"beta must be a real number, got {type(beta).__name__}")
    beta = float(beta)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must satisfy 0 <= beta < 1, got {beta}")
    return beta


def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    """Shuffle the columns of (X, Y) with one permutation and cut them into mini-batches.

    perm = rng.permutation(m); X_s = X[:, perm], Y_s = Y[:, perm];
    batch k is (X_s[:, k*b:(k+1)*b], Y_s[:, k*b:(k+1)*b]) with b = mini_batch_size.
    All batches are full except the last one when m is not a multiple of b.

    Args:
        X: inputs, shape (n_x, m).
        Y: labels, shape (n_y, m) (n_y = 1 for binary labels, C for one-hot labels).
        mini_batch_size: b, an integer >= 1.
        rng: numpy.random.Generator; exactly one call, ``rng.permutation(m)``, is made.
    Returns:
        list of ceil(m / b) tuples (X_t, Y_t), X_t of shape (n_x, b_t), Y_t of shape (n_y, b_t),
        b_t = b except maybe for the last batch. The batches are new arrays (X, Y are not changed).
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            "rng must be a numpy.random.Generator (for example np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    if isinstance(mini_batch_size, bool) or not isinstance(mini_batch_size, numbers.Integral):
        raise TypeError(
            f"mini_batch_size must be an integer, got {type(mini_batch_size).__name__}"
        )
    if mini_batch_size < 1:
        raise ValueError(f"mini_batch_size must be >= 1, got {mini_batch_size}")
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2:
        raise ValueError(
            f"X and Y must be 2-D (features x examples), got shapes {X.shape} and {Y.shape}"
        )
    m = X.shape[1]
    if Y.shape[1] != m:
        raise ValueError(
            f"X and Y must have the same number of columns (examples), got {m} and {Y.shape[1]}"
        )
    perm = rng.permutation(m)
    X_shuffled = X[:, perm]  # fancy indexing copies: X itself is untouched
    Y_shuffled = Y[:, perm]
    b = int(mini_batch_size)
    return [(X_shuffled[:, k:k + b], Y_shuffled[:, k:k + b]) for k in range(0, m, b)]


def _ewma_steps(theta: np.ndarray, beta: float, bias_correction: bool) -> np.ndarray:
    """The recurrence itself, one vector step per time step (used for tiny beta)."""
    v = np.empty_like(theta)
    v_t = np.zeros(theta.shape[1:])
    for t in range(theta.shape[0]):
        v_t = beta * v_t + (1.0 - beta) * theta[t]
        v[t] = v_t / (1.0 - beta ** (t + 1)) if bias_correction else v_t
    return v


def ewma(theta, beta, bias_correction=False):
    """All exponentially weighted averages v_1..v_T of a series theta_1..theta_T.

    v_0 = 0, v_t = beta * v_{t-1} + (1 - beta) * theta_t; with bias correction each v_t is
    divided by (1 - beta^t), which removes the start-up bias towards 0.
    Time runs along axis 0; trailing axes (if any) are independent series.

    How it is computed without a Python step per t: unrolling the recurrence from the value
    v_prev just before a chunk of steps j = 1..n gives
        v_j = beta^j * (v_prev + (1 - beta) * sum_{k=1..j} beta^(-k) theta_k),
    a cumulative sum. beta^(-k) grows with k, so the series is cut into chunks short enough that
    beta^(-k) stays below 1e100 (one chunk when beta >= 0.9 and T <= 2000); the Python loop runs
    over chunks. The rounding error stays of order 1e-16 * max|theta| / (1 - beta).

    Args:
        theta: the series, shape (T,) or (T, ...); converted to float64.
        beta: the weight of the past, 0 <= beta < 1.
        bias_correction: divide v_t by (1 - beta^t) when True.
    Returns:
        new float64 array of theta's shape: row t - 1 holds v_t.
    """
    beta = _check_beta(beta)
    theta = np.asarray(theta, dtype=np.float64)
    if theta.ndim == 0:
        raise ValueError("theta must have a time axis: shape (T,) or (T, ...), got a scalar")
    if beta == 0.0:  # v_t = theta_t, and 1 - 0^t = 1
        return theta.copy()
    T = theta.shape[0]
    log_beta = np.log(beta)
    chunk = int(min(T, _MAX_LOG_GROWTH / -log_beta))
    if chunk < _MIN_CHUNK:
        return _ewma_steps(theta, beta, bias_correction)
    tail = (1,) * (theta.ndim - 1)  # to broadcast per-step factors over the trailing axes
    v = np.empty_like(theta)
    v_prev = np.zeros(theta.shape[1:])
    for start in range(0, T, chunk):
        n = min(chunk, T - start)
        j = np.arange(1, n + 1, dtype=np.float64)  # steps since the chunk began
        out = v[start:start + n]  # a view of the result, filled in place
        grow = (1.0 - beta) * np.exp(-log_beta * j)  # (1 - beta) beta^(-j)
        np.multiply(theta[start:start + n], grow.reshape((n,) + tail), out=out)
        np.cumsum(out, axis=0, out=out)
        out += v_prev
        decay = np.exp(log_beta * j)  # beta^j
        v_prev = decay[-1] * out[-1]  # uncorrected v at the end of the chunk
        if bias_correction:
            decay /= -np.expm1(log_beta * (start + j))  # 1 - beta^t with t = start + j
        out *= decay.reshape((n,) + tail)
    return v


def effective_window(beta):
    """Number of steps an EWMA roughly averages over: 1 / (1 - beta).

    After 1 / (1 - beta) steps a weight has shrunk by beta^(1/(1-beta)) ~ 1/e.

    Args:
        beta: 0 <= beta < 1.
    Returns:
        float, 1 / (1 - beta) (10 for beta = 0.9, 50 for beta = 0.98, up to rounding).
    """
    beta = _check_beta(beta)
    return 1.0 / (1.0 - beta)
