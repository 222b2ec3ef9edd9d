"""Arrays repeated or laid side by side: ``np.tile``, ``np.repeat``, ``np.c_[...]``, ``np.r_[...]``.

Tutorials build small data sets this way (``np.tile([[0, 1], [1, 0]], (50, 1))``). The
result's shape, dtype and bounds always follow from the parts; its exact ``values`` only
up to ``MAX_VALUES`` elements, so a ``np.tile`` of a hundred million elements costs no more
than its shape.
"""

from __future__ import annotations

import itertools
import math

import libcst as cst

from zerolint.facts.array_ops import with_columns
from zerolint.facts.data_args import bind, describe, integer, is_none
from zerolint.facts.data_values import MAX_VALUES, Array, Rows, Shape, new_array
from zerolint.facts.values import Seq, Value


def tile(positional: list[Value], keywords: dict, node: cst.Call, as_array) -> Value | None:
    """``np.tile(A, reps)``: A repeated ``reps`` times along each axis (numpy pads the
    shorter of A's shape and reps with leading 1s)."""
    named = bind(("A", "reps"), positional, keywords)
    source = as_array(named.get("A"), node) if named else None
    reps = _ints(named.get("reps")) if named else None
    if source is None or source.shape is None or reps is None or None in source.shape:
        return None
    ndim = max(len(source.shape), len(reps))
    shape = (1,) * (ndim - len(source.shape)) + source.shape
    reps = (1,) * (ndim - len(reps)) + reps
    result = tuple(size * rep for size, rep in zip(shape, reps, strict=True))
    values = None
    if source.values is not None and math.prod(result) <= MAX_VALUES:
        strides = _strides(shape)

        def position(out: tuple[int, ...]) -> int:
            return sum((i % size) * st for i, size, st in zip(out, shape, strides, strict=True))

        grid = itertools.product(*(range(d) for d in result))
        values = tuple(source.values[position(out)] for out in grid)
    return _made(source, result, values, node)


def repeat(positional: list[Value], keywords: dict, node: cst.Call, as_array) -> Value | None:
    """``np.repeat(a, repeats, axis=None)``: each element (or each slice along ``axis``)
    repeated ``repeats`` times; without an axis the result is flat."""
    named = bind(("a", "repeats", "axis"), positional, keywords)
    source = as_array(named.get("a"), node) if named else None
    count = integer(named.get("repeats")) if named else None
    if source is None or source.shape is None or None in source.shape or count is None:
        return None
    if count < 0:
        return None
    axis_value = named.get("axis")
    axis = None if is_none(axis_value) else integer(axis_value)
    if not is_none(axis_value) and axis is None:
        return None
    if axis is None:
        shape: Shape = (math.prod(source.shape),)
        flat_axis = 0
    else:
        if not -len(source.shape) <= axis < len(source.shape):
            return None
        shape, flat_axis = source.shape, axis % len(source.shape)
    result = tuple(d * count if i == flat_axis else d for i, d in enumerate(shape))
    values = None
    if source.values is not None and math.prod(result) <= MAX_VALUES:
        strides = _strides(shape)
        values = tuple(
            source.values[
                sum(
                    (i // count if k == flat_axis else i) * st
                    for k, (i, st) in enumerate(zip(out, strides, strict=True))
                )
            ]
            for out in itertools.product(*(range(d) for d in result))
        )
    return _made(source, result, values, node)


def index_helper(name: str, items: list[Value], node: cst.Subscript, join) -> Value | None:
    """``np.c_[a, b]`` (columns side by side) and ``np.r_[a, b]`` (one after another), for
    arrays given whole (slices such as ``np.r_[0:10]`` are not followed)."""
    if any(not isinstance(element.slice, cst.Index) for element in node.slice):
        return None
    if name == "c_":
        return join("column_stack", [Seq(tuple(items), node)], {}, node)
    if name == "r_":
        return join("concatenate", [Seq(tuple(items), node)], {}, node)
    return None


def _made(source: Array, shape: Shape, values: tuple | None, node: cst.Call) -> Array:
    origin = describe(node)
    return with_columns(
        new_array(
            shape=shape,
            dtype=source.dtype,
            low=source.low,
            high=source.high,
            distinct=source.distinct,
            one_hot=source.one_hot if len(shape) == 2 and shape[1:] == source.shape[1:] else None,
            scaling=source.scaling,
            origin=origin,
            node=node,
            rows=Rows(origin),
            values=values,
        )
    )


def _strides(shape: Shape) -> tuple[int, ...]:
    """Row-major strides, in elements."""
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= size
    return tuple(reversed(strides))


def _ints(value: Value | None) -> tuple[int, ...] | None:
    if integer(value) is not None:
        return (integer(value),) if integer(value) >= 0 else None
    if isinstance(value, Seq) and value.items:
        found = tuple(integer(item) for item in value.items)
        return found if all(n is not None and n >= 0 for n in found) else None
    return None
