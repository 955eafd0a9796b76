"""emil: an EWMA whose bias correction uses the loop index t = 0, 1, ... (divides by 0 first)."""
import numpy as np


def ewma(theta, beta, bias_correction=False):
    theta = np.asarray(theta, dtype=float)
    v = np.zeros(theta.shape)
    v_t = 0
    for t in range(len(theta)):
        v_t = beta * v_t + (1 - beta) * theta[t]
        if bias_correction:
            v[t] = v_t / (1 - beta ** t)
        else:
            v[t] = v_t
    return v
