"""What may reach libcst: CPython's ``compile()`` first, then bounds on size and nesting.

libcst's native parser crashes the whole process (SIGSEGV) on deep nesting, such as an
``and`` chain of 10,000 terms that CPython accepts; past about 300 levels its visitors, its
position computation and the facts layer raise RecursionError; and it costs about 0.1 ms
per syntax node. CPython's parser checks the syntax of the same file in milliseconds, with
clearer messages, and its AST measures the file cheaply. So every source goes through here
before libcst sees it:

- ``precheck``: larger than ``MAX_CHARS`` is "too large to analyse" (before compiling it);
  otherwise ``compile()`` gives the AST, or the syntax error to report.
- ``for_libcst``: more than ``MAX_LINES`` lines or ``MAX_NODES`` syntax nodes is "too large
  to analyse"; an expression nested deeper than ``MAX_DEPTH`` libcst levels is replaced,
  in the text libcst parses, by a placeholder name of the same length and line breaks. The
  facts layer sees an unknown value there and analyses the rest of the file as usual, and
  every position outside the expression stays what it was.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from zerolint.diagnostics import FileError
from zerolint.inputs.sources import Source

# Limits that keep one file under about 2 s and 100 MB (CPU time measured on this machine's
# cores: libcst, facts and rules take ~0.1 ms per syntax node of real Keras code, 1.6 s and
# 100 MB for 15,000 nodes (200 KB); a line of comment or blank costs ~5 us; compile() ~0.25 s
# per MB). The largest file of the keras-io corpus has 3,300 nodes.
MAX_CHARS = 1_000_000
MAX_LINES = 50_000
MAX_NODES = 15_000  # AST nodes, not counting Load/Store contexts (libcst has none)
# Levels of libcst nesting: each costs about 3 Python frames in libcst's visitors, and all
# shapes of expression get through with the default recursion limit up to ~320 levels.
MAX_DEPTH = 200
# A too-deep expression is cut where its nesting first reaches CUT_DEPTH; the margin covers
# the largest number of libcst levels between an AST node and its child (4, for an else).
CUT_DEPTH = MAX_DEPTH - 8
PLACEHOLDER = "__too_deep__"

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BREAKS = re.compile(r"(\r\n|\r|\n)")
# libcst nodes between an AST node and a child in this field, where libcst wraps the child
# (Arg, Element, DictElement, SubscriptElement + Index, ComparisonTarget, Decorator,
# Annotation, AssignTarget, CompIf, Param, AsName, the Match*Element nodes). Statement
# bodies are counted in ``_weight``.
_WRAPPED = {
    (ast.Call, "args"): 2,
    (ast.List, "elts"): 2,
    (ast.Tuple, "elts"): 2,
    (ast.Set, "elts"): 2,
    (ast.Dict, "keys"): 2,
    (ast.Dict, "values"): 2,
    (ast.Subscript, "slice"): 3,
    (ast.Compare, "comparators"): 2,
    (ast.FunctionDef, "decorator_list"): 2,
    (ast.AsyncFunctionDef, "decorator_list"): 2,
    (ast.ClassDef, "decorator_list"): 2,
    (ast.FunctionDef, "returns"): 2,
    (ast.AsyncFunctionDef, "returns"): 2,
    (ast.arg, "annotation"): 2,
    (ast.AnnAssign, "annotation"): 2,
    (ast.Assign, "targets"): 2,
    (ast.comprehension, "ifs"): 2,
    (ast.arguments, "defaults"): 2,
    (ast.arguments, "kw_defaults"): 2,
    (ast.ClassDef, "bases"): 2,
    (ast.withitem, "optional_vars"): 2,
    (ast.MatchSequence, "patterns"): 2,
    (ast.MatchMapping, "keys"): 2,
    (ast.MatchMapping, "patterns"): 2,
    (ast.MatchClass, "patterns"): 2,
    (ast.MatchClass, "kwd_patterns"): 2,
    (ast.MatchOr, "patterns"): 2,
}
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
# Expressions that a parenthesised name cannot stand for without changing the syntax around
# them (``*args`` would become one argument, ``a[1:2]`` an index): their children are cut.
_NOT_CUT = (ast.Starred, ast.Slice)


def precheck(source: Source) -> ast.Module | FileError:
    """CPython's AST of the source, or why it cannot be linted: too large, a syntax error, or
    nesting CPython itself cannot compile."""
    if len(source.code) > MAX_CHARS:
        return _too_large(source, f"{len(source.code):,} characters; the limit is {MAX_CHARS:,}")
    try:
        return _compile(source.code, source.path)
    except SyntaxError as error:
        cell, line = source.locate(error.lineno or 1)
        message = f"syntax error: {_cite_cells(error.msg, source)}"
        return FileError(source.path, message, line, error.offset, cell)
    except (RecursionError, MemoryError):
        # CPython's parser gives up (MemoryError is its parser stack): Python cannot run it.
        message = "cannot parse: nested too deeply for Python's own parser"
        return FileError(source.path, message)
    except ValueError as error:  # NUL characters from an editor buffer
        return FileError(source.path, f"cannot parse: {error}")


def for_libcst(source: Source, tree: ast.Module) -> str | FileError:
    """The text libcst may parse: the source, with any expression nested deeper than
    MAX_DEPTH replaced by a placeholder; or "too large to analyse"."""
    lines = max(source.code.count("\n"), source.code.count("\r")) + 1
    if lines > MAX_LINES:
        return _too_large(source, f"{lines:,} lines; the limit is {MAX_LINES:,}")
    nesting = _Nesting(source.code)
    try:
        nodes = nesting.walk(tree)
    except _TooMany:
        return _too_large(source, f"more than {MAX_NODES:,} syntax nodes")
    if nesting.deepest <= MAX_DEPTH:
        return source.code
    code = nesting.cut(nodes)
    if code is None:
        return _too_deep(source)
    # The cut text must compile and be within the bound: else the file is not analysed.
    try:
        check = _Nesting(code)
        check.walk(_compile(code, source.path))
    except (SyntaxError, RecursionError, MemoryError, ValueError, _TooMany):
        return _too_deep(source)
    return code if check.deepest <= MAX_DEPTH else _too_deep(source)


def _compile(code: str, path: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes etc. are not ours to report
        return compile(code, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)


def _too_large(source: Source, size: str) -> FileError:
    return FileError(source.path, f"too large to analyse ({size}): split the file, or exclude it")


def _too_deep(source: Source) -> FileError:
    return FileError(source.path, f"nested too deeply to analyse (more than {MAX_DEPTH} levels)")


def _cite_cells(message: str, source: Source) -> str:
    """In notebooks, ``on line 7`` of the joined program becomes ``on cell 2, line 3``."""
    if source.notebook is None:
        return message

    def cite(match: re.Match[str]) -> str:
        cell, line = source.locate(int(match.group(1)))
        return f"cell {cell}, line {line}" if cell is not None else match.group(0)

    return re.sub(r"\bline (\d+)", cite, message)


class _TooMany(Exception):
    pass


@dataclass
class _Node:
    node: ast.AST
    parent: int  # index in the walk's list, -1 for the module
    extent: int  # the deepest libcst level of the node itself (its own chain included)


class _Nesting:
    """libcst's nesting, estimated from CPython's AST (one iterative walk, no recursion)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.deepest = 0
        self._lines: list[str] | None = None

    def walk(self, tree: ast.Module) -> list[_Node]:
        nodes: list[_Node] = []
        stack: list[tuple[ast.AST, int, int]] = [(tree, -1, 0)]
        while stack:
            node, parent, depth = stack.pop()
            extent = depth + self._own_levels(node, depth)
            index = len(nodes)
            nodes.append(_Node(node, parent, extent))
            if len(nodes) > MAX_NODES:
                raise _TooMany
            self.deepest = max(self.deepest, extent)
            for child, weight in self._children(node, extent - depth):
                if not isinstance(child, ast.expr_context):  # Load, Store: not in libcst
                    stack.append((child, index, depth + weight))
        return nodes

    def _own_levels(self, node: ast.AST, depth: int) -> int:
        """libcst levels a node spans by itself, beyond its first: ``a and b and c`` is two
        nested BooleanOperations, ``"a" "b" "c"`` two ConcatenatedStrings, each ``for`` of
        a comprehension a CompFor inside the previous one."""
        if isinstance(node, ast.BoolOp):
            return len(node.values) - 2
        if isinstance(node, _COMPREHENSIONS):
            return len(node.generators)
        if isinstance(node, ast.JoinedStr) or (
            isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
        ):
            return self._string_parts(node, depth) - 1
        return 0

    def _children(self, node: ast.AST, own: int) -> Iterator[tuple[ast.AST, int]]:
        for field, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                yield value, self._weight(node, field, value, 0, own)
            elif isinstance(value, list):
                for index, child in enumerate(value):
                    if isinstance(child, ast.AST):
                        yield child, self._weight(node, field, child, index, own)

    @staticmethod
    def _weight(parent: ast.AST, field: str, child: ast.AST, index: int, own: int) -> int:
        """libcst levels from ``parent`` down to ``child``."""
        if isinstance(child, ast.stmt) and not isinstance(parent, ast.Module):
            elif_ = isinstance(parent, ast.If) and isinstance(child, ast.If) and field == "orelse"
            if elif_ and child.col_offset == parent.col_offset:
                return 1  # elif: the If is the orelse itself
            # IndentedBlock, SimpleStatementLine (and Else or Finally before them).
            return 4 if field in ("orelse", "finalbody") else 3
        if isinstance(child, ast.stmt):
            return 2  # SimpleStatementLine
        if isinstance(parent, ast.BoolOp):
            count = len(parent.values)
            return count - 1 if index == 0 else count - index
        if isinstance(parent, _COMPREHENSIONS) and field == "generators":
            return 1 + index
        if isinstance(parent, ast.JoinedStr):
            return own + 1
        return _WRAPPED.get((type(parent), field), 1)

    def _string_parts(self, node: ast.AST, depth: int) -> int:
        """How many literals an implicitly concatenated string has: counted only when
        there may be enough of them to matter (each takes at least two characters)."""
        if node.end_lineno == node.lineno and (node.end_col_offset - node.col_offset) // 2 < (
            CUT_DEPTH - depth
        ):
            return 1
        segment = self._segment(node)
        try:
            tokens = tokenize.generate_tokens(io.StringIO(f"({segment})", newline=None).readline)
            starts = sum(
                token.type == tokenize.STRING or tokenize.tok_name[token.type] == "FSTRING_START"
                for token in tokens
            )
        except (tokenize.TokenError, SyntaxError):
            return max(len(segment) // 2, 1)
        return max(starts, 1)

    # -- cutting ----------------------------------------------------------------------

    def cut(self, nodes: list[_Node]) -> str | None:
        """The code with the too-deep expressions replaced, or None when the nesting is in
        statements (no expression can stand for them)."""
        deepest = [n.extent for n in nodes]
        for index in range(len(nodes) - 1, 0, -1):  # children come after their parents
            parent = nodes[index].parent
            deepest[parent] = max(deepest[parent], deepest[index])
        removed = [False] * len(nodes)
        cuts: dict[int, str] = {}  # index of a node -> its placeholder
        for index, entry in enumerate(nodes):
            if entry.parent >= 0 and removed[entry.parent]:
                removed[index] = True
                continue
            if deepest[index] <= MAX_DEPTH:
                continue
            node = entry.node
            # An f-string's parts have unreliable positions before Python 3.12: cut it whole.
            if _cuttable(node) and (entry.extent >= CUT_DEPTH or isinstance(node, ast.JoinedStr)):
                # Too short for the placeholder (``-1`` at the bottom of ``----1``): cut the
                # nearest enclosing expression that is long enough instead.
                at = index
                while at >= 0 and _cuttable(nodes[at].node):
                    placeholder = _placeholder(self._segment(nodes[at].node))
                    if placeholder is not None:
                        cuts[at] = placeholder
                        break
                    at = nodes[at].parent
                else:
                    return None
                removed[index] = True
            elif entry.extent > MAX_DEPTH:
                return None
        return self._replace(nodes, cuts)

    def _replace(self, nodes: list[_Node], cuts: dict[int, str]) -> str:
        starts = self._line_starts()
        ranges = []
        for index, placeholder in cuts.items():
            node = nodes[index].node
            start = starts[node.lineno - 1] + self._column(node.lineno, node.col_offset)
            end = starts[node.end_lineno - 1] + self._column(node.end_lineno, node.end_col_offset)
            ranges.append((start, end, placeholder))
        # A cut inside another (after moving up to a longer ancestor) is gone with it.
        kept: list[tuple[int, int, str]] = []
        for cut in sorted(ranges, key=lambda r: (r[0], -r[1])):
            if not kept or cut[0] >= kept[-1][1]:
                kept.append(cut)
        code = self.code
        for start, end, placeholder in reversed(kept):  # from the end: offsets stay valid
            code = code[:start] + placeholder + code[end:]
        return code

    def _lines_list(self) -> list[str]:
        if self._lines is None:
            self._lines = _LINES.findall(self.code)
        return self._lines

    def _line_starts(self) -> list[int]:
        starts, offset = [], 0
        for line in self._lines_list():
            starts.append(offset)
            offset += len(line)
        starts.append(offset)
        return starts

    def _column(self, lineno: int, byte_offset: int) -> int:
        """A character column from the AST's UTF-8 byte offset."""
        line = self._lines_list()[lineno - 1]
        return len(line.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))

    def _segment(self, node: ast.AST) -> str:
        lines = self._lines_list()
        first, last = node.lineno - 1, node.end_lineno - 1
        start = self._column(node.lineno, node.col_offset)
        end = self._column(node.end_lineno, node.end_col_offset)
        if first == last:
            return lines[first][start:end]
        return lines[first][start:] + "".join(lines[first + 1 : last]) + lines[last][:end]


def _cuttable(node: ast.AST) -> bool:
    return isinstance(node, ast.expr) and not isinstance(node, _NOT_CUT)


def _placeholder(segment: str) -> str | None:
    """``(__too_deep__)`` for an expression's text, with its line breaks (inside the
    parentheses they join lines whatever surrounded them) and the length of its last line,
    so that the code after it keeps its lines and columns. None when a one-line expression
    is too short to hold it."""
    parts = _BREAKS.split(segment)
    lines, breaks = parts[0::2], parts[1::2]
    name = "(" + PLACEHOLDER
    if not breaks:
        if len(segment) < len(name) + 1:
            return None
        return name + " " * (len(segment) - len(name) - 1) + ")"
    return name + "".join(breaks) + " " * (len(lines[-1]) - 1) + ")"
