"""The trusted side of the hidden tests: cases, expected outputs, verdicts and feedback.

A hidden grade cell is two lines::

    from autograder.harness import grade
    grade("2.12", globals())

Under ``kit`` grading the cell runs in a sandboxed kernel where ``grade`` is
``autograder.harness.kernel.grade``: it calls the student's function on the cases that
``write_cases`` put in ``$KIT_CASES_DIR`` and displays what it returned, as data. After the
notebook has run, the grader (``autograder.preprocessors.WriteVerdicts``) calls ``verdict`` with
that output: it compares each result with the reference's, names known mistakes, and returns the
feedback text and the points, which replace everything the cell displayed. Expected outputs exist
only here, never in the student's process.

Anywhere else (an author running the source notebook, the tests) ``grade`` runs the same kernel
code in-process and prints the same verdict (``grade_in_process``).
"""
from __future__ import annotations

import json
import os
import secrets
import sys
import zlib
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from warnings import catch_warnings, simplefilter

from autograder.harness import codec, kernel
from autograder.harness.compare import compare
from autograder.harness.pristine import np_errstate
from autograder.harness.spec import Case, Task, get_task, tasks_of

SEED_ENV = "KIT_GRADING_SEED"
_MAX_SHOWN_FAILURES = 2
MAX_PAYLOAD_CHARS = 64 * 1024 * 1024


@dataclass
class Prepared:
    """A task's cases with the reference's outputs and each mistake's outputs."""

    task: Task
    seed: int
    cases: list
    expected: list
    mistake_outputs: list  # per case: list of (Mistake, output or _FAILED)


_FAILED = object()
_PREPARED: dict = {}  # (task id, seed) -> Prepared
_SEED: list = []


def grading_seed() -> int:
    """The seed of this grading run: ``$KIT_GRADING_SEED`` if set, else drawn once per process."""
    raw = os.environ.get(SEED_ENV, "").strip()
    if raw:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{SEED_ENV} must be an integer, got {raw!r}") from None
    if not _SEED:
        _SEED.append(secrets.randbelow(2**31))
    return _SEED[0]


def _task_rng(seed: int, task_id: str):
    import numpy as np

    return np.random.default_rng([seed, zlib.crc32(task_id.encode())])


def _fresh(x):
    """A deep copy of test inputs (through the data format, so generators are copied too)."""
    return codec.decode(codec.encode(x), allow_inputs=True)


def _quiet():
    """Silence warnings and floating-point complaints of trusted code (never write to stderr)."""
    stack = ExitStack()
    stack.enter_context(catch_warnings())
    simplefilter("ignore")
    stack.enter_context(np_errstate(all="ignore"))
    return stack


def call_case(fn, case: Case):
    """``fn`` called on fresh copies of the case's inputs, with the case's swapped names."""
    with kernel.swapped_globals(fn, None, case.swap):
        return fn(*_fresh(case.args), **_fresh(case.kwargs))


def _call_trusted(fn, case: Case):
    with _quiet():
        try:
            return call_case(fn, case)
        except Exception:  # noqa: BLE001  (a mistake variant may legitimately fail)
            return _FAILED


def prepare(task: Task, seed: int | None = None) -> Prepared:
    """Draw the task's cases from the seed and compute the reference's and mistakes' outputs."""
    seed = grading_seed() if seed is None else seed
    key = (task.id, seed)
    if key not in _PREPARED:
        with _quiet():
            cases = task.cases(_task_rng(seed, task.id))
        expected = []
        for case in cases:
            out = _call_trusted(task.reference, case)
            if out is _FAILED:
                raise RuntimeError(f"reference of task {task.id} failed on case {case.label!r}")
            expected.append(out)
        mistakes = [[(m, _call_trusted(m.fn, case)) for m in task.mistakes] for case in cases]
        _PREPARED[key] = Prepared(task, seed, cases, expected, mistakes)
    return _PREPARED[key]


def prepare_assignment(assignment: str, seed: int) -> dict:
    """task id -> Prepared for every task of ``assignment``; other seeds leave the cache."""
    for key in [k for k in _PREPARED if k[1] != seed]:
        del _PREPARED[key]
    return {t.id: prepare(t, seed) for t in tasks_of(assignment)}


# ------------------------------------------------------------------------ cases for the kernel

def case_spec(prepared: Prepared, budget: float = 30.0) -> dict:
    """What the kernel needs to run the task: function name, limits and inputs as data."""
    task = prepared.task
    return {"task": task.id, "function": task.function, "time_limit": task.time_limit,
            "budget": budget,
            "cases": [_case_data(c) for c in prepared.cases]}


def _case_data(case: Case) -> dict:
    data = {"args": codec.encode(case.args), "kwargs": codec.encode(case.kwargs)}
    if case.swap:
        data["swap"] = {name: [module, factory, list(args)]
                        for name, (module, factory, args) in case.swap.items()}
    return data


def write_cases(assignment: str, seed: int, folder: Path, budget: float = 30.0) -> list[str]:
    """Write ``<task>.json`` for every task of the assignment into ``folder``; the task ids."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prepared = prepare_assignment(assignment, seed)
    for task_id, p in prepared.items():
        (folder / f"{task_id}.json").write_text(json.dumps(case_spec(p, budget)),
                                                encoding="utf-8")
    return sorted(prepared)


# ------------------------------------------------------------------------ judging results

@dataclass
class Outcome:
    """The result of one case: passed, or a message and the names of matching mistakes."""

    label: str
    passed: bool
    message: str = ""
    mistakes: tuple = ()
    not_implemented: bool = False


def judge(prepared: Prepared, index: int, result) -> Outcome:
    """Compare one result the kernel reported with the reference's output.

    ``result`` is the kernel's ``{"value": data}`` or ``{"error": kind, "message": text}``
    (untrusted: anything else is a failure).
    """
    task = prepared.task
    label = prepared.cases[index].label
    if type(result) is not dict:
        return Outcome(label, False, "no result was reported")
    if "error" in result:
        kind, text = result.get("error"), str(result.get("message", ""))[:300]
        if kind == "not_implemented":
            return Outcome(label, False, "raised NotImplementedError: not implemented yet",
                           not_implemented=True)
        if kind == "timeout":
            return Outcome(label, False,
                           f"did not return within {task.time_limit:g} s (an endless loop?)")
        if kind == "skipped":
            return Outcome(label, False, f"not run: the cases before it used up the {text} s "
                                         f"allowed for this task")
        return Outcome(label, False, f"raised {text}" if text else "raised an exception")
    if "value" not in result or not set(result) <= {"value", "aliases"}:
        return Outcome(label, False, "no result was reported")
    try:
        got = codec.decode(result["value"])
    except codec.DecodeError as exc:
        return Outcome(label, False, f"its result could not be read ({exc})")
    if got is None:
        return Outcome(label, False, f"returned None: return the result "
                                     f"({task.returns or 'a value'}); the hidden tests grade "
                                     f"what your function returns")
    root = task.returns if task.returns and not task.output_names else ""
    mismatch = compare(prepared.expected[index], got, task.tol, path=root,
                       names=task.output_names)
    if mismatch is None:
        shared = _new_aliases(result.get("aliases"), prepared.expected[index])
        if shared:
            a, b = (_place(p, task.output_names, root) for p in shared[0])
            return Outcome(label, False, f"{a} and {b} are one and the same object (or share "
                                         f"memory): return separate ones, or changing one "
                                         f"would change the other")
        return Outcome(label, True)
    names = tuple(m for m, out in prepared.mistake_outputs[index]
                  if out is not _FAILED and compare(out, got, task.tol) is None)
    where = "" if mismatch.path else "the returned value: "
    return Outcome(label, False, where + str(mismatch), names)


def _new_aliases(reported, expected) -> list:
    """The alias pairs the kernel reported that the reference's output does not have."""
    if type(reported) is not list:
        return []
    known = {(tuple(a), tuple(b)) for a, b in codec.aliases(expected)}
    pairs = []
    for pair in reported[:20]:
        if (type(pair) is list and len(pair) == 2
                and all(type(p) is list and all(type(k) in (str, int) for k in p) for p in pair)
                and (tuple(pair[0]), tuple(pair[1])) not in known):
            pairs.append(pair)
    return pairs


def _place(path: list, names: tuple, root: str) -> str:
    """``[1, "dW1"]`` as ``v['dW1']`` (with the names of the returned tuple's items)."""
    if names and path and type(path[0]) is int and path[0] < len(names):
        head, rest = names[path[0]], path[1:]
    else:
        head, rest = root or "the result", path
    return head + "".join(f"[{k!r}]" for k in rest)


def parse_payload(text) -> dict | None:
    """The kernel's results output as a dict, or None when it is not one."""
    if type(text) is list:  # nbformat may store a string as a list of lines
        text = "".join(x for x in text if type(x) is str)
    if type(text) is not str or len(text) > MAX_PAYLOAD_CHARS:
        return None
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if type(payload) is not dict or type(payload.get("results")) is not list:
        return None
    return payload


class Verdict(NamedTuple):
    """A task's feedback, its points, and the names of the known mistakes it matched."""

    text: str
    points: float
    mistakes: tuple = ()


def verdict(prepared: Prepared, payload: dict | None, missing: str = "") -> Verdict:
    """Feedback text, points and named mistakes of one task, from the kernel's payload.

    Args:
        prepared: the task's cases and expected outputs.
        payload: what the hidden cell reported (``parse_payload``), or None.
        missing: why there is no payload, in words, when ``payload`` is None.
    """
    task = prepared.task
    total = len(prepared.cases)
    lines = [f"{task.title}: hidden tests on {total} random cases (seed {prepared.seed})"]
    if payload is None or payload.get("task") != task.id:
        lines.append(f"  The hidden tests did not report any result: "
                     f"{missing or 'the cell did not finish'}.")
        return _finish(lines, task, 0, total)
    if payload.get("function_found") is not True:
        lines.append(f"  No function named {task.function} is defined in the notebook. Keep the "
                     f"name and the signature of the task's code cell.")
        return _finish(lines, task, 0, total)
    results = payload["results"]
    outcomes = [judge(prepared, i, results[i] if i < len(results) else None)
                for i in range(total)]
    passed = sum(1 for o in outcomes if o.passed)
    failed = [o for o in outcomes if not o.passed]
    if failed and passed == 0 and all(o.not_implemented for o in failed):
        lines.append(f"  Not implemented yet: {task.function} still raises NotImplementedError.")
        return _finish(lines, task, 0, total)
    common = _common_mistakes(failed)
    # first the cases whose first wrong value is a state (v, s, a cache), which explains the rest
    names = task.output_names
    failed.sort(key=lambda o: -max([i for i, n in enumerate(names)
                                    if o.message.startswith((f"{n}:", f"{n}["))] or [0]))
    cap = None
    for m in common:  # the mistake first, then the numbers that show it
        lines.append(f"  Known mistake: {m.name}. {m.hint}")
        cap = task.points / 2
        if passed / total > 0.5:
            lines.append("  (A function with a known mistake earns at most half of the task's "
                         "points, even when some cases cannot show the mistake.)")
    for o in failed[:_MAX_SHOWN_FAILURES]:
        lines.append(f"  In case '{o.label}': {o.message}")
        if o.mistakes and not common:
            lines.append(f"    This matches a known mistake: {o.mistakes[0].name}. "
                         f"{o.mistakes[0].hint}")
    if failed:
        more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
        lines.append(f"  Failed {len(failed)} of {total} cases: "
                     + "; ".join(o.label for o in failed[:5]) + more)
    printed = payload.get("printed")
    if type(printed) is int and printed > 0:
        lines.append(f"  (Your function printed {printed} characters during the hidden tests; "
                     f"they are not shown.)")
    named = tuple(m.name for m in common) or tuple(
        o.mistakes[0].name for o in failed[:1] if o.mistakes)
    return _finish(lines, task, passed, total, cap, named)


def _common_mistakes(failed: list) -> list:
    """The first mistake that matches every failed case matching any mistake, provided at least
    half of the failed cases match one (the others may have failed for another reason)."""
    matched = [o for o in failed if o.mistakes]
    if not matched or len(matched) < len(failed) / 2:
        return []
    names = [m for m in matched[0].mistakes if all(m in o.mistakes for o in matched)]
    return names[:1]


def _finish(lines: list, task: Task, passed: int, total: int, cap: float | None = None,
            mistakes: tuple = ()) -> Verdict:
    points = float(round(task.points * passed / total, 2)) if total else 0.0
    capped = cap is not None and points > cap
    points = min(points, cap) if capped else points
    lines.append(f"  Score: {points:g} / {task.points:g} ({passed} of {total} cases passed"
                 + (", capped at half for the known mistake)" if capped else ")"))
    return Verdict("\n".join(lines), points, mistakes)


def grade_in_process(task_id: str, namespace: dict, *, seed: int | None = None,
                     out=None) -> float:
    """Grade the task's function from ``namespace`` in this process; print the feedback.

    The same kernel code and the same verdict as under grading, without a sandbox: for authors
    running the source notebook and for tests.

    Returns:
        the points earned, between 0 and the task's points.
    """
    out = sys.stdout if out is None else out
    seed = grading_seed() if seed is None else seed
    prepared = _PREPARED.get((task_id, seed)) or prepare(get_task(task_id), seed)
    payload = kernel.run_task(case_spec(prepared), namespace)
    text, points, _ = verdict(prepared, parse_payload(json.dumps(payload, allow_nan=True)))
    print(text, file=out)
    return points
