"""``facts.positions`` gives every node the range libcst's PositionProvider gives it."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from zerolint.facts.positions import positions
from zerolint.inputs.sources import from_text

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((REPO_ROOT / "rules").glob("*/*.py")) + sorted(
    (REPO_ROOT / "examples").glob("*.*")
)
SNIPPETS = {
    "empty": "",
    "no trailing newline": "import keras\nx = keras.layers.Dense(1)",
    "crlf": "import keras\r\nif True:\r\n    x = (1,\r\n         2)\r\n",
    "lone cr": "x = 1\ry = 2\r",
    "tabs and unicode": 'def f():\n\tname = "héllo wörld"  # ünïcode\n\treturn name\n',
    "decorators and comments": "# head\n\n@dec(1)\n# between\n@other\ndef f(a, *, b=2):\n"
    '    """doc"""\n    return [a,\n            b]  # tail\n',
    "continuation": "x = 1 + \\\n    2\nclass A(B, metaclass=M):\n    y: int = 3\n",
    "match": "match p:\n    case {'k': [1, *rest]} if rest:\n        pass\n    case _:\n"
    "        pass\n",
}


def _same(code: str) -> None:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    found = positions(module)
    assert len(found) == len(expected)
    for node, where in expected.items():
        assert found[id(node)] == (
            where.start.line,
            where.start.column,
            where.end.line,
            where.end.column,
        ), type(node).__name__


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_catalog_and_examples(path: Path):
    _same(from_text(path.read_text(encoding="utf-8"), str(path)).code)


@pytest.mark.parametrize("code", SNIPPETS.values(), ids=SNIPPETS.keys())
def test_edge_cases(code: str):
    _same(code)
