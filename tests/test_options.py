"""Per-rule options: ``[tool.zerolint.options.<CODE>]`` is validated and reaches the rule."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import BUGGY, write

from zerolint.config.settings import ConfigError, load_settings
from zerolint.diagnostics import Finding
from zerolint.engine.lint import lint_source
from zerolint.facts.program import Program
from zerolint.inputs.sources import from_text
from zerolint.rules.rule import Rule, option_error


class WideOutputs(Rule):
    """A test rule with a threshold: reports outputs wider than ``max-units``."""

    code = "ZL199"
    name = "wide-output"
    severity = "info"
    summary = "test rule"
    options = {"max-units": 10}

    def check(self, program: Program) -> Iterator[Finding]:
        for head in program.heads():
            if head.units is not None and head.units > self.settings["max-units"]:
                yield self.finding(
                    program, head.unit_layer.node, f"{head.units} units", headline="wide"
                )


SCRIPT = "import keras\nm = keras.Sequential([keras.layers.Dense(20)])\n"


def test_option_value_reaches_the_rule():
    source = from_text(SCRIPT, "train.py")
    assert [d.message for d in lint_source(source, [WideOutputs])[0]] == ["20 units"]
    silenced, _ = lint_source(source, [WideOutputs], {"ZL199": {"max-units": 50}})
    assert silenced == []


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("max-units", 12.5, None),
        ("max-units", True, "ZL199 option 'max-units' must be int, not True"),
        ("max-units", "ten", "ZL199 option 'max-units' must be int, not 'ten'"),
        ("max-width", 3, "ZL199 has no option 'max-width' (its options: max-units)"),
    ],
)
def test_option_values_are_type_checked(key, value, problem):
    assert option_error(WideOutputs, key, value) == problem


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "[tool.zerolint.options.ZL999]\nx = 1\n",
            "unknown rule 'ZL999' in [tool.zerolint.options]",
        ),
        ("[tool.zerolint.options.ZL101]\nx = 1\n", "ZL101 has no option 'x' (its options: none)"),
        ("[tool.zerolint]\noptions = 3\n", "'options' must be a table"),
    ],
)
def test_bad_options_are_config_errors(tmp_path, table, message):
    (tmp_path / "pyproject.toml").write_text(table)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(None, tmp_path)


def test_bad_option_exits_2_naming_it(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)
    write(tmp_path, "pyproject.toml", "[tool.zerolint.options.single-unit-softmax]\nlimit = 2\n")
    code, out, err = run_zerolint(["train.py"])
    assert code == 2
    assert "ZL101 has no option 'limit'" in err and out == ""


def test_rule_docs_list_the_options(monkeypatch, capsys):
    from zerolint.cli import main as cli
    from zerolint.cli import rule_command
    from zerolint.rules import catalog

    monkeypatch.setattr(rule_command, "rule_by_code", lambda code: WideOutputs)
    for module in (rule_command, catalog):  # the page, and its sections
        monkeypatch.setattr(module, "documentation", lambda rule: "# wide-output (ZL199)\n")
    assert cli.main(["rule", "ZL199"]) == 0
    out = capsys.readouterr().out
    assert "[tool.zerolint.options.ZL199]" in out and "- `max-units` (default: `10`)" in out
