"""Questions about the given network pieces of week 1 (course/nets.py)."""
from __future__ import annotations

import copy
import warnings

import numpy as np
import pytest
from helpers import assert_same, well_conditioned_case
from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.reference.numgrad import numerical_gradient, rel_error
from course import nets

GRAD_KEYS = {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}
PARAM_NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]


def tiny_network():
    """A hand-worked 1-1-1-1 network on two examples.

    Z1 = 2x + 0.5 = [2.5, -3.5], A1 = [2.5, 0]; Z2 = -A1 + 3 = [0.5, 3], A2 = [0.5, 3];
    Z3 = 2 A2 - 1 = [0, 5], A3 = [0.5, 1/(1+e^-5)].
    """
    X = np.array([[1.0, -2.0]])
    parameters = {"W1": np.array([[2.0]]), "b1": np.array([[0.5]]),
                  "W2": np.array([[-1.0]]), "b2": np.array([[3.0]]),
                  "W3": np.array([[2.0]]), "b3": np.array([[-1.0]])}
    return X, parameters


CASES = [  # (seed, layers dims, m): several shapes, including m = 1 and one-unit layers
    (0, (2, 3, 2, 1), 1),
    (1, (4, 5, 3, 1), 1),
    (2, (4, 5, 3, 1), 7),
    (3, (3, 1, 1, 1), 4),
    (4, (5, 6, 4, 1), 12),
]


# --- activations ---------------------------------------------------------------------------

def test_does_sigmoid_match_its_formula_on_moderate_values():
    Z = np.linspace(-20, 20, 41).reshape(1, -1)
    np.testing.assert_allclose(nets.sigmoid(Z), 1.0 / (1.0 + np.exp(-Z)), rtol=1e-14)
    assert nets.sigmoid(np.array([[0.0]]))[0, 0] == 0.5


def test_is_sigmoid_stable_and_silent_for_huge_inputs():
    Z = np.array([[-1e4, -800.0, -50.0, 50.0, 800.0, 1e4]])
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        A = nets.sigmoid(Z)
    assert np.all(np.isfinite(A)) and np.all((A >= 0) & (A <= 1))
    assert A[0, -1] == 1.0 and A[0, 0] == 0.0
    np.testing.assert_allclose(A[0, 2], np.exp(-50.0), rtol=1e-12)  # sigma(-50) ~ e^-50


def test_is_sigmoid_symmetric():
    Z = np.random.default_rng(0).normal(scale=10, size=(3, 5))
    np.testing.assert_allclose(nets.sigmoid(-Z), 1.0 - nets.sigmoid(Z), atol=1e-15)


def test_does_relu_zero_the_negatives_only():
    Z = np.array([[-2.0, -0.0, 0.0, 1.5]])
    np.testing.assert_array_equal(nets.relu(Z), [[0.0, 0.0, 0.0, 1.5]])
    assert nets.relu(Z).dtype == np.float64


# --- the given initialization -------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(dims=st.lists(st.integers(1, 12), min_size=2, max_size=5), seed=st.integers(0, 2**32 - 1))
def test_does_the_uniform_init_follow_its_documented_draws(dims, seed):
    parameters = nets.initialize_parameters_uniform(dims, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)
    assert list(parameters) == [f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"]
    for l in range(1, len(dims)):
        r = np.sqrt(6.0 / (dims[l - 1] + dims[l]))
        W = parameters[f"W{l}"]
        np.testing.assert_array_equal(W, rng.uniform(-r, r, (dims[l], dims[l - 1])))
        assert W.dtype == np.float64 and np.all(np.abs(W) <= r)
        np.testing.assert_array_equal(parameters[f"b{l}"], np.zeros((dims[l], 1)))


def test_has_the_uniform_init_the_glorot_spread_on_a_large_layer():
    W = nets.initialize_parameters_uniform([1000, 1000], np.random.default_rng(1))["W1"]
    target = np.sqrt(6.0 / 2000) / np.sqrt(3.0)  # std of U(-r, r) is r / sqrt(3)
    assert abs(W.std() / target - 1) < 0.02
    assert abs(W.mean()) < 0.02 * target


# --- the 3-layer network --------------------------------------------------------------------

def test_does_forward_propagation_give_the_hand_worked_values():
    X, parameters = tiny_network()
    A3, cache = nets.forward_propagation(X, parameters)
    assert len(cache) == 12
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3_cached, W3, b3 = cache
    np.testing.assert_allclose(Z1, [[2.5, -3.5]])
    np.testing.assert_allclose(A1, [[2.5, 0.0]])
    np.testing.assert_allclose(Z2, [[0.5, 3.0]])
    np.testing.assert_allclose(A2, [[0.5, 3.0]])
    np.testing.assert_allclose(Z3, [[0.0, 5.0]])
    np.testing.assert_allclose(A3, [[0.5, 1.0 / (1.0 + np.exp(-5.0))]], rtol=1e-14)
    np.testing.assert_array_equal(A3_cached, A3)
    for got, name in zip((W1, b1, W2, b2, W3, b3), PARAM_NAMES):
        np.testing.assert_array_equal(got, parameters[name])


@pytest.mark.parametrize("seed, dims, m", CASES)
def test_does_backward_propagation_match_the_numerical_gradient(seed, dims, m):
    X, Y, parameters = well_conditioned_case(seed, dims, m)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    assert set(grads) == GRAD_KEYS

    def cost():
        return nets.compute_cost(nets.forward_propagation(X, parameters)[0], Y)

    for name in PARAM_NAMES:
        numeric = numerical_gradient(cost, parameters[name])
        assert grads["d" + name].shape == parameters[name].shape
        assert rel_error(grads["d" + name], numeric) < 1e-7, name


def test_does_the_bugged_backward_pass_disagree_with_the_numerical_gradient():
    X, Y, parameters = well_conditioned_case(2, (4, 5, 3, 1), 7)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation_with_bugs(X, Y, cache)
    assert set(grads) == GRAD_KEYS

    def cost():
        return nets.compute_cost(nets.forward_propagation(X, parameters)[0], Y)

    errors = {name: rel_error(grads["d" + name], numerical_gradient(cost, parameters[name]))
              for name in PARAM_NAMES}
    assert max(errors.values()) > 1e-3
    assert sum(err > 1e-3 for err in errors.values()) >= 2  # more than one planted bug


def test_does_compute_cost_give_the_hand_worked_values():
    assert nets.compute_cost(np.array([[0.5, 0.5]]), np.array([[1.0, 0.0]])) == pytest.approx(
        np.log(2.0), rel=1e-14)
    # -(log 0.8 + log(1 - 0.3)) / 2
    expected = -(np.log(0.8) + np.log(0.7)) / 2
    got = nets.compute_cost(np.array([[0.8, 0.3]]), np.array([[1.0, 0.0]]))
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-14)


def test_is_compute_cost_finite_and_silent_when_the_sigmoid_saturates():
    with warnings.catch_warnings(), np.errstate(over="raise", divide="raise", invalid="raise"):
        warnings.simplefilter("error")
        wrong = nets.compute_cost(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))
        right = nets.compute_cost(np.array([[1.0, 0.0]]), np.array([[1.0, 0.0]]))
    assert np.isfinite(wrong) and wrong > 30
    assert 0 <= right < 1e-12


def test_do_predict_and_accuracy_threshold_at_one_half():
    X, parameters = tiny_network()  # A3 = [0.5, 0.993]: 0.5 is not > 0.5
    labels = nets.predict(X, parameters)
    assert labels.dtype == np.int64 and labels.shape == (1, 2)
    np.testing.assert_array_equal(labels, [[0, 1]])
    assert nets.accuracy(X, np.array([[0, 1]]), parameters) == 1.0
    assert nets.accuracy(X, np.array([[0, 0]]), parameters) == 0.5
    assert isinstance(nets.accuracy(X, np.array([[1, 0]]), parameters), float)


def test_do_forward_activations_agree_with_the_3_layer_forward_pass():
    X, _, parameters = well_conditioned_case(4, (5, 6, 4, 1), 12)
    activations = nets.forward_activations(X, parameters, "relu")
    _, cache = nets.forward_propagation(X, parameters)
    assert len(activations) == 3
    for got, expected in zip(activations, (cache[1], cache[5], cache[9])):
        np.testing.assert_allclose(got, expected, rtol=1e-14)


@pytest.mark.parametrize("activation, g", [
    ("tanh", np.tanh),
    ("sigmoid", lambda z: 1.0 / (1.0 + np.exp(-z))),
    ("relu", lambda z: max(z, 0.0)),
])
def test_do_forward_activations_use_the_hidden_activation_and_a_sigmoid_output(activation, g):
    # A1 = g(1 * 0.5 - 1), A2 = sigmoid(2 * A1)
    X = np.array([[0.5]])
    parameters = {"W1": np.array([[1.0]]), "b1": np.array([[-1.0]]),
                  "W2": np.array([[2.0]]), "b2": np.array([[0.0]])}
    A1, A2 = nets.forward_activations(X, parameters, activation)
    assert A1[0, 0] == pytest.approx(g(-0.5), rel=1e-14)
    assert A2[0, 0] == pytest.approx(1.0 / (1.0 + np.exp(-2.0 * g(-0.5))), rel=1e-14)


def test_do_forward_activations_handle_a_deep_net_and_reject_unknown_activations():
    dims = [6] + [8] * 9 + [1]
    parameters = nets.initialize_parameters_uniform(dims, np.random.default_rng(0))
    X = np.random.default_rng(1).standard_normal((6, 20))
    activations = nets.forward_activations(X, parameters, "tanh")
    assert [a.shape for a in activations] == [(n, 20) for n in dims[1:]]
    with pytest.raises(ValueError):
        nets.forward_activations(X, parameters, "softplus")


# --- flattening for gradient checking -------------------------------------------------------

def random_parameters(dims, seed):
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape)
            for l in range(1, len(dims))
            for name, shape in ((f"W{l}", (dims[l], dims[l - 1])), (f"b{l}", (dims[l], 1)))}


@settings(max_examples=40, deadline=None)
@given(dims=st.lists(st.integers(1, 7), min_size=2, max_size=12), seed=st.integers(0, 2**16))
def test_do_dictionary_to_vector_and_back_round_trip(dims, seed):
    parameters = random_parameters(dims, seed)
    theta, keys = nets.dictionary_to_vector(parameters)
    n = sum(v.size for v in parameters.values())
    assert theta.shape == (n, 1) and theta.dtype == np.float64 and len(keys) == n
    back = nets.vector_to_dictionary(theta, {k: v.shape for k, v in parameters.items()})
    assert list(back) == list(parameters)
    for name, value in parameters.items():
        np.testing.assert_array_equal(back[name], value)
    # layer order W1, b1, W2, b2, ..., each flattened row-major; keys name each entry
    expected = np.concatenate([parameters[f"{p}{l}"].ravel()
                               for l in range(1, len(dims)) for p in "Wb"])
    np.testing.assert_array_equal(theta[:, 0], expected)
    assert keys == [f"{p}{l}" for l in range(1, len(dims)) for p in "Wb"
                    for _ in range(parameters[f"{p}{l}"].size)]


def test_does_flattening_ignore_the_insertion_order_of_the_dict():
    parameters = random_parameters([3, 4, 2, 1], 0)
    shuffled = {name: parameters[name] for name in ["b2", "W3", "W1", "b3", "W2", "b1"]}
    np.testing.assert_array_equal(nets.dictionary_to_vector(shuffled)[0],
                                  nets.dictionary_to_vector(parameters)[0])
    theta = nets.dictionary_to_vector(parameters)[0]
    back = nets.vector_to_dictionary(theta, {k: v.shape for k, v in shuffled.items()})
    for name in parameters:
        np.testing.assert_array_equal(back[name], parameters[name])


def test_does_vector_to_dictionary_return_new_arrays_and_check_the_size():
    parameters = random_parameters([2, 3, 1], 0)
    theta, _ = nets.dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}
    back = nets.vector_to_dictionary(theta, shapes)
    back["W1"][0, 0] += 1.0
    assert theta[0, 0] == parameters["W1"][0, 0]
    with pytest.raises(ValueError):
        nets.vector_to_dictionary(theta[:-1], shapes)


def test_does_gradients_to_vector_stack_dW_db_like_the_parameters():
    X, Y, parameters = well_conditioned_case(1, (4, 5, 3, 1), 3)
    grads = nets.backward_propagation(X, Y, nets.forward_propagation(X, parameters)[1])
    as_parameters = {name: grads["d" + name] for name in PARAM_NAMES}
    np.testing.assert_array_equal(nets.gradients_to_vector(grads),
                                  nets.dictionary_to_vector(as_parameters)[0])
    assert nets.gradients_to_vector(grads).shape == (sum(v.size for v in parameters.values()), 1)


def test_is_the_1d_example_linear_with_derivative_x():
    assert nets.forward_propagation_1d(3.0, 4.0) == 12.0
    assert nets.backward_propagation_1d(3.0, 4.0) == 3.0


# --- purity ---------------------------------------------------------------------------------

def test_does_no_given_function_modify_its_inputs():
    X, Y, parameters = well_conditioned_case(2, (4, 5, 3, 1), 7)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    theta, _ = nets.dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}
    calls = [
        (nets.sigmoid, (X,)),
        (nets.relu, (X,)),
        (nets.forward_propagation, (X, parameters)),
        (nets.backward_propagation, (X, Y, cache)),
        (nets.backward_propagation_with_bugs, (X, Y, cache)),
        (nets.compute_cost, (cache[9], Y)),
        (nets.predict, (X, parameters)),
        (nets.accuracy, (X, Y, parameters)),
        (nets.forward_activations, (X, parameters, "tanh")),
        (nets.dictionary_to_vector, (parameters,)),
        (nets.vector_to_dictionary, (theta, shapes)),
        (nets.gradients_to_vector, (grads,)),
    ]
    for fn, args in calls:
        before = copy.deepcopy(args)
        fn(*args)
        assert_same(args, before)
