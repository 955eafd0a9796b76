"""Does every source notebook run top to bottom in a fresh kernel, in a student session and
under grading, with every visible check passing and every hidden cell giving full marks?

(How long they take is measured by `python -m autograder.bench_grading`, not asserted here.)
"""
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.config import DEMO_TAG, REPO_ROOT

pytestmark = pytest.mark.nbgrader
NOTEBOOKS = sorted((REPO_ROOT / "source").glob("*/*.ipynb"))


def execute(path: Path, grading: bool, monkeypatch, skip: str = "skip-execution"):
    """Run a notebook in a fresh kernel, which inherits this process's environment."""
    nb = nbformat.read(str(path), as_version=4)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    if grading:
        monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    else:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    NotebookClient(nb, timeout=120, kernel_name="python3", skip_cells_with_tag=skip,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


@pytest.mark.parametrize("mode", ["student", "grading", "kit"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_does_the_notebook_run_top_to_bottom(path, mode, monkeypatch):
    # "kit": under grading, as kit runs it, without the cells tagged "demo"
    nb = execute(path, mode != "student", monkeypatch,
                 skip=DEMO_TAG if mode == "kit" else "skip-execution")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{cell.source[:80]!r} raised {errors[0].ename}: {errors[0].evalue}"
        stderr = [o for o in cell.outputs if o.get("name") == "stderr"]
        assert not stderr, f"{cell.source[:80]!r} wrote to stderr: {stderr[0].text[:200]}"
        meta = cell.metadata.get("nbgrader", {})
        text = "".join(o.get("text", "") for o in cell.outputs)
        if meta.get("grade_id", "").endswith("_check"):
            assert "all values match" in text, f"visible check failed: {cell.source[:80]!r}"
        if meta.get("grade") and meta.get("grade_id", "").endswith("_hidden"):
            points = meta["points"]
            result = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert result and float(result[0]["data"]["text/plain"]) == points, text
