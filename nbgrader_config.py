"""nbgrader settings of the course: the same ones `kit` uses (see autograder/config.py)."""
from autograder.config import configure

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)
configure(c)
