"""Speed benchmark: vectorized reference functions against naive loops, as a beginner writes them.

Run:  python -m autograder.bench          (realistic sizes, well under 2 minutes)
      python -m autograder.bench --quick  (tiny sizes, a few seconds)

Each row first checks that the loop version and the reference give the same result, then times
both with time.perf_counter (best of several repeats). Slow loops are timed on a slice of the data
(some rows, columns or elements) and the time is scaled linearly to the full size; the "note"
column says so. The target is a ratio loop / vectorized of at least 50. This is a benchmark,
not a test: nothing here asserts on time.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass

import numpy as np

from autograder.reference.w2_minibatch_ewma import ewma, random_mini_batches
from autograder.reference.w2_optimizers import update_parameters_with_adam
from autograder.reference.w3_softmax import softmax
from autograder.reference.w3_tuning_batchnorm import batchnorm_backward, batchnorm_forward

__all__ = [
    "TARGET",
    "Row",
    "bench_adam",
    "bench_batchnorm",
    "bench_ewma",
    "bench_minibatches",
    "bench_softmax",
    "loop_adam",
    "loop_batchnorm_forward_backward",
    "loop_ewma",
    "loop_ewma_vector_steps",
    "loop_minibatches",
    "loop_minibatches_elements",
    "loop_softmax",
    "main",
    "run",
]

TARGET = 50.0  # wanted ratio loop time / vectorized time


@dataclass
class Row:
    """One line of the table: times in seconds for the full size."""

    function: str
    size: str
    loop_s: float
    vec_s: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.loop_s / self.vec_s


def best_time(fn, repeats: int) -> float:
    """Shortest wall-clock time of ``repeats`` calls of ``fn()`` (seconds)."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _check_same(what: str, got, expected, rtol=1e-9, atol=1e-12) -> None:
    """Stop the benchmark if a loop version and the reference disagree."""
    if not np.allclose(got, expected, rtol=rtol, atol=atol):
        worst = float(np.max(np.abs(np.asarray(got) - np.asarray(expected))))
        raise AssertionError(f"{what}: loop and vectorized results differ (max |diff| {worst:.3g})")


# ---------------------------------------------------------------------------------------------
# Naive loop versions: one Python step per element or per example, on numpy arrays.
# ---------------------------------------------------------------------------------------------

def loop_batchnorm_forward_backward(Z, gamma, beta, running_mean, running_var, dZ_tilde,
                                    momentum=0.9, epsilon=1e-5):
    """Batch norm forward (train mode) and backward, with loops over units and examples.

    Returns (Z_tilde, running_mean, running_var, dZ, dgamma, dbeta) like the reference pair.
    """
    n, m = Z.shape
    Z_tilde = np.zeros((n, m))
    Z_norm = np.zeros((n, m))
    dZ = np.zeros((n, m))
    new_mean = np.zeros((n, 1))
    new_var = np.zeros((n, 1))
    dgamma = np.zeros((n, 1))
    dbeta = np.zeros((n, 1))
    for i in range(n):
        mean = 0.0
        for j in range(m):
            mean += Z[i, j]
        mean /= m
        var = 0.0
        for j in range(m):
            var += (Z[i, j] - mean) ** 2
        var /= m
        std = math.sqrt(var + epsilon)
        for j in range(m):
            Z_norm[i, j] = (Z[i, j] - mean) / std
            Z_tilde[i, j] = gamma[i, 0] * Z_norm[i, j] + beta[i, 0]
        new_mean[i, 0] = momentum * running_mean[i, 0] + (1 - momentum) * mean
        new_var[i, 0] = momentum * running_var[i, 0] + (1 - momentum) * var
        sum_g = 0.0
        sum_g_znorm = 0.0
        for j in range(m):
            dbeta[i, 0] += dZ_tilde[i, j]
            dgamma[i, 0] += dZ_tilde[i, j] * Z_norm[i, j]
            g = dZ_tilde[i, j] * gamma[i, 0]
            sum_g += g
            sum_g_znorm += g * Z_norm[i, j]
        for j in range(m):
            g = dZ_tilde[i, j] * gamma[i, 0]
            dZ[i, j] = (m * g - sum_g - Z_norm[i, j] * sum_g_znorm) / (m * std)
    return Z_tilde, new_mean, new_var, dZ, dgamma, dbeta


def _vec_batchnorm_forward_backward(Z, gamma, beta, running_mean, running_var, dZ_tilde):
    Z_tilde, cache, new_mean, new_var = batchnorm_forward(
        Z, gamma, beta, running_mean, running_var, mode="train")
    dZ, dgamma, dbeta = batchnorm_backward(dZ_tilde, cache)
    return Z_tilde, new_mean, new_var, dZ, dgamma, dbeta


def loop_softmax(Z):
    """Column-wise stable softmax with loops over examples and classes."""
    C, m = Z.shape
    A = np.zeros((C, m))
    for j in range(m):
        biggest = Z[0, j]
        for c in range(1, C):
            biggest = max(biggest, Z[c, j])
        total = 0.0
        for c in range(C):
            A[c, j] = math.exp(Z[c, j] - biggest)
            total += A[c, j]
        for c in range(C):
            A[c, j] /= total
    return A


def loop_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
              epsilon=1e-8):
    """One Adam step with a loop over every element of every parameter array."""
    new_params, new_v, new_s = {}, {}, {}
    for name, W in parameters.items():
        key = "d" + name
        dW, v_old, s_old = grads[key], v[key], s[key]
        W_new = np.zeros(W.shape)
        v_new = np.zeros(W.shape)
        s_new = np.zeros(W.shape)
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                g = dW[i, j]
                v_new[i, j] = beta1 * v_old[i, j] + (1 - beta1) * g
                s_new[i, j] = beta2 * s_old[i, j] + (1 - beta2) * g * g
                v_hat = v_new[i, j] / (1 - beta1 ** t)
                s_hat = s_new[i, j] / (1 - beta2 ** t)
                W_new[i, j] = W[i, j] - learning_rate * v_hat / (math.sqrt(s_hat) + epsilon)
        new_params[name], new_v[key], new_s[key] = W_new, v_new, s_new
    return new_params, new_v, new_s


def loop_ewma(theta, beta, bias_correction=True):
    """EWMA along axis 0 of a (T,) or (T, k) series, one Python step per time step and series."""
    T = theta.shape[0]
    v_all = np.zeros(theta.shape)
    if theta.ndim == 1:
        v = 0.0
        for t in range(T):
            v = beta * v + (1 - beta) * theta[t]
            v_all[t] = v / (1 - beta ** (t + 1)) if bias_correction else v
        return v_all
    for k in range(theta.shape[1]):
        v = 0.0
        for t in range(T):
            v = beta * v + (1 - beta) * theta[t, k]
            v_all[t, k] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return v_all


def loop_ewma_vector_steps(theta, beta, bias_correction=True):
    """EWMA with a loop over time steps only (vector operations across series)."""
    v = np.zeros(theta.shape[1:])
    v_all = np.zeros(theta.shape)
    for t in range(theta.shape[0]):
        v = beta * v + (1 - beta) * theta[t]
        v_all[t] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return v_all


def loop_minibatches(X, Y, mini_batch_size, rng):
    """Random mini-batches built by copying one example (column) at a time."""
    m = X.shape[1]
    perm = rng.permutation(m)
    X_shuffled = np.zeros(X.shape)
    Y_shuffled = np.zeros(Y.shape)
    for k in range(m):
        X_shuffled[:, k] = X[:, perm[k]]
        Y_shuffled[:, k] = Y[:, perm[k]]
    batches = []
    for start in range(0, m, mini_batch_size):
        end = min(start + mini_batch_size, m)
        batches.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
    return batches


def loop_minibatches_elements(X, Y, mini_batch_size, rng):
    """Random mini-batches built by copying one number at a time (loops over rows and examples)."""
    m = X.shape[1]
    perm = rng.permutation(m)
    X_shuffled = np.zeros(X.shape)
    Y_shuffled = np.zeros(Y.shape)
    for k in range(m):
        for i in range(X.shape[0]):
            X_shuffled[i, k] = X[i, perm[k]]
        for i in range(Y.shape[0]):
            Y_shuffled[i, k] = Y[i, perm[k]]
    batches = []
    for start in range(0, m, mini_batch_size):
        end = min(start + mini_batch_size, m)
        batches.append((X_shuffled[:, start:end], Y_shuffled[:, start:end]))
    return batches


# ---------------------------------------------------------------------------------------------
# Benchmarks: check, then time. ``part`` is the fraction of the data the loop is timed on.
# ---------------------------------------------------------------------------------------------

def _scaled_note(part_count: int, full_count: int, what: str) -> tuple[float, str]:
    if part_count >= full_count:
        return 1.0, ""
    return full_count / part_count, f"loop timed on {part_count} of {full_count} {what}, scaled"


def bench_batchnorm(n=1024, m=4096, loop_rows=16, repeats=5, loop_repeats=2, seed=0) -> Row:
    """Batch-norm forward (train) + backward on Z of shape (n, m)."""
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, m)) * 3 + 1
    gamma = rng.standard_normal((n, 1))
    beta = rng.standard_normal((n, 1))
    running_mean, running_var = np.zeros((n, 1)), np.ones((n, 1))
    dZ_tilde = rng.standard_normal((n, m))
    k = min(loop_rows, n)
    part = (Z[:k], gamma[:k], beta[:k], running_mean[:k], running_var[:k], dZ_tilde[:k])
    for name, got, exp in zip(("Z_tilde", "running_mean", "running_var", "dZ", "dgamma", "dbeta"),
                              loop_batchnorm_forward_backward(*part),
                              _vec_batchnorm_forward_backward(*part)):
        _check_same(f"batchnorm {name}", got, exp)
    full = (Z, gamma, beta, running_mean, running_var, dZ_tilde)
    vec = best_time(lambda: _vec_batchnorm_forward_backward(*full), repeats)
    scale, note = _scaled_note(k, n, "rows")
    loop = best_time(lambda: loop_batchnorm_forward_backward(*part), loop_repeats) * scale
    return Row("batchnorm forward+backward", f"{n} x {m}", loop, vec, note)


def bench_softmax(C=10, m=100_000, loop_cols=10_000, repeats=5, loop_repeats=2, seed=0) -> Row:
    """Softmax of scores of shape (C, m)."""
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((C, m)) * 5
    k = min(loop_cols, m)
    part = Z[:, :k]
    _check_same("softmax", loop_softmax(part), softmax(part))
    vec = best_time(lambda: softmax(Z), repeats)
    scale, note = _scaled_note(k, m, "columns")
    loop = best_time(lambda: loop_softmax(part), loop_repeats) * scale
    return Row("softmax", f"{C} x {m}", loop, vec, note)


def _adam_inputs(layers_dims, rng):
    parameters, grads, v, s = {}, {}, {}, {}
    for l in range(1, len(layers_dims)):
        for name, shape in ((f"W{l}", (layers_dims[l], layers_dims[l - 1])),
                            (f"b{l}", (layers_dims[l], 1))):
            parameters[name] = rng.standard_normal(shape)
            grads["d" + name] = rng.standard_normal(shape)
            v["d" + name] = rng.standard_normal(shape) * 0.1
            s["d" + name] = rng.random(shape) * 0.1
    return parameters, grads, v, s


def _first_rows(d: dict, fraction: int) -> dict:
    return {key: value[: max(1, value.shape[0] // fraction)] for key, value in d.items()}


def bench_adam(layers_dims=(784, 1024, 200, 10), loop_fraction=16, repeats=5, loop_repeats=2,
               seed=0) -> Row:
    """One Adam step on a network with layers ``layers_dims`` (about 10^6 parameters)."""
    rng = np.random.default_rng(seed)
    parameters, grads, v, s = _adam_inputs(layers_dims, rng)
    total = sum(p.size for p in parameters.values())
    part = [_first_rows(d, loop_fraction) for d in (parameters, grads, v, s)]
    part_total = sum(p.size for p in part[0].values())
    got = loop_adam(*part, t=7)
    expected = update_parameters_with_adam(*part, t=7)
    for name, g, e in zip(("parameters", "v", "s"), got, expected):
        for key in e:
            _check_same(f"adam {name}[{key}]", g[key], e[key])
    vec = best_time(lambda: update_parameters_with_adam(parameters, grads, v, s, t=7), repeats)
    scale, note = _scaled_note(part_total, total, "elements")
    loop = best_time(lambda: loop_adam(*part, t=7), loop_repeats) * scale
    return Row("update_parameters_with_adam", f"{total:,} params", loop, vec, note)


def bench_ewma(shape=(1461,), beta=0.9, loop_cols=100, repeats=20, loop_repeats=3, seed=0,
               vector_steps=False) -> Row:
    """Bias-corrected EWMA of a (T,) or (T, k) series.

    vector_steps=True compares with a loop over time steps only (vector operations per step).
    """
    rng = np.random.default_rng(seed)
    theta = 15 + 8 * rng.standard_normal(shape)
    loop_fn = loop_ewma_vector_steps if vector_steps else loop_ewma
    if theta.ndim == 2 and not vector_steps:
        k = min(loop_cols, shape[1])
        part = theta[:, :k]
        scale, note = _scaled_note(k, shape[1], "series")
    else:
        part, scale, note = theta, 1.0, ""
    _check_same("ewma", loop_fn(part, beta), ewma(part, beta, bias_correction=True))
    vec = best_time(lambda: ewma(theta, beta, bias_correction=True), repeats)
    loop = best_time(lambda: loop_fn(part, beta), loop_repeats) * scale
    if vector_steps:
        note = "loop over t only, vector ops per step"
    size = " x ".join(str(d) for d in shape)
    return Row(f"ewma (beta={beta}, corrected)", f"T={size}" if len(shape) == 1 else size,
               loop, vec, note)


def bench_minibatches(n_x=64, m=100_000, mini_batch_size=64, repeats=5, loop_repeats=2,
                      seed=0, per_element=False, loop_cols=6_250) -> Row:
    """random_mini_batches on X of shape (n_x, m) and Y of shape (1, m).

    per_element=True compares with loops over every number, timed on the first ``loop_cols``
    examples (a problem with m = loop_cols) and scaled; otherwise with a loop over examples.
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    if per_element:
        loop_fn = loop_minibatches_elements
        k = min(loop_cols, m)
        X_part, Y_part = X[:, :k], Y[:, :k]
        scale, note = _scaled_note(k, m, "examples")
        note = "loop copies one number at a time; " + note if note else "loop copies one number"
    else:
        loop_fn = loop_minibatches
        X_part, Y_part, scale = X, Y, 1.0
        note = "loop copies one example (column) at a time"
    got = loop_fn(X_part, Y_part, mini_batch_size, np.random.default_rng(seed + 1))
    expected = random_mini_batches(X_part, Y_part, mini_batch_size, np.random.default_rng(seed + 1))
    if len(got) != len(expected):
        raise AssertionError("random_mini_batches: loop and vectorized batch counts differ")
    for (gx, gy), (ex, ey) in zip(got, expected):
        _check_same("random_mini_batches X", gx, ex, rtol=0, atol=0)
        _check_same("random_mini_batches Y", gy, ey, rtol=0, atol=0)
    vec = best_time(
        lambda: random_mini_batches(X, Y, mini_batch_size, np.random.default_rng(seed)), repeats)
    loop = best_time(
        lambda: loop_fn(X_part, Y_part, mini_batch_size, np.random.default_rng(seed)),
        loop_repeats) * scale
    return Row("random_mini_batches", f"{n_x} x {m}, batch {mini_batch_size}", loop, vec, note)


def run(quick: bool = False) -> list[Row]:
    """Run every benchmark (tiny sizes when ``quick``) and return the rows."""
    if quick:
        return [
            bench_batchnorm(n=8, m=64, loop_rows=4, repeats=2, loop_repeats=1),
            bench_softmax(C=10, m=500, loop_cols=100, repeats=2, loop_repeats=1),
            bench_adam(layers_dims=(20, 16, 4), loop_fraction=2, repeats=2, loop_repeats=1),
            bench_ewma(shape=(100,), repeats=2, loop_repeats=1),
            bench_ewma(shape=(100, 20), loop_cols=5, repeats=2, loop_repeats=1),
            bench_ewma(shape=(100, 20), repeats=2, loop_repeats=1, vector_steps=True),
            bench_minibatches(n_x=4, m=300, mini_batch_size=64, repeats=2, loop_repeats=1),
            bench_minibatches(n_x=4, m=300, mini_batch_size=64, repeats=2, loop_repeats=1,
                              per_element=True, loop_cols=100),
        ]
    return [
        bench_batchnorm(),
        bench_softmax(),
        bench_adam(),
        bench_ewma(shape=(1461,), beta=0.9),
        bench_ewma(shape=(1461, 1000), beta=0.9),
        bench_ewma(shape=(1461, 1000), beta=0.9, repeats=5, vector_steps=True),
        bench_minibatches(),
        bench_minibatches(per_element=True),
    ]


def _format_seconds(x: float) -> str:
    if x >= 1:
        return f"{x:.2f} s"
    if x >= 1e-3:
        return f"{x * 1e3:.1f} ms"
    return f"{x * 1e6:.0f} us"


def format_table(rows: list[Row]) -> str:
    """The rows as a plain-text table."""
    header = ("function", "size", "loop", "vectorized", "ratio", f">= {TARGET:.0f}x", "note")
    lines = [header] + [
        (r.function, r.size, _format_seconds(r.loop_s), _format_seconds(r.vec_s),
         f"{r.ratio:.0f}x", "yes" if r.ratio >= TARGET else "NO", r.note)
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for k, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.bench",
        description="Time the vectorized reference functions against naive loops.")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a few seconds)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = run(quick=args.quick)
    print(format_table(rows))
    print(f"\nTimes are the best of several runs (time.perf_counter); loop times of sliced runs "
          f"are scaled linearly. Total {time.perf_counter() - start:.2f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
