"""Do the reference optimizers follow their recurrences? Small cases worked out by hand."""
import copy
import math

import numpy as np
import pytest

from autograder.reference import w2_optimizers as opt


def one(w, b=0.0):
    """A one-layer parameter dict with scalar entries, easy to work by hand."""
    return {"W1": np.array([[float(w)]]), "b1": np.array([[float(b)]])}


def grads(dw, db=0.0):
    return {"dW1": np.array([[float(dw)]]), "db1": np.array([[float(db)]])}


def w(params):
    return float(params["W1"][0, 0])


def test_does_gd_step_against_the_gradient():
    p = opt.update_parameters_with_gd(one(1.0, 2.0), grads(0.5, -1.0), 0.1)
    assert w(p) == pytest.approx(0.95)
    assert float(p["b1"][0, 0]) == pytest.approx(2.1)


def test_are_velocity_and_rmsprop_state_zeros_keyed_like_grads():
    params = {"W1": np.ones((3, 2)), "b1": np.ones((3, 1)), "W2": np.ones((1, 3)),
              "b2": np.ones((1, 1))}
    for state in (opt.initialize_velocity(params), opt.initialize_rmsprop(params),
                  *opt.initialize_adam(params)):
        assert sorted(state) == ["dW1", "dW2", "db1", "db2"]
        for key, value in state.items():
            assert value.shape == params[key[1:]].shape and not value.any()


def test_does_momentum_follow_v_equals_beta_v_plus_one_minus_beta_g():
    # v0 = 0, g = 2, beta = 0.9: v1 = 0.2, W1 = 1 - 0.1 * 0.2 = 0.98
    p, v = opt.update_parameters_with_momentum(one(1.0), grads(2.0), grads(0.0), 0.9, 0.1)
    assert float(v["dW1"][0, 0]) == pytest.approx(0.2)
    assert w(p) == pytest.approx(0.98)
    # second step, same gradient: v2 = 0.9 * 0.2 + 0.1 * 2 = 0.38, W = 0.98 - 0.038
    p, v = opt.update_parameters_with_momentum(p, grads(2.0), v, 0.9, 0.1)
    assert float(v["dW1"][0, 0]) == pytest.approx(0.38)
    assert w(p) == pytest.approx(0.942)


def test_is_momentum_with_beta_zero_plain_gradient_descent():
    rng = np.random.default_rng(0)
    params = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal((4, 1))}
    g = {"dW1": rng.standard_normal((4, 3)), "db1": rng.standard_normal((4, 1))}
    p_m, _ = opt.update_parameters_with_momentum(params, g, opt.initialize_velocity(params), 0.0,
                                                 0.3)
    p_gd = opt.update_parameters_with_gd(params, g, 0.3)
    for k in params:
        np.testing.assert_allclose(p_m[k], p_gd[k])


def test_does_nesterov_take_the_gradient_at_the_look_ahead_point():
    seen = []

    def grad_fn(params):  # f(W) = W^2 / 2, gradient W; record where it is evaluated
        seen.append(w(params))
        return grads(w(params), 0.0)

    # W = 1, v = 0.5, alpha = 0.1, beta = 0.9: look-ahead W - 0.1*0.9*0.5 = 0.955
    p, v = opt.update_parameters_with_nesterov(one(1.0), grad_fn, grads(0.5), 0.9, 0.1)
    assert seen == [pytest.approx(0.955)]
    assert float(v["dW1"][0, 0]) == pytest.approx(0.9 * 0.5 + 0.1 * 0.955)
    assert w(p) == pytest.approx(1.0 - 0.1 * (0.45 + 0.0955))


def test_does_rmsprop_divide_by_root_of_the_average_squared_gradient():
    # s0 = 0, g = 3, beta2 = 0.9: s1 = 0.9; W = 1 - 0.01 * 3 / (sqrt(0.9) + 1e-8)
    p, s = opt.update_parameters_with_rmsprop(one(1.0), grads(3.0), grads(0.0), 0.9, 0.01)
    assert float(s["dW1"][0, 0]) == pytest.approx(0.9)
    assert w(p) == pytest.approx(1.0 - 0.01 * 3.0 / (math.sqrt(0.9) + 1e-8))


def test_does_rmsprop_keep_epsilon_outside_the_square_root():
    # g = 1e-6, s0 = 0, beta2 = 0: s1 = 1e-12; sqrt(s1) + eps = 1e-6 + 1e-8 (inside: ~1e-4)
    p, _ = opt.update_parameters_with_rmsprop(one(0.0), grads(1e-6), grads(0.0), 0.0, 1.0,
                                              epsilon=1e-8)
    assert w(p) == pytest.approx(-1e-6 / (1e-6 + 1e-8), rel=1e-12)


def test_does_adagrad_accumulate_the_sum_of_squared_gradients():
    s = grads(0.0)
    p = one(1.0)
    for g in (1.0, 2.0, 2.0):
        p, s = opt.update_parameters_with_adagrad(p, grads(g, 1.0), s, 0.1, epsilon=0.0)
    assert float(s["dW1"][0, 0]) == pytest.approx(1 + 4 + 4)
    expected = 1.0 - 0.1 * (1 / 1 + 2 / math.sqrt(5) + 2 / 3)
    assert w(p) == pytest.approx(expected)


@pytest.mark.parametrize("t", [1, 2, 1000])
def test_does_adam_correct_the_start_up_bias(t):
    b1, b2, lr, eps = 0.9, 0.999, 0.01, 1e-8
    g, v0, s0 = 0.5, 0.2, 0.03
    p, v, s = opt.update_parameters_with_adam(one(1.0), grads(g), grads(v0), grads(s0), t,
                                              lr, b1, b2, eps)
    v1 = b1 * v0 + (1 - b1) * g
    s1 = b2 * s0 + (1 - b2) * g * g
    v_hat, s_hat = v1 / (1 - b1 ** t), s1 / (1 - b2 ** t)
    assert float(v["dW1"][0, 0]) == pytest.approx(v1)  # stored moments are uncorrected
    assert float(s["dW1"][0, 0]) == pytest.approx(s1)
    assert w(p) == pytest.approx(1.0 - lr * v_hat / (math.sqrt(s_hat) + eps))


def test_is_adams_first_step_of_a_constant_gradient_the_sign_step():
    # v_hat = g and s_hat = g^2 at t = 1 from zero state: the step is lr * g / |g| (eps aside)
    p, _, _ = opt.update_parameters_with_adam(one(0.0), grads(-4.0, 1.0), grads(0.0), grads(0.0), 1,
                                              learning_rate=0.1, epsilon=0.0)
    assert w(p) == pytest.approx(0.1)


def test_does_adam_keep_epsilon_outside_the_square_root():
    p, _, _ = opt.update_parameters_with_adam(one(0.0), grads(1e-6), grads(0.0), grads(0.0), 1,
                                              learning_rate=1.0, epsilon=1e-8)
    assert w(p) == pytest.approx(-1e-6 / (1e-6 + 1e-8), rel=1e-9)


def test_is_adam_with_beta1_zero_bias_corrected_rmsprop():
    rng = np.random.default_rng(3)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    g = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal((3, 1))}
    s = {"dW1": rng.random((3, 2)), "db1": rng.random((3, 1))}
    t, b2, lr = 3, 0.99, 0.05
    p_adam, _, s_adam = opt.update_parameters_with_adam(params, g, opt.initialize_velocity(params),
                                                        s, t, lr, beta1=0.0, beta2=b2)
    # RMSprop on the bias-corrected second moment: same s, divide by 1 - b2^t before the root
    _, s_rms = opt.update_parameters_with_rmsprop(params, g, s, b2, lr)
    for name, value in params.items():
        k = "d" + name
        np.testing.assert_allclose(s_adam[k], s_rms[k])
        corrected = value - lr * g[k] / (np.sqrt(s_rms[k] / (1 - b2 ** t)) + 1e-8)
        np.testing.assert_allclose(p_adam[name], corrected)


def test_does_adadelta_need_no_learning_rate_and_follow_its_recurrence():
    rho, eps = 0.9, 1e-6
    p, s, d = opt.update_parameters_with_adadelta(one(1.0), grads(2.0), grads(0.0), grads(0.0),
                                                  rho, eps)
    s1 = 0.1 * 4.0
    delta = -math.sqrt(eps) / math.sqrt(s1 + eps) * 2.0
    assert float(s["dW1"][0, 0]) == pytest.approx(s1)
    assert float(d["dW1"][0, 0]) == pytest.approx(0.1 * delta ** 2)
    assert w(p) == pytest.approx(1.0 + delta)


def test_do_the_schedules_follow_their_formulas():
    assert opt.update_lr(0.5, 0, 1.0) == pytest.approx(0.5)
    assert opt.update_lr(0.5, 4, 0.5) == pytest.approx(0.5 / 3)
    assert opt.schedule_lr_decay(0.5, 999, 1.0) == pytest.approx(0.5)
    assert opt.schedule_lr_decay(0.5, 1000, 1.0) == pytest.approx(0.25)
    assert opt.schedule_lr_decay(0.5, 2999, 1.0, time_interval=1000) == pytest.approx(0.5 / 3)
    assert opt.schedule_lr_decay(0.3, 25, 0.5, time_interval=10) == pytest.approx(0.3 / 2)
    assert opt.exponential_lr_decay(2.0, 0, 0.1) == pytest.approx(2.0)
    assert opt.exponential_lr_decay(2.0, 10, 0.1) == pytest.approx(2.0 / math.e)


def test_do_the_schedules_accept_arrays_of_epochs():
    epochs = np.arange(5)
    np.testing.assert_allclose(opt.update_lr(1.0, epochs, 1.0), 1 / (1 + epochs))
    np.testing.assert_allclose(opt.exponential_lr_decay(1.0, epochs, 0.5), np.exp(-0.5 * epochs))
    assert isinstance(opt.update_lr(1.0, 3, 1.0), float)


def test_does_no_optimizer_modify_its_inputs():
    rng = np.random.default_rng(7)
    params = {"W1": rng.standard_normal((3, 2)), "b1": rng.standard_normal((3, 1))}
    g = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal((3, 1))}
    v = {"dW1": rng.standard_normal((3, 2)), "db1": rng.standard_normal((3, 1))}
    s = {"dW1": rng.random((3, 2)), "db1": rng.random((3, 1))}
    calls = [
        lambda a: opt.update_parameters_with_gd(a["p"], a["g"], 0.1),
        lambda a: opt.update_parameters_with_momentum(a["p"], a["g"], a["v"], 0.9, 0.1),
        lambda a: opt.update_parameters_with_nesterov(a["p"], lambda q: a["g"], a["v"], 0.9, 0.1),
        lambda a: opt.update_parameters_with_rmsprop(a["p"], a["g"], a["s"], 0.9, 0.1),
        lambda a: opt.update_parameters_with_adagrad(a["p"], a["g"], a["s"], 0.1),
        lambda a: opt.update_parameters_with_adam(a["p"], a["g"], a["v"], a["s"], 3),
        lambda a: opt.update_parameters_with_adadelta(a["p"], a["g"], a["s"], a["s"]),
    ]
    for call in calls:
        args = {"p": params, "g": g, "v": v, "s": s}
        before = copy.deepcopy(args)
        call(args)
        for name in before:
            for key in before[name]:
                np.testing.assert_array_equal(args[name][key], before[name][key])
