"""Questions about the hidden tests of w1_regularization (tasks 1.6 to 1.10).

Do correct solutions written the way students write them keep full marks? Do the cases hold the
edge cases the lesson promises? Does the dropout task leave the case's random generator for the
student's call?

Every call gets its own copy of a case's ``numpy.random.Generator``; the tests below still use
seeds of their own, none of the seeds 1 to 10 that tests/test_harness.py uses.
"""
from __future__ import annotations

import io
import itertools
import math
import zlib

import numpy as np
import pytest

from autograder.harness import grade
from autograder.harness.runner import prepare
from autograder.harness.spec import get_task, tasks_of
from autograder.reference import w1_regularization as ref
from autograder.tasks import w1_regularization as spec
from course.nets import backward_propagation, compute_cost, relu, sigmoid

_SEEDS = itertools.count(5000, 7)  # a fresh seed for every grading call of this module


def full_marks(task_id: str, fn, n_seeds: int = 3) -> None:
    """Grade ``fn`` as task ``task_id`` on fresh seeds; each must give the task's points."""
    task = get_task(task_id)
    for _ in range(n_seeds):
        seed = next(_SEEDS)
        out = io.StringIO()
        score = grade(task_id, {task.function: fn}, seed=seed, out=out)
        assert score == task.points, out.getvalue()


# --- 1.6 diagnose_bias_variance: other correct ways to write it ------------------------------

def diagnose_added(train_error, dev_error, base_error=0.0, tolerance=0.05):
    high_bias = train_error > base_error + tolerance
    high_variance = dev_error > train_error + tolerance
    if high_bias and high_variance:
        return "high bias and high variance"
    elif high_bias:
        return "high bias"
    elif high_variance:
        return "high variance"
    else:
        return "good fit"


def diagnose_in_percent(train_error, dev_error, base_error=0.0, tolerance=0.05):
    bias = 100 * train_error - 100 * base_error
    variance = 100 * dev_error - 100 * train_error
    problems = []
    if bias > 100 * tolerance:
        problems.append("high bias")
    if variance > 100 * tolerance:
        problems.append("high variance")
    return " and ".join(problems) if problems else "good fit"


def diagnose_with_a_table(train_error, dev_error, base_error=0.0, tolerance=0.05):
    table = {(False, False): "good fit", (True, False): "high bias",
             (False, True): "high variance", (True, True): "high bias and high variance"}
    key = (bool(np.greater(train_error - base_error, tolerance)),
           bool(np.greater(dev_error - train_error, tolerance)))
    return table[key]


def diagnose_nested(train_error, dev_error, base_error=0.0, tolerance=0.05):
    avoidable_bias = train_error - base_error
    variance = dev_error - train_error
    if avoidable_bias > tolerance:
        if variance > tolerance:
            return "high bias and high variance"
        return "high bias"
    if not variance <= tolerance:
        return "high variance"
    return "good fit"


@pytest.mark.parametrize("fn", [diagnose_added, diagnose_in_percent, diagnose_with_a_table,
                                diagnose_nested], ids=lambda f: f.__name__)
def test_do_correct_diagnoses_written_differently_keep_full_marks(fn):
    full_marks("1.6", fn)


def test_are_the_diagnosis_cases_on_both_sides_of_the_tolerance_and_exactly_at_it():
    formulations = (ref.diagnose_bias_variance, diagnose_added, diagnose_in_percent)
    for seed in (11, 12, 13):
        cases = spec._diagnose_cases(np.random.default_rng(seed))
        gaps = []
        for case in cases:
            train, dev, base = case.args
            tol = case.kwargs.get("tolerance", 0.05)
            answers = {f(*case.args, **case.kwargs) for f in formulations}
            assert len(answers) == 1, case.label  # no case depends on how the test is written
            gaps += [(train - base) / tol, (dev - train) / tol]
        assert any(1.0 < g < 1.03 for g in gaps)    # just above the tolerance
        assert any(0.97 < g < 1.0 for g in gaps)    # just below it
        assert any(g == 1.0 for g in gaps)          # exactly at it: not "high"
        answers = {ref.diagnose_bias_variance(*c.args, **c.kwargs) for c in cases}
        assert answers == {"high bias", "high variance", "high bias and high variance",
                           "good fit"}


def test_does_a_diagnosis_with_greater_or_equal_lose_only_the_boundary_case():
    def greater_or_equal(train_error, dev_error, base_error=0.0, tolerance=0.05):
        high_bias = train_error - base_error >= tolerance
        high_variance = dev_error - train_error >= tolerance
        if high_bias and high_variance:
            return "high bias and high variance"
        if high_bias:
            return "high bias"
        if high_variance:
            return "high variance"
        return "good fit"

    task = get_task("1.6")
    seed = next(_SEEDS)
    score = grade("1.6", {task.function: greater_or_equal}, seed=seed, out=io.StringIO())
    assert score == round(task.points * 10 / 11, 2)


# --- 1.7 compute_cost_with_regularization -----------------------------------------------------

def cost_with_a_loop(A3, Y, parameters, lambd):
    m = Y.shape[1]
    squares = 0.0
    for l in range(1, 4):
        squares += np.sum(parameters["W" + str(l)] ** 2)
    return compute_cost(A3, Y) + lambd * squares / (2 * m)


def cost_written_out(A3, Y, parameters, lambd):
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cross_entropy = 1.0 / m * np.nansum(logprobs)
    norms = [np.linalg.norm(parameters[k], "fro") ** 2 for k in ("W1", "W2", "W3")]
    return np.squeeze(cross_entropy + 1.0 / m * lambd / 2 * sum(norms))


def cost_with_dot_products(A3, Y, parameters, lambd):
    m = Y.shape[1]
    cross_entropy = -(np.dot(Y, np.log(A3).T) + np.dot(1 - Y, np.log(1 - A3).T)) / m
    penalty = sum(float((parameters[k] * parameters[k]).sum()) for k in parameters
                  if k.startswith("W"))
    return float(cross_entropy[0, 0]) + lambd / (2 * m) * penalty


@pytest.mark.parametrize("fn", [cost_with_a_loop, cost_written_out, cost_with_dot_products],
                         ids=lambda f: f.__name__)
def test_do_correct_costs_written_differently_keep_full_marks(fn):
    full_marks("1.7", fn)


def test_do_the_cost_cases_include_tiny_large_and_zero_lambda_and_m_1():
    cases = spec._cost_cases(np.random.default_rng(21))
    lambdas = [c.args[3] for c in cases]
    assert 0.0 in lambdas and min(l for l in lambdas if l > 0) <= 1e-3 and max(lambdas) >= 50
    assert any(c.args[1].shape[1] == 1 for c in cases)
    for case in cases:
        A3, _, parameters, _ = case.args
        assert 0.0 < A3.min() and A3.max() < 1.0           # no clipping in compute_cost
        assert all(np.abs(parameters[f"b{l}"]).min() >= 0.2 for l in (1, 2, 3))


# --- 1.8 backward_propagation_with_regularization ----------------------------------------------

def l2_backward_in_place(X, Y, cache, lambd):
    m = X.shape[1]
    grads = backward_propagation(X, Y, cache)
    for l, W in zip((1, 2, 3), (cache[2], cache[6], cache[10])):
        grads["dW" + str(l)] += lambd / m * W
    return grads


def l2_backward_written_out(X, Y, cache, lambd):
    m = X.shape[1]
    (_Z1, A1, W1, _b1, Z2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T) + (lambd * W3) / m
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(Z2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) + (lambd * W2) / m
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T) + (lambd * W1) / m
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def l2_backward_new_dict(X, Y, cache, lambd):
    m = X.shape[1]
    weights = {"dW1": cache[2], "dW2": cache[6], "dW3": cache[10]}
    return {key: value + np.multiply(lambd / m, weights[key]) if key in weights else value
            for key, value in backward_propagation(X, Y, cache).items()}


@pytest.mark.parametrize("fn", [l2_backward_in_place, l2_backward_written_out,
                                l2_backward_new_dict], ids=lambda f: f.__name__)
def test_do_correct_l2_backward_passes_written_differently_keep_full_marks(fn):
    full_marks("1.8", fn)


# --- 1.9 forward_propagation_with_dropout -----------------------------------------------------

def dropout_forward_int_masks(X, parameters, keep_prob, rng):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)
    D1 = rng.random((A1.shape[0], A1.shape[1]))
    D1 = (D1 < keep_prob).astype(int)
    A1 = np.multiply(A1, D1)
    A1 /= keep_prob
    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)
    D2 = (rng.random(A2.shape) < keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = 1 / (1 + np.exp(-Z3))
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


def dropout_forward_uniform_draws(X, parameters, keep_prob, rng):
    layers = {}
    A = X
    for l in (1, 2):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        D = rng.uniform(size=Z.shape) < keep_prob
        A = relu(Z) * (D / keep_prob)
        layers[l] = (Z, D, A)
    Z3 = parameters["W3"] @ A + parameters["b3"]
    A3 = sigmoid(Z3)
    (Z1, D1, A1), (Z2, D2, A2) = layers[1], layers[2]
    return A3, (Z1, D1, A1, parameters["W1"], parameters["b1"], Z2, D2, A2, parameters["W2"],
                parameters["b2"], Z3, A3, parameters["W3"], parameters["b3"])


def dropout_forward_mask_before_relu(X, parameters, keep_prob, rng):
    W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
    Z1 = W1 @ X + b1
    D1 = rng.random(size=Z1.shape) < keep_prob
    A1 = relu(Z1 * D1 / keep_prob)           # the same numbers: D1 / keep_prob >= 0
    Z2 = W2 @ A1 + b2
    D2 = rng.random(size=Z2.shape) < keep_prob
    A2 = relu(np.where(D2, Z2, 0.0)) / keep_prob
    Z3 = W3 @ A2 + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)


@pytest.mark.parametrize("fn", [dropout_forward_int_masks, dropout_forward_uniform_draws,
                                dropout_forward_mask_before_relu], ids=lambda f: f.__name__)
def test_do_correct_dropout_forward_passes_written_differently_keep_full_marks(fn):
    full_marks("1.9", fn)


def test_do_the_trusted_dropout_functions_leave_the_case_generator_for_the_student():
    task = get_task("1.9")
    seed = next(_SEEDS)
    prepared = prepare(task, seed)  # runs the reference and every mistake on each case
    fresh = spec._forward_dropout_cases(np.random.default_rng([seed, _crc("1.9")]))
    for used, new in zip(prepared.cases, fresh):
        assert used.args[3].random() == new.args[3].random(), used.label


def _crc(task_id: str) -> int:
    return zlib.crc32(task_id.encode())


def test_do_the_dropout_cases_include_m_1_keep_prob_1_and_one_unit_layers():
    for cases in (spec._forward_dropout_cases(np.random.default_rng(31)),
                  spec._backward_dropout_cases(np.random.default_rng(31))):
        keep_probs = [c.args[-1] if isinstance(c.args[-1], float) else c.args[2] for c in cases]
        assert 1.0 in keep_probs and min(keep_probs) <= 0.3
        assert any(c.args[0].shape[1] == 1 for c in cases)
        assert any(c.args[0].shape[0] == 3 and "[3, 1, 1, 1]" in c.label for c in cases)


# --- 1.10 backward_propagation_with_dropout ---------------------------------------------------

def dropout_backward_z_mask(X, Y, cache, keep_prob):
    m = X.shape[1]
    (Z1, D1, A1, _W1, _b1, Z2, D2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(Z2 > 0))        # Z2 > 0 instead of A2 > 0: the same here
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(Z1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def dropout_backward_loop(X, Y, cache, keep_prob):
    m = X.shape[1]
    (_Z1, D1, A1, _W1, _b1, _Z2, D2, A2, W2, _b2, _Z3, A3, W3, _b3) = cache
    acts = {0: X, 1: A1, 2: A2}
    masks = {1: D1, 2: D2}
    weights = {2: W2, 3: W3}
    grads = {}
    dZ = A3 - Y
    for l in (3, 2, 1):
        grads[f"dZ{l}"] = dZ
        grads[f"dW{l}"] = dZ @ acts[l - 1].T / m
        grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True) / m
        if l > 1:
            dA = weights[l].T @ dZ * masks[l - 1] / keep_prob
            grads[f"dA{l - 1}"] = dA
            dZ = np.where(acts[l - 1] > 0, dA, 0.0)
    return grads


@pytest.mark.parametrize("fn", [dropout_backward_z_mask, dropout_backward_loop],
                         ids=lambda f: f.__name__)
def test_do_correct_dropout_backward_passes_written_differently_keep_full_marks(fn):
    full_marks("1.10", fn)


def test_does_every_backward_dropout_case_drop_a_unit_in_each_hidden_layer():
    for seed in (41, 42, 43):
        for case in spec._backward_dropout_cases(np.random.default_rng(seed)):
            _, _, cache, keep_prob = case.args
            D1, A1, D2, A2 = cache[1], cache[2], cache[6], cache[7]
            assert D1.dtype == np.bool_ and D2.dtype == np.bool_
            assert (A1 > 0).any() and (A2 > 0).any(), case.label
            if keep_prob < 1:
                assert not D1.all() and not D2.all(), case.label
            else:
                assert D1.all() and D2.all()


# --- the whole assignment -------------------------------------------------------------------

def test_are_the_five_tasks_registered_with_their_points():
    tasks = tasks_of("w1_regularization")
    assert [(t.id, t.function, t.points) for t in tasks] == [
        ("1.6", "diagnose_bias_variance", 1),
        ("1.7", "compute_cost_with_regularization", 1),
        ("1.8", "backward_propagation_with_regularization", 1),
        ("1.9", "forward_propagation_with_dropout", 2),
        ("1.10", "backward_propagation_with_dropout", 2),
    ]
    assert all(len(t.mistakes) >= 3 for t in tasks)
    assert all(len(t.mistakes) >= 4 for t in tasks if t.id != "1.6")


def test_are_all_case_arguments_plain_data():
    plain = (np.ndarray, float, int, str, bool, type(None), np.random.Generator)

    def check(value):
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                check(v)
        elif isinstance(value, (tuple, list)):
            for v in value:
                check(v)
        else:
            assert isinstance(value, plain) and not callable(value), type(value)

    for task in tasks_of("w1_regularization"):
        for case in task.cases(np.random.default_rng(51)):
            check(case.args)
            check(case.kwargs)
            for value in case.args:
                if isinstance(value, float):
                    assert math.isfinite(value)
