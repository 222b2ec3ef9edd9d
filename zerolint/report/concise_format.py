"""One line per finding: ``path:line:col: CODE message``."""

from __future__ import annotations

from zerolint.diagnostics import Report
from zerolint.registry import Rule
from zerolint.report import location


def render(report: Report, rules: list[type[Rule]]) -> str:
    return "".join(
        f"{location(d.path, d.cell, d.line, d.column)}: {d.code} {d.message}\n"
        for d in report.diagnostics
    )
