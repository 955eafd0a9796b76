"""A data-only format for test inputs and student outputs: JSON with a few tagged nodes.

The grader sends a task's cases into the sandboxed kernel, and the kernel sends the student's
results back, in this format. Nothing in it is code: no pickle, no objects of arbitrary classes.

    null, true/false, numbers, strings, JSON arrays      None, bool, int/float, str, list
    {"tuple": [...]}                                     tuple
    {"dict": [[key, value], ...]}                        dict with str keys (order kept)
    {"ndarray": {"dtype": "<f8", "shape": [2, 3], "data": base64}}   numpy array (bool/int/float)
    {"scalar": {"dtype": "<f8", "data": base64}}         numpy scalar (numpy.float64(1.5), ...)
    {"rng": {"state": {...}}}                            numpy Generator (PCG64), inputs only
    {"call": {"kind": "quadratic_grad", "args": ...}}    a known input function, inputs only
    {"unsupported": "an object of type Foo"}             a student value that is not data

``encode`` runs in the kernel on student values: it never trusts their classes (it checks exact
types and reads dicts and arrays through their C methods), and anything else becomes
``unsupported``. ``decode`` runs in the grader on untrusted text: it accepts only the nodes above,
with limits on depth, size and array bytes, and builds plain Python and numpy values.

This module imports only the standard library and numpy: it is one of the three files of the kit
that the sandboxed kernel sees (with ``kernel.py`` and the package ``__init__``).
"""
from __future__ import annotations

import base64
import json

import numpy as np

MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_ARRAY_BYTES = 64 * 1024 * 1024
_DTYPE_KINDS = "biuf"  # bool, signed and unsigned integers, floats


class DecodeError(ValueError):
    """The text is not in the data-only format (or exceeds its limits)."""


class Unsupported:
    """A student value that could not be sent as data; ``what`` describes it."""

    __slots__ = ("what",)

    def __init__(self, what: str):
        self.what = what

    def __repr__(self) -> str:
        return f"Unsupported({self.what!r})"

    def __eq__(self, other) -> bool:
        return type(other) is Unsupported and other.what == self.what

    __hash__ = None


class QuadraticGrad:
    """``grad_fn`` of f(P) = sum 0.5 * h * (P - c)**2: returns {"dW1": h["W1"] * (W1 - c["W1"]), ...}.

    A test input that is a function (Nesterov's ``grad_fn``), sent as its data.
    """

    kind = "quadratic_grad"

    def __init__(self, curvature: dict, center: dict):
        self.curvature = curvature
        self.center = center

    def __call__(self, params: dict) -> dict:
        return {"d" + n: self.curvature[n] * (params[n] - self.center[n]) for n in self.curvature}

    def data(self) -> dict:
        return {"curvature": self.curvature, "center": self.center}


CALLABLES = {QuadraticGrad.kind: lambda data: QuadraticGrad(data["curvature"], data["center"])}

# exact types read without running any of the value's own code
_type_name = type.__dict__["__name__"]


def type_name(obj) -> str:
    return _type_name.__get__(type(obj))


def _describe_unsupported(x) -> str:
    if isinstance(x, np.ndarray):
        if type(x) is np.ndarray:
            return f"an array of dtype {x.dtype}"
        return f"an object of type {type_name(x)} (a subclass of numpy.ndarray)"
    return f"an object of type {type_name(x)}"


# ------------------------------------------------------------------------------- encode

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _encode(x, depth: int, count: list):
    count[0] += 1
    if count[0] > MAX_NODES:
        raise DecodeError("the value has too many parts")
    if depth > MAX_DEPTH:
        return {"unsupported": "a value nested too deeply"}
    t = type(x)
    if x is None or t is bool or t is str:
        return x
    if t is int:
        return x if -2**63 <= x < 2**64 else {"unsupported": "an integer too large"}
    if t is float:
        return x
    if t is np.ndarray:
        if x.dtype.kind not in _DTYPE_KINDS:
            return {"unsupported": _describe_unsupported(x)}
        if x.nbytes > MAX_ARRAY_BYTES:
            return {"unsupported": f"an array of {x.nbytes} bytes (too large)"}
        return {"ndarray": {"dtype": x.dtype.str, "shape": [int(n) for n in x.shape],
                            "data": _b64(np.ndarray.tobytes(x, order="C"))}}
    if isinstance(x, np.generic) and t.__module__ == "numpy":
        if x.dtype.kind not in _DTYPE_KINDS:
            return {"unsupported": f"a numpy scalar of dtype {x.dtype}"}
        arr = np.asarray(x)
        return {"scalar": {"dtype": arr.dtype.str, "data": _b64(np.ndarray.tobytes(arr))}}
    if isinstance(x, dict):
        items = []
        for key, value in dict.items(x):
            if type(key) is not str:
                return {"unsupported": f"a dict with a key of type {type_name(key)}"}
            items.append([key, _encode(value, depth + 1, count)])
        return {"dict": items}
    if isinstance(x, tuple):
        return {"tuple": [_encode(v, depth + 1, count) for v in tuple.__iter__(x)]}
    if isinstance(x, list):
        return [_encode(v, depth + 1, count) for v in list.__iter__(x)]
    if isinstance(x, np.random.Generator):
        return {"rng": {"state": x.bit_generator.state}}
    if t in (QuadraticGrad,):
        return {"call": {"kind": t.kind, "args": _encode(x.data(), depth + 1, count)}}
    return {"unsupported": _describe_unsupported(x)}


def encode(x):
    """``x`` as a JSON-ready structure of the format above (values that are not data become
    ``unsupported`` nodes)."""
    return _encode(x, 0, [0])


def dumps(x) -> str:
    """``encode(x)`` as JSON text."""
    return json.dumps(encode(x), allow_nan=True, separators=(",", ":"))


# ------------------------------------------------------------------------------- decode

def _array(node: dict, scalar: bool):
    if type(node) is not dict or set(node) != ({"dtype", "data"} if scalar
                                                else {"dtype", "shape", "data"}):
        raise DecodeError("malformed array node")
    try:
        dtype = np.dtype(node["dtype"])
    except TypeError:
        raise DecodeError(f"unknown dtype {node['dtype']!r}") from None
    if type(node["dtype"]) is not str or dtype.kind not in _DTYPE_KINDS or dtype.itemsize > 8:
        raise DecodeError(f"dtype {node['dtype']!r} is not allowed")
    shape = [] if scalar else node["shape"]
    if type(shape) is not list or len(shape) > 32 or any(
            type(n) is not int or n < 0 for n in shape):
        raise DecodeError("malformed shape")
    size = 1
    for n in shape:
        size *= n
    if size * dtype.itemsize > MAX_ARRAY_BYTES:
        raise DecodeError("array too large")
    if type(node["data"]) is not str:
        raise DecodeError("malformed array data")
    try:
        raw = base64.b64decode(node["data"], validate=True)
    except ValueError:
        raise DecodeError("array data is not base64") from None
    if len(raw) != size * dtype.itemsize:
        raise DecodeError("array data does not match its shape")
    arr = np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
    return arr[()] if scalar else arr


def _decode(node, depth: int, count: list, allow_inputs: bool):
    count[0] += 1
    if count[0] > MAX_NODES:
        raise DecodeError("too many parts")
    if depth > MAX_DEPTH:
        raise DecodeError("nested too deeply")
    t = type(node)
    if node is None or t is bool or t is str or t is float:
        return node
    if t is int:
        if not -2**63 <= node < 2**64:
            raise DecodeError("integer out of range")
        return node
    if t is list:
        return [_decode(v, depth + 1, count, allow_inputs) for v in node]
    if t is not dict or len(node) != 1:
        raise DecodeError("malformed node")
    (tag, body), = node.items()
    if tag == "tuple" and type(body) is list:
        return tuple(_decode(v, depth + 1, count, allow_inputs) for v in body)
    if tag == "dict" and type(body) is list:
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not str:
                raise DecodeError("malformed dict item")
            out[pair[0]] = _decode(pair[1], depth + 1, count, allow_inputs)
        return out
    if tag == "ndarray":
        return _array(body, scalar=False)
    if tag == "scalar":
        return _array(body, scalar=True)
    if tag == "unsupported" and type(body) is str:
        return Unsupported(body[:200])
    if allow_inputs and tag == "rng" and type(body) is dict:
        bit_generator = np.random.PCG64()
        bit_generator.state = body["state"]
        return np.random.Generator(bit_generator)
    if allow_inputs and tag == "call" and type(body) is dict and body.get("kind") in CALLABLES:
        return CALLABLES[body["kind"]](_decode(body["args"], depth + 1, count, allow_inputs))
    raise DecodeError(f"unknown node {tag!r}")


def decode(node, allow_inputs: bool = False):
    """Values from a structure made by ``encode``.

    Args:
        node: parsed JSON.
        allow_inputs: also accept random generators and known input functions (test inputs,
            decoded in the kernel); a student's outputs are decoded without them.
    Raises:
        DecodeError: anything outside the format or its limits.
    """
    return _decode(node, 0, [0], allow_inputs)


def loads(text: str, allow_inputs: bool = False, max_chars: int = 256 * 1024 * 1024):
    """``decode`` of JSON text (at most ``max_chars`` long)."""
    if type(text) is not str or len(text) > max_chars:
        raise DecodeError("text too long")
    try:
        node = json.loads(text)
    except (ValueError, RecursionError):
        raise DecodeError("not valid JSON") from None
    return decode(node, allow_inputs)
