"""nbgrader settings of the course: the same ones `kit` uses (see autograder/config.py).

The limits below apply to every graded notebook, each in its own sandbox (README: "Trusted
grading"). Change them here; `kit` and stock `nbgrader` commands both read this file.
"""
from pathlib import Path

from autograder.config import configure

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)
# The course's name in the gradebook (a database holds one course): set it before configure()
# c.CourseDirectory.course_id = "improving-dnn"
configure(c, Path(__file__).resolve().parent)  # this folder is the course

c.Execute.timeout = 60                   # seconds for one cell
c.Sandbox.notebook_time_limit = 900      # seconds for the whole notebook
c.Sandbox.memory_limit_mb = 2048         # memory of all the submission's processes together
c.Sandbox.max_processes = 64             # processes at once
c.Sandbox.output_limit_bytes = 10_000_000  # output the notebook may display in all
c.Sandbox.cpu_time_limit = 600           # CPU seconds of each process
c.Sandbox.disk_limit_mb = 512            # what it may write to its private folders
# The exchange for release, fetch, submit, collect and feedback (default: exchange/ here):
# c.Exchange.root = "/srv/nbgrader/exchange"
