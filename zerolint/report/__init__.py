"""Output formats. Each module renders a Report to text; the CLI picks one by name."""

from __future__ import annotations

from importlib import import_module

from zerolint.diagnostics import Report
from zerolint.registry import Rule

FORMATS = ("full", "concise", "json", "sarif", "github")


def render(fmt: str, report: Report, rules: list[type[Rule]]) -> str:
    """The report in the chosen format (the modules load only when used)."""
    module = import_module(f"zerolint.report.{fmt}_format")
    return module.render(report, rules)


def location(path: str, cell: int | None, line: int | None, column: int | None) -> str:
    """``path:line:col``, or ``path:cell 3:line:col`` inside a notebook."""
    parts = [path]
    if cell is not None:
        parts.append(f"cell {cell}")
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)


def summary(report: Report) -> str:
    count = len(report.diagnostics)
    if count == 0:
        # Not "All checks passed!" when some files could not be checked at all.
        return "No findings." if report.errors else "All checks passed!"
    files = len({d.path for d in report.diagnostics})
    noun = "finding" if count == 1 else "findings"
    where = "1 file" if files == 1 else f"{files} files"
    return f"Found {count} {noun} in {where}."
