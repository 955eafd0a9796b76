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

import contextlib
import os
import secrets
import signal
import sys
import threading
import warnings
import zlib
from dataclasses import dataclass

from autograder.harness.compare import Mismatch, compare
from autograder.harness.pristine import (
    BaseException_,
    all_,
    callable_,
    default_rng,
    dict_,
    float_,
    hasattr_,
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
_PREPARED: dict = {}
_SEED: list = []


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
    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.simplefilter("ignore")
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
    return seed


class _Sink:
    """Stands in for stdout/stderr during a student's call: counts characters, keeps a little."""

    def __init__(self, keep: int = 300):
        self.kept: list = []
        self.count = 0
        self._keep = keep

    def write(self, s) -> int:
        s = str_(s)
        if self.count < self._keep:
            self.kept.append(s[: self._keep - self.count])
        self.count += len_(s)
        return len_(s)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@contextlib.contextmanager
def _time_limit(seconds: float):
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or not hasattr_(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """The result of one case: passed, or a message and the names of matching mistakes."""

    label: str
    passed: bool
    message: str = ""
    mistakes: tuple = ()
    not_implemented: bool = False


def _exception_text(exc: BaseException) -> str:
    try:
        text = str_(exc)
    except BaseException_:
        text = ""
    name = type_(exc).__name__
    return f"{name}: {text}" if text else name


def _run_case(task: Task, fn, prepared: Prepared, index: int, sink: _Sink) -> Outcome:
    case = prepared.cases[index]
    try:
        with _quiet(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
                _time_limit(task.time_limit):
            got = fn(*copy_value(case.args), **copy_value(case.kwargs))
    except NotImplementedError:
        return Outcome(case.label, False, "raised NotImplementedError: not implemented yet",
                       not_implemented=True)
    except _TimeLimit:
        return Outcome(case.label, False,
                       f"did not return within {task.time_limit:g} s (an endless loop?)")
    except BaseException_ as exc:  # SystemExit, KeyboardInterrupt from student code included
        return Outcome(case.label, False, f"raised {_exception_text(exc)}")
    mismatch = compare(prepared.expected[index], got, task.tol, names=task.output_names)
    if mismatch is None:
        return Outcome(case.label, True)
    names = tuple_(
        m for m, out in prepared.mistake_outputs[index]
        if out is not _FAILED and compare(out, got, task.tol) is None
    )
    return Outcome(case.label, False, _mismatch_text(mismatch, task), names)


def _mismatch_text(m: Mismatch, task: Task) -> str:
    where = m.path or "the returned value"
    if not m.path and task.returns:
        where = f"the returned value {task.returns}"
    return f"{where}: {m.message}"


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
    task = get_task(task_id)
    out = sys.stdout if out is None else out
    prepared = prepare(task, seed)

    def say(text: str = "") -> None:
        print_(text, file=out)

    say(f"{task.title}: hidden tests on {len_(prepared.cases)} random cases "
        f"(seed {prepared.seed})")
    fn = _lookup(namespace, task.function)
    if fn is None or not callable_(fn):
        say(f"  No function named {task.function} is defined in the notebook. Keep the name "
            f"and the signature of the task's code cell.")
        return _finish(say, task, 0, len_(prepared.cases))

    sink = _Sink()
    outcomes = [_run_case(task, fn, prepared, i, sink) for i in range_(len_(prepared.cases))]
    passed = len_([o for o in outcomes if o.passed])
    failed = [o for o in outcomes if not o.passed]
    if failed and all_(o.not_implemented for o in failed) and passed == 0:
        say(f"  Not implemented yet: {task.function} still raises NotImplementedError.")
        return _finish(say, task, 0, len_(outcomes))
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
    return _finish(say, task, passed, len_(outcomes))


def _common_mistakes(failed: list) -> list:
    """Mistakes that match every failed case whose output could be compared."""
    matched = [o for o in failed if o.mistakes]
    if not matched or len_(matched) < len_(failed) / 2:
        return []
    names = [m for m in matched[0].mistakes if all_(m in o.mistakes for o in matched)]
    return names[:1]


def _finish(say, task: Task, passed: int, total: int) -> float:
    points = float_(round_(task.points * passed / total, 2)) if total else 0.0
    say(f"  Score: {points:g} / {task.points:g} ({passed} of {total} cases passed)")
    return points
