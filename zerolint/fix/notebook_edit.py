"""Fixes of a notebook's joined program, applied to its cells and written back as JSON.

Rules see the code cells joined into one program (``zerolint.inputs.notebook``); their edits are
in that program's lines. Here each edit moves to its cell, the fixes are applied to the
cells' own text (one fix whole or not at all, as ``fixing.apply_fixes`` does), and the
changed cells' ``source`` is written back into the notebook with everything else (outputs,
metadata, key order, the JSON's indentation) byte for byte as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from zerolint.diagnostics import Edit, Fix, Span
from zerolint.fix.fixing import apply_fixes
from zerolint.inputs.notebook import NotebookError, code_cells, parse_notebook

# Separates cells in the text the fixes are applied to: no fix may write across it.
_BOUNDARY = "#%% zerolint cell boundary 7f3a %%"


class NotebookWriteError(ValueError):
    """The notebook cannot be written back without changing more than its code."""


@dataclass(frozen=True)
class _Cell:
    index: int  # position in document["cells"]
    number: int  # 1-based, as findings cite it
    source: str  # the cell's text as stored
    lines: list[str]  # its lines split on "\n", without "\r"
    start: int  # the 1-based line of its first line in the working text


def _cells(document: dict) -> list[_Cell]:
    cells, line = [], 1
    for number, source in code_cells(document):
        lines = [text.removesuffix("\r") for text in source.split("\n")]
        if source.endswith("\n"):
            lines.pop()
        cells.append(_Cell(number - 1, number, source, lines, line))
        line += len(lines) + 1  # its lines, then the boundary line
    return cells


def _working_text(cells: list[_Cell]) -> str:
    """The cells' own text, each ending in a line break, separated by boundary lines."""
    parts = []
    for cell in cells:
        text = cell.source if cell.source.endswith("\n") or not cell.source else cell.source + "\n"
        parts.append(text + _BOUNDARY + "\n")
    return "".join(parts)


def _move(
    edit: Edit, program_lines: list[str], line_map: tuple, cells: dict[int, _Cell]
) -> Edit | None:
    """The edit in working-text lines, or None when it crosses cells or touches a line
    that is not the cell's own text (an IPython line the program replaced by ``pass``)."""
    span = edit.span
    if not 1 <= span.line <= len(line_map):
        return None
    cell_number, first = line_map[span.line - 1]
    cell = cells[cell_number]
    end_line, end_column = span.end_line, span.end_column
    if end_column == 1 and end_line > span.line:
        # Ending at the start of a line is ending after the previous line's break, which
        # may be the last line of the cell.
        previous_cell, previous = line_map[end_line - 2]
        if previous_cell != cell_number:
            return None
        last, end_in_cell = previous, previous + 1
    else:
        if end_line > len(line_map) or line_map[end_line - 1][0] != cell_number:
            return None
        last = end_in_cell = line_map[end_line - 1][1]
    for program_line, cell_line in zip(
        range(span.line, span.line + last - first + 1), range(first, last + 1), strict=True
    ):
        if (
            cell_line > len(cell.lines)
            or cell.lines[cell_line - 1] != program_lines[program_line - 1]
        ):
            return None
    offset = cell.start - 1
    return Edit(Span(first + offset, span.column, end_in_cell + offset, end_column), edit.text)


def _dump_like(document: dict, original: str) -> str:
    """``document`` serialised the way ``original`` was, or NotebookWriteError."""
    reparsed = json.loads(original)
    for indent in (1, 2, 4, None, 3, "\t"):
        for ascii_only in (False, True):
            text = json.dumps(reparsed, indent=indent, ensure_ascii=ascii_only)
            trailing = original[len(text) :]
            if original.startswith(text) and trailing.strip() == "":
                return json.dumps(document, indent=indent, ensure_ascii=ascii_only) + trailing
    raise NotebookWriteError(
        "the notebook's JSON is not laid out as Jupyter writes it, so writing the fixed "
        "cells back would reformat the whole file; fixes not applied"
    )


def apply_to_notebook(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """The notebook JSON ``text`` with ``fixes`` (in joined-program lines) applied to its
    cells, and the fixes applied. A fix that crosses cells or edits an IPython line is left
    out. Raises NotebookWriteError when the changed notebook cannot be written faithfully."""
    try:
        document = json.loads(text)
        program = parse_notebook(text)
    except (json.JSONDecodeError, NotebookError) as error:
        raise NotebookWriteError(f"cannot read the notebook: {error}") from None
    cells = _cells(document)
    by_number = {cell.number: cell for cell in cells}
    program_lines = program.code.split("\n")
    moved: list[Fix] = []
    originals: dict[int, Fix] = {}  # id of a moved fix -> the rule's fix
    for fix in fixes:
        edits = [_move(e, program_lines, program.line_map, by_number) for e in fix.edits]
        if edits and all(e is not None for e in edits):
            moved.append(Fix(fix.applicability, fix.message, tuple(edits)))
            originals[id(moved[-1])] = fix
    working, applied = apply_fixes(_working_text(cells), moved)
    if not applied:
        return text, []
    parts = working.split(_BOUNDARY + "\n")
    if len(parts) != len(cells) + 1 or parts[-1]:
        raise NotebookWriteError("a fix changed the notebook's cell structure; not applied")
    changed = False
    for cell, part in zip(cells, parts, strict=False):
        if not cell.source.endswith("\n") and part.endswith("\n"):
            part = part[:-1]  # the line break _working_text added
        if part == cell.source:
            continue
        changed = True
        stored = document["cells"][cell.index]
        if isinstance(stored.get("source"), list):
            stored["source"] = part.splitlines(keepends=True)
        else:
            stored["source"] = part
    if not changed:
        return text, []
    return _dump_like(document, text), [originals[id(fix)] for fix in applied]
