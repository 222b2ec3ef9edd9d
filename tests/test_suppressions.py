"""``# noqa`` and ``# zerolint: ignore[...]`` comments, per statement and per file.

Every case is one file; a single zerolint run over all of them feeds every test.
"""

from __future__ import annotations

import json

import pytest
from conftest import BUGGY, run, write

HEAD = "import tensorflow as tf\n"
# ZL101 on line 2 only (binary loss) when the Dense call is on one line.
ONE_LINE = 'model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")]){c}\n'
# The same statement over four lines; ZL101 is reported on line 3, the Dense call.
MULTI = (
    "model = tf.keras.Sequential([{c1}\n"
    '    tf.keras.layers.Dense(1, activation="softmax"),{c2}\n'
    "]){c3}\n"
)


def one_line(comment: str) -> str:
    return HEAD + ONE_LINE.format(c=comment)


def multi(first: str = "", middle: str = "", last: str = "") -> str:
    # line 2: first, line 3: Dense call, line 4: closing
    return HEAD + MULTI.format(c1=first, c2=middle, c3=last)


# file name -> (source, the codes still reported)
CASES = {
    "plain": (one_line(""), ["ZL101"]),
    "blanket-noqa": (one_line("  # noqa"), []),
    "noqa-code": (one_line("  # noqa: ZL101"), []),
    "noqa-no-space-list": (one_line("  # noqa:ZL102,ZL101"), []),
    "noqa-space-list": (one_line("  # noqa: ZL102, ZL101 (model is a stub)"), []),
    "noqa-upper-case-only": (one_line("  # NOQA: zl101"), []),
    "ignore-code": (one_line("  # zerolint: ignore[ZL101]"), []),
    "ignore-bare": (one_line("  # zerolint: ignore"), []),
    "noqa-after-other-comment": (one_line("  # type: ignore  # noqa: ZL101"), []),
    "multi-noqa-first-line": (multi(first="  # noqa: ZL101"), []),
    "multi-noqa-middle-line": (multi(middle="  # noqa"), []),
    "multi-ignore-last-line": (multi(last="  # zerolint: ignore[ZL101]"), []),
    "multi-other-tool-code": (multi(first="  # noqa: E501"), ["ZL101"]),
    "other-tool-code": (one_line("  # noqa: E501"), ["ZL101"]),
    "other-rule-code": (one_line("  # noqa: ZL102"), ["ZL101"]),
    "ignore-other-rule-code": (one_line("  # zerolint: ignore[ZL102]"), ["ZL101"]),
    "noqa-on-previous-statement": (
        HEAD + "x = 1  # noqa: ZL101\n" + ONE_LINE.format(c=""),
        ["ZL101"],
    ),
    "noqa-in-string": (
        HEAD + ONE_LINE.format(c="").replace('"softmax")', '"softmax", name="# noqa")'),
        ["ZL101"],
    ),
    "ignore-in-string": (
        HEAD
        + ONE_LINE.format(c="").replace(
            '"softmax")', '"softmax", name="# zerolint: ignore[ZL101]")'
        ),
        ["ZL101"],
    ),
    "file-noqa": ("# zerolint: noqa\n" + BUGGY, []),
    "file-noqa-code": ("# zerolint: noqa: ZL101\n" + BUGGY, ["ZL102"]),
    "file-noqa-at-the-end": (BUGGY + "# zerolint: noqa: ZL102\n", ["ZL101"]),
    "file-noqa-in-docstring": ('"""\n# zerolint: noqa\n"""\n' + BUGGY, ["ZL101", "ZL102"]),
    "file-noqa-after-code-is-not-file-wide": (
        BUGGY.replace("import tensorflow as tf", "import tensorflow as tf  # zerolint: noqa"),
        ["ZL101", "ZL102"],
    ),
    "both-rules-each-line": (
        BUGGY.replace('"softmax")])', '"softmax")])  # noqa: ZL101').replace(
            '"categorical_crossentropy")', '"categorical_crossentropy")  # noqa: ZL102'
        ),
        [],
    ),
}


@pytest.fixture(scope="module")
def reported(tmp_path_factory) -> dict[str, list[str]]:
    root = tmp_path_factory.mktemp("suppressions")
    for name, (source, _) in CASES.items():
        write(root, f"{name}.py", source)
    code, out, err = run(["--output-format", "json", "."], root)
    assert code in (0, 1), err
    assert err == ""
    document = json.loads(out)
    assert document["errors"] == []
    codes: dict[str, list[str]] = {name: [] for name in CASES}
    for diagnostic in document["diagnostics"]:
        codes[diagnostic["path"].removesuffix(".py")].append(diagnostic["code"])
    return codes


@pytest.mark.parametrize("name", list(CASES))
def test_suppression(reported, name):
    assert reported[name] == CASES[name][1], CASES[name][0]
