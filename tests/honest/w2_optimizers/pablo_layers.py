"""Loops over layer numbers, as the original course does, and initializes with numpy calls."""


def update_parameters_with_gd(parameters, grads, learning_rate):
    L = len(parameters) // 2
    out = {}
    for l in range(1, L + 1):
        out["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        out["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return out


def initialize_velocity(parameters):
    L = len(parameters) // 2
    v = {}
    for l in range(L):
        v["dW" + str(l + 1)] = np.zeros(parameters["W" + str(l + 1)].shape)
        v["db" + str(l + 1)] = np.zeros(parameters["b" + str(l + 1)].shape)
    return v


def initialize_adam(parameters):
    v, s = {}, {}
    for name, value in parameters.items():
        v["d" + name] = np.zeros_like(value)
        s["d" + name] = np.zeros_like(value)
    return v, s


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    L = len(parameters) // 2
    parameters, v = dict(parameters), dict(v)
    for l in range(1, L + 1):
        for p in ("W", "b"):
            v[f"d{p}{l}"] = beta * v[f"d{p}{l}"] + (1 - beta) * grads[f"d{p}{l}"]
            parameters[f"{p}{l}"] = parameters[f"{p}{l}"] - learning_rate * v[f"d{p}{l}"]
    return parameters, v
