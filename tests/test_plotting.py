"""Questions about the plotting helpers: do they draw what they promise, legibly and silently?"""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb

from course import plotting

matplotlib.use("Agg")  # no window, as in CI; switching to Agg works after pyplot is imported

# Any warning would reach stderr in a notebook, and nbgrader gives such a cell zero.
pytestmark = pytest.mark.filterwarnings("error")

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    """Fail if a helper calls plt.show(); close every figure after each test."""
    def refuse_show(*args, **kwargs):
        raise AssertionError("plotting helpers must not call plt.show()")

    monkeypatch.setattr(plt, "show", refuse_show)
    yield
    plt.close("all")


def save_png(figure, path) -> None:
    figure.savefig(path)
    assert path.read_bytes()[:8] == PNG_MAGIC


def legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None, "the plot has no legend"
    return [text.get_text() for text in legend.get_texts()]


def scatters(ax) -> list[PathCollection]:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def pixel_color(ax, x, y) -> tuple[float, float, float]:
    """The RGB color drawn at data point (x, y) of ``ax``."""
    figure = ax.figure
    figure.canvas.draw()
    rgba = np.asarray(figure.canvas.buffer_rgba())
    px, py = ax.transData.transform((x, y))
    row = rgba.shape[0] - round(float(py))
    return tuple(rgba[row, round(float(px)), :3] / 255.0)


# --- plot_decision_boundary ----------------------------------------------------------------

def test_does_the_decision_boundary_helper_call_predict_fn_on_a_2_by_k_grid(tmp_path):
    X = np.array([[-1.0, -0.5, 0.5, 1.0], [0.0, 1.0, -1.0, 2.0]])
    Y = np.array([[0, 0, 1, 1]])
    calls = []

    def predict(grid):
        calls.append(grid.copy())
        return 1 / (1 + np.exp(-5 * grid[:1]))  # (1, k) probabilities

    ax = plotting.plot_decision_boundary(predict, X, Y, title="a boundary", resolution=50)
    assert len(calls) == 1
    grid = calls[0]
    assert grid.shape == (2, 50 * 50)
    assert grid[0].min() <= X[0].min() and grid[0].max() >= X[0].max()
    assert grid[1].min() <= X[1].min() and grid[1].max() >= X[1].max()
    assert ax.get_title() == "a boundary"
    assert ax.get_xlabel() and ax.get_ylabel()
    assert legend_texts(ax) == ["y = 0", "y = 1"]
    counts = sorted(len(c.get_offsets()) for c in scatters(ax))
    assert counts == [2, 2]
    save_png(ax.figure, tmp_path / "boundary.png")


def test_are_the_regions_colored_by_the_thresholded_prediction():
    X = np.array([[-1.0, 1.0], [-1.0, 1.0]])
    Y = np.array([0, 1])
    ax = plotting.plot_decision_boundary(lambda grid: (grid[0] > 0).astype(float), X, Y)
    left, right = pixel_color(ax, -0.6, 0.6), pixel_color(ax, 0.6, -0.6)
    assert np.allclose(left, to_rgb("#f6c6c2"), atol=0.02)   # class 0 region
    assert np.allclose(right, to_rgb("#c6d9f1"), atol=0.02)  # class 1 region


def test_does_the_decision_boundary_helper_draw_on_the_given_axes_and_refuse_bad_output():
    _, (ax1, ax2) = plt.subplots(1, 2)
    X, Y = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[0.0, 1.0]])
    assert plotting.plot_decision_boundary(lambda g: g[0], X, Y, ax=ax2) is ax2
    with pytest.raises(ValueError, match="predict_fn"):
        plotting.plot_decision_boundary(lambda g: np.zeros(3), X, Y, ax=ax1)


# --- plot_costs ------------------------------------------------------------------------------

def test_does_plot_costs_draw_one_labelled_line_per_curve(tmp_path):
    curves = {"gd": [1.0, 0.8, 0.6], "momentum": [1.0, 0.6, 0.4], "adam": [1.0, 0.3, 0.1]}
    ax = plotting.plot_costs(curves, every=100, title="three optimizers", logy=True)
    assert len(ax.get_lines()) == 3
    assert legend_texts(ax) == ["gd", "momentum", "adam"]
    for line, costs in zip(ax.get_lines(), curves.values()):
        np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200])
        np.testing.assert_array_equal(line.get_ydata(), costs)
    assert ax.get_yscale() == "log"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == (
        "iteration", "cost", "three optimizers")
    save_png(ax.figure, tmp_path / "costs.png")


# --- plot_trajectories --------------------------------------------------------------------

def test_does_plot_trajectories_draw_each_path_its_start_and_the_minimum(tmp_path):
    def f(x, y):
        return (x - 1) ** 2 / 10 + (y + 0.5) ** 2

    t = np.linspace(0, 1, 20)[:, np.newaxis]
    paths = {"GD": np.hstack([-4 + 5 * t, 1.5 - 2 * t]), "Adam": np.hstack([-4 + 5 * t, 1.5 - t])}
    ax = plotting.plot_trajectories(f, paths, xlim=(-5, 5), ylim=(-2, 2), title="paths")
    assert ax.collections, "no contour lines drawn"
    lines = {line.get_label(): line for line in ax.get_lines()}
    for label, path in paths.items():
        np.testing.assert_allclose(lines[label].get_xydata(), path)
        assert lines[label].get_marker() not in (None, "", "None")
    assert set(legend_texts(ax)) == {"GD", "Adam", "start", "minimum"}
    (x_min,), (y_min,) = lines["minimum"].get_data()
    assert abs(x_min - 1) < 0.05 and abs(y_min + 0.5) < 0.05  # true minimum (1, -0.5)
    assert ax.get_xlim() == (-5, 5) and ax.get_ylim() == (-2, 2)
    assert ax.get_title() == "paths"
    save_png(ax.figure, tmp_path / "paths.png")


# --- plot_series ------------------------------------------------------------------------

def test_does_plot_series_draw_each_series_over_faint_raw_dots(tmp_path):
    dates = np.arange("2012-01-01", "2012-04-10", dtype="datetime64[D]")
    raw = np.sin(np.arange(dates.size) / 10)
    series = {"beta = 0.9": raw * 0.9, "beta = 0.98": raw * 0.5}
    ax = plotting.plot_series(dates, series, xlabel="date", ylabel="temperature",
                              title="EWMA", styles={"beta = 0.98": {"color": "green"}},
                              raw=(dates, raw))
    assert [line.get_label() for line in ax.get_lines()] == list(series)
    assert to_rgb(ax.get_lines()[1].get_color()) == to_rgb("green")
    (dots,) = scatters(ax)
    assert len(dots.get_offsets()) == dates.size
    assert dots.get_alpha() is not None and dots.get_alpha() < 1
    assert set(legend_texts(ax)) == {"beta = 0.9", "beta = 0.98", "data"}
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("date", "temperature", "EWMA")
    save_png(ax.figure, tmp_path / "series.png")


def test_does_plot_series_work_without_raw_data_for_learning_rate_schedules():
    epochs = np.arange(100)
    ax = plotting.plot_series(epochs, {"1/(1+k t)": 1 / (1 + 0.1 * epochs)})
    assert len(ax.get_lines()) == 1 and not scatters(ax)


# --- plot_activation_histograms ---------------------------------------------------------

def test_does_each_layer_get_one_titled_histogram_of_all_its_values(tmp_path):
    rng = np.random.default_rng(0)
    activations = [rng.standard_normal((20, 50)) * (0.5 ** l) for l in range(7)]
    fig = plotting.plot_activation_histograms(activations, title="tanh", bins=30)
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 7
    for l, (ax, values) in enumerate(zip(axes, activations), start=1):
        title = ax.get_title()
        assert f"layer {l}" in title
        assert f"{values.mean():.3g}" in title and f"{values.std():.3g}" in title
        assert sum(patch.get_height() for patch in ax.patches) == values.size
    assert fig._suptitle.get_text() == "tanh"
    save_png(fig, tmp_path / "hist.png")


def test_do_layers_of_similar_spread_share_an_x_range_and_labels_name_the_panels():
    rng = np.random.default_rng(1)
    activations = [rng.standard_normal(500), 2 * rng.standard_normal(500)]
    fig = plotting.plot_activation_histograms(activations, labels=["ReLU 1", "ReLU 2"])
    first, second = fig.axes
    assert first.get_xlim() == second.get_xlim()
    assert first.get_title().startswith("ReLU 1") and second.get_title().startswith("ReLU 2")


def test_are_non_finite_activations_left_out_without_a_warning():
    exploding = np.array([1.0, 2.0, np.inf, -np.inf, np.nan, 3.0])
    fig = plotting.plot_activation_histograms([np.ones(4), exploding])
    ax = fig.axes[1]
    assert sum(patch.get_height() for patch in ax.patches) == 3
    assert "3 non-finite" in ax.get_title()


# --- show_digits -------------------------------------------------------------------------

def test_does_show_digits_draw_each_image_with_wrong_predictions_in_red(tmp_path):
    rng = np.random.default_rng(2)
    X = rng.integers(0, 17, size=(64, 30)).astype(float)
    y = np.arange(30) % 10
    predicted = y.copy()
    predicted[[1, 4]] = 9
    fig = plotting.show_digits(X, y, predicted=predicted, n=10)
    shown = [ax for ax in fig.axes if ax.get_images()]
    assert len(shown) == 10
    for i, ax in enumerate(shown):
        np.testing.assert_array_equal(ax.get_images()[0].get_array(), X[:, i].reshape(8, 8))
        assert f"label {y[i]}" in ax.get_title()
        wrong = i in (1, 4)
        assert to_rgb(ax.title.get_color()) == (to_rgb("red") if wrong else to_rgb("black"))
    save_png(fig, tmp_path / "digits.png")


def test_does_show_digits_fill_a_given_grid_and_accept_one_hot_labels():
    fig, grid = plt.subplots(2, 3)
    X = np.zeros((64, 4))
    one_hot = np.eye(10)[:, [3, 1, 4, 1]]
    assert plotting.show_digits(X, one_hot, ax_grid=grid) is fig
    titles = [ax.get_title() for ax in grid.ravel() if ax.get_images()]
    assert titles == ["label 3", "label 1", "label 4", "label 1"]


# --- plot_confusion_matrix ------------------------------------------------------------------

def test_does_the_confusion_matrix_write_each_count_in_its_cell(tmp_path):
    cm = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]])
    ax = plotting.plot_confusion_matrix(cm, class_names=["cat", "dog", "fox"])
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in ax.texts}
    assert cells == {(i, j): str(cm[i, j]) for i in range(3) for j in range(3)}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "fox"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["cat", "dog", "fox"]
    assert "predicted" in ax.get_xlabel() and "true" in ax.get_ylabel()
    save_png(ax.figure, tmp_path / "confusion.png")
