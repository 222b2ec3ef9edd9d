"""One line per finding: ``path:line:col: CODE message``."""

from __future__ import annotations

from zerolint.diagnostics import Report
from zerolint.registry import Rule
from zerolint.report import location


def render(report: Report, rules: list[type[Rule]]) -> str:
    lines = []
    for d in report.diagnostics:
        lines.append(f"{location(d.path, d.cell, d.line, d.column)}: {d.code} {d.message}\n")
        if d.verification is not None:  # --verify: the verdict under the finding
            lines.append(f"    verify: {d.verification.status}: {d.verification.evidence}\n")
    return "".join(lines)
