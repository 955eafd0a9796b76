"""Writes the norms as square roots of sums, and warns about every check."""
def gradient_check_1d(x, theta, epsilon=1e-7):
    import warnings

    grad = backward_propagation_1d(x, theta)
    approx = (forward_propagation_1d(x, theta + epsilon)
              - forward_propagation_1d(x, theta - epsilon)) / (2 * epsilon)
    top = np.sqrt(np.sum((grad - approx) ** 2))
    bottom = np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(approx ** 2))
    if bottom == 0:
        return 0.0
    difference = top / bottom
    if difference > 1e-7:
        warnings.warn(f"gradient check: {difference}")
    return difference
