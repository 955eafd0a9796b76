"""The README's main job: build the release, autograde the bundled sample class, report.

Steps: ``build`` every assignment; write each sample student's notebook into ``submitted/``;
``autograde`` in parallel on the SQLite gradebook; generate HTML feedback; export the CSV; print
the grade table, whether every sample student got the grade its scenario expects, and where the
feedback and the CSV are.
"""
from __future__ import annotations

import time
from pathlib import Path

import nbformat

from autograder import grading, samples
from autograder.build import build


def feedback_texts(assignment: str, root: Path, students: list[str]) -> dict:
    """student -> task id -> the hidden tests' printed feedback, from autograded notebooks."""
    texts: dict = {}
    for student in students:
        for path in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
            nb = nbformat.read(str(path), as_version=4)
            for report in grading.reports_from_notebook(nb, assignment):
                texts.setdefault(student, {})[report.task] = report.feedback
    return texts


def run_demo(root: Path, db_url: str | None = None, jobs: int | None = None, say=print) -> int:
    """Run the whole pipeline on the sample class; returns 0 when every expectation is met."""
    from autograder.sandbox import available, probe

    start = time.perf_counter()
    build(root=root, db_url=db_url, say=say)
    sandbox = available()
    if not sandbox:
        say(f"\nNote: {probe()}, so the sample class (the kit's own notebooks) is graded "
            f"without the sandbox. Install bubblewrap before grading real students (README).")
    status = 0
    grading.import_roster(samples.SAMPLES / "students.csv", root, db_url)
    for assignment in samples.assignments_with_samples():
        students = samples.write_sample_class(assignment, root / "submitted", root)
        say(f"\nsample class of {assignment}: {len(students)} submissions in "
            f"{root / 'submitted'}")
        for student, spec in samples.expected(assignment).items():
            say(f"  {student:6} {spec['about']}")
        results = grading.autograde(assignment, root, db_url, students=students, jobs=jobs,
                                    sandbox=sandbox)
        for r in results:
            if not r.success:
                say(f"nbgrader could not grade {r.student}:\n{r.error}")
                status = 1
        rows = [r for r in grading.grade_rows(assignment, root, db_url) if r.student in students]
        say("\n" + grading.format_table(assignment, rows))
        problems = samples.check_expectations(
            assignment, rows, feedback_texts(assignment, root, students))
        if problems:
            status = 1
            say("\nSample grades that differ from their scenario's expectation:")
            for p in problems:
                say(f"  {p}")
        else:
            say("\nEvery sample submission got the grade its scenario expects "
                "(full, zero, or points lost only on the broken task with the mistake named).")
        pages = grading.feedback(assignment, root, db_url, students)
        csv_path = grading.export_csv(assignment, root / "reports" / assignment / "grades.csv",
                                      root, db_url)
        say(f"\nfeedback: {len(pages)} HTML files in {root / 'feedback'}/<student>/{assignment}/")
        say(f"grades:   {csv_path}")
        say(f"seeds:    {grading.record_path(assignment, root)}")
    from autograder.report import write_reports

    pages = write_reports(root, db_url)
    say(f"\nreports:  {pages[-1]} (the course) and reports/<assignment>/report.html")
    say(f"\ndone in {time.perf_counter() - start:.0f} s")
    return status
