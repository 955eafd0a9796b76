"""chen: Adam with epsilon inside the square root."""
import numpy as np


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    new_params, new_v, new_s = {}, {}, {}
    for name in parameters:
        key = "d" + name
        new_v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
        new_s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
        v_hat = new_v[key] / (1 - beta1 ** t)
        s_hat = new_s[key] / (1 - beta2 ** t)
        new_params[name] = parameters[name] - learning_rate * v_hat / np.sqrt(s_hat + epsilon)
    return new_params, new_v, new_s
