"""Machine-readable JSON. Fields may be added in later versions, never removed.

``message`` is the finding's one-line headline (as ruff's is short) and ``explanation`` the
full text: evidence, consequence and fix."""

from __future__ import annotations

import json

from zerolint import __version__
from zerolint.diagnostics import Diagnostic, Report
from zerolint.report.text import lossy
from zerolint.rules.rule import Rule


def _diagnostic(d: Diagnostic) -> dict:
    entry = {
        "path": lossy(d.path),
        "line": d.line,
        "column": d.column,
        "end_line": d.end_line,
        "end_column": d.end_column,
        "cell": d.cell,
        "code": d.code,
        "name": d.name,
        "category": d.category,
        "severity": d.severity,
        "message": d.headline,
        "explanation": d.message,
        "url": d.url,
        "fix": d.fix.as_json() if d.fix is not None else None,
    }
    if d.verification is not None:  # only under --verify: plain runs keep their shape
        entry["verification"] = d.verification.as_json()
    return entry


def render(report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    document = {
        "zerolint": __version__,
        "diagnostics": [_diagnostic(d) for d in report.diagnostics],
        "errors": [
            {
                "path": lossy(e.path),
                "line": e.line,
                "column": e.column,
                "message": f"cell {e.cell}: {e.message}" if e.cell is not None else e.message,
            }
            for e in report.errors
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
