"""Nested ifs, a Frobenius norm, integer dropout masks, and logging."""
import logging

logging.basicConfig(level=logging.DEBUG)


def diagnose_bias_variance(train_error, dev_error, base_error=0.0, tolerance=0.05):
    logging.debug("errors %s %s %s", train_error, dev_error, base_error)
    if train_error - base_error > tolerance:
        if dev_error - train_error > tolerance:
            return "high bias and high variance"
        return "high bias"
    if dev_error - train_error > tolerance:
        return "high variance"
    return "good fit"


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    penalty = sum(np.linalg.norm(parameters[f"W{l}"], "fro") ** 2 for l in (1, 2, 3))
    print("penalty", penalty)
    return compute_cost(A3, Y) + lambd * penalty / (2 * m)


def forward_propagation_with_dropout(X, parameters, keep_prob, rng):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    D1 = (rng.random(size=Z1.shape) < keep_prob).astype(int)
    A1 = np.maximum(0, Z1) * D1 / keep_prob
    Z2 = np.dot(W2, A1) + b2
    D2 = (rng.random(size=Z2.shape) < keep_prob).astype(int)
    A2 = np.maximum(0, Z2) * D2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
