"""No input crashes or hangs the static path: CPython's compile() and cheap bounds on size
and nesting come before libcst, too-deep expressions are left unknown, and the facts layer
has a work budget.

The crashing and hanging inputs run in a subprocess (libcst's parser used to kill the
process with SIGSEGV; conftest's 120 s timeout fails a test that hangs).
"""

from __future__ import annotations

import pytest
from conftest import BUGGY, error_lines, findings, write

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import Source

GOOD = [("good.py", 2, 30, "ZL101"), ("good.py", 3, 38, "ZL102")]


def _lint(code: str):
    return lint_source(Source("snippet.py", code), list(all_rules()))


def _codes(diagnostics) -> list[tuple[int, int, str]]:
    return sorted((d.line, d.column, d.code) for d in diagnostics)


# --- crashes and hangs, each an error line of its own file ----------------------------

MODEL = "import keras\nmodel = keras.Sequential()\n"
PATHOLOGICAL = [
    pytest.param(
        "import keras\nx = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
        "syntax error: too many nested parentheses",
        id="1500-nested-brackets",
    ),
    pytest.param(
        "import keras\nx = " + "+".join(["1"] * 8_000) + "\n",
        "cannot parse: nested too deeply for Python's own parser",
        id="8000-term-sum",
    ),
    pytest.param(
        "import keras\nx = " + "+".join(["1"] * 100_000) + "\n",
        "cannot parse: nested too deeply for Python's own parser",
        id="100000-term-sum",
    ),
    pytest.param(
        "import keras\nx = f" + "()" * 50_000 + "\n",
        "cannot parse: nested too deeply for Python's own parser",
        id="50000-chained-calls",
    ),
    pytest.param(
        "import keras\nx = a" + ".b" * 50_000 + "\n",
        "cannot parse: nested too deeply for Python's own parser",
        id="50000-chained-attributes",
    ),
    pytest.param(
        "import keras\nx = " + "-" * 20_000 + "1\n",
        "cannot parse: nested too deeply for Python's own parser",
        id="20000-unary-minuses",
    ),
    # Files past the bounds that build a model, so that the screen (which skips a file the
    # facts layer would find nothing in, however large) lets them through to the bounds.
    pytest.param(
        MODEL + "if a:\n    pass\n" + "elif a:\n    pass\n" * 300,
        "nested too deeply to analyse (more than 200 levels)",
        id="300-elifs",
    ),
    pytest.param(
        MODEL + "x = 1\n" * 30_000,
        "too large to analyse (more than 15,000 syntax nodes): split the file, or exclude it",
        id="too-many-nodes",
    ),
    pytest.param(
        MODEL + "# a comment\n" * 60_000,
        "too large to analyse (60,003 lines; the limit is 50,000): split the file, or exclude it",
        id="too-many-lines",
    ),
    pytest.param(
        "import keras\nx = '" + "a" * 1_000_000 + "'\n",
        "too large to analyse (1,000,020 characters; the limit is 1,000,000): split the file, "
        "or exclude it",
        id="too-many-characters",
    ),
]


@pytest.mark.parametrize(("content", "message"), PATHOLOGICAL)
def test_pathological_input_is_one_error_line_and_the_other_file_is_linted(
    run_zerolint, tmp_path, content, message
):
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "bad.py", content)

    code, out, err = run_zerolint(["--output-format", "concise", "bad.py", "good.py"])

    assert code == 2
    (line,) = error_lines(err)
    assert line.startswith("bad.py") and line.endswith(f"error: {message}")
    assert findings(out) == GOOD


def test_an_and_chain_libcst_cannot_parse_is_cut_and_the_rest_analysed(run_zerolint, tmp_path):
    # CPython accepts it (a flat BoolOp); libcst nests one node per "and" and crashed.
    chain = "ok = " + " and ".join(["a"] * 10_000) + "\n"
    write(tmp_path, "chain.py", BUGGY + chain)

    code, out, err = run_zerolint(["--output-format", "concise", "chain.py"])

    assert (code, err) == (1, "")
    assert findings(out) == [("chain.py", 2, 30, "ZL101"), ("chain.py", 3, 38, "ZL102")]


def test_nested_literal_loops_do_not_multiply_the_work(run_zerolint, tmp_path):
    # 16**6 runs of the innermost body when every loop is unrolled: it never finished.
    loops = "".join("    " * d + f"for i{d} in range(16):\n" for d in range(6))
    write(tmp_path, "loops.py", BUGGY + loops + "    " * 6 + "x = x + 1\n")

    code, out, _ = run_zerolint(["--output-format", "concise", "loops.py"])

    assert code == 1
    assert [f[3] for f in findings(out)] == ["ZL101", "ZL102"]


def test_calls_inside_unrolled_loops_stop_when_the_work_budget_is_spent(run_zerolint, tmp_path):
    # 200 followed calls, each running 256 unrolled bodies of 300 statements: 15M statements.
    body = "".join(f"            x{k} = x + {k}\n" for k in range(300))
    code = "def f0(x):\n    for i in range(16):\n        for j in range(16):\n" + body
    code += "    return x\n"
    for k in range(1, 4):
        code += f"def f{k}(x):\n    for i in range(16):\n        x = f{k - 1}(x)\n    return x\n"
    write(tmp_path, "fanout.py", BUGGY + code + "y = f3(1)\n")

    code, out, _ = run_zerolint(["--output-format", "concise", "fanout.py"])

    assert code == 1
    assert [f[3] for f in findings(out)] == ["ZL101", "ZL102"]


# --- degrading: a too-deep expression is unknown, the rest of the file is analysed -----


@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("+".join(["1"] * 500), id="500-term-sum"),
        pytest.param("+".join(["1"] * 2_000), id="2000-term-sum"),
        pytest.param("-" * 500 + "1", id="500-unary-minuses"),
        pytest.param("a" + ".b" * 1_000, id="1000-attributes"),
        pytest.param("f" + "()" * 1_000, id="1000-calls"),
        pytest.param("a" + "[0]" * 1_000, id="1000-subscripts"),
        pytest.param(" or ".join(["a"] * 3_000), id="3000-term-or"),
        pytest.param(" ".join(['"a"'] * 3_000), id="3000-implicitly-joined-strings"),
        pytest.param("(" + "+\n".join(["1"] * 500) + ")", id="500-lines-sum"),
        pytest.param("+\\\n".join(["1"] * 500), id="500-backslash-lines-sum"),
        pytest.param('f"{' + "+".join(["1"] * 500) + '}"', id="f-string"),
        pytest.param("lambda: " * 500 + "1", id="500-lambdas"),
        pytest.param("[1 " + " ".join(f"for a{i} in b" for i in range(300)) + "]", id="300-fors"),
    ],
)
def test_a_deep_expression_is_left_unknown_and_the_rest_analysed(expression):
    diagnostics, errors = _lint(BUGGY + f"x = {expression}\ny = 1\n")
    assert errors == []
    assert _codes(diagnostics) == [(2, 30, "ZL101"), (3, 38, "ZL102")]


def test_code_after_a_cut_expression_keeps_its_lines_and_columns():
    deep = "(" + "+\n".join(["1"] * 400) + ")"
    head = "import tensorflow as tf\n"
    model = 'model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])\n'
    code = head + f"x = {deep}; " + model + "y = " + "+".join(["2"] * 400) + "; " + model

    diagnostics, errors = _lint(code)

    assert errors == []
    # The first model is on line 401, after "1); " (4 characters); the second on line 402.
    column = len("y = " + "+".join(["2"] * 400) + "; ") + len("model = tf.keras.Sequential([") + 1
    assert _codes(diagnostics) == [(401, 34, "ZL101"), (402, column, "ZL101")]
    assert diagnostics[0].source_line.startswith("1)")  # the user's text, not the placeholder


def test_a_fix_never_writes_the_placeholder_into_the_file():
    # ZL101's fix rewrites the Dense call, here with a cut argument inside it.
    deep = " ".join(['"n"'] * 300)
    code = (
        "import tensorflow as tf\n"
        "model = tf.keras.Sequential(\n"
        f'    [tf.keras.layers.Dense(1, activation="softmax", name={deep})]\n'
        ")\n"
    )
    diagnostics, errors = _lint(code)
    assert errors == []
    (finding,) = diagnostics
    assert finding.code == "ZL101"
    assert finding.fix is None


def test_the_placeholder_keeps_line_breaks_and_the_last_line_length():
    from zerolint.engine import precheck

    segment = "1 +\r\n  2 +\n  3"
    replaced = precheck._placeholder(segment)
    assert replaced == f"({precheck.PLACEHOLDER}\r\n\n  )"
    assert precheck._placeholder("-1") is None  # too short: an enclosing expression is cut


def test_a_file_within_the_bounds_is_passed_to_libcst_unchanged():
    from zerolint.engine import precheck

    code = BUGGY + "x = " + "+".join(["1"] * 100) + "\n"
    source = Source("x.py", code)
    tree = precheck.precheck(source)
    assert precheck.for_libcst(source, tree) is code


def test_syntax_errors_come_from_cpython_with_its_position():
    diagnostics, errors = _lint("import keras\nx = (1,\ny = 2\n")
    assert diagnostics == []
    (error,) = errors
    assert (error.line, error.message) == (2, "syntax error: '(' was never closed")


def test_a_large_file_without_keras_is_not_compiled():
    # No rule can fire: it is neither parsed nor an error, however large.
    code = "x = (\n" * 10 + "1" * 1_000_000
    assert _lint(code) == ([], [])
