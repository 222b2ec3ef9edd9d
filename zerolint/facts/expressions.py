"""Expressions: literals, names, attributes, operators, subscripts, as abstract values.

Arithmetic and comparisons fold constants, build ``Op``s on tensors (what a custom loss
computes), and hand anything involving data to ``zerolint.facts.data``; lists built with
``+`` and ``*`` are built as Python builds them, up to the literal data limit.

It is one part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the
state (``facts``, the budgets, the call stack) and dispatches each expression to its
evaluator (``_eval``); the parts reach each other through ``self`` only.
"""

from __future__ import annotations

import operator

import libcst as cst

from zerolint.facts import data, keras_api
from zerolint.facts.environment import Environment, same
from zerolint.facts.model import ModelValue
from zerolint.facts.syntax import attribute_key
from zerolint.facts.values import (
    UNKNOWN,
    Const,
    Instance,
    LambdaValue,
    Mapping,
    Ref,
    Seq,
    Value,
    Weights,
    is_tensor_math,
)

# Arithmetic on tensors becomes an ``Op`` with these names.
_TENSOR_OPERATORS = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.Divide: "div",
    cst.Power: "pow",
}
_BINARY_OPS = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
}
# Lists built by ``+`` and ``*`` longer than this stay unknown (the literal data limit).
_MAX_SEQUENCE = data.MAX_VALUES


class Expressions:
    """The evaluators of expressions other than calls (a part of ``Interpreter``)."""

    def _number(self, node: cst.BaseNumber, env: Environment, ctx: tuple) -> Value:
        # int()/float() directly: libcst's evaluated_value compiles the literal every time.
        text = node.value.replace("_", "")
        try:
            if isinstance(node, cst.Integer):
                return Const(int(text, 0), node)
            if isinstance(node, cst.Float):
                return Const(float(text), node)
            return Const(complex(text), node)
        except ValueError:
            return UNKNOWN

    def _string(self, node: cst.BaseString, env: Environment, ctx: tuple) -> Value:
        if isinstance(node, cst.SimpleString) and not node.prefix and "\\" not in node.value:
            quote = node.quote
            return Const(node.value[len(quote) : -len(quote)], node)
        value = node.evaluated_value
        return Const(value, node) if value is not None else UNKNOWN

    def _name_node(self, node: cst.Name, env: Environment, ctx: tuple) -> Value:
        return self._name(node.value, env)

    def _attribute(self, node: cst.Attribute, env: Environment, ctx: tuple) -> Value:
        key = attribute_key(node)
        if key is not None:
            bound = env.lookup(key)
            if bound is not None:
                return bound
        base = self._eval(node.value, env, ctx)
        if isinstance(base, Ref):
            return Ref(f"{base.dotted}.{node.attr.value}")
        if node.attr.value in keras_api.WEIGHT_ATTRIBUTES:
            return Weights(node)
        if isinstance(base, data.DataValue):
            return data.attribute(base, node.attr.value, node) or UNKNOWN
        if isinstance(base, Instance):
            return base.attributes.get(node.attr.value, UNKNOWN)
        if isinstance(base, ModelValue):
            return base.model.attributes.get(node.attr.value, UNKNOWN)
        return UNKNOWN

    def _sequence(self, node: cst.List | cst.Tuple, env: Environment, ctx: tuple) -> Value:
        if any(type(e) is cst.StarredElement for e in node.elements):
            for element in node.elements:
                self._eval(element.value, env, ctx)
            return UNKNOWN
        return Seq(tuple(self._eval(e.value, env, ctx) for e in node.elements), node)

    def _unary(self, node: cst.UnaryOperation, env: Environment, ctx: tuple) -> Value:
        operand = self._eval(node.expression, env, ctx)
        if isinstance(node.operator, cst.Minus) and is_tensor_math(operand):
            return self._op("neg", (operand,), node)
        if isinstance(node.operator, cst.Minus) and _is_number(operand):
            return Const(-operand.value, node)
        if isinstance(node.operator, cst.Plus) and _is_number(operand):
            return Const(operand.value, node)
        return UNKNOWN

    def _comparison(self, node: cst.Comparison, env: Environment, ctx: tuple) -> Value:
        if len(node.comparisons) != 1:
            self._visit_children(node, env, ctx)
            return UNKNOWN
        left = self._eval(node.left, env, ctx)
        target = node.comparisons[0]
        right = self._eval(target.comparator, env, ctx)
        if isinstance(left, data.DataValue) or isinstance(right, data.DataValue):
            return data.compare(target.operator, left, right, node) or UNKNOWN
        return UNKNOWN

    def _yield(self, node: cst.Yield, env: Environment, ctx: tuple) -> Value:
        if self._yielded:
            self._yielded[-1] = True
        self._visit_children(node, env, ctx)
        return UNKNOWN

    def _if_expression(self, node: cst.IfExp, env: Environment, ctx: tuple) -> Value:
        self._eval(node.test, env, ctx)
        body = self._eval(node.body, env, ctx)
        orelse = self._eval(node.orelse, env, ctx)
        return body if same(body, orelse) else UNKNOWN

    def _lambda(self, node: cst.Lambda, env: Environment, ctx: tuple) -> Value:
        return LambdaValue(node, env)

    def _visit_children(self, node: cst.CSTNode, env: Environment, ctx: tuple) -> None:
        """Evaluate sub-expressions for their effects (models passed to calls, etc.)."""
        if isinstance(node, cst.Lambda | cst.BaseComp):
            return
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self._eval(child, env, ctx)
            elif isinstance(child, cst.CSTNode):
                self._visit_children(child, env, ctx)

    def _name(self, name: str, env: Environment) -> Value:
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        bound = env.lookup(name)
        if bound is not None:
            return bound
        for module in env.star_modules:
            if keras_api.exports(module, name):
                return Ref(f"{module}.{name}")
        return UNKNOWN

    def _dict(self, node: cst.Dict, env: Environment, ctx: tuple) -> Value:
        items = []
        known = True
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                self._eval(element.value, env, ctx)
                known = False
                continue
            key = self._eval(element.key, env, ctx)
            value = self._eval(element.value, env, ctx)
            if isinstance(key, Const):
                items.append((key.value, value))
            else:
                known = False
        return Mapping(tuple(items), node) if known else UNKNOWN

    def _binary(self, node: cst.BinaryOperation, env: Environment, ctx: tuple) -> Value:
        left = self._eval(node.left, env, ctx)
        right = self._eval(node.right, env, ctx)
        if is_tensor_math(left) or is_tensor_math(right):
            name = _TENSOR_OPERATORS.get(type(node.operator))
            return self._op(name, (left, right), node) if name is not None else UNKNOWN
        if isinstance(left, data.DataValue) or isinstance(right, data.DataValue):
            return data.binary(node.operator, left, right, node) or UNKNOWN
        if isinstance(left, Weights) and isinstance(right, Weights):
            return Weights(node) if isinstance(node.operator, cst.Add) else UNKNOWN
        if isinstance(left, Seq) or isinstance(right, Seq):
            return _sequence_arithmetic(node, left, right)
        operation = _BINARY_OPS.get(type(node.operator))
        if operation is None or not (isinstance(left, Const) and isinstance(right, Const)):
            return UNKNOWN
        a, b = left.value, right.value
        numbers = _is_number(left) and _is_number(right)
        strings = isinstance(a, str) and isinstance(b, str) and operation is operator.add
        if not (numbers or strings):
            return UNKNOWN
        try:
            return Const(operation(a, b), node)
        except (ArithmeticError, ValueError):
            return UNKNOWN

    def _subscript(self, node: cst.Subscript, env: Environment, ctx: tuple) -> Value:
        base = self._eval(node.value, env, ctx)
        indices = []
        for element in node.slice:
            if isinstance(element.slice, cst.Index):
                indices.append(self._eval(element.slice.value, env, ctx))
            else:
                self._visit_children(element.slice, env, ctx)
                indices.append(UNKNOWN)
        if isinstance(base, data.DataValue):
            return data.subscript(base, indices, node) or UNKNOWN
        if isinstance(base, Ref):
            return data.index_helper(base.dotted, indices, node) or UNKNOWN
        if is_tensor_math(base):
            return self._op("getitem", (base,), node)
        if len(indices) != 1 or not isinstance(indices[0], Const):
            return UNKNOWN
        key = indices[0].value
        if isinstance(base, Seq) and type(key) is int and -len(base.items) <= key < len(base.items):
            return base.items[key]
        if isinstance(base, Mapping):
            found = base.get(key)
            return found if found is not None else UNKNOWN
        return UNKNOWN


def _sequence_arithmetic(node: cst.BinaryOperation, left: Value, right: Value) -> Value:
    """``[[0, 1], [1, 0]] * 50`` and ``[...] + [...]``: lists as Python builds them, up to
    ``_MAX_SEQUENCE`` items (a longer list stays unknown rather than built)."""
    if isinstance(node.operator, cst.Add) and isinstance(left, Seq) and isinstance(right, Seq):
        items = left.items + right.items
        return Seq(items, node) if len(items) <= _MAX_SEQUENCE else UNKNOWN
    if not isinstance(node.operator, cst.Multiply):
        return UNKNOWN
    sequence, count = (left, right) if isinstance(left, Seq) else (right, left)
    if not (isinstance(sequence, Seq) and isinstance(count, Const) and type(count.value) is int):
        return UNKNOWN
    if len(sequence.items) * max(count.value, 0) > _MAX_SEQUENCE:
        return UNKNOWN
    return Seq(sequence.items * max(count.value, 0), node)


def _is_number(value: Value) -> bool:
    return isinstance(value, Const) and type(value.value) in (int, float)
