"""Hidden tests of ``w1_gradient_checking``: random cases and the catalogue of known mistakes.

What the output of a gradient check looks like decides the whole design. For a RIGHT gradient
the relative difference is rounding noise: about 1e-10 to 1e-8 with epsilon = 1e-7 (each cost
J is exact to about 1e-16 * J, and dividing by 2 * epsilon magnifies that), and about 1e-7 to
1e-5 with epsilon = 1e-2 (then the O(epsilon^2) error of the two-sided difference dominates,
and every correct solution computes the same one). Correct solutions that add in another order,
loop over the parameter dict, move theta in place and back, use their own cross-entropy or take
``sqrt(sum(d**2))`` instead of ``np.linalg.norm`` therefore never return exactly the reference's
number. For a WRONG gradient the difference is a large number (0.01 to 1) that every correct
solution reproduces to about 1e-9.

Tolerance: ``|got - expected| <= 1e-6 + 1e-5 |expected|``. The absolute part (1e-6, ten times
below the rule of thumb's "suspicious" 1e-5) accepts any noise of a right gradient; the relative
part keeps large values exact to 5 digits. Measured on seeds 0..299 with the correct variants
of tests/test_tasks_w1_gradient_checking.py: the largest |got - expected| was 6.0e-09 in Task
1.12 (1/160 of the tolerance) and 6.5e-08 in Task 1.11 (1/15 of it, with |theta| up to 140).

So the cases of Task 1.12 pass ``gradients`` of two kinds:
- right gradients (``backward_propagation``), 4 of 9 cases: small differences, which catch the
  mistakes that change g_approx by a factor (dividing by epsilon, not restoring theta: about
  1/3) or the sign (g + g_approx: 1);
- gradients with planted errors, 5 of 9 cases (``backward_propagation_with_bugs``, dW2 with the
  wrong sign, db1 left at zero, dW1 not divided by m), each wrong in at least 3 entries and by
  at least 5 % of the gradient's norm: large differences, which catch the wrong norms (no
  denominator, ||grad|| only, squared norms, a sum of absolute values) because their value then
  depends on the formula. A function that returns a constant small number fails these.
Six of the nine cases use epsilon = 1e-2: a one-sided difference, whose error is O(epsilon)
instead of O(epsilon^2), then changes the output; with epsilon = 1e-7 it would be invisible.
Measured on seeds 0..299: every catalogued mistake fails at least 5 of the 9 cases on every seed
(so it scores at most 4/9 of the points) and is named. In the cases built to show it, a wrong
norm misses the reference by at least 40 times the tolerance (usually 1e4 times), a one-sided
difference with a right gradient by at least 30 times; with a wrong gradient and epsilon = 1e-2
it still fails 99 % of those cases, often by only a few tolerances. Every case is well
conditioned (``course.gradcheck.well_conditioned_case``: every ReLU input at least 0.05 away
from 0), so a step of 1e-2 crosses a ReLU kink only if an input is larger than 5 in size.

The 1-D task has no ``gradients`` argument: its J(theta) = theta * x and derivative x are fixed
given code, so the right answer is always rounding noise. A linear J has no curvature, so the
one-sided difference is exact there too and the wrong norms change nothing in one dimension;
those mistakes are graded in Task 1.12. What does show: g_approx twice too large (2x: 1/3),
the sign (1), ``/ 2 * epsilon`` (epsilon^2 x instead of x: near 1, and 0.6 with epsilon = 0.5
or 2) and perturbing x instead of theta (|x - theta| / (|x| + |theta|), with theta 2.5 to 3.5
times x): each misses the reference by more than 1e5 times the tolerance in every case. Not
restoring theta gives x / 2 and the same 1/3 as dividing by epsilon, so it is catalogued in
Task 1.12 only.

With a right derivative every one of those 7 cases has a tiny answer, so a function that always
returns 0.0 (or compares x with g_approx instead of calling the derivative) would pass them. So 6
more cases give the name ``backward_propagation_1d`` a version with a bug (``Case.swap`` and
``course.gradcheck.buggy_derivative_1d``: 2x, x / 2, -x, x + 1, theta, 0), as the lesson's check
cell does with 2x: their answers are 0.11 to 1, and a check that does not use the derivative it is
given returns about 0 there, fails 6 of 13 cases and is named ("the derivative does not come from
backward_propagation_1d"), so it earns at most half of the points. Measured on seeds 0..299: the
correct variants of the tests miss the reference by at most 1/15 of the tolerance in the 7 plain
cases and 1/390 of it in the 6 swapped ones; each catalogued mistake fails at least 11 of the 13
cases on every seed.
"""
from __future__ import annotations

from functools import partial

import numpy as np

from autograder.harness.compare import Tolerance
from autograder.harness.spec import Case, Mistake, Task, register
from autograder.reference import w1_gradient_checking as ref
from course import nets
from course.gradcheck import well_conditioned_case
from course.nets import backward_propagation_1d, forward_propagation_1d

# each becomes backward_propagation_1d in one case of Task 1.11 (course.gradcheck)
DERIVATIVE_BUGS = ("2x", "x / 2", "-x", "x + 1", "theta", "0")

ASSIGNMENT = "w1_gradient_checking"
TOL = Tolerance(atol=1e-6, rtol=1e-5)


# ---------------------------------------------------------------- 1.11 the 1-D check

def _check_1d_like(x, theta, epsilon=1e-7, *, divide_by=2.0, precedence=False, sign=-1.0,
                   perturb_x=False, own_derivative=False):
    """The reference 1-D check with one thing changed (see the keyword arguments). It calls the
    given functions by their global names, so that a case's swapped names reach it too."""
    if perturb_x:
        J_plus = forward_propagation_1d(x + epsilon, theta)
        J_minus = forward_propagation_1d(x - epsilon, theta)
    else:
        J_plus = forward_propagation_1d(x, theta + epsilon)
        J_minus = forward_propagation_1d(x, theta - epsilon)
    if precedence:
        gradapprox = (J_plus - J_minus) / 2 * epsilon
    else:
        gradapprox = (J_plus - J_minus) / (divide_by * epsilon)
    grad = nets.backward_propagation_1d(x, theta) if own_derivative else \
        backward_propagation_1d(x, theta)
    numerator = np.linalg.norm(grad + sign * gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)


def _check_1d_cases(rng):
    """x and theta of the same sign with |theta| / |x| in [2.5, 3.5], so that perturbing x
    (difference |x - theta| / (|x| + |theta|) in [0.43, 0.56]) differs from the other
    mistakes (1/3, 0.6 and 1); x never 0 (0 / 0)."""
    plan = [  # (label, |x| range, sign, epsilon or None for the default)
        ("x > 0", (1.0, 4.0), 1.0, None),
        ("x < 0", (1.0, 4.0), -1.0, None),
        ("small x", (1e-3, 1e-2), 1.0, None),
        ("large |x|, x < 0", (20.0, 40.0), -1.0, None),
        ("epsilon = 1e-3", (0.5, 2.0), 1.0, 1e-3),
        ("epsilon = 0.5", (0.5, 2.0), -1.0, 0.5),
        ("epsilon = 2", (0.5, 2.0), 1.0, 2.0),
    ]
    cases = []
    for label, (low, high), sign, epsilon in plan:
        x = sign * float(rng.uniform(low, high))
        theta = x * float(rng.uniform(2.5, 3.5))
        if rng.random() < 0.5:
            x, theta = theta, x  # sometimes theta is the smaller one
        label = f"x = {x:.4g}, theta = {theta:.4g}, " + label
        if epsilon is None:
            cases.append(Case(label, (x, theta)))
        else:
            cases.append(Case(label, (x, theta), {"epsilon": epsilon}))
    for bug in DERIVATIVE_BUGS:  # the check must find the bug of a wrong derivative
        x = float(rng.choice([-1.0, 1.0]) * rng.uniform(1.0, 4.0))
        theta = x * float(rng.uniform(2.5, 3.5))
        label = f"x = {x:.4g}, theta = {theta:.4g}, backward_propagation_1d returning {bug}"
        cases.append(Case(label, (x, theta),
                          swap={"backward_propagation_1d": ("course.gradcheck",
                                                            "buggy_derivative_1d", (bug,))}))
    return cases


TWICE_EPS = ("dividing by epsilon instead of 2 * epsilon",
             ("The two-sided difference spans from theta - epsilon to theta + epsilon: divide "
              "J_plus - J_minus by (2 * epsilon)."))
WRONG_SIGN = ("g + g_approx in the numerator (wrong sign)",
              "The numerator is the norm of the DIFFERENCE: np.linalg.norm(grad - gradapprox).")

CHECK_1D = Task(
    id="1.11", assignment=ASSIGNMENT, function="gradient_check_1d", points=2,
    reference=ref.gradient_check_1d, cases=_check_1d_cases, returns="difference", tol=TOL,
    mistakes=(
        Mistake(*TWICE_EPS, partial(_check_1d_like, divide_by=1.0)),
        Mistake(*WRONG_SIGN, partial(_check_1d_like, sign=1.0)),
        Mistake("/ 2 * epsilon (missing parentheses)",
                "(J_plus - J_minus) / 2 * epsilon MULTIPLIES by epsilon; write "
                "(J_plus - J_minus) / (2 * epsilon).", partial(_check_1d_like, precedence=True)),
        Mistake("perturbing x instead of theta",
                "theta is the parameter: evaluate forward_propagation_1d(x, theta + epsilon) "
                "and forward_propagation_1d(x, theta - epsilon).",
                partial(_check_1d_like, perturb_x=True)),
        Mistake("the derivative does not come from backward_propagation_1d",
                "The check is of the function backward_propagation_1d: call "
                "backward_propagation_1d(x, theta) by this name and use what it returns. The "
                "check cell and the hidden tests give that name versions with bugs, and the "
                "check must find them.",
                partial(_check_1d_like, own_derivative=True)),
    ),
)


# ---------------------------------------------------------------- 1.12 the N-D check

_COSTS: dict = {}  # (inputs as bytes, epsilon) -> (J_theta, J_plus, J_minus); see _costs


def _costs(theta, shapes, X, Y, epsilon):
    """J(theta), J(theta + epsilon e_i) and J(theta - epsilon e_i) for every i, as arrays (n,).

    Every mistake but one needs the same costs; they are computed once per case and kept, so
    that preparing the hidden tests (at the start of every grading kernel) stays fast.
    """
    key = (theta.tobytes(), tuple(sorted(shapes.items())), X.tobytes(), X.shape, Y.tobytes(),
           float(epsilon))
    if key not in _COSTS:
        if len(_COSTS) > 64:
            _COSTS.clear()

        def J(vector):
            A3, _ = nets.forward_propagation(X, nets.vector_to_dictionary(vector, shapes))
            return nets.compute_cost(A3, Y)

        n = theta.shape[0]
        J_plus, J_minus = np.zeros(n), np.zeros(n)
        for i in range(n):
            theta_plus = np.copy(theta)
            theta_plus[i][0] = theta_plus[i][0] + epsilon
            J_plus[i] = J(theta_plus)
            theta_minus = np.copy(theta)
            theta_minus[i][0] = theta_minus[i][0] - epsilon
            J_minus[i] = J(theta_minus)
        _COSTS[key] = (J(theta), J_plus, J_minus)
    return _COSTS[key]


def _not_restored(theta, shapes, X, Y, epsilon):
    """g_approx when theta_plus = theta is no copy, as a student writes it: theta keeps every
    +epsilon, and theta_minus (a copy) starts from the changed theta."""
    def J(vector):
        A3, _ = nets.forward_propagation(X, nets.vector_to_dictionary(vector, shapes))
        return nets.compute_cost(A3, Y)

    theta = np.copy(theta)
    gradapprox = np.zeros(theta.shape)
    for i in range(theta.shape[0]):
        theta_plus = theta
        theta_plus[i][0] = theta_plus[i][0] + epsilon
        J_plus = J(theta_plus)
        theta_minus = np.copy(theta)
        theta_minus[i][0] = theta_minus[i][0] - epsilon
        gradapprox[i] = (J_plus - J(theta_minus)) / (2 * epsilon)
    return gradapprox


def _check_n_like(parameters, gradients, X, Y, epsilon=1e-7, *, one_sided=False,
                  divide_by=2.0, no_copy=False, flat_gradapprox=False, norm="relative"):
    """The reference N-D check with one thing changed (see the keyword arguments)."""
    theta, _ = nets.dictionary_to_vector(parameters)
    shapes = {name: np.shape(value) for name, value in parameters.items()}
    grad = nets.gradients_to_vector(gradients)
    if no_copy:
        gradapprox = _not_restored(theta, shapes, X, Y, epsilon)
    else:
        J_theta, J_plus, J_minus = _costs(theta, shapes, X, Y, epsilon)
        if one_sided:
            gradapprox = (J_plus - J_theta) / epsilon  # (J(theta + eps e_i) - J(theta)) / eps
        else:
            gradapprox = (J_plus - J_minus) / (divide_by * epsilon)
        if not flat_gradapprox:  # shape (n,): grad - gradapprox then broadcasts to (n, n)
            gradapprox = gradapprox.reshape(-1, 1)

    diff = grad - gradapprox
    if norm == "plus":
        return float(np.linalg.norm(grad + gradapprox)
                     / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
    if norm == "numerator only":
        return float(np.linalg.norm(diff))
    if norm == "grad only":
        return float(np.linalg.norm(diff) / np.linalg.norm(grad))
    if norm == "squared":
        return float(np.sum(diff ** 2) / (np.sum(grad ** 2) + np.sum(gradapprox ** 2)))
    if norm == "abs sum":
        return float(np.sum(np.abs(diff)) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
    return float(np.linalg.norm(diff) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))


def _right(X, Y, cache, rng):
    return nets.backward_propagation(X, Y, cache)


def _planted_bugs(X, Y, cache, rng):
    return nets.backward_propagation_with_bugs(X, Y, cache)


def _dW2_sign(X, Y, cache, rng):
    grads = nets.backward_propagation(X, Y, cache)
    grads["dW2"] = -grads["dW2"]
    return grads


def _db1_zero(X, Y, cache, rng):
    grads = nets.backward_propagation(X, Y, cache)
    grads["db1"] = np.zeros_like(grads["db1"])
    return grads


def _dW1_times_m(X, Y, cache, rng):
    grads = nets.backward_propagation(X, Y, cache)
    grads["dW1"] = grads["dW1"] * X.shape[1]
    return grads


# Each wrong gradient is wrong in several entries: with a single wrong entry the norm of the
# error equals the sum of its absolute values, and that mistake would not show.
GRADIENTS = {
    "right gradients": _right,
    "planted bugs in dW2 and db1": _planted_bugs,
    "dW2 with the wrong sign": _dW2_sign,
    "db1 left at zero": _db1_zero,
    "dW1 not divided by m": _dW1_times_m,
}

# (layers, m, gradients, epsilon or None for the default 1e-7): one example, single units,
# several shapes; wrong gradients in 5 of 9 cases, epsilon = 1e-2 in 6 of 9 cases.
_N_PLAN = [
    ([2, 3, 2, 1], 1, "right gradients", None),
    ([4, 5, 3, 1], 6, "planted bugs in dW2 and db1", None),
    ([1, 1, 1, 1], 3, "right gradients", 1e-2),
    ([3, 4, 3, 1], 5, "dW2 with the wrong sign", 1e-2),
    ([2, 4, 3, 1], 4, "dW1 not divided by m", 1e-2),
    ([4, 5, 3, 1], 8, "db1 left at zero", None),
    ([3, 2, 4, 1], 5, "planted bugs in dW2 and db1", 1e-2),
    ([2, 5, 2, 1], 2, "right gradients", 1e-2),
    ([5, 3, 2, 1], 7, "right gradients", 1e-2),
]


def _clearly_wrong(gradients, right) -> bool:
    """True if the planted error has at least 3 entries above 5 % of its largest one and a norm
    of at least 5 % of the right gradient's: then every wrong norm gives another number (with
    only one wrong entry, a sum of absolute values equals the norm)."""
    error = nets.gradients_to_vector(gradients) - nets.gradients_to_vector(right)
    size = np.abs(error)
    return (int(np.sum(size > 0.05 * size.max())) >= 3
            and np.linalg.norm(error) >= 0.05 * np.linalg.norm(nets.gradients_to_vector(right)))


def _check_n_cases(rng):
    cases = []
    for dims, m, kind, epsilon in _N_PLAN:
        for _ in range(100):  # a wrong gradient must be clearly wrong; draw again if not
            X, Y, parameters = well_conditioned_case(rng, dims, m)
            _, cache = nets.forward_propagation(X, parameters)
            gradients = GRADIENTS[kind](X, Y, cache, rng)
            if kind == "right gradients" or _clearly_wrong(
                    gradients, nets.backward_propagation(X, Y, cache)):
                break
        label = f"layers {dims}, m = {m}, {kind}"
        if epsilon is None:
            cases.append(Case(label, (parameters, gradients, X, Y)))
        else:
            cases.append(Case(label + f", epsilon = {epsilon:g}", (parameters, gradients, X, Y),
                              {"epsilon": epsilon}))
    return cases


NORM_HINT = ("The relative difference is np.linalg.norm(grad - gradapprox) divided by "
             "(np.linalg.norm(grad) + np.linalg.norm(gradapprox)).")

CHECK_N = Task(
    id="1.12", assignment=ASSIGNMENT, function="gradient_check_n", points=3,
    reference=ref.gradient_check_n, cases=_check_n_cases, returns="difference", tol=TOL,
    mistakes=(
        Mistake("one-sided differences",
                "Use the two-sided difference (J_plus - J_minus) / (2 * epsilon) with "
                "J_minus = J(theta - epsilon e_i): its error is O(epsilon^2), not O(epsilon).",
                partial(_check_n_like, one_sided=True)),
        Mistake(*TWICE_EPS, partial(_check_n_like, divide_by=1.0)),
        Mistake("theta not restored after perturbing it (theta_plus = theta makes no copy)",
                "theta_plus = theta is the SAME array: every change stays in theta. Start each "
                "perturbation from a copy: theta_plus = np.copy(theta).",
                partial(_check_n_like, no_copy=True)),
        Mistake(*WRONG_SIGN, partial(_check_n_like, norm="plus")),
        Mistake("relative difference without the denominator", NORM_HINT,
                partial(_check_n_like, norm="numerator only")),
        Mistake("denominator with ||grad|| only", NORM_HINT,
                partial(_check_n_like, norm="grad only")),
        Mistake("squared norms in the relative difference", NORM_HINT + " Norms, not squares.",
                partial(_check_n_like, norm="squared")),
        Mistake("sum of absolute differences instead of the norm", NORM_HINT,
                partial(_check_n_like, norm="abs sum")),
        Mistake("gradapprox of shape (n,) against grad of shape (n, 1)",
                "grad - gradapprox then broadcasts to an (n, n) matrix; make gradapprox a column "
                "(n, 1) like grad, e.g. np.zeros((num_parameters, 1)).",
                partial(_check_n_like, flat_gradapprox=True)),
    ),
)

TASKS = (CHECK_1D, CHECK_N)
register(*TASKS)
