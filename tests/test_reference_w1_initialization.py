"""Questions about the week-1 reference: input normalization and weight initializations."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference import w1_initialization as ref

layers_dims_strategy = st.lists(st.integers(1, 12), min_size=2, max_size=6)
seed_strategy = st.integers(0, 2**32 - 1)

# name -> (function of (layers_dims, rng), std of W_l as a function of n_{l-1})
GAUSSIAN_INITS = {
    "random": (ref.initialize_parameters_random, lambda n_prev: 10.0),
    "random_scale_0.5": (lambda d, rng: ref.initialize_parameters_random(d, rng, scale=0.5),
                         lambda n_prev: 0.5),
    "xavier": (ref.initialize_parameters_xavier, lambda n_prev: np.sqrt(1.0 / n_prev)),
    "he": (ref.initialize_parameters_he, lambda n_prev: np.sqrt(2.0 / n_prev)),
}


def expected_keys(dims):
    return [f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"]


# --- normalize_inputs -----------------------------------------------------------------------

def test_does_normalize_inputs_give_the_hand_worked_values_with_the_biased_variance():
    # row 1: [1, 3] -> mu 2, sigma2 1 (the unbiased variance would be 2);
    # row 2: [0, 4] -> mu 2, sigma2 4.
    X_train = np.array([[1.0, 3.0], [0.0, 4.0]])
    X_test = np.array([[5.0], [-2.0]])
    X_train_n, X_test_n, mu, sigma2 = ref.normalize_inputs(X_train, X_test)
    np.testing.assert_allclose(mu, [[2.0], [2.0]])
    np.testing.assert_allclose(sigma2, [[1.0], [4.0]])
    np.testing.assert_allclose(X_train_n, [[-1.0, 1.0], [-1.0, 1.0]])
    np.testing.assert_allclose(X_test_n, [[3.0], [-2.0]])  # (5-2)/1, (-2-2)/2


@settings(max_examples=30, deadline=None)
@given(n_x=st.integers(1, 6), m_train=st.integers(2, 40), m_test=st.integers(1, 10),
       seed=seed_strategy)
def test_does_normalize_inputs_use_only_the_training_statistics(n_x, m_train, m_test, seed):
    rng = np.random.default_rng(seed)
    X_train = rng.normal(3.0, 5.0, (n_x, m_train))
    X_test = rng.normal(-1.0, 2.0, (n_x, m_test))
    X_train_n, X_test_n, mu, sigma2 = ref.normalize_inputs(X_train, X_test)
    assert mu.shape == sigma2.shape == (n_x, 1)
    assert X_train_n.shape == X_train.shape and X_test_n.shape == X_test.shape
    np.testing.assert_allclose(X_train_n.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_train_n.var(axis=1), 1.0, rtol=1e-10)
    np.testing.assert_allclose(X_test_n, (X_test - mu) / np.sqrt(sigma2), rtol=1e-12)

    other_test = rng.normal(100.0, 50.0, (n_x, m_test + 3))
    X_train_n2, X_test_n2, mu2, sigma2_2 = ref.normalize_inputs(X_train, other_test)
    np.testing.assert_array_equal(mu2, mu)
    np.testing.assert_array_equal(sigma2_2, sigma2)
    np.testing.assert_array_equal(X_train_n2, X_train_n)
    np.testing.assert_allclose(X_test_n2, (other_test - mu) / np.sqrt(sigma2), rtol=1e-12)


def test_does_normalize_inputs_reject_constant_features_and_mismatched_sets():
    with pytest.raises(ValueError):
        ref.normalize_inputs(np.array([[1.0, 1.0], [0.0, 2.0]]), np.zeros((2, 1)))
    with pytest.raises(ValueError):
        ref.normalize_inputs(np.array([[1.0, 3.0]]), np.zeros((2, 1)))


# --- initializations ------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(dims=layers_dims_strategy)
def test_are_zero_initializations_all_zero_with_the_right_shapes(dims):
    parameters = ref.initialize_parameters_zeros(dims)
    assert list(parameters) == expected_keys(dims)
    for l in range(1, len(dims)):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        assert W.shape == (dims[l], dims[l - 1]) and b.shape == (dims[l], 1)
        assert W.dtype == b.dtype == np.float64
        assert not W.any() and not b.any()


@pytest.mark.parametrize("name", sorted(GAUSSIAN_INITS))
@settings(max_examples=25, deadline=None)
@given(dims=layers_dims_strategy, seed=seed_strategy)
def test_do_gaussian_initializations_follow_the_documented_draws(name, dims, seed):
    init, std = GAUSSIAN_INITS[name]
    parameters = init(dims, np.random.default_rng(seed))
    assert list(parameters) == expected_keys(dims)
    # reproduce the draws with a fresh generator: W1 then W2 ..., standard normal times the std
    rng = np.random.default_rng(seed)
    for l in range(1, len(dims)):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        assert W.shape == (dims[l], dims[l - 1]) and W.dtype == np.float64
        np.testing.assert_allclose(
            W, rng.standard_normal((dims[l], dims[l - 1])) * std(dims[l - 1]), rtol=1e-15)
        np.testing.assert_array_equal(b, np.zeros((dims[l], 1)))
    again = init(dims, np.random.default_rng(seed))
    for key in parameters:
        np.testing.assert_array_equal(again[key], parameters[key])


@pytest.mark.parametrize("name", sorted(GAUSSIAN_INITS))
def test_is_the_empirical_std_of_a_large_layer_the_target(name):
    init, std = GAUSSIAN_INITS[name]
    parameters = init([1000, 1000, 1], np.random.default_rng(7))
    W1 = parameters["W1"]
    target = std(1000)
    assert abs(W1.std() / target - 1) < 0.02
    assert abs(W1.mean()) < 0.02 * target


def test_do_xavier_and_he_scale_with_the_previous_layer_only():
    # a layer fed by 4 units has std sqrt(1/4) (Xavier) and sqrt(2/4) (He), whatever its width
    xavier = ref.initialize_parameters_xavier([4, 20000], np.random.default_rng(0))["W1"]
    he = ref.initialize_parameters_he([4, 20000], np.random.default_rng(0))["W1"]
    assert abs(xavier.std() / 0.5 - 1) < 0.02
    assert abs(he.std() / np.sqrt(0.5) - 1) < 0.02


@pytest.mark.parametrize("bad", [[5], [], [3, 0, 1], [3, -2]])
def test_do_initializations_reject_bad_layer_sizes(bad):
    with pytest.raises(ValueError):
        ref.initialize_parameters_zeros(bad)
    for init, _ in GAUSSIAN_INITS.values():
        with pytest.raises(ValueError):
            init(bad, np.random.default_rng(0))


def test_does_no_reference_function_modify_its_inputs():
    rng = np.random.default_rng(0)
    X_train, X_test = rng.standard_normal((3, 8)), rng.standard_normal((3, 4))
    dims = [3, 5, 2, 1]
    calls = [
        (ref.normalize_inputs, (X_train, X_test), {}),
        (ref.initialize_parameters_zeros, (dims,), {}),
        (ref.initialize_parameters_random, (dims,), {"rng": np.random.default_rng(1)}),
        (ref.initialize_parameters_xavier, (dims,), {"rng": np.random.default_rng(1)}),
        (ref.initialize_parameters_he, (dims,), {"rng": np.random.default_rng(1)}),
    ]
    for fn, args, kwargs in calls:
        before = copy.deepcopy(args)
        fn(*args, **kwargs)
        for got, expected in zip(args, before):
            np.testing.assert_array_equal(got, expected)
