"""One parsed module and the facts about it: the single object every rule receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import libcst as cst

from zerolint.diagnostics import Span
from zerolint.facts import keras_api
from zerolint.facts.interpreter import interpret
from zerolint.facts.model import Compile, Head, LossSpec
from zerolint.facts.positions import positions
from zerolint.facts.record import Facts
from zerolint.facts.values import Const, Function, LossValue, Mapping, Ref, Seq, Value


@dataclass(frozen=True)
class TrainedHead:
    """One model output together with the loss that ``compile`` attaches to it."""

    compile: Compile
    head: Head
    loss: LossSpec
    loss_node: cst.CSTNode


class Program:
    """A module parsed once, with its Keras facts extracted once."""

    def __init__(
        self, module: cst.Module, locate: Callable[[int], tuple[int | None, int]] | None = None
    ) -> None:
        self.module = module
        self.facts: Facts = interpret(module)
        self._positions = None
        # Maps a program line to (cell, line) in notebooks, so messages cite what users see.
        self._locate = locate

    def span(self, node: cst.CSTNode) -> Span:
        """The 1-based source range of a node (positions are computed once, on demand)."""
        if self._positions is None:
            self._positions = positions(self.module)
        line, column, end_line, end_column = self._positions[id(node)]
        return Span(line, column + 1, end_line, end_column + 1)

    def statement_lines(self) -> dict[int, range]:
        """For each line inside a simple statement, all lines of that statement."""
        collector = _StatementLines(self)
        self.module.visit(collector)
        return collector.ranges

    def where(self, node: cst.CSTNode) -> str:
        """How a message cites a node's place: ``line 11``, or ``cell 4, line 2``."""
        line = self.span(node).line
        if self._locate is not None:
            cell, line = self._locate(line)
            if cell is not None:
                return f"cell {cell}, line {line}"
        return f"line {line}"

    def heads(self) -> Iterator[Head]:
        """Every resolved model output, once per output layer."""
        seen: set[int] = set()
        candidates = [c.heads for c in self.facts.compiles]
        candidates += [m.heads for m in self.facts.models]
        for heads in candidates:
            for head in heads or ():
                if head is not None and id(head.unit_layer) not in seen:
                    seen.add(id(head.unit_layer))
                    yield head

    def trained_heads(self) -> Iterator[TrainedHead]:
        """Each (compile, output, loss) whose three parts are all known.

        The outputs are the model's as the first training call after the compile sees them
        (layers added between compile and fit count), else as they were at compile time.
        """
        trained_by = {}
        for fit in self.facts.fits:
            if fit.compile is not None and fit.trains:
                trained_by.setdefault(id(fit.compile), fit.heads)
        for compile_call in self.facts.compiles:
            heads = trained_by.get(id(compile_call), compile_call.heads)
            if heads is None or compile_call.loss_node is None:
                continue
            for head, loss, node in _pair_losses(compile_call, heads):
                if head is not None and loss is not None:
                    yield TrainedHead(compile_call, head, loss, node)


class _StatementLines(cst.CSTVisitor):
    def __init__(self, program: Program) -> None:
        self.program = program
        self.ranges: dict[int, range] = {}

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        span = self.program.span(node)
        lines = range(span.line, span.end_line + 1)
        for line in lines:
            self.ranges[line] = lines
        return False


def loss_spec(value: Value, node: cst.CSTNode) -> LossSpec | None:
    """The loss a ``loss=`` value names, or None when it is not known."""
    if isinstance(value, LossValue):
        return value.spec
    if isinstance(value, Const) and isinstance(value.value, str):
        name = keras_api.loss_name(value.value)
        return LossSpec(name, "string", node) if name else None
    if isinstance(value, Ref):
        reference = keras_api.loss_reference(value.dotted)
        if reference is not None and not reference[1]:
            return LossSpec(reference[0], "function", node)
        return None
    if isinstance(value, Function):
        return LossSpec(None, "custom", value.node)
    return None


def _pair_losses(compile_call: Compile, heads: list[Head | None]):
    loss = compile_call.loss
    node = compile_call.loss_node
    if isinstance(loss, Seq):
        if len(loss.items) != len(heads):
            return
        elements = node.elements if isinstance(node, cst.List | cst.Tuple) else None
        for index, (head, item) in enumerate(zip(heads, loss.items, strict=True)):
            item_node = elements[index].value if elements else node
            yield head, loss_spec(item, item_node), item_node
    elif isinstance(loss, Mapping):
        nodes = {}
        if isinstance(node, cst.Dict):
            for element in node.elements:
                if isinstance(element, cst.DictElement) and isinstance(
                    element.key, cst.SimpleString
                ):
                    nodes[element.key.evaluated_value] = element.value
        for head in heads:
            if head is None or head.name is None:
                continue
            item = loss.get(head.name)
            if item is not None:
                item_node = nodes.get(head.name, node)
                yield head, loss_spec(item, item_node), item_node
    else:
        spec = loss_spec(loss, node)
        for head in heads:
            yield head, spec, node
