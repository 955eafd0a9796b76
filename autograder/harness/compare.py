"""Compare a student's result with the reference's, structure first, then values.

``compare(expected, got, tol)`` returns ``None`` when they agree and a ``Mismatch`` saying where and
how they differ otherwise. It trusts nothing about ``got``: arrays must be exactly
``numpy.ndarray`` (a subclass could redefine arithmetic or comparison), dicts and tuples are read
through their C methods, and all numpy functions come from ``pristine``.
"""
from __future__ import annotations

from dataclasses import dataclass

from autograder.harness.codec import Unsupported
from autograder.harness.pristine import (
    NUMBER_TYPES,
    BaseException_,
    bool_,
    dict_,
    float64,
    float_,
    int_,
    isinstance_,
    len_,
    list_,
    ndarray,
    np_abs,
    np_add,
    np_all,
    np_asarray,
    np_count,
    np_equal,
    np_errstate,
    np_isfinite,
    np_isnan,
    np_less_equal,
    np_logical_not,
    np_multiply,
    np_subtract,
    np_unravel_index,
    np_where,
    range_,
    repr_,
    sorted_,
    str_,
    tuple_,
    type_,
    type_name,
)

_ODD_KEY = "a dict with a key of type "  # how codec describes a dict it cannot send


@dataclass(frozen=True)
class Tolerance:
    """|got - expected| <= atol + rtol * |expected|, elementwise."""

    atol: float = 1e-9
    rtol: float = 1e-6


@dataclass(frozen=True)
class Mismatch:
    """Where (``path``, e.g. ``parameters['W1']``) and how (``message``) two results differ."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def describe(x) -> str:
    """A short description of any object that runs none of the object's own code."""
    t = type_(x)
    name = type_name(x)
    if t is Unsupported:
        return x.what
    if t is ndarray:
        return f"an array of shape {tuple_(x.shape)} and dtype {x.dtype}"
    if isinstance_(x, ndarray):
        return f"an object of type {name} (a subclass of numpy.ndarray)"
    if t is dict_:
        keys = [repr_(k) if type_(k) is str_ else f"<a key of type {type_name(k)}>"
                for k in dict_.keys(x)]
        return f"a dict with keys {', '.join(sorted_(keys)) or 'none'}"
    if t is tuple_ or t is list_:
        return f"a {name} of {len_(x)} items"
    if t is str_:
        return f"the string {repr_(x[:60])}"
    if t in NUMBER_TYPES:
        return f"the number {_fmt(x)}"
    if x is None:
        return "None"
    return f"an object of type {name}"


def _fmt(v) -> str:
    return f"{float_(v):.6g}"


def _as_number(x):
    """``x`` as a trusted number, or None: exact number types and 0-d float arrays only."""
    t = type_(x)
    if t is ndarray and x.ndim == 0 and x.dtype.kind in "fiu":
        return x[()]
    if t in NUMBER_TYPES:
        return x
    return None


def _compare_arrays(path: str, exp: ndarray, got, tol: Tolerance) -> Mismatch | None:
    if type_(got) is not ndarray:
        return Mismatch(path, f"expected {describe(exp)}, got {describe(got)}")
    if tuple_(got.shape) != tuple_(exp.shape):
        return Mismatch(path, f"expected shape {tuple_(exp.shape)}, got shape {tuple_(got.shape)}")
    if exp.dtype.kind == "f" and got.dtype != exp.dtype:
        return Mismatch(path, f"expected dtype {exp.dtype}, got dtype {got.dtype}")
    if exp.dtype.kind in "iub" and got.dtype.kind not in "iub":
        return Mismatch(path, f"expected integers (dtype {exp.dtype}), got dtype {got.dtype}")
    if got.dtype.kind not in "fiub":
        return Mismatch(path, f"expected numbers, got dtype {got.dtype}")
    if exp.size == 0:
        return None
    return _compare_values(path, exp.astype(float64), got.astype(float64), tol)


def _compare_values(path: str, e: ndarray, g: ndarray, tol: Tolerance) -> Mismatch | None:
    """Elementwise |g - e| <= atol + rtol |e|; equal values (inf included) and NaN pairs agree."""
    diff = np_abs(np_subtract(g, e))
    bound = np_add(tol.atol, np_multiply(tol.rtol, np_abs(e)))
    close = np_less_equal(diff, bound) & np_isfinite(diff)
    ok = close | np_equal(g, e) | (np_isnan(g) & np_isnan(e))
    if np_all(ok, axis=None):
        return None
    if e.ndim == 0:
        return Mismatch(path, f"expected {_fmt(e)}, got {_fmt(g)} (difference {_fmt(diff)}, "
                              f"tolerance {_fmt(bound)})")
    n_bad = int_(np_count(np_logical_not(ok), axis=None))
    excess = np_where(ok, -1.0, np_where(np_isnan(diff), float_("inf"), diff - bound))
    worst = np_unravel_index(int_(ndarray.argmax(excess)), e.shape)
    index = tuple_(int_(i) for i in worst)
    return Mismatch(
        path,
        f"{n_bad} of {e.size} values differ; worst at index {index}: expected {_fmt(e[worst])}, "
        f"got {_fmt(g[worst])} (difference {_fmt(diff[worst])}, "
        f"tolerance {_fmt(bound[worst])})",
    )


def compare(expected, got, tol: Tolerance = Tolerance(), path: str = "",
            names: tuple = ()) -> Mismatch | None:
    """Compare ``got`` with ``expected`` recursively: dicts, tuples, arrays, numbers, strings.

    Args:
        expected: the reference's result (trusted).
        got: the student's result (untrusted).
        tol: elementwise tolerance for floating values.
        path: name of the value, for the message (e.g. ``"parameters['W1']"``).
        names: names of the items when the result is a tuple, e.g. ("parameters", "v").
    Returns:
        ``None`` if they agree, else the first ``Mismatch`` found.
    """
    try:
        with np_errstate(all="ignore"):
            return _compare(expected, got, tol, path, names)
    except BaseException_ as exc:  # an odd object must not crash the grader
        return Mismatch(path, f"could not be compared ({type_name(exc)})")


def _compare(expected, got, tol: Tolerance, path: str, names: tuple = ()) -> Mismatch | None:
    te = type_(expected)
    if te is dict_:
        if type_(got) is Unsupported and got.what.startswith(_ODD_KEY):
            return Mismatch(path, f"dict keys must be strings like 'dW1'; got a key of type "
                                  f"{got.what[len(_ODD_KEY):]}")
        if not isinstance_(got, dict_):
            return Mismatch(path, f"expected a dict, got {describe(got)}")
        exp_keys = sorted_(str_(k) for k in dict_.keys(expected))
        odd = [k for k in dict_.keys(got) if type_(k) is not str_]
        if odd:
            return Mismatch(path, f"dict keys must be strings like 'dW1'; got a key of type "
                                  f"{type_name(odd[0])}")
        got_keys = sorted_(dict_.keys(got))
        if exp_keys != got_keys:
            missing = [k for k in exp_keys if k not in got_keys]
            extra = [k for k in got_keys if k not in exp_keys]
            return Mismatch(path, f"dict keys differ: missing {missing}, unexpected {extra}")
        for key in exp_keys:
            m = _compare(dict_.__getitem__(expected, key), dict_.__getitem__(got, key), tol,
                         f"{path}[{key!r}]")
            if m is not None:
                return m
        return None
    if te is tuple_ or te is list_:
        if not isinstance_(got, (tuple_, list_)):
            return Mismatch(path, f"expected {len_(expected)} values (a tuple), got {describe(got)}")
        items = tuple_.__iter__(got) if isinstance_(got, tuple_) else list_.__iter__(got)
        got_items = [x for x in items]
        if len_(got_items) != len_(expected):
            return Mismatch(path, f"expected {len_(expected)} items, got {len_(got_items)}")
        for i in range_(len_(expected)):
            if path:
                where = f"{path}[{i}]"
            else:
                where = names[i] if i < len_(names) else f"item {i}"
            m = _compare(expected[i], got_items[i], tol, where)
            if m is not None:
                return m
        return None
    if te is str_:
        if type_(got) is not str_ or str_.__eq__(expected, got) is not True:
            return Mismatch(path, f"expected {expected!r}, got {describe(got)}")
        return None
    if te is ndarray:
        return _compare_arrays(path, expected, got, tol)
    if _as_number(expected) is not None:
        number = _as_number(got)
        if number is None or type_(number) is bool_:
            return Mismatch(path, f"expected a number, got {describe(got)}")
        return _compare_values(path, np_asarray(float_(expected)), np_asarray(float_(number)),
                               tol)
    if expected is None:
        return None if got is None else Mismatch(path, f"expected None, got {describe(got)}")
    raise TypeError(f"cannot compare reference values of type {type_name(expected)}")
