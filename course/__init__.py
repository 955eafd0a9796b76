"""What a student imports: data loaders, the given network pieces, plotting and visible checks.

Nothing in this package solves a graded task; the solutions live only in `source/` and in the
instructor-side `autograder.reference` package.
"""
