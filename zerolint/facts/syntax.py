"""Small questions about the syntax tree the interpreter asks: dotted names, binding keys."""

from __future__ import annotations

import libcst as cst


def dotted_name(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


def target_name(node: cst.BaseExpression) -> str:
    return node.value if isinstance(node, cst.Name) else dotted_name(node)


def attribute_key(node: cst.BaseExpression) -> str | None:
    """``self.model`` -> "self.model" for attribute chains on plain names."""
    if isinstance(node, cst.Attribute):
        base = (
            attribute_key(node.value)
            if isinstance(node.value, cst.Attribute)
            else (node.value.value if isinstance(node.value, cst.Name) else None)
        )
        return f"{base}.{node.attr.value}" if base is not None else None
    return None


class _JumpFinder(cst.CSTVisitor):
    """Finds break / continue / return / yield / raise, which stop a loop from unrolling."""

    def __init__(self) -> None:
        self.found = False

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Break | cst.Continue | cst.Return | cst.Raise | cst.Yield):
            self.found = True
        return not self.found and not isinstance(node, cst.FunctionDef | cst.ClassDef)


def jumps(body: cst.BaseSuite) -> bool:
    finder = _JumpFinder()
    body.visit(finder)
    return finder.found


def binding_key(node: cst.BaseExpression) -> str | None:
    """The environment key of a plain name or attribute chain (``x``, ``self.x``)."""
    return node.value if isinstance(node, cst.Name) else attribute_key(node)


def root_name(node: cst.BaseExpression) -> str | None:
    while isinstance(node, cst.Attribute | cst.Subscript):
        node = node.value
    return node.value if isinstance(node, cst.Name) else None


def names_in(node: cst.BaseExpression) -> list[str]:
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Tuple | cst.List):
        return [name for e in node.elements for name in names_in(e.value)]
    if isinstance(node, cst.StarredElement):
        return names_in(node.value)
    return []
