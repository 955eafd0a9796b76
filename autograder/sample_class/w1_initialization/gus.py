"""gus: normalizes the test set with its own mean and variance; random initialization that also
draws the biases."""
import numpy as np


def normalize_inputs(X_train, X_test):
    mu = np.mean(X_train, axis=1, keepdims=True)
    sigma2 = np.var(X_train, axis=1, keepdims=True)
    X_train_n = (X_train - mu) / np.sqrt(sigma2)
    X_test_n = (X_test - X_test.mean(axis=1, keepdims=True)) / X_test.std(axis=1, keepdims=True)
    return X_train_n, X_test_n, mu, sigma2


def initialize_parameters_random(layers_dims, rng, scale=10.0):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * scale
        parameters["b" + str(l)] = rng.standard_normal((layers_dims[l], 1)) * scale
    return parameters
