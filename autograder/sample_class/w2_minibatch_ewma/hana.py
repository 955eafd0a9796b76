"""hana: mini-batches cut with X_shuffled[start:end] (rows) instead of X_shuffled[:, start:end]."""


def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    mini_batches = []
    perm = rng.permutation(m)
    X_shuffled = X[:, perm]
    Y_shuffled = Y[:, perm]
    num_complete = m // mini_batch_size
    for k in range(num_complete):
        start, end = k * mini_batch_size, (k + 1) * mini_batch_size
        mini_batches.append((X_shuffled[start:end], Y_shuffled[start:end]))
    if m % mini_batch_size != 0:
        start = num_complete * mini_batch_size
        mini_batches.append((X_shuffled[start:], Y_shuffled[start:]))
    return mini_batches
