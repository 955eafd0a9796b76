"""Imported by the grading kernel at start-up, before any notebook cell runs.

It binds the harness's pristine references and computes every task's cases and expected outputs
from the grading seed, so that nothing a student's cell does later can change them.
"""
from autograder.harness.runner import prepare_all

prepare_all()
