"""Where each node of a module is, in one light code-generation pass.

libcst's ``MetadataWrapper(module).resolve(PositionProvider)`` regenerates the module and
builds a ``CodeRange`` of two ``CodePosition`` dataclasses per node, splitting every token
with a regular expression: ~0.6 s for a large file, paid by every file with a finding.
This pass regenerates the module the same way (the same ``_codegen`` calls, so the same
positions: syntactic ranges where libcst records them, whitespace-inclusive otherwise) but
keeps plain tuples and looks for line breaks only in the tokens that have one.
``tests/test_positions.py`` holds it equal to ``PositionProvider`` node for node.
"""

from __future__ import annotations

import re

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")

# (start line, start column, end line, end column): lines 1-based, columns 0-based.
Position = tuple[int, int, int, int]


class _PositionState(CodegenState):
    """A code-generation state that tracks the line and column and records node ranges."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(module.default_indent, module.default_newline)
        self.line = 1
        self.column = 0
        self.positions: dict[int, Position] = {}  # by id(node)
        self._starts: list[tuple[int, int]] = []

    def _advance(self, value: str) -> None:
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def add_indent_tokens(self) -> None:
        self.tokens.extend(self.indent_tokens)
        for token in self.indent_tokens:
            self._advance(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)  # Module reads whether any token was written
        self._advance(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self._starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self._starts.pop()
        key = id(node)  # ids, not nodes: a node's __hash__ is a Python call
        if key not in self.positions:  # a syntactic range, recorded inside, stays
            self.positions[key] = (line, column, self.line, self.column)

    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """The range of a node without the whitespace it owns (a class: cheaper than a
    generator-based context manager, and libcst opens one for most nodes)."""

    __slots__ = ("state", "node", "start_node", "end_node", "line", "column")

    def __init__(self, state: _PositionState, node, start_node, end_node) -> None:
        self.state, self.node = state, node
        self.start_node, self.end_node = start_node, end_node

    def __enter__(self) -> None:
        self.line, self.column = self.state.line, self.state.column

    def __exit__(self, *exc_info: object) -> None:
        state = self.state
        line, column, end_line, end_column = self.line, self.column, state.line, state.column
        if self.start_node is not None:
            line, column = state.positions[id(self.start_node)][:2]
        if self.end_node is not None:
            end_line, end_column = state.positions[id(self.end_node)][2:]
        state.positions[id(self.node)] = (line, column, end_line, end_column)


def positions(module: cst.Module) -> dict[int, Position]:
    """The range of every node of ``module`` by ``id(node)``, as ``PositionProvider`` gives
    it (the ids hold while the module lives)."""
    state = _PositionState(module)
    module._codegen(state)
    return state.positions
