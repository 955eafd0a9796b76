"""Questions about the hidden tests of w1_gradient_checking and the lesson's given helpers.

Correct solutions written in other ways (other order of operations, loops over the parameter
dict, sqrt(sum(d**2)) instead of np.linalg.norm, in-place perturbation that is undone, their own
cross-entropy) must keep full marks: the relative difference of a right gradient is rounding
noise, so they never return exactly the reference's number.
"""
from __future__ import annotations

import io
import math

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from autograder.harness import grade, prepare
from autograder.harness.runner import call_case
from autograder.harness.spec import get_task
from autograder.reference import w1_gradient_checking as ref
from course import checks, nets
from course.gradcheck import check_each_parameter, check_with, swapped, well_conditioned_case
from course.nets import (
    backward_propagation_1d,
    compute_cost,
    dictionary_to_vector,
    forward_propagation,
    forward_propagation_1d,
    gradients_to_vector,
    vector_to_dictionary,
)

matplotlib.use("Agg")
SEEDS = (0, 1, 2, 3, 4, 5)


def score(task_id, fn, seed):
    out = io.StringIO()
    points = grade(task_id, {get_task(task_id).function: fn}, seed=seed, out=out)
    return points, out.getvalue()


# --- correct-but-different solutions of Task 1.11 --------------------------------------------

def check_1d_abs(x, theta, epsilon=1e-7):
    """abs() instead of norms, / 2 / epsilon."""
    gradapprox = (forward_propagation_1d(x, theta + epsilon)
                  - forward_propagation_1d(x, theta - epsilon)) / 2 / epsilon
    grad = backward_propagation_1d(x, theta)
    return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))


def check_1d_in_place(x, theta, epsilon=1e-7):
    """theta moved in place and moved back (theta + eps - 2 eps + eps)."""
    theta += epsilon
    J_plus = forward_propagation_1d(x, theta)
    theta -= 2 * epsilon
    J_minus = forward_propagation_1d(x, theta)
    theta += epsilon
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def check_1d_split(x, theta, epsilon=1e-7):
    """Each cost divided by 2 eps before the subtraction; sqrt of squares; a numpy float."""
    gradapprox = (forward_propagation_1d(x, theta + epsilon) / (2 * epsilon)
                  - forward_propagation_1d(x, theta - epsilon) / (2 * epsilon))
    grad = backward_propagation_1d(x, theta)
    return np.sqrt((grad - gradapprox) ** 2) / (np.sqrt(grad ** 2) + np.sqrt(gradapprox ** 2))


def check_1d_math(x, theta, epsilon=1e-7):
    """Costs written out, math.fabs, gradapprox - grad."""
    J_plus, J_minus = x * (theta + epsilon), x * (theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation_1d(x, theta)
    return math.fabs(gradapprox - grad) / (math.fabs(grad) + math.fabs(gradapprox))


def check_1d_array(x, theta, epsilon=1e-7):
    """Everything as 1-element arrays; returns a 0-d numpy array."""
    thetas = np.array([theta + epsilon, theta - epsilon])
    J = forward_propagation_1d(np.array(x), thetas)
    gradapprox = np.array([(J[0] - J[1]) / (2 * epsilon)])
    grad = np.array([backward_propagation_1d(x, theta)])
    return np.asarray(np.linalg.norm(grad - gradapprox)
                      / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


CORRECT_1D = [check_1d_abs, check_1d_in_place, check_1d_split, check_1d_math, check_1d_array]


# --- correct-but-different solutions of Task 1.12 --------------------------------------------

def check_n_sqrt(parameters, gradients, X, Y, epsilon=1e-7):
    """theta_plus[i][0] += epsilon; / 2 / epsilon; sqrt(sum(d**2)) norms."""
    theta, _ = dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros((theta.shape[0], 1))
    for i in range(theta.shape[0]):
        theta_plus = np.copy(theta)
        theta_plus[i][0] += epsilon
        J_plus = compute_cost(forward_propagation(X, vector_to_dictionary(theta_plus, shapes))[0], Y)
        theta_minus = np.copy(theta)
        theta_minus[i][0] -= epsilon
        J_minus = compute_cost(forward_propagation(X, vector_to_dictionary(theta_minus, shapes))[0],
                               Y)
        gradapprox[i] = (J_plus - J_minus) / 2 / epsilon
    numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))
    return numerator / (np.sqrt(np.sum(grad ** 2)) + np.sqrt(np.sum(gradapprox ** 2)))


def check_n_dict_loop(parameters, gradients, X, Y, epsilon=1e-7):
    """No flattening helpers: perturb each entry of each array of the dict, in dict order."""
    grad, gradapprox = [], []
    for name in parameters:
        for index in np.ndindex(parameters[name].shape):
            plus = {k: v.copy() for k, v in parameters.items()}
            minus = {k: v.copy() for k, v in parameters.items()}
            plus[name][index] += epsilon
            minus[name][index] -= epsilon
            J_plus = compute_cost(forward_propagation(X, plus)[0], Y)
            J_minus = compute_cost(forward_propagation(X, minus)[0], Y)
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
            grad.append(gradients["d" + name][index])
    grad, gradapprox = np.array(grad), np.array(gradapprox)
    return float(np.linalg.norm(grad - gradapprox)
                 / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


def check_n_unit_vectors(parameters, gradients, X, Y, epsilon=1e-7):
    """theta +- epsilon * e_i with columns of the identity; costs in arrays; g_approx - g."""
    theta, keys = dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}
    identity = np.eye(len(keys))
    J_plus, J_minus = np.zeros(len(keys)), np.zeros(len(keys))
    for i in range(len(keys)):
        step = epsilon * identity[:, [i]]
        J_plus[i] = compute_cost(forward_propagation(X, vector_to_dictionary(theta + step, shapes))[0],
                                 Y)
        J_minus[i] = compute_cost(
            forward_propagation(X, vector_to_dictionary(theta - step, shapes))[0], Y)
    gradapprox = ((J_plus - J_minus) / (2 * epsilon)).reshape(-1, 1)
    grad = gradients_to_vector(gradients)
    return np.linalg.norm(gradapprox - grad) / (np.linalg.norm(gradapprox) + np.linalg.norm(grad))


def check_n_in_place(parameters, gradients, X, Y, epsilon=1e-7):
    """theta[i] moved in place and moved back, as many students write it."""
    theta, _ = dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}
    gradapprox = np.zeros_like(theta)
    for i in range(len(theta)):
        theta[i] += epsilon
        J_plus = compute_cost(forward_propagation(X, vector_to_dictionary(theta, shapes))[0], Y)
        theta[i] -= 2 * epsilon
        J_minus = compute_cost(forward_propagation(X, vector_to_dictionary(theta, shapes))[0], Y)
        theta[i] += epsilon
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    grad = gradients_to_vector(gradients)
    return float(np.linalg.norm(grad - gradapprox)
                 / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


def check_n_own_cost(parameters, gradients, X, Y, epsilon=1e-7):
    """Their own cross-entropy with np.mean instead of compute_cost."""
    theta, _ = dictionary_to_vector(parameters)
    shapes = {k: v.shape for k, v in parameters.items()}

    def J(vector):
        A3, _ = forward_propagation(X, vector_to_dictionary(vector, shapes))
        return -np.mean(Y * np.log(A3) + (1 - Y) * np.log(1 - A3))

    gradapprox = np.zeros(theta.shape)
    for i in range(theta.shape[0]):
        theta_plus, theta_minus = theta.copy(), theta.copy()
        theta_plus[i, 0] = theta[i, 0] + epsilon
        theta_minus[i, 0] = theta[i, 0] - epsilon
        gradapprox[i, 0] = (J(theta_plus) - J(theta_minus)) / (2 * epsilon)
    grad = gradients_to_vector(gradients)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def check_n_flat(parameters, gradients, X, Y, epsilon=1e-7):
    """Flat (n,) vectors throughout, costs divided before subtracting, dot-product norms."""
    theta = dictionary_to_vector(parameters)[0].ravel()
    shapes = {k: np.shape(v) for k, v in parameters.items()}
    grad = gradients_to_vector(gradients).ravel()
    gradapprox = np.empty_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = epsilon
        J_plus = compute_cost(forward_propagation(X, vector_to_dictionary(theta + step, shapes))[0], Y)
        J_minus = compute_cost(forward_propagation(X, vector_to_dictionary(theta - step, shapes))[0],
                               Y)
        gradapprox[i] = J_plus / (2 * epsilon) - J_minus / (2 * epsilon)
    d = grad - gradapprox
    return float(np.sqrt(d @ d) / (np.sqrt(grad @ grad) + np.sqrt(gradapprox @ gradapprox)))


CORRECT_N = [check_n_sqrt, check_n_dict_loop, check_n_unit_vectors, check_n_in_place,
             check_n_own_cost, check_n_flat]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", CORRECT_1D, ids=lambda f: f.__name__)
def test_does_a_correct_1d_check_written_another_way_keep_full_marks(fn, seed):
    points, text = score("1.11", fn, seed)
    assert points == 2, text


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", CORRECT_N, ids=lambda f: f.__name__)
def test_does_a_correct_n_d_check_written_another_way_keep_full_marks(fn, seed):
    points, text = score("1.12", fn, seed)
    assert points == 3, text


def test_do_correct_checks_stay_far_inside_the_tolerance_on_many_seeds():
    # The task module's docstring states this margin (measured there on 300 seeds); 12 seeds
    # and three ways of rounding keep this test quick.
    fast_n = [check_n_sqrt, check_n_own_cost, check_n_flat]
    for task_id, variants in (("1.11", CORRECT_1D), ("1.12", fast_n)):
        task = get_task(task_id)
        for seed in range(100, 112):
            prepared = prepare(task, seed)
            for case, expected in zip(prepared.cases, prepared.expected):
                for fn in variants:
                    got = float(call_case(fn, case))
                    bound = task.tol.atol + task.tol.rtol * abs(expected)
                    assert abs(got - expected) < bound / 10, (task_id, seed, case.label, fn)


def test_do_the_hidden_cases_hold_both_right_and_wrong_gradients():
    prepared = prepare(get_task("1.12"), 7)
    small = [e for e in prepared.expected if e < 1e-5]
    large = [e for e in prepared.expected if e > 1e-2]
    assert len(small) >= 3 and len(large) >= 5
    assert sum(1 for c in prepared.cases if c.kwargs.get("epsilon") == 1e-2) > len(prepared.cases) / 2


@pytest.mark.parametrize("constant", [0.0, 1e-9, 1e-7])
def test_does_a_check_that_returns_a_constant_small_number_fail_the_n_d_task(constant):
    for seed in (1, 2, 3):
        points, text = score("1.12", lambda *args, **kwargs: constant, seed)
        assert points <= 1.5, text


def check_1d_own_derivative(x, theta, epsilon=1e-7):
    """Compares g_approx with x, the derivative it knows, instead of the function it checks."""
    gradapprox = (forward_propagation_1d(x, theta + epsilon)
                  - forward_propagation_1d(x, theta - epsilon)) / (2 * epsilon)
    return abs(x - gradapprox) / (abs(x) + abs(gradapprox))


def check_1d_module_attribute(x, theta, epsilon=1e-7):
    """Calls nets.backward_propagation_1d: the swapped name never reaches it."""
    gradapprox = (forward_propagation_1d(x, theta + epsilon)
                  - forward_propagation_1d(x, theta - epsilon)) / (2 * epsilon)
    grad = nets.backward_propagation_1d(x, theta)
    return abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))


@pytest.mark.parametrize("fn", [lambda *args, **kwargs: 0.0, lambda *args, **kwargs: 1e-9,
                                check_1d_own_derivative, check_1d_module_attribute],
                         ids=["0.0", "1e-9", "own derivative", "nets.backward_propagation_1d"])
def test_does_a_1d_check_that_ignores_the_derivative_it_is_given_lose_half(fn):
    # J = theta * x and its derivative x are fixed, so with the right derivative the answer is
    # always tiny; the cases with a buggy backward_propagation_1d are what a constant fails.
    for seed in SEEDS:
        points, text = score("1.11", fn, seed)
        assert points == 1, text
        assert "Known mistake: the derivative does not come from backward_propagation_1d" in text


def test_does_every_1d_case_with_a_swapped_derivative_give_its_bug_back():
    prepared = prepare(get_task("1.11"), 4)
    swapped_cases = [(c, e) for c, e in zip(prepared.cases, prepared.expected) if c.swap]
    assert len(swapped_cases) == 6 and all(e >= 0.1 for _, e in swapped_cases)
    for case, _ in swapped_cases:
        assert ref.gradient_check_1d(*case.args) < 1e-7  # the bug is gone after the case


def test_does_one_sided_differencing_really_need_the_large_epsilon_cases():
    one_sided = get_task("1.12").mistakes[0]
    assert one_sided.name == "one-sided differences"
    prepared = prepare(get_task("1.12"), 3)
    tol = get_task("1.12").tol
    for case, expected in zip(prepared.cases, prepared.expected):
        got = one_sided.fn(*case.args, **case.kwargs)
        if "epsilon" not in case.kwargs:
            assert abs(got - expected) <= tol.atol + tol.rtol * abs(expected)


# --- the expected outputs printed in the lesson -----------------------------------------------

def test_are_the_lessons_expected_outputs_the_references():
    assert ref.gradient_check_1d(2.0, 4.0) < 1e-7
    with swapped(ref.gradient_check_1d.__globals__,
                 backward_propagation_1d=lambda x, theta: 2 * x):
        assert ref.gradient_check_1d(2.0, 4.0) == pytest.approx(1 / 3, abs=1e-7)
    X, Y, parameters = well_conditioned_case(np.random.default_rng(2), [4, 5, 3, 1], m=3)
    _, cache = forward_propagation(X, parameters)
    right = nets.backward_propagation(X, Y, cache)
    bugs = nets.backward_propagation_with_bugs(X, Y, cache)
    assert ref.gradient_check_n(parameters, right, X, Y) < 1e-7
    assert f"{ref.gradient_check_n(parameters, right, X, Y, epsilon=1e-2):.4e}" == "1.9428e-06"
    assert f"{ref.gradient_check_n(parameters, bugs, X, Y):.8f}" == "0.28139793"


# --- course.gradcheck ---------------------------------------------------------------------------

def test_does_swapped_restore_every_name_even_after_an_error():
    namespace = {"a": 1}
    with pytest.raises(ZeroDivisionError), swapped(namespace, a=2, b=3):
        assert namespace == {"a": 2, "b": 3}
        1 / 0  # noqa: B018
    assert namespace == {"a": 1}


def test_does_check_each_parameter_find_exactly_the_planted_bugs():
    X, Y, parameters = well_conditioned_case(np.random.default_rng(2), [4, 5, 3, 1], m=3)
    _, cache = forward_propagation(X, parameters)
    right = check_each_parameter(ref.gradient_check_n, parameters,
                                 nets.backward_propagation(X, Y, cache), X, Y)
    bugs = check_each_parameter(ref.gradient_check_n, parameters,
                                nets.backward_propagation_with_bugs(X, Y, cache), X, Y)
    assert list(right) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert max(right.values()) < 1e-7
    assert bugs["W2"] == pytest.approx(1 / 3, abs=1e-6)  # twice too large
    assert bugs["b1"] == pytest.approx(3 / 5, abs=1e-6)  # four times too large
    assert all(bugs[k] < 1e-7 for k in ("W1", "b2", "W3", "b3"))
    assert ref.gradient_check_n.__globals__["dictionary_to_vector"] is dictionary_to_vector


def test_does_check_with_run_the_check_with_another_cost_and_forward_pass():
    X, Y, parameters = well_conditioned_case(np.random.default_rng(4), [3, 4, 2, 1], m=5)
    _, cache = forward_propagation(X, parameters)
    grads = nets.backward_propagation(X, Y, cache)
    lambd, m = 0.5, X.shape[1]

    def cost_l2(A3, Y_, params):
        return nets.compute_cost(A3, Y_) + lambd / (2 * m) * sum(
            np.sum(params[k] ** 2) for k in ("W1", "W2", "W3"))

    grads_l2 = dict(grads, **{f"dW{l}": grads[f"dW{l}"] + lambd / m * parameters[f"W{l}"]
                              for l in (1, 2, 3)})
    assert ref.gradient_check_n(parameters, grads_l2, X, Y) > 1e-3
    assert check_with(ref.gradient_check_n, parameters, grads_l2, X, Y, cost=cost_l2) < 1e-7
    rng = np.random.default_rng(0)

    def noisy_forward(X_, params):
        A3, c = nets.forward_propagation(X_, params)
        return A3 * (1 + 0.01 * rng.standard_normal(A3.shape)), c

    assert check_with(ref.gradient_check_n, parameters, grads, X, Y, forward=noisy_forward) > 0.5
    assert ref.gradient_check_n.__globals__["forward_propagation"] is nets.forward_propagation
    assert ref.gradient_check_n.__globals__["compute_cost"] is nets.compute_cost


@pytest.mark.parametrize("dims, m", [([2, 3, 2, 1], 1), ([1, 1, 1, 1], 4), ([4, 5, 3, 1], 12)])
def test_does_well_conditioned_case_keep_relu_inputs_away_from_zero(dims, m):
    X, Y, parameters = well_conditioned_case(np.random.default_rng(9), dims, m, margin=0.05)
    again = well_conditioned_case(np.random.default_rng(9), dims, m, margin=0.05)
    assert np.array_equal(X, again[0]) and np.array_equal(Y, again[1])
    assert X.shape == (dims[0], m) and Y.shape == (1, m) and set(np.unique(Y)) <= {0.0, 1.0}
    assert {k: v.shape for k, v in parameters.items()} == {
        "W1": (dims[1], dims[0]), "b1": (dims[1], 1), "W2": (dims[2], dims[1]),
        "b2": (dims[2], 1), "W3": (1, dims[2]), "b3": (1, 1)}
    Z1 = parameters["W1"] @ X + parameters["b1"]
    Z2 = parameters["W2"] @ nets.relu(Z1) + parameters["b2"]
    assert np.abs(Z1).min() > 0.05 and np.abs(Z2).min() > 0.05
    assert (Z1 > 0).any() and (Z2 > 0).any()


def test_does_well_conditioned_case_refuse_a_network_that_is_not_three_layers():
    with pytest.raises(ValueError, match="n_x, n_1, n_2, 1"):
        well_conditioned_case(np.random.default_rng(0), [2, 3, 1], 4)


# --- course.checks.show ------------------------------------------------------------------------

def test_does_show_close_figures_unseen_under_grading_and_show_them_otherwise(monkeypatch):
    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(True))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    plt.figure()
    checks.show()
    assert shown == [] and plt.get_fignums() == []
    monkeypatch.delenv("NBGRADER_EXECUTION")
    plt.figure()
    checks.show()
    assert shown == [True]
    plt.close("all")
