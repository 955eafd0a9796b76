"""Shared fixtures: one graded copy of each assignment's sample class per test session."""
from __future__ import annotations

import shutil

import pytest
from helpers import course_copy, notebook_name

from autograder import grading, samples
from autograder.build import build


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """assignment -> {"root", "results", "rows", "students"}: the built course with the sample
    class and the source notebook itself (student ``source_nb``) autograded; made once per
    assignment and session."""
    cache: dict = {}

    def get(assignment: str) -> dict:
        if assignment not in cache:
            root = course_copy(tmp_path_factory.mktemp(f"course-{assignment}"))
            build([assignment], root, say=lambda *_: None)
            students = samples.write_sample_class(assignment, root / "submitted", root)
            name = notebook_name(assignment)
            # the source notebook itself, solutions and hidden tests included, as a submission
            (root / "submitted" / "source_nb" / assignment).mkdir(parents=True)
            shutil.copy(root / "source" / assignment / name,
                        root / "submitted" / "source_nb" / assignment / name)
            results = grading.autograde(assignment, root, progress=False)
            rows = {r.student: r for r in grading.grade_rows(assignment, root)}
            cache[assignment] = {"root": root, "results": {r.student: r for r in results},
                                 "rows": rows, "students": students}
        return cache[assignment]

    return get


@pytest.fixture(scope="session")
def sandbox_required():
    """Tests that need the bubblewrap sandbox: skipped where there is none, unless
    KIT_REQUIRE_SANDBOX=1 (CI), where its absence is a failure."""
    import os

    from autograder.sandbox import probe

    why = probe()
    if why:
        if os.environ.get("KIT_REQUIRE_SANDBOX") == "1":
            pytest.fail(f"the sandbox is required here but {why}")
        pytest.skip(f"no sandbox on this machine: {why}")
