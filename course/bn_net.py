"""Given network of the batch-norm lesson: a deep ReLU classifier with optional batch norm.

Hidden layer l = 1..L-1:  Z = W A_prev (+ b),  Z_tilde = BN(Z) or Z,  A = relu(Z_tilde).
Output layer L:           Z = W A_prev + b,    A_L = sigmoid(Z)   (binary labels, Y is (1, m)).

With batch norm a hidden layer has NO bias b: batch norm subtracts the mean of each unit, which
would cancel b, and its shift beta takes b's role. Its parameters are then W, gamma and beta.

Batch norm itself is not in this module: the functions take YOUR ``batchnorm_forward`` and
``batchnorm_backward`` as the arguments ``bn_forward`` and ``bn_backward``, with the signatures
of the lesson's tasks:

    bn_forward(Z, gamma, beta, running_mean, running_var, mode=..., momentum=..., epsilon=...)
        -> (Z_tilde, cache, running_mean, running_var)
    bn_backward(dZ_tilde, cache) -> (dZ, dgamma, dbeta), dgamma and dbeta SUMS over the m columns

Gradients follow Andrew Ng's convention: dZ_L = A_L - Y (no 1/m), dW = (1/m) dZ A_prev^T,
db = (1/m) sum over the columns of dZ. ``bn_backward`` receives dZ_tilde without 1/m and returns
sums, so this module divides its dgamma and dbeta by m, exactly as for db.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "bn_net_backward",
    "bn_net_cost",
    "bn_net_forward",
    "bn_net_predict",
    "initialize_bn_net",
    "initialize_bn_state",
]

_TINY = np.finfo(np.float64).tiny


def _check_layers_dims(layers_dims) -> list[int]:
    dims = list(layers_dims)
    if len(dims) < 2:
        raise ValueError(f"layers_dims needs at least [n_x, n_L], got {dims}")
    for n in dims:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"layer sizes must be integers >= 1, got {dims}")
    return [int(n) for n in dims]


def initialize_bn_net(layers_dims, rng: np.random.Generator, batchnorm: bool = False) -> dict:
    """He-initialized parameters; with batch norm, hidden layers get gamma and beta instead of b.

    W[l] = rng.standard_normal((n_l, n_{l-1})) * sqrt(2 / n_{l-1}), drawn in the order W1, ..., WL.
    Without batch norm every b[l] = 0. With batch norm every hidden layer l < L has
    gamma[l] = 1 and beta[l] = 0 and no b[l]; the output layer keeps its bias b[L] = 0.
    The same rng seed gives the same weights with and without batch norm.

    Args:
        layers_dims: [n_x, n_1, ..., n_L].
        rng: numpy.random.Generator.
        batchnorm: give the hidden layers gamma and beta instead of b.
    Returns:
        parameters: dict with "Wl" (n_l, n_{l-1}) and "bl" (n_l, 1), or "gammal" and "betal"
            (n_l, 1) for the hidden layers with batch norm.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    dims = _check_layers_dims(layers_dims)
    L = len(dims) - 1
    parameters = {}
    for l in range(1, L + 1):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2.0 / dims[l - 1])
        if batchnorm and l < L:
            parameters[f"gamma{l}"] = np.ones((dims[l], 1))
            parameters[f"beta{l}"] = np.zeros((dims[l], 1))
        else:
            parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


def initialize_bn_state(layers_dims) -> dict:
    """Starting running statistics of every hidden layer: mean 0 and variance 1.

    Args:
        layers_dims: [n_x, n_1, ..., n_L].
    Returns:
        dict {"running_mean1": (n_1, 1), "running_var1": (n_1, 1), ...} for l = 1..L-1.
    """
    dims = _check_layers_dims(layers_dims)
    state = {}
    for l in range(1, len(dims) - 1):
        state[f"running_mean{l}"] = np.zeros((dims[l], 1))
        state[f"running_var{l}"] = np.ones((dims[l], 1))
    return state


def _num_layers(parameters: dict) -> int:
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    if L == 0:
        raise ValueError(f"parameters must hold W1, ..., WL; got keys {sorted(parameters)}")
    return L


def _uses_batchnorm(parameters: dict) -> bool:
    return "gamma1" in parameters


def _sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-Z)), computed without overflow for any Z."""
    return np.exp(-np.logaddexp(0.0, -Z))


def bn_net_forward(X, parameters: dict, bn_forward=None, bn_state=None, mode: str = "train",
                   momentum: float = 0.9, epsilon: float = 1e-5):
    """Forward pass: L-1 ReLU layers (batch-normalized when parameters hold gamma1), then sigmoid.

    Args:
        X: inputs, shape (n_x, m).
        parameters: from initialize_bn_net; batch norm is used when it holds "gamma1".
        bn_forward: your batchnorm_forward (needed only with batch norm).
        bn_state: running statistics from initialize_bn_state or an earlier call; None in
            "train" mode means the initial state (mean 0, variance 1). Required in "test" mode.
        mode: "train" (batch statistics; the running statistics are updated) or "test"
            (the running statistics normalize; nothing is updated).
        momentum, epsilon: passed to bn_forward.
    Returns:
        AL: probabilities, shape (1, m) (or (n_L, m)).
        caches: list of L dicts, one per layer, for bn_net_backward. caches[l - 1]["A_prev"] is
            the input of layer l, shape (n_{l-1}, m); "Z_tilde" is a hidden layer's
            (normalized) pre-activation, shape (n_l, m).
        new_bn_state: a NEW dict of running statistics (None without batch norm).
    """
    if mode not in ("train", "test"):
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    batchnorm = _uses_batchnorm(parameters)
    if batchnorm and bn_forward is None:
        raise ValueError("these parameters use batch norm: pass bn_forward=batchnorm_forward")
    if batchnorm and mode == "test" and bn_state is None:
        raise ValueError("test mode with batch norm needs bn_state (the running statistics)")
    A = np.asarray(X, dtype=np.float64)
    if A.ndim != 2:
        raise ValueError(f"X must have shape (n_x, m), got {A.shape}")
    L = _num_layers(parameters)
    caches = []
    new_state = {} if batchnorm else None
    for l in range(1, L):
        W = parameters[f"W{l}"]
        Z = W @ A
        if batchnorm:
            n_l = W.shape[0]
            if bn_state is None:
                running_mean, running_var = np.zeros((n_l, 1)), np.ones((n_l, 1))
            else:
                running_mean = bn_state[f"running_mean{l}"]
                running_var = bn_state[f"running_var{l}"]
            Z_tilde, bn_cache, running_mean, running_var = bn_forward(
                Z, parameters[f"gamma{l}"], parameters[f"beta{l}"], running_mean, running_var,
                mode=mode, momentum=momentum, epsilon=epsilon)
            new_state[f"running_mean{l}"] = running_mean
            new_state[f"running_var{l}"] = running_var
        else:
            Z_tilde = Z + parameters[f"b{l}"]
            bn_cache = None
        caches.append({"A_prev": A, "W": W, "Z_tilde": Z_tilde, "bn": bn_cache})
        A = np.maximum(Z_tilde, 0.0)
    W = parameters[f"W{L}"]
    AL = _sigmoid(W @ A + parameters[f"b{L}"])
    caches.append({"A_prev": A, "W": W})
    return AL, caches, new_state


def bn_net_backward(AL, Y, caches: list, bn_backward=None) -> dict:
    """Gradients of the mean cross-entropy cost for a bn_net_forward pass (train mode).

    dZ_L = AL - Y; then for l = L..1: dW[l] = (1/m) dZ A_prev^T, db[l] = (1/m) sum_j dZ,
    dA_prev = W[l]^T dZ, dZ_tilde = dA * (Z_tilde > 0), and with batch norm
    (dZ, dgamma_sum, dbeta_sum) = bn_backward(dZ_tilde, cache) and
    dgamma[l] = dgamma_sum / m, dbeta[l] = dbeta_sum / m.

    Args:
        AL: output of bn_net_forward, shape (1, m).
        Y: labels 0/1, shape (1, m).
        caches: the caches returned by bn_net_forward.
        bn_backward: your batchnorm_backward (needed only with batch norm).
    Returns:
        grads: dict with "dW1", ..., "dWL" and "dbl" or "dgammal", "dbetal", shaped like the
            matching parameters.
    """
    AL = np.asarray(AL, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if AL.shape != Y.shape:
        raise ValueError(f"AL and Y must have the same shape, got {AL.shape} and {Y.shape}")
    m = AL.shape[1]
    L = len(caches)
    grads = {}
    dA = None
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        if l == L:
            dZ = AL - Y
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        else:
            dZ = dA * (cache["Z_tilde"] > 0)
            if cache["bn"] is not None:
                if bn_backward is None:
                    raise ValueError("this pass used batch norm: pass "
                                     "bn_backward=batchnorm_backward")
                dZ, dgamma, dbeta = bn_backward(dZ, cache["bn"])
                grads[f"dgamma{l}"] = dgamma / m
                grads[f"dbeta{l}"] = dbeta / m
            else:
                grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        grads[f"dW{l}"] = dZ @ cache["A_prev"].T / m
        if l > 1:
            dA = cache["W"].T @ dZ
    return grads


def bn_net_cost(AL, Y) -> float:
    """Mean binary cross-entropy, J = -(1/m) sum [Y log AL + (1 - Y) log(1 - AL)].

    Logs of 0 are taken at the smallest normal float64 instead, so J stays finite (about 708 at
    most per example) even when the network diverges.

    Args:
        AL: probabilities, shape (1, m).
        Y: labels 0/1, shape (1, m).
    Returns:
        J: Python float.
    """
    AL = np.asarray(AL, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    m = AL.shape[1]
    log_a = np.log(np.maximum(AL, _TINY))
    log_1_minus_a = np.log(np.maximum(1.0 - AL, _TINY))
    return float(-np.sum(Y * log_a + (1.0 - Y) * log_1_minus_a) / m)


def bn_net_predict(X, parameters: dict, bn_forward=None, bn_state=None) -> np.ndarray:
    """0/1 predictions of a trained network, in test mode (running statistics for batch norm).

    Args:
        X: inputs, shape (n_x, m).
        parameters: trained parameters.
        bn_forward: your batchnorm_forward (needed only with batch norm).
        bn_state: the running statistics after training (needed only with batch norm).
    Returns:
        float64 array of shape (1, m) with values 0.0 or 1.0 (probability > 0.5 gives 1).
    """
    AL, _, _ = bn_net_forward(X, parameters, bn_forward, bn_state, mode="test")
    return (AL > 0.5).astype(np.float64)
