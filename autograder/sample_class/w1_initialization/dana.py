"""dana: zero biases as flat vectors (n_l,); He initialization with Xavier's factor 1 / n[l-1]."""
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros(layers_dims[l])
    return parameters


def initialize_parameters_he(layers_dims, rng):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        std = np.sqrt(1 / layers_dims[l - 1])
        parameters["W" + str(l)] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * std
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
