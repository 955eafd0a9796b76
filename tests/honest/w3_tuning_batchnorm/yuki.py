"""np.power and np.var, a test-mode branch first, and a print."""


def sample_log_uniform(low, high, size, rng):
    exponents = rng.uniform(low=np.log10(low), high=np.log10(high), size=size)
    return np.power(10.0, exponents)


def batchnorm_forward(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                      epsilon=1e-5):
    if mode == "test":
        mean, var = running_mean, running_var
    else:
        mean = Z.mean(axis=1, keepdims=True)
        var = Z.var(axis=1, keepdims=True)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm = (Z - mean) * inv_std
    print("batch norm", mode, Z.shape)
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}
    return gamma * Z_norm + beta, cache, running_mean, running_var
