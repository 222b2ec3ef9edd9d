"""The default: each finding's headline, its source line with a caret under the span, the
full explanation, and the fix."""

from __future__ import annotations

from zerolint.diagnostics import Diagnostic, Report
from zerolint.report.text import fix_marker, location
from zerolint.rules.rule import Rule


def _snippet(d: Diagnostic) -> list[str]:
    if not d.source_line:
        return []
    number = str(d.line)
    gutter = " " * len(number)
    text = d.source_line.rstrip()
    start = max(d.column - 1, 0)
    end = d.end_column - 1 if d.end_line == d.line else len(text)
    width = max(end - start, 1)
    return [
        f"{gutter} |",
        f"{number} | {text}",
        f"{gutter} | {' ' * start}{'^' * width} {d.code}",
        f"{gutter} |",
    ]


def render(report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    blocks = []
    for d in report.diagnostics:
        where = location(d.path, d.cell, d.line, d.column)
        lines = [f"{where}: {d.code} {fix_marker(d, unsafe_fixes)}{d.headline}"]
        lines += _snippet(d)
        gutter = " " * len(str(d.line))
        lines.append(f"{gutter} = note: {d.message}")
        if d.help:
            lines.append(f"{gutter} = help: {d.help}")
        if d.fix is not None:
            lines.append(f"{gutter} = fix ({d.fix.applicability}): {d.fix.message}")
        lines.append(f"{gutter} = docs: {d.url}")
        if d.verification is not None:
            v = d.verification
            lines.append(f"{gutter} = verify: {v.status}: {v.evidence}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
