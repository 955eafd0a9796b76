"""Hidden tests of ``w1_initialization``: random cases and the catalogue of known mistakes per task.

Inputs are chosen so that each catalogued mistake changes the output far beyond the tolerance in
most cases: features whose variances are far from 1 (so that dividing by sigma2 instead of its
root, or returning the standard deviation, shows), small training sets (so that m and m - 1
differ by a few percent), test sets drawn from a shifted distribution (so that the test set's
own statistics differ), and layers whose sizes differ from one layer to the next (so that n_l and
n_{l-1}, or a transposed shape, show).

Random numbers: every random initialization gets its own ``numpy.random.Generator`` per case;
the harness gives every call (reference, mistakes, student) a fresh copy of it, so a correct
student who draws in the documented order (W1, W2, ..., one ``standard_normal`` call each)
gets the reference's numbers.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w1_initialization as ref

ASSIGNMENT = "w1_initialization"

# Layer sizes of the initialization cases: one layer, a single unit, a 3-layer net, a wide layer
# and a deeper net. Every layer but the single unit's has n_l != n_{l-1}.
INIT_SHAPES = ([3, 2], [1, 1], [4, 3, 2, 1], [2, 6, 5], [5, 8, 3, 7, 1])


def _layers(dims) -> str:
    return "layers " + str(list(dims))


def _fresh_rng(rng: np.random.Generator) -> np.random.Generator:
    return np.random.default_rng(int(rng.integers(2**31)))


# ---------------------------------------------------------------- 1.1 normalize_inputs

def _normalize_like(X_train, X_test, *, ddof=0, test_own=False, root=True, return_std=False,
                    axis=1):
    """normalize_inputs with one thing changed (``axis=None``: statistics over all entries)."""
    keep = axis is not None

    def stats(X):
        mu = np.mean(X, axis=axis, keepdims=keep)
        return mu, np.var(X, axis=axis, ddof=ddof, keepdims=keep)

    mu, sigma2 = stats(X_train)
    mu_test, sigma2_test = stats(X_test) if test_own else (mu, sigma2)
    divide = np.sqrt if root else (lambda v: v)
    X_train_n = (X_train - mu) / divide(sigma2)
    X_test_n = (X_test - mu_test) / divide(sigma2_test)
    return X_train_n, X_test_n, mu, (np.sqrt(sigma2) if return_std else sigma2)


def _normalize_cases(rng):
    """Features with means in [-20, 20] and standard deviations in [0.1, 0.5] or [2, 20]."""
    plan = [  # (n_x, m_train, m_test, what)
        (3, 12, 12, "test set as large as the training set"),
        (4, 9, 1, "one test example"),
        (1, 15, 6, "one feature"),
        (3, 20, 7, ""),
        (5, 6, 3, "six training examples"),
    ]
    cases = []
    for n_x, m_train, m_test, what in plan:
        means = rng.uniform(-20.0, 20.0, (n_x, 1))
        small = rng.random((n_x, 1)) < 0.5
        exponents = np.where(small, -rng.uniform(0.3, 1.0, (n_x, 1)),
                             rng.uniform(0.3, 1.3, (n_x, 1)))
        stds = 10.0 ** exponents
        X_train = means + stds * rng.standard_normal((n_x, m_train))
        shift = stds * rng.uniform(0.5, 1.5, (n_x, 1))  # the test set comes from elsewhere
        X_test = means + shift + stds * rng.standard_normal((n_x, m_test))
        label = f"n_x = {n_x}, m_train = {m_train}, m_test = {m_test}"
        cases.append(Case(label + (f" ({what})" if what else ""), (X_train, X_test)))
    return cases


NORMALIZE = Task(
    id="1.1", assignment=ASSIGNMENT, function="normalize_inputs", points=2,
    reference=ref.normalize_inputs, cases=_normalize_cases,
    # rtol 1e-5: a student who adds epsilon = 1e-8 to sigma2 out of habit still passes (every
    # variance here is above 1e-3); the nearest mistake (m - 1) changes values by 5 % or more.
    returns="(X_train_n, X_test_n, mu, sigma2)", tol=Tolerance(atol=1e-9, rtol=1e-5),
    mistakes=(
        Mistake("unbiased variance (dividing by m - 1)",
                "sigma2 divides by m, the number of training examples: np.var(X, axis=1, "
                "keepdims=True) with its default ddof=0.",
                partial(_normalize_like, ddof=1)),
        Mistake("test set normalized with its own mean and variance",
                "Normalize X_test with the TRAINING set's mu and sigma2.",
                partial(_normalize_like, test_own=True)),
        Mistake("dividing by sigma2 instead of sqrt(sigma2)",
                "Divide by the standard deviation np.sqrt(sigma2), not by the variance.",
                partial(_normalize_like, root=False)),
        Mistake("returning the standard deviation as sigma2",
                "Return the variance sigma2 (the mean of the squared deviations), not its "
                "square root.",
                partial(_normalize_like, return_std=True)),
        Mistake("statistics over all entries (no axis)",
                "Compute mu and sigma2 per feature: np.mean(X_train, axis=1, keepdims=True), "
                "shape (n_x, 1).",
                partial(_normalize_like, axis=None)),
        Mistake("statistics per example (axis=0) instead of per feature",
                "Features are rows and examples are columns: average over the examples with "
                "axis=1 (keepdims=True), giving shape (n_x, 1).",
                partial(_normalize_like, axis=0)),
    ),
)


# ---------------------------------------------------------------- 1.2 zeros

def _zeros_like_init(layers_dims, *, b_vector=False, transposed=False, first_key=1,
                     layers_short=0):
    parameters = {}
    L = len(layers_dims) - 1 - layers_short
    for l in range(1, L + 1):
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        key = l - 1 + first_key
        parameters[f"W{key}"] = np.zeros((n_prev, n) if transposed else (n, n_prev))
        parameters[f"b{key}"] = np.zeros(n) if b_vector else np.zeros((n, 1))
    return parameters


def _zeros_cases(rng):
    del rng  # the layer sizes are the cases; nothing random
    return [Case(_layers(d), (list(d),)) for d in INIT_SHAPES]


W_TRANSPOSED = ("W[l] transposed: shape (n[l-1], n[l])",
                "W[l] has one row per unit of layer l: shape (layers_dims[l], layers_dims[l-1]).")
LAST_LAYER_MISSING = ("the loop stops one layer early",
                      "There are L = len(layers_dims) - 1 layers: loop over range(1, L + 1).")

ZEROS = Task(
    id="1.2", assignment=ASSIGNMENT, function="initialize_parameters_zeros", points=1,
    reference=ref.initialize_parameters_zeros, cases=_zeros_cases, returns="parameters",
    mistakes=(
        Mistake("b[l] as a vector of shape (n[l],)",
                "Each bias is a column: np.zeros((layers_dims[l], 1)).",
                partial(_zeros_like_init, b_vector=True)),
        Mistake(*W_TRANSPOSED, partial(_zeros_like_init, transposed=True)),
        Mistake("keys numbered from 0 ('W0', 'b0', ...)",
                "The first layer's parameters are 'W1' and 'b1': layer l uses layers_dims[l] "
                "and layers_dims[l-1], for l = 1, ..., L.",
                partial(_zeros_like_init, first_key=0)),
        Mistake(*LAST_LAYER_MISSING, partial(_zeros_like_init, layers_short=1)),
    ),
)


# ---------------------------------------------------------------- 1.3-1.5 random, Xavier, He

def _gaussian_like(layers_dims, rng, *, std, draw_biases=False, transposed=False,
                   global_state=False, uniform=False):
    """A random initialization with one thing changed; std(n_prev, n) is W[l]'s factor."""
    legacy = np.random.RandomState(3) if global_state else None  # np.random.seed(3) + randn
    parameters = {}
    for l in range(1, len(layers_dims)):
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        shape = (n_prev, n) if transposed else (n, n_prev)
        if global_state:
            draw = legacy.randn(*shape)
        elif uniform:
            draw = rng.random(shape)
        else:
            draw = rng.standard_normal(shape)
        parameters[f"W{l}"] = draw * std(n_prev, n)
        if draw_biases:
            parameters[f"b{l}"] = rng.standard_normal((n, 1)) * std(n_prev, n)
        else:
            parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def _random_like(layers_dims, rng, scale=10.0, *, ignore_scale=False, **change):
    factor = 10.0 if ignore_scale else scale
    return _gaussian_like(layers_dims, rng, std=lambda n_prev, n: factor, **change)


def _random_cases(rng):
    scales = (None, 0.5, 3.0, 25.0, 0.01)  # None: the default scale 10
    cases = []
    for dims, scale in zip(INIT_SHAPES, scales):
        label = _layers(dims) + (", default scale" if scale is None else f", scale {scale:g}")
        kwargs = {} if scale is None else {"scale": scale}
        cases.append(Case(label, (list(dims), _fresh_rng(rng)), kwargs))
    return cases


def _scaled_cases(rng):
    return [Case(_layers(d), (list(d), _fresh_rng(rng))) for d in INIT_SHAPES]


GLOBAL_STATE = ("drawing from numpy's global random state (np.random) instead of rng",
                ("Draw every weight with rng.standard_normal((n[l], n[l-1])); np.random.seed "
                 "and np.random.randn ignore the generator you are given."))
BIASES_DRAWN = ("biases drawn at random too",
                ("The biases are zeros and are not drawn: an extra draw also changes every "
                 "later weight."))


def _xavier_std(n_prev, n):
    return np.sqrt(1.0 / n_prev)


def _he_std(n_prev, n):
    return np.sqrt(2.0 / n_prev)


RANDOM = Task(
    id="1.3", assignment=ASSIGNMENT, function="initialize_parameters_random", points=1,
    reference=ref.initialize_parameters_random, cases=_random_cases, returns="parameters",
    mistakes=(
        Mistake("ignoring scale (always 10)",
                "Multiply the draws by the argument scale, not by a fixed 10.",
                partial(_random_like, ignore_scale=True)),
        Mistake(*GLOBAL_STATE, partial(_random_like, global_state=True)),
        Mistake(*BIASES_DRAWN, partial(_random_like, draw_biases=True)),
        Mistake(*W_TRANSPOSED, partial(_random_like, transposed=True)),
        Mistake("uniform draws (rng.random) instead of normal ones",
                "rng.random draws uniformly from [0, 1); use rng.standard_normal, the normal "
                "distribution with mean 0.",
                partial(_random_like, uniform=True)),
    ),
)

XAVIER = Task(
    id="1.4", assignment=ASSIGNMENT, function="initialize_parameters_xavier", points=1,
    reference=ref.initialize_parameters_xavier, cases=_scaled_cases, returns="parameters",
    mistakes=(
        Mistake("He's factor sqrt(2 / n[l-1]) instead of sqrt(1 / n[l-1])",
                "Xavier's variance is 1 / n[l-1]: multiply by np.sqrt(1 / layers_dims[l-1]).",
                partial(_gaussian_like, std=_he_std)),
        Mistake("n[l] instead of n[l-1] (the layer's own size)",
                "Use the number of INPUTS of each unit, n[l-1] = layers_dims[l-1].",
                partial(_gaussian_like, std=lambda n_prev, n: np.sqrt(1.0 / n))),
        Mistake("no square root: the variance 1 / n[l-1] used as the standard deviation",
                "N(0, 1) numbers are multiplied by the standard deviation: np.sqrt(1 / "
                "layers_dims[l-1]).",
                partial(_gaussian_like, std=lambda n_prev, n: 1.0 / n_prev)),
        Mistake("Glorot's average sqrt(2 / (n[l-1] + n[l]))",
                "In this course Xavier is sqrt(1 / n[l-1]), the number of inputs of each unit "
                "only.",
                partial(_gaussian_like, std=lambda n_prev, n: np.sqrt(2.0 / (n_prev + n)))),
        Mistake(*GLOBAL_STATE, partial(_gaussian_like, std=_xavier_std, global_state=True)),
    ),
)

HE = Task(
    id="1.5", assignment=ASSIGNMENT, function="initialize_parameters_he", points=1,
    reference=ref.initialize_parameters_he, cases=_scaled_cases, returns="parameters",
    mistakes=(
        Mistake("Xavier's factor sqrt(1 / n[l-1]) instead of sqrt(2 / n[l-1])",
                "He's variance is 2 / n[l-1]: multiply by np.sqrt(2 / layers_dims[l-1]).",
                partial(_gaussian_like, std=_xavier_std)),
        Mistake("n[l] instead of n[l-1] (the layer's own size)",
                "Use the number of INPUTS of each unit, n[l-1] = layers_dims[l-1].",
                partial(_gaussian_like, std=lambda n_prev, n: np.sqrt(2.0 / n))),
        Mistake("no square root: the variance 2 / n[l-1] used as the standard deviation",
                "N(0, 1) numbers are multiplied by the standard deviation: np.sqrt(2 / "
                "layers_dims[l-1]).",
                partial(_gaussian_like, std=lambda n_prev, n: 2.0 / n_prev)),
        Mistake(*GLOBAL_STATE, partial(_gaussian_like, std=_he_std, global_state=True)),
        Mistake(*BIASES_DRAWN, partial(_gaussian_like, std=_he_std, draw_biases=True)),
    ),
)

TASKS = (NORMALIZE, ZEROS, RANDOM, XAVIER, HE)
register(*TASKS)
