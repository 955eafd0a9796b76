"""Real nbgrader runs: build, autograde the sample class, feedback, export, self-study grading.

One course directory is prepared per test session in a temporary folder (a copy of source/), so
the repository's own gradebook and run-time folders are never touched.
"""
import csv
import json
import zipfile
from pathlib import Path

import nbformat
import pytest
from helpers import course_copy

from autograder import grading
from autograder.build import BuildError, build, list_assignments, release_problems
from autograder.cli import format_reports
from autograder.config import REPO_ROOT

pytestmark = pytest.mark.nbgrader
ASSIGNMENT = "w2_optimizers"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="session")
def course(graded_class):
    """The built course with w2_optimizers' sample class and source notebook autograded."""
    return graded_class(ASSIGNMENT)


def hidden_outputs(root: Path, student: str) -> dict:
    nb = nbformat.read(str(root / "autograded" / student / ASSIGNMENT / NOTEBOOK), as_version=4)
    return {r.task: r for r in grading.reports_from_notebook(nb, ASSIGNMENT)}


def test_does_rebinding_numpys_comparison_helpers_gain_nothing(course):
    rows = course["rows"]
    assert rows["ivan"].tasks == rows["dana"].tasks
    assert rows["ivan"].tasks["2.12"][0] < 3


def test_does_grading_again_with_the_recorded_seed_give_the_same_grade(course):
    root = course["root"]
    seed = grading.recorded_seeds(ASSIGNMENT, root)["chen"]
    before = course["rows"]["chen"].tasks
    text_before = hidden_outputs(root, "chen")["2.12"].feedback
    grading.autograde(ASSIGNMENT, root, students=["chen"], seed=seed, progress=False)
    after = {r.student: r for r in grading.grade_rows(ASSIGNMENT, root)}["chen"].tasks
    assert after == before
    assert hidden_outputs(root, "chen")["2.12"].feedback == text_before
    assert f"seed {seed}" in text_before


def test_does_the_csv_have_a_column_per_task_and_the_totals(course, tmp_path):
    path = grading.export_csv(ASSIGNMENT, tmp_path / "grades.csv", course["root"])
    with path.open(newline="") as fh:
        table = list(csv.DictReader(fh))
    header = list(table[0])
    assert header[:3] == ["student", "assignment", "2.4 update_parameters_with_gd"]
    assert header[-4:] == ["total", "max", "seed", "status"]
    assert len(header) == 2 + 12 + 4
    by_student = {r["student"]: r for r in table}
    assert float(by_student["ada"]["total"]) == 18.0
    assert float(by_student["chen"]["2.12 update_parameters_with_adam"]) < 3
    assert float(by_student["chen"]["2.6 update_parameters_with_momentum"]) == 2


def test_does_feedback_name_the_mistake_in_html(course):
    pages = grading.feedback(ASSIGNMENT, course["root"], students=["chen"])
    assert len(pages) == 1
    assert "epsilon inside the square root" in pages[0].read_text()


def test_can_a_zip_of_submissions_be_imported(course, tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        src = course["root"] / "submitted" / "ada" / ASSIGNMENT / NOTEBOOK
        zf.write(src, f"submitted/zoe/{ASSIGNMENT}/{NOTEBOOK}")
    root = course_copy(tmp_path / "course")
    assert grading.import_submissions(ASSIGNMENT, archive, root, say=lambda *_: None) == ["zoe"]
    assert (root / "submitted" / "zoe" / ASSIGNMENT / NOTEBOOK).is_file()
    # a second import keeps the first copy instead of overwriting it
    grading.import_submissions(ASSIGNMENT, archive, root, say=lambda *_: None)
    assert list((root / "submitted" / ".replaced").glob(f"*/zoe/{ASSIGNMENT}/{NOTEBOOK}"))


def test_is_a_zip_with_unsafe_paths_refused(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(f"../../evil/{ASSIGNMENT}/{NOTEBOOK}", "{}")
    with pytest.raises(grading.GradingError, match="unsafe path"):
        grading.import_submissions(ASSIGNMENT, archive, tmp_path, say=lambda *_: None)


def test_does_grade_notebook_give_a_self_study_learner_the_same_feedback(course):
    path = course["root"] / "submitted" / "chen" / ASSIGNMENT / NOTEBOOK
    reports, seed, _notes, _sandboxed = grading.grade_notebook(path, seed=7)
    by_task = {r.task: r for r in reports}
    assert len(reports) == 12
    assert by_task["2.12"].score < 3
    assert all(r.score == r.max_score for r in reports if r.task != "2.12")
    text = format_reports(reports, seed)
    assert "epsilon inside the square root" in text
    assert "seed 7" in text


def test_does_grade_notebook_refuse_a_file_that_is_not_a_notebook(tmp_path):
    bad = tmp_path / f"{ASSIGNMENT}.ipynb"
    bad.write_text("this is not json")
    with pytest.raises(grading.GradingError, match="not a readable notebook"):
        grading.grade_notebook(bad)


def test_is_the_committed_release_clean_and_up_to_date(tmp_path):
    assignments = list_assignments(REPO_ROOT)
    for assignment in assignments:
        assert release_problems(assignment, REPO_ROOT) == []
    root = course_copy(tmp_path)
    build(assignments, root, db_url=f"sqlite:///{tmp_path / 'gb.db'}", say=lambda *_: None)
    fresh_notebooks = sorted((root / "release").rglob("*.ipynb"))
    assert len(fresh_notebooks) == len(assignments)
    for fresh in fresh_notebooks:
        committed = REPO_ROOT / "release" / fresh.relative_to(root / "release")
        assert committed.exists(), f"{committed} is missing: run `kit build` and commit release/"
        assert json.loads(committed.read_text()) == json.loads(fresh.read_text()), (
            f"{committed} is stale: run `kit build` and commit release/")


def test_does_the_build_refuse_a_leaked_solution(tmp_path):
    root = course_copy(tmp_path)
    src = root / "source" / ASSIGNMENT / NOTEBOOK
    nb = nbformat.read(str(src), as_version=4)
    # an author pastes solution code into an unlocked demo cell, outside the solution region
    solution = next(c for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == "task_2_12_solution")
    region = solution.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
    nb.cells.append(nbformat.v4.new_code_cell("# scratch\n" + region))
    nbformat.write(nb, str(src))
    with pytest.raises(BuildError, match="solution line leaked"):
        build([ASSIGNMENT], root, db_url=f"sqlite:///{tmp_path / 'gb.db'}", say=lambda *_: None)
    assert not (root / "release" / ASSIGNMENT).exists()


def test_are_source_notebooks_stored_without_outputs():
    for path in (REPO_ROOT / "source").rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            assert not cell.get("outputs"), f"{path} has outputs"
            assert cell.get("execution_count") is None, f"{path} has execution counts"


def test_does_only_what_the_functions_return_count(course):
    # kim solved everything but displays every float as 99; lee solved nothing and hides every
    # cell's result (stock nbgrader gives full credit to a grade cell without a result)
    assert course["rows"]["kim"].total == course["rows"]["kim"].max_total
    assert course["rows"]["lee"].total == 0
    reports = hidden_outputs(course["root"], "lee")
    assert all("Not implemented yet" in r.feedback for r in reports.values())


def test_does_self_study_grade_a_task_whose_hidden_cell_was_deleted(course, tmp_path):
    # a learner deletes the empty-looking hidden cell of Task 2.4: it is put back and graded
    nb = nbformat.read(str(course["root"] / "submitted" / "ada" / ASSIGNMENT / NOTEBOOK),
                       as_version=4)
    nb.cells = [c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") != "task_2_4_hidden"]
    path = tmp_path / NOTEBOOK
    nbformat.write(nb, str(path))
    reports, _, notes, _ = grading.grade_notebook(path, seed=3)
    by_task = {r.task: r for r in reports}
    assert by_task["2.4"].score == 1 and sum(r.max_score for r in reports) == 18
    assert any("Task 2.4 was missing" in n for n in notes), notes
    assert "was missing" in by_task["2.4"].feedback
