"""Questions about w1_initialization: its hidden-test cases, fair grading of correct solutions
written other ways, the sample students, and the lesson's given code (course/layer_stats.py)."""
from __future__ import annotations

import ast
import copy
import io
import itertools
import math
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import well_conditioned_case

from autograder import samples
from autograder.harness import grade, prepare
from autograder.harness.spec import get_task, tasks_of
from autograder.reference import w1_initialization as ref
from autograder.reference.numgrad import numerical_gradient, rel_error
from course import layer_stats, nets

matplotlib.use("Agg")

ASSIGNMENT = "w1_initialization"
SEEDS = (1, 2, 3, 17)

def score(task_id: str, fn, seed: int = 11) -> tuple[float, str]:
    out = io.StringIO()
    points = grade(task_id, {get_task(task_id).function: fn}, seed=seed, out=out)
    return points, out.getvalue()


def assert_full_marks(task_id: str, fn) -> None:
    task = get_task(task_id)
    for seed in SEEDS:
        points, text = score(task_id, fn, seed)
        assert points == task.points, text


# --- 1.1 normalize_inputs: correct solutions written other ways ------------------------------

def normalize_with_np_var(X_train, X_test):
    mu = X_train.mean(axis=1, keepdims=True)
    sigma2 = np.var(X_train, axis=1, keepdims=True)
    return (X_train - mu) / np.sqrt(sigma2), (X_test - mu) / np.sqrt(sigma2), mu, sigma2


def normalize_with_std_squared(X_train, X_test):
    mu = np.mean(X_train, axis=1).reshape(-1, 1)
    sigma = np.std(X_train, axis=1).reshape(-1, 1)
    return (X_train - mu) / sigma, (X_test - mu) / sigma, mu, sigma ** 2


def normalize_with_sums(X_train, X_test):
    m = X_train.shape[1]
    mu = np.sum(X_train, axis=1, keepdims=True) / m
    sigma2 = np.sum(X_train ** 2, axis=1, keepdims=True) / m - mu ** 2   # E[x^2] - mu^2
    return (X_train - mu) / sigma2 ** 0.5, (X_test - mu) / sigma2 ** 0.5, mu, sigma2


def normalize_feature_by_feature(X_train, X_test):
    n_x, m = X_train.shape
    mu, sigma2 = np.zeros((n_x, 1)), np.zeros((n_x, 1))
    for j in range(n_x):
        mu[j, 0] = sum(X_train[j]) / m
        sigma2[j, 0] = sum((x - mu[j, 0]) ** 2 for x in X_train[j]) / m
    X_train_n, X_test_n = X_train.copy(), X_test.copy()
    for j in range(n_x):
        X_train_n[j] = (X_train_n[j] - mu[j, 0]) / math.sqrt(sigma2[j, 0])
        X_test_n[j] = (X_test_n[j] - mu[j, 0]) / math.sqrt(sigma2[j, 0])
    return X_train_n, X_test_n, mu, sigma2


def normalize_returning_a_list(X_train, X_test):
    mu = X_train.mean(axis=1, keepdims=True)
    sigma2 = ((X_train - mu) ** 2).mean(axis=1, keepdims=True)
    return [np.divide(X_train - mu, np.sqrt(sigma2)), np.divide(X_test - mu, np.sqrt(sigma2)),
            mu, sigma2]


def normalize_with_a_tiny_epsilon(X_train, X_test):
    mu = np.mean(X_train, axis=1, keepdims=True)
    sigma2 = np.mean((X_train - mu) ** 2, axis=1, keepdims=True)
    sigma = np.sqrt(sigma2 + 1e-8)          # a habit from batch norm; the lesson says no epsilon
    return (X_train - mu) / sigma, (X_test - mu) / sigma, mu, sigma2


@pytest.mark.parametrize("fn", [normalize_with_np_var, normalize_with_std_squared,
                                normalize_with_sums, normalize_feature_by_feature,
                                normalize_returning_a_list, normalize_with_a_tiny_epsilon],
                         ids=lambda f: f.__name__)
def test_does_a_correct_normalization_written_another_way_keep_full_marks(fn):
    assert_full_marks("1.1", fn)


# --- 1.2 zeros ------------------------------------------------------------------------------

def zeros_dict_comprehension(layers_dims):
    L = len(layers_dims) - 1
    return {f"{p}{l}": np.zeros((layers_dims[l], layers_dims[l - 1] if p == "W" else 1))
            for l in range(1, L + 1) for p in "Wb"}


def zeros_coursera_loop(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros(shape=(layers_dims[l], layers_dims[l - 1]),
                                            dtype=float)
        parameters["b" + str(l)] = np.zeros(shape=(layers_dims[l], 1))
    return parameters


def zeros_from_ones(layers_dims):
    parameters = {}
    for l, (n_prev, n) in enumerate(itertools.pairwise(layers_dims), start=1):
        parameters["b" + str(l)] = 0.0 * np.ones((n, 1))     # b before W: key order is free
        parameters["W" + str(l)] = 0.0 * np.ones((n, n_prev))
    return parameters


def zeros_like_an_empty_array(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros_like(np.empty((layers_dims[l], layers_dims[l - 1])))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


@pytest.mark.parametrize("fn", [zeros_dict_comprehension, zeros_coursera_loop, zeros_from_ones,
                                zeros_like_an_empty_array], ids=lambda f: f.__name__)
def test_does_a_correct_zeros_init_written_another_way_keep_full_marks(fn):
    assert_full_marks("1.2", fn)


# --- 1.3 random, 1.4 Xavier, 1.5 He ----------------------------------------------------------

def random_with_rng_normal(layers_dims, rng, scale=10.0):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.normal(0, scale, (layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def random_flat_draws_reshaped(layers_dims, rng, scale=10.0):
    parameters = {}
    for l in range(1, len(layers_dims)):
        n, n_prev = layers_dims[l], layers_dims[l - 1]
        parameters[f"W{l}"] = np.multiply(rng.standard_normal(n * n_prev).reshape(n, n_prev),
                                          scale)
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters


def random_weights_first_then_biases(layers_dims, rng, scale=10.0):
    L = len(layers_dims) - 1
    weights = [scale * rng.standard_normal(size=(layers_dims[l], layers_dims[l - 1]))
               for l in range(1, L + 1)]
    parameters = {f"W{l}": W for l, W in enumerate(weights, start=1)}
    for l in range(1, L + 1):
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def random_with_keyword_normal(layers_dims, rng, scale=10.0):
    parameters = {}
    for l in range(1, len(layers_dims)):
        shape = (layers_dims[l], layers_dims[l - 1])
        parameters["W" + str(l)] = rng.normal(loc=0.0, scale=scale, size=shape)
        parameters["b" + str(l)] = np.zeros((shape[0], 1))
    return parameters


@pytest.mark.parametrize("fn", [random_with_rng_normal, random_flat_draws_reshaped,
                                random_weights_first_then_biases, random_with_keyword_normal],
                         ids=lambda f: f.__name__)
def test_does_a_correct_random_init_written_another_way_keep_full_marks(fn):
    assert_full_marks("1.3", fn)


def _scaled_init(factor, draw="standard_normal"):
    """A correct Xavier (factor(n_prev) = std) or He init written in one of several ways."""
    def init(layers_dims, rng):
        parameters = {}
        for l in range(1, len(layers_dims)):
            n, n_prev = layers_dims[l], layers_dims[l - 1]
            if draw == "normal":
                W = rng.normal(0.0, factor(n_prev), size=(n, n_prev))
            elif draw == "divide":
                W = rng.standard_normal((n, n_prev)) / (1.0 / factor(n_prev))
            else:
                W = rng.standard_normal((n, n_prev)) * factor(n_prev)
            parameters["W" + str(l)] = W
            parameters["b" + str(l)] = np.zeros((n, 1))
        return parameters
    return init


XAVIER_WAYS = {
    "np.sqrt(1 / n)": _scaled_init(lambda n: np.sqrt(1 / n)),
    "1 / np.sqrt(n)": _scaled_init(lambda n: 1 / np.sqrt(n)),
    "math.sqrt(1.0 / n)": _scaled_init(lambda n: math.sqrt(1.0 / n)),
    "(1 / n) ** 0.5": _scaled_init(lambda n: (1 / n) ** 0.5),
    "rng.normal(0, std)": _scaled_init(lambda n: np.sqrt(1 / n), draw="normal"),
    "divide by sqrt(n)": _scaled_init(lambda n: 1 / np.sqrt(n), draw="divide"),
}
HE_WAYS = {
    "np.sqrt(2 / n)": _scaled_init(lambda n: np.sqrt(2 / n)),
    "np.sqrt(2) / np.sqrt(n)": _scaled_init(lambda n: np.sqrt(2) / np.sqrt(n)),
    "math.sqrt(2.0 / n)": _scaled_init(lambda n: math.sqrt(2.0 / n)),
    "(2 / n) ** 0.5": _scaled_init(lambda n: (2 / n) ** 0.5),
    "rng.normal(0, std)": _scaled_init(lambda n: np.sqrt(2 / n), draw="normal"),
    "divide by sqrt(n / 2)": _scaled_init(lambda n: 1 / np.sqrt(n / 2), draw="divide"),
}


@pytest.mark.parametrize("way", XAVIER_WAYS)
def test_does_a_correct_xavier_init_written_another_way_keep_full_marks(way):
    assert_full_marks("1.4", XAVIER_WAYS[way])


@pytest.mark.parametrize("way", HE_WAYS)
def test_does_a_correct_he_init_written_another_way_keep_full_marks(way):
    assert_full_marks("1.5", HE_WAYS[way])


def test_does_xavier_handed_in_as_he_lose_points_and_get_named():
    points, text = score("1.5", XAVIER_WAYS["np.sqrt(1 / n)"])
    assert points == 0, text
    assert "Xavier's factor" in text


# --- the cases ------------------------------------------------------------------------------

def test_do_the_normalization_cases_cover_the_edge_cases_and_expose_the_mistakes():
    for seed in SEEDS:
        cases = prepare(get_task("1.1"), seed).cases
        shapes = [(c.args[0].shape, c.args[1].shape) for c in cases]
        assert any(test[1] == 1 for _, test in shapes), "a test set of one example"
        assert any(train[0] == 1 for train, _ in shapes), "a single feature"
        assert any(train == test for train, test in shapes), "axis=0 must broadcast somewhere"
        for case in cases:
            X_train = case.args[0]
            sigma2 = X_train.var(axis=1)
            # away from 1, so that sigma2 vs sqrt(sigma2) and std vs variance differ
            assert np.all(np.abs(np.log10(sigma2)) > 0.05), sigma2
            assert np.any(np.abs(np.log10(sigma2)) > 0.5), sigma2
            assert X_train.shape[1] <= 20, "m and m - 1 differ by at least 5 %"


@pytest.mark.parametrize("task_id", ["1.2", "1.3", "1.4", "1.5"])
def test_do_the_initialization_cases_include_one_layer_and_a_single_unit(task_id):
    dims = [c.args[0] for c in prepare(get_task(task_id), 3).cases]
    assert [3, 2] in dims and [1, 1] in dims
    assert sum(len(d) > 3 for d in dims) >= 2, "deeper nets too"
    non_square = [d for d in dims if all(a != b for a, b in itertools.pairwise(d))]
    assert len(non_square) >= len(dims) - 1, "n_l != n_{l-1}, so that a swap shows"


@pytest.mark.parametrize("task_id", ["1.2", "1.3", "1.4", "1.5"])
def test_is_no_hidden_case_the_visible_example(task_id):
    # the visible checks use [3, 2, 1]: a function that returns their expected output scores 0
    for seed in SEEDS:
        assert all(c.args[0] != [3, 2, 1] for c in prepare(get_task(task_id), seed).cases)


@pytest.mark.parametrize("task_id", ["1.3", "1.4", "1.5"])
def test_does_each_random_case_get_its_own_generator(task_id):
    cases = prepare(get_task(task_id), 5).cases
    rngs = [c.args[1] for c in cases]
    assert all(type(r) is np.random.Generator for r in rngs)
    assert len({id(r) for r in rngs}) == len(rngs)
    firsts = [copy.deepcopy(r).standard_normal() for r in rngs]
    assert len(set(firsts)) == len(firsts)


def test_does_the_random_init_case_plan_test_the_scale_argument():
    cases = prepare(get_task("1.3"), 4).cases
    scales = [c.kwargs.get("scale", 10.0) for c in cases]
    assert sum(s != 10.0 for s in scales) >= len(scales) - 1
    assert any("scale" not in c.kwargs for c in cases), "the default scale is used once"


@pytest.mark.parametrize("task_id", ["1.3", "1.4", "1.5"])
def test_does_grading_twice_with_the_same_seed_give_the_same_full_marks(task_id):
    # a student's function draws from its case's generator: a second grading must not see it used
    task = get_task(task_id)
    first, _ = score(task_id, task.reference, seed=29)
    second, text = score(task_id, XAVIER_WAYS["np.sqrt(1 / n)"] if task_id == "1.4"
                         else HE_WAYS["np.sqrt(2 / n)"] if task_id == "1.5"
                         else random_with_rng_normal, seed=29)
    assert first == second == task.points, text


# --- the sample class (in process; tests/test_sample_classes.py runs it through nbgrader) -----

def student_functions(path: Path) -> dict:
    """The functions of a sample student's file, defined as in the notebook: the file's imports
    are dropped (the submission gets only the function sources), so only the setup cell's names
    exist (np, plt, ...)."""
    text = path.read_text()
    namespace: dict = {"np": np, "plt": plt}
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef):
            exec(ast.get_source_segment(text, node), namespace)  # noqa: S102  (our own file)
    return namespace


def test_does_every_sample_student_lose_points_only_where_expected_with_the_mistake_named():
    folder = Path(samples.SAMPLES) / ASSIGNMENT
    for student, spec in samples.expected(ASSIGNMENT).items():
        if spec["kind"] != "overrides":
            continue
        namespace = student_functions(folder / f"{student}.py")
        for task in tasks_of(ASSIGNMENT):
            if task.function not in namespace:
                continue
            points, text = score(task.id, namespace[task.function])
            expect = spec["expect"]
            if expect == "zero":
                assert points == 0, (student, text)
            else:
                assert task.id in expect, (student, task.id)
                assert points <= task.points / 2, (student, text)
                assert expect[task.id] in text, (student, text)


# --- course/layer_stats.py ------------------------------------------------------------------

def small_deep_case(seed: int, dims, m: int, activation: str):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((dims[-1], m)) < 0.5).astype(float)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
        parameters[f"b{l}"] = 0.3 * rng.standard_normal((dims[l], 1))
    return X, Y, parameters


def deep_cost(X, Y, parameters, activation):
    A = nets.forward_activations(X, parameters, activation)[-1]
    return float(-np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=0)))


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("dims, m", [([3, 4, 3, 1], 5), ([2, 5, 1], 1), ([4, 3, 3, 3, 2], 6)])
def test_do_deep_gradients_match_the_numerical_gradient(activation, dims, m):
    X, Y, parameters = small_deep_case(len(dims) + m, dims, m, activation)
    grads = layer_stats.deep_gradients(X, Y, parameters, activation)
    assert list(grads) == [f"d{p}{l}" for l in range(1, len(dims)) for p in "Wb"]
    for name, value in parameters.items():
        assert grads["d" + name].shape == value.shape
        numeric = numerical_gradient(lambda: deep_cost(X, Y, parameters, activation), value)
        assert rel_error(grads["d" + name], numeric) < 1e-7, name


@pytest.mark.parametrize("seed, dims, m", [(0, (2, 3, 2, 1), 1), (2, (4, 5, 3, 1), 7),
                                           (4, (5, 6, 4, 1), 12)])
def test_do_deep_gradients_of_a_relu_net_equal_the_given_3_layer_backward_pass(seed, dims, m):
    X, Y, parameters = well_conditioned_case(seed, dims, m)
    grads = layer_stats.deep_gradients(X, Y, parameters, "relu")
    _, cache = nets.forward_propagation(X, parameters)
    given = nets.backward_propagation(X, Y, cache)
    for name in parameters:
        np.testing.assert_allclose(grads["d" + name], given["d" + name], rtol=1e-12, atol=1e-15)


def test_do_deep_gradients_reuse_given_activations_and_refuse_a_wrong_list():
    X, Y, parameters = small_deep_case(3, [3, 4, 2, 1], 6, "tanh")
    activations = nets.forward_activations(X, parameters, "tanh")
    with_given = layer_stats.deep_gradients(X, Y, parameters, "tanh", activations=activations)
    computed = layer_stats.deep_gradients(X, Y, parameters, "tanh")
    for key in computed:
        np.testing.assert_array_equal(with_given[key], computed[key])
    with pytest.raises(ValueError, match="A1 ... A3"):
        layer_stats.deep_gradients(X, Y, parameters, "tanh", activations=activations[:-1])


def test_do_deep_gradients_refuse_an_unknown_activation():
    X, Y, parameters = small_deep_case(0, [2, 2, 1], 3, "tanh")
    with pytest.raises(ValueError, match="activation"):
        layer_stats.deep_gradients(X, Y, parameters, "softplus")


def test_does_mean_abs_give_one_number_per_array():
    values = layer_stats.mean_abs([np.array([[-1.0, 3.0]]), np.array([2]), np.zeros((2, 2))])
    np.testing.assert_array_equal(values, [2.0, 2.0, 0.0])
    assert values.dtype == np.float64


@pytest.fixture
def no_show_and_close(monkeypatch):
    def refuse_show(*args, **kwargs):
        raise AssertionError("plotting helpers must not call plt.show()")

    monkeypatch.setattr(plt, "show", refuse_show)
    yield
    plt.close("all")


@pytest.mark.filterwarnings("error")
def test_does_the_activation_grid_draw_one_panel_per_network_and_layer(no_show_and_close,
                                                                         tmp_path):
    rng = np.random.default_rng(0)
    rows = {"small": [0.01 * rng.standard_normal((4, 50)) for _ in range(3)],
            "relu": [np.maximum(0.0, rng.standard_normal((4, 50))) for _ in range(3)]}
    rows["relu"][2][0, 0] = np.inf      # an overflow is left out, not drawn
    fig = layer_stats.plot_activation_grid(rows, title="grid", skip_zeros=True)
    axes = fig.axes
    assert len(axes) == 6
    assert axes[0].get_ylabel() == "small" and axes[3].get_ylabel() == "relu"
    assert axes[1].get_title().startswith("layer 2\nstd ")
    assert fig._suptitle.get_text() == "grid"
    # one shared x-range per row, written under its first panel
    assert axes[0].get_xlim() == axes[2].get_xlim()
    assert axes[0].get_xlabel().startswith("x from ")
    # skip_zeros: the zeros of the relu row are not counted in its histograms
    heights = [patch for patch in axes[3].patches]
    assert heights, "a filled histogram is drawn"
    fig.savefig(tmp_path / "grid.png")


def test_does_the_activation_grid_refuse_empty_or_ragged_rows(no_show_and_close):
    with pytest.raises(ValueError):
        layer_stats.plot_activation_grid({})
    with pytest.raises(ValueError):
        layer_stats.plot_activation_grid({"a": [np.ones(3)], "b": [np.ones(3), np.ones(3)]})


def test_does_the_activation_grid_count_zeros_in_the_std_but_not_in_the_bars(no_show_and_close):
    values = np.array([0.0, 0.0, 0.0, 0.5, 1.5, 3.0])
    fig = layer_stats.plot_activation_grid({"r": [values]}, skip_zeros=True, bins=3)
    ax = fig.axes[0]
    assert f"std {values.std():.2g}" in ax.get_title()
    (bars,) = ax.patches
    # 3 non-zero values, one in each of the 3 bins from 0 to 3: the 3 zeros are not counted
    assert ax.get_xlim() == (0.0, 3.0)
    assert bars.get_path().vertices[:, 1].max() == 1.0


# --- the reference's documented draws (the order the lesson states) -------------------------

@pytest.mark.parametrize("fn, std", [
    (ref.initialize_parameters_xavier, lambda n: np.sqrt(1 / n)),
    (ref.initialize_parameters_he, lambda n: np.sqrt(2 / n)),
    (lambda d, rng: ref.initialize_parameters_random(d, rng, scale=3.0), lambda n: 3.0),
])
def test_does_the_reference_draw_w1_then_w2_as_the_lesson_says(fn, std):
    dims = [4, 3, 2]
    parameters = fn(dims, np.random.default_rng(8))
    rng = np.random.default_rng(8)
    np.testing.assert_array_equal(parameters["W1"], rng.standard_normal((3, 4)) * std(4))
    np.testing.assert_array_equal(parameters["W2"], rng.standard_normal((2, 3)) * std(3))
    assert not np.any(parameters["b1"]) and not np.any(parameters["b2"])
