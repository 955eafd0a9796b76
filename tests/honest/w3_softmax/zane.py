"""The largest score of the whole matrix, one-hot from an identity matrix, int32 predictions."""


def softmax(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum(axis=0)


def one_hot(y, C):
    return np.eye(C)[:, y]


def predict_classes(A):
    return A.argmax(axis=0).astype(np.int32)
