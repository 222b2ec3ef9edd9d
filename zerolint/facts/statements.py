"""Statements: blocks, branches, loops, imports, and the names assignments bind.

Statements run in order in an ``Environment``; alternative paths (``if``, ``try``, loops that
are not unrolled) run from the same state and merge, so a name that differs between them
becomes UNKNOWN. A loop over a small literal range or list is unrolled within a budget, and a
write into an object the analysis does not follow marks the model or layer it holds as
changed.

It is one part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the
state (``facts``, the budgets, the call stack) and dispatches each expression to its
evaluator (``_eval``); the parts reach each other through ``self`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import libcst as cst

from zerolint.facts.environment import RETURN, Environment
from zerolint.facts.model import ModelValue
from zerolint.facts.syntax import (
    attribute_key,
    binding_key,
    dotted_name,
    jumps,
    names_in,
    root_name,
    target_name,
)
from zerolint.facts.values import (
    UNKNOWN,
    Const,
    Function,
    Instance,
    LayerValue,
    Ref,
    Seq,
    Value,
    is_tensor_math,
)

_AUGMENTED_OPERATORS = {
    cst.AddAssign: "add",
    cst.SubtractAssign: "sub",
    cst.MultiplyAssign: "mul",
    cst.DivideAssign: "div",
    cst.PowerAssign: "pow",
}
# Loops over a literal range or list are unrolled up to this many iterations.
_MAX_UNROLL = 16
# Unrolled loops inside unrolled loops run their body once per combination: past this many
# runs of one body, the inner loop is followed like any other loop (its items unknown).
_MAX_UNROLLED_RUNS = 256
# Attributes a script may set on a model or layer without changing what it computes.
_HARMLESS_ATTRS = frozenset({"trainable", "stop_training"})


class Statements:
    """Running statements and binding names (a part of ``Interpreter``)."""

    def _block(
        self, body: Iterable[cst.CSTNode], env: Environment, ctx: tuple, deferred: list
    ) -> None:
        for statement in body:
            self._statement(statement, env, ctx, deferred)

    def _branch(self, bodies: list, env: Environment, ctx: tuple, deferred: list, exhaustive: bool):
        """Run alternative bodies from the same state and merge them back into env."""
        tag = next(self._counter)
        outcomes = []
        for index, body in enumerate(bodies):
            branch_env = env.copy()
            self._block(body, branch_env, (*ctx, (tag, index)), deferred)
            outcomes.append(branch_env)
        if not exhaustive:
            outcomes.append(env.copy())
        env.merge(outcomes)

    def _statement(self, node: cst.CSTNode, env: Environment, ctx: tuple, deferred: list) -> None:
        self._steps += 1
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self._small_statement(small, env, ctx)
        elif isinstance(node, cst.If):
            self._eval(node.test, env, ctx)
            bodies, current = [], node
            while isinstance(current, cst.If):
                bodies.append(current.body.body)
                current = current.orelse
                if isinstance(current, cst.If):
                    self._eval(current.test, env, ctx)
            exhaustive = isinstance(current, cst.Else)
            if exhaustive:
                bodies.append(current.body.body)
            self._branch(bodies, env, ctx, deferred, exhaustive)
        elif isinstance(node, cst.For | cst.While):
            if isinstance(node, cst.For):
                items = self._literal_iterations(node, env, ctx)
                if items is not None and self._may_unroll(len(items)):
                    outer = self._unrolled_runs
                    self._unrolled_runs = outer * max(len(items), 1)
                    try:
                        for item in items:  # a literal range or list: run the body each time
                            self._bind(node.target, item, env, ctx)
                            self._block(node.body.body, env, ctx, deferred)
                    finally:
                        self._unrolled_runs = outer
                    return
                self._bind_unknown(node.target, env)
            else:
                self._eval(node.test, env, ctx)
            bodies = [node.body.body]
            if node.orelse is not None:
                bodies.append(node.orelse.body.body)
            self._branch(bodies, env, ctx, deferred, exhaustive=False)
        elif isinstance(node, cst.With):
            for item in node.items:
                self._eval(item.item, env, ctx)
                if item.asname is not None:
                    self._bind_unknown(item.asname.name, env)
            self._block(node.body.body, env, ctx, deferred)
        elif isinstance(node, cst.Try | cst.TryStar):
            # The body normally runs to its end; handlers are alternatives to it.
            self._block(node.body.body, env, ctx, deferred)
            handlers = [h.body.body for h in node.handlers]
            if node.orelse is not None:
                handlers.append(node.orelse.body.body)
            if handlers:
                self._branch(handlers, env, ctx, deferred, exhaustive=False)
            if node.finalbody is not None:
                self._block(node.finalbody.body.body, env, ctx, deferred)
        elif isinstance(node, cst.FunctionDef):
            env.names[node.name.value] = Function(node)
            self.facts.functions.setdefault(node.name.value, node)
            deferred.append(node)
        elif isinstance(node, cst.ClassDef):
            klass = self._class(node, env, ctx)
            env.names[node.name.value] = klass
            deferred.append(klass)
        elif isinstance(node, cst.Match):
            self._eval(node.subject, env, ctx)
            bodies = [case.body.body for case in node.cases]
            self._branch(bodies, env, ctx, deferred, exhaustive=False)

    def _small_statement(self, node: cst.BaseSmallStatement, env: Environment, ctx: tuple) -> None:
        if isinstance(node, cst.Assign):
            value = self._eval(node.value, env, ctx)
            for target in node.targets:
                self._bind(target.target, value, env, ctx)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self._bind(node.target, self._eval(node.value, env, ctx), env, ctx)
        elif isinstance(node, cst.AugAssign):
            value = self._eval(node.value, env, ctx)
            current = env.lookup(node.target.value) if isinstance(node.target, cst.Name) else None
            name = _AUGMENTED_OPERATORS.get(type(node.operator))
            if name is not None and current is not None and is_tensor_math(current):
                self._bind(node.target, self._op(name, (current, value), node), env, ctx)
            else:
                self._bind(node.target, UNKNOWN, env, ctx)
        elif isinstance(node, cst.Expr):
            self._eval(node.value, env, ctx)
        elif isinstance(node, cst.Return):
            value = self._eval(node.value, env, ctx) if node.value is not None else Const(None)
            # A second return (or one after a branch that returned) makes the result unknown.
            env.names[RETURN] = UNKNOWN if RETURN in env.names else value
        elif isinstance(node, cst.Import):
            for alias in node.names:
                dotted = dotted_name(alias.name)
                if alias.asname is not None:
                    env.names[target_name(alias.asname.name)] = Ref(dotted)
                else:
                    top = dotted.split(".", 1)[0]
                    env.names[top] = Ref(top)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node, env)
        elif isinstance(node, cst.Global):
            env.global_names.update(item.name.value for item in node.names)
        elif isinstance(node, cst.Del):
            self._bind(node.target, UNKNOWN, env, ctx)

    def _import_from(self, node: cst.ImportFrom, env: Environment) -> None:
        if node.relative or node.module is None:
            names = node.names
            if not isinstance(names, cst.ImportStar):
                for alias in names:
                    env.names[target_name((alias.asname or alias).name)] = UNKNOWN
            return
        module = dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            env.star_modules.append(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            bound = target_name(alias.asname.name) if alias.asname else name
            env.names[bound] = Ref(f"{module}.{name}")

    def _may_unroll(self, count: int) -> bool:
        """Whether a loop of ``count`` literal items may run its body once per item."""
        return not self._spent() and self._unrolled_runs * count <= _MAX_UNROLLED_RUNS

    def _literal_iterations(
        self, node: cst.For, env: Environment, ctx: tuple
    ) -> list[Value] | None:
        """The items of ``for ... in range(k)`` or of a literal list, when small and simple.

        Evaluates the iterable once either way.
        """
        iterable = node.iter
        items: list[Value] | None = None
        if (
            isinstance(iterable, cst.Call)
            and isinstance(iterable.func, cst.Name)
            and iterable.func.value == "range"
            and env.lookup("range") is None
        ):
            bounds = [self._eval(arg.value, env, ctx) for arg in iterable.args]
            numbers = [b.value for b in bounds if isinstance(b, Const) and type(b.value) is int]
            if len(numbers) == len(bounds) and 1 <= len(numbers) <= 3 and 0 not in numbers[2:]:
                items = [Const(i) for i in range(*numbers)[: _MAX_UNROLL + 1]]
        else:
            value = self._eval(iterable, env, ctx)
            if isinstance(value, Seq):
                items = list(value.items)
        if items is None or len(items) > _MAX_UNROLL or node.orelse is not None:
            return None
        return None if self._cached(jumps, node.body) else items

    def _cached(self, check: Callable[[cst.CSTNode], bool], node: cst.CSTNode) -> bool:
        """A syntactic property of a node, computed once (functions are called many times)."""
        key = (check, id(node))
        if key not in self._syntax_cache:
            self._syntax_cache[key] = check(node)
        return self._syntax_cache[key]

    def _bind(self, target: cst.BaseExpression, value: Value, env: Environment, ctx: tuple) -> None:
        if isinstance(target, cst.Name):
            env.names[target.value] = value
        elif isinstance(target, cst.Tuple | cst.List):
            elements = target.elements
            if (
                isinstance(value, Seq)
                and len(value.items) == len(elements)
                and not any(isinstance(e, cst.StarredElement) for e in elements)
            ):
                for element, item in zip(elements, value.items, strict=True):
                    self._bind(element.value, item, env, ctx)
            else:
                for element in elements:
                    self._bind(element.value, UNKNOWN, env, ctx)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, UNKNOWN, env, ctx)
        elif isinstance(target, cst.Attribute) and self._set_attribute(target, value, env, ctx):
            pass
        elif isinstance(target, cst.Attribute | cst.Subscript):
            # Writing into an object changes it: the root stops being known.
            root = root_name(target)
            dotted = attribute_key(target)
            if dotted is not None:
                env.names[dotted] = value
            harmless = isinstance(target, cst.Attribute) and target.attr.value in _HARMLESS_ATTRS
            if root is not None and not harmless:
                self._taint(env.lookup(root))
                if dotted is None and root in env.names:
                    env.names[root] = UNKNOWN

    def _set_attribute(
        self, target: cst.Attribute, value: Value, env: Environment, ctx: tuple
    ) -> bool:
        """``self.x = ...`` on an instance or subclassed model of this file: store it."""
        if binding_key(target.value) is None:
            return False
        owner = self._eval(target.value, env, ctx)
        if isinstance(owner, Instance):
            owner.attributes[target.attr.value] = value
            return True
        if isinstance(owner, ModelValue) and owner.model.kind == "subclassed":
            owner.model.attributes[target.attr.value] = value
            return True
        return False

    def _bind_unknown(self, target: cst.BaseExpression, env: Environment) -> None:
        for name in names_in(target):
            env.names[name] = UNKNOWN

    def _taint(self, value: Value | None) -> None:
        """Mark a model or layer that the script changed in ways not followed."""
        if isinstance(value, ModelValue):
            value.model.complete = False
        elif isinstance(value, LayerValue):
            value.layer.modified = True
        elif isinstance(value, Seq):
            for item in value.items:
                self._taint(item)
