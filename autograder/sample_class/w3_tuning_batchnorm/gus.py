"""gus: batch norm that updates the running statistics in test mode too."""
import numpy as np


def batchnorm_forward(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                      epsilon=1e-5):
    batch_mean = np.mean(Z, axis=1, keepdims=True)
    batch_var = np.var(Z, axis=1, keepdims=True)
    new_running_mean = momentum * running_mean + (1 - momentum) * batch_mean
    new_running_var = momentum * running_var + (1 - momentum) * batch_var
    if mode == "train":
        mu, var = batch_mean, batch_var
    else:
        mu, var = running_mean, running_var
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm = (Z - mu) * inv_std
    Z_tilde = gamma * Z_norm + beta
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}
    return Z_tilde, cache, new_running_mean, new_running_var
