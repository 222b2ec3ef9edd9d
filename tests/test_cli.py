"""The command line: exit codes, options, stdin, sub-commands and both entry points."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUGGY, CLEAN, ONLY_ZL101, error_lines, findings, run, write

import zerolint
from zerolint.checks.registry import all_rules
from zerolint.rules.catalog import catalog_dir

CONCISE = ["--output-format", "concise"]


def test_exit_codes(run_zerolint, tmp_path):
    write(tmp_path, "clean.py", CLEAN)
    write(tmp_path, "buggy.py", BUGGY)
    write(tmp_path, "broken.py", "def f(:\n")

    assert run_zerolint(["clean.py"]) == (0, "All checks passed!\n", "")
    code, out, err = run_zerolint(["buggy.py"])
    assert (code, err) == (1, "")
    assert out.endswith("\nFound 2 findings in 1 file.\n")
    # An error wins over findings, even with --exit-zero.
    for extra in ([], ["--exit-zero"]):
        code, out, _ = run_zerolint([*extra, *CONCISE, "broken.py", "buggy.py"])
        assert code == 2
        assert len(findings(out)) == 2


def test_exit_zero_keeps_the_findings(run_zerolint, tmp_path):
    write(tmp_path, "buggy.py", BUGGY)
    code, out, err = run_zerolint(["--exit-zero", *CONCISE, "buggy.py"])
    assert (code, err) == (0, "")
    assert findings(out) == [("buggy.py", 2, 30, "ZL101"), ("buggy.py", 3, 38, "ZL102")]


def test_concise_quiet_and_statistics(run_zerolint, tmp_path):
    write(tmp_path, "a.py", BUGGY)
    write(tmp_path, "b.py", ONLY_ZL101)

    code, out, err = run_zerolint(CONCISE)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line.split(" ", 2)[:2] for line in lines[:-2]] == [
        ["a.py:2:30:", "ZL101"],
        ["a.py:3:38:", "ZL102"],
        ["b.py:2:30:", "ZL101"],
    ]
    assert lines[-2:] == [
        "Found 3 findings in 2 files.",
        # b.py's ZL101 (under a binary loss) has an unsafe fix.
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
    ]

    code, quiet, err = run_zerolint(["-q", *CONCISE])
    assert (code, err) == (1, "")
    assert quiet.splitlines() == lines[:-2]  # the findings only

    code, out, err = run_zerolint(["--statistics"])
    assert (code, err) == (1, "")
    rows = [line.split() for line in out.splitlines()]
    assert rows == [
        ["2", "ZL101", "single-unit-softmax"],
        ["1", "ZL102", "categorical-loss-on-single-output"],
        ["Found", "3", "findings", "in", "2", "files."],
    ]
    code, out, _ = run_zerolint(["--statistics", "-q"])
    assert len(out.splitlines()) == 2

    write(tmp_path, "a.py", CLEAN)
    write(tmp_path, "b.py", CLEAN)
    assert run_zerolint(["-q"]) == (0, "", "")


def test_stdin(run_zerolint, tmp_path):
    code, out, err = run_zerolint(["-", *CONCISE], stdin=BUGGY)
    assert (code, err) == (1, "")
    assert findings(out) == [("-", 2, 30, "ZL101"), ("-", 3, 38, "ZL102")]

    code, out, _ = run_zerolint(["-", "--stdin-filename", "src/train.py", *CONCISE], stdin=BUGGY)
    assert code == 1
    assert [f[0] for f in findings(out)] == ["src/train.py", "src/train.py"]

    assert run_zerolint(["-", "-q"], stdin=CLEAN) == (0, "", "")

    # --stdin-filename without a path reads stdin, as in ruff (not the folder ".").
    write(tmp_path, "other.py", BUGGY)
    code, out, _ = run_zerolint(["--stdin-filename", "src/train.py", *CONCISE], stdin=ONLY_ZL101)
    assert (code, findings(out)) == (1, [("src/train.py", 2, 30, "ZL101")])

    code, _, err = run_zerolint(["-", "--stdin-filename", "x.py"], stdin=b"x = '\xff'\n")
    assert code == 2
    assert error_lines(err) == [
        "x.py:1:6: error: not valid UTF-8 (byte 0xff); zerolint reads UTF-8 source"
    ]


def test_stdin_notebook_and_per_file_ignores_use_the_stdin_filename(run_zerolint, tmp_path):
    notebook = (
        '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ['
        '{"cell_type": "markdown", "metadata": {}, "source": "# x"},'
        '{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,'
        ' "source": ["%matplotlib inline\\n", '
        + ", ".join(f'"{line}\\n"' for line in BUGGY.replace('"', '\\"').splitlines())
        + "]}]}"
    )
    code, out, err = run_zerolint(
        ["-", "--stdin-filename", "nb/explore.ipynb", *CONCISE], stdin=notebook
    )
    assert (code, err) == (1, "")
    assert findings(out) == [
        ("nb/explore.ipynb:cell 2", 3, 30, "ZL101"),
        ("nb/explore.ipynb:cell 2", 4, 38, "ZL102"),
    ]

    write(tmp_path, "pyproject.toml", '[tool.zerolint.per-file-ignores]\n"scripts/*" = ["ZL101"]\n')
    code, out, _ = run_zerolint(["-", "--stdin-filename", "scripts/a.py", *CONCISE], stdin=BUGGY)
    assert findings(out) == [("scripts/a.py", 3, 38, "ZL102")]
    code, out, _ = run_zerolint(["-", "--stdin-filename", "other/a.py", *CONCISE], stdin=BUGGY)
    assert len(findings(out)) == 2


def test_check_subcommand_and_default_path(run_zerolint, tmp_path):
    write(tmp_path, "pkg/train.py", BUGGY)
    direct = run_zerolint(["pkg/train.py"])
    assert direct[0] == 1
    assert run_zerolint(["check", "pkg/train.py"]) == direct
    assert run_zerolint([]) == direct  # default path "."
    assert run_zerolint(["check"]) == direct
    assert run_zerolint(["."]) == direct


def test_version(run_zerolint):
    assert run_zerolint(["--version"]) == (0, f"zerolint {zerolint.__version__}\n", "")


def test_rule_prints_its_documentation(run_zerolint):
    readme = (catalog_dir() / "ZL101-single-unit-softmax" / "README.md").read_text("utf-8")
    code, out, err = run_zerolint(["rule", "ZL101"])
    assert (code, err) == (0, "")
    # The catalog's README, then whether the rule has a fix.
    assert out == readme + (
        "\n## Applying the fix\n\nUnsafe: `zerolint --fix --unsafe-fixes` applies it (it changes "
        "what the model computes, so review it).\n"
    )
    for section in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert f"\n## {section}\n" in out
    assert run_zerolint(["rule", "single-unit-softmax"]) == (0, out, "")
    assert run_zerolint(["rule", "zl101"]) == (0, out, "")


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_rule_prints_each_section_once(run_zerolint, rule):
    code, out, err = run_zerolint(["rule", rule.code])
    assert (code, err) == (0, "")
    headings = [line for line in out.splitlines() if line.startswith("## ")]
    assert len(headings) == len(set(headings)), headings


@pytest.mark.parametrize("args", [["rule", "ZL999"], ["rule", "E501"]], ids=lambda a: a[1])
def test_rule_unknown_code(run_zerolint, args):
    code, out, err = run_zerolint(args)
    assert (code, out) == (2, "")
    assert err == f"zerolint: error: unknown rule '{args[1]}'; 'zerolint rules' lists them\n"


def test_rules_lists_every_rule(run_zerolint):
    code, out, err = run_zerolint(["rules"])
    assert (code, err) == (0, "")
    header, *rows = [line.split() for line in out.splitlines()]
    assert header == ["code", "name", "category", "severity", "fix"]
    assert rows == [
        [r.code, r.name, r.category(), r.severity, r.fix_applicability or "-"] for r in all_rules()
    ]
    assert ["ZL101", "single-unit-softmax", "loss-activation", "error", "unsafe"] in rows
    assert ["ZL502", "log-of-softmax", "numerics", "warning", "safe"] in rows


TIMEOUT_RANGE = "--verify-timeout must be above 0 and at most 86,400"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "ZL999"], "unknown rule code or prefix 'ZL999' in --select"),
        (["--extend-select", "ZL1,E501"], "unknown rule code or prefix 'E501' in --extend-select"),
        (["--ignore", "ZL9"], "unknown rule code or prefix 'ZL9' in --ignore"),
        (["-", "x.py"], "'-' (stdin) cannot be combined with other paths"),
        (["--select", ","], "--select needs rule codes or prefixes, not ','"),
        (["--ignore", " "], "--ignore needs rule codes or prefixes, not ' '"),
        (["--verify-timeout", "nan"], f"{TIMEOUT_RANGE}, not nan"),
        (["--verify-timeout", "inf"], f"{TIMEOUT_RANGE}, not inf"),
        (["--verify-timeout", "1e300"], f"{TIMEOUT_RANGE}, not 1e300"),
        (["--verify-timeout", "-1"], f"{TIMEOUT_RANGE}, not -1"),
        (["--verify-timeout", "soon"], "--verify-timeout must be a number, not 'soon'"),
        (["--verify-memory", "nan"], "--verify-memory must be above 0 and at most 1,024, not nan"),
        (["--verify-sample", "2.5"], "--verify-sample must be a whole number, not '2.5'"),
        (["--verify-steps", "0"], "--verify-steps must be above 0 and at most 100,000, not 0"),
        (["--jobs", "1e9"], "--jobs must be a whole number, not '1e9'"),
    ],
    ids=[
        "select",
        "extend-select",
        "ignore",
        "stdin-and-paths",
        "select-comma",
        "ignore-blank",
        "timeout-nan",
        "timeout-inf",
        "timeout-huge",
        "timeout-negative",
        "timeout-text",
        "memory-nan",
        "sample-fraction",
        "steps-zero",
        "jobs-exponent",
    ],
)
def test_bad_option_values_are_one_line(run_zerolint, tmp_path, args, message):
    write(tmp_path, "x.py", BUGGY)
    assert run_zerolint(args, stdin="") == (2, "", f"zerolint: error: {message}\n")


@pytest.mark.parametrize(
    "args",
    [["--bogus"], ["--output-format", "xml"], ["--select"], ["rules", "extra"], ["rule"]],
    ids=["unknown-option", "bad-choice", "missing-value", "rules-extra", "rule-no-code"],
)
def test_argparse_misuse_exits_2_with_usage(run_zerolint, args):
    code, out, err = run_zerolint(args)
    assert (code, out) == (2, "")
    assert err.startswith("usage: zerolint")
    assert "error: " in err.splitlines()[-1]


def test_help(run_zerolint):
    code, out, err = run_zerolint(["--help"])
    assert (code, err) == (0, "")
    assert out.startswith("usage: zerolint")
    assert "--stdin-filename" in out


def test_console_script(tmp_path):
    folder = str(Path(sys.executable).parent)
    script = shutil.which("zerolint", path=folder) or shutil.which("zerolint")
    if script is None:
        pytest.skip("the zerolint console script is not installed next to this Python")
    write(tmp_path, "train.py", BUGGY)
    code, out, err = run([*CONCISE, "train.py"], tmp_path, exe=[script])
    assert (code, err) == (1, "")
    assert findings(out) == [("train.py", 2, 30, "ZL101"), ("train.py", 3, 38, "ZL102")]
    version = (0, f"zerolint {zerolint.__version__}\n", "")
    assert run(["--version"], tmp_path, exe=[script]) == version


def test_statistics_as_json(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)
    code, out, _ = run_zerolint(["--statistics", "--output-format", "json", "train.py"])
    assert code == 1
    assert json.loads(out) == [
        {"code": "ZL101", "name": "single-unit-softmax", "count": 1},
        {"code": "ZL102", "name": "categorical-loss-on-single-output", "count": 1},
    ]


# --- standard streams closed, full or cut short ------------------------------------------


def _streams(tmp_path, args, stdin=None, stdout=None, stderr=subprocess.PIPE, close=()):
    """zerolint with the given streams (``close``: descriptors closed before it starts)."""

    def prepare() -> None:
        for descriptor in close:
            os.close(descriptor)

    proc = subprocess.run(
        [sys.executable, "-m", "zerolint", *args],
        cwd=tmp_path,
        stdin=stdin,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=stderr,
        preexec_fn=prepare if close else None,  # noqa: PLW1509 -- before exec only
        timeout=120,
    )
    err = proc.stderr.decode() if isinstance(proc.stderr, bytes) else ""
    assert "Traceback" not in err and "Exception ignored" not in err
    return proc.returncode, err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX descriptors")
def test_closed_stdin_and_stdout_are_one_error_line(tmp_path):
    write(tmp_path, "train.py", BUGGY)
    message = "zerolint: error: cannot read standard input: it is closed\n"
    assert _streams(tmp_path, ["-"], close=[0]) == (2, message)
    assert _streams(tmp_path, ["--fix", "-"], close=[0]) == (2, message)
    message = "zerolint: error: cannot write the report: standard output is closed\n"
    assert _streams(tmp_path, ["train.py"], close=[1]) == (2, message)
    # Closed stderr: the error lines are lost, the exit status still says it.
    assert _streams(tmp_path, ["missing.py"], stderr=None, close=[2])[0] == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output_format", ["full", "json"])
def test_a_full_disk_for_the_report_is_one_error_line(tmp_path, output_format):
    write(tmp_path, "train.py", BUGGY)
    with open("/dev/full", "wb") as full:
        result = _streams(tmp_path, ["--output-format", output_format, "train.py"], stdout=full)
    assert result == (2, "zerolint: error: cannot write the report: No space left on device\n")


def test_a_reader_that_stops_early_leaves_the_exit_status_of_the_findings(tmp_path):
    # | head: the reader closes the pipe after one line, long before the report's end.
    for index in range(150):
        write(tmp_path, f"train{index:03}.py", BUGGY)
    for args, status in ((["."], 1), (["--exit-zero", "."], 0)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "zerolint", *args],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        first = proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == status
        assert first.startswith(b"train000.py:2:30: ZL101 ")
        assert err == ""
