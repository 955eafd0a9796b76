"""Questions about the week-1 reference: gradient checking."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from helpers import well_conditioned_case

from autograder.reference import w1_gradient_checking as ref
from course import nets

PARAM_NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]


# --- the 1-D example ------------------------------------------------------------------------

@pytest.mark.parametrize("x, theta", [(2.0, 4.0), (-3.5, 0.25), (1e-3, 100.0)])
def test_is_the_1d_check_small_for_the_right_derivative(x, theta):
    difference = ref.gradient_check_1d(x, theta)
    assert isinstance(difference, float)
    assert difference < 1e-7


def test_does_the_1d_check_give_one_third_for_a_derivative_twice_too_big(monkeypatch):
    # ||2x - x|| / (||2x|| + ||x||) = 1/3
    monkeypatch.setattr(ref, "backward_propagation_1d", lambda x, theta: 2 * x)
    assert ref.gradient_check_1d(3.0, 4.0) == pytest.approx(1 / 3, rel=1e-6)


def test_is_the_1d_check_zero_when_both_gradients_are_zero():
    assert ref.gradient_check_1d(0.0, 4.0) == 0.0


# --- the 3-layer network --------------------------------------------------------------------

@pytest.mark.parametrize("seed, dims, m", [
    (0, (2, 3, 2, 1), 1),
    (1, (4, 5, 3, 1), 3),
    (2, (4, 5, 3, 1), 10),
])
def test_does_gradient_check_n_accept_the_right_gradients_and_catch_the_bugs(seed, dims, m):
    X, Y, parameters = well_conditioned_case(seed, dims, m)
    _, cache = nets.forward_propagation(X, parameters)
    right = ref.gradient_check_n(parameters, nets.backward_propagation(X, Y, cache), X, Y)
    wrong = ref.gradient_check_n(parameters, nets.backward_propagation_with_bugs(X, Y, cache), X, Y)
    assert isinstance(right, float)
    assert right < 1e-7
    assert wrong > 1e-3


def test_does_gradient_check_n_follow_the_relative_difference_formula():
    # with g the true gradient: zeros give ||g|| / ||g|| = 1, and 2g gives ||g|| / (3||g||) = 1/3
    X, Y, parameters = well_conditioned_case(1, (4, 5, 3, 1), 3)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    zeros = {key: np.zeros_like(value) for key, value in grads.items()}
    doubled = {key: 2 * value for key, value in grads.items()}
    assert ref.gradient_check_n(parameters, zeros, X, Y) == pytest.approx(1.0, rel=1e-12)
    assert ref.gradient_check_n(parameters, doubled, X, Y) == pytest.approx(1 / 3, rel=1e-6)


def test_is_gradient_check_n_two_sided_so_a_large_epsilon_still_gives_a_small_difference():
    # two-sided error is O(eps^2) ~ 1e-7 at eps = 1e-3; a one-sided difference would give O(eps)
    X, Y, parameters = well_conditioned_case(3, (4, 5, 3, 1), 5, margin=0.05)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    assert ref.gradient_check_n(parameters, grads, X, Y, epsilon=1e-3) < 1e-5


def test_does_gradient_check_n_catch_one_wrong_entry():
    X, Y, parameters = well_conditioned_case(2, (4, 5, 3, 1), 10)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    grads["db2"] = grads["db2"].copy()
    grads["db2"][1, 0] += 0.05
    assert ref.gradient_check_n(parameters, grads, X, Y) > 1e-3


def test_does_gradient_check_n_ignore_the_insertion_order_of_the_dicts():
    X, Y, parameters = well_conditioned_case(1, (4, 5, 3, 1), 3)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    shuffled = {name: parameters[name] for name in ["b3", "W2", "b1", "W3", "W1", "b2"]}
    assert ref.gradient_check_n(shuffled, grads, X, Y) < 1e-7


def test_does_the_module_re_export_the_given_pieces():
    for name in ("forward_propagation_1d", "backward_propagation_1d", "dictionary_to_vector",
                 "vector_to_dictionary", "gradients_to_vector"):
        assert name in ref.__all__ and getattr(ref, name) is getattr(nets, name)


def test_does_no_reference_function_modify_its_inputs():
    X, Y, parameters = well_conditioned_case(1, (4, 5, 3, 1), 3)
    _, cache = nets.forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    args = (parameters, grads, X, Y)
    before = copy.deepcopy(args)
    ref.gradient_check_n(*args)
    for got, expected in zip(args, before):
        if isinstance(got, dict):
            assert list(got) == list(expected)
            for key in got:
                np.testing.assert_array_equal(got[key], expected[key])
        else:
            np.testing.assert_array_equal(got, expected)
