"""Indexing arrays: row slices, columns, masks, new axes, and ``np.eye(k)[labels]``."""

from __future__ import annotations

from typing import Any

import libcst as cst

from zerolint.facts.data_args import describe, integer
from zerolint.facts.data_values import Array, Rows, new_array, promote, union
from zerolint.facts.values import Const, Ref, Seq, Value


def index_kinds(indices: list[Value], node: cst.Subscript) -> list[tuple]:
    """Classify each index of ``base[...]``: slices, ``...``, new axes, ints, keys, arrays."""
    kinds: list[tuple] = []
    for element, value in zip(node.slice, indices, strict=False):
        inner = element.slice
        if isinstance(inner, cst.Slice):
            kinds.append(("slice", _bound(inner.lower), _bound(inner.upper), _bound(inner.step)))
        elif isinstance(inner.value, cst.Ellipsis):
            kinds.append(("...",))
        elif (isinstance(value, Const) and value.value is None) or (
            isinstance(value, Ref) and value.dotted == "numpy.newaxis"
        ):
            kinds.append(("new",))
        elif integer(value) is not None:
            kinds.append(("int", value.value))
        elif isinstance(value, Const) and isinstance(value.value, str):
            kinds.append(("key", value.value))
        elif isinstance(value, Seq) and all(isinstance(i, Const) for i in value.items):
            kinds.append(("keys", tuple(i.value for i in value.items)))
        elif isinstance(value, Array):
            kinds.append(("array", value))
        else:
            kinds.append(("?",))
    return kinds


_ABSENT = "absent"


def _bound(expr: cst.BaseExpression | None) -> Any:
    """A slice bound: an int literal, ``_ABSENT``, or None when not known."""
    if expr is None:
        return _ABSENT
    if isinstance(expr, cst.Integer):
        return expr.evaluated_value
    if (
        isinstance(expr, cst.UnaryOperation)
        and isinstance(expr.operator, cst.Minus)
        and isinstance(expr.expression, cst.Integer)
    ):
        return -expr.expression.evaluated_value
    return None


def is_full(kind: tuple) -> bool:
    return kind[0] == "slice" and kind[1:] == (_ABSENT, _ABSENT, _ABSENT)


def slice_length(kind: tuple, length: int | None) -> int | None:
    """How many items ``seq[a:b:c]`` keeps, when the bounds and length are known."""
    if length is None or None in kind[1:]:
        return None
    start, stop, step = (None if b == _ABSENT else b for b in kind[1:])
    if step == 0:
        return None
    return len(range(length)[slice(start, stop, step)])


def row_subset(rows: Rows | None, origin: str) -> Rows | None:
    return Rows(origin, rows, "subset") if rows is not None else None


def subscript(array: Array, indices: list[Value], node: cst.Subscript) -> Value | None:
    kinds = index_kinds(indices, node)
    shape = array.shape
    origin = describe(node)
    if len(kinds) == 1:
        kind = kinds[0]
        if is_full(kind) or kind[0] == "...":
            return array
        if kind[0] == "slice":
            return _rows_slice(array, kind, node)
        if kind[0] == "array":
            return _fancy(array, kind[1], node)
        if kind[0] == "new" and shape is not None:
            return array.replace(shape=(1, *shape), columns=None, rows=None)
        if kind[0] == "int" and shape:
            return array.replace(
                shape=shape[1:], columns=None, rows=None, one_hot=None, origin=origin, node=node
            )
        return None
    if shape is None:
        return None
    if any(k[0] == "new" for k in kinds):
        return _new_axes(array, kinds, node)
    if len(kinds) == 2 and len(shape) == 2:
        rows_kind, column_kind = kinds
        if not is_full(rows_kind):
            if column_kind[0] == "slice" and is_full(column_kind) and rows_kind[0] == "slice":
                return _rows_slice(array, rows_kind, node)
            return None
        if column_kind[0] == "int":
            return _column(array, column_kind[1], origin, node)
        if column_kind[0] == "slice":
            return _column_range(array, column_kind, origin, node)
    return None


def _rows_slice(array: Array, kind: tuple, node: cst.Subscript) -> Array:
    shape = array.shape
    count = slice_length(kind, shape[0] if shape else None)
    new_shape = (count, *shape[1:]) if shape else shape
    rows = row_subset(array.rows, describe(node))
    columns = None
    if array.columns is not None:
        columns = tuple(
            c.replace(shape=(count,), rows=rows, values=_sliced(c.values, (c.shape,), kind))
            for c in array.columns
        )
    values = _sliced(array.values, (shape,), kind)
    return array.replace(shape=new_shape, rows=rows, columns=columns, values=values)


def _sliced(values: tuple | None, shapes: tuple, kind: tuple) -> tuple | None:
    """The values of ``a[start:stop:step]`` (rows of a known shape), else None."""
    (shape,) = shapes
    if values is None or not shape or None in shape or None in kind[1:]:
        return None
    start, stop, step = (None if b == _ABSENT else b for b in kind[1:])
    if step == 0:
        return None
    width = len(values) // shape[0] if shape[0] else 0
    picked = range(shape[0])[slice(start, stop, step)]
    return tuple(v for i in picked for v in values[i * width : (i + 1) * width])


def _fancy(array: Array, index: Array, node: cst.Subscript) -> Array | None:
    """``a[mask]`` (a subset of rows) or ``a[int_array]`` (``np.eye(k)[y]``: one-hot rows)."""
    shape = array.shape
    if index.dtype == "bool":
        rows = row_subset(array.rows, describe(node))
        return array.replace(shape=(None, *shape[1:]) if shape else None, rows=rows, columns=None)
    if not index.is_integer or shape is None or index.shape is None:
        return None
    return array.replace(
        shape=(*index.shape, *shape[1:]),
        one_hot=array.one_hot if len(shape) == 2 else None,
        columns=None,
        rows=index.rows,
        origin=describe(node),
        node=node,
    )


def _new_axes(array: Array, kinds: list[tuple], node: cst.Subscript) -> Array | None:
    """``x[..., None]``, ``x[:, :, np.newaxis]``: insert axes of length 1."""
    shape = array.shape
    if any(not (is_full(k) or k[0] in ("new", "...")) for k in kinds):
        return None
    if sum(k[0] == "..." for k in kinds) > 1:
        return None
    consumed = sum(1 for k in kinds if is_full(k))
    if consumed > len(shape):
        return None
    result: list[int | None] = []
    dims = iter(shape)
    for kind in kinds:
        if kind[0] == "new":
            result.append(1)
        elif kind[0] == "...":
            for _ in range(len(shape) - consumed):
                result.append(next(dims))
        else:
            result.append(next(dims))
    result.extend(dims)
    first_is_new = kinds[0][0] == "new"
    return array.replace(
        shape=tuple(result),
        one_hot=None if array.one_hot else array.one_hot,
        columns=None,
        rows=None if first_is_new else array.rows,
    )


def column_of(array: Array, index: int) -> Array:
    """Column ``index`` of a 2-D array whose columns are not known one by one."""
    values = None
    shape = array.shape
    if array.values is not None and shape is not None and len(shape) == 2 and shape[1]:
        values = array.values[index % shape[1] :: shape[1]]
    return new_array(
        shape=(array.shape[0],) if array.shape else None,
        dtype=array.dtype,
        low=array.low,
        high=array.high,
        distinct=array.distinct,
        one_hot=False,
        scaling=array.scaling,
        origin=f"{array.origin}[:, {index}]",
        node=array.node,
        rows=array.rows,
        frame=array.frame,
        name=array.frame.columns[index]
        if array.frame is not None and array.frame.columns is not None
        else None,
        values=values,
    )


def _column(array: Array, index: int, origin: str, node: cst.Subscript) -> Array | None:
    width = array.shape[1]
    if width is not None and not -width <= index < width:
        return None
    if array.columns is not None:
        column = array.columns[index]
        return column.replace(
            rows=array.rows, scaling=array.scaling or column.scaling, values=column.values
        )
    if index < 0 and width is None:
        column = column_of(array, 0)
        return column.replace(name=None, origin=origin, node=node)
    return column_of(array, index % width if width else index).replace(origin=origin, node=node)


def _column_range(array: Array, kind: tuple, origin: str, node: cst.Subscript) -> Array | None:
    width = slice_length(kind, array.shape[1])
    columns = None
    if array.columns is not None and None not in kind[1:]:
        start, stop, step = (None if b == _ABSENT else b for b in kind[1:])
        columns = array.columns[slice(start, stop, step)]
    if columns:
        low, high, distinct = union(columns)
        return array.replace(
            shape=(array.shape[0], len(columns)),
            dtype=promote([c.dtype for c in columns]),
            low=low,
            high=high,
            distinct=distinct,
            one_hot=None if array.one_hot else array.one_hot,
            columns=columns,
            origin=origin,
            node=node,
        )
    return array.replace(
        shape=(array.shape[0], width),
        one_hot=None if array.one_hot else array.one_hot,
        columns=None,
        origin=origin,
        node=node,
    )
