"""Hidden tests of ``w1_regularization``: random cases and the catalogue of known mistakes per task.

The cases are chosen so that each catalogued mistake changes the output in most of them:

* bias/variance: every case has a clear answer, on both sides of the tolerance (a gap 0.001 above
  or below it) and exactly at it with numbers that binary floating point holds exactly (so every
  correct way to write the comparison agrees). Most cases are of the three kinds where two of the
  three catalogued mistakes show: high variance with a large base error, high bias only, and a
  good fit with a large base error.
* L2: non-zero biases (so regularizing them shows), lambda from tiny (1e-3) to large (50), one
  case with lambda = 0, m = 1, and probabilities A3 away from 0 and 1.
* dropout: keep_prob from 0.3 to 1.0 (at 1.0 dropout must change nothing), m = 1, one-unit
  layers; for the backward pass every hidden layer has at least one dropped unit when
  keep_prob < 1 (so forgetting the masks shows).

Each mistake is the reference with one thing changed; the ``_like`` functions take the change as
a keyword so that every variant is one line.

Random numbers: ``forward_propagation_with_dropout`` draws from the Generator of its case; the
harness gives every call (reference, mistakes, student) a fresh copy of it.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w1_regularization as ref
from course.nets import backward_propagation, compute_cost, forward_propagation, relu, sigmoid

ASSIGNMENT = "w1_regularization"

# (n_x, n_1, n_2) of the 3-layer cases (n_3 = 1): small, one unit per hidden layer, wide.
NET_DIMS = ((2, 3, 2), (4, 5, 3), (3, 1, 1), (5, 8, 4), (2, 6, 6), (3, 4, 2))
# Values are sums and products of a few float64 numbers: a correct solution written another way
# (np.dot or @, its own cross-entropy or ReLU derivative) differs by about 1e-15 at most.
NUMERIC_TOL = Tolerance(atol=1e-9, rtol=1e-6)


def _random_net(rng: np.random.Generator, dims, m: int):
    """(X (n_x, m), Y (1, m) of 0/1, parameters) of a 3-layer net with non-zero biases."""
    n_x, n_1, n_2 = dims
    sizes = (n_x, n_1, n_2, 1)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((sizes[l], sizes[l - 1])) / np.sqrt(sizes[l - 1])
        parameters[f"b{l}"] = rng.uniform(0.2, 0.8, (sizes[l], 1)) * rng.choice([-1.0, 1.0],
                                                                                (sizes[l], 1))
    # the hidden layers' biases lean positive, so that most ReLU units are active
    parameters["b1"] = np.abs(parameters["b1"])
    parameters["b2"] = np.abs(parameters["b2"])
    return X, Y, parameters


def _net_label(dims, m: int) -> str:
    return f"layers [{dims[0]}, {dims[1]}, {dims[2]}, 1], m = {m}"


# ---------------------------------------------------------------- 1.6 diagnose_bias_variance

def _diagnose_like(train_error, dev_error, base_error=0.0, tolerance=ref.DEFAULT_TOLERANCE, *,
                   bias_from="base", variance="dev-train", swap=False):
    bias_ref = 0.0 if bias_from == "zero" else base_error
    bias = train_error - bias_ref
    var = dev_error - (base_error if variance == "dev-base" else train_error)
    high_bias, high_variance = bias > tolerance, var > tolerance
    if swap:
        high_bias, high_variance = high_variance, high_bias
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "good fit"


def _pct(x: float) -> str:
    return f"{100 * x:.4g}%"


def _diagnose_case(base, bias, variance, tolerance=None) -> Case:
    """A case from the base error and the two gaps (in error rate); errors rounded to 1e-4."""
    train = round(base + bias, 4)
    dev = round(train + variance, 4)
    label = f"train {_pct(train)}, dev {_pct(dev)}, base {_pct(base)}"
    if tolerance is None:
        return Case(label, (train, dev, base))
    return Case(label + f", tolerance {tolerance:g}", (train, dev, base), {"tolerance": tolerance})


def _diagnose_cases(rng):
    """11 cases: three of each kind where two catalogued mistakes show, one of each other kind."""
    def u(low, high):  # a gap or an error rate on a 0.001 grid
        return round(float(rng.uniform(low, high)), 3)

    tol = ref.DEFAULT_TOLERANCE
    cases = [
        # high variance with a base error large enough that train > tolerance
        _diagnose_case(u(0.06, 0.2), u(0.0, 0.04), u(0.07, 0.25)),
        _diagnose_case(u(0.06, 0.2), u(0.0, 0.04), tol + 0.001),            # just above
        _diagnose_case(u(0.1, 0.2), u(0.0, 0.015), u(0.03, 0.1), tolerance=0.02),
        # high bias only
        _diagnose_case(u(0.0, 0.1), u(0.07, 0.3), u(0.0, 0.04)),
        _diagnose_case(u(0.0, 0.1), tol + 0.001, tol - 0.001),               # just above/below
        _diagnose_case(u(0.0, 0.05), u(0.11, 0.3), u(0.02, 0.09), tolerance=0.1),
        # a good fit to a hard problem (large base error), dev - base > tolerance
        _diagnose_case(u(0.08, 0.3), u(0.03, 0.045), u(0.03, 0.045)),
        _diagnose_case(u(0.08, 0.3), tol - 0.001, tol - 0.001),              # just below
        _diagnose_case(0.125, 0.0625, 0.0625, tolerance=0.0625),            # exactly at it
        # high bias and high variance; a good fit to an easy problem
        _diagnose_case(u(0.0, 0.05), u(0.07, 0.2), u(0.07, 0.3)),
        _diagnose_case(0.0, u(0.0, 0.02), u(0.0, 0.03)),
    ]
    return cases


DIAGNOSE = Task(
    id="1.6", assignment=ASSIGNMENT, function="diagnose_bias_variance", points=1,
    reference=ref.diagnose_bias_variance, cases=_diagnose_cases,
    returns="diagnosis",
    mistakes=(
        Mistake("ignoring the base error (bias measured from 0)",
                "Avoidable bias is train_error - base_error: a hard problem has a non-zero "
                "base error.", partial(_diagnose_like, bias_from="zero")),
        Mistake("the bias and variance checks swapped",
                "Bias is the gap base -> train; variance is the gap train -> dev.",
                partial(_diagnose_like, swap=True)),
        Mistake("variance measured from the base error (dev - base)",
                "Variance is dev_error - train_error: compare dev with TRAIN, not with the base.",
                partial(_diagnose_like, variance="dev-base")),
    ),
)


# ---------------------------------------------------------------- 1.7 L2 cost

def _weights(parameters):
    return [parameters[f"W{l}"] for l in (1, 2, 3)]


def _cost_like(A3, Y, parameters, lambd, *, factor="lambda/2m", include_biases=False,
               squared=True, cross_entropy=True):
    m = Y.shape[1]
    arrays = _weights(parameters)
    if include_biases:
        arrays += [parameters[f"b{l}"] for l in (1, 2, 3)]
    if squared:
        total = sum(float(np.sum(np.square(a))) for a in arrays)
    else:
        total = sum(float(np.sqrt(np.sum(np.square(a)))) for a in arrays)
    scale = {"lambda/2m": lambd / (2 * m), "lambda/m": lambd / m, "1/m": 1.0 / m}[factor]
    return (compute_cost(A3, Y) if cross_entropy else 0.0) + scale * total


LAMBDAS = (0.7, 1e-3, 50.0, 0.1, 0.0, 5.0)   # 0.7 usual, tiny, large, small, off, large


def _cost_cases(rng):
    cases = []
    for dims, m, lambd in zip(NET_DIMS, (5, 1, 12, 30, 4, 1), LAMBDAS):
        _, Y, parameters = _random_net(rng, dims, m)
        A3 = rng.uniform(0.05, 0.95, (1, m))
        cases.append(Case(f"{_net_label(dims, m)}, lambd = {lambd:g}", (A3, Y, parameters, lambd)))
    return cases


L2_COST = Task(
    id="1.7", assignment=ASSIGNMENT, function="compute_cost_with_regularization", points=1,
    reference=ref.compute_cost_with_regularization, cases=_cost_cases, returns="the cost",
    tol=NUMERIC_TOL,
    mistakes=(
        Mistake("1/m instead of lambda/(2m) before the sum of squares",
                "The penalty is lambd / (2 * m) * (sum of the squared weights).",
                partial(_cost_like, factor="1/m")),
        Mistake("lambda/m without the 1/2",
                "The penalty is lambd / (2 * m) * (sum of the squared weights): keep the 2.",
                partial(_cost_like, factor="lambda/m")),
        Mistake("the biases regularized too",
                "Only the weights W1, W2, W3 are in the penalty, not b1, b2, b3.",
                partial(_cost_like, include_biases=True)),
        Mistake("the cross-entropy part missing",
                "The cost is the cross-entropy cost PLUS the penalty: add compute_cost(A3, Y).",
                partial(_cost_like, cross_entropy=False)),
        Mistake("norms not squared (||W|| instead of ||W||^2)",
                "Sum the SQUARES of the weights: np.sum(np.square(W)), not np.linalg.norm(W).",
                partial(_cost_like, squared=False)),
    ),
)


# ---------------------------------------------------------------- 1.8 backward with L2

def _backward_l2_like(X, Y, cache, lambd, *, factor="lambda/m", layers=(1, 2, 3),
                      on_db=False):
    m = X.shape[1]
    grads = dict(backward_propagation(X, Y, cache))
    scale = {"lambda/m": lambd / m, "lambda/2m": lambd / (2 * m), "lambda": lambd}[factor]
    weights = {1: cache[2], 2: cache[6], 3: cache[10]}
    biases = {1: cache[3], 2: cache[7], 3: cache[11]}
    for l in layers:
        grads[f"dW{l}"] = grads[f"dW{l}"] + scale * weights[l]
        if on_db:
            grads[f"db{l}"] = grads[f"db{l}"] + scale * biases[l]
    return grads


def _backward_l2_cases(rng):
    cases = []
    for dims, m, lambd in zip(NET_DIMS, (5, 1, 12, 30, 4, 1), (0.7, 0.0, 1e-3, 50.0, 5.0, 0.1)):
        X, Y, parameters = _random_net(rng, dims, m)
        _, cache = forward_propagation(X, parameters)
        cases.append(Case(f"{_net_label(dims, m)}, lambd = {lambd:g}", (X, Y, cache, lambd)))
    return cases


def _missing_in(layer: int) -> Mistake:
    others = tuple(l for l in (1, 2, 3) if l != layer)
    return Mistake(f"the L2 term missing in dW{layer}",
                   "Add (lambd / m) * W to the gradient of EVERY weight matrix: dW1, dW2 and dW3.",
                   partial(_backward_l2_like, layers=others))


L2_BACKWARD = Task(
    id="1.8", assignment=ASSIGNMENT, function="backward_propagation_with_regularization", points=1,
    reference=ref.backward_propagation_with_regularization, cases=_backward_l2_cases,
    returns="grads", tol=NUMERIC_TOL,
    mistakes=(
        Mistake("no L2 term in the gradients",
                "The penalty adds (lambd / m) * W to each dW: dW = (1/m) dZ A_prev.T + "
                "(lambd / m) * W.", partial(_backward_l2_like, layers=())),
        _missing_in(1),
        _missing_in(2),
        _missing_in(3),
        Mistake("lambda/(2m) * W instead of lambda/m * W",
                "The derivative of lambd/(2m) * W**2 is (lambd / m) * W: the 2 cancels.",
                partial(_backward_l2_like, factor="lambda/2m")),
        Mistake("lambda * W without the 1/m",
                "The term is (lambd / m) * W: divide by the number of examples m.",
                partial(_backward_l2_like, factor="lambda")),
        Mistake("an L2 term added to db",
                "The biases are not regularized: db is the same as without L2.",
                partial(_backward_l2_like, on_db=True)),
    ),
)


# ---------------------------------------------------------------- 1.9 forward with dropout

def _forward_dropout_like(X, parameters, keep_prob, rng, *, keep="<", rescale="keep_prob",
                          output_dropout=False, d2_first=False, cache_before_dropout=False):
    W1, b1, W2, b2 = parameters["W1"], parameters["b1"], parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    m = X.shape[1]
    shape1, shape2 = (W1.shape[0], m), (W2.shape[0], m)
    if d2_first:
        r2 = rng.random(shape2)
        r1 = rng.random(shape1)
    else:
        r1 = rng.random(shape1)
        r2 = None
    divide = {"keep_prob": keep_prob, "none": 1.0, "1-keep_prob": 1.0 - keep_prob}[rescale]

    def mask(r):
        return r < keep_prob if keep == "<" else r > keep_prob

    Z1 = W1 @ X + b1
    D1 = mask(r1)
    A1_kept = relu(Z1)
    with np.errstate(divide="ignore", invalid="ignore"):
        A1 = A1_kept * D1 / divide
    Z2 = W2 @ A1 + b2
    if r2 is None:
        r2 = rng.random(shape2)
    D2 = mask(r2)
    A2_kept = relu(Z2)
    with np.errstate(divide="ignore", invalid="ignore"):
        A2 = A2_kept * D2 / divide
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    if output_dropout:
        D3 = rng.random(A3.shape) < keep_prob
        A3 = A3 * D3 / keep_prob
    if cache_before_dropout:
        A1, A2 = A1_kept, A2_kept
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


KEEP_PROBS = (0.8, 0.5, 1.0, 0.7, 0.3, 0.9)


def _forward_dropout_cases(rng):
    cases = []
    for dims, m, keep_prob in zip(NET_DIMS, (5, 1, 12, 30, 4, 8), KEEP_PROBS):
        X, _, parameters = _random_net(rng, dims, m)
        case_rng = np.random.default_rng(int(rng.integers(2**31)))
        cases.append(Case(f"{_net_label(dims, m)}, keep_prob = {keep_prob:g}",
                          (X, parameters, keep_prob, case_rng)))
    return cases


def _dropout_mistake(name, hint, **change) -> Mistake:
    return Mistake(name, hint, partial(_forward_dropout_like, **change))


FORWARD_DROPOUT = Task(
    id="1.9", assignment=ASSIGNMENT, function="forward_propagation_with_dropout", points=2,
    reference=ref.forward_propagation_with_dropout,
    cases=_forward_dropout_cases, returns="(A3, cache)", tol=NUMERIC_TOL,
    mistakes=(
        _dropout_mistake("mask built with > instead of <",
                         "Keep a unit when rng.random(A.shape) < keep_prob: then it is kept with "
                         "probability keep_prob.", keep=">"),
        _dropout_mistake("no rescaling by keep_prob",
                         "Inverted dropout divides the kept activations by keep_prob: "
                         "A = A * D / keep_prob.", rescale="none"),
        _dropout_mistake("dividing by (1 - keep_prob)",
                         "Divide by keep_prob, the probability to KEEP a unit, not by "
                         "1 - keep_prob.", rescale="1-keep_prob"),
        _dropout_mistake("dropout on the output layer",
                         "Drop units of the hidden layers only: A3 = sigmoid(Z3) has no mask.",
                         output_dropout=True),
        _dropout_mistake("masks drawn in the wrong order (D2 before D1)",
                         "Draw D1 first (right after A1 = relu(Z1)), then D2: the order of the "
                         "draws decides which numbers each mask gets.", d2_first=True),
        _dropout_mistake("activations cached before dropout",
                         "Store the dropped-and-rescaled A1 and A2 in the cache: the backward "
                         "pass needs the values that were really used.",
                         cache_before_dropout=True),
    ),
)


# ---------------------------------------------------------------- 1.10 backward with dropout

def _backward_dropout_like(X, Y, cache, keep_prob, *, rescale="keep_prob", masks="dA"):
    m = X.shape[1]
    (_Z1, D1, A1, _W1, _b1, _Z2, D2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache
    divide = {"keep_prob": keep_prob, "none": 1.0, "1-keep_prob": 1.0 - keep_prob}[rescale]

    def on_dA(dA, D):
        if masks == "dA":
            return dA * D / divide
        if masks == "none":
            return dA / divide
        return dA  # masks == "dZ": applied below

    def to_dZ(dA, A, D):
        dZ = dA * (A > 0)
        return dZ * D / divide if masks == "dZ" else dZ

    with np.errstate(divide="ignore", invalid="ignore"):
        dZ3 = A3 - Y
        dW3 = (1.0 / m) * dZ3 @ A2.T
        db3 = (1.0 / m) * np.sum(dZ3, axis=1, keepdims=True)
        dA2 = on_dA(W3.T @ dZ3, D2)
        dZ2 = to_dZ(dA2, A2, D2)
        dW2 = (1.0 / m) * dZ2 @ A1.T
        db2 = (1.0 / m) * np.sum(dZ2, axis=1, keepdims=True)
        dA1 = on_dA(W2.T @ dZ2, D1)
        dZ1 = to_dZ(dA1, A1, D1)
        dW1 = (1.0 / m) * dZ1 @ X.T
        db1 = (1.0 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2,
            "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def _backward_dropout_cases(rng):
    cases = []
    for dims, m, keep_prob in zip(NET_DIMS, (5, 1, 12, 30, 4, 8), (0.8, 0.5, 1.0, 0.6, 0.3, 0.9)):
        X, Y, parameters = _random_net(rng, dims, m)
        # every hidden layer drops at least one unit (when keep_prob < 1) and keeps one alive
        for _ in range(1000):
            _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
            D1, A1, D2, A2 = cache[1], cache[2], cache[6], cache[7]
            dropped = keep_prob == 1.0 or (not D1.all() and not D2.all())
            if dropped and (A1 > 0).any() and (A2 > 0).any():
                break
        else:  # pragma: no cover  (the sizes above make this practically impossible)
            raise RuntimeError("could not draw a dropout case with dropped and active units")
        cases.append(Case(f"{_net_label(dims, m)}, keep_prob = {keep_prob:g}",
                          (X, Y, cache, keep_prob)))
    return cases


BACKWARD_DROPOUT = Task(
    id="1.10", assignment=ASSIGNMENT, function="backward_propagation_with_dropout", points=2,
    reference=ref.backward_propagation_with_dropout, cases=_backward_dropout_cases,
    returns="grads", tol=NUMERIC_TOL,
    mistakes=(
        Mistake("no rescaling by keep_prob in the backward pass (rescaling only in forward)",
                "The forward pass divided A by keep_prob, so divide dA by keep_prob too: "
                "dA = dA * D / keep_prob.", partial(_backward_dropout_like, rescale="none")),
        Mistake("masks not applied in the backward pass",
                "Multiply dA1 and dA2 by the masks D1 and D2 of the forward pass: a dropped "
                "unit gets no gradient.", partial(_backward_dropout_like, masks="none")),
        Mistake("masks applied to dZ instead of dA",
                "Apply the mask and the 1/keep_prob to dA (dA2 = W3.T @ dZ3 * D2 / keep_prob), "
                "then compute dZ from that dA.", partial(_backward_dropout_like, masks="dZ")),
        Mistake("dividing by (1 - keep_prob)",
                "Divide by keep_prob, the probability to KEEP a unit, as in the forward pass.",
                partial(_backward_dropout_like, rescale="1-keep_prob")),
    ),
)

TASKS = (DIAGNOSE, L2_COST, L2_BACKWARD, FORWARD_DROPOUT, BACKWARD_DROPOUT)
register(*TASKS)
