"""fay: "Nesterov" that takes the gradient at the current point (plain momentum)."""


def update_parameters_with_nesterov(parameters, grad_fn, v, beta, learning_rate):
    g = grad_fn(parameters)
    new_v = {key: beta * v[key] + (1 - beta) * g[key] for key in v}
    new_params = {name: parameters[name] - learning_rate * new_v["d" + name]
                  for name in parameters}
    return new_params, new_v
