"""Every finding's headline fits one line: at most HEADLINE_LIMIT characters, written by the
rule from its facts (not the message cut short), on the catalog, the examples, and the
catalog again with every variable's name made very long."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from zerolint.checks.registry import all_rules
from zerolint.diagnostics import HEADLINE_LIMIT
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text, read

ROOT = Path(__file__).resolve().parents[1]
BAD = sorted((ROOT / "rules").glob("*/bad.py"))
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".py", ".ipynb"))
LONG = "_named_at_very_great_length_as_some_codebases_like_to_do"


def lint(source) -> list:
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    return diagnostics


def check_headline(d) -> None:
    where = f"{d.path}:{d.line} {d.code}: {d.headline!r}"
    assert d.headline, where
    assert len(d.headline) <= HEADLINE_LIMIT, where
    assert "\n" not in d.headline and d.headline == d.headline.strip(), where
    # Written for the line, not the message cut short.
    assert len(d.message) > len(d.headline) and not d.message.startswith(d.headline), where


@pytest.mark.parametrize("path", BAD + EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_each_finding_has_a_headline_within_the_limit(path: Path):
    found = lint(read(path, str(path)))
    assert found or path in EXAMPLES, "every bad example has findings"
    for d in found:
        check_headline(d)


def test_every_rule_shows_a_headline_in_the_catalog():
    codes = {d.code for path in BAD for d in lint(read(path, str(path)))}
    assert codes == {rule.code for rule in all_rules()}


def lengthened(code: str) -> str:
    """The script with every variable it assigns renamed to a very long name (not
    attributes, keyword arguments, parameters or plain strings; in f-strings too): the
    same program."""
    assigned = {
        node.id
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    out, depth = [], 0
    for index, token in enumerate(tokens):
        kind, text = token.type, token.string
        if kind == tokenize.OP and text in "([{":
            depth += 1
        elif kind == tokenize.OP and text in ")]}":
            depth -= 1
        previous = tokens[index - 1].string if index else ""
        following = tokens[index + 1].string if index + 1 < len(tokens) else ""
        keyword = depth > 0 and following == "="
        if kind == tokenize.NAME and text in assigned and previous != "." and not keyword:
            token = token._replace(string=text + LONG)
        elif kind == tokenize.STRING and text[:1] in "fF":
            named = re.sub(r"\{(\w+)", lambda m: "{" + m[1] + LONG * (m[1] in assigned), text)
            token = token._replace(string=named)
        out.append(token)
    return tokenize.untokenize(out)


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.parent.name)
def test_long_names_do_not_lengthen_headlines(path: Path):
    code = path.read_text(encoding="utf-8")
    renamed = lengthened(code)
    assert renamed != code
    before = lint(from_text(code, str(path)))
    after = lint(from_text(renamed, str(path)))
    # The same findings (the rename changes no fact), each headline still within the limit.
    assert [(d.line, d.code) for d in after] == [(d.line, d.code) for d in before]
    for d in after:
        check_headline(d)
