"""Updates the dicts and arrays it is given in place and returns them (the Coursera habit)."""


def update_parameters_with_gd(parameters, grads, learning_rate):
    for name in parameters:
        parameters[name] -= learning_rate * grads["d" + name]
    return parameters


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    for name in parameters:
        v["d" + name] = beta * v["d" + name] + (1 - beta) * grads["d" + name]
        parameters[name] -= learning_rate * v["d" + name]
    return parameters, v


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    for name in parameters:
        g = grads["d" + name]
        s["d" + name] *= beta2
        s["d" + name] += (1 - beta2) * g ** 2
        parameters[name] -= learning_rate * g / (np.sqrt(s["d" + name]) + epsilon)
    return parameters, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8):
    for name in parameters:
        key = "d" + name
        v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
        s[key] = beta2 * s[key] + (1 - beta2) * grads[key] ** 2
        parameters[name] = parameters[name] - learning_rate * (v[key] / (1 - beta1 ** t)) / (
            np.sqrt(s[key] / (1 - beta2 ** t)) + epsilon)
    return parameters, v, s
