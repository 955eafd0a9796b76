"""The in-kernel side of the hidden tests: call the student's function on the cases, hand out what
it returns. It knows no expected output and gives no score.

Under grading, a hidden grade cell ``grade("2.12", globals())`` reads the task's cases from
``$KIT_CASES_DIR/<task>.json`` (written by the grader, in the data-only format of ``codec``),
calls the student's function once per case on fresh copies of the inputs, with a time limit and
with its prints and warnings kept out of the cell, and displays one output of type
``RESULTS_MIME`` holding the returned values as data (JSON text). The grader, outside the sandbox, reads that
output, compares it with the reference, names known mistakes, and writes the feedback and the
score into the graded notebook in place of everything the cell displayed.

This module and ``codec`` are the only parts of the kit the sandboxed kernel can import (besides
the ``course`` package); they import nothing but the standard library and numpy.
"""
from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from signal import ITIMER_REAL, SIGALRM, setitimer
from signal import signal as signal_handler
from threading import current_thread, main_thread
from types import ModuleType
from warnings import catch_warnings, simplefilter

from autograder.harness import codec

CASES_ENV = "KIT_CASES_DIR"
RESULTS_MIME = "application/vnd.kit.hidden-results"  # a JSON text (NaN allowed) as a string
FORMAT_VERSION = 1


class _TimeLimit(BaseException):  # BaseException: a student's `except Exception` cannot hide it
    pass


class _Sink:
    """Stands in for stdout/stderr during a student's call: counts the characters, keeps none."""

    def __init__(self):
        self.count = 0

    def write(self, s) -> int:
        n = len(s) if type(s) is str else 0
        self.count += n
        return n

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _Limit:
    """Raise _TimeLimit in the main thread after ``seconds``, and again every 0.2 s after that,
    so that one bare ``except:`` in student code does not switch the limit off."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.previous = None
        self.active = current_thread() is main_thread()  # signals reach the main thread only

    def __enter__(self):
        if self.active:
            def on_alarm(signum, frame):
                raise _TimeLimit()
            self.previous = signal_handler(SIGALRM, on_alarm)
            setitimer(ITIMER_REAL, self.seconds, 0.2)
        return self

    def __exit__(self, *exc):
        if self.active:
            setitimer(ITIMER_REAL, 0)
            signal_handler(SIGALRM, self.previous)
        return False


def _exception_text(exc: BaseException) -> str:
    """``Name: message`` of a student's exception, short."""
    name = codec.type_name(exc)
    try:
        text = BaseException.__str__(exc)
    except BaseException:  # noqa: BLE001
        text = ""
    text = text if type(text) is str else ""
    if len(text) > 200:
        text = text[:200] + "..."
    return f"{name}: {text}" if text else name


def given_pieces(swap: dict) -> dict:
    """What the names of a case's ``swap`` mean during the call (see ``spec.Case``):
    name -> ``module.factory(*args)``, for modules of the given ``course`` package only."""
    import importlib

    pieces = {}
    for name, (module, factory, args) in swap.items():
        if module != "course" and not module.startswith("course."):
            raise ValueError(f"a swapped name must come from the course package, not {module}")
        pieces[name] = getattr(importlib.import_module(module), factory)(*args)
    return pieces


@contextmanager
def swapped_globals(fn, namespace, swap: dict | None):
    """During the block, the names of ``swap`` mean their given pieces in the globals of ``fn``
    (of the function a ``functools.partial`` wraps), or in ``namespace`` when ``fn`` has none."""
    if not swap:
        yield
        return
    from course.gradcheck import swapped

    target = getattr(getattr(fn, "func", fn), "__globals__", None)
    if type(target) is not dict:
        target = namespace
    if type(target) is not dict:
        raise TypeError("no globals to swap names in")
    with swapped(target, **given_pieces(swap)):
        yield


def _call(fn, case: dict, time_limit: float, sink: _Sink, namespace=None) -> dict:
    """One call of the student's function on fresh inputs: {"value": data} or {"error": ...}."""
    args = codec.decode(case["args"], allow_inputs=True)
    kwargs = codec.decode(case["kwargs"], allow_inputs=True)
    try:
        with catch_warnings(), redirect_stdout(sink), redirect_stderr(sink):
            simplefilter("ignore")
            with _Limit(time_limit):
                try:
                    with swapped_globals(fn, namespace, case.get("swap")):
                        got = fn(*args, **kwargs)
                except NotImplementedError:
                    return {"error": "not_implemented", "message": ""}
                except _TimeLimit:
                    raise
                except BaseException as exc:  # noqa: BLE001  SystemExit and KeyboardInterrupt too
                    return {"error": "exception", "message": _exception_text(exc)}
    except _TimeLimit:
        return {"error": "timeout", "message": f"{time_limit:g}"}
    except BaseException as exc:  # noqa: BLE001  raised while handling the student's exception
        return {"error": "exception", "message": codec.type_name(exc)}
    try:
        return {"value": codec.encode(got), "aliases": codec.aliases(got)}
    except BaseException as exc:  # noqa: BLE001
        return {"error": "exception", "message": f"its result could not be read "
                                                 f"({codec.type_name(exc)})"}


def run_task(spec: dict, namespace) -> dict:
    """Call the task's function from ``namespace`` on every case of ``spec``; the payload.

    Args:
        spec: {"task", "function", "time_limit", "budget", "cases": [{"args", "kwargs"} and
            maybe "swap"]} with args/kwargs in the data-only format.
        namespace: the notebook's globals().
    Returns:
        {"kit", "task", "function_found", "results": [one per case], "printed"}.
    """
    fn = dict.get(namespace, spec["function"]) if isinstance(namespace, dict) else None
    payload = {"kit": FORMAT_VERSION, "task": spec["task"], "function_found": callable(fn),
               "results": [], "printed": 0}
    if not callable(fn):
        return payload
    sink = _Sink()
    deadline = time.monotonic() + spec["budget"]
    for case in spec["cases"]:
        left = deadline - time.monotonic()
        if left < 0.05:
            payload["results"].append({"error": "skipped", "message": f"{spec['budget']:g}"})
            continue
        limit = min(spec["time_limit"], left)
        result = _call(fn, case, limit, sink, namespace)
        if result.get("error") == "timeout" and limit < spec["time_limit"]:
            result = {"error": "skipped", "message": f"{spec['budget']:g}"}
        payload["results"].append(result)
    payload["printed"] = sink.count
    return payload


def load_spec(task_id: str) -> dict:
    """The task's cases as the grader wrote them."""
    folder = os.environ.get(CASES_ENV, "")
    with open(os.path.join(folder, f"{task_id}.json"), encoding="utf-8") as fh:
        return json.load(fh)


_FINISHED: set = set()  # tasks whose hidden tests found a function that returned every time


def _send(payload: dict, cases: int) -> None:
    from IPython.display import display

    display({RESULTS_MIME: json.dumps(payload, allow_nan=True, separators=(",", ":")),
             "text/plain": f"Task {payload['task']}: results of {cases} hidden test cases, "
                           f"sent to the grader"}, raw=True)


def grade(task_id: str, namespace, **_ignored) -> None:
    """Hidden grade cell under grading: run the student's function, display its results as data."""
    try:
        spec = load_spec(task_id)
    except OSError:
        print(f"Task {task_id}: the grader gave no test cases for this task.")
        return
    payload = run_task(spec, namespace)
    if payload["function_found"] and all("value" in r for r in payload["results"]):
        _FINISHED.add(task_id)
    else:
        _FINISHED.discard(task_id)
    _send(payload, len(spec["cases"]))


def final_pass(namespace) -> None:
    """After the last cell: test again every task whose function was missing or raised when its
    hidden cell ran (defined further down, or fixed in a later cell), with the functions as they
    are now. The grader keeps the better of the two results."""
    folder = os.environ.get(CASES_ENV, "")
    for name in sorted(os.listdir(folder)):
        task_id = name[: -len(".json")]
        if name.endswith(".json") and task_id not in _FINISHED:
            spec = load_spec(task_id)
            payload = run_task(spec, namespace)
            payload["final"] = True
            _send(payload, len(spec["cases"]))


class _Deferred(ModuleType):
    """Stands in ``sys.modules`` for a module not imported yet: the first attribute read (or
    write) imports the real module, and every later one goes to it."""

    def __init__(self, name: str, spec):
        super().__init__(name)
        self.__spec__ = spec
        self.__file__ = spec.origin  # read by inspect and tracebacks: must not load
        self.__dict__["_kit_real"] = None

    def _kit_load(self):
        import importlib
        import sys

        real = self.__dict__["_kit_real"]
        if real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
            self.__dict__["_kit_real"] = real
            for key, value in list(self.__dict__.items()):  # submodules standing in
                if isinstance(value, _Deferred) and not hasattr(real, key):
                    setattr(real, key, value)
        return real

    def __getattr__(self, name: str):
        if name.startswith("__") and name not in ("__path__", "__all__", "__version__"):
            raise AttributeError(name)
        return getattr(self._kit_load(), name)

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("__") or self.__dict__.get("_kit_real", False) is False:
            super().__setattr__(name, value)
        else:
            setattr(self._kit_load(), name, value)

    def __dir__(self):
        return dir(self._kit_load())


def prepare_grading_kernel() -> None:
    """Under kit grading, make the kernel cheaper without changing what any cell computes.

    - matplotlib and pyplot are imported only when a cell first uses them, and ``%matplotlib``
      does nothing. Nobody looks at figures under grading (the cells that draw them are
      skipped), but the lessons' first cell imports pyplot: about a third of a core-second in
      every graded kernel. The stand-in loads the real module on first use, so a cell that
      does draw still works.
    - Tracebacks are plain Python ones (IPython's ``%xmode Plain``): formatting the ones with
      code context costs about a tenth of a second each.
    """
    import importlib.machinery
    import sys

    if "matplotlib" in sys.modules:
        return
    top = importlib.machinery.PathFinder.find_spec("matplotlib")
    if top is None or not top.submodule_search_locations:
        return
    sub = importlib.machinery.PathFinder.find_spec("matplotlib.pyplot",
                                                   list(top.submodule_search_locations))
    if sub is None:
        return
    mpl, plt = _Deferred("matplotlib", top), _Deferred("matplotlib.pyplot", sub)
    mpl.__dict__["pyplot"] = plt
    sys.modules["matplotlib"], sys.modules["matplotlib.pyplot"] = mpl, plt
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.register_magic_function(lambda line="": None, "line", "matplotlib")
        # plain Python tracebacks: the ones with code context cost a tenth of a second each
        shell.InteractiveTB.set_mode("Plain")
