"""The README stays true: its rules table matches the registry, its quick start is two commands."""

from __future__ import annotations

import re
from pathlib import Path

from zerolint.checks.registry import all_rules

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


def test_the_jupyterlab_priority_setting_is_valid_for_jupyterlab_lsp():
    """The README's snippet that gives zerolint notebooks beside another Python server is a
    setting jupyterlab-lsp's own schema accepts (the browser test runs without it)."""
    import json
    import sys

    import pytest

    schema_file = Path(
        sys.prefix,
        "share/jupyter/labextensions/@jupyter-lsp/jupyterlab-lsp/schemas",
        "@jupyter-lsp/jupyterlab-lsp/plugin.json",
    )
    if not schema_file.is_file():
        pytest.skip("jupyterlab-lsp is not installed (the jupyter extra)")
    jsonschema = pytest.importorskip("jsonschema")
    lines = [line.strip() for line in between("jupyterlab-priority") if "```" not in line]
    setting = json.loads("".join(lines))
    jsonschema.validate(setting, json.loads(schema_file.read_text(encoding="utf-8")))
    assert setting["language_servers"]["zerolint"]["priority"] > 50  # the default
