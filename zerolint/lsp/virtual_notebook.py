"""A notebook as jupyterlab-lsp sends it: one Python document of all its cells.

jupyterlab-lsp does not sync notebook documents: it sends one virtual document (``uri`` the
notebook's, ``languageId`` python) whose text is every cell in order, each followed by two
empty lines; a markdown or raw cell is one empty line, IPython syntax becomes Python
(``%magic`` -> ``get_ipython().run_line_magic(...)`` on the same line, a ``%%time`` or
``%%capture`` cell gains a closing ``# END_CELL_MAGIC`` line, other ``%%`` cells become a
string). It maps the positions it receives back to the cells itself, so findings are
published on the virtual document as it is.

Messages cite other places (``Dense(1) at cell 3, line 4``), and the virtual text alone
cannot say where a cell ends: a cell may hold two empty lines itself. The saved notebook
says it: its cells are matched to the text from the start and from the end, and what lies
between, the part changed since the save, is placed when it is one cell (the cell being
typed in, or one added) or none (cells deleted). Otherwise a line there or after it is
cited by its line in the virtual text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from zerolint.inputs.notebook import NotebookProgram, ipython_syntax
from zerolint.inputs.sources import MAX_BYTES, Source

# Cell magics jupyterlab-lsp keeps as Python between two comment lines (one line more).
_WRAPPED_CELL_MAGIC = re.compile(r"^%%(time|capture)\b")
SEPARATOR = ("", "")  # two empty lines after each cell but the last


@dataclass(frozen=True)
class SavedCell:
    """A cell of the saved notebook, as the lines it must match in the virtual text."""

    number: int  # 1-based, markdown cells counted (as the CLI numbers cells)
    code: bool
    lines: tuple[str, ...]

    @property
    def magic(self) -> str | None:
        """How jupyterlab-lsp writes a cell magic with a body: "wrapped" (``%%time`` and
        ``%%capture``: a START comment for the magic line, the body, an END comment) or
        "string" (any other: the magic line and the body become one run_cell_magic call
        whose first line holds the body's first line); None for other cells."""
        if not self.code or len(self.lines) < 2 or not self.lines[0].startswith("%%"):
            return None
        return "wrapped" if _WRAPPED_CELL_MAGIC.match(self.lines[0]) else "string"

    @property
    def size(self) -> int:
        """Its number of lines in the virtual text."""
        if not self.code:
            return 1
        return len(self.lines) + {"wrapped": 1, "string": -1, None: 0}[self.magic]

    def matches(self, virtual: list[str]) -> bool:
        """Whether these virtual lines are this cell as saved (IPython lines loosely)."""
        if len(virtual) != self.size:
            return False
        if not self.code:
            return virtual == [""]
        if self.magic == "wrapped":
            return _same(self.lines[1:], virtual[1:-1])
        if self.magic == "string":
            return virtual[0].startswith("get_ipython().run_cell_magic(")
        return _same(self.lines, virtual)

    def place(self, offset: int) -> int:
        """The line of the cell that line ``offset`` (0-based) of its virtual lines shows
        (a wrapped cell's START line is its ``%%time`` line, its END line its last)."""
        if self.magic == "string":
            offset += 1
        return min(offset + 1, len(self.lines))


def _same(saved: tuple[str, ...], virtual: list[str]) -> bool:
    """Equal lines, but for IPython syntax, which jupyterlab-lsp rewrites."""
    return all(s == v or ipython_syntax(s) for s, v in zip(saved, virtual, strict=True))


def saved_cells(text: str) -> list[SavedCell] | None:
    """The cells of a notebook's JSON, or None when it is not a notebook."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return None
    saved = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            return None
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            return None
        saved.append(SavedCell(number, cell.get("cell_type") == "code", tuple(source.split("\n"))))
    return saved


def _has_separator(lines: list[str]) -> bool:
    return any(lines[i : i + 2] == list(SEPARATOR) for i in range(len(lines) - 1))


def cell_map(virtual: list[str], cells: list[SavedCell]) -> list[tuple[int | None, int]]:
    """(cell, line) for each line of the virtual text (the lines of ``text.split("\\n")``):
    (None, virtual line) where the cell is not known."""
    unknown: list[tuple[int | None, int]] = [(None, i + 1) for i in range(len(virtual))]
    end = len(virtual) - 1  # the text ends with a line break: the last item is ""
    if not cells or end < 0 or virtual[end] != "":
        return unknown
    located = list(unknown)

    # From the start: cell k at ``start`` when its lines match and two empty lines follow.
    start, first = 0, 0
    while first < len(cells):
        cell = cells[first]
        stop = start + cell.size
        last = first == len(cells) - 1
        if not cell.matches(virtual[start:stop]) or stop > end:
            break
        if not last and virtual[stop : stop + 2] != list(SEPARATOR):
            break
        if last and stop != end:
            break
        for offset in range(cell.size):
            located[start + offset] = (cell.number, cell.place(offset))
        start, first = stop + 2, first + 1
    if first == len(cells):
        return located

    # From the end, down to the cells already matched: cell k ends two lines before the
    # next one starts.
    stop, after = end, len(cells)  # cells[after:] matched from the end
    suffix: list[tuple[int, SavedCell]] = []
    while after > first:
        cell = cells[after - 1]
        begin = stop - cell.size
        if begin < start or not cell.matches(virtual[begin:stop]):
            break
        if begin > 0 and virtual[begin - 2 : begin] != list(SEPARATOR):
            break
        suffix.append((begin, cell))
        stop, after = begin - 2, after - 1

    # Between them: the cells edited, added or deleted since the save. How many cells the
    # buffer has there is known when it is none, or one (no two empty lines inside); the
    # cells after them are renumbered by the difference.
    if stop == start - 2:
        buffer_cells = 0  # cells deleted: the separators before and after are one
    elif stop > start and not _has_separator(virtual[start:stop]):
        buffer_cells = 1
        for offset in range(stop - start):
            located[start + offset] = (first + 1, offset + 1)
    else:
        return located  # several cells, or a layout jupyterlab-lsp does not write
    shift = buffer_cells - (after - first)  # cells in the buffer minus cells saved there
    for begin, cell in suffix:
        for offset in range(cell.size):
            located[begin + offset] = (cell.number + shift, cell.place(offset))
    return located


class SavedNotebooks:
    """Saved notebooks' cells, read again only when the file changes."""

    def __init__(self) -> None:
        self.cache: dict[Path, tuple[tuple[float, int], list[SavedCell] | None]] = {}

    def cells(self, path: Path) -> list[SavedCell] | None:
        try:
            stat = path.stat()
            stamp = (stat.st_mtime, stat.st_size)
            cached = self.cache.get(path)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            if stat.st_size > MAX_BYTES:
                cells = None
            else:
                cells = saved_cells(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            return None
        self.cache[path] = (stamp, cells)
        return cells


def virtual_source(text: str, name: str, cells: list[SavedCell] | None) -> Source:
    """The virtual document as Python, its messages citing cells (``cells`` saved)."""
    located = cell_map(text.split("\n"), cells or [])
    return Source(name, text, citations=NotebookProgram(text, tuple(located)))
