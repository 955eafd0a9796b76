"""Task specs of every assignment; importing this package registers them with the harness."""
import autograder.tasks.w2_minibatch_ewma  # noqa: F401
from autograder.tasks import w2_optimizers  # noqa: F401
