"""Does every assignment's sample class grade as its scenarios say, through real nbgrader runs?

Each assignment with ``autograder/sample_class/<assignment>/expected.json`` is built, its sample
class and its source notebook are autograded, and: the source scores full marks, the untouched
release scores zero without harness errors, and every scenario gets the grade it expects with
its mistake named.
"""
import nbformat
import pytest
from helpers import is_hidden, notebook_name

from autograder import samples
from autograder.config import REPO_ROOT
from autograder.demo import feedback_texts
from autograder.harness.spec import tasks_of

pytestmark = pytest.mark.nbgrader
ASSIGNMENTS = samples.assignments_with_samples()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_is_every_submission_graded_without_an_nbgrader_error(graded_class, assignment):
    results = graded_class(assignment)["results"]
    assert not {s: r.error for s, r in results.items() if not r.success}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_source_notebook_score_full_marks(graded_class, assignment):
    row = graded_class(assignment)["rows"]["source_nb"]
    assert row.max_total == sum(t.points for t in tasks_of(assignment))
    assert row.total == row.max_total, row.tasks


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_the_untouched_release_score_zero_without_harness_errors(graded_class, assignment):
    graded = graded_class(assignment)
    untouched = [s for s, spec in samples.expected(assignment).items()
                 if spec["kind"] == "untouched"]
    assert untouched, "every sample class has an untouched submission"
    path = graded["root"] / "autograded" / untouched[0] / assignment / notebook_name(assignment)
    nb = nbformat.read(str(path), as_version=4)
    hidden = [c for c in nb.cells if is_hidden(c)]
    assert len(hidden) == len(tasks_of(assignment))
    assert graded["rows"][untouched[0]].total == 0
    for cell in hidden:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.source
        assert "Not implemented yet" in "".join(o.get("text", "") for o in cell.outputs)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_do_mistakes_lose_points_only_on_their_task_with_the_mistake_named(graded_class,
                                                                          assignment):
    graded = graded_class(assignment)
    problems = samples.check_expectations(
        assignment, list(graded["rows"].values()),
        feedback_texts(assignment, graded["root"], graded["students"]))
    assert problems == []


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_does_every_release_stub_and_hidden_cell_name_its_task(assignment):
    nb = nbformat.read(str(REPO_ROOT / "release" / assignment / notebook_name(assignment)),
                       as_version=4)
    ids = {t.id for t in tasks_of(assignment)}
    stubs = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(stubs) == len(ids)
    assert all('raise NotImplementedError("Task ' in s for s in stubs)
    hidden = [c.source for c in nb.cells if is_hidden(c)]
    assert {s.split(":")[0].removeprefix("# Task ") for s in hidden} == ids
    assert all("grade(" not in s for s in hidden)
