"""Questions about the hidden tests of w3_tuning_batchnorm and the lesson's given network.

Do correct solutions written in other ways keep full marks? Do the cases hold what the lesson
promises (the fixed cache format, both modes, m = 1, fresh generators)? Does the given deep
network in course/bn_net.py compute the right gradients with a batch norm passed in?
"""
from __future__ import annotations

import copy
import io
import math

import numpy as np
import pytest

from autograder.harness import grade, prepare
from autograder.harness.spec import get_task, tasks_of
from autograder.reference import deep_nets
from autograder.reference import w3_tuning_batchnorm as ref
from autograder.reference.numgrad import numerical_gradient, rel_error
from course import bn_net

SEEDS = (1, 2, 3, 17)
ASSIGNMENT = "w3_tuning_batchnorm"


def grade_fresh(task_id, fn, seed):
    """Grade ``fn`` (every call gets fresh copies of the case's inputs, generators included)."""
    out = io.StringIO()
    score = grade(task_id, {get_task(task_id).function: fn}, seed=seed, out=out)
    return score, out.getvalue()


def assert_full_marks(task_id, fn):
    points = get_task(task_id).points
    for seed in SEEDS:
        score, text = grade_fresh(task_id, fn, seed)
        assert score == points, text


# ------------------------------------------------------------------ 3.1 sample_log_uniform

def log_uniform_natural_log(low, high, size, rng):
    return np.exp(rng.uniform(np.log(low), np.log(high), size))


def log_uniform_with_random(low, high, size, rng):
    a, b = math.log10(low), math.log10(high)
    return np.power(10.0, a + (b - a) * rng.random(size))


def log_uniform_keywords(low, high, size, rng):
    r = rng.uniform(low=np.log10(low), high=np.log10(high), size=size)
    return 10 ** r


def log_uniform_ratio(low, high, size, rng):
    # low * (high / low) ** U: the same numbers, written as a ratio
    return low * (high / low) ** rng.uniform(0.0, 1.0, size)


@pytest.mark.parametrize("fn", [log_uniform_natural_log, log_uniform_with_random,
                                log_uniform_keywords, log_uniform_ratio],
                         ids=lambda f: f.__name__)
def test_does_a_correct_sample_log_uniform_written_differently_keep_full_marks(fn):
    assert_full_marks("3.1", fn)


# ------------------------------------------------------------------ 3.2 sample_ema_beta

def ema_beta_through_log_uniform(low, high, size, rng):
    one_minus_beta = 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
    return 1 - one_minus_beta


def ema_beta_natural_log(low, high, size, rng):
    return 1.0 - np.exp(rng.uniform(np.log(1 - high), np.log(1 - low), size))


def ema_beta_lecture_style(low, high, size, rng):
    r = math.log10(1 - high) + (math.log10(1 - low) - math.log10(1 - high)) * rng.random(size)
    return 1 - np.power(10.0, r)


def ema_beta_reusing_task_3_1(low, high, size, rng):
    return 1 - log_uniform_keywords(1 - high, 1 - low, size, rng)


@pytest.mark.parametrize("fn", [ema_beta_through_log_uniform, ema_beta_natural_log,
                                ema_beta_lecture_style, ema_beta_reusing_task_3_1],
                         ids=lambda f: f.__name__)
def test_does_a_correct_sample_ema_beta_written_differently_keep_full_marks(fn):
    assert_full_marks("3.2", fn)


# ------------------------------------------------------------------ 3.3 batchnorm_forward

def forward_sum_over_m(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                       epsilon=1e-5):
    m = Z.shape[1]
    if mode == "test":
        mu, var = running_mean, running_var
    else:
        mu = np.sum(Z, axis=1, keepdims=True) / m
        var = np.sum(np.square(Z - mu), axis=1, keepdims=True) / m
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    std = np.sqrt(var + epsilon)
    Z_norm = (Z - mu) / std
    cache = {"gamma": gamma, "inv_std": 1.0 / std, "Z_norm": Z_norm, "mode": mode}
    return gamma * Z_norm + beta, cache, running_mean, running_var


def forward_in_place_updates(Z, gamma, beta, running_mean, running_var, mode="train",
                             momentum=0.9, epsilon=1e-5):
    # updates the running statistics in place and returns the very same arrays
    if mode == "train":
        mu = Z.mean(axis=1).reshape(-1, 1)
        var = Z.var(axis=1).reshape(-1, 1)
        running_mean *= momentum
        running_mean += (1 - momentum) * mu
        running_var *= momentum
        running_var += (1 - momentum) * var
    else:
        mu, var = running_mean, running_var
    inv_std = (var + epsilon) ** -0.5
    Z_norm = (Z - mu) * inv_std
    Z_tilde = Z_norm * gamma + beta
    return Z_tilde, {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}, \
        running_mean, running_var


def forward_second_moment(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                          epsilon=1e-5):
    # var = E[Z^2] - mu^2: numerically worse, still within the tolerance on the cases
    batch_mu = np.mean(Z, axis=1, keepdims=True)
    batch_var = np.mean(Z * Z, axis=1, keepdims=True) - batch_mu ** 2
    if mode == "train":
        mu, var = batch_mu, batch_var
        new_mean = momentum * running_mean + (1 - momentum) * batch_mu
        new_var = momentum * running_var + (1 - momentum) * batch_var
    else:
        mu, var, new_mean, new_var = running_mean, running_var, running_mean, running_var
    inv_std = 1 / np.sqrt(var + epsilon)
    Z_norm = np.multiply(Z - mu, inv_std)
    return np.add(np.multiply(gamma, Z_norm), beta), \
        {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}, new_mean, new_var


def forward_loop_over_units(Z, gamma, beta, running_mean, running_var, mode="train", momentum=0.9,
                            epsilon=1e-5):
    n, m = Z.shape
    Z_norm, inv_std = np.zeros((n, m)), np.zeros((n, 1))
    new_mean, new_var = running_mean.copy(), running_var.copy()
    for i in range(n):
        if mode == "train":
            mu_i = float(np.mean(Z[i]))
            var_i = float(np.mean((Z[i] - mu_i) ** 2))
            new_mean[i] = momentum * running_mean[i] + (1 - momentum) * mu_i
            new_var[i] = momentum * running_var[i] + (1 - momentum) * var_i
        else:
            mu_i, var_i = float(running_mean[i, 0]), float(running_var[i, 0])
        inv_std[i] = 1 / math.sqrt(var_i + epsilon)
        Z_norm[i] = (Z[i] - mu_i) * inv_std[i]
    cache = {"mode": mode, "Z_norm": Z_norm, "gamma": gamma, "inv_std": inv_std}
    return gamma * Z_norm + beta, cache, new_mean, new_var


@pytest.mark.parametrize("fn", [forward_sum_over_m, forward_in_place_updates,
                                forward_second_moment, forward_loop_over_units],
                         ids=lambda f: f.__name__)
def test_does_a_correct_batchnorm_forward_written_differently_keep_full_marks(fn):
    assert_full_marks("3.3", fn)


def test_does_a_forward_with_an_extra_cache_key_lose_only_what_the_lesson_announced():
    # The lesson fixes the cache to exactly four keys; an extra key fails every case, with a
    # message that names the keys.
    def with_extra_key(*args, **kwargs):
        Z_tilde, cache, rm, rv = ref.batchnorm_forward(*args, **kwargs)
        return Z_tilde, {**cache, "Z": args[0]}, rm, rv

    score, text = grade_fresh("3.3", with_extra_key, 1)
    assert score == 0
    assert "dict keys differ" in text and "'Z'" in text


# ------------------------------------------------------------------ 3.4 batchnorm_backward

def backward_staged_cs231n(dZ_tilde, cache):
    # the staged derivation: through var, then mu, with Z - mu = Z_norm / inv_std
    Z_norm, gamma, inv_std = cache["Z_norm"], cache["gamma"], cache["inv_std"]
    m = Z_norm.shape[1]
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = (dZ_tilde * Z_norm).sum(axis=1, keepdims=True)
    dZ_norm = dZ_tilde * gamma
    if cache["mode"] == "test":
        return dZ_norm * inv_std, dgamma, dbeta
    centered = Z_norm / inv_std
    dvar = np.sum(dZ_norm * centered, axis=1, keepdims=True) * -0.5 * inv_std ** 3
    dmu = (np.sum(-dZ_norm * inv_std, axis=1, keepdims=True)
           + dvar * np.mean(-2.0 * centered, axis=1, keepdims=True))
    dZ = dZ_norm * inv_std + dvar * 2.0 * centered / m + dmu / m
    return dZ, dgamma, dbeta


def backward_with_means(dZ_tilde, cache):
    # the compact formula written with means instead of sums inside
    Z_norm, gamma, inv_std = cache["Z_norm"], cache["gamma"], cache["inv_std"]
    g = gamma * dZ_tilde
    if cache["mode"] != "test":
        dZ = inv_std * (g - g.mean(axis=1, keepdims=True)
                        - Z_norm * (g * Z_norm).mean(axis=1, keepdims=True))
    else:
        dZ = inv_std * g
    return dZ, np.sum(dZ_tilde * Z_norm, 1, keepdims=True), np.sum(dZ_tilde, 1, keepdims=True)


def backward_jacobian_per_unit(dZ_tilde, cache):
    # builds each unit's m x m Jacobian dZ_norm / dZ explicitly
    Z_norm, gamma, inv_std = cache["Z_norm"], cache["gamma"], cache["inv_std"]
    n, m = Z_norm.shape
    dZ = np.zeros((n, m))
    for i in range(n):
        if cache["mode"] == "train":
            J = inv_std[i, 0] * (np.eye(m) - 1.0 / m - np.outer(Z_norm[i], Z_norm[i]) / m)
        else:
            J = inv_std[i, 0] * np.eye(m)
        dZ[i] = (gamma[i, 0] * dZ_tilde[i]) @ J
    dgamma = np.array([[np.dot(dZ_tilde[i], Z_norm[i])] for i in range(n)])
    dbeta = np.array([[np.sum(dZ_tilde[i])] for i in range(n)])
    return dZ, dgamma, dbeta


@pytest.mark.parametrize("fn", [backward_staged_cs231n, backward_with_means,
                                backward_jacobian_per_unit], ids=lambda f: f.__name__)
def test_does_a_correct_batchnorm_backward_written_differently_keep_full_marks(fn):
    assert_full_marks("3.4", fn)


# ------------------------------------------------------------------ the cases themselves

def test_is_the_cache_format_the_lesson_fixes_the_one_the_reference_makes():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 5))
    for mode in ("train", "test"):
        _, cache, _, _ = ref.batchnorm_forward(Z, np.ones((3, 1)), np.zeros((3, 1)),
                                               np.zeros((3, 1)), np.ones((3, 1)), mode=mode)
        assert sorted(cache) == ["Z_norm", "gamma", "inv_std", "mode"]
        assert cache["mode"] == mode and cache["inv_std"].shape == (3, 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_do_the_forward_cases_cover_both_modes_equally_with_the_edge_cases(seed):
    cases = prepare(get_task("3.3"), seed).cases
    modes = [c.kwargs.get("mode", "train") for c in cases]
    assert modes.count("train") == modes.count("test")
    for mode in ("train", "test"):
        shapes = [c.args[0].shape for c, m in zip(cases, modes) if m == mode]
        assert any(m == 1 for _, m in shapes), f"no m = 1 case in {mode} mode"
        assert any(n == 1 for n, _ in shapes), f"no single-unit case in {mode} mode"
        assert any(np.abs(c.args[0]).max() > 300 for c, m in zip(cases, modes) if m == mode)
    tiny = [c for c in cases if "tiny" in c.label]
    assert tiny and all(np.var(c.args[0], axis=1).max() < 1e-4 for c in tiny)


@pytest.mark.parametrize("seed", SEEDS)
def test_do_the_backward_cases_hold_caches_in_the_fixed_format_of_both_modes(seed):
    cases = prepare(get_task("3.4"), seed).cases
    modes = set()
    for case in cases:
        dZ_tilde, cache = case.args
        assert type(cache) is dict and sorted(cache) == ["Z_norm", "gamma", "inv_std", "mode"]
        assert cache["Z_norm"].shape == dZ_tilde.shape
        modes.add(cache["mode"])
    assert modes == {"train", "test"}


@pytest.mark.parametrize("task_id", ["3.1", "3.2"])
def test_does_every_sampler_case_hold_its_own_fresh_generator(task_id):
    cases = prepare(get_task(task_id), 5).cases
    rngs = [c.args[3] for c in cases]
    assert all(type(r) is np.random.Generator for r in rngs)
    assert len({id(r) for r in rngs}) == len(rngs)
    sizes = [c.args[2] for c in cases]
    assert 1 in sizes and any(isinstance(s, tuple) for s in sizes)


def test_does_grading_a_sampler_twice_with_one_seed_give_full_marks_twice():
    # each call draws from its own copy of the case's generator, so nothing is used up
    first = grade("3.1", {"sample_log_uniform": log_uniform_keywords}, seed=8, out=io.StringIO())
    second = grade("3.1", {"sample_log_uniform": log_uniform_keywords}, seed=8, out=io.StringIO())
    assert first == second == 1


def test_are_the_task_points_those_of_the_lesson():
    assert [(t.id, t.function, t.points) for t in tasks_of(ASSIGNMENT)] == [
        ("3.1", "sample_log_uniform", 1), ("3.2", "sample_ema_beta", 1),
        ("3.3", "batchnorm_forward", 3), ("3.4", "batchnorm_backward", 3)]


# ------------------------------------------------------------------ course/bn_net.py

def _well_conditioned(seed, dims, m, batchnorm):
    """Inputs and parameters whose ReLU inputs stay away from 0 (no kink inside +-eps)."""
    rng = np.random.default_rng(seed)
    for _ in range(500):
        X = rng.standard_normal((dims[0], m))
        Y = (rng.random((1, m)) < 0.5).astype(float)
        params = bn_net.initialize_bn_net(dims, rng, batchnorm)
        for name in params:
            if name.startswith(("gamma", "beta", "b")):
                params[name] = params[name] + 0.3 * rng.standard_normal(params[name].shape)
        _, caches, _ = bn_net.bn_net_forward(X, params, ref.batchnorm_forward)
        if all(np.abs(c["Z_tilde"]).min() > 1e-3 for c in caches[:-1]):
            return X, Y, params
    raise RuntimeError("no well-conditioned case found")


@pytest.mark.parametrize("dims,m,batchnorm", [
    ([3, 4, 3, 1], 6, True),
    ([2, 5, 1], 4, True),
    ([4, 3, 3, 2, 1], 5, True),
    ([3, 4, 3, 1], 6, False),
    ([3, 1, 1], 3, True),
])
def test_does_bn_net_backward_match_numerical_gradients_with_a_reference_batch_norm(dims, m,
                                                                                     batchnorm):
    X, Y, params = _well_conditioned(sum(dims) + m, dims, m, batchnorm)
    AL, caches, _ = bn_net.bn_net_forward(X, params, ref.batchnorm_forward)
    grads = bn_net.bn_net_backward(AL, Y, caches, ref.batchnorm_backward)
    assert sorted(grads) == sorted("d" + name for name in params)

    def cost():
        return bn_net.bn_net_cost(bn_net.bn_net_forward(X, params, ref.batchnorm_forward)[0], Y)

    for name, p in params.items():
        assert grads["d" + name].shape == p.shape
        assert rel_error(grads["d" + name], numerical_gradient(cost, p)) < 1e-6, name


@pytest.mark.parametrize("batchnorm", [False, True])
@pytest.mark.parametrize("mode", ["train", "test"])
def test_does_bn_net_agree_with_the_reference_deep_network(batchnorm, mode):
    dims, m = [5, 4, 3, 1], 7
    X = np.random.default_rng(1).standard_normal((dims[0], m))
    Y = (np.random.default_rng(2).random((1, m)) < 0.5).astype(float)
    ours = bn_net.initialize_bn_net(dims, np.random.default_rng(3), batchnorm)
    theirs = deep_nets.initialize_deep(dims, np.random.default_rng(3), batchnorm)
    assert sorted(ours) == sorted(theirs)
    for name in ours:
        np.testing.assert_array_equal(ours[name], theirs[name])
    state = bn_net.initialize_bn_state(dims)
    AL, caches, new_state = bn_net.bn_net_forward(X, ours, ref.batchnorm_forward, state, mode)
    AL_ref, caches_ref, new_state_ref = deep_nets.deep_forward(X, theirs, batchnorm=batchnorm,
                                                               bn_state=state, mode=mode)
    np.testing.assert_allclose(AL, AL_ref, rtol=1e-13)
    if batchnorm:
        for key in new_state_ref:
            np.testing.assert_allclose(new_state[key], new_state_ref[key], rtol=1e-13)
    else:
        assert new_state is None
    if mode == "train":
        grads = bn_net.bn_net_backward(AL, Y, caches, ref.batchnorm_backward)
        grads_ref = deep_nets.deep_backward(AL_ref, Y, caches_ref)
        assert sorted(grads) == sorted(grads_ref)
        for key in grads:
            np.testing.assert_allclose(grads[key], grads_ref[key], rtol=1e-12, atol=1e-15)


def test_does_bn_net_use_only_the_batch_norm_it_is_given():
    dims = [3, 4, 1]
    params = bn_net.initialize_bn_net(dims, np.random.default_rng(0), batchnorm=True)
    X = np.random.default_rng(1).standard_normal((3, 5))
    with pytest.raises(ValueError, match="bn_forward"):
        bn_net.bn_net_forward(X, params)
    calls = []

    def spy_forward(*args, **kwargs):
        calls.append(kwargs["mode"])
        return ref.batchnorm_forward(*args, **kwargs)

    AL, caches, _ = bn_net.bn_net_forward(X, params, spy_forward)
    assert calls == ["train"]
    with pytest.raises(ValueError, match="bn_backward"):
        bn_net.bn_net_backward(AL, np.ones((1, 5)), caches)


def test_does_test_mode_keep_the_running_statistics_and_treat_each_example_alone():
    dims = [4, 6, 5, 1]
    params = bn_net.initialize_bn_net(dims, np.random.default_rng(0), batchnorm=True)
    rng = np.random.default_rng(1)
    state = bn_net.initialize_bn_state(dims)
    for _ in range(5):  # a few training batches move the running statistics
        _, _, state = bn_net.bn_net_forward(rng.standard_normal((4, 8)), params,
                                            ref.batchnorm_forward, state, "train")
    X = rng.standard_normal((4, 9))
    saved = copy.deepcopy(state)
    AL, _, new_state = bn_net.bn_net_forward(X, params, ref.batchnorm_forward, state, "test")
    for key in saved:
        np.testing.assert_array_equal(state[key], saved[key])
        np.testing.assert_array_equal(new_state[key], saved[key])
    one_at_a_time = np.hstack([bn_net.bn_net_forward(X[:, [j]], params, ref.batchnorm_forward,
                                                     state, "test")[0] for j in range(9)])
    np.testing.assert_allclose(one_at_a_time, AL, rtol=1e-13)
    predicted = bn_net.bn_net_predict(X, params, ref.batchnorm_forward, state)
    np.testing.assert_array_equal(predicted, (AL > 0.5).astype(float))
    with pytest.raises(ValueError, match="bn_state"):
        bn_net.bn_net_forward(X, params, ref.batchnorm_forward, None, "test")


def test_do_the_bn_net_functions_leave_their_inputs_unchanged():
    dims = [3, 4, 2, 1]
    params = bn_net.initialize_bn_net(dims, np.random.default_rng(0), batchnorm=True)
    X = np.random.default_rng(1).standard_normal((3, 6))
    Y = np.ones((1, 6))
    state = bn_net.initialize_bn_state(dims)
    saved = copy.deepcopy((params, X, state))
    AL, caches, _ = bn_net.bn_net_forward(X, params, ref.batchnorm_forward, state)
    bn_net.bn_net_backward(AL, Y, caches, ref.batchnorm_backward)
    for before, after in zip(saved, (params, X, state)):
        if isinstance(before, dict):
            for key in before:
                np.testing.assert_array_equal(before[key], after[key])
        else:
            np.testing.assert_array_equal(before, after)


def test_does_initialize_bn_net_give_hidden_layers_gamma_and_beta_instead_of_a_bias():
    dims = [5, 4, 3, 2]
    plain = bn_net.initialize_bn_net(dims, np.random.default_rng(0))
    normed = bn_net.initialize_bn_net(dims, np.random.default_rng(0), batchnorm=True)
    assert sorted(plain) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert sorted(normed) == ["W1", "W2", "W3", "b3", "beta1", "beta2", "gamma1", "gamma2"]
    for l in (1, 2, 3):
        np.testing.assert_array_equal(plain[f"W{l}"], normed[f"W{l}"])
        assert plain[f"W{l}"].shape == (dims[l], dims[l - 1])
    np.testing.assert_array_equal(normed["gamma2"], np.ones((3, 1)))
    np.testing.assert_array_equal(normed["beta1"], np.zeros((4, 1)))
    state = bn_net.initialize_bn_state(dims)
    assert sorted(state) == ["running_mean1", "running_mean2", "running_var1", "running_var2"]


def test_is_the_cost_finite_when_the_network_saturates():
    AL = np.array([[0.0, 1.0, 0.5]])
    Y = np.array([[1.0, 0.0, 1.0]])
    J = bn_net.bn_net_cost(AL, Y)
    assert np.isfinite(J) and J > 400
    assert bn_net.bn_net_cost(np.array([[0.5]]), np.array([[1.0]])) == pytest.approx(np.log(2))
