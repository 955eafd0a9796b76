"""hana: zeros initialization keyed from "W0"; He initialization without the square root."""
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(len(layers_dims) - 1):
        parameters["W" + str(l)] = np.zeros((layers_dims[l + 1], layers_dims[l]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l + 1], 1))
    return parameters


def initialize_parameters_he(layers_dims, rng):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = (rng.standard_normal((layers_dims[l], layers_dims[l - 1]))
                                    * 2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
