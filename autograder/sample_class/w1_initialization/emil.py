"""emil: random initialization copied from an old notebook: np.random.seed(3) and np.random.randn
instead of the generator rng."""
import numpy as np


def initialize_parameters_random(layers_dims, rng, scale=10.0):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
