"""Questions about the week-3 reference: log-scale sampling, batch normalization and softmax."""
from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference import w3_softmax as sm
from autograder.reference import w3_tuning_batchnorm as bn
from autograder.reference.numgrad import numerical_gradient, numerical_gradient_array, rel_error

seed_strategy = st.integers(0, 2**32 - 1)
TOL = 1e-7  # largest relative error accepted between analytic and numerical gradients


def bn_inputs(n, m, seed, scale=3.0):
    """Random float64 inputs of batchnorm_forward for n units and m examples."""
    rng = np.random.default_rng(seed)
    return {
        "Z": rng.standard_normal((n, m)) * scale + rng.standard_normal((n, 1)),
        "gamma": rng.standard_normal((n, 1)),
        "beta": rng.standard_normal((n, 1)),
        "running_mean": rng.standard_normal((n, 1)),
        "running_var": rng.random((n, 1)) + 0.5,
    }


# --- sample_log_uniform / sample_ema_beta ---------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(low_exp=st.floats(-8, 3), width=st.floats(1e-3, 6), size=st.integers(1, 200),
       seed=seed_strategy)
def test_does_sample_log_uniform_stay_between_low_and_high(low_exp, width, size, seed):
    low, high = 10.0 ** low_exp, 10.0 ** (low_exp + width)
    x = bn.sample_log_uniform(low, high, size, np.random.default_rng(seed))
    assert x.shape == (size,) and x.dtype == np.float64
    assert np.all(x >= low) and np.all(x <= high)


def test_is_the_log10_of_sample_log_uniform_uniform():
    low, high = 1e-4, 1.0
    u = np.log10(bn.sample_log_uniform(low, high, 20_000, np.random.default_rng(0)))
    # Uniform on [-4, 0]: mean -2, standard deviation 4 / sqrt(12) (standard error 0.008).
    assert abs(u.mean() - (-2.0)) < 0.05
    assert abs(u.std() - 4.0 / np.sqrt(12.0)) < 0.05
    # every decade gets about a quarter of the draws (a linear-uniform draw would give 90% to
    # the last decade)
    counts = np.histogram(u, bins=[-4, -3, -2, -1, 0])[0] / u.size
    np.testing.assert_allclose(counts, 0.25, atol=0.02)


def test_does_sample_log_uniform_draw_ten_to_a_uniform_exponent_with_one_rng_call():
    got = bn.sample_log_uniform(1e-3, 10.0, (4, 5), np.random.default_rng(3))
    expected = 10.0 ** np.random.default_rng(3).uniform(-3.0, 1.0, (4, 5))
    assert got.shape == (4, 5)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(low=st.floats(0.0, 0.99), gap=st.floats(1e-4, 1.0), size=st.integers(1, 200),
       seed=seed_strategy)
def test_does_sample_ema_beta_stay_between_low_and_high(low, gap, size, seed):
    high = min(low + gap, 0.9999)  # > low, since low <= 0.99
    b = bn.sample_ema_beta(low, high, size, np.random.default_rng(seed))
    assert b.shape == (size,)
    assert np.all(b >= low) and np.all(b <= high)


def test_is_one_minus_the_sampled_beta_uniform_on_a_log_scale():
    b = bn.sample_ema_beta(0.9, 0.999, 20_000, np.random.default_rng(1))
    u = np.log10(1.0 - b)  # uniform on [-3, -1]
    assert abs(u.mean() - (-2.0)) < 0.03
    # as many betas in [0.9, 0.99] as in [0.99, 0.999]
    assert abs(np.mean(b < 0.99) - 0.5) < 0.02


@pytest.mark.parametrize("low, high", [(0.0, 1.0), (-1.0, 1.0), (2.0, 1.0), (1.0, 1.0),
                                       (1e-3, float("inf"))])
def test_does_sample_log_uniform_reject_bounds_that_are_not_0_lt_low_lt_high(low, high):
    with pytest.raises(ValueError):
        bn.sample_log_uniform(low, high, 3, np.random.default_rng(0))


@pytest.mark.parametrize("low, high", [(0.9, 1.0), (-0.1, 0.9), (0.99, 0.9)])
def test_does_sample_ema_beta_reject_bounds_outside_0_1(low, high):
    with pytest.raises(ValueError):
        bn.sample_ema_beta(low, high, 3, np.random.default_rng(0))


def test_do_the_samplers_refuse_a_missing_rng():
    with pytest.raises(TypeError, match="Generator"):
        bn.sample_log_uniform(1e-4, 1.0, 3, None)
    with pytest.raises(TypeError, match="Generator"):
        bn.sample_ema_beta(0.9, 0.999, 3, np.random.RandomState(0))


# --- batchnorm_forward ----------------------------------------------------------------------

def test_does_batchnorm_forward_give_the_hand_worked_values_with_the_biased_variance():
    # one unit, Z = [1, 3]: mu = 2, biased var = 1 (the unbiased one would be 2),
    # Z_norm = [-1, 1] / sqrt(1 + eps); running mean 0.9*0 + 0.1*2, running var 0.9*0 + 0.1*1.
    eps = 1e-5
    out, _, rm, rv = bn.batchnorm_forward(np.array([[1.0, 3.0]]), np.array([[2.0]]),
                                          np.array([[0.5]]), np.zeros((1, 1)), np.zeros((1, 1)))
    np.testing.assert_allclose(out, [[0.5 - 2 / np.sqrt(1 + eps), 0.5 + 2 / np.sqrt(1 + eps)]],
                               rtol=1e-14)
    np.testing.assert_allclose(rm, [[0.2]], rtol=1e-14)
    np.testing.assert_allclose(rv, [[0.1]], rtol=1e-14)


def test_does_test_mode_use_the_running_statistics_by_hand():
    # Z = [[4]], running mean 2, running var 3: Z_norm = 2 / sqrt(4) = 1 with eps = 1.
    out, _, rm, rv = bn.batchnorm_forward(np.array([[4.0]]), np.array([[3.0]]), np.array([[1.0]]),
                                          np.array([[2.0]]), np.array([[3.0]]), mode="test",
                                          epsilon=1.0)
    np.testing.assert_allclose(out, [[4.0]], rtol=1e-14)  # 3 * 1 + 1
    np.testing.assert_array_equal(rm, [[2.0]])
    np.testing.assert_array_equal(rv, [[3.0]])


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 5), m=st.integers(2, 60), scale=st.floats(1e-3, 1e3),
       seed=seed_strategy)
def test_does_train_mode_give_zero_mean_and_unit_variance_per_unit(n, m, scale, seed):
    p = bn_inputs(n, m, seed, scale)
    eps = 1e-5
    out, _, _, _ = bn.batchnorm_forward(p["Z"], np.ones((n, 1)), np.zeros((n, 1)),
                                        p["running_mean"], p["running_var"], epsilon=eps)
    assert out.shape == (n, m)
    np.testing.assert_allclose(out.mean(axis=1), 0.0, atol=1e-10)
    var = p["Z"].var(axis=1)
    # unit variance up to epsilon's effect: var / (var + eps)
    np.testing.assert_allclose(out.var(axis=1), var / (var + eps), rtol=1e-9)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 5), m=st.integers(2, 40), momentum=st.floats(0.0, 1.0),
       seed=seed_strategy)
def test_does_train_mode_update_the_running_statistics_as_exponential_averages(n, m, momentum,
                                                                              seed):
    p = bn_inputs(n, m, seed)
    out, _, rm, rv = bn.batchnorm_forward(**p, momentum=momentum)
    mu = p["Z"].mean(axis=1, keepdims=True)
    var = ((p["Z"] - mu) ** 2).mean(axis=1, keepdims=True)
    np.testing.assert_allclose(rm, momentum * p["running_mean"] + (1 - momentum) * mu,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rv, momentum * p["running_var"] + (1 - momentum) * var,
                               rtol=1e-12, atol=1e-12)
    # gamma and beta scale and shift the normalized values
    z_norm = (p["Z"] - mu) / np.sqrt(var + 1e-5)
    np.testing.assert_allclose(out, p["gamma"] * z_norm + p["beta"], rtol=1e-10, atol=1e-10)


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 5), m=st.integers(1, 40), seed=seed_strategy)
def test_does_test_mode_leave_the_running_statistics_alone(n, m, seed):
    p = bn_inputs(n, m, seed)
    out, _, rm, rv = bn.batchnorm_forward(**p, mode="test")
    np.testing.assert_array_equal(rm, p["running_mean"])
    np.testing.assert_array_equal(rv, p["running_var"])
    assert rm is not p["running_mean"] and rv is not p["running_var"]
    expected = p["gamma"] * (p["Z"] - p["running_mean"]) / np.sqrt(p["running_var"] + 1e-5)
    np.testing.assert_allclose(out, expected + p["beta"], rtol=1e-10, atol=1e-12)
    # each example is normalized on its own: the first column alone gives the same result
    alone, _, _, _ = bn.batchnorm_forward(**{**p, "Z": p["Z"][:, :1]}, mode="test")
    np.testing.assert_allclose(alone, out[:, :1], rtol=1e-14)


@pytest.mark.parametrize("mode", ["train", "test"])
def test_do_batchnorm_forward_and_backward_leave_their_inputs_unchanged(mode):
    p = bn_inputs(3, 6, 0)
    before = copy.deepcopy(p)
    out, cache, rm, _ = bn.batchnorm_forward(**p, mode=mode)
    for key in p:
        np.testing.assert_array_equal(p[key], before[key])
    dout = np.random.default_rng(1).standard_normal(out.shape)
    dout0, cache0 = dout.copy(), copy.deepcopy(cache)
    bn.batchnorm_backward(dout, cache)
    np.testing.assert_array_equal(dout, dout0)
    for key in cache:
        np.testing.assert_array_equal(cache[key], cache0[key])
    rm[...] = 99.0  # the returned statistics are new arrays
    np.testing.assert_array_equal(p["running_mean"], before["running_mean"])


def test_does_batchnorm_forward_reject_a_bad_mode_shapes_and_parameters():
    p = bn_inputs(3, 4, 0)
    with pytest.raises(ValueError, match="mode"):
        bn.batchnorm_forward(**p, mode="eval")
    with pytest.raises(ValueError, match="gamma"):
        bn.batchnorm_forward(**{**p, "gamma": np.ones((4, 1))})
    with pytest.raises(ValueError, match="running_var"):
        bn.batchnorm_forward(**{**p, "running_var": np.ones(3)})
    with pytest.raises(ValueError, match="Z"):
        bn.batchnorm_forward(**{**p, "Z": np.ones(3)})
    with pytest.raises(ValueError, match="epsilon"):
        bn.batchnorm_forward(**p, epsilon=0.0)
    with pytest.raises(ValueError, match="momentum"):
        bn.batchnorm_forward(**p, momentum=1.5)
    _, cache, _, _ = bn.batchnorm_forward(**p)
    with pytest.raises(ValueError, match="shape"):
        bn.batchnorm_backward(np.ones((3, 5)), cache)


# --- batchnorm_backward: numerical gradients ------------------------------------------------

def check_batchnorm_backward(n, m, mode, seed, epsilon=1e-5):
    """Largest relative error of dZ, dgamma, dbeta against two-sided numerical gradients."""
    p = bn_inputs(n, m, seed)
    dout = np.random.default_rng(seed + 1).standard_normal((n, m))
    _, cache, _, _ = bn.batchnorm_forward(**p, mode=mode, epsilon=epsilon)
    dZ, dgamma, dbeta = bn.batchnorm_backward(dout, cache)
    assert dZ.shape == (n, m) and dgamma.shape == dbeta.shape == (n, 1)

    def forward():
        return bn.batchnorm_forward(**p, mode=mode, epsilon=epsilon)[0]

    return max(rel_error(dZ, numerical_gradient_array(forward, p["Z"], dout)),
               rel_error(dgamma, numerical_gradient_array(forward, p["gamma"], dout)),
               rel_error(dbeta, numerical_gradient_array(forward, p["beta"], dout)))


# Train mode needs m >= 2: with one example the batch variance is 0, Z_norm is 0 whatever Z is,
# and the output is just beta, so dZ = 0 and the check would compare two zeros (see below).
# With m = 2, Z_norm = +-sqrt(var / (var + eps)) is almost +-1 whatever Z is: dZ is of the order
# of eps / var, below the noise of finite differences, unless eps is comparable to var (eps = 1).
@pytest.mark.parametrize("n, m, epsilon", [(1, 2, 1.0), (3, 2, 1.0), (1, 3, 1e-5), (4, 5, 1e-5),
                                           (2, 17, 1e-5), (5, 40, 1e-5), (3, 8, 1.0)])
def test_does_batchnorm_backward_in_train_mode_match_numerical_gradients(n, m, epsilon):
    assert check_batchnorm_backward(n, m, "train", seed=n * 100 + m, epsilon=epsilon) < TOL


@pytest.mark.parametrize("n, m", [(1, 1), (3, 1), (4, 5), (2, 17)])
def test_does_batchnorm_backward_in_test_mode_match_numerical_gradients(n, m):
    assert check_batchnorm_backward(n, m, "test", seed=n * 100 + m) < TOL


def test_is_the_train_mode_gradient_zero_for_a_single_example():
    # the degenerate case: Z_tilde = beta does not depend on Z at all
    p = bn_inputs(3, 1, 0)
    out, cache, _, _ = bn.batchnorm_forward(**p)
    np.testing.assert_allclose(out, p["beta"], rtol=1e-14)
    dZ, _, dbeta = bn.batchnorm_backward(np.ones((3, 1)), cache)
    np.testing.assert_array_equal(dZ, 0.0)
    np.testing.assert_array_equal(dbeta, 1.0)


# --- softmax --------------------------------------------------------------------------------

def score_matrices(max_abs=50.0):
    return st.tuples(st.integers(1, 6), st.integers(1, 8), seed_strategy).map(
        lambda t: np.random.default_rng(t[2]).uniform(-max_abs, max_abs, (t[0], t[1])))


def test_does_softmax_give_the_hand_worked_values():
    # exp(0) : exp(log 3) = 1 : 3, so [0.25, 0.75]; a single class gives probability 1
    np.testing.assert_allclose(sm.softmax(np.array([[0.0], [np.log(3.0)]])), [[0.25], [0.75]],
                               rtol=1e-14)
    np.testing.assert_allclose(sm.softmax(np.array([[5.0, -7.0]])), [[1.0, 1.0]])


@settings(max_examples=40, deadline=None)
@given(Z=score_matrices())
def test_do_softmax_columns_sum_to_one(Z):
    A = sm.softmax(Z)
    assert A.shape == Z.shape
    assert np.all(A >= 0)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(Z=score_matrices(), shift_seed=seed_strategy)
def test_is_softmax_unchanged_by_adding_a_constant_to_each_column(Z, shift_seed):
    shift = np.random.default_rng(shift_seed).uniform(-500, 500, (1, Z.shape[1]))
    np.testing.assert_allclose(sm.softmax(Z + shift), sm.softmax(Z), rtol=1e-9, atol=1e-14)


@settings(max_examples=40, deadline=None)
@given(signs=st.lists(st.sampled_from([-1.0, 1.0]), min_size=2, max_size=12),
       C=st.integers(1, 4))
def test_does_softmax_stay_finite_and_silent_at_abs_z_1000(signs, C):
    Z = 1000.0 * np.resize(np.array(signs), (C, len(signs)))
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        A = sm.softmax(Z)
    assert np.all(np.isfinite(A))
    np.testing.assert_allclose(A.sum(axis=0), 1.0)


def test_does_softmax_reject_non_finite_or_non_2d_scores():
    with pytest.raises(ValueError, match="finite"):
        sm.softmax(np.array([[np.nan], [1.0]]))
    with pytest.raises(ValueError, match="2-D"):
        sm.softmax(np.array([1.0, 2.0]))


# --- one_hot / predict_classes --------------------------------------------------------------

def test_does_one_hot_give_the_hand_worked_matrix():
    Y = sm.one_hot(np.array([2, 0, 1, 2]), 3)
    assert Y.dtype == np.float64
    np.testing.assert_array_equal(Y, [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]])
    np.testing.assert_array_equal(sm.one_hot(np.array([[1, 0]]), 2), [[0, 1], [1, 0]])


@settings(max_examples=40, deadline=None)
@given(C=st.integers(1, 12), m=st.integers(1, 50), seed=seed_strategy)
def test_do_one_hot_and_predict_classes_round_trip(C, m, seed):
    y = np.random.default_rng(seed).integers(0, C, m)
    Y = sm.one_hot(y, C)
    assert Y.shape == (C, m)
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    back = sm.predict_classes(Y)
    assert back.dtype == np.int64 and back.shape == (m,)
    np.testing.assert_array_equal(back, y)


def test_does_predict_classes_pick_the_largest_probability():
    A = np.array([[0.1, 0.7], [0.6, 0.2], [0.3, 0.1]])
    np.testing.assert_array_equal(sm.predict_classes(A), [1, 0])


@pytest.mark.parametrize("y, C", [([0, 3], 3), ([-1, 0], 3), ([0.0, 1.0], 3), ([True], 2),
                                  ([0, 1], 0), ([[0, 1], [1, 0]], 2)])
def test_does_one_hot_reject_labels_that_are_not_ints_in_range(y, C):
    with pytest.raises(ValueError):
        sm.one_hot(np.array(y), C)


# --- cross-entropy cost and its gradient ----------------------------------------------------

def test_is_the_cost_of_a_perfect_prediction_zero():
    Y = sm.one_hot(np.array([0, 2, 1]), 3)
    assert sm.compute_cross_entropy_cost(Y.copy(), Y) == 0.0


def test_does_the_cost_give_the_hand_worked_value_and_stay_finite_at_probability_0():
    # column 1: -log 0.5; column 2: -log 0.25; mean over m = 2
    A = np.array([[0.5, 0.25], [0.5, 0.75]])
    Y = np.array([[1.0, 1.0], [0.0, 0.0]])
    cost = sm.compute_cross_entropy_cost(A, Y)
    assert isinstance(cost, float)
    assert cost == pytest.approx((np.log(2.0) + np.log(4.0)) / 2, rel=1e-14)
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        worst = sm.compute_cross_entropy_cost(np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]]))
    assert np.isfinite(worst) and worst > 700


@pytest.mark.parametrize("C, m", [(2, 1), (3, 1), (5, 4), (10, 7), (4, 30)])
def test_does_a_minus_y_match_the_numerical_gradient_of_the_mean_cost(C, m):
    rng = np.random.default_rng(C * 100 + m)
    Z = rng.standard_normal((C, m)) * 2
    Y = sm.one_hot(rng.integers(0, C, m), C)
    A = sm.softmax(Z)
    dZ = sm.softmax_cross_entropy_backward(A, Y)
    assert dZ.shape == (C, m)
    numeric = numerical_gradient(lambda: sm.compute_cross_entropy_cost(sm.softmax(Z), Y), Z)
    # J is the mean over m examples, so dJ/dZ = (A - Y) / m: the 1/m goes into dW and db
    assert rel_error(dZ / m, numeric) < TOL


def test_do_the_softmax_functions_leave_their_inputs_unchanged():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((4, 6))
    y = rng.integers(0, 4, 6)
    Z0, y0 = Z.copy(), y.copy()
    A = sm.softmax(Z)
    Y = sm.one_hot(y, 4)
    A0, Y0 = A.copy(), Y.copy()
    sm.compute_cross_entropy_cost(A, Y)
    dZ = sm.softmax_cross_entropy_backward(A, Y)
    sm.predict_classes(A)
    for now, then in [(Z, Z0), (y, y0), (A, A0), (Y, Y0)]:
        np.testing.assert_array_equal(now, then)
    assert dZ is not A


def test_do_the_cost_and_its_gradient_reject_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        sm.compute_cross_entropy_cost(np.ones((3, 2)) / 3, np.ones((2, 2)))
    with pytest.raises(ValueError, match="same shape"):
        sm.softmax_cross_entropy_backward(np.ones((3, 2)) / 3, np.ones((3, 3)))
