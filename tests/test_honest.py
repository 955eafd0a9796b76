"""Do honest students keep full marks, whatever their habits, on several grading seeds?

Each scenario in ``tests/honest/<assignment>/`` is a correct notebook written differently from
the solution: functions that change their inputs in place, loops over layers, algebraic
rewrites, numpy vs math functions, logging, prints and warnings, display settings, magics and
the shell, helper cells, a shadowed builtin, a function defined only at the end of the notebook.
The class is graded through the real pipeline (sandbox included) on two seeds. Correct variants
of single functions, on more seeds, are in tests/test_tasks_<assignment>.py.
"""
import pytest
from helpers import course_copy, is_hidden, notebook_name
from scenarios import HONEST, write_scenarios

from autograder import grading, samples
from autograder.build import build
from autograder.harness.spec import tasks_of

pytestmark = pytest.mark.nbgrader
ASSIGNMENTS = sorted(p.name for p in HONEST.iterdir() if (p / "expected.json").exists())
SEEDS = (2024, 77)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sandbox_required):
    """assignment -> seed -> {student: Row}."""
    root = course_copy(tmp_path_factory.mktemp("honest"))
    build(ASSIGNMENTS, root, say=lambda *_: None)
    out = {}
    for assignment in ASSIGNMENTS:
        students = sorted(write_scenarios(assignment, root, HONEST))
        out[assignment] = {}
        for seed in SEEDS:
            grading.autograde(assignment, root, students=students, seed=seed, progress=False)
            rows = {r.student: r for r in grading.grade_rows(assignment, root)}
            out[assignment][seed] = {s: rows[s] for s in students}
    return root, out


SCENARIOS = [(a, s) for a in ASSIGNMENTS for s in sorted(samples.expected(a, HONEST))]


@pytest.mark.parametrize("assignment,student", SCENARIOS)
def test_does_an_honest_variant_keep_full_marks_on_every_seed(graded, assignment, student):
    _, out = graded
    full = sum(t.points for t in tasks_of(assignment))
    about = samples.expected(assignment, HONEST)[student]["about"]
    for seed in SEEDS:
        row = out[assignment][seed][student]
        assert row.total == full, (about, seed, row.tasks)


CLEAN = [(a, s) for a, s in SCENARIOS if samples.expected(a, HONEST)[s].get("checks_pass")]


@pytest.mark.parametrize("assignment,student", CLEAN)
def test_do_the_visible_checks_and_demos_accept_functions_that_change_their_inputs(
        graded, assignment, student):
    # the lesson allows it, so its own code must pass copies where it needs its data again
    import nbformat

    root, _ = graded
    nb = nbformat.read(str(root / "autograded" / student / assignment
                           / notebook_name(assignment)), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code" or is_hidden(cell):
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, (cell.source[:80], errors[0].get("evalue"))
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").endswith("_check"):
            assert "all values match" in "".join(o.get("text", "") for o in cell.outputs)
