"""`python -m autograder ...` is the same as `kit ...`."""
import sys

from autograder.cli import main

sys.exit(main())
