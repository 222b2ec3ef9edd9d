"""Jupyter notebooks as one Python program, with a map back to (cell, line).

Code cells are joined in order. IPython syntax that is not Python (``%magic``,
``!shell``, ``x = !cmd``, ``obj?``, non-Python ``%%cell`` magics) is replaced by ``pass`` at
the same indentation, so line numbers and blocks survive and parsing does not break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

# Cell magics whose body is still Python.
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "memit"})
_SHELL_ASSIGN = re.compile(r"^\s*[\w.,\s\[\]]+=\s*[!%]")
_LINE_MAGIC = re.compile(r"^\s*[!%]")
_HELP = re.compile(r"^\s*[?]{1,2}\S|^\s*[\w.]+\?{1,2}\s*$")


class NotebookError(ValueError):
    """A notebook that cannot be read: with line and column of the JSON where known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class NotebookProgram:
    """The joined code of a notebook and, per program line, its (cell, line in cell)."""

    code: str
    line_map: tuple[tuple[int | None, int], ...]  # cell None: not a cell's line

    def locate(self, line: int) -> tuple[int | None, int]:
        if 1 <= line <= len(self.line_map):
            return self.line_map[line - 1]
        return None, line


def ipython_syntax(line: str) -> bool:
    """Whether a line at the start of a statement is IPython-only syntax."""
    return bool(_LINE_MAGIC.match(line) or _SHELL_ASSIGN.match(line) or _HELP.match(line))


def _neutralise(line: str) -> str:
    """Replace a line of IPython-only syntax with ``pass``, keeping its indentation."""
    if ipython_syntax(line):
        indent = line[: len(line) - len(line.lstrip())]
        return f"{indent}pass  # zerolint: IPython syntax"
    return line


def _scan(line: str, depth: int, quote: str | None) -> tuple[int, str | None, bool]:
    """Bracket depth and open triple quote after a line of Python, and a trailing backslash.

    Only enough of the tokenizer to know whether the next line continues a statement: a
    continuation line such as ``    % n)`` or ``    != b`` is Python, not IPython syntax.
    """
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote is not None:
            if c == "\\":
                i += 2
            elif line.startswith(quote, i):
                i, quote = i + 3, None
            else:
                i += 1
            continue
        if c == "#":
            return depth, None, False
        if line.startswith(('"""', "'''"), i):
            i, quote = i + 3, line[i : i + 3]
            continue
        if c in "\"'":
            i += 1
            while i < n and line[i] != c:
                i += 2 if line[i] == "\\" else 1
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, quote, quote is None and line.endswith("\\")


def _code_lines(lines: list[str]) -> list[str]:
    """Neutralise IPython syntax at the start of statements, never inside one."""
    out: list[str] = []
    depth, quote, continued, magic = 0, None, False, False
    for line in lines:
        if magic:  # a magic continued with a trailing backslash stays a magic
            out.append("pass  # zerolint: IPython syntax")
            magic = line.rstrip().endswith("\\")
            continue
        out.append(line if depth or quote or continued else _neutralise(line))
        if out[-1] is not line:
            magic = line.rstrip().endswith("\\")
            continue
        depth, quote, continued = _scan(line, depth, quote)
    return out


def _cell_lines(source: str) -> list[str]:
    lines = source.splitlines()
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split(maxsplit=1)
        if magic and magic[0] in _PYTHON_CELL_MAGICS:
            return ["pass  # zerolint: cell magic", *_code_lines(lines[1:])]
        return ["pass  # zerolint: non-Python cell" for _ in lines]
    return _code_lines(lines)


def code_cells(document: dict) -> Iterator[tuple[int, str]]:
    """(1-based cell number, source text) of each code cell of a notebook document: the one
    reading of a cell's ``source`` (a string or a list of strings; raises NotebookError
    when it is neither)."""
    for number, cell in enumerate(document["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"cell {number}: 'source' is not text")
        yield number, source


def parse_notebook(text: str) -> NotebookProgram:
    """The Python program of a notebook's code cells (raises NotebookError)."""
    if not text.strip():
        raise NotebookError("empty notebook: not valid JSON")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"invalid notebook JSON: {error.msg}"
        raise NotebookError(message, error.lineno, error.colno) from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise NotebookError("not a Jupyter notebook (nbformat 4): no list of 'cells'")
    code_lines: list[str] = []
    line_map: list[tuple[int, int]] = []
    for number, source in code_cells(document):
        for index, line in enumerate(_cell_lines(source), start=1):
            code_lines.append(line)
            line_map.append((number, index))
    return NotebookProgram("\n".join(code_lines) + "\n", tuple(line_map))
