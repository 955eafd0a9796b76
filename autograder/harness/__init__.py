"""The hidden-test harness: ``grade(task_id, globals())`` in a hidden grade cell."""
from autograder.harness.runner import grade, grading_seed, prepare, prepare_all

__all__ = ["grade", "grading_seed", "prepare", "prepare_all"]
