"""Slices the shuffled data with a loop of its own, averages with a list, prints progress."""
def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    import math

    m = X.shape[1]
    order = rng.permutation(m)
    X_shuffled, Y_shuffled = X[:, order], Y[:, order]
    batches = []
    for k in range(math.ceil(m / mini_batch_size)):
        columns = slice(k * mini_batch_size, min((k + 1) * mini_batch_size, m))
        batches.append((X_shuffled[:, columns], Y_shuffled[:, columns]))
    print(len(batches), "mini-batches")
    return batches


def ewma(theta, beta, bias_correction=False):
    theta = np.asarray(theta, dtype=float)
    out, v = [], 0.0
    for t, value in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * value
        out.append(v / (1 - beta ** t) if bias_correction else v)
    return np.array(out).reshape(theta.shape)


def effective_window(beta):
    return 1 / (1 - beta)
