"""Questions about the week-1 reference: bias/variance diagnosis, L2 regularization, dropout."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers import assert_same

from autograder.reference import w1_regularization as ref
from autograder.reference.numgrad import numerical_gradient, rel_error
from course import nets

GRAD_KEYS = {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}
PARAM_NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]

CASES = [  # (seed, layers dims, m): several shapes, including m = 1 and one-unit layers
    (0, (2, 3, 2, 1), 1),
    (1, (4, 5, 3, 1), 1),
    (2, (4, 5, 3, 1), 7),
    (3, (3, 2, 2, 1), 4),
    (4, (5, 6, 4, 1), 12),
]


def random_case(rng, dims, m):
    """Random float64 (X, Y, parameters) of a 3-layer network."""
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for l in range(1, 4):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = 0.5 * rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def away_from_kinks(Z1, Z2, margin=1e-3):
    """True when no ReLU input is within margin of 0 and each hidden layer has an active unit."""
    return (np.min(np.abs(Z1)) > margin and np.min(np.abs(Z2)) > margin
            and np.any(Z1 > 0) and np.any(Z2 > 0))


def well_conditioned_case(seed, dims, m):
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        X, Y, parameters = random_case(rng, dims, m)
        _, cache = nets.forward_propagation(X, parameters)
        if away_from_kinks(cache[0], cache[4]):
            return X, Y, parameters
    raise RuntimeError("could not draw a well-conditioned case")


def dropout_cost_with_fixed_masks(X, Y, parameters, D1, D2, keep_prob):
    """Cost of the network with the masks D1, D2 held fixed (written out independently)."""
    A1 = np.maximum(parameters["W1"] @ X + parameters["b1"], 0) * D1 / keep_prob
    A2 = np.maximum(parameters["W2"] @ A1 + parameters["b2"], 0) * D2 / keep_prob
    A3 = 1.0 / (1.0 + np.exp(-(parameters["W3"] @ A2 + parameters["b3"])))
    return nets.compute_cost(A3, Y)


def assert_matches_numerical_gradient(grads, cost, parameters):
    for name in PARAM_NAMES:
        numeric = numerical_gradient(cost, parameters[name])
        assert grads["d" + name].shape == parameters[name].shape
        assert rel_error(grads["d" + name], numeric) < 1e-7, name


# --- diagnose_bias_variance -----------------------------------------------------------------

@pytest.mark.parametrize("train_error, dev_error, base_error, expected", [
    (0.01, 0.11, 0.0, "high variance"),    # the lecture's cat classifier examples
    (0.15, 0.16, 0.0, "high bias"),
    (0.15, 0.30, 0.0, "high bias and high variance"),
    (0.005, 0.01, 0.0, "good fit"),
    (0.15, 0.16, 0.14, "good fit"),        # blurry images: human error 14% is the base
    (0.15, 0.30, 0.14, "high variance"),
])
def test_does_diagnose_bias_variance_name_the_lecture_cases(train_error, dev_error, base_error,
                                                            expected):
    assert ref.diagnose_bias_variance(train_error, dev_error, base_error) == expected


def test_does_diagnose_bias_variance_use_the_tolerance_as_a_strict_threshold():
    assert ref.diagnose_bias_variance(0.02, 0.04, 0.02, tolerance=0.01) == "high variance"
    assert ref.diagnose_bias_variance(0.02, 0.04, 0.02, tolerance=0.03) == "good fit"
    assert ref.diagnose_bias_variance(0.5, 0.75, 0.0, 0.25) == "high bias"  # 0.25 is not > 0.25
    assert ref.diagnose_bias_variance(np.float64(0.3), np.float32(0.3)) == "high bias"
    assert ref.diagnose_bias_variance(0, 1) == "high variance"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -0.01, 1.01, "0.1", None, True,
                                 np.array([0.1])])
def test_does_diagnose_bias_variance_reject_bad_errors(bad):
    with pytest.raises(ValueError):
        ref.diagnose_bias_variance(bad, 0.1)
    with pytest.raises(ValueError):
        ref.diagnose_bias_variance(0.1, bad)
    with pytest.raises(ValueError):
        ref.diagnose_bias_variance(0.1, 0.1, base_error=bad)


# --- L2 regularization ----------------------------------------------------------------------

def test_does_the_regularized_cost_add_the_hand_worked_penalty():
    # sum ||W||^2 = (1 + 4) + 9 + 1 = 15; lambd/(2m) * 15 = 0.4/4 * 15 = 1.5; the huge b1 is
    # not regularized. Cross-entropy of A3 = [0.5, 0.5] is log 2.
    A3, Y = np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])
    parameters = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[100.0]]),
                  "W2": np.array([[3.0]]), "b2": np.array([[-50.0]]),
                  "W3": np.array([[-1.0]]), "b3": np.array([[7.0]])}
    cost = ref.compute_cost_with_regularization(A3, Y, parameters, 0.4)
    assert isinstance(cost, float)
    assert cost == pytest.approx(np.log(2.0) + 1.5, rel=1e-14)
    assert ref.compute_cost_with_regularization(A3, Y, parameters, 0.0) == nets.compute_cost(A3, Y)


@pytest.mark.parametrize("seed, dims, m", CASES)
def test_does_the_regularized_backward_pass_match_the_numerical_gradient(seed, dims, m):
    X, Y, parameters = well_conditioned_case(seed, dims, m)
    lambd = 0.7
    _, cache = nets.forward_propagation(X, parameters)
    grads = ref.backward_propagation_with_regularization(X, Y, cache, lambd)
    assert set(grads) == GRAD_KEYS

    def cost():
        A3, _ = nets.forward_propagation(X, parameters)
        return ref.compute_cost_with_regularization(A3, Y, parameters, lambd)

    assert_matches_numerical_gradient(grads, cost, parameters)


def test_is_the_regularized_backward_pass_the_plain_one_at_lambda_zero():
    X, Y, parameters = well_conditioned_case(2, (4, 5, 3, 1), 7)
    _, cache = nets.forward_propagation(X, parameters)
    plain = nets.backward_propagation(X, Y, cache)
    regularized = ref.backward_propagation_with_regularization(X, Y, cache, 0.0)
    for key in GRAD_KEYS:
        np.testing.assert_array_equal(regularized[key], plain[key])


# --- dropout --------------------------------------------------------------------------------

def test_is_dropout_with_keep_prob_one_the_plain_forward_pass():
    X, _, parameters = well_conditioned_case(4, (5, 6, 4, 1), 12)
    A3, cache = ref.forward_propagation_with_dropout(X, parameters, 1.0, np.random.default_rng(0))
    A3_plain, plain = nets.forward_propagation(X, parameters)
    np.testing.assert_array_equal(A3, A3_plain)
    assert len(cache) == 14
    assert cache[1].all() and cache[6].all()
    without_masks = cache[:1] + cache[2:6] + cache[7:]
    for got, expected in zip(without_masks, plain):
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("keep_prob", [0.3, 0.8])
def test_are_the_masks_boolean_and_drawn_in_the_documented_order(keep_prob):
    X, _, parameters = well_conditioned_case(2, (4, 5, 3, 1), 7)
    A3, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob,
                                                     np.random.default_rng(42))
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3_cached, W3, b3 = cache
    assert D1.dtype == np.bool_ and D2.dtype == np.bool_
    assert D1.shape == (5, 7) and D2.shape == (3, 7)
    rng = np.random.default_rng(42)
    np.testing.assert_array_equal(D1, rng.random((5, 7)) < keep_prob)
    np.testing.assert_array_equal(D2, rng.random((3, 7)) < keep_prob)
    # the hidden activations are dropped and rescaled; the output layer has no dropout
    np.testing.assert_allclose(Z1, W1 @ X + b1, rtol=1e-14)
    np.testing.assert_allclose(A1, np.maximum(Z1, 0) * D1 / keep_prob, rtol=1e-14)
    np.testing.assert_allclose(Z2, W2 @ A1 + b2, rtol=1e-14)
    np.testing.assert_allclose(A2, np.maximum(Z2, 0) * D2 / keep_prob, rtol=1e-14)
    np.testing.assert_allclose(A3, 1.0 / (1.0 + np.exp(-(W3 @ A2 + b3))), rtol=1e-14)
    np.testing.assert_array_equal(A3_cached, A3)
    np.testing.assert_allclose(Z3, W3 @ A2 + b3, rtol=1e-14)
    for got, name in zip((W1, b1, W2, b2, W3, b3), PARAM_NAMES):
        np.testing.assert_array_equal(got, parameters[name])


def test_does_inverted_dropout_keep_the_expected_activation():
    # many copies of one example: without dropout every column of A1 is the same, and inverted
    # dropout must keep the column mean (and switch off about 1 - keep_prob of the units).
    keep_prob, m = 0.6, 40000
    rng = np.random.default_rng(3)
    _, _, parameters = random_case(rng, (3, 4, 3, 1), 1)
    parameters["b1"] = np.abs(parameters["b1"]) + 0.5  # every hidden unit of layer 1 active
    X = np.repeat(rng.standard_normal((3, 1)), m, axis=1)
    _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
    without = np.maximum(parameters["W1"] @ X[:, :1] + parameters["b1"], 0)
    np.testing.assert_allclose(cache[2].mean(axis=1, keepdims=True), without, rtol=0.03)
    assert abs(cache[1].mean() - keep_prob) < 0.01


@pytest.mark.parametrize("seed, dims, m", CASES)
@pytest.mark.parametrize("keep_prob", [0.5, 0.86])
def test_does_the_dropout_backward_pass_match_the_numerical_gradient_with_fixed_masks(
        seed, dims, m, keep_prob):
    rng = np.random.default_rng(seed)
    for _ in range(1000):
        X, Y, parameters = random_case(rng, dims, m)
        _, cache = ref.forward_propagation_with_dropout(X, parameters, keep_prob, rng)
        if away_from_kinks(cache[0], cache[5]) and cache[1].any() and cache[6].any():
            break
    else:
        raise RuntimeError("could not draw a well-conditioned case")
    D1, D2 = cache[1], cache[6]
    grads = ref.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    assert set(grads) == GRAD_KEYS
    assert_matches_numerical_gradient(
        grads, lambda: dropout_cost_with_fixed_masks(X, Y, parameters, D1, D2, keep_prob),
        parameters)


@pytest.mark.parametrize("bad", [0.0, -0.5, 1.5, float("nan"), "0.5", None])
def test_do_the_dropout_passes_reject_a_keep_prob_outside_0_1(bad):
    X, Y, parameters = well_conditioned_case(0, (2, 3, 2, 1), 1)
    with pytest.raises(ValueError):
        ref.forward_propagation_with_dropout(X, parameters, bad, np.random.default_rng(0))
    _, cache = ref.forward_propagation_with_dropout(X, parameters, 0.5, np.random.default_rng(0))
    with pytest.raises(ValueError):
        ref.backward_propagation_with_dropout(X, Y, cache, bad)


# --- re-exports and purity ------------------------------------------------------------------

def test_does_the_module_re_export_the_given_3_layer_pieces():
    for name in ("forward_propagation", "backward_propagation", "compute_cost", "predict"):
        assert name in ref.__all__ and getattr(ref, name) is getattr(nets, name)


def test_does_no_reference_function_modify_its_inputs():
    X, Y, parameters = well_conditioned_case(2, (4, 5, 3, 1), 7)
    A3, cache = nets.forward_propagation(X, parameters)
    _, dropout_cache = ref.forward_propagation_with_dropout(X, parameters, 0.7,
                                                            np.random.default_rng(0))
    calls = [
        (ref.diagnose_bias_variance, (0.1, 0.2, 0.05), {}),
        (ref.compute_cost_with_regularization, (A3, Y, parameters, 0.3), {}),
        (ref.backward_propagation_with_regularization, (X, Y, cache, 0.3), {}),
        (ref.forward_propagation_with_dropout, (X, parameters, 0.7),
         {"rng": np.random.default_rng(1)}),
        (ref.backward_propagation_with_dropout, (X, Y, dropout_cache, 0.7), {}),
    ]
    for fn, args, kwargs in calls:
        before = copy.deepcopy(args)
        fn(*args, **kwargs)
        assert_same(args, before)
