"""Hidden tests of ``w2_optimizers``: random cases and the catalogue of known mistakes per task.

Inputs are chosen so that each catalogued mistake changes the output far beyond the tolerance in
most cases: non-zero optimizer state (so that old vs new velocity differ), gradients of about 1e-6
with second moments of about 1e-12 (so that epsilon inside or outside the square root differs by
orders of magnitude), steps t = 1, 2 and large t (bias correction), epochs just past an interval
boundary (floor vs round).

Each mistake is the reference with one thing changed; ``_adam_like`` and friends take the change
as a keyword so that every variant is one line.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from autograder.harness.codec import QuadraticGrad
from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w2_optimizers as ref
from autograder.tasks.inputs import LAYER_SHAPES, random_like, random_parameters

ASSIGNMENT = "w2_optimizers"


def _grad_key(name: str, b_uses_dW: bool) -> str:
    """The gradient a parameter is updated with ("dW1" for "b1" in the "b with dW" mistake)."""
    if b_uses_dW and name.startswith("b"):
        return "dW" + name[1:]
    return "d" + name


def _layers(d) -> str:
    return "layers " + str(list(d))


# ---------------------------------------------------------------- 2.4 gradient descent

def _gd_like(parameters, grads, learning_rate, *, sign=-1.0, use_lr=True, b_uses_dW=False):
    lr = learning_rate if use_lr else 1.0
    return {n: p + sign * lr * grads[_grad_key(n, b_uses_dW)] for n, p in parameters.items()}


def _gd_cases(rng):
    cases = []
    for dims in LAYER_SHAPES:
        params = random_parameters(rng, dims)
        grads = random_like(rng, params)
        cases.append(Case(_layers(dims), (params, grads, float(rng.uniform(0.01, 0.5)))))
    return cases


B_WITH_DW = ("updating b with dW", "Each bias b[l] must be updated with its own gradient db[l].")

GD = Task(
    id="2.4", assignment=ASSIGNMENT, function="update_parameters_with_gd", points=1,
    reference=ref.update_parameters_with_gd, cases=_gd_cases, returns="parameters",
    mistakes=(
        Mistake("adding the gradient", "Gradient descent moves AGAINST the gradient: W - alpha*dW.",
                partial(_gd_like, sign=1.0)),
        Mistake("forgetting the learning rate", "Multiply the gradient by learning_rate.",
                partial(_gd_like, use_lr=False)),
        Mistake(*B_WITH_DW, partial(_gd_like, b_uses_dW=True)),
    ),
)


# ---------------------------------------------------------------- 2.5 / 2.8 / 2.11 initializers

def _zeros_keyed_like_parameters(parameters):
    return {n: np.zeros_like(p) for n, p in parameters.items()}


def _init_cases(rng):
    return [Case(_layers(d), (random_parameters(rng, d),)) for d in LAYER_SHAPES]


KEYS_LIKE_PARAMS = ("keys named like the parameters ('W1') instead of the gradients ('dW1')",
                    "The state is keyed like grads: 'dW1', 'db1', ...")

INIT_VELOCITY = Task(
    id="2.5", assignment=ASSIGNMENT, function="initialize_velocity", points=1,
    reference=ref.initialize_velocity, cases=_init_cases, returns="v",
    mistakes=(Mistake(*KEYS_LIKE_PARAMS, _zeros_keyed_like_parameters),),
)

INIT_RMSPROP = Task(
    id="2.8", assignment=ASSIGNMENT, function="initialize_rmsprop", points=1,
    reference=ref.initialize_rmsprop, cases=_init_cases, returns="s",
    mistakes=(Mistake(*KEYS_LIKE_PARAMS, _zeros_keyed_like_parameters),),
)

INIT_ADAM = Task(
    id="2.11", assignment=ASSIGNMENT, function="initialize_adam", points=1,
    reference=ref.initialize_adam, cases=_init_cases, returns="(v, s)",
    mistakes=(Mistake(*KEYS_LIKE_PARAMS, lambda p: (_zeros_keyed_like_parameters(p),
                                                     _zeros_keyed_like_parameters(p))),),
)


# ---------------------------------------------------------------- 2.6 momentum

def _momentum_like(parameters, grads, v, beta, learning_rate, *, one_minus=True, swap=False,
                   step_with="new_v", b_uses_dW=False):
    if swap:
        new_v = {k: (1 - beta) * v[k] + beta * grads[k] for k in v}
    else:
        new_v = {k: beta * v[k] + ((1 - beta) if one_minus else 1.0) * grads[k] for k in v}
    step = {"new_v": new_v, "old_v": v, "grad": grads}[step_with]
    return ({n: p - learning_rate * step[_grad_key(n, b_uses_dW)] for n, p in parameters.items()},
            new_v)


def _momentum_cases(rng):
    cases = []
    for dims, beta in zip(LAYER_SHAPES, (0.9, 0.5, 0.99, 0.8)):
        params = random_parameters(rng, dims)
        grads = random_like(rng, params)
        v = random_like(rng, params, scale=0.5)
        lr = float(rng.uniform(0.01, 0.3))
        cases.append(Case(f"{_layers(dims)}, beta={beta}", (params, grads, v, beta, lr)))
    return cases


MISSING_ONE_MINUS = ("missing (1 - beta)", "The average is beta*v + (1 - beta)*dW.")

MOMENTUM = Task(
    id="2.6", assignment=ASSIGNMENT, function="update_parameters_with_momentum", points=2,
    reference=ref.update_parameters_with_momentum, cases=_momentum_cases,
    returns="(parameters, v)",
    mistakes=(
        Mistake(*MISSING_ONE_MINUS, partial(_momentum_like, one_minus=False)),
        Mistake("beta and (1 - beta) swapped", "v = beta*v + (1 - beta)*dW: beta weighs the past.",
                partial(_momentum_like, swap=True)),
        Mistake("stepping with the old velocity",
                "Update v first, then step with the NEW velocity.",
                partial(_momentum_like, step_with="old_v")),
        Mistake("stepping with the gradient instead of the velocity",
                "Momentum steps with v, not with dW.", partial(_momentum_like, step_with="grad")),
        Mistake(*B_WITH_DW, partial(_momentum_like, b_uses_dW=True)),
    ),
)


# ---------------------------------------------------------------- 2.7 Nesterov

def _nesterov_like(parameters, grad_fn, v, beta, learning_rate, *, lookahead="full",
                   one_minus=True):
    if lookahead == "full":
        point = {n: p - learning_rate * beta * v["d" + n] for n, p in parameters.items()}
    elif lookahead == "no_lr":
        point = {n: p - beta * v["d" + n] for n, p in parameters.items()}
    else:
        point = parameters
    g = grad_fn(point)
    new_v = {k: beta * v[k] + ((1 - beta) if one_minus else 1.0) * g[k] for k in v}
    return {n: p - learning_rate * new_v["d" + n] for n, p in parameters.items()}, new_v


def _nesterov_cases(rng):
    cases = []
    for dims, beta in zip(LAYER_SHAPES, (0.9, 0.5, 0.95, 0.8)):
        params = random_parameters(rng, dims)
        curvature = {n: rng.uniform(0.5, 4.0, p.shape) for n, p in params.items()}
        center = {n: rng.standard_normal(p.shape) for n, p in params.items()}
        v = random_like(rng, params, scale=2.0)
        lr = float(rng.uniform(0.2, 0.6))
        cases.append(Case(f"{_layers(dims)}, beta={beta}",
                          (params, QuadraticGrad(curvature, center), v, beta, lr)))
    return cases


NESTEROV = Task(
    id="2.7", assignment=ASSIGNMENT, function="update_parameters_with_nesterov", points=2,
    reference=ref.update_parameters_with_nesterov, cases=_nesterov_cases,
    returns="(parameters, v)",
    mistakes=(
        Mistake("plain momentum instead of Nesterov's look-ahead",
                "Call grad_fn at the look-ahead point W - learning_rate*beta*v, not at W.",
                partial(_nesterov_like, lookahead="none")),
        Mistake("look-ahead point without the learning rate",
                "The momentum step alone lands at W - learning_rate*beta*v.",
                partial(_nesterov_like, lookahead="no_lr")),
        Mistake(*MISSING_ONE_MINUS, partial(_nesterov_like, one_minus=False)),
    ),
)


# ---------------------------------------------------------------- 2.9 RMSprop / 2.10 AdaGrad

def _second_moment(s, g, beta, *, one_minus=True, square=True, accumulate=False):
    g2 = np.square(g) if square else g
    if accumulate:
        return s + g2
    return beta * s + ((1 - beta) if one_minus else 1.0) * g2


def _divide(g, s, epsilon, *, eps_inside=False, root=True):
    if not root:
        return g / (s + epsilon)
    return g / (np.sqrt(s + epsilon) if eps_inside else np.sqrt(s) + epsilon)


def _rmsprop_like(parameters, grads, s, beta2, learning_rate, epsilon=1e-8, *, eps_inside=False,
                  root=True, b_uses_dW=False, **moment):
    new_s = {k: _second_moment(s[k], grads[k], beta2, **moment) for k in s}
    new_p = {}
    for n, p in parameters.items():
        k = _grad_key(n, b_uses_dW)
        new_p[n] = p - learning_rate * _divide(grads[k], new_s[k], epsilon,
                                               eps_inside=eps_inside, root=root)
    return new_p, new_s


def _adagrad_like(parameters, grads, s, learning_rate, epsilon=1e-7, *, average=None, **kw):
    if average is None:
        return _rmsprop_like(parameters, grads, s, 0.0, learning_rate, epsilon, accumulate=True,
                             **kw)
    return _rmsprop_like(parameters, grads, s, average, learning_rate, epsilon, **kw)


def _moment_cases(rng, with_beta: bool):
    """Mostly small gradients (~1e-6) and second moments (~1e-12), so epsilon's place shows."""
    cases = []
    plan = [("small gradients", 1e-6, 1e-12), ("first step (s = 0), small gradients", 1e-6, 0.0),
            ("unit-scale gradients", 1.0, 1.0), ("small gradients", 3e-6, 1e-11)]
    for (what, g_scale, s_scale), dims, beta in zip(plan, LAYER_SHAPES, (0.9, 0.999, 0.99, 0.9)):
        params = random_parameters(rng, dims)
        grads = random_like(rng, params, scale=g_scale)
        s = random_like(rng, params, scale=s_scale, positive=True)
        lr = float(rng.uniform(0.001, 0.05))
        if with_beta:
            cases.append(Case(f"{_layers(dims)}, {what}, beta2={beta}",
                              (params, grads, s, beta, lr)))
        else:
            cases.append(Case(f"{_layers(dims)}, {what}", (params, grads, s, lr)))
    return cases


EPS_INSIDE = ("epsilon inside the square root",
              "Add epsilon OUTSIDE the root: dW / (sqrt(s) + epsilon).")
NO_SQUARE = ("squared gradient missing in the second moment",
             "The second moment averages dW**2, the SQUARED gradient.")
NO_ROOT = ("dividing by s instead of sqrt(s)", "Divide by the square root: sqrt(s) + epsilon.")

RMSPROP = Task(
    id="2.9", assignment=ASSIGNMENT, function="update_parameters_with_rmsprop", points=2,
    reference=ref.update_parameters_with_rmsprop,
    cases=partial(_moment_cases, with_beta=True), returns="(parameters, s)",
    mistakes=(
        Mistake(*EPS_INSIDE, partial(_rmsprop_like, eps_inside=True)),
        Mistake(*NO_SQUARE, partial(_rmsprop_like, square=False)),
        Mistake("missing (1 - beta2)", "The average is beta2*s + (1 - beta2)*dW**2.",
                partial(_rmsprop_like, one_minus=False)),
        Mistake(*NO_ROOT, partial(_rmsprop_like, root=False)),
        Mistake(*B_WITH_DW, partial(_rmsprop_like, b_uses_dW=True)),
    ),
)

ADAGRAD = Task(
    id="2.10", assignment=ASSIGNMENT, function="update_parameters_with_adagrad", points=2,
    reference=ref.update_parameters_with_adagrad,
    cases=partial(_moment_cases, with_beta=False), returns="(parameters, s)",
    mistakes=(
        Mistake("AdaGrad averaging instead of summing",
                "AdaGrad ADDS every squared gradient: s = s + dW**2 (no beta).",
                partial(_adagrad_like, average=0.9)),
        Mistake(*EPS_INSIDE, partial(_adagrad_like, eps_inside=True)),
        Mistake(*NO_SQUARE, partial(_adagrad_like, square=False)),
        Mistake(*NO_ROOT, partial(_adagrad_like, root=False)),
    ),
)


# ---------------------------------------------------------------- 2.12 Adam

def _adam_like(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
               epsilon=1e-8, *, t_shift=0, correct=True, eps_inside=False, one_minus1=True,
               square=True, b_uses_dW=False, store_corrected=False):
    new_v = {k: beta1 * v[k] + ((1 - beta1) if one_minus1 else 1.0) * grads[k] for k in v}
    new_s = {k: _second_moment(s[k], grads[k], beta2, square=square) for k in s}
    tc = t + t_shift
    c1 = (1 - beta1 ** tc) if correct else 1.0
    c2 = (1 - beta2 ** tc) if correct else 1.0
    v_hat = {k: new_v[k] / c1 for k in new_v}
    s_hat = {k: new_s[k] / c2 for k in new_s}
    new_p = {}
    for n, p in parameters.items():
        k = _grad_key(n, b_uses_dW)
        new_p[n] = p - learning_rate * _divide(v_hat[k], s_hat[k], epsilon, eps_inside=eps_inside)
    if store_corrected:
        return new_p, v_hat, s_hat
    return new_p, new_v, new_s


def _adam_cases(rng):
    cases = []
    plan = [  # (t, gradient scale, state scale, layers)
        (1, 1e-6, 0.0, LAYER_SHAPES[0]),
        (2, 1e-6, 1e-6, LAYER_SHAPES[2]),
        (1, 1.0, 0.0, LAYER_SHAPES[1]),
        (10, 2e-6, 2e-6, LAYER_SHAPES[3]),
        (1000, 1.0, 1.0, LAYER_SHAPES[2]),
        (5000, 1e-6, 1e-6, LAYER_SHAPES[0]),
    ]
    for t, g_scale, state_scale, dims in plan:
        params = random_parameters(rng, dims)
        grads = random_like(rng, params, scale=g_scale)
        v = random_like(rng, params, scale=state_scale)
        s = random_like(rng, params, scale=state_scale ** 2, positive=True)
        lr = float(rng.uniform(0.001, 0.05))
        label = f"{_layers(dims)}, t={t}, " + ("small" if g_scale < 1e-3 else "unit-scale") \
            + " gradients"
        if t == 1000:
            cases.append(Case(label + ", beta1=0.8, beta2=0.99", (params, grads, v, s, t),
                              {"learning_rate": lr, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-8}))
        else:
            cases.append(Case(label, (params, grads, v, s, t, lr)))
    return cases


ADAM = Task(
    id="2.12", assignment=ASSIGNMENT, function="update_parameters_with_adam", points=3,
    reference=ref.update_parameters_with_adam, cases=_adam_cases, returns="(parameters, v, s)",
    mistakes=(
        Mistake("no bias correction", "Divide v by (1 - beta1**t) and s by (1 - beta2**t).",
                partial(_adam_like, correct=False)),
        Mistake("bias correction with t off by one (t + 1)",
                "t counts steps from 1: the first call has t = 1 and divides by 1 - beta**1.",
                partial(_adam_like, t_shift=1)),
        Mistake("bias correction with t off by one (t - 1)",
                "t counts steps from 1: the first call has t = 1 and divides by 1 - beta**1.",
                partial(_adam_like, t_shift=-1)),
        Mistake(*EPS_INSIDE, partial(_adam_like, eps_inside=True)),
        Mistake("missing (1 - beta1) in the first moment",
                "v = beta1*v + (1 - beta1)*dW.", partial(_adam_like, one_minus1=False)),
        Mistake(*NO_SQUARE, partial(_adam_like, square=False)),
        Mistake(*B_WITH_DW, partial(_adam_like, b_uses_dW=True)),
        Mistake("storing the bias-corrected moments",
                "Return the UNcorrected v and s; the corrected ones are only used for the step.",
                partial(_adam_like, store_corrected=True)),
    ),
)


# ---------------------------------------------------------------- 2.13-2.15 schedules

def _lr_cases(rng, kind: str):
    cases = []
    lr0s = rng.uniform(0.01, 1.0, 4)
    ks = rng.uniform(0.1, 2.0, 4)
    if kind == "schedule":
        intervals = (1000, 10, 7, 100)
        fractions = (1.7, 3.6, 0.0, 12.9)  # epoch = interval * fraction: floor and round differ
        for lr0, k, interval, frac in zip(lr0s, ks, intervals, fractions):
            epoch = round(interval * frac)
            cases.append(Case(f"epoch {epoch}, time_interval {interval}",
                              (float(lr0), epoch, float(k), interval)))
        return cases
    epochs = (0, 1, int(rng.integers(2, 50)), int(rng.integers(100, 2000)))
    if kind == "exponential":  # k * epoch in (0.1, 2]: the rate stays far above the tolerance
        ks = [k / max(e, 1) for k, e in zip(ks, epochs)]
    for lr0, k, epoch in zip(lr0s, ks, epochs):
        cases.append(Case(f"epoch {epoch}", (float(lr0), epoch, float(k))))
    return cases


def _inverse_time(lr0, epoch, k):
    return lr0 / (1 + k * epoch)


def _exponential(lr0, epoch, k):
    return lr0 * np.exp(-k * epoch)


WRONG_FORMULA = "the wrong decay formula"

UPDATE_LR = Task(
    id="2.13", assignment=ASSIGNMENT, function="update_lr", points=1,
    reference=ref.update_lr, cases=partial(_lr_cases, kind="inverse"),
    returns="learning_rate", tol=Tolerance(atol=1e-12, rtol=1e-9),
    mistakes=(
        Mistake(f"{WRONG_FORMULA} (exponential decay)",
                "update_lr is inverse-time decay: alpha0 / (1 + decay_rate * epoch_num).",
                _exponential),
        Mistake(f"{WRONG_FORMULA} (missing the 1 +)",
                "Divide by (1 + decay_rate * epoch_num), so that epoch 0 gives alpha0.",
                lambda lr0, e, k: lr0 / (k * e) if k * e else float("inf")),
        Mistake(f"{WRONG_FORMULA} (multiplying instead of dividing)",
                "The rate must shrink: alpha0 / (1 + decay_rate * epoch_num).",
                lambda lr0, e, k: lr0 * (1 + k * e)),
    ),
)

SCHEDULE_LR = Task(
    id="2.14", assignment=ASSIGNMENT, function="schedule_lr_decay", points=1,
    reference=ref.schedule_lr_decay, cases=partial(_lr_cases, kind="schedule"),
    returns="learning_rate", tol=UPDATE_LR.tol,
    mistakes=(
        Mistake(f"{WRONG_FORMULA} (no floor: the rate changes every epoch)",
                "Use floor(epoch_num / time_interval): the rate is fixed within an interval.",
                lambda lr0, e, k, interval=1000: lr0 / (1 + k * (e / interval))),
        Mistake(f"{WRONG_FORMULA} (rounding instead of floor)",
                "Use floor (//), not round: the rate drops only after a full interval.",
                lambda lr0, e, k, interval=1000: lr0 / (1 + k * round(e / interval))),
        Mistake(f"{WRONG_FORMULA} (ignoring time_interval)",
                "Count intervals, not epochs: floor(epoch_num / time_interval).",
                lambda lr0, e, k, interval=1000: _inverse_time(lr0, e, k)),
    ),
)

EXPONENTIAL_LR = Task(
    id="2.15", assignment=ASSIGNMENT, function="exponential_lr_decay", points=1,
    reference=ref.exponential_lr_decay, cases=partial(_lr_cases, kind="exponential"),
    returns="learning_rate", tol=UPDATE_LR.tol,
    mistakes=(
        Mistake(f"{WRONG_FORMULA} (missing the minus sign)",
                "alpha0 * exp(-k * epoch_num) shrinks; exp(+k * epoch_num) grows.",
                lambda lr0, e, k: lr0 * np.exp(k * e)),
        Mistake(f"{WRONG_FORMULA} (inverse-time decay)",
                "This task is exponential decay: alpha0 * exp(-k * epoch_num).", _inverse_time),
    ),
)

TASKS = (GD, INIT_VELOCITY, MOMENTUM, NESTEROV, INIT_RMSPROP, RMSPROP, ADAGRAD, INIT_ADAM, ADAM,
         UPDATE_LR, SCHEDULE_LR, EXPONENTIAL_LR)
register(*TASKS)
