"""emil: N-D check with one-sided differences (J(theta + eps) - J(theta)) / eps."""
import numpy as np

from course.nets import (compute_cost, dictionary_to_vector, forward_propagation,
                         gradients_to_vector, vector_to_dictionary)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    theta, _ = dictionary_to_vector(parameters)
    shapes = {name: p.shape for name, p in parameters.items()}
    grad = gradients_to_vector(gradients)
    num_parameters = theta.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    A3, _ = forward_propagation(X, parameters)
    J = compute_cost(A3, Y)
    for i in range(num_parameters):
        theta_plus = np.copy(theta)
        theta_plus[i, 0] += epsilon
        A3, _ = forward_propagation(X, vector_to_dictionary(theta_plus, shapes))
        J_plus = compute_cost(A3, Y)
        gradapprox[i, 0] = (J_plus - J) / epsilon

    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = float(numerator / denominator)
    return difference
