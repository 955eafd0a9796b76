"""chen: shuffles a copy of X and a copy of Y with two rng.shuffle calls (two permutations)."""


def random_mini_batches(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    mini_batches = []
    X_shuffled = X.copy()
    Y_shuffled = Y.copy()
    rng.shuffle(X_shuffled, axis=1)
    rng.shuffle(Y_shuffled, axis=1)
    for start in range(0, m, mini_batch_size):
        end = min(start + mini_batch_size, m)
        mini_batches.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
    return mini_batches
