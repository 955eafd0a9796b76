"""Benchmark of the grading side (a script, not a test): `python -m autograder.bench_grading`.

Measures, on this machine:

1. each source notebook's wall time top to bottom in a fresh kernel: in a student session,
   under grading (``NBGRADER_EXECUTION`` set, long loops shortened) and as ``kit`` grades it
   (also without the cells tagged ``demo``); DESIGN.md's targets are 30 s and 8 s;
2. for each assignment, a synthetic class of ``--class-size`` submissions (default 100: the
   sample scenarios of ``autograder/sample_class``, repeated under new names) graded by
   ``kit autograde`` and by stock ``nbgrader autograde`` (one process, one submission after
   another, nbgrader's defaults) on the same submissions, each in its own course folder: wall
   time, and core-seconds per submission (the whole machine's CPU time over the run, from
   /proc/stat) with kit's broken down into the grading workers, the sandboxed kernels and the
   rest (kit's main process, bwrap, ...). ``--compare-sandbox`` also times kit without the
   sandbox.

Run it on a machine that is otherwise idle: the core-seconds count everything that runs.
"""
from __future__ import annotations

import argparse
import json
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
from autograder.config import DEMO_TAG, REPO_ROOT


def time_notebook(path: Path, mode: str) -> float:
    """Seconds to run ``path`` top to bottom in a fresh kernel (kernel start included).

    ``mode``: "student" (a student session), "grading" (``NBGRADER_EXECUTION`` set) or "kit"
    (as kit grades it: also without the demo cells).
    """
    nb = nbformat.read(str(path), as_version=4)
    saved = os.environ.get("NBGRADER_EXECUTION")
    os.environ["MPLBACKEND"] = "Agg"
    if mode == "student":
        os.environ.pop("NBGRADER_EXECUTION", None)
    else:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        start = time.perf_counter()
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       skip_cells_with_tag=DEMO_TAG if mode == "kit" else "skip-execution",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        return time.perf_counter() - start
    finally:
        if saved is None:
            os.environ.pop("NBGRADER_EXECUTION", None)
        else:
            os.environ["NBGRADER_EXECUTION"] = saved


def _busy_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def synthetic_class(assignment: str, root: Path, size: int) -> list[str]:
    """Write ``size`` submissions: the sample scenarios in turn, as s001, s002, ..."""
    names = sorted(samples.expected(assignment))
    (release,) = sorted((root / "release" / assignment).glob("*.ipynb"))
    texts = {n: nbformat.writes(samples.make_submission(assignment, n, root)) for n in names}
    students = []
    for i in range(size):
        student = f"s{i + 1:03d}"
        dest = root / "submitted" / student / assignment
        dest.mkdir(parents=True)
        (dest / release.name).write_text(texts[names[i % len(names)]])
        students.append(student)
    return students


def _course(tmp: Path, assignment: str, size: int) -> list[str]:
    shutil.copytree(REPO_ROOT / "source", tmp / "source")
    build([assignment], tmp, say=lambda *_: None)
    return synthetic_class(assignment, tmp, size)


def time_kit(assignment: str, size: int, jobs: int | None, sandbox: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        students = _course(Path(tmp), assignment, size)
        busy, start = _busy_seconds(), time.perf_counter()
        results = grading.autograde(assignment, Path(tmp), jobs=jobs, progress=False,
                                    sandbox=sandbox)
        wall, core = time.perf_counter() - start, _busy_seconds() - busy
    n = len(students)
    grader = sum(r.cpu.get("grader", 0.0) for r in results) / n
    kernel = sum(r.cpu.get("kernel", 0.0) for r in results) / n
    return {"n": n, "wall": wall, "core": core / n, "grader": grader, "kernel": kernel,
            "other": core / n - grader - kernel,
            "failed": sum(1 for r in results if not r.success)}


def time_stock(assignment: str, size: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        students = _course(Path(tmp), assignment, size)
        nbgrader = Path(sys.executable).parent / "nbgrader"
        busy, start = _busy_seconds(), time.perf_counter()
        # stock nbgrader goes on after a submission it cannot grade; count them
        done = subprocess.run([str(nbgrader), "autograde", assignment, "--force"], cwd=tmp,
                              capture_output=True, text=True, check=False)
        wall, core = time.perf_counter() - start, _busy_seconds() - busy
    return {"n": len(students), "wall": wall, "core": core / len(students),
            "failed": done.stderr.count("There was an error processing assignment '")}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, help="kit's parallel workers (default: cores)")
    p.add_argument("--class-size", type=int, default=100, help="submissions per assignment")
    p.add_argument("--skip-class", action="store_true", help="only time the notebooks")
    p.add_argument("--skip-notebooks", action="store_true", help="only time the classes")
    p.add_argument("--no-stock", action="store_true", help="do not time stock nbgrader")
    p.add_argument("--compare-sandbox", action="store_true",
                   help="also time kit without the sandbox")
    p.add_argument("--assignment", action="append",
                   help="only this assignment (repeatable; default: all)")
    p.add_argument("--json", help="also write the figures to this JSON file")
    args = p.parse_args(argv)
    out: dict = {"cores": os.cpu_count(), "notebooks": {}, "classes": {}}
    print(f"cores: {os.cpu_count()}")
    assignments = args.assignment or samples.assignments_with_samples()
    if not args.skip_notebooks:
        print(f"\n{'notebook':24} {'student':>9} {'grading':>9} {'as kit':>9}   "
              f"targets 30 s / 8 s")
        for assignment in assignments:
            (path,) = sorted((REPO_ROOT / "source" / assignment).glob("*.ipynb"))
            t = {mode: time_notebook(path, mode) for mode in ("student", "grading", "kit")}
            out["notebooks"][assignment] = t
            met = t["student"] <= 30 and t["grading"] <= 8
            print(f"{assignment:24} {t['student']:>7.1f} s {t['grading']:>7.1f} s "
                  f"{t['kit']:>7.1f} s   {'met' if met else 'NOT met'}")
    if not args.skip_class:
        from autograder.sandbox import available

        sandbox = available()
        for assignment in assignments:
            k = time_kit(assignment, args.class_size, args.jobs, sandbox)
            row = {"kit": k}
            print(f"\n{assignment}: {k['n']} submissions (the sample scenarios, repeated)")
            print(f"  {'':28} {'wall':>8} {'core-s per submission':>22}")
            print(f"  {'kit autograde' + (' (sandboxed)' if sandbox else ''):28} "
                  f"{k['wall']:>6.1f} s {k['core']:>10.2f}   (workers {k['grader']:.2f}, "
                  f"kernels {k['kernel']:.2f}, rest {k['other']:.2f})")
            if args.compare_sandbox and sandbox:
                free = time_kit(assignment, args.class_size, args.jobs, sandbox=False)
                row["kit without sandbox"] = free
                print(f"  {'kit autograde --no-sandbox':28} {free['wall']:>6.1f} s "
                      f"{free['core']:>10.2f}   (sandbox: "
                      f"{100 * (k['wall'] / free['wall'] - 1):+.1f} % wall)")
            if not args.no_stock:
                s = time_stock(assignment, args.class_size)
                row["stock"] = s
                print(f"  {'stock nbgrader autograde':28} {s['wall']:>6.1f} s "
                      f"{s['core']:>10.2f}   ({s['failed']} submissions it could not grade)")
                print(f"  {'kit is faster by':28} {s['wall'] / k['wall']:>6.2f}x")
            out["classes"][assignment] = row
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
