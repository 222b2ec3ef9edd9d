"""Arrays from literals and numpy: ``np.array``, constructors, stacking, reductions.

Everything here is plain Python over abstract values: numpy is never imported. Literals are
evaluated exactly up to ``MAX_ELEMENTS`` elements; larger ones are not evaluated. Arrays
built from exactly known parts (``np.tile``, ``np.concatenate``, ``np.arange``, ...) carry
their ``values`` up to the same size; beyond it only their shape and bounds are computed,
without materialising anything.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import libcst as cst

from zerolint.facts import tiling
from zerolint.facts.array_ops import STATISTICS, array_method, cast, with_columns
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
)
from zerolint.facts.data_values import (
    MAX_DISTINCT,
    MAX_VALUES,
    UNIT,
    Array,
    Frame,
    Rows,
    Shape,
    Statistic,
    cast_value,
    infer_dtype,
    literal_number,
    new_array,
    promote,
    union,
)
from zerolint.facts.indexing import column_of
from zerolint.facts.values import UNKNOWN, Const, Ref, Seq, Value

MAX_ELEMENTS = MAX_VALUES
MAX_COLUMNS = 256


# -- conversions ------------------------------------------------------------------------


def as_array(value: Value | None, node: cst.CSTNode | None = None) -> Array | None:
    """An Array for a data value or a literal list (evaluated when small); else None."""
    if isinstance(value, Array):
        return value
    if isinstance(value, Seq):
        return literal(value, node or value.node)
    if isinstance(value, Frame):
        return frame_values(value, node or value.node)
    return None


def literal(value: Value, node: cst.CSTNode | None, dtype: str | None = None) -> Array | None:
    """A list/tuple display of numbers, bools or strings, evaluated exactly."""
    flat: list[Any] = []
    shape = _walk(value, flat)
    if shape is None:
        return None
    origin = describe(node) or "literal"
    return _from_values(flat, shape, dtype, origin, node, Rows(origin))


def _walk(value: Value, flat: list[Any]) -> Shape | None:
    """Append the elements of a rectangular literal to ``flat``; return its shape."""
    if isinstance(value, Const):
        if isinstance(value.value, bool | int | float | str):
            flat.append(value.value)
            return ()
        return None
    if not isinstance(value, Seq) or len(flat) + len(value.items) > MAX_ELEMENTS:
        return None
    items = value.items
    if all(type(item) is Const for item in items):  # a row of scalars: the common case
        scalars = [item.value for item in items]
        if not all(isinstance(v, bool | int | float | str) for v in scalars):
            return None
        flat.extend(scalars)
        return (len(items),)
    inner: Shape | None = None
    for item in value.items:
        shape = _walk(item, flat)
        if shape is None or (inner is not None and shape != inner):
            return None
        inner = shape
        if len(flat) > MAX_ELEMENTS:
            return None
    return (len(value.items), *inner) if inner is not None else (0,)


def _from_values(
    flat: list[Any],
    shape: Shape,
    dtype: str | None,
    origin: str,
    node: cst.CSTNode | None,
    rows: Rows | None,
) -> Array:
    kind = dtype or infer_dtype(flat)
    if dtype is not None:
        try:
            flat = [cast_value(v, dtype) for v in flat]
        except (ValueError, OverflowError):
            return new_array(shape=shape, dtype=dtype, origin=origin, node=node, rows=rows)
    numeric = all(isinstance(v, int | float) for v in flat)
    values = set(flat)
    exact = None
    if numeric and len(flat) <= MAX_VALUES:
        exact = tuple(float(v) for v in flat) if kind == "float" else tuple(flat)
    columns = None
    if len(shape) == 2 and 1 <= shape[1] <= MAX_COLUMNS and shape[0] > 0:
        width = shape[1]
        columns = tuple(
            _from_values(flat[j::width], (shape[0],), kind, f"{origin}[:, {j}]", node, rows)
            for j in range(width)
        )
    return new_array(
        shape=shape,
        dtype=kind,
        low=min(flat) if numeric and flat else None,
        high=max(flat) if numeric and flat else None,
        distinct=frozenset(values) if len(values) <= MAX_DISTINCT else None,
        one_hot=_literal_one_hot(flat, shape) if numeric else False,
        origin=origin,
        node=node,
        columns=columns,
        rows=rows,
        values=exact,
    )


def _literal_one_hot(flat: list[Any], shape: Shape) -> bool | None:
    if len(shape) <= 1:
        return False
    if len(shape) > 2:
        return None
    width = shape[1]
    if width < 2 or shape[0] == 0:
        return False
    if any(v not in (0, 1) for v in flat):
        return False
    return all(sum(flat[i : i + width]) == 1 for i in range(0, len(flat), width))


def frame_values(frame: Frame, node: cst.CSTNode | None) -> Array:
    """``df.values`` / ``df.to_numpy()``: an Array with the frame's columns where known."""
    width = len(frame.columns) if frame.columns is not None else None
    columns = None
    if frame.columns:
        found = [frame.column_data(name) for name in frame.columns]
        if all(column is not None for column in found):
            columns = tuple(found)
    low = high = distinct = dtype = None
    if columns:
        dtype = promote([c.dtype for c in columns])
        low, high, distinct = union(columns)
    return new_array(
        shape=(frame.n_rows, width),
        dtype=dtype,
        low=low,
        high=high,
        distinct=distinct,
        columns=columns,
        scaling=frame.scaling,
        origin=frame.origin,
        node=frame.node,
        rows=frame.rows,
        frame=frame,
    )


# -- numpy functions --------------------------------------------------------------------


def numpy_index(name: str, indices: list[Value], node: cst.Subscript) -> Value | None:
    """``np.c_[a, b]`` / ``np.r_[a, b]``: the index helpers that join arrays."""
    return tiling.index_helper(name, indices, node, numpy_call)


# numpy functions that change an argument in place: the argument stops being known.
_MUTATING = frozenset({"copyto", "put", "place", "putmask", "fill_diagonal", "put_along_axis"})


def numpy_call(name: str, positional: list[Value], keywords: dict, node: cst.Call):
    """``numpy.<name>(...)``; None when a call may change its arguments (they escape)."""
    if name in _MUTATING or "out" in keywords:
        return None
    handler = _NUMPY.get(name)
    if handler is not None:
        result = handler(positional, keywords, node)
        if result is not None:
            return result
    if name in STATISTICS or name == "linalg.norm":
        named = bind(("a", "axis"), positional[:2], keywords)
        if named is not None and isinstance(named.get("a"), Array | Frame):
            kind = "norm" if name == "linalg.norm" else STATISTICS[name]
            return Statistic(kind, named["a"], constant_of(named.get("axis")), node)
    dtype = dtype_of(Ref(f"numpy.{name}"))
    if dtype is not None and len(positional) == 1 and not keywords:
        constant = literal_number(positional[0])
        if constant is not None:  # np.float32(255): a scalar
            return Const(float(constant) if dtype == "float" else constant, node)
        array = as_array(positional[0], node)
        return cast(array, dtype, node) if array is not None else UNKNOWN
    return UNKNOWN  # numpy functions return new values and leave their arguments alone


def _np_array(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("object", "dtype"), positional, keywords)
    if named is None or "object" not in named:
        return None
    dtype = None
    if "dtype" in named:
        dtype = dtype_of(named["dtype"], argument_expr(node, 1, "dtype"))
        if dtype is None:
            return None
    source = named["object"]
    if isinstance(source, Seq):
        stacked = literal(source, node, dtype)
        if stacked is None and source.items and all(isinstance(i, Array) for i in source.items):
            stacked = _stack([source], {}, node)  # np.array([a, b, labels]): rows
            if isinstance(stacked, Array) and dtype is not None:
                stacked = cast(stacked, dtype, node)
        return stacked
    array = as_array(source, node)
    if array is None:
        return None
    return cast(array, dtype, node) if dtype is not None else array


def _constant_array(fill: Any, shape: Shape | None, dtype: str | None, node: cst.Call) -> Array:
    if dtype is not None and isinstance(fill, int | float):
        try:
            fill = cast_value(fill, dtype)
        except (ValueError, OverflowError):
            return new_array(shape=shape, dtype=dtype, origin=describe(node), node=node)
    origin = describe(node)
    if dtype is None and isinstance(fill, int | float):
        dtype = infer_dtype([fill])
    numeric = isinstance(fill, int | float)
    size = math.prod(shape) if shape is not None and None not in shape else None
    known = numeric and size is not None and size <= MAX_VALUES
    return with_columns(
        new_array(
            shape=shape,
            dtype=dtype,
            low=fill if numeric else None,
            high=fill if numeric else None,
            distinct=frozenset({fill}),
            one_hot=False,
            origin=origin,
            node=node,
            rows=Rows(origin),
            values=(float(fill) if dtype == "float" else fill,) * size if known else None,
        )
    )


def _filled(fill: float | None) -> Callable:
    """np.zeros / np.ones / np.full (fill None: the ``fill_value`` argument)."""

    def handler(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
        params = ("shape", "dtype") if fill is not None else ("shape", "fill_value", "dtype")
        named = bind(params, positional, keywords)
        if named is None or "shape" not in named:
            return None
        value = fill if fill is not None else literal_number(named.get("fill_value"))
        if value is None:
            return None
        index = 1 if fill is not None else 2
        dtype = "float" if fill is not None else None
        if "dtype" in named:
            dtype = dtype_of(named["dtype"], argument_expr(node, index, "dtype"))
            if dtype is None:
                return None
        return _constant_array(value, shape_of(named["shape"]), dtype, node)

    return handler


def _filled_like(fill: float | None) -> Callable:
    """np.zeros_like / ones_like / full_like: the shape of an array, constant values."""

    def handler(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
        params = ("a", "dtype") if fill is not None else ("a", "fill_value", "dtype")
        named = bind(params, positional, keywords)
        template = as_array(named.get("a")) if named else None
        if template is None:
            return None
        value = fill if fill is not None else literal_number(named.get("fill_value"))
        if value is None:
            return None
        dtype = template.dtype
        if "dtype" in named:
            dtype = dtype_of(named["dtype"], argument_expr(node, len(params) - 1, "dtype"))
        array = _constant_array(value, template.shape, dtype, node)
        return array.replace(rows=template.rows)

    return handler


def _eye(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("N", "M", "k", "dtype"), positional, keywords)
    if named is None or integer(named.get("N")) is None:
        return None
    n = integer(named["N"])
    m = n if is_none(named.get("M")) else integer(named["M"])
    k = 0 if "k" not in named else integer(named["k"])
    dtype = "float"
    if "dtype" in named:
        dtype = dtype_of(named["dtype"], argument_expr(node, 3, "dtype"))
    identity = k == 0 and m == n and n > 1
    origin = describe(node)
    return new_array(
        shape=(n, m),
        dtype=dtype,
        distinct=frozenset({0, 1}) if dtype != "float" else UNIT,
        one_hot=True if identity else None,
        origin=origin,
        node=node,
        rows=Rows(origin),
    )


def _identity(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("n", "dtype"), positional, keywords)
    if named is None:
        return None
    return _eye([named["n"]], {k: v for k, v in named.items() if k == "dtype"}, node)


def _arange(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("start", "stop", "step", "dtype"), positional, keywords)
    if named is None:
        return None
    start, stop, step = named.get("start"), named.get("stop"), named.get("step")
    if is_none(stop):
        start, stop = Const(0), start
    bounds = [number(start), number(stop), 1 if is_none(step) else number(step)]
    origin = describe(node)
    integral = all(type(b) is int for b in bounds)
    dtype = "int" if integral else "float"
    if None in bounds or bounds[2] == 0 or not all(math.isfinite(b) for b in bounds):
        kind = "int" if all(type(b) is int for b in bounds if b is not None) else None
        return new_array(shape=(None,), dtype=kind, origin=origin, node=node, rows=Rows(origin))
    first, last, delta = bounds
    # numpy's length: ceil((stop - start) / step); element i is start + i * step.
    count = max(0, math.ceil((last - first) / delta))
    ends = [first, first + (count - 1) * delta] if count else []
    values = None
    if count <= MAX_VALUES:
        values = tuple(first + i * delta for i in range(count))
        values = values if integral else tuple(float(v) for v in values)
    distinct = frozenset(values) if values is not None and count <= MAX_DISTINCT else None
    return new_array(
        shape=(count,),
        dtype=dtype,
        low=min(ends) if ends else None,
        high=max(ends) if ends else None,
        distinct=distinct,
        origin=origin,
        node=node,
        rows=Rows(origin),
        values=values,
    )


def _linspace(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("start", "stop", "num", "endpoint"), positional, keywords)
    if named is None:
        return None
    start, stop = number(named.get("start")), number(named.get("stop"))
    num = 50 if "num" not in named else integer(named["num"])
    endpoint = named.get("endpoint", Const(True))
    known = start is not None and stop is not None
    origin = describe(node)
    values = None
    closed = endpoint.value if isinstance(endpoint, Const) else None
    if known and num is not None and 0 <= num <= MAX_VALUES and isinstance(closed, bool):
        # numpy: step = (stop - start) / (num - 1) (num with endpoint=False); the last
        # element is exactly stop when the endpoint is included.
        div = (num - 1) if closed else num
        step = (stop - start) / div if div > 0 else 0.0
        values = tuple(float(start + i * step) for i in range(num))
        if closed and num > 1:
            values = (*values[:-1], float(stop))
    return new_array(
        shape=(num,),
        dtype="float",
        low=min(start, stop) if known else None,
        high=max(start, stop) if known else None,
        one_hot=False,
        origin=origin,
        node=node,
        rows=Rows(origin),
        values=values,
    )


def _parts(value: Value | None) -> list[Array] | None:
    """The arrays of a ``(a, b, ...)`` argument, or None if any is unknown."""
    if not isinstance(value, Seq) or not value.items:
        return None
    arrays = [as_array(item) for item in value.items]
    return arrays if all(a is not None and a.shape is not None for a in arrays) else None


def _column_stack(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("tup",), positional, keywords)
    parts = _parts(named.get("tup")) if named else None
    if parts is None or any(a.ndim not in (1, 2) for a in parts):
        return None
    return _join_columns(parts, node)


def _join_columns(parts: list[Array], node: cst.Call) -> Array | None:
    """Arrays side by side: 1-D arrays become columns, 2-D arrays add theirs."""
    n_rows = {a.shape[0] for a in parts if a.shape[0] is not None}
    if len(n_rows) > 1:
        return None
    columns: list[Array] | None = []
    width: int | None = 0
    for part in parts:
        if part.ndim == 1:
            columns = columns + [part] if columns is not None else None
            width = width + 1 if width is not None else None
        else:
            part_width = part.shape[1]
            width = width + part_width if width is not None and part_width is not None else None
            if columns is not None and part.columns is not None:
                columns = columns + list(part.columns)
            elif columns is not None and part_width is not None and part_width <= MAX_COLUMNS:
                columns = columns + [column_of(part, j) for j in range(part_width)]
            else:
                columns = None
    low, high, distinct = union(parts)
    origin = describe(node)
    first = parts[0].rows
    same_rows = all(part.rows is first for part in parts)
    scaled = all(part.scaled for part in parts)
    values = None
    count = next(iter(n_rows), None)
    if count is not None and width is not None and all(p.values is not None for p in parts):
        widths = [1 if p.ndim == 1 else p.shape[1] for p in parts]
        values = _as_dtype(
            tuple(
                v
                for i in range(count)
                for p, w in zip(parts, widths, strict=True)
                for v in p.values[i * w : (i + 1) * w]
            ),
            promote([p.dtype for p in parts]),
        )
    return new_array(
        shape=(next(iter(n_rows), None), width),
        dtype=promote([p.dtype for p in parts]),
        low=low,
        high=high,
        distinct=distinct,
        columns=tuple(columns) if columns is not None and len(columns) <= MAX_COLUMNS else None,
        scaling=parts[0].scaling if scaled else (),
        origin=origin,
        node=node,
        rows=first if same_rows and first is not None else Rows(origin),
        values=values,
    )


def _join_rows(parts: list[Array], node: cst.Call) -> Array | None:
    """Arrays one after another along the first axis (new samples)."""
    tails = {a.shape[1:] for a in parts}
    if len(tails) > 1:
        return None
    counts = [a.shape[0] for a in parts]
    low, high, distinct = union(parts)
    origin = describe(node)
    values = None
    if all(p.values is not None for p in parts) and sum(len(p.values) for p in parts) <= MAX_VALUES:
        values = _as_dtype(
            tuple(v for p in parts for v in p.values), promote([p.dtype for p in parts])
        )
    joined = new_array(
        shape=(sum(counts) if None not in counts else None, *next(iter(tails))),
        dtype=promote([p.dtype for p in parts]),
        low=low,
        high=high,
        distinct=distinct,
        one_hot=True if all(p.one_hot for p in parts) else None,
        scaling=parts[0].scaling if all(p.scaled for p in parts) else (),
        origin=origin,
        node=node,
        rows=Rows(origin),
        values=values,
    )
    return with_columns(joined)


def _as_dtype(values: tuple, dtype: str | None) -> tuple:
    """Joined values as numpy stores them: ints and bools become floats in a float array."""
    return tuple(float(v) for v in values) if dtype == "float" else values


def _hstack(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("tup",), positional, keywords)
    parts = _parts(named.get("tup")) if named else None
    if parts is None:
        return None
    if all(a.ndim == 1 for a in parts):
        return _join_rows(parts, node)
    if all(a.ndim == 2 for a in parts):
        return _join_columns(parts, node)
    return None


def _vstack(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("tup",), positional, keywords)
    parts = _parts(named.get("tup")) if named else None
    if parts is None:
        return None
    if all(a.ndim == 1 for a in parts):
        parts = [a.replace(shape=(1, *a.shape), columns=None, values=a.values) for a in parts]
    return _join_rows(parts, node) if all(a.ndim == 2 for a in parts) else None


def _concatenate(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("arrays", "axis"), positional, keywords)
    parts = _parts(named.get("arrays")) if named else None
    if parts is None:
        return None
    axis = 0 if "axis" not in named else integer(named["axis"])
    ndims = {a.ndim for a in parts}
    if len(ndims) != 1:
        return None
    ndim = ndims.pop()
    if axis == 0:
        return _join_rows(parts, node)
    if ndim == 2 and axis in (1, -1):
        return _join_columns(parts, node)
    return None


def _stack(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("arrays", "axis"), positional, keywords)
    parts = _parts(named.get("arrays")) if named else None
    if parts is None or any(a.ndim != 1 for a in parts):
        return None
    axis = 0 if "axis" not in named else integer(named["axis"])
    if axis in (1, -1):
        return _join_columns(parts, node)
    if axis == 0:
        return _join_rows([a.replace(shape=(1, *a.shape), values=a.values) for a in parts], node)
    return None


def _array_first(method: str, params: tuple[str, ...]) -> Callable:
    """``np.f(a, ...)`` that behaves like the method ``a.f(...)``."""

    def handler(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
        named = bind(params, positional, keywords)
        array = as_array(named.pop("a", None), node) if named is not None else None
        if array is None:
            return None
        outcome = array_method(array, method, [], named, node)
        return outcome[0] if outcome is not None else None

    return handler


def _expand_dims(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("a", "axis"), positional, keywords)
    array = as_array(named.get("a"), node) if named else None
    axis = integer(named.get("axis")) if named else None
    if array is None or array.shape is None or axis is None:
        return None
    ndim = len(array.shape) + 1
    if not -ndim <= axis < ndim:
        return None
    axis %= ndim
    shape = (*array.shape[:axis], 1, *array.shape[axis:])
    return array.replace(shape=shape, columns=None, rows=array.rows if axis > 0 else None)


def _where(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("condition", "x", "y"), positional, keywords)
    if named is None or "x" not in named or "y" not in named:
        return None
    branches = []
    for value in (named["x"], named["y"]):
        if literal_number(value) is not None:
            constant = value.value
            branches.append(
                new_array(
                    shape=(),
                    low=constant,
                    high=constant,
                    distinct=frozenset({constant}),
                    dtype=infer_dtype([constant]),
                )
            )
        else:
            array = as_array(value)
            if array is None:
                return None
            branches.append(array)
    condition = named["condition"]
    condition = condition if isinstance(condition, Array) else None
    shape = condition.shape if condition is not None else None
    if any(b.shape not in ((), shape) for b in branches):
        shape = None
    low, high, distinct = union(branches)
    origin = describe(node)
    return new_array(
        shape=shape,
        dtype=promote([b.dtype for b in branches]),
        low=low,
        high=high,
        distinct=distinct,
        one_hot=False if shape is not None and len(shape) <= 1 else None,
        origin=origin,
        node=node,
        rows=condition.rows if condition is not None else Rows(origin),
    )


# Increasing functions: (function, the smallest argument in the domain or None, the
# smallest value).
_INCREASING: dict[str, tuple[Callable[[float], float], float | None, float | None]] = {
    "log": (math.log, 0.0, None),
    "log2": (math.log2, 0.0, None),
    "log10": (math.log10, 0.0, None),
    "log1p": (math.log1p, -1.0, None),
    "sqrt": (math.sqrt, -0.0, 0.0),
    "exp": (math.exp, None, 0.0),
    "expm1": (math.expm1, None, -1.0),
    "tanh": (math.tanh, None, -1.0),
}


def _elementwise(name: str) -> Callable:
    """``np.log(x)``, ``np.abs(x)``, ...: bounds follow when the function is monotone."""

    def handler(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
        if len(positional) != 1 or keywords:
            return None
        if name == "sqrt" and isinstance(positional[0], Statistic):
            stat = positional[0]
            return Statistic("std", stat.of, stat.axis, node) if stat.kind == "var" else None
        array = as_array(positional[0], node)
        if array is None:
            return None
        low, high = _bounds_after(name, array.low, array.high)
        return array.replace(
            dtype="float",
            low=low,
            high=high,
            distinct=None,
            one_hot=False if array.one_hot is False else None,
            columns=None,
            origin=describe(node),
            node=node,
        )

    return handler


def _bounds_after(name: str, low: float | None, high: float | None):
    if name == "abs":
        if low is not None and low >= 0:
            return low, high
        if high is not None and high <= 0:
            return -high, (-low if low is not None else None)
        return 0, (max(-low, high) if low is not None and high is not None else None)
    function, domain, lowest = _INCREASING[name]
    if domain is not None and (low is None or low <= domain) and name != "sqrt":
        return None, None  # log of zero or less: -inf or nan
    if name == "sqrt" and (low is None or low < 0):
        return None, None
    try:
        return (
            function(low) if low is not None else lowest,
            function(high) if high is not None else None,
        )
    except (OverflowError, ValueError):
        return lowest, None


_NUMPY: dict[str, Callable] = {
    "array": _np_array,
    "asarray": _np_array,
    "asanyarray": _np_array,
    "ascontiguousarray": _np_array,
    "copy": _array_first("copy", ("a",)),
    "zeros": _filled(0.0),
    "ones": _filled(1.0),
    "full": _filled(None),
    "zeros_like": _filled_like(0),
    "ones_like": _filled_like(1),
    "full_like": _filled_like(None),
    "eye": _eye,
    "identity": _identity,
    "arange": _arange,
    "linspace": _linspace,
    "column_stack": _column_stack,
    "hstack": _hstack,
    "vstack": _vstack,
    "row_stack": _vstack,
    "concatenate": _concatenate,
    "stack": _stack,
    "expand_dims": _expand_dims,
    "reshape": _array_first("reshape", ("a", "newshape")),
    "squeeze": _array_first("squeeze", ("a", "axis")),
    "ravel": _array_first("ravel", ("a",)),
    "argmax": _array_first("argmax", ("a", "axis")),
    "clip": _array_first("clip", ("a", "a_min", "a_max")),
    "round": _array_first("round", ("a", "decimals")),
    "around": _array_first("round", ("a", "decimals")),
    "transpose": _array_first("transpose", ("a",)),
    "where": _where,
    "tile": lambda positional, keywords, node: tiling.tile(positional, keywords, node, as_array),
    "repeat": lambda positional, keywords, node: tiling.repeat(
        positional, keywords, node, as_array
    ),
    **{name: _elementwise(name) for name in (*_INCREASING, "abs")},
    "absolute": _elementwise("abs"),
}
