"""gus: an EWMA that keeps the bias-corrected value in the recurrence; a window of 1/beta."""
import numpy as np


def ewma(theta, beta, bias_correction=False):
    theta = np.asarray(theta, dtype=float)
    v = np.zeros(theta.shape)
    v_t = np.zeros(theta.shape[1:])
    for t in range(theta.shape[0]):
        v_t = beta * v_t + (1 - beta) * theta[t]
        if bias_correction:
            v_t = v_t / (1 - beta ** (t + 1))
        v[t] = v_t
    return v


def effective_window(beta):
    window = 1 / beta
    return window
