"""Pristine references to the builtins and numpy functions the harness uses.

Student code runs in the same kernel as the hidden tests and may rebind ``np.allclose``,
``np.testing``, ``builtins.len`` and so on. Under grading this module is imported when the kernel
starts (see ``autograder.config``), before any student cell, and every harness module takes its
names from here: a later rebinding of a module attribute cannot reach them. Methods of the C types
(``ndarray.copy``, ``dict.get``, ``tuple.__getitem__``) cannot be rebound at all, and the harness
calls them through the type, never through the object.
"""
from __future__ import annotations

import builtins as _builtins

import numpy as _np

# builtins
abs_ = _builtins.abs
all_ = _builtins.all
hasattr_ = _builtins.hasattr
bool_ = _builtins.bool
callable_ = _builtins.callable
dict_ = _builtins.dict
float_ = _builtins.float
int_ = _builtins.int
isinstance_ = _builtins.isinstance
len_ = _builtins.len
list_ = _builtins.list
max_ = _builtins.max
min_ = _builtins.min
print_ = _builtins.print
range_ = _builtins.range
repr_ = _builtins.repr
round_ = _builtins.round
sorted_ = _builtins.sorted
str_ = _builtins.str
tuple_ = _builtins.tuple
type_ = _builtins.type
zip_ = _builtins.zip
BaseException_ = _builtins.BaseException

# numpy: the ndarray type, dtypes and ufuncs (ufunc objects themselves are immutable)
# The real name of any class, even one whose metaclass redefines __name__.
_TYPE_NAME = type.__dict__["__name__"]


def type_name(obj) -> str:
    """Name of ``obj``'s class, read without running any of the class's own code."""
    return _TYPE_NAME.__get__(type(obj))


ndarray = _np.ndarray
float64 = _np.float64
floating = _np.floating
integer = _np.integer
bool_dtype = _np.bool_
# Numbers a student may return where the reference returns a float: exact types only, so that no
# student-defined __float__ or __repr__ ever runs inside the grader.
NUMBER_TYPES = (float, int, _np.float64, _np.float32, _np.float16, _np.int64, _np.int32,
                _np.int16, _np.int8, _np.uint64, _np.uint32, _np.uint16, _np.uint8)
np_all = _np.logical_and.reduce  # ufunc methods: C code that looks nothing up at call time
np_count = _np.add.reduce
np_equal = _np.equal
np_abs = _np.absolute
np_subtract = _np.subtract
np_multiply = _np.multiply
np_add = _np.add
np_less_equal = _np.less_equal
np_isnan = _np.isnan
np_isfinite = _np.isfinite
np_logical_not = _np.logical_not
np_asarray = _np.asarray
np_unravel_index = _np.unravel_index
np_where = _np.where
np_errstate = _np.errstate
default_rng = _np.random.default_rng
Generator = _np.random.Generator
inf = float("inf")
