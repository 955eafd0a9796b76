"""gus: dropout masks built with > instead of <; the L2 term added to the biases' gradients."""


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    grads = backward_propagation(X, Y, cache)
    for l, W, b in ((1, W1, b1), (2, W2, b2), (3, W3, b3)):
        grads["dW" + str(l)] += lambd / m * W
        grads["db" + str(l)] += lambd / m * b
    return grads


def forward_propagation_with_dropout(X, parameters, keep_prob, rng):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = relu(Z1)
    D1 = rng.random(A1.shape) > keep_prob
    A1 = A1 * D1 / keep_prob
    Z2 = W2 @ A1 + b2
    A2 = relu(Z2)
    D2 = rng.random(A2.shape) > keep_prob
    A2 = A2 * D2 / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
