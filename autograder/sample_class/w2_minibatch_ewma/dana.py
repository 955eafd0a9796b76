"""dana: an EWMA that starts from the first value (v_1 = theta_1) instead of v_0 = 0."""
import numpy as np


def ewma(theta, beta, bias_correction=False):
    theta = np.asarray(theta, dtype=float)
    v = np.zeros(theta.shape)
    v_t = theta[0]
    v[0] = v_t
    for t in range(1, theta.shape[0]):
        v_t = beta * v_t + (1 - beta) * theta[t]
        v[t] = v_t
    if bias_correction:
        for t in range(theta.shape[0]):
            v[t] = v[t] / (1 - beta ** (t + 1))
    return v
