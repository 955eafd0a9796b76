"""Questions about the given deep network of week 3 (optional batch norm, sigmoid or softmax)."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from autograder.reference import deep_nets as dn
from autograder.reference.numgrad import numerical_gradient, rel_error
from autograder.reference.w3_softmax import one_hot

TOL = 1e-7
MARGIN = 1e-3  # resample when a ReLU input is this close to its kink at 0


def make_case(layers_dims, m, output, batchnorm, mode, seed):
    """Random network, data and labels; resampled until no ReLU input sits near 0."""
    rng = np.random.default_rng(seed)
    for _ in range(100):
        parameters = dn.initialize_deep(layers_dims, rng, batchnorm=batchnorm)
        for key, value in parameters.items():  # non-trivial gamma, beta and biases
            if not key.startswith("W"):
                parameters[key] = value + rng.standard_normal(value.shape) * 0.5
        bn_state = None
        if batchnorm:
            bn_state = dn.initialize_bn_state(layers_dims)
            for key in bn_state:
                bn_state[key] = (rng.random(bn_state[key].shape) + 0.5 if "var" in key
                                 else rng.standard_normal(bn_state[key].shape))
        X = rng.standard_normal((layers_dims[0], m))
        n_L = layers_dims[-1]
        if output == "softmax":
            Y = one_hot(rng.integers(0, n_L, m), n_L)
        else:
            Y = (rng.random((n_L, m)) < 0.5).astype(np.float64)
        _, caches, _ = dn.deep_forward(X, parameters, output, batchnorm, bn_state, mode)
        if all(np.min(np.abs(c["Z_tilde"])) > MARGIN for c in caches[:-1]):
            return X, Y, parameters, bn_state
    raise RuntimeError("could not draw a case away from the ReLU kinks")


def worst_gradient_error(layers_dims, m, output, batchnorm, mode, seed):
    X, Y, parameters, bn_state = make_case(layers_dims, m, output, batchnorm, mode, seed)
    AL, caches, _ = dn.deep_forward(X, parameters, output, batchnorm, bn_state, mode)
    grads = dn.deep_backward(AL, Y, caches)
    assert sorted(grads) == sorted("d" + key for key in parameters)

    def cost():
        return dn.deep_cost(dn.deep_forward(X, parameters, output, batchnorm, bn_state, mode)[0],
                            Y, output)

    worst = 0.0
    for key, value in parameters.items():
        assert grads["d" + key].shape == value.shape
        worst = max(worst, rel_error(grads["d" + key], numerical_gradient(cost, value)))
    return worst


# Train-mode batch norm needs m >= 2 (with one example every normalized value is 0); m = 1 is
# checked without batch norm and with batch norm in test mode.
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("layers_dims, m, batchnorm, mode", [
    ([3, 2], 1, False, "train"),
    ([4, 5, 3], 1, False, "train"),
    ([4, 5, 3, 3], 6, False, "train"),
    ([4, 5, 4, 3], 6, True, "train"),
    ([3, 6, 2], 12, True, "train"),
    ([4, 5, 3, 3], 1, True, "test"),
    ([4, 5, 3, 3], 5, True, "test"),
])
def test_does_deep_backward_match_numerical_gradients(layers_dims, m, batchnorm, mode, output):
    seed = sum(layers_dims) * 100 + m
    assert worst_gradient_error(layers_dims, m, output, batchnorm, mode, seed) < TOL


def test_does_initialize_deep_draw_he_weights_in_order_with_zero_biases():
    dims = [5, 4, 3, 1]
    parameters = dn.initialize_deep(dims, np.random.default_rng(0))
    rng = np.random.default_rng(0)
    assert sorted(parameters) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for l in range(1, 4):
        expected = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2.0 / dims[l - 1])
        np.testing.assert_allclose(parameters[f"W{l}"], expected, rtol=1e-14)
        np.testing.assert_array_equal(parameters[f"b{l}"], np.zeros((dims[l], 1)))


def test_does_initialize_deep_give_hidden_layers_gamma_and_beta_instead_of_a_bias():
    parameters = dn.initialize_deep([5, 4, 3, 2], np.random.default_rng(0), batchnorm=True)
    assert sorted(parameters) == ["W1", "W2", "W3", "b3", "beta1", "beta2", "gamma1", "gamma2"]
    np.testing.assert_array_equal(parameters["gamma1"], np.ones((4, 1)))
    np.testing.assert_array_equal(parameters["beta2"], np.zeros((3, 1)))
    state = dn.initialize_bn_state([5, 4, 3, 2])
    assert sorted(state) == ["running_mean1", "running_mean2", "running_var1", "running_var2"]
    np.testing.assert_array_equal(state["running_mean2"], np.zeros((3, 1)))
    np.testing.assert_array_equal(state["running_var1"], np.ones((4, 1)))


def test_does_the_softmax_network_output_probabilities_per_column():
    X, _, parameters, _ = make_case([4, 6, 3], 7, "softmax", False, "train", 0)
    AL, _, state = dn.deep_forward(X, parameters, "softmax")
    assert AL.shape == (3, 7) and state is None
    np.testing.assert_allclose(AL.sum(axis=0), 1.0, rtol=1e-12)


def test_does_train_mode_update_the_running_statistics_of_the_first_layer():
    X, _, parameters, state = make_case([4, 5, 1], 8, "sigmoid", True, "train", 1)
    _, _, new_state = dn.deep_forward(X, parameters, "sigmoid", True, state, "train",
                                      momentum=0.8)
    Z1 = parameters["W1"] @ X  # no bias before batch norm
    np.testing.assert_allclose(new_state["running_mean1"],
                               0.8 * state["running_mean1"] + 0.2 * Z1.mean(axis=1, keepdims=True),
                               rtol=1e-12)
    np.testing.assert_allclose(new_state["running_var1"],
                               0.8 * state["running_var1"] + 0.2 * Z1.var(axis=1, keepdims=True),
                               rtol=1e-12)


def test_does_test_mode_keep_the_state_and_treat_each_example_alone():
    X, _, parameters, state = make_case([4, 5, 3, 1], 6, "sigmoid", True, "test", 2)
    AL, _, new_state = dn.deep_forward(X, parameters, "sigmoid", True, state, "test")
    for key in state:
        np.testing.assert_array_equal(new_state[key], state[key])
    one, _, _ = dn.deep_forward(X[:, 2:3], parameters, "sigmoid", True, state, "test")
    np.testing.assert_allclose(one, AL[:, 2:3], rtol=1e-13)


def test_do_the_network_functions_leave_their_inputs_unchanged():
    X, Y, parameters, state = make_case([4, 5, 3, 3], 6, "softmax", True, "train", 3)
    before = copy.deepcopy((X, Y, parameters, state))
    AL, caches, _ = dn.deep_forward(X, parameters, "softmax", True, state, "train")
    AL0 = AL.copy()
    dn.deep_backward(AL, Y, caches)
    dn.deep_cost(AL, Y, "softmax")
    for now, then in zip((X, Y), before[:2]):
        np.testing.assert_array_equal(now, then)
    for now, then in ((parameters, before[2]), (state, before[3])):
        assert sorted(now) == sorted(then)
        for key in now:
            np.testing.assert_array_equal(now[key], then[key])
    np.testing.assert_array_equal(AL, AL0)


def test_does_deep_cost_give_the_hand_worked_values():
    # sigmoid: -(log 0.5 + log(1 - 0.2)) / 2; softmax: -log 0.25
    assert dn.deep_cost(np.array([[0.5, 0.2]]), np.array([[1.0, 0.0]]), "sigmoid") == pytest.approx(
        -(np.log(0.5) + np.log(0.8)) / 2, rel=1e-14)
    assert dn.deep_cost(np.array([[0.25], [0.75]]), np.array([[1.0], [0.0]]),
                        "softmax") == pytest.approx(np.log(4.0), rel=1e-14)


def test_is_the_sigmoid_output_finite_and_silent_for_huge_scores():
    parameters = {"W1": np.array([[1.0]]), "b1": np.zeros((1, 1))}
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        AL, _, _ = dn.deep_forward(np.array([[-1000.0, 1000.0]]), parameters, "sigmoid")
    np.testing.assert_array_equal(AL, [[0.0, 1.0]])


def test_do_the_network_functions_reject_bad_arguments():
    parameters = dn.initialize_deep([3, 4, 1], np.random.default_rng(0), batchnorm=True)
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match="output"):
        dn.deep_forward(X, parameters, "tanh", batchnorm=True)
    with pytest.raises(ValueError, match="bn_state"):
        dn.deep_forward(X, parameters, "sigmoid", batchnorm=True, mode="test")
    with pytest.raises(KeyError, match="b1"):
        dn.deep_forward(X, parameters, "sigmoid", batchnorm=False)
    with pytest.raises(ValueError, match="W1"):
        dn.deep_forward(X, {"b1": np.zeros((1, 1))}, "sigmoid")
    with pytest.raises(ValueError, match="layer sizes"):
        dn.initialize_deep([3, 0, 1], np.random.default_rng(0))
    with pytest.raises(TypeError, match="Generator"):
        dn.initialize_deep([3, 1], None)
    with pytest.raises(ValueError, match="same shape"):
        dn.deep_backward(np.zeros((1, 2)), np.zeros((1, 3)), [])
