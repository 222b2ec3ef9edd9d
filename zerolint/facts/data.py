"""Where x and y come from: arrays, data frames, estimators and data sets, as abstract values.

The interpreter hands every expression that involves data to the hooks below; each returns
an abstract value, or None when it has nothing to say (the interpreter then uses UNKNOWN).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zerolint.facts.values import Value

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.interpreter import Facts


class DataValue(Value):
    """Base class of the values this module produces."""

    __slots__ = ()


def call(
    dotted: str, positional: list[Value], keywords: dict[str, Value], node: cst.Call, facts: Facts
) -> Value | None:
    """A call of an imported function or class (``np.array``, ``to_categorical``, ...)."""
    return None


def method(
    receiver: DataValue,
    name: str,
    positional: list[Value],
    keywords: dict[str, Value],
    node: cst.Call,
    facts: Facts,
) -> tuple[Value, Value | None] | None:
    """A method call on a data value: (result, the receiver's new value or None if unchanged)."""
    return None


def binary(operator: Any, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``left <op> right`` where at least one side is a data value."""
    return None


def compare(operator: Any, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``left <cmp> right`` (a single comparison) where one side is a data value."""
    return None


def subscript(base: DataValue, indices: list[Value], node: cst.Subscript) -> Value | None:
    """``base[...]``; an index that is a slice arrives as UNKNOWN."""
    return None


def attribute(base: DataValue, name: str, node: cst.Attribute) -> Value | None:
    """``base.name`` (``.values``, ``.T``, ``.shape``)."""
    return None
