"""Apply fixes to source text: edits by position, overlapping fixes deferred, as ruff does.

Edits carry 1-based line and character columns (``Span``, end exclusive) of the text the
rules saw. A fix is applied whole or not at all; a fix whose edits overlap an edit already
accepted in this pass is left for the next pass (the caller re-lints and tries again).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zerolint.diagnostics import Edit, Fix

# Where lines break for libcst, whose positions the edits carry: a lone \r too.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(code: str) -> list[int]:
    return [0, *(match.end() for match in _LINE_BREAK.finditer(code))]


def _offsets(edit: Edit, starts: list[int], size: int) -> tuple[int, int]:
    span = edit.span

    def offset(line: int, column: int) -> int:
        if not 1 <= line <= len(starts):
            raise ValueError(f"edit outside the source (line {line})")
        return min(starts[line - 1] + column - 1, size)

    start = offset(span.line, span.column)
    end = offset(span.end_line, span.end_column)
    if end < start:
        raise ValueError(f"edit ends before it starts ({span})")
    return start, end


def apply_fixes(code: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """The code with every fix applied that does not overlap an earlier one, and the fixes
    applied (in the order given). Never raises for an overlapping fix: it is skipped."""
    starts = _line_starts(code)
    accepted: list[tuple[int, int, str]] = []
    applied: list[Fix] = []
    for fix in fixes:
        try:
            ranges = [(*_offsets(edit, starts, len(code)), edit.text) for edit in fix.edits]
        except ValueError:
            continue
        if not ranges or any(
            _overlap(a, b) for a in ranges for b in accepted + [r for r in ranges if r is not a]
        ):
            continue
        accepted += ranges
        applied.append(fix)
    for start, end, text in sorted(accepted, key=lambda r: (r[0], r[1]), reverse=True):
        code = code[:start] + text + code[end:]
    return code, applied


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two edits touch the same text (two insertions at one point also conflict)."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1] or a[0] == b[0]
