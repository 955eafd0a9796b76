"""Questions about the week-2 reference: random mini-batches and exponentially weighted averages."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference import w2_minibatch_ewma as ref

seed_strategy = st.integers(0, 2**32 - 1)
beta_strategy = st.floats(0.0, 0.999, allow_nan=False)


def ewma_by_recurrence(theta, beta, bias_correction=False):
    """Independent re-derivation: the definition, one scalar step at a time per series."""
    theta = np.asarray(theta, dtype=np.float64)
    flat = theta.reshape(theta.shape[0], int(np.prod(theta.shape[1:])))
    out = np.zeros_like(flat)
    for k in range(flat.shape[1]):
        v = 0.0
        for t in range(flat.shape[0]):
            v = beta * v + (1 - beta) * flat[t, k]
            out[t, k] = v / (1 - beta ** (t + 1)) if bias_correction else v
    return out.reshape(theta.shape)


def labelled_data(n_x, m):
    """X whose column j holds the number j (in every row), Y = 10 j + 1: columns are traceable."""
    ids = np.arange(m, dtype=np.float64)
    return np.tile(ids, (n_x, 1)), (10 * ids + 1)[None, :]


# --- random_mini_batches --------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(n_x=st.integers(1, 4), m=st.integers(1, 300), size=st.integers(1, 80), seed=seed_strategy)
def test_do_mini_batches_partition_the_columns_keep_x_and_y_aligned_and_have_the_right_sizes(
        n_x, m, size, seed):
    X, Y = labelled_data(n_x, m)
    batches = ref.random_mini_batches(X, Y, size, np.random.default_rng(seed))

    assert len(batches) == math.ceil(m / size)
    sizes = [X_t.shape[1] for X_t, _ in batches]
    assert all(s == size for s in sizes[:-1])
    assert sizes[-1] == m - size * (len(batches) - 1)
    assert 1 <= sizes[-1] <= size
    for X_t, Y_t in batches:
        assert X_t.shape == (n_x, X_t.shape[1]) and Y_t.shape == (1, X_t.shape[1])
        np.testing.assert_array_equal(X_t, np.tile(X_t[0], (n_x, 1)))  # whole columns moved
        np.testing.assert_array_equal(Y_t[0], 10 * X_t[0] + 1)  # Y follows X
    ids = np.concatenate([X_t[0] for X_t, _ in batches])
    np.testing.assert_array_equal(np.sort(ids), np.arange(m))  # every column exactly once


@settings(max_examples=25, deadline=None)
@given(m=st.integers(1, 200), size=st.integers(1, 70), seed=seed_strategy)
def test_are_mini_batches_consecutive_slices_of_one_rng_permutation(m, size, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    Y = rng.standard_normal((2, m))
    perm = np.random.default_rng(seed + 1).permutation(m)  # the one draw the lesson prescribes
    batches = ref.random_mini_batches(X, Y, size, np.random.default_rng(seed + 1))
    for k, (X_t, Y_t) in enumerate(batches):
        cols = perm[k * size:(k + 1) * size]
        np.testing.assert_array_equal(X_t, X[:, cols])
        np.testing.assert_array_equal(Y_t, Y[:, cols])


def test_are_mini_batches_reproducible_from_a_seed_and_different_for_another_seed():
    X, Y = labelled_data(2, 500)
    first = ref.random_mini_batches(X, Y, 64, np.random.default_rng(7))
    again = ref.random_mini_batches(X, Y, 64, np.random.default_rng(7))
    other = ref.random_mini_batches(X, Y, 64, np.random.default_rng(8))
    for (a, b), (c, d) in zip(first, again):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    assert not np.array_equal(first[0][0], other[0][0])


def test_is_a_batch_size_larger_than_m_one_batch_of_everything():
    X, Y = labelled_data(2, 5)
    batches = ref.random_mini_batches(X, Y, 64, np.random.default_rng(0))
    assert len(batches) == 1 and batches[0][0].shape == (2, 5)


def test_do_mini_batches_leave_x_and_y_unchanged():
    X, Y = labelled_data(3, 50)
    X0, Y0 = X.copy(), Y.copy()
    batches = ref.random_mini_batches(X, Y, 16, np.random.default_rng(0))
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    batches[0][0][...] = -1.0  # writing into a batch must not reach X
    np.testing.assert_array_equal(X, X0)


@pytest.mark.parametrize("bad_rng", [None, 0, np.random.RandomState(0)])
def test_does_random_mini_batches_refuse_anything_but_a_generator(bad_rng):
    X, Y = labelled_data(2, 10)
    with pytest.raises(TypeError, match="Generator"):
        ref.random_mini_batches(X, Y, 4, bad_rng)


def test_does_random_mini_batches_reject_a_missing_rng_when_called_with_defaults():
    X, Y = labelled_data(2, 10)
    with pytest.raises(TypeError, match="Generator"):
        ref.random_mini_batches(X, Y)


@pytest.mark.parametrize("size, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError),
                                         (True, TypeError)])
def test_does_random_mini_batches_reject_a_bad_batch_size(size, error):
    X, Y = labelled_data(2, 10)
    with pytest.raises(error, match="mini_batch_size"):
        ref.random_mini_batches(X, Y, size, np.random.default_rng(0))


def test_does_random_mini_batches_reject_x_and_y_with_different_numbers_of_columns():
    X, _ = labelled_data(2, 10)
    with pytest.raises(ValueError, match="same number of columns"):
        ref.random_mini_batches(X, np.zeros((1, 9)), 4, np.random.default_rng(0))
    with pytest.raises(ValueError, match="2-D"):
        ref.random_mini_batches(np.zeros(10), np.zeros((1, 10)), 4, np.random.default_rng(0))


# --- ewma -----------------------------------------------------------------------------------

def test_does_ewma_give_the_hand_worked_values():
    # beta = 0.5 on [2, 4]: v1 = 0.5*0 + 0.5*2 = 1, v2 = 0.5*1 + 0.5*4 = 2.5;
    # corrected: 1 / (1 - 0.5) = 2, 2.5 / (1 - 0.25) = 3.333...
    np.testing.assert_allclose(ref.ewma([2.0, 4.0], 0.5), [1.0, 2.5], rtol=1e-14)
    np.testing.assert_allclose(ref.ewma([2.0, 4.0], 0.5, bias_correction=True),
                               [2.0, 10.0 / 3.0], rtol=1e-14)


def test_is_ewma_with_beta_zero_the_series_itself():
    theta = np.array([3.0, -1.0, 7.5])
    np.testing.assert_array_equal(ref.ewma(theta, 0.0), theta)
    np.testing.assert_array_equal(ref.ewma(theta, 0.0, bias_correction=True), theta)


@settings(max_examples=40, deadline=None)
@given(T=st.integers(1, 60), c=st.floats(-1e3, 1e3, allow_nan=False), beta=beta_strategy)
def test_is_the_corrected_ewma_of_a_constant_that_constant_from_t_1(T, c, beta):
    v = ref.ewma(np.full(T, c), beta, bias_correction=True)
    np.testing.assert_allclose(v, c, rtol=1e-9, atol=1e-9 * (1 + abs(c)))


@settings(max_examples=40, deadline=None)
@given(T=st.integers(1, 60), c=st.floats(-1e3, 1e3, allow_nan=False), beta=beta_strategy)
def test_is_the_uncorrected_ewma_of_a_constant_c_times_one_minus_beta_to_the_t(T, c, beta):
    t = np.arange(1, T + 1)
    v = ref.ewma(np.full(T, c), beta)
    np.testing.assert_allclose(v, c * (1 - beta ** t), rtol=1e-9, atol=1e-12 * (1 + abs(c)))


@settings(max_examples=40, deadline=None)
@given(T=st.integers(0, 400), width=st.sampled_from([(), (1,), (3,), (2, 2)]),
       beta=st.one_of(beta_strategy, st.sampled_from([1e-20, 1e-5, 0.5, 0.9, 0.98, 0.999])),
       correct=st.booleans(), seed=seed_strategy)
def test_does_ewma_agree_with_the_recurrence_step_by_step(T, width, beta, correct, seed):
    theta = 10 + 5 * np.random.default_rng(seed).standard_normal((T,) + width)
    v = ref.ewma(theta, beta, bias_correction=correct)
    assert v.shape == theta.shape and v.dtype == np.float64
    np.testing.assert_allclose(v, ewma_by_recurrence(theta, beta, correct), rtol=1e-10, atol=1e-10)


def test_does_ewma_stay_right_over_several_chunks_of_a_long_series():
    # beta = 0.5 needs a new chunk every 332 steps (0.5^-332 is about 1e100).
    theta = np.sin(np.arange(2000) / 7.0) * 20
    np.testing.assert_allclose(ref.ewma(theta, 0.5, True), ewma_by_recurrence(theta, 0.5, True),
                               rtol=1e-10, atol=1e-10)


def test_does_ewma_treat_trailing_axes_as_independent_series():
    theta = np.random.default_rng(0).standard_normal((30, 3))
    v = ref.ewma(theta, 0.9, bias_correction=True)
    for k in range(3):
        np.testing.assert_allclose(v[:, k], ref.ewma(theta[:, k], 0.9, bias_correction=True),
                                   rtol=1e-12)


def test_does_ewma_leave_theta_unchanged():
    theta = np.random.default_rng(1).standard_normal((50, 2))
    theta0 = theta.copy()
    ref.ewma(theta, 0.9, bias_correction=True)
    ref.ewma(theta, 0.0)
    np.testing.assert_array_equal(theta, theta0)


@pytest.mark.parametrize("beta, error", [(1.0, ValueError), (-0.1, ValueError),
                                         (1.5, ValueError), (float("nan"), ValueError),
                                         ("0.9", TypeError), (None, TypeError)])
def test_do_ewma_and_effective_window_reject_a_beta_outside_0_1(beta, error):
    with pytest.raises(error, match="beta"):
        ref.ewma([1.0, 2.0], beta)
    with pytest.raises(error, match="beta"):
        ref.effective_window(beta)


def test_does_ewma_reject_a_series_without_a_time_axis():
    with pytest.raises(ValueError, match="time axis"):
        ref.ewma(3.0, 0.9)


# --- effective_window -----------------------------------------------------------------------

@pytest.mark.parametrize("beta, window", [(0.0, 1.0), (0.5, 2.0), (0.9, 10.0), (0.98, 50.0),
                                          (0.999, 1000.0)])
def test_is_the_effective_window_one_over_one_minus_beta(beta, window):
    # 1 - 0.9 is 0.09999999999999998 in binary floating point: equal up to rounding.
    got = ref.effective_window(beta)
    assert isinstance(got, float)
    assert got == pytest.approx(window, rel=1e-12)
