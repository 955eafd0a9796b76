"""Run one task's hidden tests against a student's function and report a partial-credit score.

A hidden grade cell is two lines::

    from autograder.harness import grade
    grade("2.12", globals())

``grade`` looks the function up in the namespace, calls it on the task's randomized cases (fresh
copies of the inputs each time, a time limit per call, its prints and warnings kept out of the
cell's stderr), compares each result with the reference's, names known mistakes, prints the
feedback and returns the points earned, which nbgrader reads as the cell's partial credit.

Cases and expected outputs are computed by ``prepare`` from the grading seed. Under grading the
kernel imports ``autograder.harness.preload`` at start-up, so this happens before any student
code has run and cannot be affected by it.
"""
from __future__ import annotations

import os
import secrets
import sys
import zlib
from contextlib import ExitStack, contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from signal import ITIMER_REAL, SIGALRM, setitimer
from signal import signal as signal_handler
from threading import current_thread, main_thread
from warnings import catch_warnings, simplefilter

from autograder.harness.compare import compare
from autograder.harness.pristine import (
    BaseException_,
    all_,
    callable_,
    default_rng,
    dict_,
    float_,
    isinstance_,
    len_,
    list_,
    ndarray,
    np_errstate,
    print_,
    range_,
    round_,
    str_,
    tuple_,
    type_,
    type_name,
)
from autograder.harness.spec import Case, Task, get_task

SEED_ENV = "KIT_GRADING_SEED"
_MAX_SHOWN_FAILURES = 3


class _TimeLimit(BaseException):  # BaseException: a student's `except Exception` cannot hide it
    pass


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
_PRELOADED: list = []  # non-empty once preload has prepared every task


def grading_seed() -> int:
    """The seed of this grading run: ``$KIT_GRADING_SEED`` if set, else drawn once per process."""
    if not _SEED:
        raw = os.environ.get(SEED_ENV, "").strip()
        if raw:
            try:
                _SEED.append(int(raw))
            except ValueError:
                raise ValueError(f"{SEED_ENV} must be an integer, got {raw!r}") from None
        else:
            _SEED.append(secrets.randbelow(2**31))
    return _SEED[0]


def _task_rng(seed: int, task_id: str):
    return default_rng([seed, zlib.crc32(task_id.encode())])


def copy_value(x):
    """A deep copy of test inputs: arrays, dicts, tuples, lists; other values are shared."""
    t = type_(x)
    if t is ndarray:
        return ndarray.copy(x)
    if t is dict_:
        return {k: copy_value(v) for k, v in dict_.items(x)}
    if t is tuple_:
        return tuple_(copy_value(v) for v in x)
    if t is list_:
        return [copy_value(v) for v in x]
    return x


def _quiet():
    """Silence warnings and floating-point complaints of trusted code (never write to stderr)."""
    stack = ExitStack()
    stack.enter_context(catch_warnings())
    simplefilter("ignore")
    stack.enter_context(np_errstate(all="ignore"))
    return stack


def _call_trusted(fn, case: Case):
    with _quiet():
        try:
            return fn(*copy_value(case.args), **copy_value(case.kwargs))
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


def prepare_all(seed: int | None = None) -> int:
    """Prepare every registered task (called at kernel start-up under grading); returns the seed."""
    from autograder.harness.spec import all_tasks

    seed = grading_seed() if seed is None else seed
    for task in all_tasks().values():
        prepare(task, seed)
    _PRELOADED.append(True)
    return seed


class _Sink:
    """Stands in for stdout/stderr during a student's call: counts the characters, keeps none."""

    def __init__(self):
        self.count = 0

    def write(self, s) -> int:
        n = len_(s) if type_(s) is str_ else 0
        self.count += n
        return n

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@contextmanager
def _time_limit(seconds: float):
    """Raise _TimeLimit in the main thread after ``seconds``, and again every 0.2 s after that,
    so that one bare ``except:`` in student code does not switch the limit off."""
    if current_thread() is not main_thread():  # signals reach the main thread only
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeLimit()

    previous = signal_handler(SIGALRM, on_alarm)
    setitimer(ITIMER_REAL, seconds, 0.2)
    try:
        yield
    finally:
        setitimer(ITIMER_REAL, 0)
        signal_handler(SIGALRM, previous)


@dataclass
class Outcome:
    """The result of one case: passed, or a message and the names of matching mistakes."""

    label: str
    passed: bool
    message: str = ""
    mistakes: tuple = ()
    not_implemented: bool = False


def _exception_text(exc: BaseException) -> str:
    """``Name: message`` of a student's exception, short; its own __str__ runs under the limit."""
    name = type_name(exc)
    try:
        text = BaseException_.__str__(exc)
    except BaseException_:
        text = ""
    text = text if type_(text) is str_ else ""
    if len_(text) > 200:
        text = text[:200] + "..."
    return f"{name}: {text}" if text else name


def _run_case(task: Task, fn, prepared: Prepared, index: int, sink: _Sink, root: str) -> Outcome:
    case = prepared.cases[index]
    got = None
    failure = None
    try:
        with _quiet(), redirect_stdout(sink), redirect_stderr(sink), \
                _time_limit(task.time_limit):
            try:
                got = fn(*copy_value(case.args), **copy_value(case.kwargs))
            except NotImplementedError:
                failure = Outcome(case.label, False, "raised NotImplementedError: not "
                                  "implemented yet", not_implemented=True)
            except _TimeLimit:
                raise
            except BaseException_ as exc:  # SystemExit and KeyboardInterrupt included
                failure = Outcome(case.label, False, f"raised {_exception_text(exc)}")
    except _TimeLimit:
        return Outcome(case.label, False,
                       f"did not return within {task.time_limit:g} s (an endless loop?)")
    except BaseException_ as exc:  # raised while handling the student's exception
        return Outcome(case.label, False, f"raised {type_name(exc)}")
    if failure is not None:
        return failure
    if got is None:
        return Outcome(case.label, False, f"returned None: return the result "
                                          f"({task.returns or 'a value'}); the hidden tests grade "
                                          f"what your function returns")
    mismatch = compare(prepared.expected[index], got, task.tol, path=root,
                       names=task.output_names)
    if mismatch is None:
        return Outcome(case.label, True)
    names = tuple_(
        m for m, out in prepared.mistake_outputs[index]
        if out is not _FAILED and compare(out, got, task.tol) is None
    )
    where = "" if mismatch.path else "the returned value: "
    return Outcome(case.label, False, where + str_(mismatch), names)


def _lookup(namespace, name: str):
    if not isinstance_(namespace, dict_):
        return None
    return dict_.get(namespace, name)


def grade(task_id: str, namespace: dict, *, seed: int | None = None, out=None) -> float:
    """Grade the function of task ``task_id`` found in ``namespace``; print feedback.

    Args:
        task_id: e.g. "2.12".
        namespace: the notebook's globals().
        seed: override the grading seed (to reproduce a grade).
        out: where to print the feedback (default: the current sys.stdout).
    Returns:
        the points earned, a float between 0 and the task's points.
    """
    out = sys.stdout if out is None else out

    def say(text: str = "") -> None:
        print_(text, file=out)

    seed = grading_seed() if seed is None else seed
    prepared = dict_.get(_PREPARED, (task_id, seed))
    if prepared is None:
        if _PRELOADED:
            # Under grading everything was prepared before the first cell: computing expected
            # outputs now could be affected by what student cells did to numpy.
            say(f"Task {task_id}: the grader has no prepared tests for this task; the grade "
                f"is 0. Tell your instructor.")
            return 0.0
        prepared = prepare(get_task(task_id), seed)
    task = prepared.task
    total = len_(prepared.cases)
    say(f"{task.title}: hidden tests on {total} random cases (seed {prepared.seed})")
    fn = _lookup(namespace, task.function)
    if fn is None or not callable_(fn):
        say(f"  No function named {task.function} is defined in the notebook. Keep the name "
            f"and the signature of the task's code cell.")
        return _finish(say, task, 0, total)

    sink = _Sink()
    root = task.returns if task.returns and not task.output_names else ""
    outcomes = [_run_case(task, fn, prepared, i, sink, root) for i in range_(total)]
    passed = len_([o for o in outcomes if o.passed])
    failed = [o for o in outcomes if not o.passed]
    if failed and passed == 0 and all_(o.not_implemented for o in failed):
        say(f"  Not implemented yet: {task.function} still raises NotImplementedError.")
        return _finish(say, task, 0, total)
    for o in outcomes:
        say(f"  {'ok    ' if o.passed else 'FAILED'} {o.label}")
    common = _common_mistakes(failed)
    for o in failed[:_MAX_SHOWN_FAILURES]:
        say(f"  In case '{o.label}': {o.message}")
        if o.mistakes and not common:
            say(f"    This matches a known mistake: {o.mistakes[0].name}. {o.mistakes[0].hint}")
    if len_(failed) > _MAX_SHOWN_FAILURES:
        say(f"  ... and {len_(failed) - _MAX_SHOWN_FAILURES} more failed cases.")
    for m in common:
        say(f"  Known mistake: {m.name}. {m.hint}")
    if sink.count:
        say(f"  (Your function printed {sink.count} characters during the hidden tests; "
            f"they are not shown.)")
    return _finish(say, task, passed, total)


def _common_mistakes(failed: list) -> list:
    """The first mistake that matches every failed case matching any mistake, provided at least
    half of the failed cases match one (the others may have failed for another reason)."""
    matched = [o for o in failed if o.mistakes]
    if not matched or len_(matched) < len_(failed) / 2:
        return []
    names = [m for m in matched[0].mistakes if all_(m in o.mistakes for o in matched)]
    return names[:1]


def _finish(say, task: Task, passed: int, total: int) -> float:
    points = float_(round_(task.points * passed / total, 2)) if total else 0.0
    say(f"  Score: {points:g} / {task.points:g} ({passed} of {total} cases passed)")
    return points
