"""``zerolint.engine.parsing``: libcst's tree, without its per-node checks while parsing only."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from zerolint.engine.parsing import parse_module
from zerolint.inputs.sources import from_text

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO_ROOT / "rules").glob("*/*.py")) + sorted(
    (REPO_ROOT / "examples").glob("*.*")
)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_same_tree_as_libcst(path: Path):
    code = from_text(path.read_text(encoding="utf-8"), str(path)).code
    module = parse_module(code)
    assert module.deep_equals(cst.parse_module(code))
    assert module.code == code


def test_nodes_built_afterwards_are_checked_again():
    parse_module("x = (1)\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")


def test_a_parse_error_is_libcst_s_and_leaves_the_checks_on():
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("def (:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("1x")
