"""Puts shared code in helper cells of its own, shadows a builtin in the notebook, and defines
one function only at the end of the notebook (a cell run out of order in the session)."""

sum = "not the builtin"  # noqa: A001  (a student's variable name)


def _step(p, direction, learning_rate):
    return p - learning_rate * direction


def update_parameters_with_gd(parameters, grads, learning_rate):
    return {n: _step(p, grads["d" + n], learning_rate) for n, p in parameters.items()}


def update_lr(learning_rate0, epoch_num, decay_rate):
    return _my_update_lr(learning_rate0, epoch_num, decay_rate)  # noqa: F821  (defined at the end)
