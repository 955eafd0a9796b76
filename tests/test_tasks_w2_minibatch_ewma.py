"""Do the hidden tests of w2_minibatch_ewma give full marks to correct solutions written the way
students write them, and are their cases what the lesson promises?"""
from __future__ import annotations

import io
import math

import numpy as np
import pytest

from autograder.harness import grade
from autograder.harness.spec import get_task, tasks_of

SEEDS = (1, 2, 3, 17)


def score_on_seeds(task_id, fn, seeds=SEEDS):
    """(points of each seed, feedback of the first seed that lost points)."""
    task = get_task(task_id)
    scores, text = [], ""
    for seed in seeds:
        out = io.StringIO()
        scores.append(grade(task_id, {task.function: fn}, seed=seed, out=out))
        if scores[-1] < task.points and not text:
            text = out.getvalue()
    return scores, text


# ---------------------------------------------------------------- 2.1 random_mini_batches

def batches_coursera_style(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    mini_batches = []
    permutation = list(rng.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation]
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:m]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:m]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


def batches_with_take_and_min(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    perm = rng.permutation(X.shape[1])
    out = []
    for start in range(0, m, mini_batch_size):
        cols = perm[start:min(start + mini_batch_size, m)]
        out.append((np.take(X, cols, axis=1), np.take(Y, cols, axis=1)))
    return out


def batches_shuffling_an_index_copy(X, Y, mini_batch_size=64, rng=None):
    idx = np.arange(X.shape[1])
    rng.shuffle(idx)  # the same draws as rng.permutation(m)
    Xs, Ys = X[:, idx], Y[:, idx]
    return [(Xs[:, k:k + mini_batch_size], Ys[:, k:k + mini_batch_size])
            for k in range(0, X.shape[1], mini_batch_size)]


def batches_shuffling_x_and_y_stacked(X, Y, mini_batch_size=64, rng=None):
    data = np.vstack([X, Y])  # one shuffle of the stacked columns keeps them together
    rng.shuffle(data, axis=1)
    n_x = X.shape[0]
    batches = []
    for k in range(0, data.shape[1], mini_batch_size):
        chunk = data[:, k:k + mini_batch_size]
        batches.append([chunk[:n_x], chunk[n_x:]])  # lists instead of tuples
    return batches


def batches_with_array_split(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    perm = rng.permutation(m)
    cuts = list(range(mini_batch_size, m, mini_batch_size))
    xs = np.array_split(X[:, perm], cuts, axis=1)
    ys = np.array_split(Y[:, perm], cuts, axis=1)
    return list(zip(xs, ys))


def batches_with_a_while_loop(X, Y, mini_batch_size=64, rng=None):
    m = X.shape[1]
    order = rng.permutation(m)
    X_shuffled = X[:, order]
    Y_shuffled = Y[:, order].reshape(Y.shape[0], m)
    result = []
    start = 0
    while start < m:
        end = start + mini_batch_size
        result.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
        start = end
    return tuple(result)


@pytest.mark.parametrize("fn", [
    batches_coursera_style, batches_with_take_and_min, batches_shuffling_an_index_copy,
    batches_shuffling_x_and_y_stacked, batches_with_array_split, batches_with_a_while_loop,
], ids=lambda f: f.__name__)
def test_does_a_correct_random_mini_batches_keep_full_marks(fn):
    scores, text = score_on_seeds("2.1", fn)
    assert scores == [2.0] * len(SEEDS), text


def test_does_a_random_mini_batches_with_the_global_random_state_lose_points():
    def global_state(X, Y, mini_batch_size=64, rng=None):
        return batches_coursera_style(X, Y, mini_batch_size, np.random.default_rng())

    scores, text = score_on_seeds("2.1", global_state)
    assert all(s <= 1.0 for s in scores), text


def test_does_each_mini_batch_case_get_its_own_generator():
    cases = get_task("2.1").cases(np.random.default_rng(9))
    rngs = [c.kwargs["rng"] for c in cases]
    assert len({id(r) for r in rngs}) == len(rngs)
    assert all(isinstance(r, np.random.Generator) for r in rngs)


def test_do_the_mini_batch_cases_cover_the_edge_cases_of_the_lesson():
    for seed in SEEDS:
        shapes = []
        for case in get_task("2.1").cases(np.random.default_rng(seed)):
            X, Y = case.args
            b = case.kwargs.get("mini_batch_size", 64)
            shapes.append((X.shape[1], b, Y.shape[0]))
        ms = [m for m, _, _ in shapes]
        assert any(m % b and m > b for m, b, _ in shapes)        # a last smaller mini-batch
        assert any(m % b == 0 and m > b for m, b, _ in shapes)   # m a multiple of b
        assert any(1 < m < b for m, b, _ in shapes)              # m smaller than b
        assert 1 in ms                                            # m = 1
        assert any(b == 1 for _, b, _ in shapes)                  # stochastic
        assert any(n_y > 1 for _, _, n_y in shapes)               # one-hot labels


# ---------------------------------------------------------------- 2.2 ewma

def ewma_loop_append(theta, beta, bias_correction=False):
    v = 0
    values = []
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        if bias_correction:
            values.append(v / (1 - beta ** (t + 1)))
        else:
            values.append(v)
    return np.array(values)


def ewma_preallocated_one_based(theta, beta, bias_correction=False):
    T = theta.shape[0]
    v = np.zeros_like(theta, dtype=float)
    v_prev = np.zeros(theta.shape[1:])
    for t in range(1, T + 1):
        v_prev = beta * v_prev + (1 - beta) * theta[t - 1]
        v[t - 1] = v_prev / (1 - beta ** t) if bias_correction else v_prev
    return v


def ewma_correction_in_a_second_pass(theta, beta, bias_correction=False):
    v = np.zeros(theta.shape)
    for t in range(theta.shape[0]):
        previous = v[t - 1] if t > 0 else 0.0
        v[t] = beta * previous + (1 - beta) * theta[t]
    if bias_correction:
        t = np.arange(1, theta.shape[0] + 1)
        v = v / (1 - beta ** t).reshape((-1,) + (1,) * (theta.ndim - 1))
    return v


def ewma_weight_matrix(theta, beta, bias_correction=False):
    T = theta.shape[0]
    t = np.arange(T)
    age = t[:, None] - t[None, :]
    W = np.where(age >= 0, (1 - beta) * beta ** np.maximum(age, 0), 0.0)
    v = np.tensordot(W, theta, axes=(1, 0))
    if bias_correction:
        v = v / (1 - beta ** (t + 1.0)).reshape((-1,) + (1,) * (theta.ndim - 1))
    return v


@pytest.mark.parametrize("fn", [
    ewma_loop_append, ewma_preallocated_one_based, ewma_correction_in_a_second_pass,
    ewma_weight_matrix,
], ids=lambda f: f.__name__)
def test_does_a_correct_ewma_keep_full_marks(fn):
    scores, text = score_on_seeds("2.2", fn)
    assert scores == [3.0] * len(SEEDS), text


def test_are_the_ewma_cases_the_promised_edge_cases():
    for seed in SEEDS:
        cases = get_task("2.2").cases(np.random.default_rng(seed))
        shapes = [c.args[0].shape for c in cases]
        betas = [c.args[1] for c in cases]
        corrected = [c.kwargs.get("bias_correction", False) for c in cases]
        assert (1,) in shapes and any(s[0] == 1 and len(s) == 3 for s in shapes)  # T = 1
        assert any(len(s) == 3 and s[1:] == (2, 3) and s[0] > 1 for s in shapes)
        assert 0.0 in betas and 0.999 in betas and any(0 < b < 1e-3 for b in betas)
        assert sum(corrected) > len(cases) / 2  # the correction mistakes show in most cases
        assert all(c.args[0].dtype == np.float64 for c in cases)


# ---------------------------------------------------------------- 2.3 effective_window

@pytest.mark.parametrize("fn", [
    lambda beta: 1 / (1 - beta),
    lambda beta: 1.0 / (1.0 - float(beta)),
    lambda beta: np.divide(1, 1 - beta),
    lambda beta: np.array(1 / (1 - beta)),
    lambda beta: (1 - beta) ** -1,
], ids=["plain", "float", "np.divide", "0-d array", "power -1"])
def test_does_a_correct_effective_window_keep_full_marks(fn):
    scores, text = score_on_seeds("2.3", fn)
    assert scores == [1.0] * len(SEEDS), text


def test_does_a_lookup_table_of_the_visible_check_earn_nothing():
    def lookup(beta):
        return {0.5: 2.0, 0.9: 10.0, 0.98: 50.0}[beta]

    scores, _ = score_on_seeds("2.3", lookup)
    assert scores == [0.0] * len(SEEDS)


def test_are_the_three_tasks_registered_in_curriculum_order():
    assert [(t.id, t.function, t.points) for t in tasks_of("w2_minibatch_ewma")] == [
        ("2.1", "random_mini_batches", 2), ("2.2", "ewma", 3), ("2.3", "effective_window", 1)]
