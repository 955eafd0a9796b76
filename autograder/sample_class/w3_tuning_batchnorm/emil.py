"""emil: dgamma and dbeta averaged over the examples (1/m, as for db) instead of summed."""
import numpy as np


def batchnorm_backward(dZ_tilde, cache):
    Z_norm = cache["Z_norm"]
    gamma = cache["gamma"]
    inv_std = cache["inv_std"]
    m = Z_norm.shape[1]
    dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    if cache["mode"] == "test":
        return dZ_norm * inv_std, dgamma, dbeta
    dZ = inv_std / m * (m * dZ_norm - dZ_norm.sum(axis=1, keepdims=True)
                        - Z_norm * (dZ_norm * Z_norm).sum(axis=1, keepdims=True))
    return dZ, dgamma, dbeta
