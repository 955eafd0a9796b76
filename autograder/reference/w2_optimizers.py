"""Optimizers and learning-rate schedules: GD, Momentum, Nesterov, RMSprop, AdaGrad, Adam, AdaDelta.

Every update takes the state it needs (``v``, ``s``) and returns NEW dicts: inputs are never
modified. For each parameter ``P`` in ``parameters`` ("W1", "b1", ...), its gradient is
``grads["d" + P]`` and its state entries are keyed like the gradient ("dW1", "db1", ...).
Shapes: every state and gradient entry has the shape of its parameter.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "exponential_lr_decay",
    "initialize_adadelta",
    "initialize_adam",
    "initialize_rmsprop",
    "initialize_velocity",
    "schedule_lr_decay",
    "update_lr",
    "update_parameters_with_adadelta",
    "update_parameters_with_adagrad",
    "update_parameters_with_adam",
    "update_parameters_with_gd",
    "update_parameters_with_momentum",
    "update_parameters_with_nesterov",
    "update_parameters_with_rmsprop",
]


def _zeros_like_grads(parameters: dict) -> dict:
    return {"d" + name: np.zeros_like(value, dtype=np.float64) for name, value in parameters.items()}


def update_parameters_with_gd(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """One step of (batch or mini-batch) gradient descent.

    Formula: W := W - alpha * dW,  b := b - alpha * db  for every layer.

    Args:
        parameters: {"W1": (n1, n0), "b1": (n1, 1), ...}.
        grads: {"dW1": (n1, n0), "db1": (n1, 1), ...}; extra keys (dA*, dZ*) are ignored.
        learning_rate: alpha, a positive float.
    Returns:
        new parameters dict, same keys and shapes.
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in parameters.items()}


def initialize_velocity(parameters: dict) -> dict:
    """Velocity of Momentum: zeros shaped like each parameter.

    Args:
        parameters: {"W1": (n1, n0), "b1": (n1, 1), ...}.
    Returns:
        v: {"dW1": zeros (n1, n0), "db1": zeros (n1, 1), ...}.
    """
    return _zeros_like_grads(parameters)


def update_parameters_with_momentum(
    parameters: dict, grads: dict, v: dict, beta: float, learning_rate: float
) -> tuple[dict, dict]:
    """One step of gradient descent with Momentum (an exponentially weighted average of gradients).

    Formula: v_dW := beta * v_dW + (1 - beta) * dW;  W := W - alpha * v_dW  (same for b).

    Args:
        parameters: {"W1": (n1, n0), "b1": (n1, 1), ...}.
        grads: {"dW1", "db1", ...} shaped like the parameters.
        v: velocity {"dW1", "db1", ...} shaped like the parameters.
        beta: momentum in [0, 1).
        learning_rate: alpha.
    Returns:
        (parameters, v): new dicts, same keys and shapes.
    """
    new_v = {key: beta * v[key] + (1 - beta) * grads[key] for key in v}
    new_params = {name: value - learning_rate * new_v["d" + name]
                  for name, value in parameters.items()}
    return new_params, new_v


def update_parameters_with_nesterov(
    parameters: dict,
    grad_fn: Callable[[dict], dict],
    v: dict,
    beta: float,
    learning_rate: float,
) -> tuple[dict, dict]:
    """One step of Nesterov accelerated gradient: the gradient is taken at the look-ahead point.

    Formula: W_ahead = W - alpha * beta * v_dW  (where the momentum step alone would land);
             g = grad_fn(W_ahead);  v_dW := beta * v_dW + (1 - beta) * g;  W := W - alpha * v_dW.

    Args:
        parameters: {"W1": (n1, n0), "b1": (n1, 1), ...}.
        grad_fn: function parameters-dict -> grads dict {"dW1", "db1", ...}.
        v: velocity shaped like the parameters.
        beta: momentum in [0, 1).
        learning_rate: alpha.
    Returns:
        (parameters, v): new dicts, same keys and shapes.
    """
    lookahead = {name: value - learning_rate * beta * v["d" + name]
                 for name, value in parameters.items()}
    g = grad_fn(lookahead)
    new_v = {key: beta * v[key] + (1 - beta) * g[key] for key in v}
    new_params = {name: value - learning_rate * new_v["d" + name]
                  for name, value in parameters.items()}
    return new_params, new_v


def initialize_rmsprop(parameters: dict) -> dict:
    """Second-moment state of RMSprop: zeros shaped like each parameter.

    Returns:
        s: {"dW1": zeros (n1, n0), "db1": zeros (n1, 1), ...}.
    """
    return _zeros_like_grads(parameters)


def update_parameters_with_rmsprop(
    parameters: dict, grads: dict, s: dict, beta2: float, learning_rate: float,
    epsilon: float = 1e-8,
) -> tuple[dict, dict]:
    """One step of RMSprop: divide each step by the root of an average of squared gradients.

    Formula: s_dW := beta2 * s_dW + (1 - beta2) * dW**2;  W := W - alpha * dW / (sqrt(s_dW) + eps).
    Directions that oscillate (large |dW|) get damped; flat directions get relatively larger steps.

    Args:
        parameters, grads, s: dicts keyed as in the module docstring, matching shapes.
        beta2: decay of the squared-gradient average, in [0, 1).
        learning_rate: alpha.
        epsilon: added OUTSIDE the square root, avoids division by zero.
    Returns:
        (parameters, s): new dicts.
    """
    new_s = {key: beta2 * s[key] + (1 - beta2) * np.square(grads[key]) for key in s}
    new_params = {
        name: value - learning_rate * grads["d" + name] / (np.sqrt(new_s["d" + name]) + epsilon)
        for name, value in parameters.items()
    }
    return new_params, new_s


def update_parameters_with_adagrad(
    parameters: dict, grads: dict, s: dict, learning_rate: float, epsilon: float = 1e-7
) -> tuple[dict, dict]:
    """One step of AdaGrad: divide by the root of the SUM of all past squared gradients.

    Formula: s_dW := s_dW + dW**2;  W := W - alpha * dW / (sqrt(s_dW) + eps).
    The sum only grows, so the effective step size only shrinks.

    Args:
        parameters, grads, s: dicts keyed as in the module docstring, matching shapes.
        learning_rate: alpha.
        epsilon: added outside the square root.
    Returns:
        (parameters, s): new dicts.
    """
    new_s = {key: s[key] + np.square(grads[key]) for key in s}
    new_params = {
        name: value - learning_rate * grads["d" + name] / (np.sqrt(new_s["d" + name]) + epsilon)
        for name, value in parameters.items()
    }
    return new_params, new_s


def initialize_adam(parameters: dict) -> tuple[dict, dict]:
    """Adam's first and second moments: zeros shaped like each parameter.

    Returns:
        (v, s): two dicts {"dW1": zeros (n1, n0), "db1": zeros (n1, 1), ...}.
    """
    return _zeros_like_grads(parameters), _zeros_like_grads(parameters)


def update_parameters_with_adam(
    parameters: dict, grads: dict, v: dict, s: dict, t: int,
    learning_rate: float = 0.01, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8,
) -> tuple[dict, dict, dict]:
    """One step of Adam: Momentum and RMSprop together, with bias correction.

    Formula (t counts steps from 1):
        v := beta1 * v + (1 - beta1) * dW            v_hat = v / (1 - beta1**t)
        s := beta2 * s + (1 - beta2) * dW**2         s_hat = s / (1 - beta2**t)
        W := W - alpha * v_hat / (sqrt(s_hat) + eps)
    The stored v and s are the UNcorrected averages.

    Args:
        parameters, grads, v, s: dicts keyed as in the module docstring, matching shapes.
        t: number of this step, an int >= 1.
        learning_rate: alpha.  beta1, beta2: decays in [0, 1).  epsilon: outside the square root.
    Returns:
        (parameters, v, s): new dicts.
    """
    new_v = {key: beta1 * v[key] + (1 - beta1) * grads[key] for key in v}
    new_s = {key: beta2 * s[key] + (1 - beta2) * np.square(grads[key]) for key in s}
    c1 = 1 - beta1 ** t
    c2 = 1 - beta2 ** t
    new_params = {}
    for name, value in parameters.items():
        key = "d" + name
        v_hat = new_v[key] / c1
        s_hat = new_s[key] / c2
        new_params[name] = value - learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return new_params, new_v, new_s


def initialize_adadelta(parameters: dict) -> tuple[dict, dict]:
    """AdaDelta's state: average of squared gradients and of squared updates, zeros.

    Returns:
        (s, d): two dicts {"dW1": zeros (n1, n0), ...}.
    """
    return _zeros_like_grads(parameters), _zeros_like_grads(parameters)


def update_parameters_with_adadelta(
    parameters: dict, grads: dict, s: dict, d: dict, rho: float = 0.95, epsilon: float = 1e-6
) -> tuple[dict, dict, dict]:
    """One step of AdaDelta (Zeiler 2012): RMSprop whose step size is itself a running RMS.

    Formula:
        s := rho * s + (1 - rho) * dW**2
        delta = - sqrt(d + eps) / sqrt(s + eps) * dW
        d := rho * d + (1 - rho) * delta**2
        W := W + delta
    No learning rate: the ratio of the two RMS values has the units of W.

    Args:
        parameters, grads, s, d: dicts keyed as in the module docstring, matching shapes.
        rho: decay of both averages, in [0, 1).  epsilon: inside the roots, as in the paper.
    Returns:
        (parameters, s, d): new dicts.
    """
    new_s = {key: rho * s[key] + (1 - rho) * np.square(grads[key]) for key in s}
    deltas = {key: -np.sqrt(d[key] + epsilon) / np.sqrt(new_s[key] + epsilon) * grads[key]
              for key in s}
    new_d = {key: rho * d[key] + (1 - rho) * np.square(deltas[key]) for key in d}
    new_params = {name: value + deltas["d" + name] for name, value in parameters.items()}
    return new_params, new_s, new_d


def update_lr(learning_rate0: float, epoch_num, decay_rate: float):
    """Inverse-time decay: alpha = alpha0 / (1 + k * epoch).

    Args:
        learning_rate0: alpha0.  epoch_num: int, or an array of epochs (vectorized).
        decay_rate: k >= 0.
    Returns:
        float (or array shaped like epoch_num).
    """
    return learning_rate0 / (1 + decay_rate * np.asarray(epoch_num, dtype=np.float64))[()]


def schedule_lr_decay(learning_rate0: float, epoch_num, decay_rate: float,
                      time_interval: int = 1000):
    """Staircase inverse-time decay: alpha = alpha0 / (1 + k * floor(epoch / interval)).

    The rate stays fixed for ``time_interval`` epochs, then drops.

    Args:
        learning_rate0: alpha0.  epoch_num: int or int array.  decay_rate: k.
        time_interval: epochs between drops, >= 1.
    Returns:
        float (or array shaped like epoch_num).
    """
    steps = np.floor_divide(np.asarray(epoch_num), time_interval).astype(np.float64)
    return learning_rate0 / (1 + decay_rate * steps)[()]


def exponential_lr_decay(learning_rate0: float, epoch_num, k: float):
    """Exponential decay: alpha = alpha0 * exp(-k * epoch).

    Args:
        learning_rate0: alpha0.  epoch_num: int or array.  k: decay constant >= 0.
    Returns:
        float (or array shaped like epoch_num).
    """
    return (learning_rate0 * np.exp(-k * np.asarray(epoch_num, dtype=np.float64)))[()]
