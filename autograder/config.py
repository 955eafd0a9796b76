"""The nbgrader configuration of the kit, shared by the command line, the API and plain `nbgrader`.

`nbgrader_config.py` at the repository root calls `configure(c)`, so running stock `nbgrader`
commands in the repository uses the same settings as `kit`.
"""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COURSE_ID = "improving-dnn"
# Imported by every grading kernel before the first cell: the in-kernel runner of the hidden tests.
PRELOAD = "import autograder.harness"
KERNEL_ARGUMENTS = [
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.log_level=ERROR",
    f"--IPKernelApp.exec_lines={PRELOAD}",
]
CELL_TIMEOUT = 60  # seconds per cell under grading
DEMO_TAG = "demo"  # given cells that only demonstrate; skipped when kit grades
EXCHANGE = "exchange"  # the course's nbgrader exchange folder


def sqlite_url(path: Path) -> str:
    """SQLite URL of a gradebook file, with a long busy timeout for parallel graders."""
    return f"sqlite:///{Path(path).resolve()}?timeout=120"


def configure(c, root: Path | str = REPO_ROOT, db_url: str | None = None):
    """Fill an nbgrader Config for the course directory ``root``.

    Args:
        c: the Config to fill (nbgrader_config.py passes its ``c``).
        root: course directory holding source/, release/, submitted/, ...
        db_url: gradebook database URL; default the SQLite file ``root/gradebook.db``.
    Returns:
        ``c``.
    """
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader import preprocessors as pp

    from autograder.execute import SandboxedExecute
    from autograder.preprocessors import CheckCellMetadata, NamedStubs, RestoreCells, WriteVerdicts

    root = Path(root)
    c.CourseDirectory.root = str(root)
    if "course_id" not in c.CourseDirectory:  # a course names itself in nbgrader_config.py
        c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = db_url or sqlite_url(root / "gradebook.db")
    c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
    # nbgrader's exchange lives in the course folder (release, fetch, submit, collect and
    # feedback between the users of one machine); ``kit build`` creates it
    if "root" not in c.Exchange:
        c.Exchange.root = str(root / EXCHANGE)
    c.GenerateAssignment.preprocessors = [
        pp.IncludeHeaderFooter,
        pp.InstantiateTests,
        pp.LockCells,
        NamedStubs,  # ClearSolutions with stubs that name the task
        pp.ClearOutput,
        pp.CheckCellMetadata,
        pp.ComputeChecksums,
        pp.SaveCells,
        pp.ClearHiddenTests,
        pp.ClearMarkScheme,
        pp.ComputeChecksums,
        pp.CheckCellMetadata,
    ]
    c.Autograde.sanitize_preprocessors = [
        RestoreCells,  # deleted, moved, duplicated or edited cells back as released
        pp.ClearOutput,
        pp.DeduplicateIds,
        pp.OverwriteKernelspec,
        pp.OverwriteCells,
        CheckCellMetadata,
    ]
    c.Autograde.autograde_preprocessors = [
        SandboxedExecute,  # the kernel in a sandbox; the run always finishes
        pp.IgnorePattern,
        ClearMetadataPreprocessor,
        WriteVerdicts,  # hidden cells judged outside the kernel: feedback and score
        pp.LimitOutput,
        pp.SaveAutoGrades,
        pp.AssignLatePenalties,
        CheckCellMetadata,
    ]
    if "timeout" not in c.Execute:  # nbgrader_config.py may set another
        c.Execute.timeout = CELL_TIMEOUT
    c.Execute.extra_arguments = list(KERNEL_ARGUMENTS)
    # Under kit grading, cells that only demonstrate (tag "demo") are not run: see execute.py
    c.SandboxedExecute.skip_cells_with_tag = DEMO_TAG
    c.LimitOutput.max_lines = 400
    return c


def make_config(root: Path | str = REPO_ROOT, db_url: str | None = None, extra=None):
    """The course's Config: its ``nbgrader_config.py`` (limits), then ``configure``, then ``extra``.

    The course folder's own ``nbgrader_config.py`` is read if it has one, else the kit's: that is
    where an instructor sets the sandbox's limits and the cell timeout.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    c = Config()
    path = Path(root) / "nbgrader_config.py"
    own = path.is_file()
    if not own:
        path = REPO_ROOT / "nbgrader_config.py"
    if path.is_file():
        c.merge(PyFileConfigLoader(path.name, path=str(path.parent)).load_config())
    if not own:  # the kit's file speaks of the kit's folder: this course has its own exchange
        c.Exchange.pop("root", None)
    configure(c, root, db_url)
    if extra is not None:
        c.merge(extra)
    return c
