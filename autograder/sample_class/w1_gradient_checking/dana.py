"""dana: 1-D check with `/ 2 * epsilon` (the parentheses are missing)."""
import numpy as np

from course.nets import backward_propagation_1d, forward_propagation_1d


def gradient_check_1d(x, theta, epsilon=1e-7):
    J_plus = forward_propagation_1d(x, theta + epsilon)
    J_minus = forward_propagation_1d(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / 2 * epsilon
    grad = backward_propagation_1d(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
    return difference
