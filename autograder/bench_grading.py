"""Benchmark of the grading side (a script, not a test): `python -m autograder.bench_grading`.

Measures, on this machine:
1. each source notebook's wall time top to bottom in a fresh kernel, in a student session and
   under grading (NBGRADER_EXECUTION=autograde); DESIGN.md's targets are 30 s and 8 s;
2. autograding the bundled sample class with `kit autograde` (parallel workers), with and
   without the sandbox, against stock `nbgrader autograde <assignment>` (one process, one
   submission after another) on the same submissions, each in its own temporary course
   directory.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder import grading, samples
from autograder.build import build
from autograder.config import REPO_ROOT


def time_notebook(path: Path, grading_mode: bool) -> float:
    """Seconds to run ``path`` top to bottom in a fresh kernel (kernel start included)."""
    nb = nbformat.read(str(path), as_version=4)
    saved = os.environ.get("NBGRADER_EXECUTION")
    os.environ["MPLBACKEND"] = "Agg"
    if grading_mode:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
    else:
        os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        return time.perf_counter() - start
    finally:
        if saved is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = saved


def _prepared_course(tmp: Path, assignment: str) -> list[str]:
    shutil.copytree(REPO_ROOT / "source", tmp / "source")
    build([assignment], tmp, say=lambda *_: None)
    return samples.write_sample_class(assignment, tmp / "submitted", tmp)


def _time_kit(assignment: str, jobs: int | None, sandbox: bool) -> tuple[int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        students = _prepared_course(Path(tmp), assignment)
        start = time.perf_counter()
        grading.autograde(assignment, Path(tmp), jobs=jobs, progress=False, sandbox=sandbox)
        return len(students), time.perf_counter() - start


def _time_stock(assignment: str) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        _prepared_course(Path(tmp), assignment)
        nbgrader = Path(sys.executable).parent / "nbgrader"
        start = time.perf_counter()
        # stock nbgrader goes on after a submission it cannot grade; count them
        done = subprocess.run([str(nbgrader), "autograde", assignment, "--force"], cwd=tmp,
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        return seconds, done.stderr.count("There was an error processing assignment '")


def time_class(assignment: str, jobs: int | None, sandbox: bool) -> dict:
    """Seconds to autograde the sample class: kit with and without the sandbox, stock nbgrader
    (one process, one submission after another, its default settings)."""
    n, with_sandbox = _time_kit(assignment, jobs, sandbox=True) if sandbox else (0, 0.0)
    n, without = _time_kit(assignment, jobs, sandbox=False)
    stock, failed = _time_stock(assignment)
    return {"submissions": n, "kit": with_sandbox, "kit without sandbox": without,
            "stock": stock, "stock failed": failed}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, help="kit's parallel workers (default: cores)")
    p.add_argument("--skip-class", action="store_true", help="only time the notebooks")
    p.add_argument("--skip-notebooks", action="store_true", help="only time the class")
    p.add_argument("--assignment", action="append",
                   help="only this assignment (repeatable; default: all)")
    args = p.parse_args(argv)
    print(f"cores: {os.cpu_count()}")
    print(f"{'notebook':32} {'student session':>16} {'under grading':>14}")
    notebooks = [] if args.skip_notebooks else sorted((REPO_ROOT / "source").glob("*/*.ipynb"))
    if args.assignment:
        notebooks = [p for p in notebooks if p.parent.name in args.assignment]
    for path in notebooks:
        student = time_notebook(path, False)
        graded = time_notebook(path, True)
        print(f"{path.parent.name:32} {student:>14.1f} s {graded:>12.1f} s"
              f"   targets 30 s / 8 s: {'met' if student <= 30 and graded <= 8 else 'NOT met'}")
    if not args.skip_class:
        from autograder.sandbox import available

        sandbox = available()
        for assignment in args.assignment or samples.assignments_with_samples():
            t = time_class(assignment, args.jobs, sandbox)
            print(f"\nautograde {assignment}, {t['submissions']} submissions:")
            if sandbox:
                print(f"  kit autograde (parallel, sandboxed)   {t['kit']:6.1f} s")
            print(f"  kit autograde --no-sandbox            {t['kit without sandbox']:6.1f} s")
            print(f"  stock nbgrader autograde              {t['stock']:6.1f} s  "
                  f"({t['stock failed']} submissions it could not grade)")
            if sandbox:
                print(f"  sandbox overhead                      "
                      f"{100 * (t['kit'] / t['kit without sandbox'] - 1):+6.1f} %")
                print(f"  speed-up over stock                   {t['stock'] / t['kit']:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
