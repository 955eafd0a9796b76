"""Load the kit's data sets, each checked against the sha256 in ``datasets/manifest.json``.

Every loader first calls ``verify(name)``: a missing or changed file stops with a
``DatasetError`` that says how to restore it, so a lesson never trains on damaged data. A
successful check is remembered for the rest of the process (keyed by path, size and
modification time), so calling a loader again is fast.

Examples are columns, as everywhere in the kit: ``X`` is ``(n_x, m)`` and binary labels ``Y`` are
``(1, m)``. Only numpy and the standard library are used.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
from pathlib import Path

import numpy as np

__all__ = [
    "DATASETS_DIR",
    "DatasetError",
    "load_circles",
    "load_digits",
    "load_moons",
    "load_overfit",
    "load_seattle_temperatures",
    "load_seattle_weather",
    "split_columns",
    "verify",
]

# The `datasets/` folder beside the `course` package; KIT_DATASETS_DIR replaces it. The variable
# is also read at each call, so setting it later (for instance in a test) takes effect.
DATASETS_DIR = Path(
    os.environ.get("KIT_DATASETS_DIR") or Path(__file__).resolve().parent.parent / "datasets"
)

_MANIFEST = "manifest.json"
_GENERATOR = "datasets/make_synthetic.py"

# Successful checks: (path, size, mtime_ns, expected sha256) of files whose content was hashed.
_verified: set[tuple[str, int, int, str]] = set()


class DatasetError(Exception):
    """A data file is missing, changed, or not what its manifest entry describes."""


def _datasets_dir(directory: str | os.PathLike | None = None) -> Path:
    """The folder to read: ``directory`` if given, else $KIT_DATASETS_DIR, else DATASETS_DIR."""
    if directory is not None:
        return Path(directory)
    env = os.environ.get("KIT_DATASETS_DIR")
    return Path(env) if env else Path(DATASETS_DIR)


def _manifest_entry(name: str, folder: Path) -> dict:
    """The entry called ``name`` in ``folder/manifest.json``."""
    path = folder / _MANIFEST
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise DatasetError(
            f"The data manifest {path} is missing. Restore it with "
            f"`git checkout -- datasets/{_MANIFEST}`."
        ) from None
    except json.JSONDecodeError as err:
        raise DatasetError(
            f"The data manifest {path} is not valid JSON ({err}). Restore it with "
            f"`git checkout -- datasets/{_MANIFEST}`."
        ) from None
    entries = {entry.get("name"): entry for entry in manifest.get("datasets", [])}
    if name not in entries:
        known = ", ".join(sorted(str(key) for key in entries))
        raise DatasetError(f"No data set called {name!r} in {path}. Known data sets: {known}.")
    return entries[name]


def _how_to_restore(entry: dict) -> str:
    """One sentence that tells how to get the committed file back."""
    hint = f"Restore it with `git checkout -- datasets/{entry['file']}`"
    if entry.get("generated"):
        hint += f" or regenerate it with `python {_GENERATOR}`"
    return hint + "."


def _sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(name: str, directory: str | os.PathLike | None = None) -> Path:
    """Check that the file of manifest entry ``name`` exists and has the recorded sha256.

    Args:
        name: a manifest entry, e.g. "circles", "moons", "overfit", "seattle_weather", "digits".
        directory: folder holding the files and ``manifest.json``; default: $KIT_DATASETS_DIR if
            set, else DATASETS_DIR.
    Returns:
        the path of the checked file.
    Raises:
        DatasetError: unknown name, missing file or wrong checksum; the message names the file,
            the expected (and found) sha256 and how to restore the file.
    """
    folder = _datasets_dir(directory)
    entry = _manifest_entry(name, folder)
    path = folder / entry["file"]
    expected = str(entry["sha256"]).lower()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DatasetError(
            f"Data file {path} is missing (expected sha256 {expected}). {_how_to_restore(entry)}"
        ) from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, expected)
    if key in _verified:
        return path
    found = _sha256(path)
    if found != expected:
        raise DatasetError(
            f"Data file {path} is corrupted or was changed: expected sha256 {expected}, "
            f"found {found}. {_how_to_restore(entry)}"
        )
    _verified.add(key)
    return path


def _read_rows(name: str) -> list[list[str]]:
    """Verify data set ``name`` and return all rows of its CSV file (read through gzip if .gz)."""
    path = verify(name)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _load_binary_2d(name: str):
    """Load one of the synthetic 2-D sets (columns x1, x2, y, split) as train/test arrays."""
    header, *rows = _read_rows(name)
    if header != ["x1", "x2", "y", "split"]:
        raise DatasetError(f"Data set {name!r} has columns {header}, expected x1,x2,y,split.")
    table = np.array(rows, dtype=str).reshape(len(rows), 4)
    X = table[:, :2].astype(np.float64).T            # (2, m)
    Y = table[:, 2].astype(np.float64)[np.newaxis]    # (1, m)
    is_train = table[:, 3] == "train"
    return (np.ascontiguousarray(X[:, is_train]), np.ascontiguousarray(Y[:, is_train]),
            np.ascontiguousarray(X[:, ~is_train]), np.ascontiguousarray(Y[:, ~is_train]))


def load_circles():
    """Two noisy concentric circles (inner = 1, outer = 0), for the initialization lesson.

    Returns:
        X_train (2, 300), Y_train (1, 300), X_test (2, 100), Y_test (1, 100); float64, labels
        0.0 or 1.0.
    """
    return _load_binary_2d("circles")


def load_moons():
    """Two interleaving noisy half-moons (upper = 0, lower = 1), for the optimizers lesson.

    Returns:
        X_train (2, 300), Y_train (1, 300), X_test (2, 100), Y_test (1, 100); float64, labels
        0.0 or 1.0.
    """
    return _load_binary_2d("moons")


def load_overfit():
    """A small noisy set with a wiggly boundary, for the regularization lesson.

    Returns:
        X_train (2, 200), Y_train (1, 200), X_test (2, 200), Y_test (1, 200); float64, labels
        0.0 or 1.0.
    """
    return _load_binary_2d("overfit")


def load_seattle_weather() -> dict[str, np.ndarray]:
    """Daily weather in Seattle, 2012-01-01 to 2015-12-31 (NOAA, via vega_datasets).

    Returns:
        dict of (1461,) arrays: "date" datetime64[D]; "precipitation" (mm), "temp_max",
        "temp_min" (degrees C), "wind" (m/s) float64; "weather" str ("sun", "rain", ...).
    """
    header, *rows = _read_rows("seattle_weather")
    expected = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"]
    if header != expected:
        raise DatasetError(f"Seattle weather has columns {header}, expected {expected}.")
    table = np.array(rows, dtype=str).reshape(len(rows), len(expected))
    data = {"date": np.char.replace(table[:, 0], "/", "-").astype("datetime64[D]")}
    for j, column in enumerate(expected[1:5], start=1):
        data[column] = table[:, j].astype(np.float64)
    data["weather"] = np.array([row[5] for row in rows], dtype=str)
    return data


def load_seattle_temperatures():
    """Daily maximum temperatures in Seattle, 2012-01-01 to 2015-12-31, for the EWMA lesson.

    Returns:
        dates (1461,) datetime64[D] and temp_max (1461,) float64 in degrees C.
    """
    weather = load_seattle_weather()
    return weather["date"], weather["temp_max"]


def load_digits():
    """1797 handwritten digits, 8x8 images of pixel counts 0..16 (UCI, via scikit-learn).

    Column i of X is image i flattened row by row: ``X[:, i].reshape(8, 8)`` shows it.

    Returns:
        X (64, 1797) float64 with values 0..16 (examples are columns), y (1797,) int64 labels
        0..9.
    """
    rows = _read_rows("digits")  # no header: 64 pixels then the label on each row
    table = np.array(rows, dtype=np.int64).reshape(len(rows), 65)
    X = np.ascontiguousarray(table[:, :64].T.astype(np.float64))
    y = np.ascontiguousarray(table[:, 64])
    return X, y


def split_columns(X: np.ndarray, Y: np.ndarray, test_fraction: float,
                  rng: np.random.Generator):
    """Split the examples (columns) at random into a training part and a test part.

    One permutation ``rng.permutation(m)`` is drawn; its first ``round(test_fraction * m)``
    indices (at least 1 and at most m - 1) form the test part, the rest the training part. Within
    each part the columns keep their original order.

    Args:
        X: (n_x, m) inputs.
        Y: labels, (1, m), (C, m) or (m,).
        test_fraction: share of the examples that go to the test part, 0 < test_fraction < 1.
        rng: the random generator (numpy's global state is never used).
    Returns:
        X_train (n_x, m - k), Y_train, X_test (n_x, k), Y_test, with the labels in Y's layout and
        k the number of test examples. The arrays are new (inputs are not modified).
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    X = np.asarray(X)
    Y = np.asarray(Y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_x, m), got shape {X.shape}")
    m = X.shape[1]
    if Y.ndim not in (1, 2) or Y.shape[-1] != m:
        raise ValueError(f"Y must be (m,), (1, m) or (C, m) with m = {m}, got shape {Y.shape}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    if m < 2:
        raise ValueError("need at least 2 examples to make a training part and a test part")
    order = rng.permutation(m)
    n_test = min(max(round(test_fraction * m), 1), m - 1)
    test = np.sort(order[:n_test])
    train = np.sort(order[n_test:])
    return X[:, train], Y[..., train], X[:, test], Y[..., test]
