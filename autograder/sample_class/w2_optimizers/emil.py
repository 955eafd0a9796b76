"""emil: Momentum without the (1 - beta) factor."""


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    new_v = {key: beta * v[key] + grads[key] for key in v}
    new_params = {name: parameters[name] - learning_rate * new_v["d" + name]
                  for name in parameters}
    return new_params, new_v
