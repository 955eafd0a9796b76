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


@pytest.mark.parametrize("missing", ["nbgrader", "traitlets", "nbformat"])
def test_does_kit_name_the_extra_to_install_when_a_dependency_is_missing(missing, tmp_path):
    # a student who installed only the course package: the module cannot be imported
    code = (f"import sys; sys.modules[{missing!r}] = None\n"
            "from autograder.cli import main\n"
            f"sys.exit(main(['grade-notebook', {str(tmp_path / 'x.ipynb')!r}]))")
    (tmp_path / "x.ipynb").write_text("{}")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"needs {missing}" in done.stderr and "pip install -e '.[student]'" in done.stderr


def test_does_the_readme_student_install_give_jupyterlab_and_nbgrader():
    import tomllib

    readme = (REPO_ROOT / "README.md").read_text()
    assert "pip install -e '.[student]'" in readme
    extras = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]["student"]
    assert {e.split(">")[0].split("<")[0] for e in extras} >= {"jupyterlab", "nbgrader"}
