"""Plots the lessons use: decision boundaries, cost curves, optimizer paths, series, histograms.

Every helper draws with matplotlib only, labels what it draws (title, axis labels, legend) and
returns what it drew on (an ``Axes`` or a ``Figure``) so a lesson can add to it. No helper calls
``plt.show()``: Jupyter shows the figure at the end of the cell, and tests can use the Agg
backend. Examples are columns, as everywhere in the kit: ``X`` is ``(2, m)``, ``Y`` is ``(1, m)``.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

__all__ = [
    "plot_activation_histograms",
    "plot_confusion_matrix",
    "plot_costs",
    "plot_decision_boundary",
    "plot_series",
    "plot_trajectories",
    "show_digits",
]

# Light fills for the regions, strong colors for the points: class 0 red, class 1 blue.
_REGION_COLORS = ["#f6c6c2", "#c6d9f1"]
_POINT_COLORS = ("#c0392b", "#1f5fa8")


def _new_axes(ax, figsize=(6.0, 4.5)):
    """``ax`` itself, or the axes of a new figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def plot_decision_boundary(predict_fn, X, Y, ax=None, title=None, resolution=200):
    """Color the plane by the class ``predict_fn`` gives it, and draw the points on top.

    The plane around the points (10% margin) is sampled on a ``resolution x resolution`` grid;
    the grid points are passed to ``predict_fn`` at once as the columns of a (2, k) array.
    Values above 0.5 count as class 1 (so both 0/1 labels and probabilities work).

    Args:
        predict_fn: function (2, k) array -> (1, k) or (k,) labels or probabilities.
        X: (2, m) points; Y: (1, m) or (m,) labels 0/1.
        ax: the axes to draw on (default: a new figure).
        title: title of the plot.
        resolution: number of grid points along each axis.
    Returns:
        the matplotlib Axes.
    """
    X = np.asarray(X, dtype=np.float64)
    labels = np.asarray(Y).reshape(-1)
    ax = _new_axes(ax)
    span = X.max(axis=1) - X.min(axis=1)
    margin = np.where(span > 0, 0.1 * span, 1.0)
    low, high = X.min(axis=1) - margin, X.max(axis=1) + margin
    xx, yy = np.meshgrid(np.linspace(low[0], high[0], resolution),
                         np.linspace(low[1], high[1], resolution))
    grid = np.vstack([xx.ravel(), yy.ravel()])  # (2, k), one grid point per column
    predicted = np.asarray(predict_fn(grid), dtype=np.float64).reshape(-1)
    if predicted.size != grid.shape[1]:
        raise ValueError(f"predict_fn returned {predicted.size} values for {grid.shape[1]} "
                         "grid points; it must return (1, k) or (k,)")
    regions = (predicted > 0.5).astype(np.float64).reshape(xx.shape)
    from matplotlib.colors import ListedColormap  # here: importing this module stays cheap

    ax.contourf(xx, yy, regions, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(_REGION_COLORS))
    ax.contour(xx, yy, regions, levels=[0.5], colors="0.35", linewidths=0.8)
    for value, color in zip((0, 1), _POINT_COLORS):
        chosen = labels == value
        ax.scatter(X[0, chosen], X[1, chosen], s=14, c=color, edgecolors="black",
                   linewidths=0.4, label=f"y = {value}")
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title if title is not None else "Decision boundary")
    ax.legend(loc="upper right", fontsize="small", framealpha=0.9)
    return ax


def plot_costs(curves, ax=None, xlabel="iteration", ylabel="cost", title=None, logy=False,
               every=1):
    """One line per cost curve, with a legend.

    Args:
        curves: dict label -> sequence of costs, recorded every ``every`` iterations (cost k is
            drawn at iteration ``k * every``).
        ax: the axes to draw on (default: a new figure).
        xlabel, ylabel, title: labels of the plot.
        logy: use a logarithmic cost axis.
        every: number of iterations between two recorded costs.
    Returns:
        the matplotlib Axes.
    """
    ax = _new_axes(ax)
    for label, costs in curves.items():
        costs = np.asarray(costs, dtype=np.float64).reshape(-1)
        ax.plot(np.arange(costs.size) * every, costs, label=str(label), linewidth=1.5)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title if title is not None else "Cost during training")
    ax.grid(True, alpha=0.3)
    if curves:
        ax.legend(fontsize="small")
    return ax


def plot_trajectories(f, paths, xlim, ylim, ax=None, title=None, levels=30):
    """Contour lines of ``f(x, y)`` with the path of each optimizer drawn on top.

    When ``levels`` is a number, the contour values are spaced geometrically above the grid's
    minimum, so the lines are dense near the minimum, where the paths end.

    Args:
        f: function of two grid arrays (same shape) returning f at each point (vectorized).
        paths: dict label -> (T, 2) array of the points (x, y) visited, start first.
        xlim, ylim: (low, high) ranges of the plot.
        ax: the axes to draw on (default: a new figure).
        title: title of the plot.
        levels: number of contour lines, or a sequence of contour values.
    Returns:
        the matplotlib Axes.
    """
    ax = _new_axes(ax, figsize=(7.0, 4.5))
    xx, yy = np.meshgrid(np.linspace(*xlim, 300), np.linspace(*ylim, 300))
    zz = np.asarray(f(xx, yy), dtype=np.float64)
    if np.ndim(levels) == 0:
        low, high = np.nanmin(zz), np.nanmax(zz)
        levels = low + (high - low) * np.geomspace(1e-3, 1.0, int(levels))
    ax.contour(xx, yy, zz, levels=levels, cmap="Greys", linewidths=0.7, alpha=0.8)
    for label, path in paths.items():
        path = np.asarray(path, dtype=np.float64).reshape(-1, 2)
        line, = ax.plot(path[:, 0], path[:, 1], marker="o", markersize=2.5, linewidth=1.2,
                        label=str(label))
        ax.plot(path[0, 0], path[0, 1], marker="o", markersize=8, markerfacecolor="none",
                markeredgecolor=line.get_color(), linestyle="none")
    if paths:  # one legend entry for all start points
        ax.plot([], [], marker="o", markersize=8, markerfacecolor="none", markeredgecolor="0.2",
                linestyle="none", label="start")
    best = np.unravel_index(np.nanargmin(zz), zz.shape)
    ax.plot(xx[best], yy[best], marker="*", markersize=14, color="gold", markeredgecolor="black",
            linestyle="none", label="minimum")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(title if title is not None else "Optimizer paths on the contours of f")
    ax.legend(fontsize="small", loc="upper right")
    return ax


def plot_series(x, series, ax=None, xlabel=None, ylabel=None, title=None, styles=None,
                raw=None):
    """Lines of several series against the same ``x``, optionally over faint raw data points.

    Args:
        x: (T,) positions (numbers or datetime64 dates).
        series: dict label -> (T,) values, one line each.
        ax: the axes to draw on (default: a new figure).
        xlabel, ylabel, title: labels of the plot.
        styles: dict label -> dict of keyword arguments for ``ax.plot`` (color, linestyle, ...).
        raw: optional (x_raw, y_raw) drawn first as small faint dots labelled "data".
    Returns:
        the matplotlib Axes.
    """
    ax = _new_axes(ax, figsize=(8.0, 4.0))
    styles = styles or {}
    if raw is not None:
        ax.scatter(raw[0], raw[1], s=5, color="0.55", alpha=0.35, label="data", zorder=1)
    for label, values in series.items():
        ax.plot(x, np.asarray(values).reshape(-1), label=str(label), zorder=2,
                **{"linewidth": 1.6, **styles.get(label, {})})
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    if series or raw is not None:
        ax.legend(fontsize="small")
    return ax


def plot_activation_histograms(activations, title=None, bins=50, labels=None, sharex="auto"):
    """One small histogram per layer, each titled with its layer, mean and standard deviation.

    Non-finite values (overflow) are left out of the histogram and counted in the title.

    Args:
        activations: list of arrays, one per layer (e.g. A1 ... AL, any shape).
        title: title of the whole figure.
        bins: number of bins of each histogram.
        labels: names of the panels (default "layer 1", "layer 2", ...).
        sharex: True, False or "auto": one x-range for all panels; "auto" shares it when all
            values are finite and the widest layer spans at most 100 times the narrowest one.
    Returns:
        the matplotlib Figure.
    """
    values = [np.asarray(a, dtype=np.float64).reshape(-1) for a in activations]
    n = len(values)
    if n == 0:
        raise ValueError("activations is empty: give one array per layer")
    names = list(labels) if labels is not None else [f"layer {i}" for i in range(1, n + 1)]
    finite = [v[np.isfinite(v)] for v in values]
    spans = [float(np.ptp(v)) if v.size else 0.0 for v in finite]
    if sharex == "auto":
        all_finite = all(f.size == v.size and v.size > 0 for f, v in zip(finite, values))
        sharex = all_finite and min(spans) > 0 and max(spans) <= 100 * min(spans)
    shared_range = None
    if sharex and any(f.size for f in finite):
        joined = np.concatenate(finite)
        shared_range = (float(joined.min()), float(joined.max()))
        if shared_range[0] == shared_range[1]:
            shared_range = (shared_range[0] - 0.5, shared_range[1] + 0.5)

    n_rows = math.ceil(n / 6)  # at most 6 panels per row, rows as even as possible
    n_cols = math.ceil(n / n_rows)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(2.8 * n_cols, 2.4 * n_rows + 0.6),
                             squeeze=False, layout="constrained")
    for i, ax in enumerate(axes.ravel()):
        if i >= n:
            ax.set_visible(False)
            continue
        data = finite[i]
        ax.hist(data, bins=bins, range=shared_range, color="#4a7fb5", edgecolor="none")
        mean = float(data.mean()) if data.size else float("nan")
        std = float(data.std()) if data.size else float("nan")
        text = f"{names[i]}\nmean {mean:.3g}, std {std:.3g}"
        dropped = values[i].size - data.size
        if dropped:
            text += f"\n({dropped} non-finite left out)"
        ax.set_title(text, fontsize="small")
        ax.tick_params(labelsize="x-small")
        if i % n_cols == 0:
            ax.set_ylabel("count", fontsize="small")
        if i >= n - n_cols:
            ax.set_xlabel("activation", fontsize="small")
    if title:
        fig.suptitle(title)
    return fig


def show_digits(X, y, predicted=None, n=16, ax_grid=None):
    """A grid of 8x8 digit images with their labels; wrong predictions are written in red.

    Args:
        X: (64, m) images, one per column, pixels in row-major order.
        y: (m,) or (1, m) labels, or (C, m) one-hot labels.
        predicted: optional labels in the same layouts; each title then shows both.
        n: number of images to show (the first n columns).
        ax_grid: optional array of axes to draw in (default: a new figure, 8 images per row).
    Returns:
        the matplotlib Figure.
    """
    def as_labels(labels):
        labels = np.asarray(labels)
        if labels.ndim == 2 and labels.shape[0] > 1:
            return labels.argmax(axis=0)
        return labels.reshape(-1)

    X = np.asarray(X, dtype=np.float64)
    true = as_labels(y)
    guess = as_labels(predicted) if predicted is not None else None
    if ax_grid is None:
        n = min(n, X.shape[1])
        n_cols = min(n, 8)
        n_rows = math.ceil(n / n_cols)
        row_height = 1.5 if guess is None else 1.8  # room for a two-line title
        fig, ax_grid = plt.subplots(n_rows, n_cols, figsize=(1.3 * n_cols, row_height * n_rows),
                                    squeeze=False, layout="constrained")
    axes = np.asarray(ax_grid).ravel()
    fig = axes[0].figure
    n = min(n, X.shape[1], axes.size)
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= n:
            ax.set_axis_off()
            continue
        ax.imshow(X[:, i].reshape(8, 8), cmap="gray_r", interpolation="nearest")
        if guess is None:
            ax.set_title(f"label {int(true[i])}", fontsize="small")
        else:
            wrong = int(guess[i]) != int(true[i])
            ax.set_title(f"label {int(true[i])}\npred {int(guess[i])}", fontsize="small",
                         color="red" if wrong else "black")
    return fig


def plot_confusion_matrix(cm, class_names=None, ax=None):
    """The confusion matrix as a colored table with the count written in each cell.

    Args:
        cm: (C, C) counts; row i is the true class i, column j the predicted class j.
        class_names: names of the C classes (default 0 .. C-1).
        ax: the axes to draw on (default: a new figure).
    Returns:
        the matplotlib Axes.
    """
    cm = np.asarray(cm)
    n_classes = cm.shape[0]
    names = [str(c) for c in (class_names if class_names is not None else range(n_classes))]
    ax = _new_axes(ax, figsize=(5.5, 5.0))
    ax.imshow(cm, cmap="Blues", interpolation="nearest")
    threshold = cm.max() / 2 if cm.size else 0
    for i in range(n_classes):
        for j in range(cm.shape[1]):
            value = cm[i, j]
            text = f"{value:d}" if np.issubdtype(cm.dtype, np.integer) else f"{value:.2g}"
            ax.text(j, i, text, ha="center", va="center", fontsize="small",
                    color="white" if value > threshold else "black")
    ax.set_xticks(range(cm.shape[1]), labels=names)
    ax.set_yticks(range(n_classes), labels=names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title("Confusion matrix")
    return ax
