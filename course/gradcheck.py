"""Given helpers of the gradient-checking lesson: test networks, and ways to run YOUR check.

The lesson's ``gradient_check_n`` is written against the given pieces of ``course.nets``: it
calls ``dictionary_to_vector``, ``vector_to_dictionary``, ``gradients_to_vector``,
``forward_propagation`` and ``compute_cost`` by name. The helpers here run a student's check
once more with other pieces under those names, for a short time:

- ``check_each_parameter``: flatten ONE parameter (the others stay fixed), to see which
  parameter's gradient is wrong;
- ``check_with``: another forward pass (e.g. with dropout) or another cost (e.g. with an L2
  term).

``buggy_derivative_1d`` gives wrong versions of ``backward_propagation_1d``: a check of the 1-D
example must find their bugs, as the lesson's check cell and the hidden tests make it do.

They take the student's function as an argument and never compute a gradient check themselves.
``well_conditioned_case`` draws a small network whose ReLU inputs are away from 0, so that a
small step never crosses the kink of a ReLU.
"""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from course import nets

__all__ = ["buggy_derivative_1d", "check_each_parameter", "check_with", "swapped",
           "well_conditioned_case"]

_MISSING = object()


@contextmanager
def swapped(namespace: dict, **pieces):
    """Inside the ``with`` block, each name of ``pieces`` means the given object in ``namespace``.

    Example: ``with swapped(globals(), compute_cost=my_cost): gradient_check_n(...)`` runs the
    check with ``my_cost`` as ``compute_cost``. Every name gets its old value back at the end,
    also when the block raises.

    Args:
        namespace: a dict of global names, e.g. ``globals()`` of a notebook, or
            ``f.__globals__`` of a function ``f``.
        **pieces: name -> the object the name means inside the block.
    """
    saved = {name: namespace.get(name, _MISSING) for name in pieces}
    namespace.update(pieces)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is _MISSING:
                namespace.pop(name, None)
            else:
                namespace[name] = value


_DERIVATIVE_BUGS = {
    "2x": lambda x, theta: 2 * x,  # the factor 2 of another cost, e.g. theta^2 * x / theta
    "x / 2": lambda x, theta: x / 2,
    "-x": lambda x, theta: -x,  # the sign
    "x + 1": lambda x, theta: x + 1,  # a term too many
    "theta": lambda x, theta: theta,  # the wrong variable: J = theta * x, dJ/dtheta is x
    "0": lambda x, theta: 0 * x,  # nothing computed
}


def buggy_derivative_1d(bug: str):
    """A wrong ``backward_propagation_1d(x, theta)`` of J(theta) = theta * x (the right one is x).

    Args:
        bug: which bug, written as what the function returns: "2x", "x / 2", "-x", "x + 1",
            "theta" or "0".
    Returns:
        a function ``(x, theta) -> wrong derivative``, to use under the name
        ``backward_propagation_1d`` (see ``swapped``).
    """
    try:
        return _DERIVATIVE_BUGS[bug]
    except KeyError:
        raise ValueError(f"no bug {bug!r}; choose one of {', '.join(_DERIVATIVE_BUGS)}") from None


def check_each_parameter(check_fn, parameters: dict, gradients: dict, X: np.ndarray,
                         Y: np.ndarray, epsilon: float = 1e-7) -> dict:
    """The relative difference of each parameter alone, computed by ``check_fn``.

    For each name ("W1", "b1", ...) the check runs once with flattening helpers that see only
    that parameter: ``dictionary_to_vector`` returns it alone as theta, ``gradients_to_vector``
    returns its gradient alone, and ``vector_to_dictionary`` puts theta back into a copy of all
    the parameters. The other parameters keep their values.

    Args:
        check_fn: a ``gradient_check_n(parameters, gradients, X, Y, epsilon)`` that calls the
            given helpers by name (looked up in ``check_fn.__globals__``).
        parameters: dict W1, b1, ..., W3, b3 of the 3-layer network.
        gradients: dict dW1, db1, ..., dW3, db3 (other keys are ignored).
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        epsilon: step of the two-sided difference.
    Returns:
        dict name -> relative difference of that parameter (a float), in the order W1, b1, ...
    """
    _, keys = nets.dictionary_to_vector(parameters)
    names = list(dict.fromkeys(keys))  # W1, b1, W2, ... in layer order, each once
    fixed = {name: np.asarray(value, dtype=np.float64) for name, value in parameters.items()}
    differences = {}
    for name in names:
        shape = fixed[name].shape

        def one_to_vector(params, name=name):
            theta = np.asarray(params[name], dtype=np.float64).reshape(-1, 1).copy()
            return theta, [name] * theta.shape[0]

        def vector_to_all(theta, shapes=None, name=name, shape=shape):
            params = {key: value.copy() for key, value in fixed.items()}
            params[name] = np.asarray(theta, dtype=np.float64).reshape(shape).copy()
            return params

        def one_gradient_to_vector(grads, name=name):
            return np.asarray(grads["d" + name], dtype=np.float64).reshape(-1, 1).copy()

        with swapped(check_fn.__globals__, dictionary_to_vector=one_to_vector,
                     vector_to_dictionary=vector_to_all,
                     gradients_to_vector=one_gradient_to_vector):
            differences[name] = float(check_fn(parameters, gradients, X, Y, epsilon))
    return differences


def check_with(check_fn, parameters: dict, gradients: dict, X: np.ndarray, Y: np.ndarray,
               *, forward=None, cost=None, epsilon: float = 1e-7) -> float:
    """Run ``check_fn`` with another forward pass and/or another cost.

    Args:
        check_fn: a ``gradient_check_n(parameters, gradients, X, Y, epsilon)`` that calls
            ``forward_propagation`` and ``compute_cost`` by name.
        parameters, gradients, X, Y, epsilon: passed on to ``check_fn``.
        forward: ``forward(X, parameters) -> (A3, cache)`` used as ``forward_propagation``
            (default: the given ``course.nets.forward_propagation``).
        cost: ``cost(A3, Y, parameters) -> J`` used as ``compute_cost``; it receives the
            parameters of the latest forward call (default: the given cross-entropy cost).
    Returns:
        what ``check_fn`` returns (the relative difference), as a float.
    """
    forward = nets.forward_propagation if forward is None else forward
    latest = {}

    def forward_propagation(X_, params):
        latest["parameters"] = params
        return forward(X_, params)

    def compute_cost(A3, Y_):
        if cost is None:
            return nets.compute_cost(A3, Y_)
        return cost(A3, Y_, latest["parameters"])

    with swapped(check_fn.__globals__, forward_propagation=forward_propagation,
                 compute_cost=compute_cost):
        return float(check_fn(parameters, gradients, X, Y, epsilon))


def well_conditioned_case(rng: np.random.Generator, layers_dims, m: int, margin: float = 0.05):
    """Random (X, Y, parameters) of the 3-layer network whose ReLU inputs stay away from 0.

    Draws, in this order: W1, b1, W2, b2, W3, b3 (``W ~ N(0, 1) / sqrt(n_prev)``,
    ``b ~ 0.5 N(0, 1)``), then X ~ N(0, 1) of shape (n_x, m) and Y (each label 1 with
    probability 1/2). Then, while an example has a ReLU input |Z1| or |Z2| below ``margin``,
    only that example's column of X is drawn again. If every example has no active unit in a
    hidden layer, or this does not settle, everything is drawn again. A step of size epsilon
    then never crosses a ReLU kink when epsilon * (largest |X| or |A1|) < margin.

    Args:
        rng: numpy random Generator.
        layers_dims: [n_x, n_1, n_2, 1].
        m: number of examples.
        margin: smallest allowed |Z1|, |Z2|.
    Returns:
        X (n_x, m), Y (1, m) of 0.0/1.0, parameters dict W1 (n_1, n_x), b1 (n_1, 1), ...,
        W3 (1, n_2), b3 (1, 1); all float64.
    """
    dims = [int(n) for n in layers_dims]
    if len(dims) != 4 or dims[3] != 1 or min(dims) < 1:
        raise ValueError(f"layers_dims must be [n_x, n_1, n_2, 1], got {layers_dims!r}")
    for _ in range(100):
        parameters = {}
        for l in range(1, 4):
            parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
            parameters[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
        X = rng.standard_normal((dims[0], m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        for _ in range(50):
            Z1 = parameters["W1"] @ X + parameters["b1"]
            Z2 = parameters["W2"] @ nets.relu(Z1) + parameters["b2"]
            bad = (np.abs(Z1) < margin).any(axis=0) | (np.abs(Z2) < margin).any(axis=0)
            if not bad.any():
                break
            X[:, bad] = rng.standard_normal((dims[0], int(bad.sum())))
        else:
            continue
        if (Z1 > 0).any() and (Z2 > 0).any():
            return X, Y, parameters
    raise RuntimeError("could not draw a well-conditioned case; lower the margin")
