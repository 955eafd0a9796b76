"""Instructor side of the kit: reference solutions, the hidden-test harness, the grading runner.

Students never need this package.
"""
