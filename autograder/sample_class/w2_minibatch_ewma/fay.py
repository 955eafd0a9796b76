"""fay: mini-batches without the last, smaller one; an effective window written 1/1-beta."""


def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    mini_batches = []
    permutation = rng.permutation(m)
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    for k in range(m // mini_batch_size):
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


def effective_window(beta):
    window = 1/1-beta
    return window
