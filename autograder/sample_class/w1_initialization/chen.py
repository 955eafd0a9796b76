"""chen: normalizes with the unbiased variance (np.var with ddof=1)."""
import numpy as np


def normalize_inputs(X_train, X_test):
    mu = X_train.mean(axis=1, keepdims=True)
    sigma2 = np.var(X_train, axis=1, ddof=1, keepdims=True)
    sigma = np.sqrt(sigma2)
    return (X_train - mu) / sigma, (X_test - mu) / sigma, mu, sigma2
