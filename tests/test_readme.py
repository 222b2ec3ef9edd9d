"""The README stays true: its rules table matches the registry, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from zerolint.registry import all_rules

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def between(marker: str) -> list[str]:
    match = re.search(rf"<!-- {marker} -->\n(.*?)<!-- /{marker} -->", README, re.DOTALL)
    assert match, f"README.md lacks the {marker} markers"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_rules_table_matches_the_registry():
    rows = [line for line in between("rules-table") if line.startswith("| [ZL")]
    expected = [
        f"| [{rule.code}](rules/{rule.folder()}/README.md) | {rule.name} | {rule.category()} "
        f"| {rule.severity} | {rule.summary} |"
        for rule in all_rules()
    ]
    assert rows == expected


def test_quick_start_is_two_commands_install_and_run_then_test():
    commands = [line for line in between("quick-start") if not line.startswith("```")]
    assert len(commands) == 2
    install_and_run, test = commands
    assert "pip install" in install_and_run and "zerolint examples/" in install_and_run
    assert "pytest" in test
