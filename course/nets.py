"""Given network pieces of week 1: a 3-layer binary classifier and the gradient-checking helpers.

The network is LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID. Its forward pass returns
``(A3, cache)`` with ``cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``; its backward
pass returns the gradients of the mean cross-entropy cost.

Nothing here is a graded task: the graded initializations, the regularized cost and passes, and
the gradient checks are what students write in the week-1 notebooks.
"""
from __future__ import annotations

import re

import numpy as np

__all__ = [
    "accuracy",
    "backward_propagation",
    "backward_propagation_1d",
    "backward_propagation_with_bugs",
    "compute_cost",
    "dictionary_to_vector",
    "forward_activations",
    "forward_propagation",
    "forward_propagation_1d",
    "gradients_to_vector",
    "initialize_parameters_uniform",
    "predict",
    "relu",
    "sigmoid",
    "vector_to_dictionary",
]

# compute_cost clips A3 to [_LOG_GUARD, 1 - _LOG_GUARD] before the logarithm, so a saturated
# sigmoid (A3 exactly 0.0 or 1.0) gives a large finite cost (about 34.5) instead of inf or nan.
# The clip changes nothing while |Z3| < 34, where the sigmoid is not yet that close to 0 or 1.
_LOG_GUARD = 1e-15


# ---------------------------------------------------------------------------------------------
# Activations
# ---------------------------------------------------------------------------------------------

def sigmoid(Z: np.ndarray) -> np.ndarray:
    """Elementwise logistic function, sigma(z) = 1 / (1 + e^{-z}), stable for large |z|.

    It computes e = exp(-|z|), which never overflows, and returns 1 / (1 + e) where z >= 0 and
    e / (1 + e) where z < 0.

    Args:
        Z: array of any shape.
    Returns:
        float64 array of ``Z.shape`` with values in [0, 1].
    """
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(Z: np.ndarray) -> np.ndarray:
    """Elementwise rectified linear unit, relu(z) = max(0, z).

    Args:
        Z: array of any shape.
    Returns:
        float64 array of ``Z.shape``.
    """
    return np.maximum(0.0, np.asarray(Z, dtype=np.float64))


_ACTIVATIONS = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid}


# ---------------------------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------------------------

def _num_layers(parameters: dict) -> int:
    """Number L of layers of a parameters dict {"W1", "b1", ..., "WL", "bL"}."""
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    if L == 0:
        raise ValueError("parameters must hold at least 'W1' and 'b1'")
    return L


def initialize_parameters_uniform(layers_dims, rng: np.random.Generator) -> dict:
    """Glorot-uniform initialization: W_l ~ U(-r_l, r_l) with r_l = sqrt(6 / (n_{l-1} + n_l)).

    The draws are W1, then W2, ..., each ``rng.uniform(-r_l, r_l, (n_l, n_{l-1}))``; biases are
    zeros. (This is deliberately not one of the graded initializations.)

    Args:
        layers_dims: sequence [n_0, n_1, ..., n_L] of layer sizes, n_0 = n_x.
        rng: numpy random Generator.
    Returns:
        dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1), float64.
    """
    dims = [int(n) for n in layers_dims]
    if len(dims) < 2 or min(dims) < 1:
        raise ValueError(f"layers_dims must hold at least two positive sizes, got {layers_dims!r}")
    parameters = {}
    for l in range(1, len(dims)):
        r = np.sqrt(6.0 / (dims[l - 1] + dims[l]))
        parameters[f"W{l}"] = rng.uniform(-r, r, (dims[l], dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((dims[l], 1))
    return parameters


# ---------------------------------------------------------------------------------------------
# The 3-layer network
# ---------------------------------------------------------------------------------------------

def forward_propagation(X: np.ndarray, parameters: dict):
    """Forward pass LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Z1 = W1 X + b1, A1 = relu(Z1), Z2 = W2 A1 + b2, A2 = relu(Z2), Z3 = W3 A2 + b3,
    A3 = sigmoid(Z3).

    Args:
        X: inputs, (n_x, m).
        parameters: dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
            W3 (1, n_2), b3 (1, 1).
    Returns:
        A3: output probabilities, (1, m).
        cache: tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) for the backward pass.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: tuple) -> dict:
    """Backward pass of the 3-layer network for the mean cross-entropy cost.

    dZ3 = A3 - Y; dWl = (1/m) dZl A_{l-1}^T; dbl = (1/m) sum over columns of dZl;
    dA_{l-1} = Wl^T dZl; for the ReLU layers dZl = dAl * (Al > 0). (A0 = X.)

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        cache: tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation.
    Returns:
        dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1; each dWl, dbl has the
        shape of Wl, bl and each dZl, dAl the shape of Zl, Al.
    """
    m = X.shape[1]
    (_Z1, A1, _W1, _b1, _Z2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache

    dZ3 = A3 - Y
    dW3 = (1.0 / m) * dZ3 @ A2.T
    db3 = (1.0 / m) * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = (1.0 / m) * dZ2 @ A1.T
    db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = (1.0 / m) * dZ1 @ X.T
    db1 = (1.0 / m) * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def compute_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """Mean cross-entropy cost, J = -(1/m) sum( Y log(A3) + (1 - Y) log(1 - A3) ).

    Guard against log(0): A3 is clipped to [1e-15, 1 - 1e-15] before the logarithm, so a
    saturated output gives a large finite cost instead of inf or nan (and no warning). The clip
    has no effect for outputs inside that range.

    Args:
        A3: predicted probabilities, (1, m).
        Y: labels 0/1, (1, m).
    Returns:
        the cost, a Python float.
    """
    m = Y.shape[1]
    A = np.clip(A3, _LOG_GUARD, 1.0 - _LOG_GUARD)
    logprobs = Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)
    return float(-np.sum(logprobs) / m)


def predict(X: np.ndarray, parameters: dict) -> np.ndarray:
    """Predicted labels of the 3-layer network: 1 where A3 > 0.5, else 0.

    Args:
        X: inputs, (n_x, m).
        parameters: dict of the 3-layer network (see forward_propagation).
    Returns:
        int64 array of 0/1, (1, m).
    """
    A3, _ = forward_propagation(X, parameters)
    return (A3 > 0.5).astype(np.int64)


def accuracy(X: np.ndarray, Y: np.ndarray, parameters: dict) -> float:
    """Fraction of examples whose predicted label equals the true label.

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        parameters: dict of the 3-layer network.
    Returns:
        a Python float in [0, 1].
    """
    return float(np.mean(predict(X, parameters) == Y))


def forward_activations(X: np.ndarray, parameters: dict, activation: str = "relu") -> list:
    """Activations A1, ..., AL of an L-layer network, to draw one histogram per layer.

    Al = g(Wl A_{l-1} + bl) with A0 = X, g = ``activation`` for the hidden layers and g = sigmoid
    for the last layer L.

    Args:
        X: inputs, (n_x, m).
        parameters: dict {"W1", "b1", ..., "WL", "bL"}; Wl is (n_l, n_{l-1}), bl is (n_l, 1).
        activation: hidden-layer activation, one of "relu", "tanh", "sigmoid".
    Returns:
        list of L float64 arrays; item l - 1 is Al, of shape (n_l, m).
    """
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    g = _ACTIVATIONS[activation]
    L = _num_layers(parameters)
    A = np.asarray(X, dtype=np.float64)
    activations = []
    for l in range(1, L + 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        A = sigmoid(Z) if l == L else g(Z)
        activations.append(A)
    return activations


# ---------------------------------------------------------------------------------------------
# Flattening parameters and gradients (gradient checking)
# ---------------------------------------------------------------------------------------------

_PARAM_NAME = re.compile(r"^([Wb])([1-9][0-9]*)$")


def _ordered_names(names) -> list:
    """Parameter names in layer order W1, b1, W2, b2, ...; other names raise ValueError."""
    keyed = []
    for name in names:
        match = _PARAM_NAME.match(name)
        if match is None:
            raise ValueError(f"expected parameter names like 'W1' or 'b1', got {name!r}")
        keyed.append(((int(match.group(2)), match.group(1) == "b"), name))
    return [name for _, name in sorted(keyed)]


def dictionary_to_vector(parameters: dict):
    """Stack all parameters into one column vector: W1, b1, W2, b2, ... each flattened row-major.

    Args:
        parameters: dict {"W1", "b1", ..., "WL", "bL"} (any insertion order).
    Returns:
        theta: float64 column vector, (n, 1), n the total number of parameters.
        keys: list of n names; keys[i] is the parameter that theta[i] comes from.
    """
    names = _ordered_names(parameters)
    if not names:
        raise ValueError("expected at least one parameter such as 'W1'")
    arrays = [np.asarray(parameters[name], dtype=np.float64).reshape(-1) for name in names]
    theta = np.concatenate(arrays).reshape(-1, 1)
    keys = np.repeat(names, [a.size for a in arrays]).tolist()
    return theta, keys


def vector_to_dictionary(theta: np.ndarray, shapes: dict) -> dict:
    """Inverse of dictionary_to_vector: cut theta into the parameters, in layer order.

    Args:
        theta: column vector (n, 1) (or flat (n,)) as made by dictionary_to_vector.
        shapes: dict name -> shape, e.g. ``{k: v.shape for k, v in parameters.items()}``.
    Returns:
        dict name -> float64 array of that shape (new arrays, not views of theta).
    """
    flat = np.asarray(theta, dtype=np.float64).reshape(-1)
    names = _ordered_names(shapes)
    sizes = [int(np.prod(shapes[name], dtype=np.int64)) for name in names]
    if sum(sizes) != flat.size:
        raise ValueError(f"theta has {flat.size} entries but the shapes need {sum(sizes)}")
    parameters = {}
    start = 0
    for name, size in zip(names, sizes):
        parameters[name] = flat[start:start + size].reshape(shapes[name]).copy()
        start += size
    return parameters


def gradients_to_vector(gradients: dict) -> np.ndarray:
    """Stack dW1, db1, dW2, db2, ... into one column vector, in the order of dictionary_to_vector.

    Keys other than dWl and dbl (such as dZl and dAl) are ignored.

    Args:
        gradients: dict with "dW1", "db1", ..., "dWL", "dbL" (and possibly other keys).
    Returns:
        float64 column vector, (n, 1).
    """
    params = {name[1:]: value for name, value in gradients.items()
              if _PARAM_NAME.match(name[1:]) and name.startswith("d")}
    theta, _ = dictionary_to_vector(params)
    return theta


# ---------------------------------------------------------------------------------------------
# The lesson's examples for gradient checking
# ---------------------------------------------------------------------------------------------

def forward_propagation_1d(x, theta):
    """Cost of the 1-D example, J(theta) = theta * x.

    Args:
        x: a real number (or an array).
        theta: a real number (or an array of the same shape).
    Returns:
        J = theta * x.
    """
    return theta * x


def backward_propagation_1d(x, theta):
    """Derivative of the 1-D example, dJ/dtheta = x.

    Args:
        x: a real number (or an array).
        theta: a real number (unused: the derivative does not depend on it).
    Returns:
        dtheta = x.
    """
    return x


def backward_propagation_with_bugs(X: np.ndarray, Y: np.ndarray, cache: tuple) -> dict:
    """Backward pass of the 3-layer network that contains planted bugs (find them by gradient
    checking).

    Args:
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        cache: tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) from forward_propagation.
    Returns:
        dict with the keys of backward_propagation: dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1,
        dW1, db1.
    """
    m = X.shape[1]
    (_Z1, A1, _W1, _b1, _Z2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache

    dZ3 = A3 - Y
    dW3 = (1.0 / m) * dZ3 @ A2.T
    db3 = (1.0 / m) * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = W3.T @ dZ3
    dZ2 = dA2 * (A2 > 0)
    dW2 = (1.0 / m) * dZ2 @ A1.T * 2
    db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = W2.T @ dZ2
    dZ1 = dA1 * (A1 > 0)
    dW1 = (1.0 / m) * dZ1 @ X.T
    db1 = (4.0 / m) * np.sum(dZ1, axis=1, keepdims=True)

    return {"dZ3": dZ3, "dW3": dW3, "db3": db3,
            "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
