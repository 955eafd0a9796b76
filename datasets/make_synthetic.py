"""Generate the three synthetic 2-D binary-classification sets of the kit, byte for byte.

Usage (from the repository root):

    python datasets/make_synthetic.py            # write circles.csv, moons.csv, overfit.csv
    python datasets/make_synthetic.py --check    # regenerate in memory and compare; write nothing
    python datasets/make_synthetic.py --out DIR  # write (or --check) the files in DIR instead

Each set is drawn from its own generator ``numpy.random.default_rng(SEED)`` (never numpy's global
state), so a run gives the same numbers on every machine. Each file is a CSV with the header
``x1,x2,y,split``: two coordinates, the label 0 or 1 and ``train`` or ``test``. The training rows
come first. Coordinates are written with six decimals (``"%.6f"``): the numbers in the file are
the data, and rounding hides last-bit differences that ``sin``/``cos`` can show between CPUs, so
the bytes do not depend on the machine.

When the output folder holds a ``manifest.json``, its entries for these three files (sha256,
shape, description, ...) are brought up to date; the other entries are left as they are.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

__all__ = [
    "SYNTHETIC",
    "generate_all",
    "main",
    "make_circles",
    "make_moons",
    "make_overfit",
    "to_csv",
]

HEADER = "x1,x2,y,split"


def _split_labels(n_train: int, n_test: int) -> np.ndarray:
    """The ``split`` column: ``n_train`` times "train" then ``n_test`` times "test"."""
    return np.array(["train"] * n_train + ["test"] * n_test)


def _balanced_labels(n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` labels, half 0 and half 1 (one more 0 when ``n`` is odd), in a random order."""
    y = np.zeros(n, dtype=np.int64)
    y[n - n // 2:] = 1
    return y[rng.permutation(n)]


def make_circles(rng: np.random.Generator, n_train: int = 300, n_test: int = 100,
                 factor: float = 0.6, noise: float = 0.08):
    """Two noisy concentric circles: the inner circle is class 1, the outer circle class 0.

    How it is made: each split gets half of its points on each circle, in a random order
    (``rng.permutation``). For every point (train first, then test) the angle is
    ``t ~ Uniform[0, 2*pi)`` (one ``rng.random`` draw for all points), the radius is 1 (outer) or
    ``factor`` (inner), and Gaussian noise of standard deviation ``noise`` is added to each
    coordinate (one ``rng.standard_normal((2, m))`` draw):
    ``x = r * (cos t, sin t) + noise * N(0, I)``.

    A 3-layer ReLU network needs a closed, curved boundary here, so it learns the set well only
    when its weights start at a sensible scale (He initialization).

    Args:
        rng: the random generator; the draws above are its only use.
        n_train, n_test: number of points in each split.
        factor: radius of the inner circle (the outer radius is 1).
        noise: standard deviation of the Gaussian noise on each coordinate.
    Returns:
        X (2, m) float64, y (m,) int64 in {0, 1}, split (m,) str, with m = n_train + n_test.
    """
    y = np.concatenate([_balanced_labels(n_train, rng), _balanced_labels(n_test, rng)])
    m = y.size
    t = 2.0 * np.pi * rng.random(m)
    radius = np.where(y == 1, factor, 1.0)
    X = radius * np.vstack([np.cos(t), np.sin(t)]) + noise * rng.standard_normal((2, m))
    return X, y, _split_labels(n_train, n_test)


def make_moons(rng: np.random.Generator, n_train: int = 300, n_test: int = 100,
               noise: float = 0.2):
    """Two interleaving half-moons with Gaussian noise: upper moon class 0, lower moon class 1.

    How it is made: each split gets half of its points on each moon, in a random order
    (``rng.permutation``). For every point (train first, then test) a position
    ``t ~ Uniform[0, pi)`` along its moon is drawn (one ``rng.random`` draw for all points); the
    upper moon is ``(cos t, sin t)``, the lower one ``(1 - cos t, 0.5 - sin t)``; then Gaussian
    noise of standard deviation ``noise`` is added to each coordinate (one
    ``rng.standard_normal((2, m))`` draw). This is the shape of scikit-learn's ``make_moons``.

    The boundary between the moons is curved, and the noise makes the classes overlap a little,
    so a small 3-layer network [2, 5, 2, 1] reaches about 90% or more with Adam, while plain
    gradient descent with the same number of steps is still far from that.

    Args:
        rng: the random generator; the draws above are its only use.
        n_train, n_test: number of points in each split.
        noise: standard deviation of the Gaussian noise on each coordinate.
    Returns:
        X (2, m) float64, y (m,) int64 in {0, 1}, split (m,) str, with m = n_train + n_test.
    """
    y = np.concatenate([_balanced_labels(n_train, rng), _balanced_labels(n_test, rng)])
    m = y.size
    t = np.pi * rng.random(m)
    upper = np.vstack([np.cos(t), np.sin(t)])
    lower = np.vstack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y == 1, lower, upper) + noise * rng.standard_normal((2, m))
    return X, y, _split_labels(n_train, n_test)


def make_overfit(rng: np.random.Generator, n_train: int = 200, n_test: int = 200,
                 softness: float = 0.06, flip: float = 0.05):
    """A small noisy 2-D set with a wiggly boundary, easy to overfit with a 3-layer network.

    How it is made: all points (train first, then test) are uniform in the square
    [-1, 1] x [-1, 1] (one ``rng.uniform`` draw of shape (2, m)). The true boundary is the curve
    ``x2 = g(x1) = 0.4 * sin(2.5 * x1) - 0.15``; a point at signed distance ``d = x2 - g(x1)``
    gets label 1 with probability ``sigmoid(d / softness)`` (one ``rng.random`` draw), so labels
    near the boundary are mixed. Then a fraction ``flip`` of all labels is flipped at random
    (another ``rng.random`` draw), which puts a few wrong points deep inside each region.

    A network that fits every training point must draw small islands around those noisy points:
    its training accuracy rises well above its test accuracy. L2 regularization or dropout keep
    the boundary smooth and close to the true curve.

    Args:
        rng: the random generator; the draws above are its only use.
        n_train, n_test: number of points in each split.
        softness: width of the band around the curve where labels are mixed.
        flip: fraction of labels flipped at random.
    Returns:
        X (2, m) float64, y (m,) int64 in {0, 1}, split (m,) str, with m = n_train + n_test.
    """
    m = n_train + n_test
    X = rng.uniform(-1.0, 1.0, size=(2, m))
    d = X[1] - (0.4 * np.sin(2.5 * X[0]) - 0.15)
    p_one = 1.0 / (1.0 + np.exp(-d / softness))
    y = (rng.random(m) < p_one).astype(np.int64)
    flipped = rng.random(m) < flip
    y = np.where(flipped, 1 - y, y)
    return X, y, _split_labels(n_train, n_test)


def to_csv(X: np.ndarray, y: np.ndarray, split: np.ndarray) -> bytes:
    """The CSV bytes of one set: header ``x1,x2,y,split``, coordinates with six decimals, ``\\n``.

    Args:
        X: (2, m) coordinates; y: (m,) labels 0/1; split: (m,) "train" or "test".
    Returns:
        the file content as ASCII bytes (deterministic: plain string formatting, no locale).
    """
    lines = [HEADER]
    lines += [f"{a:.6f},{b:.6f},{int(c)},{s}" for a, b, c, s in zip(X[0], X[1], y, split)]
    return ("\n".join(lines) + "\n").encode("ascii")


# One entry per file: its generator, seed and the manifest fields this script owns.
SYNTHETIC = {
    "circles": {
        "file": "circles.csv",
        "make": make_circles,
        "seed": 1,
        "description": "Two noisy concentric circles (inner = 1, outer = 0); 300 train + 100 "
                       "test points; used by the initialization lesson (w1_initialization).",
    },
    "moons": {
        "file": "moons.csv",
        "make": make_moons,
        "seed": 2,
        "description": "Two interleaving half-moons with Gaussian noise (upper = 0, lower = 1); "
                       "300 train + 100 test points; used by the optimizers lesson "
                       "(w2_optimizers).",
    },
    "overfit": {
        "file": "overfit.csv",
        "make": make_overfit,
        "seed": 3,
        "description": "Small noisy set with a wiggly boundary and 5% flipped labels; 200 "
                       "train + 200 test points; used by the regularization lesson "
                       "(w1_regularization).",
    },
}


def generate_all() -> dict[str, bytes]:
    """The bytes of every synthetic file, keyed by file name (nothing is written)."""
    out = {}
    for spec in SYNTHETIC.values():
        rng = np.random.default_rng(spec["seed"])
        out[spec["file"]] = to_csv(*spec["make"](rng))
    return out


def _manifest_entry(name: str, content: bytes) -> dict:
    """The manifest fields of one synthetic file, computed from its content."""
    spec = SYNTHETIC[name]
    lines = content.decode("ascii").splitlines()
    return {
        "name": name,
        "file": spec["file"],
        "description": spec["description"],
        "source": "synthetic, generated by datasets/make_synthetic.py",
        "licence": "MIT, like the rest of the kit (data generated by the kit's own code)",
        "sha256": hashlib.sha256(content).hexdigest(),
        "shape": [len(lines) - 1, len(lines[0].split(","))],
        "columns": lines[0].split(","),
        "how_made": f"python datasets/make_synthetic.py: {spec['make'].__name__}"
                    f"(numpy.random.default_rng({spec['seed']})); see its docstring",
        "generated": True,
    }


def _updated_manifest(manifest: dict, contents: dict[str, bytes]) -> dict:
    """A copy of ``manifest`` whose synthetic entries match ``contents`` (others untouched)."""
    entries = list(manifest.get("datasets", []))
    for name, spec in SYNTHETIC.items():
        new = _manifest_entry(name, contents[spec["file"]])
        for i, entry in enumerate(entries):
            if entry.get("name") == name:
                entries[i] = new
                break
        else:
            entries.append(new)
    return {**manifest, "datasets": entries}


def dump_manifest(manifest: dict) -> str:
    """The manifest as text, in the one format the kit uses (2-space indent, final newline)."""
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the synthetic files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the files on disk and the manifest; write nothing")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="folder of the files (default: the folder of this script)")
    args = parser.parse_args(argv)

    contents = generate_all()
    manifest_path = args.out / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8")) if manifest_path.exists() else None

    if args.check:
        problems = []
        for file, content in contents.items():
            path = args.out / file
            if not path.exists():
                problems.append(f"{path}: missing")
            elif path.read_bytes() != content:
                problems.append(f"{path}: differs from what the generator makes")
        if manifest is not None:
            expected = dump_manifest(_updated_manifest(manifest, contents))
            if manifest_path.read_text("utf-8") != expected:
                problems.append(f"{manifest_path}: entries of the synthetic files are out of date")
        for problem in problems:
            print(problem)
        if problems:
            print("Run `python datasets/make_synthetic.py` to rewrite them.")
            return 1
        print(f"OK: {', '.join(contents)} match the generator.")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for file, content in contents.items():
        (args.out / file).write_bytes(content)
        print(f"wrote {args.out / file}  sha256 {hashlib.sha256(content).hexdigest()}")
    if manifest is not None:
        manifest_path.write_text(dump_manifest(_updated_manifest(manifest, contents)), "utf-8")
        print(f"updated {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
