"""Week 1, bias/variance, L2 regularization and dropout (reference solutions).

The lesson's network is the given 3-layer network of ``course.nets``
(LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID). L2 regularization adds
lambd/(2m) sum_l ||W_l||_F^2 to its cost; inverted dropout switches off hidden units at random
during training and divides the survivors by keep_prob, so no rescaling is needed at test time.

Dropout draws: ``D1 = rng.random(A1.shape) < keep_prob`` first, then D2 the same way.
"""
from __future__ import annotations

import math
import numbers
import re

import numpy as np

from course.nets import (
    backward_propagation,
    compute_cost,
    forward_propagation,
    predict,
    relu,
    sigmoid,
)

# The given pieces forward_propagation, backward_propagation, compute_cost and predict are
# re-exported from course.nets: the lesson uses them.
__all__ = [
    "backward_propagation",
    "backward_propagation_with_dropout",
    "backward_propagation_with_regularization",
    "compute_cost",
    "compute_cost_with_regularization",
    "diagnose_bias_variance",
    "forward_propagation",
    "forward_propagation_with_dropout",
    "predict",
]

# Default tolerance of diagnose_bias_variance: a gap of more than 5 percentage points (of error
# rate) counts as "high". It matches the lecture's examples, e.g. train 1% / dev 11% is high
# variance, train 15% / dev 16% is high bias, train 0.5% / dev 1% is a good fit.
DEFAULT_TOLERANCE = 0.05


def _is_real_number(value) -> bool:
    """True for int, float and numpy scalars; False for bool, strings, arrays, None."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_error(name: str, value) -> float:
    """An error rate must be a finite real number in [0, 1]; raise ValueError otherwise."""
    if not (_is_real_number(value) and math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be a finite number in [0, 1], got {value!r}")
    return float(value)


def diagnose_bias_variance(train_error, dev_error, base_error=0.0,
                           tolerance=DEFAULT_TOLERANCE) -> str:
    """Name the problem of a model from its error rates.

    avoidable bias = train_error - base_error, variance = dev_error - train_error; each is "high"
    when it is greater than ``tolerance``.

    Args:
        train_error: error rate on the training set, in [0, 1].
        dev_error: error rate on the dev set, in [0, 1].
        base_error: Bayes (or human-level) error rate, in [0, 1]; 0.0 by default.
        tolerance: largest gap that is not "high", in [0, 1]; 0.05 (5 points) by default.
    Returns:
        one of "high bias", "high variance", "high bias and high variance", "good fit".
    Raises:
        ValueError: if an argument is not a finite real number in [0, 1].
    """
    train_error = _check_error("train_error", train_error)
    dev_error = _check_error("dev_error", dev_error)
    base_error = _check_error("base_error", base_error)
    tolerance = _check_error("tolerance", tolerance)
    high_bias = train_error - base_error > tolerance
    high_variance = dev_error - train_error > tolerance
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "good fit"


def _weight_names(parameters: dict) -> list:
    """Names of the weight matrices W1, W2, ... in a parameters dict (biases left out)."""
    return [name for name in parameters if re.fullmatch(r"W[1-9][0-9]*", name)]


def compute_cost_with_regularization(A3: np.ndarray, Y: np.ndarray, parameters: dict,
                                     lambd: float) -> float:
    """Cross-entropy cost plus the L2 penalty of all weights (biases are not regularized).

    J = -(1/m) sum( Y log(A3) + (1 - Y) log(1 - A3) ) + lambd/(2m) sum_l ||W_l||_F^2.

    Args:
        A3: predicted probabilities, (1, m).
        Y: labels 0/1, (1, m).
        parameters: dict {"W1", "b1", ..., "WL", "bL"}.
        lambd: regularization strength lambda >= 0.
    Returns:
        the cost, a Python float.
    """
    m = Y.shape[1]
    squares = sum(float(np.sum(np.square(parameters[name]))) for name in _weight_names(parameters))
    return compute_cost(A3, Y) + lambd / (2 * m) * squares


def backward_propagation_with_regularization(X: np.ndarray, Y: np.ndarray, cache: tuple,
                                             lambd: float) -> dict:
    """Backward pass of the 3-layer network for the L2-regularized cost.

    As backward_propagation, with dW_l = (1/m) dZ_l A_{l-1}^T + (lambd/m) W_l; the dZ, dA and db
    do not change.

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        cache: tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation.
        lambd: regularization strength lambda.
    Returns:
        dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 (shapes as in
        backward_propagation).
    """
    m = X.shape[1]
    W1, W2, W3 = cache[2], cache[6], cache[10]
    grads = dict(backward_propagation(X, Y, cache))
    grads["dW1"] = grads["dW1"] + (lambd / m) * W1
    grads["dW2"] = grads["dW2"] + (lambd / m) * W2
    grads["dW3"] = grads["dW3"] + (lambd / m) * W3
    return grads


def _check_keep_prob(keep_prob) -> float:
    """keep_prob must be a real number in (0, 1] (nan is rejected); raise ValueError otherwise."""
    if not (_is_real_number(keep_prob) and 0.0 < keep_prob <= 1.0):
        raise ValueError(f"keep_prob must be a number in (0, 1], got {keep_prob!r}")
    return float(keep_prob)


def forward_propagation_with_dropout(X: np.ndarray, parameters: dict, keep_prob: float,
                                     rng: np.random.Generator):
    """Forward pass of the 3-layer network with inverted dropout on the two hidden layers.

    Dl = (rng.random(Al.shape) < keep_prob) and Al = relu(Zl) * Dl / keep_prob for l = 1, 2
    (D1 drawn before D2); the output layer A3 = sigmoid(W3 A2 + b3) has no dropout.

    Args:
        X: inputs, (n_x, m).
        parameters: dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
            W3 (1, n_2), b3 (1, 1).
        keep_prob: probability of keeping a hidden unit, in (0, 1].
        rng: numpy random Generator.
    Returns:
        A3: output probabilities, (1, m).
        cache: tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3); D1 (n_1, m) and
            D2 (n_2, m) are boolean masks, A1 and A2 the dropped-and-rescaled activations.
    Raises:
        ValueError: if keep_prob is not in (0, 1].
    """
    keep_prob = _check_keep_prob(keep_prob)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    D1 = rng.random(A1.shape) < keep_prob
    A1 = A1 * D1 / keep_prob

    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    D2 = rng.random(A2.shape) < keep_prob
    A2 = A2 * D2 / keep_prob

    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X: np.ndarray, Y: np.ndarray, cache: tuple,
                                      keep_prob: float) -> dict:
    """Backward pass of the 3-layer network with the dropout masks of the forward pass.

    dZ3 = A3 - Y; dA_l = (W_{l+1}^T dZ_{l+1}) * D_l / keep_prob; dZ_l = dA_l * (A_l > 0);
    dW_l = (1/m) dZ_l A_{l-1}^T; db_l = (1/m) sum over columns of dZ_l. (A0 = X.)

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        cache: tuple (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) from
            forward_propagation_with_dropout.
        keep_prob: the keep_prob of the forward pass, in (0, 1].
    Returns:
        dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1; each dWl, dbl has the
        shape of Wl, bl and each dZl, dAl the shape of Zl, Al.
    Raises:
        ValueError: if keep_prob is not in (0, 1].
    """
    keep_prob = _check_keep_prob(keep_prob)
    m = X.shape[1]
    (_Z1, D1, A1, _W1, _b1, _Z2, D2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache

    dZ3 = A3 - Y
    dW3 = (1.0 / m) * dZ3 @ A2.T
    db3 = (1.0 / m) * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = (W3.T @ dZ3) * D2 / keep_prob
    dZ2 = dA2 * (A2 > 0)
    dW2 = (1.0 / m) * dZ2 @ A1.T
    db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = (W2.T @ dZ2) * D1 / keep_prob
    dZ1 = dA1 * (A1 > 0)
    dW1 = (1.0 / m) * dZ1 @ X.T
    db1 = (1.0 / m) * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
