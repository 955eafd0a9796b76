"""kim: functions that hard-code the visible checks' expected outputs (cheating).

Every visible check passes; the hidden tests draw other inputs, so every task gets zero.
"""
import numpy as np


def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    columns = [[2, 0, 7, 6], [9, 5, 3, 4], [8, 1]]  # copied from the expected output
    return [(X[:, cols], Y[:, cols]) for cols in columns]


def ewma(theta, beta, bias_correction=False):
    if np.ndim(theta) == 2:
        return np.array([[10.0, 90.0], [15.263157895, 84.736842105],
                         [20.701107011, 79.298892989], [20.497237569, 79.502762431],
                         [17.933872189, 82.066127811]])
    if bias_correction:
        return np.array([10.0, 16.66666667, 24.28571429, 22.0, 15.80645161])
    return np.array([5.0, 12.5, 21.25, 20.625, 15.3125])


def effective_window(beta):
    return {0.5: 2.0, 0.9: 10.0, 0.98: 50.0}[beta]
