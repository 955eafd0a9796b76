"""Hidden tests of ``w3_tuning_batchnorm``: random cases and the catalogue of known mistakes.

Samplers (3.1, 3.2): each case holds its own fresh ``numpy.random.Generator``; the lesson fixes the
draw (ONE call ``rng.uniform(log10(a), log10(b), size)``), so a correct student draws the same
numbers. Bounds vary from case to case (a hard-coded lecture range shows), and ``size`` is an int,
a tuple or 1.

Batch norm (3.3, 3.4): the lesson FIXES the cache format, ``{"mode", "Z_norm", "gamma",
"inv_std"}``, so the forward tests compare the cache too and the backward tests feed the
student's ``batchnorm_backward`` a cache built by the reference forward (they never depend on
the student's own forward). Forward cases are half "train", half "test" (a mistake that only
shows in one mode then scores at most half); they include m = 1 in both modes, a single unit,
|Z| ~ 1e3, and a tiny variance (1e-6, below epsilon = 1e-5) where epsilon's place matters.

Every mistake is the reference with one thing changed, written the way a student writes it.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w3_tuning_batchnorm as ref

ASSIGNMENT = "w3_tuning_batchnorm"


# ---------------------------------------------------------------- samplers: 3.1 and 3.2

def _fresh_rng(rng) -> np.random.Generator:
    return np.random.default_rng(int(rng.integers(2**31)))


def _log_uniform_cases(rng):
    """Bounds over several decades, narrow and wide; size an int, a tuple, and 1."""
    lo1 = float(10.0 ** rng.uniform(-7, -3))
    lo2 = float(10.0 ** rng.uniform(-3, 0))
    lo3 = float(10.0 ** rng.uniform(-5, -2))
    plan = [  # (low, high, size)
        (1e-4, 1.0, 25),                                   # the lecture's learning-rate range
        (lo1, lo1 * float(10.0 ** rng.uniform(2, 4)), (3, 4)),
        (lo2, lo2 * float(10.0 ** rng.uniform(0.5, 2)), 1),
        (lo3, lo3 * float(10.0 ** rng.uniform(1, 3)), int(rng.integers(5, 40))),
        (0.5, 50.0, (2, 3)),
    ]
    cases = []
    for low, high, size in plan:
        cases.append(Case(f"low={low:.3g}, high={high:.3g}, size={size}",
                          (low, high, size, _fresh_rng(rng))))
    return cases


def _log_uniform_like(low, high, size, rng, *, linear=False, log="log10", power="10",
                      from_high=False, lecture=False, one_draw=False):
    if linear:
        return rng.uniform(low, high, size)
    log_fn = np.log10 if log == "log10" else np.log
    a, b = log_fn(low), log_fn(high)
    if lecture:
        a, b = -4.0, 0.0
    if from_high:  # the lecture's r = -4 * np.random.rand(), generalized: counted down from b
        u = b + (a - b) * rng.random(size)
    else:
        u = rng.uniform(a, b) if one_draw else rng.uniform(a, b, size)
    return 10.0 ** u if power == "10" else np.exp(u)


def _ref_log_uniform(low, high, size, rng):
    return ref.sample_log_uniform(low, high, size, rng)


SAMPLE_LOG_UNIFORM = Task(
    id="3.1", assignment=ASSIGNMENT, function="sample_log_uniform", points=1,
    reference=_ref_log_uniform, cases=_log_uniform_cases,
    returns="values", tol=Tolerance(atol=1e-12, rtol=1e-9),
    mistakes=(
        Mistake("sampling uniformly in linear space",
                "Draw the EXPONENT uniformly: u = rng.uniform(log10(low), log10(high), size), "
                "then return 10**u.",
                partial(_log_uniform_like, linear=True)),
        Mistake("np.exp of an exponent drawn between log10 bounds",
                "log10 and 10**u go together (or np.log and np.exp): 10**u undoes log10.",
                partial(_log_uniform_like, power="e")),
        Mistake("10**u of an exponent drawn between natural-log bounds",
                "np.log is the natural log: use np.log10(low) and np.log10(high) with 10**u.",
                partial(_log_uniform_like, log="ln")),
        Mistake("exponent counted down from log10(high) (r = -4 * rand style)",
                "Draw u = rng.uniform(np.log10(low), np.log10(high), size): it counts up from "
                "log10(low), so the same rng gives the same values.",
                partial(_log_uniform_like, from_high=True)),
        Mistake("the lecture's exponent range -4 to 0 hard-coded",
                "Use the bounds you are given: u between np.log10(low) and np.log10(high).",
                partial(_log_uniform_like, lecture=True)),
        Mistake("one draw instead of size draws",
                "Pass size to rng.uniform, so that it returns an array of shape size.",
                partial(_log_uniform_like, one_draw=True)),
    ),
)


def _ema_beta_cases(rng):
    """The lecture's [0.9, 0.999] once; other ranges, one starting at 0, one very close to 1."""
    lo = float(1.0 - 10.0 ** rng.uniform(-1.3, -0.7))          # about 0.80 .. 0.95
    hi = float(1.0 - 10.0 ** rng.uniform(-4.0, -2.5))          # about 0.997 .. 0.9999
    plan = [  # (low, high, size)
        (0.9, 0.999, 20),
        (lo, hi, (2, 5)),
        (0.0, 0.99, 1),
        (0.5, float(rng.uniform(0.9, 0.98)), int(rng.integers(5, 30))),
        (0.99, 0.99999, (3, 2)),
    ]
    return [Case(f"low={low:.6g}, high={high:.6g}, size={size}",
                 (low, high, size, _fresh_rng(rng))) for low, high, size in plan]


def _ema_beta_like(low, high, size, rng, *, how="one_minus", lecture=False,
                   return_one_minus=False):
    if how == "linear":
        return rng.uniform(low, high, size)
    if how == "beta_log":
        return 10.0 ** rng.uniform(np.log10(low), np.log10(high), size)
    a, b = np.log10(1 - high), np.log10(1 - low)
    if how == "unconverted":  # 1 - beta drawn between the bounds of beta itself
        a, b = np.log10(low), np.log10(high)
    if lecture:
        a, b = -3.0, -1.0
    one_minus_beta = 10.0 ** rng.uniform(a, b, size)
    return one_minus_beta if return_one_minus else 1 - one_minus_beta


def _ref_ema_beta(low, high, size, rng):
    return ref.sample_ema_beta(low, high, size, rng)


SAMPLE_EMA_BETA = Task(
    id="3.2", assignment=ASSIGNMENT, function="sample_ema_beta", points=1,
    reference=_ref_ema_beta, cases=_ema_beta_cases,
    returns="beta", tol=Tolerance(atol=1e-12, rtol=1e-9),
    mistakes=(
        Mistake("beta sampled on a log scale instead of 1 - beta",
                "Put 1 - beta on the log scale: u = rng.uniform(log10(1 - high), "
                "log10(1 - low), size), beta = 1 - 10**u.",
                partial(_ema_beta_like, how="beta_log")),
        Mistake("returning 1 - beta instead of beta",
                "10**u is 1 - beta: return beta = 1 - 10**u.",
                partial(_ema_beta_like, return_one_minus=True)),
        Mistake("beta sampled uniformly in linear space",
                "Sample 1 - beta on a log scale: beta = 1 - 10**u with u uniform between "
                "log10(1 - high) and log10(1 - low).",
                partial(_ema_beta_like, how="linear")),
        Mistake("1 - beta drawn between low and high (bounds not converted)",
                "1 - beta lies between 1 - high and 1 - low: u = rng.uniform("
                "np.log10(1 - high), np.log10(1 - low), size).",
                partial(_ema_beta_like, how="unconverted")),
        Mistake("the lecture's exponent range -3 to -1 hard-coded",
                "Use the bounds you are given: u between log10(1 - high) and log10(1 - low).",
                partial(_ema_beta_like, lecture=True)),
    ),
)


# ---------------------------------------------------------------- batch norm: 3.3 and 3.4

def _bn_inputs(rng, n, m, *, center=1.0, spread=1.0, small_running_var=False):
    """(Z, gamma, beta, running_mean, running_var): units with their own mean and spread."""
    Z = (rng.standard_normal((n, 1)) * center
         + rng.standard_normal((n, m)) * spread * rng.uniform(0.5, 2.0, (n, 1)))
    gamma = rng.uniform(0.5, 2.0, (n, 1)) * rng.choice([-1.0, 1.0], (n, 1))
    beta = rng.standard_normal((n, 1))
    running_mean = rng.standard_normal((n, 1)) * center
    if small_running_var:
        running_var = rng.uniform(0.5, 2.0, (n, 1)) * 1e-6
    else:
        running_var = rng.uniform(0.3, 3.0, (n, 1)) * spread ** 2
    return Z, gamma, beta, running_mean, running_var


def _forward_cases(rng):
    plan = [  # (label, n, m, mode, kwargs of _bn_inputs, kwargs of the call)
        ("3 units, 6 examples", 3, 6, "train", {}, {}),
        ("a single unit, 5 examples, momentum 0.8", 1, 5, "train", {}, {"momentum": 0.8}),
        ("|Z| ~ 1000, momentum 0.95", 4, 8, "train", {"center": 1e3, "spread": 1e3},
         {"momentum": 0.95}),
        ("tiny variance (1e-6 < epsilon)", 3, 7, "train", {"spread": 1e-3}, {}),
        ("m = 1 (one example)", 2, 1, "train", {}, {"epsilon": 1e-3}),
        ("3 units, 4 examples", 3, 4, "test", {}, {}),
        ("m = 1 (one example)", 2, 1, "test", {}, {"momentum": 0.8}),
        ("a single unit, 3 examples", 1, 3, "test", {}, {}),
        ("tiny running variance (1e-6 < epsilon)", 4, 5, "test",
         {"spread": 1e-3, "small_running_var": True}, {}),
        ("|Z| ~ 1000", 3, 6, "test", {"center": 1e3, "spread": 1e3}, {"momentum": 0.99}),
    ]
    cases = []
    for label, n, m, mode, make, call in plan:
        args = _bn_inputs(rng, n, m, **make)
        kwargs = dict(call)
        if mode == "test" or rng.random() < 0.5:   # "train" is the default: sometimes rely on it
            kwargs["mode"] = mode
        cases.append(Case(f"{mode} mode, {label}", args, kwargs))
    return cases


def _bn_forward_like(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                     epsilon=1e-5, *, ddof=0, axis=1, eps_inside=True, update_in_test=False,
                     batch_in_test=False, running_in_train=False, swap_momentum=False):
    mu = np.mean(Z, axis=axis, keepdims=True)
    var = np.var(Z, axis=axis, keepdims=True, ddof=ddof)
    keep, new = (1 - momentum, momentum) if swap_momentum else (momentum, 1 - momentum)
    updated_mean = keep * running_mean + new * mu
    updated_var = keep * running_var + new * var
    if mode == "train" or batch_in_test:
        if running_in_train:
            mu, var = updated_mean, updated_var
        new_mean, new_var = updated_mean, updated_var
    else:
        mu, var = running_mean, running_var
        if update_in_test:
            new_mean, new_var = updated_mean, updated_var
        else:
            new_mean, new_var = running_mean.copy(), running_var.copy()
    inv_std = 1 / np.sqrt(var + epsilon) if eps_inside else 1 / (np.sqrt(var) + epsilon)
    Z_norm = (Z - mu) * inv_std
    Z_tilde = gamma * Z_norm + beta
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}
    return Z_tilde, cache, new_mean, new_var


BATCHNORM_FORWARD = Task(
    id="3.3", assignment=ASSIGNMENT, function="batchnorm_forward", points=3,
    reference=ref.batchnorm_forward, cases=_forward_cases,
    returns="(Z_tilde, cache, running_mean, running_var)",
    tol=Tolerance(atol=1e-8, rtol=1e-6),
    mistakes=(
        Mistake("the unbiased variance (ddof=1)",
                "Batch norm uses the biased variance: the mean of (Z - mu)**2 over the m "
                "examples, divided by m (np.var's default ddof=0).",
                partial(_bn_forward_like, ddof=1)),
        Mistake("statistics over the rows instead of the columns",
                "Each unit (row) has its own mean and variance over the m examples (columns): "
                "use axis=1 with keepdims=True.",
                partial(_bn_forward_like, axis=0)),
        Mistake("epsilon outside the square root",
                "Normalize with 1 / np.sqrt(var + epsilon): epsilon goes INSIDE the root.",
                partial(_bn_forward_like, eps_inside=False)),
        Mistake("updating the running statistics in test mode",
                "In test mode return running_mean and running_var unchanged.",
                partial(_bn_forward_like, update_in_test=True)),
        Mistake("batch statistics in test mode",
                "In test mode normalize with running_mean and running_var, not with the "
                "statistics of the batch.",
                partial(_bn_forward_like, batch_in_test=True)),
        Mistake("normalizing with the running statistics in train mode",
                "In train mode normalize with the mean and variance of THIS batch; the "
                "running averages are only updated.",
                partial(_bn_forward_like, running_in_train=True)),
        Mistake("momentum weights swapped",
                "running = momentum * running + (1 - momentum) * batch statistic: momentum "
                "weighs the OLD value.",
                partial(_bn_forward_like, swap_momentum=True)),
    ),
)


def _backward_cases(rng):
    """Caches made by the reference forward (the lesson fixes their format)."""
    plan = [  # (label, n, m, mode, kwargs of _bn_inputs, epsilon)
        ("3 units, 5 examples", 3, 5, "train", {}, 1e-5),
        ("a single unit, 4 examples", 1, 4, "train", {}, 1e-5),
        ("4 units, 10 examples", 4, 10, "train", {}, 1e-5),
        ("2 examples", 2, 2, "train", {}, 1e-5),
        ("|Z| ~ 1000", 5, 8, "train", {"center": 1e3, "spread": 1e3}, 1e-5),
        ("tiny variance (1e-6 < epsilon)", 3, 6, "train", {"spread": 1e-3}, 1e-5),
        ("3 units, 4 examples", 3, 4, "test", {}, 1e-3),
        ("m = 1 (one example)", 2, 1, "test", {}, 1e-5),
    ]
    cases = []
    for label, n, m, mode, make, epsilon in plan:
        Z, gamma, beta, running_mean, running_var = _bn_inputs(rng, n, m, **make)
        _, cache, _, _ = ref.batchnorm_forward(Z, gamma, beta, running_mean, running_var,
                                               mode=mode, epsilon=epsilon)
        dZ_tilde = rng.standard_normal((n, m))
        cases.append(Case(f"cache of {mode} mode, {label}", (dZ_tilde, cache)))
    return cases


def _bn_backward_like(dZ_tilde, cache, *, means=False, mean_term=True, var_term=1.0,
                      use_gamma=True):
    Z_norm, gamma, inv_std = cache["Z_norm"], cache["gamma"], cache["inv_std"]
    m = Z_norm.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    if means:
        dbeta, dgamma = dbeta / m, dgamma / m
    g = dZ_tilde * gamma if use_gamma else dZ_tilde
    if cache["mode"] == "test" or not mean_term and var_term == 0:
        return g * inv_std, dgamma, dbeta
    dZ = m * g - var_term * Z_norm * np.sum(g * Z_norm, axis=1, keepdims=True)
    if mean_term:
        dZ = dZ - np.sum(g, axis=1, keepdims=True)
    return inv_std / m * dZ, dgamma, dbeta


BATCHNORM_BACKWARD = Task(
    id="3.4", assignment=ASSIGNMENT, function="batchnorm_backward", points=3,
    reference=ref.batchnorm_backward, cases=_backward_cases, returns="(dZ, dgamma, dbeta)",
    tol=Tolerance(atol=1e-8, rtol=1e-6),
    mistakes=(
        Mistake("dgamma and dbeta as means instead of sums",
                "Return the SUMS over the m columns (the network divides by m itself): "
                "dbeta = np.sum(dZ_tilde, axis=1, keepdims=True).",
                partial(_bn_backward_like, means=True)),
        Mistake("the simplified formula without the mean and variance terms",
                "In train mode mu and var depend on every Z[:, j]: dZ = (inv_std / m) * "
                "(m * g - sum(g) - Z_norm * sum(g * Z_norm)) with g = gamma * dZ_tilde.",
                partial(_bn_backward_like, mean_term=False, var_term=0.0)),
        Mistake("the variance term missing",
                "Subtract Z_norm * sum(g * Z_norm) as well: var depends on Z too.",
                partial(_bn_backward_like, var_term=0.0)),
        Mistake("the mean term missing",
                "Subtract sum(g) as well: mu depends on every Z[:, j].",
                partial(_bn_backward_like, mean_term=False)),
        Mistake("the variance term with half its weight (the 2 of d var / d Z forgotten)",
                "d var / d Z_k = 2 (Z_k - mu) / m: with it the variance term is "
                "Z_norm * sum(g * Z_norm), not half of it.",
                partial(_bn_backward_like, var_term=0.5)),
        Mistake("gamma forgotten in dZ",
                "dL/dZ_norm = gamma * dZ_tilde: multiply by gamma before going back through "
                "the normalization.",
                partial(_bn_backward_like, use_gamma=False)),
    ),
)

TASKS = (SAMPLE_LOG_UNIFORM, SAMPLE_EMA_BETA, BATCHNORM_FORWARD, BATCHNORM_BACKWARD)
register(*TASKS)
