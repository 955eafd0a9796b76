"""Hidden tests of ``w2_minibatch_ewma``: random cases and the catalogue of known mistakes per task.

Mini-batches (2.1): every case gets its own fresh ``numpy.random.Generator``; a correct function
makes exactly one draw, ``rng.permutation(m)``. The cases mix a last smaller mini-batch, m a
multiple of the batch size, m smaller than the batch size, m = 1, batch size 1 and one-hot labels,
so that each catalogued mistake changes most outputs.

EWMA (2.2): series of shape (T,) and (T, ...), T = 1, beta = 0, beta close to 0, beta = 0.5 and
beta close to 1, with bias correction in most cases (several mistakes only show there). A student's
Python loop over t is as right as the vectorized reference: the tolerance allows for the different
rounding, and the series are short enough (T <= 800) that a loop is never near the time limit.

Effective window (2.3): beta = 0, beta close to 1 and random betas; the visible check's betas
(0.5, 0.9, 0.98) are left out so that a lookup table of the check's answers earns nothing.

Each call (reference, mistakes, student) draws from its own copy of a case's Generator.
"""
from __future__ import annotations

import math
from functools import partial

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w2_minibatch_ewma as ref

ASSIGNMENT = "w2_minibatch_ewma"


# ---------------------------------------------------------------- 2.1 random_mini_batches

def _mini_batches_like(X, Y, mini_batch_size=64, rng=None, *, draw="permutation",
                       second_permutation_for_y=False, keep_last=True, extra_empty=False,
                       slice_rows=False, end_minus_one=False):
    """The reference written out step by step, with one step changeable by a keyword."""
    m = X.shape[1]
    b = mini_batch_size
    if draw == "permutation":
        perm = rng.permutation(m)
    elif draw == "choice":
        perm = rng.choice(m, size=m, replace=False)
    else:  # "none": no shuffle at all
        perm = np.arange(m)
    X_s = X[:, perm]
    Y_s = Y[:, rng.permutation(m)] if second_permutation_for_y else Y[:, perm]
    num_complete = math.ceil(m / b) if extra_empty else m // b
    batches = []
    for k in range(num_complete):
        start, end = k * b, (k + 1) * b - (1 if end_minus_one else 0)
        if slice_rows:
            batches.append((X_s[start:end], Y_s[start:end]))
        else:
            batches.append((X_s[:, start:end], Y_s[:, start:end]))
    if keep_last and m % b != 0:
        batches.append((X_s[:, num_complete * b:], Y_s[:, num_complete * b:]))
    return batches


def _shape(X, Y) -> str:
    return f"X {X.shape}, Y {Y.shape}"


def _mini_batch_cases(rng):
    plan = [  # (what, n_x, n_y, m, mini_batch_size or None for the default 64)
        ("last mini-batch smaller", int(rng.integers(2, 6)), 1,
         64 * int(rng.integers(1, 4)) + int(rng.integers(1, 64)), 64),
        ("m a multiple of the batch size", int(rng.integers(2, 6)), 1,
         32 * int(rng.integers(2, 6)), 32),
        ("m smaller than the batch size (default 64)", int(rng.integers(2, 6)), 1,
         int(rng.integers(10, 64)), None),
        ("m = 1", 3, 1, 1, 16),
        ("batch size 1 (stochastic)", 3, 1, int(rng.integers(10, 31)), 1),
        ("one-hot labels", int(rng.integers(3, 7)), 3, 8 * int(rng.integers(3, 7))
         + int(rng.integers(1, 8)), 8),
        ("one feature, last mini-batch smaller", 1, 1, 256 + int(rng.integers(1, 128)), 128),
        ("the moons' shape", 2, 1, 300, 64),
    ]
    cases = []
    for what, n_x, n_y, m, b in plan:
        X = rng.standard_normal((n_x, m))
        if n_y == 1:
            Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        else:
            Y = np.eye(n_y)[:, rng.integers(0, n_y, m)]
        kwargs = {"rng": np.random.default_rng(int(rng.integers(2**31)))}
        size = "default mini_batch_size" if b is None else f"mini_batch_size {b}"
        if b is not None:
            kwargs["mini_batch_size"] = b
        cases.append(Case(f"{_shape(X, Y)}, {size}: {what}", (X, Y), kwargs))
    return cases


MINI_BATCHES = Task(
    id="2.1", assignment=ASSIGNMENT, function="random_mini_batches", points=2,
    reference=ref.random_mini_batches, cases=_mini_batch_cases,
    returns="mini_batches",
    mistakes=(
        Mistake("X and Y shuffled with two different permutations",
                "Draw ONE permutation and index both X and Y with it: the label of an example "
                "must stay with its example.",
                partial(_mini_batches_like, second_permutation_for_y=True)),
        Mistake("the last, smaller mini-batch is dropped",
                "When m is not a multiple of mini_batch_size, add the remaining columns as a "
                "last, smaller mini-batch.",
                partial(_mini_batches_like, keep_last=False)),
        Mistake("an extra empty mini-batch at the end",
                "Make floor(m / mini_batch_size) full mini-batches, then one smaller batch with "
                "the rest; never an empty one.",
                partial(_mini_batches_like, extra_empty=True)),
        Mistake("the permutation drawn with another call (rng.choice)",
                "Draw the permutation with exactly one call, rng.permutation(m), so that your "
                "shuffle is the one the tests expect.",
                partial(_mini_batches_like, draw="choice")),
        Mistake("the examples are not shuffled",
                "Shuffle the columns first: perm = rng.permutation(m), then X[:, perm] and "
                "Y[:, perm].",
                partial(_mini_batches_like, draw="none")),
        Mistake("rows sliced instead of columns",
                "Examples are columns: cut with X_shuffled[:, start:end], not "
                "X_shuffled[start:end].",
                partial(_mini_batches_like, slice_rows=True)),
        Mistake("slice ends off by one (each full mini-batch misses its last example)",
                "A slice start:end stops BEFORE end: use k * mini_batch_size to "
                "(k + 1) * mini_batch_size.",
                partial(_mini_batches_like, end_minus_one=True)),
    ),
)


# ---------------------------------------------------------------- 2.2 ewma

def _steps(theta: np.ndarray) -> np.ndarray:
    """t = 1..T, shaped to broadcast over theta's trailing axes."""
    return np.arange(1, theta.shape[0] + 1, dtype=np.float64).reshape(
        (-1,) + (1,) * (theta.ndim - 1))


def _ewma_like(theta, beta, bias_correction=False, *, start_at_first=False, t_shift=0,
               swap=False, last_only=False, one_minus=True, ignore_flag=False):
    """The reference with one thing changed (each keyword is one known mistake)."""
    theta = np.asarray(theta, dtype=np.float64)
    t = _steps(theta)
    if swap:  # v = (1 - beta) v + beta theta
        v = np.zeros_like(theta) if beta == 0 else ref.ewma(theta, 1.0 - beta)
    else:
        v = ref.ewma(theta, beta)
    if not one_minus:  # v = beta v + theta is the right average divided by (1 - beta)
        v = v / (1.0 - beta)
    if start_at_first:  # v_0 = theta_1 adds beta^t theta_1 to every v_t
        v = v + beta ** t * theta[:1]
    if bias_correction and not ignore_flag:
        v = v / (1.0 - beta ** (t + t_shift))
    return v[-1] if last_only else v


def _ewma_feeding_back_corrected(theta, beta, bias_correction=False):
    """v_t = beta * v_hat_{t-1} + (1 - beta) theta_t: the corrected value is fed back."""
    theta = np.asarray(theta, dtype=np.float64)
    out = np.empty_like(theta)
    v = np.zeros(theta.shape[1:])
    for i in range(theta.shape[0]):
        v = beta * v + (1.0 - beta) * theta[i]
        if bias_correction:
            v = v / (1.0 - beta ** (i + 1))
        out[i] = v
    return out


def _series(rng, shape, offset=0.0) -> np.ndarray:
    """A random walk around ``offset`` (like a daily temperature), float64 of ``shape``."""
    return offset + np.cumsum(rng.standard_normal(shape), axis=0)


def _ewma_cases(rng):
    plan = [  # (shape, beta, bias_correction, offset, note)
        ((int(rng.integers(30, 81)),), 0.9, False, 0.0, ""),
        ((int(rng.integers(100, 301)),), 0.98, True, 15.0, "around 15"),
        ((int(rng.integers(400, 801)), 2, 3), 0.5, True, 0.0, "a long series"),
        ((int(rng.integers(20, 51)), 2, 3), 0.9, False, 5.0, ""),
        ((1,), 0.9, True, 10.0, "T = 1"),
        ((int(rng.integers(50, 201)),), 0.999, True, 20.0, "beta close to 1"),
        ((int(rng.integers(10, 31)),), 0.0, False, 0.0, "beta = 0: v_t = theta_t"),
        ((int(rng.integers(60, 121)),), 0.9, True, 15.0, "around 15"),
        ((int(rng.integers(40, 101)), 4), round(float(rng.uniform(0.6, 0.95)), 3), True, -3.0,
         ""),
        ((int(rng.integers(10, 41)), 3), 0.8, True, 0.0, ""),
        ((1, 2, 3), 0.98, False, 10.0, "T = 1"),
        ((int(rng.integers(100, 301)),), 0.999, False, 0.0, "beta close to 1"),
        ((int(rng.integers(20, 61)),), 0.95, True, 15.0, "around 15"),
        ((int(rng.integers(10, 31)),), 1e-6, False, 0.0, "beta close to 0"),
        ((int(rng.integers(20, 61)), 2), 0.7, True, 0.0, ""),
    ]
    cases = []
    for shape, beta, correct, offset, note in plan:
        theta = _series(rng, shape, offset)
        label = f"theta of shape {shape}, beta = {beta}"
        if correct:
            label += ", bias_correction=True"
        if note:
            label += f" ({note})"
        kwargs = {"bias_correction": True} if correct else {}
        cases.append(Case(label, (theta, beta), kwargs))
    return cases


EWMA = Task(
    id="2.2", assignment=ASSIGNMENT, function="ewma", points=3,
    reference=ref.ewma, cases=_ewma_cases, returns="v", tol=Tolerance(atol=1e-9, rtol=1e-7),
    mistakes=(
        Mistake("starting from the first value (v_0 = theta_1 instead of 0)",
                "Start from v_0 = 0: the first average is v_1 = (1 - beta) * theta_1.",
                partial(_ewma_like, start_at_first=True)),
        Mistake("bias correction with t off by one (t + 1)",
                "t counts the steps from 1: v_1 is divided by 1 - beta**1, v_2 by 1 - beta**2.",
                partial(_ewma_like, t_shift=1)),
        Mistake("bias correction with t counted from 0",
                "t counts the steps from 1: with a loop index i = 0, 1, ..., divide by "
                "1 - beta**(i + 1).",
                partial(_ewma_like, t_shift=-1)),
        Mistake("beta and (1 - beta) swapped",
                "v_t = beta * v_(t-1) + (1 - beta) * theta_t: beta weighs the PAST.",
                partial(_ewma_like, swap=True)),
        Mistake("missing (1 - beta)",
                "The new value has the weight (1 - beta): v_t = beta * v_(t-1) + (1 - beta) * "
                "theta_t.",
                partial(_ewma_like, one_minus=False)),
        Mistake("returning only the last value",
                "Return every v_t: an array of theta's shape whose row t - 1 holds v_t.",
                partial(_ewma_like, last_only=True)),
        Mistake("the corrected value fed back into the average",
                "Keep the uncorrected v in the recurrence; divide by (1 - beta**t) only the value "
                "you store in the output.",
                _ewma_feeding_back_corrected),
        Mistake("bias_correction ignored",
                "When bias_correction is True, divide each v_t by (1 - beta**t).",
                partial(_ewma_like, ignore_flag=True)),
    ),
)


# ---------------------------------------------------------------- 2.3 effective_window

def _window_cases(rng):
    betas = [0.0, 0.999]
    betas += [round(float(b), 4) for b in rng.uniform(0.6, 0.995, 5)]
    betas += [round(float(b), 4) for b in rng.uniform(0.05, 0.45, 2)]
    betas.append(float(1.0 - 10.0 ** rng.uniform(-4, -2)))  # very close to 1
    cases = [Case(f"beta = {b}", (b,)) for b in betas]
    cases.append(Case("beta = 0.75 as numpy.float64", (np.float64(0.75),)))
    return cases


EFFECTIVE_WINDOW = Task(
    id="2.3", assignment=ASSIGNMENT, function="effective_window", points=1,
    reference=ref.effective_window, cases=_window_cases, returns="window",
    tol=Tolerance(atol=1e-12, rtol=1e-9),
    mistakes=(
        Mistake("1 / beta instead of 1 / (1 - beta)",
                "The window is 1 / (1 - beta): 10 days for beta = 0.9.",
                lambda beta: 1.0 / beta),
        Mistake("1 - beta instead of 1 / (1 - beta)",
                "Mind the brackets: Python reads 1/1-beta as (1/1) - beta; write 1 / (1 - beta).",
                lambda beta: 1.0 - beta),
        Mistake("beta / (1 - beta) instead of 1 / (1 - beta)",
                "The window is 1 / (1 - beta), not beta / (1 - beta).",
                lambda beta: beta / (1.0 - beta)),
        Mistake("the exact 1/e time -1/ln(beta) instead of 1 / (1 - beta)",
                "This task asks for the usual rule of thumb 1 / (1 - beta).",
                lambda beta: -1.0 / np.log(beta)),
    ),
)

TASKS = (MINI_BATCHES, EWMA, EFFECTIVE_WINDOW)
register(*TASKS)
