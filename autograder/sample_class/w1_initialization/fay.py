"""fay: Xavier initialization with n[l] (the layer's own size) instead of n[l-1]."""
import numpy as np


def initialize_parameters_xavier(layers_dims, rng):
    parameters = {}
    for l in range(1, len(layers_dims)):
        n_l, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters[f"W{l}"] = rng.normal(0.0, np.sqrt(1.0 / n_l), size=(n_l, n_prev))
        parameters[f"b{l}"] = np.zeros((n_l, 1))
    return parameters
