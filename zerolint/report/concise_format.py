"""One line per finding: ``path:line:col: CODE headline`` (``CODE [*] headline`` when --fix
would repair it); the full explanation is in ``full``, ``json`` and ``sarif``."""

from __future__ import annotations

from zerolint.diagnostics import Report
from zerolint.report.text import fix_marker, location
from zerolint.rules.rule import Rule


def render(report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    lines = []
    for d in report.diagnostics:
        where = location(d.path, d.cell, d.line, d.column)
        lines.append(f"{where}: {d.code} {fix_marker(d, unsafe_fixes)}{d.headline}\n")
        if d.verification is not None:  # --verify: the verdict under the finding
            lines.append(f"    verify: {d.verification.status}: {d.verification.evidence}\n")
    return "".join(lines)
