"""Does the `kit` command line give clear errors and the self-study table?"""
import subprocess
import sys

import pytest

from autograder.cli import main
from autograder.config import REPO_ROOT


def test_does_an_unknown_assignment_give_a_clear_error_and_exit_code_2(capsys):
    assert main(["build", "w9_nothing"]) == 2
    err = capsys.readouterr().err
    assert "no such assignment in source/: w9_nothing" in err
    assert "w2_optimizers" in err  # the known ones are listed


def test_does_autograde_without_submissions_say_so(capsys, tmp_path):
    (tmp_path / "source" / "w2_optimizers").mkdir(parents=True)
    (tmp_path / "source" / "w2_optimizers" / "w2_optimizers.ipynb").write_text("{}")
    assert main(["--root", str(tmp_path), "autograde", "w2_optimizers"]) == 2
    assert "no submissions of w2_optimizers" in capsys.readouterr().err


def test_does_grade_notebook_refuse_a_missing_file(capsys, tmp_path):
    assert main(["grade-notebook", str(tmp_path / "nope.ipynb")]) == 2
    assert "no such notebook" in capsys.readouterr().err


@pytest.mark.nbgrader
def test_does_grade_notebook_print_a_table_for_the_untouched_release(tmp_path):
    notebook = REPO_ROOT / "release" / "w2_optimizers" / "w2_optimizers.ipynb"
    done = subprocess.run([sys.executable, "-m", "autograder", "grade-notebook", str(notebook),
                           "--seed", "3"], capture_output=True, text=True, cwd=tmp_path,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "2.12   update_parameters_with_adam" in done.stdout
    assert "total" in done.stdout and "0 / 18" in done.stdout
    assert "Not implemented yet" in done.stdout
    assert "--seed 3 reproduces this grade" in done.stdout


def test_does_the_csv_quote_awkward_student_ids(monkeypatch, tmp_path):
    import csv

    from autograder import grading

    rows = [grading.Row('o"brien, pat', {"2.4": (1.0, 1.0), "2.12": (1.5, 3.0)}, seed=5)]
    monkeypatch.setattr(grading, "grade_rows", lambda *a, **k: rows)
    path = grading.export_csv("w2_optimizers", tmp_path / "g.csv", tmp_path)
    with path.open(newline="") as fh:
        table = list(csv.DictReader(fh))
    assert table[0]["student"] == 'o"brien, pat'
    assert table[0]["2.12 update_parameters_with_adam"] == "1.5"
    assert table[0]["2.6 update_parameters_with_momentum"] == ""  # not graded: left empty
    assert table[0]["total"] == "2.5" and table[0]["max"] == "4.0"
