"""``prepare_grading_kernel``: a kit grading kernel is cheaper, and computes the same.

Each check runs in a fresh interpreter with an IPython shell, as a grading kernel has one.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run(code: str) -> str:
    prelude = textwrap.dedent("""
        import sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        from autograder.harness.kernel import prepare_grading_kernel
        prepare_grading_kernel()
        def loaded(name):
            return type(sys.modules.get(name)).__name__
    """)
    proc = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_pyplot_is_not_imported_until_used():
    out = run("""
        shell.run_line_magic("matplotlib", "inline")
        import matplotlib.pyplot as plt
        print(loaded("matplotlib.pyplot"), loaded("matplotlib"))
        fig = plt.figure()
        print(type(fig).__name__, loaded("matplotlib.pyplot"))
    """)
    assert out.splitlines() == ["_Deferred _Deferred", "Figure module"]


@pytest.mark.parametrize("code, expected", [
    # the parent's attribute, after pyplot was named first
    ("import matplotlib.pyplot as plt\nimport matplotlib\nprint(matplotlib.pyplot.plot is plt.plot)",
     "True"),
    # a submodule imported from the deferred package
    ("import matplotlib.pyplot\nfrom matplotlib.colors import to_hex\nprint(to_hex((1, 0, 0)))",
     "#ff0000"),
    # what a cell sets on the module is what the module has
    (("import matplotlib.pyplot as plt\nplt.kit_marker = 3\nimport sys\n"
      "print(sys.modules['matplotlib.pyplot'].kit_marker)"), "3"),
    # dir, version
    ("import matplotlib\nprint('use' in dir(matplotlib), bool(matplotlib.__version__))",
     "True True"),
])
def test_deferred_modules_behave_like_the_real_ones(code, expected):
    assert run(code) == expected


def test_inspecting_modules_does_not_load_them():
    out = run("""
        import inspect
        import matplotlib.pyplot
        inspect.getmodule(inspect.currentframe())  # walks sys.modules, reading __file__
        try:
            raise ValueError("x")
        except ValueError:
            shell.showtraceback()
        print(loaded("matplotlib.pyplot"), shell.InteractiveTB.mode)
    """)
    assert out.splitlines()[-1] == "_Deferred Plain"


def test_metadata_check_accepts_and_rejects_as_nbgrader_does(tmp_path):
    import nbformat
    from jsonschema import ValidationError
    from nbgrader.preprocessors import CheckCellMetadata as Stock

    from autograder.config import REPO_ROOT
    from autograder.preprocessors import CheckCellMetadata

    nb = nbformat.read(REPO_ROOT / "release" / "w2_optimizers" / "w2_optimizers.ipynb", 4)
    for cls in (Stock, CheckCellMetadata):
        cls().preprocess(nb, {})
    bad = nbformat.reads(nbformat.writes(nb), 4)
    cell = next(c for c in bad.cells if c.metadata.get("nbgrader", {}).get("grade"))
    cell.metadata.nbgrader["points"] = "two"
    for cls in (Stock, CheckCellMetadata):
        with pytest.raises(ValidationError):
            cls().preprocess(bad, {})
