"""What an instructor reads after grading: an HTML page per assignment and one for the course.

``assignment_report`` writes ``reports/<assignment>/report.html`` with PNG plots beside it
(``reports/<assignment>/plots/``): the score distribution, the mean score and the share of full
marks per task, the most common named mistakes per task (with the students who made them), the
students who need attention (zero, not gradable, stopped by a limit, a cell that timed out, a
grader error) and the grading time per submission. ``course_report`` writes
``reports/course.html``: every student's total in every assignment.

The numbers come from the gradebook (``grading.grade_rows``) and from the records of the grading
runs (``reports/<assignment>/grading.json``: status, notes, named mistakes, seconds).
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from autograder import grading
from autograder.config import REPO_ROOT
from autograder.harness.spec import tasks_of

ATTENTION = {"not gradable": "could not be read", "stopped": "stopped by a limit or a crash",
             "limited": "a cell timed out or output was cut", "grader error": "grader error"}
_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 70em; color: #222; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.summary { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { background: #f4f6f8; border-radius: 8px; padding: 0.8em 1.2em; min-width: 9em; }
.card b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.3em 0.7em; text-align: left;
         vertical-align: top; }
th { background: #f4f6f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #b00020; font-weight: 600; } .ok { color: #1b7f3b; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0; }
.muted { color: #777; font-size: 0.9em; }
"""


def _esc(x) -> str:
    return html.escape(str(x))


def _page(title: str, body: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_esc(title)}</title><style>{_CSS}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def _table(head: list, rows: list, numeric: set = frozenset()) -> str:
    out = ["<table><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr>"]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            raw = cell if isinstance(cell, Raw) else _esc(cell)
            cells.append(f"<td class=\"num\">{raw}</td>" if i in numeric else f"<td>{raw}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table>"


class Raw(str):
    """HTML that is already escaped."""


def _plots(assignment: str, rows: list, runs: dict, folder: Path) -> dict:
    """Draw the PNG plots of one assignment; name -> file name."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    tasks = tasks_of(assignment)
    top = sum(t.points for t in tasks)
    files = {}

    totals = [r.total for r in rows]
    fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
    bins = max(4, min(20, int(top) + 1))
    ax.hist(totals, bins=bins, range=(0, top), color="#4C78A8", edgecolor="white")
    if totals:
        mean = sum(totals) / len(totals)
        ax.axvline(mean, color="#E45756", linestyle="--", label=f"mean {mean:.1f}")
        ax.legend(frameon=False)
    ax.set_xlabel(f"total points (of {top:g})")
    ax.set_ylabel("students")
    ax.set_title("Score distribution")
    fig.savefig(folder / "scores.png", dpi=110)
    plt.close(fig)
    files["scores"] = "scores.png"

    labels = [f"{t.id} {t.function}" for t in tasks]
    means, fulls = [], []
    for t in tasks:
        got = [r.tasks[t.id][0] for r in rows if t.id in r.tasks]
        means.append(100 * sum(got) / (len(got) * t.points) if got else 0.0)
        fulls.append(100 * sum(1 for g in got if g >= t.points) / len(got) if got else 0.0)
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(tasks) + 1.2), layout="constrained")
    y = list(range(len(tasks)))[::-1]
    ax.barh([v + 0.2 for v in y], means, height=0.38, color="#4C78A8", label="mean score")
    ax.barh([v - 0.2 for v in y], fulls, height=0.38, color="#72B7B2", label="full marks")
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the task's points / % of students")
    ax.set_title("Per task: mean score and share of full marks", pad=28)
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    fig.savefig(folder / "tasks.png", dpi=110)
    plt.close(fig)
    files["tasks"] = "tasks.png"

    timed = sorted(((runs.get(r.student, {}).get("seconds"), r.student) for r in rows
                    if runs.get(r.student, {}).get("seconds") is not None), reverse=True)
    if timed:
        fig, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
        ax.hist([s for s, _ in timed], bins=min(20, max(5, len(timed) // 3)), color="#F58518",
                edgecolor="white")
        ax.set_xlabel("seconds to grade one submission")
        ax.set_ylabel("submissions")
        ax.set_title("Grading time per submission")
        fig.savefig(folder / "times.png", dpi=110)
        plt.close(fig)
        files["times"] = "times.png"
    return files


def assignment_report(assignment: str, root: Path = REPO_ROOT, db_url: str | None = None
                      ) -> Path:
    """Write reports/<assignment>/report.html (and its plots); its path."""
    root = Path(root)
    rows = grading.grade_rows(assignment, root, db_url)
    if not rows:
        raise grading.GradingError(f"no graded submissions of {assignment}: run kit autograde "
                                   f"{assignment} first")
    runs = grading.records(assignment, root)
    tasks = tasks_of(assignment)
    top = sum(t.points for t in tasks)
    out = root / "reports" / assignment
    plots = _plots(assignment, rows, runs, out / "plots")
    totals = [r.total for r in rows]
    mean = sum(totals) / len(totals)
    full = sum(1 for r in rows if r.total >= top)
    attention = [(r, runs.get(r.student, {})) for r in rows
                 if r.total == 0 or runs.get(r.student, {}).get("status") in ATTENTION]
    seconds = [runs[r.student]["seconds"] for r in rows if "seconds" in runs.get(r.student, {})]

    body = [f"<h1>{_esc(assignment)}: grading report</h1>",
            (f"<p class=\"muted\">{len(rows)} graded submissions, {len(tasks)} tasks, "
            f"{top:g} points. Seeds and notes: reports/{_esc(assignment)}/grading.json</p>"),
            "<div class=\"summary\">",
            f"<div class=\"card\">students<b>{len(rows)}</b></div>",
            f"<div class=\"card\">mean score<b>{mean:.1f} / {top:g}</b></div>",
            f"<div class=\"card\">full marks<b>{full}</b></div>",
            (f"<div class=\"card\">need attention<b class=\"{'bad' if attention else 'ok'}\">"
            f"{len(attention)}</b></div>"),
            (f"<div class=\"card\">grading time<b>{sum(seconds) / len(seconds):.1f} s</b>"
             f"per submission</div>" if seconds else ""),
            "</div>",
            "<h2>Students who need attention</h2>"]
    if attention:
        body.append(_table(
            ["student", "total", "status", "what happened"],
            [(r.student, f"{r.total:g} / {r.max_total:g}", run.get("status", ""),
              Raw("<br>".join(_esc(n) for n in run.get("notes", [])[:4])
                  or ("zero points" if r.total == 0 else "")))
             for r, run in attention], numeric={1}))
    else:
        body.append("<p class=\"ok\">Nobody: every submission was graded normally and scored "
                    "above zero.</p>")
    body += ["<h2>Scores</h2>", f"<img src=\"plots/{plots['scores']}\" alt=\"score distribution\">",
             f"<img src=\"plots/{plots['tasks']}\" alt=\"mean score per task\">"]

    by_task: dict = defaultdict(Counter)
    who: dict = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for task_id, names in runs.get(r.student, {}).get("mistakes", {}).items():
            for name in names:
                by_task[task_id][name] += 1
                who[task_id][name].append(r.student)
    body.append("<h2>Most common named mistakes</h2>")
    mistake_rows = []
    for t in tasks:
        for name, count in by_task[t.id].most_common(3):
            mistake_rows.append((f"{t.id} {t.function}", name, count,
                                 ", ".join(sorted(who[t.id][name]))))
    body.append(_table(["task", "mistake", "students", "who"], mistake_rows, numeric={2})
                if mistake_rows else "<p>No catalogued mistake was recognised.</p>")

    body.append("<h2>Per task</h2>")
    task_rows = []
    for t in tasks:
        got = [r.tasks[t.id][0] for r in rows if t.id in r.tasks]
        task_rows.append((f"{t.id} {t.function}", f"{t.points:g}",
                          f"{sum(got) / len(got):.2f}" if got else "-",
                          f"{100 * sum(1 for g in got if g >= t.points) / len(got):.0f} %"
                          if got else "-"))
    body.append(_table(["task", "points", "mean", "full marks"], task_rows, numeric={1, 2, 3}))

    if "times" in plots:
        slow = sorted(((runs[r.student]["seconds"], r.student) for r in rows
                       if "seconds" in runs.get(r.student, {})), reverse=True)[:5]
        body += ["<h2>Grading time</h2>", (f"<img src=\"plots/{plots['times']}\" "
                 f"alt=\"grading time per submission\">"),
                 _table(["slowest submissions", "seconds"], [(s, f"{t:.1f}") for t, s in slow],
                        numeric={1})]
    body.append("<h2>All students</h2>")
    body.append(_table(["student"] + [t.id for t in tasks] + ["total", "status"],
                       [[r.student] + [f"{r.tasks[t.id][0]:g}" if t.id in r.tasks else "-"
                                       for t in tasks]
                        + [f"{r.total:g}", r.status] for r in rows],
                       numeric=set(range(1, len(tasks) + 2))))
    path = out / "report.html"
    path.write_text(_page(f"{assignment}: grading report", "\n".join(body)), encoding="utf-8")
    return path


def _course_plot(means: list, tops: dict, percents: list, folder: Path) -> str:
    """Mean % per assignment and the distribution of the students' course %; the file name."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
    names = [a for a, _ in means]
    left.barh(names[::-1], [100 * m / tops[a] for a, m in means][::-1], color="#4C78A8")
    left.set_xlim(0, 100)
    left.set_xlabel("mean score, % of the assignment's points")
    left.set_title("Per assignment")
    right.hist(percents, bins=10, range=(0, 100), color="#72B7B2", edgecolor="white")
    right.set_xlabel("course total, % of all points")
    right.set_ylabel("students")
    right.set_title("Students")
    fig.savefig(folder / "course.png", dpi=110)
    plt.close(fig)
    return "course.png"


def course_report(root: Path = REPO_ROOT, db_url: str | None = None) -> Path:
    """Write reports/course.html: every student's total in every graded assignment; its path."""
    from autograder.build import list_assignments

    root = Path(root)
    totals: dict = defaultdict(dict)
    tops: dict = {}
    for assignment in list_assignments(root):
        rows = grading.grade_rows(assignment, root, db_url)
        if not rows:
            continue
        tops[assignment] = sum(t.points for t in tasks_of(assignment))
        for r in rows:
            totals[r.student][assignment] = r.total
    if not tops:
        raise grading.GradingError("nothing graded yet: run kit autograde first")
    assignments = list(tops)
    course_top = sum(tops.values())
    table = []
    for student in sorted(totals):
        got = totals[student]
        total = sum(got.values())
        table.append([student] + [f"{got[a]:g} / {tops[a]:g}" if a in got else "missing"
                                  for a in assignments]
                     + [f"{total:g} / {course_top:g}", f"{100 * total / course_top:.0f} %"])
    means = [(a, sum(t.get(a, 0.0) for t in totals.values()) / len(totals)) for a in assignments]
    percents = [100 * sum(t.values()) / course_top for t in totals.values()]
    plot = _course_plot(means, tops, percents, root / "reports" / "plots")
    body = ["<h1>Course report</h1>",
            (f"<p class=\"muted\">{len(totals)} students, {len(assignments)} graded "
             f"assignment{'s' if len(assignments) != 1 else ''} ({course_top:g} points). "
             f"A missing assignment counts as 0.</p>"),
            f"<img src=\"plots/{plot}\" alt=\"course overview\">",
            "<h2>Mean score per assignment</h2>",
            _table(["assignment", "mean", "points", "report"],
                   [(a, f"{m:.1f}", f"{tops[a]:g}",
                     Raw(f"<a href=\"{_esc(a)}/report.html\">details</a>")) for a, m in means],
                   numeric={1, 2}),
            "<h2>Students</h2>",
            _table(["student"] + assignments + ["total", "%"], table,
                   numeric=set(range(1, len(assignments) + 3)))]
    path = root / "reports" / "course.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_page("Course report", "\n".join(body)), encoding="utf-8")
    return path


def write_reports(root: Path = REPO_ROOT, db_url: str | None = None,
                  assignments: list[str] | None = None) -> list[Path]:
    """The reports of the given assignments, or of every graded one and the whole course."""
    if assignments:
        return [assignment_report(a, root, db_url) for a in assignments]
    from autograder.build import list_assignments

    graded = [a for a in list_assignments(root) if grading.records(a, root)]
    return [assignment_report(a, root, db_url) for a in graded] + [course_report(root, db_url)]
