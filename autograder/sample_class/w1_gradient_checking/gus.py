"""gus: 1-D check with g + g_approx in the numerator; N-D check that sums absolute differences."""
import numpy as np

from course.nets import (backward_propagation_1d, compute_cost, dictionary_to_vector,
                         forward_propagation, forward_propagation_1d, gradients_to_vector,
                         vector_to_dictionary)


def gradient_check_1d(x, theta, epsilon=1e-7):
    J_plus = forward_propagation_1d(x, theta + epsilon)
    J_minus = forward_propagation_1d(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    numerator = np.linalg.norm(grad + gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    theta, _ = dictionary_to_vector(parameters)
    shapes = {name: p.shape for name, p in parameters.items()}
    grad = gradients_to_vector(gradients)
    num_parameters = theta.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(theta)
        theta_plus[i, 0] = theta_plus[i, 0] + epsilon
        theta_minus = np.copy(theta)
        theta_minus[i, 0] = theta_minus[i, 0] - epsilon
        J_plus = compute_cost(forward_propagation(X, vector_to_dictionary(theta_plus, shapes))[0], Y)
        J_minus = compute_cost(forward_propagation(X, vector_to_dictionary(theta_minus, shapes))[0], Y)
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)

    numerator = np.sum(np.abs(grad - gradapprox))
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)
