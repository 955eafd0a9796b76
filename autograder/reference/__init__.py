"""Vectorized numpy reference solutions, one module per topic in course order.

Every graded function of CURRICULUM.md is here with its exact name and signature, next to the
given pieces the notebooks use (network passes, costs, AdaDelta, numerical-gradient helpers).
"""
from autograder.reference.w1_initialization import *  # noqa: F401,F403
from autograder.reference.w1_regularization import *  # noqa: F401,F403
from autograder.reference.w1_gradient_checking import *  # noqa: F401,F403
from autograder.reference.w2_minibatch_ewma import *  # noqa: F401,F403
from autograder.reference.w2_optimizers import *  # noqa: F401,F403
from autograder.reference.w3_tuning_batchnorm import *  # noqa: F401,F403
from autograder.reference.w3_softmax import *  # noqa: F401,F403
from autograder.reference.deep_nets import *  # noqa: F401,F403
