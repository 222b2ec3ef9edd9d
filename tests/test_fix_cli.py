"""--fix, --unsafe-fixes, --diff and --add-noqa as users run them: real processes on files,
notebooks and stdin, and the fix loop in-process where a broken fix has to be staged."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from conftest import BUGGY, findings, write

from zerolint.checks.registry import all_rules
from zerolint.config.settings import Settings
from zerolint.diagnostics import SAFE, Edit, Fix, Report, Span
from zerolint.fix.fix_files import fix_files, fix_text
from zerolint.rules.rule import Rule

# ZL502 on line 5 (safe fix: log_softmax).
LOG_SOFTMAX = """\
import tensorflow as tf


def loss(y_true, logits):
    return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits)), axis=-1)
"""
LOG_SOFTMAX_FIXED = LOG_SOFTMAX.replace(
    "tf.math.log(tf.nn.softmax(logits))", "tf.nn.log_softmax(logits)"
)
# ZL104 on line 3 (unsafe fix: drop from_logits=True).
FROM_LOGITS = """\
from tensorflow import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
"""
FROM_LOGITS_FIXED = FROM_LOGITS.replace("(from_logits=True)", "()")
BOTH = LOG_SOFTMAX + FROM_LOGITS.replace("from tensorflow import keras\n", "keras = tf.keras\n")
HIDDEN = "1 hidden fix can be enabled with the `--unsafe-fixes` option"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- --fix -----------------------------------------------------------------------------


def test_fix_writes_the_safe_fix_and_the_file_lints_clean(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", LOG_SOFTMAX)
    code, out, err = run_zerolint(["--fix", "train.py"])
    assert (code, err) == (0, "")
    assert out == "Fixed 1 finding (0 remaining).\n"
    assert read(path) == LOG_SOFTMAX_FIXED
    assert run_zerolint(["train.py"])[0] == 0


def test_fix_leaves_unsafe_fixes_and_reports_what_remains(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", BOTH)
    code, out, _ = run_zerolint(["--fix", "--output-format", "concise", "train.py"])
    assert code == 1
    assert [f[3] for f in findings(out)] == ["ZL104"]
    assert "ZL104 [*]" not in out  # not applicable without --unsafe-fixes
    assert out.endswith(f"Fixed 1 finding (1 remaining).\nNo fixes available ({HIDDEN}).\n")
    assert "tf.nn.log_softmax(logits)" in read(path)
    assert "from_logits=True" in read(path)


def test_unsafe_fixes_with_fix_apply_both(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", BOTH)
    code, out, _ = run_zerolint(["--fix", "--unsafe-fixes", "train.py"])
    assert (code, out) == (0, "Fixed 2 findings (0 remaining).\n")
    assert "from_logits" not in read(path) and "log_softmax" in read(path)
    assert run_zerolint(["train.py"])[0] == 0


def test_overlapping_fixes_are_applied_in_later_passes(run_zerolint, tmp_path):
    nested = LOG_SOFTMAX.replace(
        "tf.nn.softmax(logits)", "tf.nn.softmax(tf.math.log(tf.nn.softmax(logits)))"
    )
    path = write(tmp_path, "train.py", nested)
    code, out, _ = run_zerolint(["--fix", "train.py"])
    assert (code, out) == (0, "Fixed 2 findings (0 remaining).\n")
    assert "tf.nn.log_softmax(tf.nn.log_softmax(logits))" in read(path)


def test_check_marks_fixable_findings_and_writes_nothing(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", BOTH)
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 1
    assert ": ZL502 [*] " in out and ": ZL104 [*] " not in out
    assert out.endswith(f"[*] 1 fixable with the `--fix` option ({HIDDEN}).\n")
    code, out, _ = run_zerolint(["train.py"])  # full output: the mark and the fix's line
    assert "ZL502 [*] " in out and "= fix (safe): " in out and "= fix (unsafe): " in out
    # --unsafe-fixes alone shows the unsafe fixes as available, as ruff does.
    code, out, _ = run_zerolint(["--unsafe-fixes", "--output-format", "concise", "train.py"])
    assert ": ZL104 [*] " in out
    assert out.endswith("[*] 2 fixable with the `--fix` option.\n")
    assert read(path) == BOTH


def test_fix_keeps_a_byte_order_mark_and_crlf(run_zerolint, tmp_path):
    crlf = LOG_SOFTMAX.replace("\n", "\r\n").encode("utf-8")
    path = write(tmp_path, "train.py", codecs.BOM_UTF8 + crlf)
    assert run_zerolint(["--fix", "train.py"])[0] == 0
    expected = LOG_SOFTMAX_FIXED.replace("\n", "\r\n").encode("utf-8")
    assert path.read_bytes() == codecs.BOM_UTF8 + expected


def test_fix_and_unsafe_fixes_from_the_configuration(run_zerolint, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.zerolint]\nfix = true\nunsafe-fixes = true\n")
    path = write(tmp_path, "train.py", BOTH)
    code, out, _ = run_zerolint(["train.py"])
    assert (code, out) == (0, "Fixed 2 findings (0 remaining).\n")
    assert "from_logits" not in read(path)
    write(tmp_path, "pyproject.toml", "[tool.zerolint]\nfix = 'yes'\n")
    code, _, err = run_zerolint(["train.py"])
    assert code == 2 and "'fix' must be true or false" in err


def test_no_fix_overrides_the_configuration(run_zerolint, tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.zerolint]\nfix = true\n")
    path = write(tmp_path, "train.py", LOG_SOFTMAX)
    assert run_zerolint(["--no-fix", "train.py"])[0] == 1
    assert read(path) == LOG_SOFTMAX


# --- a fix that would break the file ---------------------------------------------------


class BreaksTheFile(Rule):
    """A rule whose fix leaves an unclosed bracket (a rule bug the loop must catch)."""

    code, name, severity, summary = "ZL599", "test-broken-fix", "warning", "test"
    fix_applicability, fix_title = SAFE, "break"

    def check(self, program):
        edit = Edit(Span(1, 1, 1, 1), "x = (\n")
        yield self.finding(
            program,
            program.module.body[0],
            "found",
            fix=Fix(SAFE, "break", (edit,)),
            headline="found",
        )


def test_a_fix_that_would_break_parsing_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "train.py", LOG_SOFTMAX)
    report = Report()
    rules = [BreaksTheFile, *all_rules()]
    run = fix_files(report, ["train.py"], Settings(root=tmp_path), rules, False, False, True)
    # The ZL502 fix of the same pass still applies; the broken one is an error.
    assert read(path) == LOG_SOFTMAX_FIXED
    assert run.applied == 1
    (error,) = report.errors
    assert error.path == "train.py" and error.line == 1
    assert "fix of ZL599 (break) would leave the file unparsable" in error.message
    assert [d.code for d in report.diagnostics] == ["ZL599"]


def test_fix_text_stops_after_the_bounded_number_of_passes():
    class NeverDone(Rule):
        code, name, severity, summary = "ZL598", "test-endless-fix", "warning", "test"

        def check(self, program):
            fix = Fix(SAFE, "grow", (Edit(Span(1, 1, 1, 1), "pass\n"),))
            yield self.finding(program, program.module.body[0], "found", fix=fix, headline="found")

    fixed = fix_text("import tensorflow\n", "t.py", [NeverDone], None, False)
    assert fixed.applied == 10 and fixed.text.count("pass\n") == 10
    (error,) = fixed.errors
    assert "after 10 passes" in error.message


# --- --diff ----------------------------------------------------------------------------


def test_diff_prints_the_fixes_writes_nothing_and_exits_1(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", BOTH)
    code, out, err = run_zerolint(["--diff", "train.py"])
    assert code == 1
    assert out.splitlines() == [
        "--- train.py",
        "+++ train.py",
        "@@ -2,7 +2,7 @@",
        " ",
        " ",
        " def loss(y_true, logits):",
        "-    return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits)), axis=-1)",
        "+    return -tf.reduce_sum(y_true * tf.nn.log_softmax(logits), axis=-1)",
        " keras = tf.keras",
        " " + FROM_LOGITS.splitlines()[1],
        " model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))",
    ]
    assert err == f"Would fix 1 finding ({HIDDEN}).\n"
    assert read(path) == BOTH
    code, out, err = run_zerolint(["--diff", "--unsafe-fixes", "train.py"])
    assert code == 1 and "+model.compile(loss=keras.losses.CategoricalCrossentropy())" in out
    assert err == "Would fix 2 findings.\n"
    assert read(path) == BOTH


def test_diff_without_fixes_exits_0(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)  # findings, but no fix for them
    assert run_zerolint(["--diff", "train.py"]) == (0, "", "No fixes to apply.\n")


# --- stdin -----------------------------------------------------------------------------


def test_fix_on_stdin_prints_the_fixed_source(run_zerolint):
    code, out, err = run_zerolint(["--fix", "-"], stdin=BOTH)
    assert code == 1
    assert out == BOTH.replace("tf.math.log(tf.nn.softmax(logits))", "tf.nn.log_softmax(logits)")
    assert "ZL104" in err and "Fixed 1 finding (1 remaining)." in err
    code, out, _ = run_zerolint(["--diff", "--stdin-filename", "train.py"], stdin=LOG_SOFTMAX)
    assert code == 1 and out.startswith("--- train.py\n+++ train.py\n")
    code, out, _ = run_zerolint(["--fix", "-"], stdin="x = (\n")  # unparsable: echoed back
    assert code == 2 and out == "x = (\n"


def test_fix_on_stdin_never_rewrites_bytes_it_did_not_fix(tmp_path):
    import subprocess
    import sys

    def fix(data: bytes) -> tuple[int, bytes]:
        command = [sys.executable, "-m", "zerolint", "--fix", "-"]
        proc = subprocess.run(command, cwd=tmp_path, input=data, capture_output=True)
        assert b"Traceback" not in proc.stderr
        return proc.returncode, proc.stdout

    latin1 = LOG_SOFTMAX.encode() + b"name = '\xe9t\xe9'\n"  # not UTF-8: echoed as it came
    assert fix(latin1) == (2, latin1)
    bom = codecs.BOM_UTF8 + LOG_SOFTMAX.encode()  # fixed: the byte-order mark stays
    assert fix(bom) == (0, codecs.BOM_UTF8 + LOG_SOFTMAX_FIXED.encode())
    clean = codecs.BOM_UTF8 + b"x = 1\r\n"  # nothing to fix: byte for byte
    assert fix(clean) == (0, clean)


# --- notebooks -------------------------------------------------------------------------


def _notebook() -> dict:
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {"tags": ["é"]}}
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]},
            {
                **cell,
                "outputs": [{"name": "stdout", "output_type": "stream", "text": ["ok é\n"]}],
                "source": ["%matplotlib inline\n", "import tensorflow as tf"],
            },
            {**cell, "outputs": [], "source": LOG_SOFTMAX.splitlines(keepends=True)[3:]},
        ],
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_fix_in_a_notebook_rewrites_only_the_fixed_cell(run_zerolint, tmp_path):
    document = _notebook()
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    path = write(tmp_path, "train.ipynb", text)
    code, out, _ = run_zerolint(["--diff", "train.ipynb"])
    assert code == 1
    assert out.startswith("--- train.ipynb:cell 3\n+++ train.ipynb:cell 3\n")
    assert read(path) == text

    code, out, _ = run_zerolint(["--fix", "train.ipynb"])
    assert (code, out) == (0, "Fixed 1 finding (0 remaining).\n")
    document["cells"][2]["source"] = LOG_SOFTMAX_FIXED.splitlines(keepends=True)[3:]
    assert read(path) == json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    assert run_zerolint(["train.ipynb"])[0] == 0


def test_fix_refuses_a_notebook_it_cannot_write_back_faithfully(run_zerolint, tmp_path):
    text = json.dumps(_notebook(), separators=(",", ":"), sort_keys=True).replace("{", "{ ", 1)
    path = write(tmp_path, "train.ipynb", text)
    code, out, err = run_zerolint(["--fix", "train.ipynb"])
    assert code == 2
    assert "would reformat the whole file; fixes not applied" in err
    assert read(path) == text


# --- --add-noqa ------------------------------------------------------------------------


def test_add_noqa_silences_every_finding_and_is_idempotent(run_zerolint, tmp_path):
    lines = BUGGY.splitlines()
    lines[1] += "  # noqa: E501 keep"
    first = write(tmp_path, "a.py", "\r\n".join(lines).encode("utf-8") + b"\r\n")
    multi = LOG_SOFTMAX.replace("tf.math.log(", "tf.math.log(  # why\n        ")
    second = write(tmp_path, "b.py", multi)
    code, out, err = run_zerolint(["--add-noqa", "."])
    assert (code, out, err) == (0, "", "Added 3 noqa directives.\n")
    assert first.read_bytes().decode().splitlines(keepends=True)[1:3] == [
        BUGGY.splitlines()[1] + "  # noqa: E501, ZL101 keep\r\n",
        BUGGY.splitlines()[2] + "  # noqa: ZL102\r\n",
    ]
    assert "# why  # noqa: ZL502\n" in read(second)
    before = first.read_bytes(), second.read_bytes()
    assert run_zerolint(["--add-noqa", "."]) == (0, "", "Added 0 noqa directives.\n")
    assert (first.read_bytes(), second.read_bytes()) == before
    assert run_zerolint(["."]) == (0, "All checks passed!\n", "")


def test_add_noqa_in_a_notebook_and_its_usage_errors(run_zerolint, tmp_path):
    path = write(tmp_path, "train.ipynb", json.dumps(_notebook(), indent=1) + "\n")
    assert run_zerolint(["--add-noqa", "train.ipynb"])[2] == "Added 1 noqa directive.\n"
    source = json.loads(read(path))["cells"][2]["source"]
    assert source[1].endswith("axis=-1)  # noqa: ZL502\n")
    assert run_zerolint(["train.ipynb"])[0] == 0
    code, _, err = run_zerolint(["--add-noqa", "--fix", "train.ipynb"])
    assert code == 2 and "--add-noqa cannot be combined with --fix" in err
    code, _, err = run_zerolint(["--add-noqa", "-"], stdin="x = 1\n")
    assert code == 2 and "cannot read stdin" in err


# --- what the outputs say about fixes --------------------------------------------------


def test_json_diagnostics_carry_the_fix(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BOTH)
    _, out, _ = run_zerolint(["--output-format", "json", "train.py"])
    fixes = {d["code"]: d["fix"] for d in json.loads(out)["diagnostics"]}
    assert fixes["ZL502"]["applicability"] == "safe"
    assert fixes["ZL104"]["applicability"] == "unsafe"
    assert all(
        set(fix) == {"applicability", "message"} and fix["message"] for fix in fixes.values()
    )
    write(tmp_path, "train.py", BUGGY)
    _, out, _ = run_zerolint(["--output-format", "json", "train.py"])
    assert [d["fix"] for d in json.loads(out)["diagnostics"]] == [None, None]


def test_rule_command_says_whether_a_fix_exists(run_zerolint, tmp_path):
    code, out, _ = run_zerolint(["rule", "ZL502"])
    assert code == 0 and out.endswith(
        "## Applying the fix\n\n"
        "Safe: `zerolint --fix` applies it (the code computes the same, minus the bug).\n"
    )
    assert out.count("\n## Fix\n") == 1  # the catalog's own section, not a second one
    _, out, _ = run_zerolint(["rule", "ZL104"])
    assert "Unsafe: `zerolint --fix --unsafe-fixes` applies it" in out
    _, out, _ = run_zerolint(["rule", "ZL301"])
    assert "## Fix\n\nNone:" in out
    _, out, _ = run_zerolint(["rule", "ZL502", "--output-format", "json"])
    document = json.loads(out)
    assert document["fix"] == {"applicability": "safe", "message": "use log_softmax"}
    assert document["code"] == "ZL502" and "## What it does" in document["documentation"]
    _, out, _ = run_zerolint(["rule", "ZL301", "--output-format", "json"])
    assert json.loads(out)["fix"] is None


def test_readme_fix_table_matches_the_registry():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Fixes\n", 1)[1].split("\n## ", 1)[0]
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ZL")]
    table = {row[0].removeprefix("| ").split()[0]: row[-1].removesuffix(" |") for row in rows}
    assert table == {r.code: r.fix_applicability for r in all_rules() if r.fix_applicability}
