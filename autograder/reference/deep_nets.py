"""Given code for week 3: an L-layer network with optional batch norm and a sigmoid or softmax output.

Hidden layer l = 1..L-1:  Z = W A_prev (+ b),  Z_tilde = BN(Z) or Z,  A = relu(Z_tilde).
Output layer L:           Z = W A_prev + b,    A_L = sigmoid(Z) or softmax(Z).
With batch norm a hidden layer has no bias b: BN subtracts the mean of each unit, which would
cancel b, and its shift beta takes b's role (as in the lecture). Its parameters are W, gamma, beta.

Cost: mean cross-entropy (binary for sigmoid, categorical for softmax); for both, dZ_L = A_L - Y
in Andrew Ng's convention, with dW = (1/m) dZ A_prev^T and db = (1/m) sum over columns of dZ.
As in cs231n, the forward pass returns its output with the caches that its backward pass takes.
"""
from __future__ import annotations

import re

import numpy as np

from autograder.reference.w3_softmax import compute_cross_entropy_cost, softmax
from autograder.reference.w3_tuning_batchnorm import batchnorm_backward, batchnorm_forward
from course.bn_net import initialize_bn_net, initialize_bn_state

__all__ = [
    "deep_backward",
    "deep_cost",
    "deep_forward",
    "initialize_bn_state",
    "initialize_deep",
]

_OUTPUTS = ("sigmoid", "softmax")
_TINY = np.finfo(np.float64).tiny


# The initialization of these networks is the given code of the lesson (course/bn_net.py).
initialize_deep = initialize_bn_net


def _num_layers(parameters) -> int:
    """L, from the keys "W1", ..., "WL" (which must be consecutive)."""
    numbers_found = sorted(int(k[1:]) for k in parameters if re.fullmatch(r"W[1-9]\d*", k))
    if not numbers_found or numbers_found != list(range(1, len(numbers_found) + 1)):
        raise ValueError(f"parameters must hold W1, ..., WL; got keys {sorted(parameters)}")
    return len(numbers_found)


def _get(parameters, key, hint):
    if key not in parameters:
        raise KeyError(f"parameters has no {key!r} ({hint})")
    return np.asarray(parameters[key], dtype=np.float64)


def _sigmoid(Z):
    """1 / (1 + exp(-Z)), written as exp(-log(1 + exp(-Z))) so that no exp overflows."""
    return np.exp(-np.logaddexp(0.0, -Z))


def deep_forward(X, parameters, output="sigmoid", batchnorm=False, bn_state=None, mode="train",
                 *, momentum=0.9, epsilon=1e-5):
    """Forward pass: L-1 ReLU layers (batch-normalized if asked), then a sigmoid or softmax layer.

    Args:
        X: inputs, shape (n_x, m).
        parameters: as returned by initialize_deep (with the same batchnorm flag).
        output: "sigmoid" (binary labels, Y of shape (n_L, m)) or "softmax" (one-hot, (C, m)).
        batchnorm: normalize each hidden layer's Z with batchnorm_forward.
        bn_state: running statistics as from initialize_bn_state; in "train" mode None means
            the initial state (mean 0, variance 1); required in "test" mode.
        mode: "train" (batch statistics, state updated) or "test" (running statistics).
        momentum, epsilon: passed to batchnorm_forward.
    Returns:
        AL: output probabilities, shape (n_L, m).
        caches: list of L dicts, one per layer, for deep_backward.
        new_bn_state: NEW dict of running statistics (None without batch norm). Nothing given
            is modified.
    """
    if output not in _OUTPUTS:
        raise ValueError(f"output must be 'sigmoid' or 'softmax', got {output!r}")
    if mode not in ("train", "test"):
        raise ValueError(f"mode must be 'train' or 'test', got {mode!r}")
    if batchnorm and mode == "test" and bn_state is None:
        raise ValueError("test mode with batch norm needs bn_state (the running statistics)")
    A = np.asarray(X, dtype=np.float64)
    if A.ndim != 2:
        raise ValueError(f"X must have shape (n_x, m), got {A.shape}")
    L = _num_layers(parameters)
    caches = []
    new_bn_state = {} if batchnorm else None
    for l in range(1, L):
        W = np.asarray(parameters[f"W{l}"], dtype=np.float64)  # present: see _num_layers
        if batchnorm:
            gamma = _get(parameters, f"gamma{l}", "initialize_deep(..., batchnorm=True) makes it")
            beta = _get(parameters, f"beta{l}", "initialize_deep(..., batchnorm=True) makes it")
            n_l = W.shape[0]
            if bn_state is None:
                running_mean, running_var = np.zeros((n_l, 1)), np.ones((n_l, 1))
            else:
                running_mean = _get(bn_state, f"running_mean{l}", "see initialize_bn_state")
                running_var = _get(bn_state, f"running_var{l}", "see initialize_bn_state")
            Z = W @ A
            Z_tilde, bn_cache, running_mean, running_var = batchnorm_forward(
                Z, gamma, beta, running_mean, running_var, mode=mode, momentum=momentum,
                epsilon=epsilon,
            )
            new_bn_state[f"running_mean{l}"] = running_mean
            new_bn_state[f"running_var{l}"] = running_var
        else:
            b = _get(parameters, f"b{l}", "with batch norm, pass batchnorm=True")
            Z_tilde = W @ A + b
            bn_cache = None
        caches.append({"A_prev": A, "W": W, "Z_tilde": Z_tilde, "bn": bn_cache})
        A = np.maximum(Z_tilde, 0.0)
    W = np.asarray(parameters[f"W{L}"], dtype=np.float64)
    Z = W @ A + _get(parameters, f"b{L}", "the output layer always has a bias")
    AL = _sigmoid(Z) if output == "sigmoid" else softmax(Z)
    caches.append({"A_prev": A, "W": W, "output": output})
    return AL, caches, new_bn_state


def deep_backward(AL, Y, caches):
    """Gradients of the mean cross-entropy cost (deep_cost) for a deep_forward pass.

    dZ_L = AL - Y (sigmoid with binary, or softmax with categorical cross-entropy); then, layer by
    layer: dWl = (1/m) dZ A_prev^T, dbl = (1/m) sum_j dZ, dA_prev = Wl^T dZ,
    dZ_tilde = dA * (Z_tilde > 0), and with batch norm
    (dZ, sum_j dZ_tilde * Z_norm, sum_j dZ_tilde) = batchnorm_backward(dZ_tilde, cache),
    dgammal = (1/m) sum_j dZ_tilde * Z_norm, dbetal = (1/m) sum_j dZ_tilde.

    Args:
        AL: output of deep_forward, shape (n_L, m).
        Y: labels, shape (n_L, m): 0/1 for sigmoid, one-hot columns for softmax.
        caches: the caches returned by deep_forward.
    Returns:
        grads: dict with "dW1", ..., "dWL" and "dbl" or "dgammal", "dbetal", with the shapes
            of the matching parameters.
    """
    AL = np.asarray(AL, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if AL.shape != Y.shape or AL.ndim != 2:
        raise ValueError(f"AL and Y must have the same shape (n_L, m), got {AL.shape}, {Y.shape}")
    m = AL.shape[1]
    L = len(caches)
    grads = {}
    dA = None  # gradient at the current layer's output, set by the layer above
    for l in range(L, 0, -1):
        cache = caches[l - 1]
        if l == L:
            dZ = AL - Y
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        else:  # hidden layer: back through the ReLU, then through batch norm if present
            dZ = dA * (cache["Z_tilde"] > 0)
            if cache["bn"] is not None:
                dZ, dgamma, dbeta = batchnorm_backward(dZ, cache["bn"])
                grads[f"dgamma{l}"] = dgamma / m
                grads[f"dbeta{l}"] = dbeta / m
            else:
                grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        grads[f"dW{l}"] = dZ @ cache["A_prev"].T / m
        if l > 1:
            dA = cache["W"].T @ dZ
    return grads


def deep_cost(AL, Y, output):
    """Mean cross-entropy cost of deep_forward's output.

    sigmoid: J = -(1/m) sum [Y log AL + (1 - Y) log(1 - AL)]; softmax: J = -(1/m) sum Y log AL.
    Logs of 0 are taken at the smallest normal float64 instead, so J stays finite.

    Args:
        AL: probabilities, shape (n_L, m).
        Y: labels of the same shape.
        output: "sigmoid" or "softmax".
    Returns:
        J: Python float.
    """
    if output == "softmax":
        return compute_cross_entropy_cost(AL, Y)
    if output != "sigmoid":
        raise ValueError(f"output must be 'sigmoid' or 'softmax', got {output!r}")
    AL = np.asarray(AL, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if AL.shape != Y.shape or AL.ndim != 2 or AL.shape[1] < 1:
        raise ValueError(f"AL and Y must have the same shape (n_L, m), got {AL.shape}, {Y.shape}")
    m = AL.shape[1]
    log_a = np.log(np.maximum(AL, _TINY))
    log_1_minus_a = np.log(np.maximum(1.0 - AL, _TINY))
    return float(-np.sum(Y * log_a + (1.0 - Y) * log_1_minus_a) / m)
