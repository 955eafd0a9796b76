"""chen: N-D check that never restores theta (theta_plus = theta is not a copy)."""
import numpy as np

from course.nets import (compute_cost, dictionary_to_vector, forward_propagation,
                         gradients_to_vector, vector_to_dictionary)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    theta, _ = dictionary_to_vector(parameters)
    shapes = {name: p.shape for name, p in parameters.items()}
    grad = gradients_to_vector(gradients)
    num_parameters = theta.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = theta
        theta_plus[i, 0] = theta_plus[i, 0] + epsilon
        A3, _ = forward_propagation(X, vector_to_dictionary(theta_plus, shapes))
        J_plus = compute_cost(A3, Y)

        theta_minus = np.copy(theta)
        theta_minus[i, 0] = theta_minus[i, 0] - epsilon
        A3, _ = forward_propagation(X, vector_to_dictionary(theta_minus, shapes))
        J_minus = compute_cost(A3, Y)

        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)

    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    return difference
