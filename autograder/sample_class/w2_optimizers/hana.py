"""hana: staircase decay without the floor; RMSprop that averages dW instead of dW**2."""
import numpy as np


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    return learning_rate0 / (1 + decay_rate * epoch_num / time_interval)


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    new_s = {key: beta2 * s[key] + (1 - beta2) * grads[key] for key in s}
    new_params = {name: parameters[name] - learning_rate * grads["d" + name] / (
        np.sqrt(new_s["d" + name]) + epsilon) for name in parameters}
    return new_params, new_s
