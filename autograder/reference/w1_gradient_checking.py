"""Week 1, gradient checking (reference solutions).

Compare the gradient g of a backward pass with the two-sided difference
g_approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps), whose error is O(eps^2), through
the relative difference ||g - g_approx|| / (||g|| + ||g_approx||). Rule of thumb with
eps = 1e-7: about 1e-7 is right, 1e-5 is suspicious, 1e-3 or more is a bug.

The given pieces the lesson uses (the 1-D example and the flattening helpers of ``course.nets``)
are re-exported here.
"""
from __future__ import annotations

import numpy as np

from course.nets import (
    backward_propagation_1d,
    compute_cost,
    dictionary_to_vector,
    forward_propagation,
    forward_propagation_1d,
    gradients_to_vector,
    vector_to_dictionary,
)

# The given pieces of the lesson (the 1-D example and the flattening helpers) are re-exported
# from course.nets.
__all__ = [
    "backward_propagation_1d",
    "dictionary_to_vector",
    "forward_propagation_1d",
    "gradient_check_1d",
    "gradient_check_n",
    "gradients_to_vector",
    "vector_to_dictionary",
]


def _relative_difference(grad: np.ndarray, gradapprox: np.ndarray) -> float:
    """||grad - gradapprox|| / (||grad|| + ||gradapprox||), and 0.0 when both are zero."""
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return 0.0 if denominator == 0 else float(numerator / denominator)


def gradient_check_1d(x, theta, epsilon: float = 1e-7) -> float:
    """Check backward_propagation_1d against a two-sided difference of J(theta) = theta * x.

    g_approx = (J(theta + eps) - J(theta - eps)) / (2 eps), g = backward_propagation_1d(x, theta),
    difference = ||g - g_approx|| / (||g|| + ||g_approx||).

    Args:
        x: a real number.
        theta: a real number.
        epsilon: step of the two-sided difference.
    Returns:
        the relative difference, a Python float (0.0 when both gradients are zero).
    """
    J_plus = forward_propagation_1d(x, theta + epsilon)
    J_minus = forward_propagation_1d(x, theta - epsilon)
    gradapprox = np.asarray((J_plus - J_minus) / (2 * epsilon), dtype=np.float64)
    grad = np.asarray(backward_propagation_1d(x, theta), dtype=np.float64)
    return _relative_difference(grad, gradapprox)


def gradient_check_n(parameters: dict, gradients: dict, X: np.ndarray, Y: np.ndarray,
                     epsilon: float = 1e-7) -> float:
    """Check the gradients of the 3-layer network against two-sided differences of its cost.

    theta = dictionary_to_vector(parameters); for each i,
    g_approx_i = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) with J = compute_cost of
    forward_propagation; g = gradients_to_vector(gradients);
    difference = ||g - g_approx|| / (||g|| + ||g_approx||).

    Args:
        parameters: dict with W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1),
            W3 (1, n_2), b3 (1, 1).
        gradients: dict with dW1, db1, ..., dW3, db3 (other keys such as dZ1 are ignored).
        X: inputs, (n_x, m).
        Y: labels 0/1, (1, m).
        epsilon: step of the two-sided difference.
    Returns:
        the relative difference, a Python float.
    """
    theta, _ = dictionary_to_vector(parameters)
    shapes = {name: np.shape(value) for name, value in parameters.items()}
    grad = gradients_to_vector(gradients)
    if grad.shape != theta.shape:
        raise ValueError(f"gradients hold {grad.size} values but parameters hold {theta.size}")

    def cost(theta_i: np.ndarray) -> float:
        A3, _ = forward_propagation(X, vector_to_dictionary(theta_i, shapes))
        return compute_cost(A3, Y)

    n = theta.shape[0]
    gradapprox = np.zeros((n, 1))
    for i in range(n):  # one perturbation per parameter: inherent to gradient checking
        theta_plus = theta.copy()
        theta_plus[i, 0] += epsilon
        theta_minus = theta.copy()
        theta_minus[i, 0] -= epsilon
        gradapprox[i, 0] = (cost(theta_plus) - cost(theta_minus)) / (2 * epsilon)
    return _relative_difference(grad, gradapprox)
