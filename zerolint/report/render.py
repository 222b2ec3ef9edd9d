"""Output formats by name: ``render`` loads the chosen one's module only when used."""

from __future__ import annotations

from importlib import import_module

from zerolint.diagnostics import Report
from zerolint.rules.rule import Rule

FORMATS = ("full", "concise", "json", "sarif", "github")


def render(fmt: str, report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    """The report in the chosen format (the modules load only when used). With
    ``unsafe_fixes`` the text formats mark unsafe fixes as applicable too."""
    module = import_module(f"zerolint.report.{fmt}_format")
    return module.render(report, rules, unsafe_fixes=unsafe_fixes)
