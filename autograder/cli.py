"""`kit`: the command line of the kit, a thin layer over autograder.build and autograder.grading.

    kit build [ASSIGNMENT ...]                 source/ -> release/ through nbgrader, checked
    kit autograde ASSIGNMENT [--submissions DIR|ZIP] [--student S ...] [--seed N] [--jobs N]
                             [--regrade] [--no-sandbox] [--scheduler tcp://HOST:PORT]
    kit feedback ASSIGNMENT                    HTML feedback per student in feedback/
    kit export ASSIGNMENT [--output FILE]      CSV: a column per task, total, max, seed, status
    kit report [ASSIGNMENT ...]                HTML report per assignment and for the course
    kit grade-notebook PATH                    self-study: grade one notebook, print a table
    kit demo                                   build, autograde the bundled sample class, report

Every command but grade-notebook takes --db-url (default: SQLite file gradebook.db in the course
folder; postgresql://USER:PASSWORD@HOST:PORT/DATABASE for a PostgreSQL gradebook).
"""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from autograder.config import REPO_ROOT


def _root(args) -> Path:
    return Path(args.root).resolve()


def cmd_build(args) -> int:
    from autograder.build import build

    build(args.assignments or None, _root(args), args.db_url)
    return 0


def cmd_autograde(args) -> int:
    from autograder import grading

    root = _root(args)
    if args.submissions:
        grading.import_submissions(args.assignment, Path(args.submissions), root)
    results = grading.autograde(args.assignment, root, args.db_url, args.student or None,
                                args.seed, args.jobs, sandbox=not args.no_sandbox,
                                regrade=args.regrade, scheduler=args.scheduler)
    failed = [r for r in results if not r.success]
    for r in failed:
        print(f"nbgrader could not grade {r.student}:\n{r.error}", file=sys.stderr)
    print(grading.format_table(args.assignment, grading.grade_rows(args.assignment, root,
                                                                    args.db_url)))
    for r in results:
        if r.notes:
            print(f"\n{r.student} ({r.status}):\n  " + "\n  ".join(r.notes))
    print(f"\nseeds and statuses recorded in {grading.record_path(args.assignment, root)}")
    return 1 if failed else 0


def cmd_feedback(args) -> int:
    from autograder import grading

    paths = grading.feedback(args.assignment, _root(args), args.db_url, args.student or None)
    for p in paths:
        print(p)
    return 0


def cmd_export(args) -> int:
    from autograder import grading

    root = _root(args)
    out = Path(args.output) if args.output else root / "reports" / args.assignment / "grades.csv"
    print(grading.export_csv(args.assignment, out, root, args.db_url))
    return 0


def cmd_report(args) -> int:
    from autograder import report

    for path in report.write_reports(_root(args), args.db_url, args.assignments or None):
        print(path)
    return 0


def cmd_grade_notebook(args) -> int:
    from autograder import grading

    graded = grading.grade_notebook(Path(args.path), args.assignment, args.seed, _root(args),
                                    sandbox=False if args.no_sandbox else None)
    print(format_reports(graded.reports, graded.seed, verbose=args.verbose, notes=graded.notes))
    if not graded.sandboxed:
        print("\n(graded without the sandbox: fine for your own notebook; see README)")
    return 0


def format_reports(reports, seed: int, verbose: bool = False, notes=()) -> str:
    """The self-study table, what the grader noticed, then the feedback of every task that
    lost points."""
    lines = [f"{'task':6} {'function':34} {'score':>11}"]
    for r in reports:
        lines.append(f"{r.task:6} {r.function:34} {r.score:>5g} / {r.max_score:<3g}")
    total = sum(r.score for r in reports)
    top = sum(r.max_score for r in reports)
    lines.append(f"{'':6} {'total':34} {total:>5g} / {top:<3g}")
    lines.append(f"(random test inputs from seed {seed}; --seed {seed} reproduces this grade)")
    if notes:
        lines += ["", "Notes from the grader:"] + [f"- {n}" for n in notes]
    for r in reports:
        if verbose or r.score < r.max_score:
            lines.append("")
            lines.append(r.feedback)
    return "\n".join(lines)


def cmd_demo(args) -> int:
    from autograder.demo import run_demo

    return run_demo(_root(args), args.db_url, jobs=args.jobs)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kit", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=str(REPO_ROOT), help="course directory (default: the kit)")
    p.add_argument("--db-url", default=None,
                   help="gradebook database URL (default: SQLite file ROOT/gradebook.db)")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build release/ from source/ (all assignments by default)")
    b.add_argument("assignments", nargs="*")
    b.set_defaults(func=cmd_build)

    a = sub.add_parser("autograde", help="autograde submitted/<student>/<assignment>")
    a.add_argument("assignment")
    a.add_argument("--submissions", help="folder or zip in nbgrader's submitted layout to import")
    a.add_argument("--student", action="append", help="grade only this student (repeatable)")
    a.add_argument("--seed", type=int, help="grading seed (reproduce a recorded grade)")
    a.add_argument("--jobs", type=int, help="parallel workers (default: cores + 1)")
    a.add_argument("--no-sandbox", action="store_true",
                   help="grade without the sandbox (only notebooks you trust)")
    a.add_argument("--regrade", action="store_true",
                   help="grade every submission again (default: only new or changed ones)")
    a.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="grade on the workers of this Dask scheduler (default: local processes)")
    a.set_defaults(func=cmd_autograde)

    f = sub.add_parser("feedback", help="HTML feedback per student")
    f.add_argument("assignment")
    f.add_argument("--student", action="append")
    f.set_defaults(func=cmd_feedback)

    e = sub.add_parser("export", help="CSV of grades: a column per task")
    e.add_argument("assignment")
    e.add_argument("--output", help="CSV path (default reports/<assignment>/grades.csv)")
    e.set_defaults(func=cmd_export)

    r = sub.add_parser("report", help="HTML report for the instructor (default: every graded "
                                      "assignment and the whole course)")
    r.add_argument("assignments", nargs="*")
    r.set_defaults(func=cmd_report)

    g = sub.add_parser("grade-notebook", help="grade one filled-in notebook (self-study)")
    g.add_argument("path")
    g.add_argument("--assignment", help="default: the notebook's file name")
    g.add_argument("--seed", type=int)
    g.add_argument("--verbose", action="store_true", help="show feedback of every task")
    g.add_argument("--no-sandbox", action="store_true",
                   help="grade without the sandbox (default: use it when this machine can)")
    g.set_defaults(func=cmd_grade_notebook)

    d = sub.add_parser("demo", help="build, autograde the bundled sample class, report")
    d.add_argument("--jobs", type=int)
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except ModuleNotFoundError as exc:
        top = (exc.name or "").split(".")[0]
        if top not in OPTIONAL:
            raise
        print(f"kit {args.command} needs {top}, which is not installed. {OPTIONAL[top]}",
              file=sys.stderr)
        return 2


# What each optional dependency of `kit` comes with (pyproject.toml extras).
_STUDENT = ("Install the kit for students: pip install -e '.[student]' (JupyterLab, nbgrader "
            "and self-grading); instructors: pip install -e '.[grading]'.")
OPTIONAL = {name: _STUDENT for name in ("nbgrader", "traitlets", "jupyter_client", "nbclient",
                                       "nbconvert", "nbformat", "ipykernel", "jupyterlab")}


# The commands that read or write the course's gradebook: its URL is checked first
# (autograde checks it itself, for callers of the API too).
GRADEBOOK_COMMANDS = {"build", "feedback", "export", "report", "demo"}


def _run(args) -> int:
    from autograder.build import BuildError
    from autograder.gradebook import GradebookError, check_course_gradebook
    from autograder.grading import GradingError

    # nbgrader's own SQLAlchemy and nbformat deprecation warnings are noise for a kit user.
    warnings.filterwarnings("ignore", module="nbgrader")
    warnings.filterwarnings("ignore", module="nbformat")
    warnings.filterwarnings("ignore", message=".*not in session.*")
    try:
        if args.command in GRADEBOOK_COMMANDS:
            check_course_gradebook(_root(args), args.db_url)
        return args.func(args)
    except (BuildError, GradingError, GradebookError) as exc:
        print(f"kit {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
