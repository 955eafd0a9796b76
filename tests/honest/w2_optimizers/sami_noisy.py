"""Prints and warns from inside its functions, and changes how numbers are displayed."""
import sys
import warnings

get_ipython().run_line_magic("precision", "1")
np.set_printoptions(precision=2, suppress=True)


def update_parameters_with_gd(parameters, grads, learning_rate):
    print("keys:", list(parameters))
    print("debug", file=sys.stderr)
    warnings.warn("just checking")
    return {n: p - learning_rate * grads["d" + n] for n, p in parameters.items()}


def initialize_velocity(parameters):
    out = {"d" + n: np.zeros(p.shape) for n, p in parameters.items()}
    print(out)
    return out


def exponential_lr_decay(learning_rate0, epoch_num, k):
    rate = learning_rate0 * np.exp(-k * epoch_num)
    print(f"epoch {epoch_num}: {rate}")
    return rate
