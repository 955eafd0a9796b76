"""Does nbgrader's Validate (the JupyterLab button, `nbgrader validate`) tell the truth?

A notebook with stubs fails and names its first unfinished task, a notebook with a wrong function
fails that task's visible check, a correct one passes. The visible checks are grade cells of 0
points, so nbgrader's own validator runs them.
"""
import nbformat
import pytest
from helpers import notebook_name

from autograder import samples
from autograder.config import REPO_ROOT, make_config
from autograder.harness.spec import tasks_of

pytestmark = pytest.mark.nbgrader
ASSIGNMENTS = samples.assignments_with_samples()


def validate(nb, tmp_path, name: str) -> dict:
    from nbgrader.validator import Validator

    path = tmp_path / name
    nbformat.write(nb, str(path))
    return Validator(config=make_config(REPO_ROOT)).validate(str(path))


def first_wrong_student(assignment: str) -> tuple[str, str]:
    """A sample student with a catalogued mistake, and the first task it gets wrong."""
    for student, spec in samples.expected(assignment).items():
        if isinstance(spec["expect"], dict):
            task = min(spec["expect"], key=lambda t: tuple(map(int, t.split("."))))
            return student, task
    raise AssertionError(f"{assignment} has no mistake student")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_a_notebook_with_stubs_fail_naming_its_first_task(assignment, tmp_path):
    name = notebook_name(assignment)
    nb = nbformat.read(str(REPO_ROOT / "release" / assignment / name), as_version=4)
    results = validate(nb, tmp_path, name)
    assert results.get("failed"), results
    first_task = tasks_of(assignment)[0]
    first = results["failed"][0]["raw_error"]
    assert f"Task {first_task.id}: {first_task.function}" in first


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_a_wrong_function_fail_its_tasks_visible_check(assignment, tmp_path):
    student, task = first_wrong_student(assignment)
    nb = samples.make_submission(assignment, student, REPO_ROOT)
    results = validate(nb, tmp_path, notebook_name(assignment))
    failed = results.get("failed", [])
    assert failed, f"{student}'s mistake in Task {task} passed every visible check"
    assert any(f"Task {task}" in f["source"] or f"Task {task}" in f["raw_error"]
               for f in failed), [f["raw_error"][-300:] for f in failed]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_a_correct_notebook_pass(assignment, tmp_path):
    nb = samples.make_submission(assignment, "ada", REPO_ROOT)
    assert validate(nb, tmp_path, notebook_name(assignment)) == {}


@pytest.mark.parametrize("student", ["rosa_logging", "sami_noisy"])
def test_does_a_correct_notebook_that_logs_prints_and_warns_pass(student, tmp_path):
    # stderr written by the student's own code (logging, warnings) is not a failure
    from scenarios import HONEST

    nb = samples.make_submission("w2_optimizers", student, REPO_ROOT, HONEST)
    assert validate(nb, tmp_path, notebook_name("w2_optimizers")) == {}
