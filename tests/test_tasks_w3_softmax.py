"""Questions about the hidden tests of w3_softmax and the lesson's given network.

Do correct solutions written the way students write them keep full marks? Do the cases have the
edges the lesson promises? Is the given network (course/softmax_net.py) right, and free of any
graded solution?
"""
from __future__ import annotations

import ast
import copy
import io
import math
from pathlib import Path

import numpy as np
import pytest

from autograder.harness import grade, prepare
from autograder.harness.spec import get_task, tasks_of
from autograder.reference import w3_softmax as ref
from autograder.reference.numgrad import numerical_gradient, rel_error
from course import softmax_net

SEEDS = (1, 2, 3, 17, 2024)


def full_marks(task_id: str, fn, seeds=SEEDS) -> None:
    task = get_task(task_id)
    for seed in seeds:
        out = io.StringIO()
        score = grade(task_id, {task.function: fn}, seed=seed, out=out)
        assert score == task.points, out.getvalue()


# ---------------------------------------------------------------- 3.5 softmax

def softmax_global_max(Z):
    E = np.exp(Z - np.max(Z))  # max of the whole matrix: correct, and stable on our cases
    return E / E.sum(axis=0)


def softmax_no_keepdims(Z):
    E = np.exp(Z - Z.max(axis=0))  # (m,) broadcasts as (1, m): subtracts each column's max
    return E / E.sum(axis=0)


def softmax_in_place(Z):
    Z -= np.max(Z, axis=0, keepdims=True)  # changes the caller's array; the tests give copies
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=0, keepdims=True)
    return Z


def softmax_loop_over_columns(Z):
    A = np.zeros(Z.shape)
    for j in range(Z.shape[1]):
        e = np.exp(Z[:, j] - max(Z[:, j]))
        A[:, j] = e / sum(e)
    return A


def softmax_logsumexp(Z):
    M = Z.max(axis=0, keepdims=True)
    return np.exp(Z - M - np.log(np.sum(np.exp(Z - M), axis=0, keepdims=True)))


def softmax_transposed_rows(Z):
    Zt = Z.T
    E = np.exp(Zt - Zt.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True)).T


@pytest.mark.parametrize("fn", [softmax_global_max, softmax_no_keepdims, softmax_in_place,
                                softmax_loop_over_columns, softmax_logsumexp,
                                softmax_transposed_rows], ids=lambda f: f.__name__)
def test_does_a_correct_softmax_written_differently_keep_full_marks(fn):
    full_marks("3.5", fn)


def test_do_the_softmax_cases_overflow_the_textbook_formula_but_not_a_whole_matrix_shift():
    cases = prepare(get_task("3.5"), 7).cases
    shapes = [c.args[0].shape for c in cases]
    assert any(s[0] == 1 for s in shapes)  # a single class row
    assert any(s[1] == 1 for s in shapes) and any(s[0] == 2 for s in shapes)
    assert all(s[0] != s[1] for s in shapes)  # never square: rows vs columns always differs
    large = [c for c in cases if np.max(np.abs(c.args[0])) >= 900]
    assert len(large) > len(cases) / 2
    for case in cases:
        Z = case.args[0]
        column_max = Z.max(axis=0)
        assert Z.max() - column_max.min() < 600  # a global-max shift never empties a column


# ---------------------------------------------------------------- 3.6 one_hot

def one_hot_eye_columns(y, C):
    return np.eye(C)[:, y]


def one_hot_eye_transposed(y, C):
    return np.eye(C)[y].T


def one_hot_comparison(y, C):
    return (np.arange(C).reshape(C, 1) == y).astype(float)


def one_hot_loop(y, C):
    Y = np.zeros((C, len(y)))
    for j, label in enumerate(y):
        Y[label, j] = 1
    return Y


def one_hot_put_along_axis(y, C):
    Y = np.zeros((C, y.size))
    np.put_along_axis(Y, y.reshape(1, -1), 1.0, axis=0)
    return Y


@pytest.mark.parametrize("fn", [one_hot_eye_columns, one_hot_eye_transposed, one_hot_comparison,
                                one_hot_loop, one_hot_put_along_axis], ids=lambda f: f.__name__)
def test_does_a_correct_one_hot_written_differently_keep_full_marks(fn):
    full_marks("3.6", fn)


def test_is_an_integer_one_hot_refused_and_named_since_the_lesson_asks_for_float64():
    task = get_task("3.6")
    out = io.StringIO()
    score = grade("3.6", {"one_hot": lambda y, C: ref.one_hot(y, C).astype(np.int32)}, seed=1,
                  out=out)
    assert score == 0
    assert "integer (or boolean) one-hot" in out.getvalue()
    assert "float64" in task.mistakes[2].hint


def test_do_most_one_hot_cases_miss_the_top_class_and_never_have_c_equal_m():
    cases = prepare(get_task("3.6"), 5).cases
    missing_top = [c for c in cases if c.args[0].max() < c.args[1] - 1]
    assert len(missing_top) > len(cases) / 2
    assert all(c.args[0].shape[0] != c.args[1] for c in cases)
    assert all(c.args[0].dtype == np.int64 for c in cases)


# ---------------------------------------------------------------- 3.7 cost

def cost_mean_of_column_sums(A, Y):
    return -np.mean(np.sum(Y * np.log(A), axis=0))


def cost_true_class_only(A, Y):
    m = Y.shape[1]
    return float(-np.sum(np.log(A[Y == 1])) / m)


def cost_argmax_labels(A, Y):
    y = np.argmax(Y, axis=0)
    return -np.mean(np.log(A[y, np.arange(A.shape[1])]))


def cost_dot_trace(A, Y):
    m = A.shape[1]
    return np.squeeze(-np.trace(np.dot(Y.T, np.log(A))) / m)  # a 0-d array


def cost_math_loop(A, Y):
    total = 0.0
    for j in range(A.shape[1]):
        for c in range(A.shape[0]):
            if Y[c, j] == 1:
                total += math.log(A[c, j])
    return -total / A.shape[1]


def cost_guarded_log(A, Y):
    return float(-np.sum(Y * np.log(A + 1e-8)) / A.shape[1])  # a common guard against log(0)


def cost_clipped(A, Y):
    return -np.sum(Y * np.log(np.clip(A, 1e-15, 1 - 1e-15))) / Y.shape[1]


@pytest.mark.parametrize("fn", [cost_mean_of_column_sums, cost_true_class_only,
                                cost_argmax_labels, cost_dot_trace, cost_math_loop,
                                cost_guarded_log, cost_clipped],
                         ids=lambda f: f.__name__)
def test_does_a_correct_cost_written_differently_keep_full_marks(fn):
    full_marks("3.7", fn)


# ---------------------------------------------------------------- 3.8 backward

@pytest.mark.parametrize("fn", [
    lambda A, Y: A - Y,
    lambda A, Y: np.subtract(A, Y),
    lambda A, Y: -(Y - A),
    lambda A, Y: A.copy().__isub__(Y),
    lambda A, Y: A + (-1) * Y,
], ids=["minus", "np.subtract", "double negation", "in-place on a copy", "plus minus one"])
def test_does_a_correct_backward_written_differently_keep_full_marks(fn):
    full_marks("3.8", fn)


@pytest.mark.parametrize("task_id", ["3.7", "3.8"])
def test_are_the_cost_and_backward_cases_probabilities_with_likely_true_classes(task_id):
    for seed in SEEDS:
        for case in prepare(get_task(task_id), seed).cases:
            A, Y = case.args
            np.testing.assert_allclose(A.sum(axis=0), 1.0)
            assert A.min() > 0
            assert np.array_equal(Y.sum(axis=0), np.ones(Y.shape[1]))
            assert np.min(np.sum(A * Y, axis=0)) >= 0.01  # the true class is never unlikely


# ---------------------------------------------------------------- 3.9 predict_classes

def predict_int32(A):
    return np.argmax(A, axis=0).astype(np.int32)


def predict_method(A):
    return A.argmax(0)


def predict_loop_first_max(A):
    return np.array([list(A[:, j]).index(max(A[:, j])) for j in range(A.shape[1])])


def predict_transposed(A):
    return np.argmax(A.T, axis=1)


def predict_squeezed_keepdims(A):
    return np.squeeze(np.argmax(A, axis=0, keepdims=True), axis=0)


@pytest.mark.parametrize("fn", [predict_int32, predict_method, predict_loop_first_max,
                                predict_transposed, predict_squeezed_keepdims],
                         ids=lambda f: f.__name__)
def test_does_a_correct_predict_written_differently_keep_full_marks(fn):
    full_marks("3.9", fn)


def test_do_the_predict_cases_hold_real_ties_settled_by_the_first_class():
    cases = prepare(get_task("3.9"), 3).cases
    tie_cases = [c for c in cases if c.label.startswith("ties")]
    assert len(tie_cases) == 1
    A = tie_cases[0].args[0]
    top = A.max(axis=0)
    assert np.all(np.sum(A == top, axis=0) >= 2)  # every column has a tie

    def last_of_ties(A):
        return A.shape[0] - 1 - np.argmax(A[::-1], axis=0)

    out = io.StringIO()
    score = grade("3.9", {"predict_classes": last_of_ties}, seed=3, out=out)
    assert 0 < score < 1, out.getvalue()  # only the tie case fails
    assert "FAILED ties" in out.getvalue()


def test_is_a_float_prediction_refused():
    out = io.StringIO()
    score = grade("3.9", {"predict_classes": lambda A: np.argmax(A, axis=0).astype(float)},
                  seed=1, out=out)
    assert score == 0 and "expected integers" in out.getvalue()


def test_are_the_task_ids_points_and_functions_those_of_the_curriculum():
    tasks = tasks_of("w3_softmax")
    assert [(t.id, t.function) for t in tasks] == [
        ("3.5", "softmax"), ("3.6", "one_hot"), ("3.7", "compute_cross_entropy_cost"),
        ("3.8", "softmax_cross_entropy_backward"), ("3.9", "predict_classes")]
    assert [t.points for t in tasks] == [2, 1, 2, 1, 1]
    assert all(len(t.mistakes) >= 4 for t in tasks)


# ---------------------------------------------------------------- course/softmax_net.py

def small_net(seed: int, dims=(5, 4, 3, 4), m: int = 6):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        params[f"b{l}"] = 0.3 * rng.standard_normal((dims[l], 1))
    X = rng.standard_normal((dims[0], m))
    Y = ref.one_hot(rng.integers(0, dims[-1], m), dims[-1])
    return X, Y, params


@pytest.mark.parametrize("hidden", softmax_net.HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("seed,dims,m", [(0, (5, 4, 3, 4), 6), (1, (3, 6, 2), 1),
                                         (2, (4, 3), 5), (3, (6, 5, 4, 3, 2), 9)])
def test_does_backward_give_the_gradient_of_the_mean_cross_entropy(hidden, seed, dims, m):
    X, Y, params = small_net(seed, dims, m)
    AL, caches = softmax_net.forward(X, params, ref.softmax, hidden)
    grads = softmax_net.backward(ref.softmax_cross_entropy_backward(AL, Y), caches, hidden)
    assert set(grads) == {"d" + k for k in params}
    for name, value in params.items():
        assert grads["d" + name].shape == value.shape

        def cost(name=name):
            return ref.compute_cross_entropy_cost(
                softmax_net.forward(X, params, ref.softmax, hidden)[0], Y)

        approx = numerical_gradient(cost, value)  # perturbed in place, read by cost()
        assert rel_error(grads["d" + name], approx) < 1e-6, (name, hidden)


def test_does_forward_use_the_softmax_it_is_given():
    X, _, params = small_net(4)
    identity_out, caches = softmax_net.forward(X, params, lambda Z: Z)
    np.testing.assert_array_equal(identity_out, caches[-1]["Z"])
    A, _ = softmax_net.forward(X, params, ref.softmax)
    assert A.shape == (4, 6)
    np.testing.assert_allclose(A.sum(axis=0), 1.0)


def test_do_forward_and_backward_leave_their_inputs_unchanged():
    X, Y, params = small_net(5)
    before = copy.deepcopy((X, Y, params))
    AL, caches = softmax_net.forward(X, params, ref.softmax)
    dZ = AL - Y
    dZ_before = dZ.copy()
    softmax_net.backward(dZ, caches)
    np.testing.assert_array_equal(dZ, dZ_before)
    np.testing.assert_array_equal(X, before[0])
    for k in params:
        np.testing.assert_array_equal(params[k], before[2][k])


def test_are_bad_arguments_of_the_network_refused_with_a_message():
    X, _, params = small_net(6)
    with pytest.raises(ValueError, match="hidden must be one of"):
        softmax_net.forward(X, params, ref.softmax, hidden="elu")
    _, caches = softmax_net.forward(X, params, ref.softmax)
    with pytest.raises(ValueError, match="dZL must have the output's shape"):
        softmax_net.backward(np.zeros((3, 6)), caches)
    with pytest.raises(ValueError, match="at least 'W1'"):
        softmax_net.num_layers({})


def test_does_the_confusion_matrix_count_true_rows_and_predicted_columns():
    y_true = np.array([0, 1, 2, 2, 1, 0, 2])
    y_pred = np.array([0, 2, 2, 1, 1, 0, 2])
    cm = softmax_net.confusion_matrix(y_true, y_pred, 3)
    assert cm.dtype == np.int64
    np.testing.assert_array_equal(cm, [[2, 0, 0], [0, 1, 1], [0, 1, 2]])
    assert cm.sum() == 7 and np.trace(cm) == 5
    np.testing.assert_array_equal(cm.sum(axis=1), np.bincount(y_true, minlength=3))
    with pytest.raises(ValueError, match=r"integers in \[0, 3\)"):
        softmax_net.confusion_matrix(y_true, y_pred + 1, 3)


def test_does_the_given_module_solve_no_graded_task_of_this_lesson():
    path = Path(softmax_net.__file__)
    tree = ast.parse(path.read_text())
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    graded = {t.function for t in tasks_of("w3_softmax")}
    assert not defined & graded
    calls = {n.func.attr for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not {"exp", "argmax", "log"} & calls  # no softmax, prediction or cost in here
