"""dana: batch norm with the unbiased variance (ddof=1), as in statistics class."""
import numpy as np


def batchnorm_forward(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                      epsilon=1e-5):
    m = Z.shape[1]
    if mode == "train":
        mu = np.sum(Z, axis=1, keepdims=True) / m
        var = np.sum((Z - mu) ** 2, axis=1, keepdims=True) / (m - 1)
        new_mean = momentum * running_mean + (1 - momentum) * mu
        new_var = momentum * running_var + (1 - momentum) * var
    else:
        mu, var = running_mean, running_var
        new_mean, new_var = running_mean, running_var
    inv_std = 1 / np.sqrt(var + epsilon)
    Z_norm = (Z - mu) * inv_std
    Z_tilde = gamma * Z_norm + beta
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}
    return Z_tilde, cache, new_mean, new_var
