"""Operations on arrays: casts, arithmetic, comparisons, attributes and methods."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import libcst as cst

from zerolint.facts.data_args import (
    argument_expr,
    bind,
    constant_of,
    describe,
    dtype_of,
    integer,
    is_none,
    number,
    shape_of,
    words,
)
from zerolint.facts.data_values import (
    BOOLS,
    INTEGER_DTYPES,
    MAX_DISTINCT,
    Array,
    Frame,
    Rows,
    Scaling,
    Shape,
    Statistic,
    cast_value,
    infer_dtype,
    literal_number,
    new_array,
)
from zerolint.facts.values import UNKNOWN, Const, Mapping, Seq, Value

_ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
    cst.Power: operator.pow,
    cst.BitAnd: operator.and_,
    cst.BitOr: operator.or_,
    cst.BitXor: operator.xor,
}
_BITWISE = (cst.BitAnd, cst.BitOr, cst.BitXor)
_COMPARISONS: dict[type, Callable[[Any, Any], bool]] = {
    cst.GreaterThan: operator.gt,
    cst.GreaterThanEqual: operator.ge,
    cst.LessThan: operator.lt,
    cst.LessThanEqual: operator.le,
    cst.Equal: operator.eq,
    cst.NotEqual: operator.ne,
}
# ``c < x`` is ``x > c``.
_MIRROR = {
    cst.GreaterThan: cst.LessThan,
    cst.LessThan: cst.GreaterThan,
    cst.GreaterThanEqual: cst.LessThanEqual,
    cst.LessThanEqual: cst.GreaterThanEqual,
    cst.Equal: cst.Equal,
    cst.NotEqual: cst.NotEqual,
}
STATISTICS = {
    "mean": "mean",
    "nanmean": "mean",
    "average": "mean",
    "std": "std",
    "nanstd": "std",
    "var": "var",
    "nanvar": "var",
    "min": "min",
    "amin": "min",
    "nanmin": "min",
    "max": "max",
    "amax": "max",
    "nanmax": "max",
    "median": "median",
    "nanmedian": "median",
    "ptp": "ptp",
    "sum": "sum",
}


# -- operations on arrays ---------------------------------------------------------------


def cast(array: Array, dtype: str | None, node: cst.CSTNode | None) -> Array:
    """``array.astype(dtype)``: values converted as numpy would."""
    if dtype is None:
        return array.replace(dtype=None, low=None, high=None, distinct=None, columns=None)
    columns = tuple(cast(c, dtype, node) for c in array.columns) if array.columns else None
    low, high, distinct = array.low, array.high, array.distinct
    try:
        if distinct is not None:
            distinct = frozenset(cast_value(v, dtype) for v in distinct)
    except (ValueError, OverflowError):
        distinct = None
    if dtype == "bool":
        if distinct is None:
            always = low is not None and high is not None and (low > 0 or high < 0)
            distinct = frozenset({True}) if always else BOOLS
        low, high = 0, 1
    elif dtype in ("int", "uint8"):
        low = math.trunc(low) if low is not None else None
        high = math.trunc(high) if high is not None else None
        if dtype == "uint8" and (low is None or high is None or low < 0 or high > 255):
            low = high = distinct = None  # values wrap around
    elif dtype == "float":
        low = float(low) if low is not None else None
        high = float(high) if high is not None else None
    if distinct is not None and any(isinstance(v, str) for v in distinct):
        distinct = None
    values = None
    if array.values is not None and (dtype != "uint8" or low is not None):
        try:
            values = tuple(cast_value(v, dtype) for v in array.values)
        except (ValueError, OverflowError):
            values = None
    return array.replace(
        dtype=dtype, low=low, high=high, distinct=distinct, columns=columns, values=values
    )


def binary(op: cst.BaseBinaryOp, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """Arithmetic between arrays, statistics and constants."""
    kind = type(op)
    if kind not in _ARITHMETIC:
        return None
    if isinstance(left, Statistic) or isinstance(right, Statistic):
        return _statistic_binary(kind, left, right, node)
    if isinstance(left, Array) and isinstance(right, Array):
        return _array_binary(kind, left, right, node)
    if isinstance(left, Array) and literal_number(right) is not None:
        return with_constant(kind, left, right.value, False, node)
    if isinstance(right, Array) and literal_number(left) is not None:
        return with_constant(kind, right, left.value, True, node)
    return None


def with_constant(
    kind: type, array: Array, constant: float, constant_first: bool, node: cst.CSTNode
) -> Array | None:
    """``array <op> c`` (or ``c <op> array``)."""
    function = _ARITHMETIC[kind]

    def apply(v: Any) -> Any:
        return function(constant, v) if constant_first else function(v, constant)

    distinct = None
    if array.distinct is not None and all(isinstance(v, int | float) for v in array.distinct):
        try:
            distinct = frozenset(apply(v) for v in array.distinct)
        except (ArithmeticError, ValueError):
            distinct = None
    integral = array.dtype in INTEGER_DTYPES
    low, high = _constant_interval(kind, array.low, array.high, constant, constant_first, integral)
    dtype = _arithmetic_dtype(kind, array.dtype, "float" if isinstance(constant, float) else "int")
    if dtype == "uint8" and (low is None or high is None or low < 0 or high > 255):
        low = high = distinct = None  # uint8 arithmetic wraps around
    scaling = array.scaling
    shrinks = (kind is cst.Divide and not constant_first and abs(constant) > 1) or (
        kind is cst.Multiply and 0 < abs(constant) < 1
    )
    if shrinks:
        scaling = (*scaling, Scaling("constant", node))
    columns = None
    if array.columns is not None:
        mapped = [with_constant(kind, c, constant, constant_first, node) for c in array.columns]
        columns = tuple(mapped) if all(c is not None for c in mapped) else None
    values = None
    if array.values is not None and (dtype != "uint8" or low is not None):
        values = _elementwise(apply, array.values, dtype)
    return array.replace(
        dtype=dtype,
        low=low,
        high=high,
        distinct=distinct,
        one_hot=_one_hot_after(array.one_hot, distinct),
        scaling=scaling,
        columns=columns,
        values=values,
    )


def _elementwise(function: Callable, values: tuple, dtype: str | None) -> tuple | None:
    """``function`` on every element, as numpy computes it for ``dtype`` (None if it fails)."""
    try:
        result = tuple(function(v) for v in values)
    except (ArithmeticError, TypeError, ValueError):
        return None
    if dtype == "float":
        return tuple(float(v) for v in result)
    return result if all(isinstance(v, int) for v in result) else None


def _one_hot_after(before: bool | None, distinct: frozenset | None) -> bool | None:
    if before and distinct is not None and distinct <= {0, 1}:
        return True
    return None if before else before


def _arithmetic_dtype(kind: type, left: str | None, right: str | None) -> str | None:
    if kind is cst.Divide:
        return "float"
    if left is None or right is None:
        return None
    if kind in _BITWISE:  # ``(a > 0) & (b < 6)``
        if "float" in (left, right):
            return None
        return "bool" if left == right == "bool" else "int"
    if "float" in (left, right):
        return "float"
    if left == "uint8" and right in ("int", "uint8"):
        return "uint8"
    return "int"


def _constant_interval(
    kind: type, low: Any, high: Any, c: float, constant_first: bool, integral: bool
):
    """Bounds of ``x <op> c`` (or ``c <op> x``) from x's bounds; either may be None."""
    if kind is cst.Add:
        return (low + c if low is not None else None, high + c if high is not None else None)
    if kind is cst.Subtract:
        if constant_first:
            return (c - high if high is not None else None, c - low if low is not None else None)
        return (low - c if low is not None else None, high - c if high is not None else None)
    if kind is cst.Multiply or (kind is cst.Divide and not constant_first and c != 0):
        factor = c if kind is cst.Multiply else 1 / c
        ends = (
            low * factor if low is not None else None,
            high * factor if high is not None else None,
        )
        return ends if factor >= 0 else (ends[1], ends[0])
    if kind is cst.Modulo and not constant_first and c != 0:
        if low is not None and high is not None and low >= 0 and high < c:
            return low, high  # already in [0, c): unchanged
        step = 1 if integral and isinstance(c, int) else 0
        return (0, c - step) if c > 0 else (c + step, 0)
    return (None, None)


def _array_binary(kind: type, left: Array, right: Array, node: cst.CSTNode) -> Array | None:
    function = _ARITHMETIC[kind]
    low = high = None
    bounded = None not in (left.low, left.high, right.low, right.high)
    if bounded and (
        kind in (cst.Add, cst.Subtract, cst.Multiply)
        or (kind is cst.Divide and (right.low > 0 or right.high < 0))
    ):
        a, b = (left.low, left.high), (right.low, right.high)
        if kind is cst.Subtract:
            b = (-b[1], -b[0])
            function = operator.add
        ends = [function(x, y) for x in a for y in b]
        low, high = min(ends), max(ends)
    distinct = None
    if (
        left.distinct is not None
        and right.distinct is not None
        and len(left.distinct) * len(right.distinct) <= MAX_DISTINCT
    ):
        try:
            distinct = frozenset(
                _ARITHMETIC[kind](x, y) for x in left.distinct for y in right.distinct
            )
        except (ArithmeticError, TypeError, ValueError):
            distinct = None
    dtype = _arithmetic_dtype(kind, left.dtype, right.dtype)
    if dtype == "uint8":
        low = high = distinct = None
    shape = left.shape if left.shape == right.shape else None
    if right.shape == ():
        shape = left.shape
    elif left.shape == ():
        shape = right.shape
    rows = left.rows if left.rows is right.rows else None
    values = None
    both = left.values is not None and right.values is not None
    if dtype != "uint8" and both and left.shape == right.shape:
        pairs = zip(left.values, right.values, strict=True)
        values = _elementwise(lambda pair: _ARITHMETIC[kind](*pair), tuple(pairs), dtype)
    return new_array(
        shape=shape,
        dtype=dtype,
        low=low,
        high=high,
        distinct=distinct,
        scaling=left.scaling if left.scaled and right.scaled else (),
        origin=describe(node),
        node=node,
        rows=rows if rows is not None else left.rows if right.shape == () else None,
        values=values,
    )


# Statistics that set a scale: dividing by one is a scaling step.
_SCALE_KINDS = {
    "std": "standardize",
    "var": "standardize",
    "spread": "min-max",
    "ptp": "min-max",
    "max": "max",
    "norm": "norm",
    "sum": "norm",
}


def _statistic_binary(kind: type, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    if isinstance(left, Statistic) and isinstance(right, Statistic):
        if (
            kind is cst.Subtract
            and (left.kind, right.kind) == ("max", "min")
            and left.of is right.of
            and left.axis == right.axis
        ):
            return Statistic("spread", left.of, left.axis, node)
        return None
    if isinstance(left, Statistic):
        stat, other = left, right
    else:
        stat, other = right, left
    if literal_number(other) is not None:
        # ``std + 1e-8``, ``2 * std``: still a scale of the same data.
        if kind in (cst.Add, cst.Multiply) or (kind in (cst.Subtract, cst.Divide) and stat is left):
            return Statistic(stat.kind, stat.of, stat.axis, node)
        return None
    if not isinstance(left, Array) or stat is not right:
        return None
    array = left
    if kind is cst.Subtract and stat.kind in ("mean", "median", "min", "max"):
        low = high = None
        if stat.of is array and array.low is not None and array.high is not None:
            spread = array.high - array.low
            low, high = {"min": (0, spread), "max": (-spread, 0)}.get(stat.kind, (-spread, spread))
        return array.replace(
            dtype="float" if array.dtype != "float" else array.dtype,
            low=low,
            high=high,
            distinct=None,
            one_hot=None if array.one_hot else array.one_hot,
            columns=None,
        )
    if kind is cst.Divide and stat.kind in _SCALE_KINDS:
        low = high = None
        if stat.kind == "max" and stat.of is array and array.low is not None and array.low >= 0:
            low, high = 0.0, 1.0
        elif stat.kind == "norm":
            low, high = (0.0, 1.0) if array.low is not None and array.low >= 0 else (-1.0, 1.0)
        return array.replace(
            dtype="float",
            low=low,
            high=high,
            distinct=None,
            one_hot=None if array.one_hot else array.one_hot,
            columns=None,
            scaling=(*array.scaling, Scaling(_SCALE_KINDS[stat.kind], node, stat.of, stat.axis)),
        )
    return None


def compare(op: cst.BaseCompOp, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``x > 0`` and friends: a bool array."""
    kind = type(op)
    if kind not in _COMPARISONS:
        return None
    if not isinstance(left, Array | Statistic):
        left, right, kind = right, left, _MIRROR[kind]
    test = _COMPARISONS[kind]
    if isinstance(left, Statistic):
        shape = _reduced_shape(left)
        per_row = isinstance(left.of, Array | Frame) and left.axis not in (None, 0, UNKNOWN)
        rows = left.of.rows if per_row else None
        outcomes = BOOLS
    elif isinstance(left, Array):
        shape, rows = left.shape, left.rows
        constant = literal_number(right)
        if constant is not None:
            outcomes = _outcomes(test, kind, left, constant)
        elif isinstance(right, Array | Statistic):
            outcomes = BOOLS
            if isinstance(right, Array) and right.shape != left.shape:
                shape = None
        else:
            return None
    else:
        return None
    return new_array(
        shape=shape,
        dtype="bool",
        distinct=outcomes,
        origin=describe(node),
        node=node,
        rows=rows,
    )


def _outcomes(test: Callable, kind: type, array: Array, constant: float) -> frozenset:
    if array.distinct is not None and all(isinstance(v, int | float) for v in array.distinct):
        return frozenset(bool(test(v, constant)) for v in array.distinct)
    if array.low is None or array.high is None:
        return BOOLS
    if kind in (cst.Equal, cst.NotEqual):
        outside = constant < array.low or constant > array.high
        return frozenset({kind is cst.NotEqual}) if outside else BOOLS
    return frozenset({bool(test(array.low, constant)), bool(test(array.high, constant))})


def _reduced_shape(stat: Statistic) -> Shape | None:
    of = stat.of
    if not isinstance(of, Array) or of.shape is None:
        return None
    if stat.axis is None:
        return ()
    if type(stat.axis) is int and -len(of.shape) <= stat.axis < len(of.shape):
        axis = stat.axis % len(of.shape)
        return of.shape[:axis] + of.shape[axis + 1 :]
    return None


def attribute(array: Array, name: str, node: cst.Attribute) -> Value | None:
    if name == "shape" and array.shape is not None:
        return Seq(tuple(Const(d) if d is not None else UNKNOWN for d in array.shape), node)
    if name == "ndim" and array.shape is not None:
        return Const(len(array.shape), node)
    if name == "size" and array.shape is not None and None not in array.shape:
        return Const(math.prod(array.shape), node)
    if name in ("values", "array"):
        return array
    if name == "T" and array.shape is not None:
        return transpose(array)
    return None


def transpose(array: Array) -> Array:
    """``a.T``: the axes reversed. The values of a 2-D array follow (rows become columns),
    and a table written out by columns (``np.array([sizes, flags]).T``) gets rows of its own."""
    shape = array.shape[::-1]
    values = rows = columns = None
    if array.values is not None and len(shape) == 2 and None not in shape:
        height, width = array.shape
        values = tuple(array.values[i * width + j] for j in range(width) for i in range(height))
        rows = Rows(f"{array.origin}.T")
    if values is not None and 1 <= shape[1] <= _MAX_COLUMNS:
        width = shape[1]
        columns = tuple(
            new_array(
                shape=(shape[0],),
                dtype=array.dtype,
                values=values[j::width],
                **_bounds(values[j::width]),
                origin=f"{array.origin}.T[:, {j}]",
                node=array.node,
                rows=rows,
            )
            for j in range(width)
        )
    return array.replace(shape=shape, columns=columns, rows=rows, one_hot=None, values=values)


def _bounds(values: tuple) -> dict:
    """Exact low, high and distinct of known values."""
    distinct = frozenset(values)
    return {
        "low": min(values) if values else None,
        "high": max(values) if values else None,
        "distinct": distinct if len(distinct) <= MAX_DISTINCT else None,
    }


_MAX_COLUMNS = 256


# -- methods ----------------------------------------------------------------------------

# Methods that read an array without changing it and whose result is not modelled.
_READ_ONLY = words(
    """any all nonzero unique nunique value_counts item argmin argsort cumsum dot describe head
    tail isna isnull notna count plot hist corr tobytes get_shape"""
)
_SAME = words("copy to_numpy toarray todense tolist numpy fillna")


def array_method(
    array: Array, name: str, positional: list[Value], keywords: dict, node: cst.Call
) -> tuple[Value, Value | None] | None:
    """A method call on an array: (result, the array's new value or None)."""
    if name in _SAME and not positional:
        return array, None
    if name == "astype":
        named = bind(("dtype",), positional, {k: v for k, v in keywords.items() if k == "dtype"})
        if named is None or "dtype" not in named:
            return None
        dtype = dtype_of(named["dtype"], argument_expr(node, 0, "dtype"))
        return cast(array, dtype, node), None
    if name == "reshape":
        return _reshape(array, positional, keywords, node), None
    if name in ("flatten", "ravel"):
        return _flatten(array, node), None
    if name == "squeeze":
        return _squeeze(array, positional, keywords, node), None
    if name in STATISTICS or name == "ptp":
        named = bind(("axis",), positional[:1], {k: v for k, v in keywords.items() if k == "axis"})
        axis = constant_of(named.get("axis")) if named is not None else UNKNOWN
        return Statistic(STATISTICS.get(name, name), array, axis, node), None
    if name == "argmax":
        return _argmax(array, positional, keywords, node), None
    if name == "clip":
        return _clip(array, positional, keywords, node), None
    if name == "round":
        return array.replace(distinct=None), None
    if name == "transpose" and not positional and not keywords:
        return attribute(array, "T", node) or UNKNOWN, None
    if name == "map" and len(positional) == 1 and isinstance(positional[0], Mapping):
        return _map(array, positional[0], node), None
    if name == "fill" and len(positional) == 1 and literal_number(positional[0]) is not None:
        constant = positional[0].value
        filled = array.replace(
            low=constant, high=constant, distinct=frozenset({constant}), columns=None, one_hot=None
        )
        return Const(None), filled
    if name == "sort" and not positional:
        return Const(None), array.replace(columns=None, rows=None)
    if name in _READ_ONLY:
        return UNKNOWN, None
    return None


def _reshape(array: Array, positional: list[Value], keywords: dict, node: cst.Call) -> Value:
    dims_value = positional[0] if len(positional) == 1 else Seq(tuple(positional))
    if "newshape" in keywords or "shape" in keywords:
        dims_value = keywords.get("newshape", keywords.get("shape"))
    requested = shape_of(dims_value)
    if requested is None or (not requested and not positional):
        return UNKNOWN
    old = array.shape
    total = math.prod(old) if old is not None and None not in old else None
    new = list(requested)
    if new.count(-1) == 1:
        known = [d for d in new if d != -1]
        if total is not None and None not in known and math.prod(known) > 0:
            new[new.index(-1)] = total // math.prod(known)
        else:
            new[new.index(-1)] = None
    shape = tuple(new)
    keep_rows = _keeps_rows(old, shape, requested)
    one_hot = array.one_hot
    if one_hot and (old is None or shape[-1:] != old[-1:] or len(shape) != len(old)):
        one_hot = None
    known = None not in shape and array.values is not None
    same_size = known and math.prod(shape) == len(array.values)
    return with_columns(
        array.replace(
            shape=shape,
            one_hot=one_hot,
            columns=array.columns if shape == old else None,
            rows=array.rows if keep_rows else None,
            values=array.values if same_size else None,
        )
    )


def _keeps_rows(old: Shape | None, new: Shape, requested: Shape) -> bool:
    """Whether a reshape keeps the first axis as the samples axis."""
    if not new:
        return False
    if old is None:
        return True
    if not old:
        return False
    if new[0] is not None and old[0] is not None:
        return new[0] == old[0]
    if len(new) == 1 and len(old) >= 2:
        return all(d == 1 for d in old[1:])
    return True


def _flatten(array: Array, node: cst.Call) -> Array:
    old = array.shape
    total = math.prod(old) if old is not None and None not in old else None
    keep = old is not None and (len(old) <= 1 or all(d == 1 for d in old[1:]))
    return array.replace(
        shape=(total,),
        one_hot=False if not array.one_hot else None,
        columns=None,
        rows=array.rows if keep else None,
        values=array.values,
    )


def _squeeze(array: Array, positional: list[Value], keywords: dict, node: cst.Call) -> Value:
    named = bind(("axis",), positional, keywords)
    if named is None or array.shape is None:
        return UNKNOWN
    axis = named.get("axis")
    if is_none(axis):
        if None in array.shape:
            return UNKNOWN
        shape = tuple(d for d in array.shape if d != 1)
    else:
        index = integer(axis)
        if index is None or not -len(array.shape) <= index < len(array.shape):
            return UNKNOWN
        index %= len(array.shape)
        if array.shape[index] not in (1, None):
            return UNKNOWN
        shape = array.shape[:index] + array.shape[index + 1 :]
    keep = bool(shape) and bool(array.shape) and array.shape[0] != 1
    return with_columns(
        array.replace(
            shape=shape, columns=None, rows=array.rows if keep else None, values=array.values
        )
    )


def with_columns(array: Array) -> Array:
    """A 2-D array with known values and no columns gets its columns (each with values)."""
    shape, values = array.shape, array.values
    if values is None or array.columns is not None or shape is None or len(shape) != 2:
        return array
    rows, width = shape
    if rows is None or width is None or not 1 <= width <= _MAX_COLUMNS:
        return array
    columns = tuple(
        new_array(
            shape=(rows,),
            dtype=array.dtype,
            values=values[j::width],
            **_bounds(values[j::width]),
            one_hot=False,
            scaling=array.scaling,
            origin=f"{array.origin}[:, {j}]",
            node=array.node,
            rows=array.rows,
        )
        for j in range(width)
    )
    return array.replace(columns=columns, values=values)


def _argmax(array: Array, positional: list[Value], keywords: dict, node: cst.Call) -> Value:
    named = bind(("axis",), positional, {k: v for k, v in keywords.items() if k == "axis"})
    axis = integer(named.get("axis")) if named else None
    if array.shape is None or len(array.shape) != 2 or axis not in (1, -1):
        return UNKNOWN
    width = array.shape[1] if array.shape[1] is not None else None
    if width is None and array.one_hot:
        width = array.n_classes
    return new_array(
        shape=(array.shape[0],),
        dtype="int",
        low=0,
        high=width - 1 if width is not None else None,
        distinct=frozenset(range(width)) if width is not None and width <= MAX_DISTINCT else None,
        origin=describe(node),
        node=node,
        rows=array.rows,
    )


def _clip(array: Array, positional: list[Value], keywords: dict, node: cst.Call) -> Value:
    named = bind(("a_min", "a_max"), positional, keywords)
    if named is None:
        return UNKNOWN
    given = [
        named.get(f"a_{end}", named.get(end, named.get(pandas)))
        for end, pandas in (("min", "lower"), ("max", "upper"))
    ]
    if any(not is_none(bound) and number(bound) is None for bound in given):
        return array.replace(low=None, high=None, distinct=None, columns=None)
    lower, upper = (number(bound) for bound in given)
    low, high = array.low, array.high
    if lower is not None:
        low = lower if low is None else max(low, lower)
    if upper is not None:
        high = upper if high is None else min(high, upper)
    distinct = array.distinct
    if distinct is not None and (lower is not None or upper is not None):
        clipped = set()
        for v in distinct:
            v = max(v, lower) if lower is not None else v
            clipped.add(min(v, upper) if upper is not None else v)
        distinct = frozenset(clipped)
    return array.replace(low=low, high=high, distinct=distinct, columns=None)


def _map(array: Array, mapping: Mapping, node: cst.Call) -> Value:
    """``series.map({"cat": 0, "dog": 1})``: the values are the mapping's values."""
    values = [v.value for _, v in mapping.items if isinstance(v, Const)]
    if len(values) != len(mapping.items) or not values:
        return UNKNOWN
    covered = array.distinct is not None and array.distinct <= {k for k, _ in mapping.items}
    if not covered or not all(isinstance(v, int | float) for v in values):
        # Unmapped values become NaN: only the dtype is lost, the rest is unknown.
        return array.replace(
            dtype=None,
            low=None,
            high=None,
            distinct=None,
            one_hot=False,
            origin=describe(node),
            node=node,
        )
    return array.replace(
        dtype=infer_dtype(values),
        low=None,
        high=None,
        distinct=frozenset(values),
        one_hot=False,
        origin=describe(node),
        node=node,
    )
