"""chen: bias measured from 0 (the base error ignored); L2 cost with lambda/m (the 1/2 lost)."""
import numpy as np


def diagnose_bias_variance(train_error, dev_error, base_error=0.0, tolerance=0.05):
    bias = train_error > tolerance
    variance = dev_error - train_error > tolerance
    if bias and variance:
        return "high bias and high variance"
    elif bias:
        return "high bias"
    elif variance:
        return "high variance"
    return "good fit"


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    cross_entropy_cost = compute_cost(A3, Y)
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    L2_regularization_cost = lambd / m * (np.sum(np.square(W1)) + np.sum(np.square(W2))
                                          + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost
