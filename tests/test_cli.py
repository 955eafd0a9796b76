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
