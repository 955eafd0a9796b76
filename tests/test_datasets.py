"""Questions about the data sets: are the files intact, reproducible, well loaded and fit for use?"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import data
from course.data import DatasetError

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
GENERATOR = DATASETS / "make_synthetic.py"
SYNTHETIC_FILES = ["circles.csv", "moons.csv", "overfit.csv"]
# From ../shared/data/PROVENANCE.md, where the real files come from (independent of the manifest).
PROVENANCE_SHA256 = {
    "seattle-weather.csv": "62f0609f787158128aa2bd102967173a4953122dd4f872bf1d502cae1037df0b",
    "digits.csv.gz": "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22",
}
REQUIRED_FIELDS = {"name", "file", "description", "source", "licence", "sha256", "shape",
                   "how_made"}


def manifest_entries() -> list[dict]:
    return json.loads((DATASETS / "manifest.json").read_text("utf-8"))["datasets"]


def entry(name: str) -> dict:
    return next(e for e in manifest_entries() if e["name"] == name)


@pytest.fixture(autouse=True)
def default_folder(monkeypatch):
    """Every test starts from the committed folder, whatever the caller's environment says."""
    monkeypatch.delenv("KIT_DATASETS_DIR", raising=False)


@pytest.fixture
def copied_folder(tmp_path, monkeypatch) -> Path:
    """A writable copy of datasets/ that the loaders read through KIT_DATASETS_DIR."""
    folder = tmp_path / "datasets"
    shutil.copytree(DATASETS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    for path in folder.iterdir():
        path.chmod(0o644)
    monkeypatch.setenv("KIT_DATASETS_DIR", str(folder))
    return folder


def flip_one_byte(path: Path, position: int = 100) -> None:
    content = bytearray(path.read_bytes())
    content[position] ^= 0x01
    path.write_bytes(bytes(content))
    stat = path.stat()  # make sure the modification time differs even on coarse file systems
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


# --- the manifest and the checksums ---------------------------------------------------------

def test_does_the_manifest_describe_every_data_file_with_all_fields():
    entries = manifest_entries()
    for e in entries:
        assert REQUIRED_FIELDS <= set(e), f"{e.get('name')}: missing {REQUIRED_FIELDS - set(e)}"
        assert len(e["sha256"]) == 64 and int(e["sha256"], 16) >= 0
        assert all(str(e[k]).strip() for k in REQUIRED_FIELDS)
    listed = {e["file"] for e in entries}
    on_disk = {p.name for p in DATASETS.iterdir()
               if p.is_file() and p.suffix in {".csv", ".gz", ".npz", ".npy"}}
    assert listed == on_disk
    assert {e["name"] for e in entries} == {"circles", "moons", "overfit", "seattle_weather",
                                             "digits"}


def test_does_each_manifest_checksum_hold_for_the_committed_file():
    for e in manifest_entries():
        content = (DATASETS / e["file"]).read_bytes()
        assert hashlib.sha256(content).hexdigest() == e["sha256"], e["file"]
        assert data.verify(e["name"]) == DATASETS / e["file"]


def test_are_the_real_files_the_ones_named_in_the_provenance_notes():
    for file, sha in PROVENANCE_SHA256.items():
        assert hashlib.sha256((DATASETS / file).read_bytes()).hexdigest() == sha
        assert next(e for e in manifest_entries() if e["file"] == file)["sha256"] == sha


def test_does_each_manifest_shape_count_the_rows_and_columns_of_the_file():
    for e in manifest_entries():
        path = DATASETS / e["file"]
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", newline="") as handle:
            rows = list(csv.reader(handle))
        body = rows if e["file"] == "digits.csv.gz" else rows[1:]  # digits has no header
        assert {len(r) for r in body} == {e["shape"][1]}, e["file"]
        assert len(body) == e["shape"][0], e["file"]


def test_is_the_default_folder_the_datasets_folder_of_the_repository():
    assert Path(data.DATASETS_DIR).resolve() == DATASETS.resolve()


def test_is_a_tampered_file_refused_with_its_path_and_expected_checksum(copied_folder):
    target = copied_folder / "moons.csv"
    flip_one_byte(target)
    with pytest.raises(DatasetError) as info:
        data.load_moons()
    message = str(info.value)
    assert str(target) in message
    assert entry("moons")["sha256"] in message
    assert hashlib.sha256(target.read_bytes()).hexdigest() in message  # the one found
    assert "git checkout -- datasets/moons.csv" in message
    assert "make_synthetic.py" in message


def test_is_a_tampered_real_file_refused_when_checked_by_folder(tmp_path):
    folder = tmp_path / "elsewhere"
    shutil.copytree(DATASETS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "digits.csv.gz").chmod(0o644)
    flip_one_byte(folder / "digits.csv.gz", position=5000)
    with pytest.raises(DatasetError, match=entry("digits")["sha256"]) as info:
        data.verify("digits", directory=folder)
    assert str(folder / "digits.csv.gz") in str(info.value)
    assert data.verify("circles", directory=folder) == folder / "circles.csv"


def test_is_a_missing_file_refused_with_its_path_and_expected_checksum(copied_folder):
    (copied_folder / "seattle-weather.csv").unlink()
    with pytest.raises(DatasetError) as info:
        data.load_seattle_temperatures()
    message = str(info.value)
    assert str(copied_folder / "seattle-weather.csv") in message
    assert entry("seattle_weather")["sha256"] in message
    assert "git checkout -- datasets/seattle-weather.csv" in message


def test_is_a_file_changed_after_a_successful_check_refused_next_time(copied_folder):
    data.verify("circles")
    flip_one_byte(copied_folder / "circles.csv")
    with pytest.raises(DatasetError, match="circles.csv"):
        data.verify("circles")


def test_does_a_second_check_of_an_unchanged_file_skip_hashing(copied_folder, monkeypatch):
    calls = []
    real_sha256 = data._sha256
    monkeypatch.setattr(data, "_sha256", lambda path: calls.append(path) or real_sha256(path))
    data.verify("overfit")
    data.verify("overfit")
    data.load_overfit()
    assert len(calls) == 1


def test_is_an_unknown_data_set_name_refused_with_the_known_names():
    with pytest.raises(DatasetError, match="circles"):
        data.verify("no_such_set")


def test_is_a_missing_manifest_reported_as_a_dataset_error(copied_folder):
    (copied_folder / "manifest.json").unlink()
    with pytest.raises(DatasetError, match="manifest"):
        data.load_circles()


# --- the generator ------------------------------------------------------------------------

def run_generator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GENERATOR), *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, check=False)


def test_does_the_generator_reproduce_the_committed_files_byte_for_byte(tmp_path):
    result = run_generator("--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    for file in SYNTHETIC_FILES:
        assert (tmp_path / file).read_bytes() == (DATASETS / file).read_bytes(), file
    assert not (tmp_path / "manifest.json").exists()


def test_does_the_check_mode_pass_on_the_repository_and_fail_on_a_changed_file(tmp_path):
    before = {p.name: p.read_bytes() for p in DATASETS.iterdir() if p.is_file()}
    passed = run_generator("--check")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert {p.name: p.read_bytes() for p in DATASETS.iterdir() if p.is_file()} == before

    shutil.copytree(DATASETS, tmp_path / "copy", ignore=shutil.ignore_patterns("__pycache__"))
    changed = tmp_path / "copy" / "overfit.csv"
    changed.chmod(0o644)
    flip_one_byte(changed)
    failed = run_generator("--check", "--out", str(tmp_path / "copy"))
    assert failed.returncode == 1
    assert "overfit.csv" in failed.stdout


def test_does_the_generator_leave_numpy_global_random_state_alone():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_synthetic_under_test", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    np.random.seed(12345)
    expected_next = np.random.random()
    np.random.seed(12345)
    first = module.generate_all()
    assert np.random.random() == expected_next
    assert module.generate_all() == first


# --- the loaders --------------------------------------------------------------------------

@pytest.mark.parametrize("load, m_train, m_test", [
    (data.load_circles, 300, 100), (data.load_moons, 300, 100), (data.load_overfit, 200, 200)])
def test_do_the_2d_loaders_return_columns_with_both_classes(load, m_train, m_test):
    X_train, Y_train, X_test, Y_test = load()
    assert X_train.shape == (2, m_train) and Y_train.shape == (1, m_train)
    assert X_test.shape == (2, m_test) and Y_test.shape == (1, m_test)
    for array in (X_train, Y_train, X_test, Y_test):
        assert array.dtype == np.float64 and np.all(np.isfinite(array))
    for Y in (Y_train, Y_test):
        assert set(np.unique(Y)) == {0.0, 1.0}
        assert 0.3 < Y.mean() < 0.7


def test_are_the_2d_columns_the_rows_of_the_file_in_order():
    with open(DATASETS / "moons.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    train = [r for r in rows if r["split"] == "train"]
    X_train, Y_train, _, _ = data.load_moons()
    assert X_train[0, 0] == float(train[0]["x1"]) and X_train[1, 0] == float(train[0]["x2"])
    assert X_train[1, -1] == float(train[-1]["x2"]) and Y_train[0, -1] == float(train[-1]["y"])


def test_does_the_seattle_loader_return_1461_consecutive_days_from_2012():
    weather = data.load_seattle_weather()
    assert set(weather) == {"date", "precipitation", "temp_max", "temp_min", "wind", "weather"}
    dates = weather["date"]
    assert dates.dtype == np.dtype("datetime64[D]") and dates.shape == (1461,)
    assert dates[0] == np.datetime64("2012-01-01") and dates[-1] == np.datetime64("2015-12-31")
    assert np.all(np.diff(dates) == np.timedelta64(1, "D"))
    for column in ("precipitation", "temp_max", "temp_min", "wind"):
        assert weather[column].dtype == np.float64 and weather[column].shape == (1461,)
    assert np.all(weather["temp_max"] >= weather["temp_min"])
    assert -20 < weather["temp_min"].min() and weather["temp_max"].max() < 45  # degrees C
    assert weather["weather"].dtype.kind == "U"
    assert set(weather["weather"]) <= {"sun", "rain", "drizzle", "snow", "fog"}
    # First row of the file, read by eye: 2012/01/01,0.0,12.8,5.0,4.7,drizzle
    assert weather["temp_max"][0] == 12.8 and weather["weather"][0] == "drizzle"


def test_are_the_seattle_temperatures_the_temp_max_column():
    dates, temp_max = data.load_seattle_temperatures()
    weather = data.load_seattle_weather()
    assert dates.shape == temp_max.shape == (1461,)
    assert temp_max.dtype == np.float64 and dates.dtype == np.dtype("datetime64[D]")
    np.testing.assert_array_equal(dates, weather["date"])
    np.testing.assert_array_equal(temp_max, weather["temp_max"])


def test_does_the_digits_loader_return_64_by_1797_pixels_and_labels_0_to_9():
    X, y = data.load_digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0 and X.max() == 16 and np.all(X == np.round(X))
    assert set(np.unique(y)) == set(range(10))
    with gzip.open(DATASETS / "digits.csv.gz", "rt") as handle:
        first = [int(v) for v in handle.readline().split(",")]
    np.testing.assert_array_equal(X[:, 0], first[:64])  # examples are columns
    assert y[0] == first[64]


def test_do_the_loaders_return_fresh_arrays_each_call():
    X, _ = data.load_digits()
    X[:] = -1
    assert data.load_digits()[0].min() == 0


# --- split_columns ------------------------------------------------------------------------

def labels_for(index: np.ndarray, layout: str, n_classes: int) -> np.ndarray:
    """Labels that encode each example's index, in one of the three layouts split_columns takes."""
    if layout == "row":
        return index[np.newaxis] * 10
    if layout == "onehot":
        return np.vstack([index + 1000 * c for c in range(n_classes)])
    return index * 10


@settings(max_examples=30, deadline=None)
@given(m=st.integers(2, 60), n_classes=st.integers(1, 4), fraction=st.floats(0.05, 0.95),
       layout=st.sampled_from(["row", "onehot", "flat"]), seed=st.integers(0, 2**32 - 1))
def test_does_split_columns_partition_the_examples_and_keep_labels_aligned(
        m, n_classes, fraction, layout, seed):
    index = np.arange(m, dtype=np.float64)
    X = np.vstack([index, -index])  # each column carries its own index
    Y = labels_for(index, layout, n_classes)
    X_before, Y_before = X.copy(), Y.copy()
    rng = np.random.default_rng(seed)
    X_train, Y_train, X_test, Y_test = data.split_columns(X, Y, fraction, rng)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    n_test = X_test.shape[1]
    assert 1 <= n_test <= m - 1 and abs(n_test - fraction * m) <= 1
    assert X_train.shape[1] + n_test == m
    assert sorted(np.concatenate([X_train[0], X_test[0]])) == list(index)
    for X_part, Y_part in ((X_train, Y_train), (X_test, Y_test)):
        np.testing.assert_array_equal(X_part[1], -X_part[0])
        np.testing.assert_array_equal(Y_part, labels_for(X_part[0], layout, n_classes))


def test_does_split_columns_give_the_same_split_for_the_same_seed_and_not_another():
    X, y = np.arange(200.0).reshape(2, 100), np.arange(100)
    first = data.split_columns(X, y, 0.25, np.random.default_rng(7))
    again = data.split_columns(X, y, 0.25, np.random.default_rng(7))
    other = data.split_columns(X, y, 0.25, np.random.default_rng(8))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[2], other[2])
    assert first[2].shape == (2, 25)


def test_does_split_columns_refuse_a_seed_or_a_bad_fraction():
    X, Y = np.zeros((2, 10)), np.zeros((1, 10))
    with pytest.raises(TypeError):
        data.split_columns(X, Y, 0.2, 0)
    with pytest.raises(ValueError):
        data.split_columns(X, Y, 1.0, np.random.default_rng(0))
    with pytest.raises(ValueError):
        data.split_columns(X, np.zeros((1, 9)), 0.2, np.random.default_rng(0))


# --- fit for the lessons: a small independent 3-layer network ------------------------------

def train_mlp(X, Y, dims, rng, steps, learning_rate, optimizer="gd", lambd=0.0, batch=None):
    """LINEAR->RELU x2 -> LINEAR->SIGMOID, He init, cross-entropy (+ L2); returns a predictor."""
    L = len(dims) - 1
    params = {}
    for l in range(1, L + 1):
        params[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * np.sqrt(2 / dims[l - 1])
        params[f"b{l}"] = np.zeros((dims[l], 1))
    v = {k: np.zeros_like(p) for k, p in params.items()}
    s = {k: np.zeros_like(p) for k, p in params.items()}

    def forward(A):
        activations = [A]
        for l in range(1, L + 1):
            Z = params[f"W{l}"] @ activations[-1] + params[f"b{l}"]
            activations.append(np.maximum(Z, 0) if l < L else 1 / (1 + np.exp(-Z)))
        return activations

    t = 0
    m = X.shape[1]
    for _ in range(steps):
        order = rng.permutation(m) if batch else np.arange(m)
        for start in range(0, m, batch or m):
            cols = order[start:start + (batch or m)]
            Xb, Yb = X[:, cols], Y[:, cols]
            acts = forward(Xb)
            dZ = acts[-1] - Yb
            t += 1
            for l in range(L, 0, -1):
                grad_W = dZ @ acts[l - 1].T / Xb.shape[1] + lambd / Xb.shape[1] * params[f"W{l}"]
                grad_b = dZ.mean(axis=1, keepdims=True)
                dZ = (params[f"W{l}"].T @ dZ) * (acts[l - 1] > 0)
                for key, g in ((f"W{l}", grad_W), (f"b{l}", grad_b)):
                    if optimizer == "adam":
                        v[key] = 0.9 * v[key] + 0.1 * g
                        s[key] = 0.999 * s[key] + 0.001 * g**2
                        g = (v[key] / (1 - 0.9**t)) / (np.sqrt(s[key] / (1 - 0.999**t)) + 1e-8)
                    params[key] = params[key] - learning_rate * g
    return lambda A: forward(A)[-1] > 0.5


def accuracy(predict, X, Y) -> float:
    return float(np.mean(predict(X) == (Y > 0.5)))


def test_does_a_he_initialized_3_layer_relu_net_separate_the_circles():
    X_train, Y_train, X_test, Y_test = data.load_circles()
    predict = train_mlp(X_train, Y_train, [2, 10, 5, 1], np.random.default_rng(0),
                        steps=15000, learning_rate=0.01)
    assert accuracy(predict, X_train, Y_train) >= 0.95
    assert accuracy(predict, X_test, Y_test) >= 0.9


def test_does_adam_reach_90_percent_on_the_moons_where_plain_gd_lags_behind():
    X_train, Y_train, X_test, Y_test = data.load_moons()
    results = {}
    for optimizer in ("gd", "adam"):
        predict = train_mlp(X_train, Y_train, [2, 5, 2, 1], np.random.default_rng(1),
                            steps=1000, learning_rate=0.0007, optimizer=optimizer, batch=64)
        results[optimizer] = accuracy(predict, X_test, Y_test)
    assert results["adam"] >= 0.88, results
    assert results["gd"] <= results["adam"] - 0.1, results


def test_does_a_3_layer_net_overfit_the_overfit_set_and_l2_help():
    X_train, Y_train, X_test, Y_test = data.load_overfit()
    scores = {}
    for lambd in (0.0, 0.7):
        predict = train_mlp(X_train, Y_train, [2, 20, 3, 1], np.random.default_rng(0),
                            steps=10000, learning_rate=0.3, lambd=lambd)
        scores[lambd] = (accuracy(predict, X_train, Y_train), accuracy(predict, X_test, Y_test))
    (train_plain, test_plain), (train_l2, test_l2) = scores[0.0], scores[0.7]
    assert train_plain - test_plain >= 0.05, scores  # a clear generalization gap
    assert test_l2 > test_plain and train_l2 - test_l2 < train_plain - test_plain, scores
