"""Small helpers the data modules share: reading call arguments, dtypes and descriptions."""

from __future__ import annotations

from typing import Any

import libcst as cst

from zerolint.facts.values import UNKNOWN, Const, Ref, Seq, Value

# dtype spellings (numpy, TensorFlow, Python, strings) -> the kinds the facts use.
_DTYPES = {
    **dict.fromkeys(
        ("float", "float16", "float32", "float64", "double", "half", "single", "bfloat16"),
        "float",
    ),
    **dict.fromkeys(("float_", "longdouble", "floating"), "float"),
    **dict.fromkeys(
        ("int", "int8", "int16", "int32", "int64", "int_", "intp", "long", "longlong"), "int"
    ),
    **dict.fromkeys(("uint16", "uint32", "uint64", "uint", "integer"), "int"),
    "uint8": "uint8",
    "ubyte": "uint8",
    "bool": "bool",
    "bool_": "bool",
}
_BUILTIN_TYPES = {"float": "float", "int": "int", "bool": "bool"}


def words(text: str) -> frozenset[str]:
    """A set of names written as one string (method tables)."""
    return frozenset(text.split())


def bind(params: tuple[str, ...], positional: list[Value], keywords: dict[str, Value]):
    """Arguments by parameter name, or None when they cannot be matched (``**kwargs``)."""
    if "**" in keywords or len(positional) > len(params):
        return None
    named = dict(zip(params, positional, strict=False))
    for key, value in keywords.items():
        if key in named:
            return None
        named[key] = value
    return named


def number(value: Value | None) -> int | float | None:
    """A known int or float (not bool)."""
    if isinstance(value, Const) and type(value.value) in (int, float):
        return value.value
    return None


def integer(value: Value | None) -> int | None:
    if isinstance(value, Const) and type(value.value) is int:
        return value.value
    return None


def constant_of(value: Value | None) -> Any:
    """The Python value of a constant argument: None when absent, UNKNOWN when not constant."""
    if value is None:
        return None
    return value.value if isinstance(value, Const) else UNKNOWN


def is_none(value: Value | None) -> bool:
    """Absent, or the literal None."""
    return value is None or (isinstance(value, Const) and value.value is None)


def strings(value: Value | None) -> tuple[str, ...] | None:
    """A string or a literal list of strings, as a tuple; None otherwise."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return (value.value,)
    if isinstance(value, Seq) and all(
        isinstance(item, Const) and isinstance(item.value, str) for item in value.items
    ):
        return tuple(item.value for item in value.items)
    return None


def shape_of(value: Value | None) -> tuple[int | None, ...] | None:
    """A ``size=``/``shape`` argument: absent or None -> (), an int, or a tuple of ints."""
    if is_none(value):
        return ()
    if integer(value) is not None:
        return (integer(value),)
    if isinstance(value, Seq):
        dims = []
        for item in value.items:
            if isinstance(item, Const) and type(item.value) is not int:
                return None
            dims.append(integer(item))
        return tuple(dims)
    return None


def dtype_of(value: Value | None, expr: cst.BaseExpression | None = None) -> str | None:
    """The dtype kind an argument names ("float32", np.uint8, tf.float32, float), or None."""
    if isinstance(value, Const) and isinstance(value.value, str):
        return _DTYPES.get(value.value.lower())
    if isinstance(value, Ref):
        return _DTYPES.get(value.dotted.rsplit(".", 1)[-1])
    # A bare builtin name (``astype(float)``) evaluates to UNKNOWN: read it from the source.
    if isinstance(expr, cst.Name) and not isinstance(value, Const | Seq):
        return _BUILTIN_TYPES.get(expr.value)
    return None


def argument_expr(node: cst.Call, index: int, keyword: str) -> cst.BaseExpression | None:
    """The expression of the argument at ``index`` or named ``keyword``."""
    position = 0
    for arg in node.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg.value
        elif not arg.star:
            if position == index:
                return arg.value
            position += 1
    return None


_SIMPLE = (cst.Name, cst.Integer, cst.Float, cst.SimpleString)
_EMPTY_MODULE = cst.Module(body=[])
MAX_DESCRIPTION = 72


def describe(node: cst.CSTNode | None) -> str:
    """A short source-like description of an expression, for messages."""
    if node is None:
        return ""
    text = _short(node, 3)
    if len(text) > MAX_DESCRIPTION and isinstance(node, cst.Call):
        text = f"{_short(node.func, 3)}(...)"
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 3] + "..."


def _short(node: Any, depth: int) -> str:
    text = _bare(node, depth)
    return f"({text})" if getattr(node, "lpar", None) else text


def _bare(node: Any, depth: int) -> str:
    if isinstance(node, _SIMPLE):
        return _EMPTY_MODULE.code_for_node(node)
    if depth <= 0:
        return "..."
    if isinstance(node, cst.Attribute):
        return f"{_short(node.value, depth)}.{node.attr.value}"
    if isinstance(node, cst.UnaryOperation):
        return _EMPTY_MODULE.code_for_node(node.operator).strip() + _short(node.expression, depth)
    if isinstance(node, cst.Call):
        args = []
        for arg in node.args[:6]:
            text = _short(arg.value, depth - 1)
            args.append(f"{arg.keyword.value}={text}" if arg.keyword else arg.star + text)
        if len(node.args) > 6:
            args.append("...")
        return f"{_short(node.func, depth)}({', '.join(args)})"
    if isinstance(node, cst.Tuple | cst.List) and len(node.elements) <= 4:
        items = ", ".join(_short(e.value, depth - 1) for e in node.elements)
        if isinstance(node, cst.List):
            return f"[{items}]"
        return f"{items}," if len(node.elements) == 1 else items  # parentheses are lpar
    if isinstance(node, cst.Subscript) and len(node.slice) <= 3:
        parts = []
        for element in node.slice:
            inner = element.slice
            if isinstance(inner, cst.Index):
                parts.append(_short(inner.value, depth - 1))
            else:
                parts.append(_EMPTY_MODULE.code_for_node(inner) if _small_slice(inner) else "...")
        return f"{_short(node.value, depth)}[{', '.join(parts)}]"
    if isinstance(node, cst.BinaryOperation):
        operator = _EMPTY_MODULE.code_for_node(node.operator).strip()
        return f"{_short(node.left, depth - 1)} {operator} {_short(node.right, depth - 1)}"
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
        target = node.comparisons[0]
        operator = _EMPTY_MODULE.code_for_node(target.operator).strip()
        return f"{_short(node.left, depth - 1)} {operator} {_short(target.comparator, depth - 1)}"
    return "..."


def _small_slice(node: cst.Slice) -> bool:
    parts = (node.lower, node.upper, node.step)
    return all(part is None or isinstance(part, cst.Integer | cst.Name) for part in parts)
