"""gus: AdaGrad that averages like RMSprop; gradient descent that updates b with dW."""
import numpy as np


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    new_params = {}
    for l in range(1, L + 1):
        new_params["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        new_params["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["dW" + str(l)]
    return new_params


def update_parameters_with_adagrad(parameters, grads, s, learning_rate, epsilon=1e-7):
    new_s = {key: 0.9 * s[key] + 0.1 * grads[key] ** 2 for key in s}
    new_params = {name: parameters[name] - learning_rate * grads["d" + name] / (
        np.sqrt(new_s["d" + name]) + epsilon) for name in parameters}
    return new_params, new_s
