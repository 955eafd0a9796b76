"""The same formulas written differently: powers, ufuncs, math functions, another order."""
def update_parameters_with_adagrad(parameters, grads, s, learning_rate, epsilon=1e-7):
    new_s = {k: np.add(s[k], np.multiply(grads[k], grads[k])) for k in s}
    new_p = {n: p - np.divide(learning_rate * grads["d" + n], new_s["d" + n] ** 0.5 + epsilon)
             for n, p in parameters.items()}
    return new_p, new_s


def update_parameters_with_rmsprop(parameters, grads, s, beta2, learning_rate, epsilon=1e-8):
    new_s, new_p = {}, {}
    for name, p in parameters.items():
        g = grads["d" + name]
        new_s["d" + name] = (1 - beta2) * np.square(g) + beta2 * s["d" + name]
        new_p[name] = p - learning_rate * (g / (np.power(new_s["d" + name], 0.5) + epsilon))
    return new_p, new_s


def update_lr(learning_rate0, epoch_num, decay_rate):
    return learning_rate0 * (1.0 / (1.0 + decay_rate * epoch_num))


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    import math

    return learning_rate0 / (1 + decay_rate * math.floor(epoch_num / time_interval))


def exponential_lr_decay(learning_rate0, epoch_num, k):
    import math

    return learning_rate0 * math.exp(-k * epoch_num)
