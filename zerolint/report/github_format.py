"""GitHub Actions workflow commands: annotations on the pull request's lines, each with the
finding's headline (the title names the rule, whose docs explain it in full)."""

from __future__ import annotations

from zerolint.diagnostics import Report
from zerolint.report.text import lossy
from zerolint.rules.rule import Rule

_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    lines = []
    for d in report.diagnostics:
        where = f"cell {d.cell}: " if d.cell is not None else ""
        lines.append(
            f"::{_LEVELS[d.severity]} file={_property(lossy(d.path))},line={d.line},col={d.column},"
            f"endLine={d.end_line},endColumn={d.end_column},"
            f"title={_property(f'{d.code} {d.name}')}::{_data(where + d.headline)}"
        )
    for e in report.errors:
        position = f",line={e.line}" if e.line is not None else ""
        position += f",col={e.column}" if e.line is not None and e.column is not None else ""
        where = _property(lossy(e.path))
        lines.append(f"::error file={where}{position},title=zerolint error::{_data(e.message)}")
    return "".join(line + "\n" for line in lines)
