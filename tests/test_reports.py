"""Output formats: json, sarif (validated against the OASIS schema), github and full."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import BUGGY, CLEAN, ONLY_ZL101, write

import zerolint
from zerolint.checks.registry import all_rules
from zerolint.diagnostics import HEADLINE_LIMIT, Diagnostic, FileError, Report
from zerolint.report import github_format

# The OASIS schema, carried by the repository (its source: tests/data/README.md).
SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

# BUGGY with a non-ASCII name before the findings: columns count characters, not bytes.
UNICODE = BUGGY.replace("model", "modèl")
LINE2, LINE3 = UNICODE.splitlines()[1:3]
ZL101_START = LINE2.index("tf.keras.layers.Dense") + 1
ZL101_END = LINE2.index('"softmax")') + len('"softmax")') + 1  # exclusive
ZL102_START = LINE3.index('"categorical_crossentropy"') + 1
ZL102_END = ZL102_START + len('"categorical_crossentropy"')


def test_json_document_shape_and_values(run_zerolint, tmp_path):
    write(tmp_path, "src/train.py", UNICODE)
    write(tmp_path, "broken.ipynb", "{")
    code, out, err = run_zerolint(["--output-format", "json", "src", "broken.ipynb"])
    assert (code, err) == (2, "")
    document = json.loads(out)

    assert set(document) == {"zerolint", "diagnostics", "errors"}
    assert document["zerolint"] == zerolint.__version__
    first, second = document["diagnostics"]
    keys = {"path", "line", "column", "end_line", "end_column", "cell", "code", "name"}
    keys |= {"category", "severity", "message", "explanation", "url", "fix"}
    assert set(first) == set(second) == keys
    assert (ZL101_START, ZL101_END, ZL102_START, ZL102_END) == (30, 76, 38, 64)
    assert {k: first[k] for k in keys - {"message", "explanation"}} == {
        "path": "src/train.py",
        "line": 2,
        "column": ZL101_START,
        "end_line": 2,
        "end_column": ZL101_END,
        "cell": None,
        "code": "ZL101",
        "name": "single-unit-softmax",
        "category": "loss-activation",
        "severity": "error",
        "url": "https://github.com/zerolint/zerolint/blob/main/rules/"
        "ZL101-single-unit-softmax/README.md",
        "fix": None,  # ZL101 fixes a softmax under a binary loss, not this categorical one
    }
    assert (second["code"], second["line"], second["column"]) == ("ZL102", 3, ZL102_START)
    assert (second["end_line"], second["end_column"]) == (3, ZL102_END)
    assert second["name"] == "categorical-loss-on-single-output"
    # message: the one-line headline (ruff's is short); explanation: the full text.
    assert second["message"] == (
        "categorical_crossentropy on a 1-unit output (Dense(1) at line 2): the loss is always 0"
    )
    assert second["explanation"].startswith("categorical_crossentropy (line 3) on a 1-unit output")
    assert " — use binary_crossentropy" in second["explanation"]
    assert first["message"].startswith("softmax on a 1-unit output")
    assert len(first["explanation"]) > len(first["message"])

    (error,) = document["errors"]
    assert set(error) == {"path", "line", "column", "message"}
    assert (error["path"], error["line"], error["column"]) == ("broken.ipynb", 1, 2)
    assert error["message"].startswith("invalid notebook JSON")


def test_json_when_clean(run_zerolint, tmp_path):
    write(tmp_path, "train.py", CLEAN)
    code, out, err = run_zerolint(["--output-format", "json"])
    assert (code, err) == (0, "")
    assert json.loads(out) == {"zerolint": zerolint.__version__, "diagnostics": [], "errors": []}


# --- SARIF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    import jsonschema  # the dev extra

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)  # draft-04, per its $schema
    validator_class.check_schema(schema)
    return validator_class(schema)


def sarif(run_zerolint, args, cwd=None, validator=None):
    code, out, err = run_zerolint(["--output-format", "sarif", *args], cwd)
    assert err == ""
    document = json.loads(out)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    return code, run


def test_sarif_findings(run_zerolint, tmp_path, sarif_validator):
    write(tmp_path, "src/train.py", UNICODE)
    code, run = sarif(run_zerolint, ["src"], validator=sarif_validator)
    assert code == 1

    driver = run["tool"]["driver"]
    assert driver["name"] == "zerolint"
    assert driver["version"] == zerolint.__version__
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == [rule.code for rule in all_rules()]
    for rule, registered in zip(rules, all_rules(), strict=True):
        assert rule["name"] == registered.name
        assert rule["shortDescription"]["text"] == registered.summary
        assert rule["fullDescription"]["text"]
        assert "## What it does" in rule["help"]["text"]
        level = {"error": "error", "warning": "warning", "info": "note"}[registered.severity]
        assert rule["defaultConfiguration"]["level"] == level
        assert rule["helpUri"] == registered.url()

    assert run["invocations"][0]["executionSuccessful"] is True
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == tmp_path.resolve().as_uri() + "/"

    first, second = run["results"]
    for result, code_, region in (
        (first, "ZL101", (2, ZL101_START, 2, ZL101_END)),
        (second, "ZL102", (3, ZL102_START, 3, ZL102_END)),
    ):
        assert result["ruleId"] == code_
        assert rules[result["ruleIndex"]]["id"] == code_
        assert result["level"] == "error"
        text, markdown = result["message"]["text"], result["message"]["markdown"]
        assert len(text) <= HEADLINE_LIMIT
        # Markdown's markup escaped: ``y_pred`` and ``a * b`` stay as written.
        assert re.sub(r"\\(.)", r"\1", markdown).startswith(f"**{text}**\n\n")
        assert len(markdown) > 2 * len(text)
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "src/train.py", "uriBaseId": "%SRCROOT%"}
        r = physical["region"]
        assert (r["startLine"], r["startColumn"], r["endLine"], r["endColumn"]) == region


def test_sarif_with_file_errors_and_notebooks(run_zerolint, tmp_path, sarif_validator):
    write(tmp_path, "syntax.py", "import os\nif True:\nx = 1\n")
    write(tmp_path, "latin1.py", b"x = '\xff'\n")
    write(tmp_path, "with space.py", BUGGY)
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": BUGGY}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    write(tmp_path, "nb.ipynb", json.dumps(notebook))
    write(tmp_path.parent / f"{tmp_path.name}-outside", "outside.py", BUGGY)

    code, run = sarif(
        run_zerolint,
        [".", f"../{tmp_path.name}-outside/outside.py", "missing.py"],
        validator=sarif_validator,
    )
    assert code == 2
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notifications = {
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n
        for n in invocation["toolExecutionNotifications"]
    }
    assert set(notifications) == {"latin1.py", "missing.py", "syntax.py"}
    assert notifications["latin1.py"]["level"] == "error"
    region = notifications["latin1.py"]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 6}

    by_uri = {}
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        by_uri.setdefault(artifact["uri"], []).append(result)
    outside = (tmp_path.parent / f"{tmp_path.name}-outside" / "outside.py").as_uri()
    assert set(by_uri) == {"nb.ipynb", "with%20space.py", outside}
    assert by_uri["nb.ipynb"][0]["properties"] == {"cell": 1}


def test_sarif_fixes(run_zerolint, tmp_path, sarif_validator):
    # ZL101 under a binary loss has an (unsafe) fix; in a notebook it is not given, because
    # its edits are in the joined program's lines, not the .ipynb file's.
    write(tmp_path, "train.py", ONLY_ZL101)
    notebook = {"cells": [{"cell_type": "code", "source": ONLY_ZL101}], "metadata": {}}
    write(tmp_path, "nb.ipynb", json.dumps(notebook))
    code, run = sarif(run_zerolint, [], validator=sarif_validator)
    assert code == 1
    in_notebook, in_file = run["results"]
    assert "fixes" not in in_notebook
    (fix,) = in_file["fixes"]
    assert fix["description"]["text"] and fix["properties"] == {"applicability": "unsafe"}
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "train.py", "uriBaseId": "%SRCROOT%"}
    # Applying the replacements (1-based code-point columns) gives a file without ZL101.
    lines = ONLY_ZL101.splitlines(keepends=True)
    for replacement in sorted(
        change["replacements"], key=lambda r: tuple(r["deletedRegion"].values()), reverse=True
    ):
        region = replacement["deletedRegion"]
        assert region["startLine"] == region["endLine"]
        line = lines[region["startLine"] - 1]
        start, end = region["startColumn"] - 1, region["endColumn"] - 1
        lines[region["startLine"] - 1] = (
            line[:start] + replacement["insertedContent"]["text"] + line[end:]
        )
    write(tmp_path, "train.py", "".join(lines))
    assert run_zerolint(["train.py"])[0] == 0


def test_sarif_without_findings(run_zerolint, tmp_path, sarif_validator):
    write(tmp_path, "train.py", CLEAN)
    code, run = sarif(run_zerolint, [], validator=sarif_validator)
    assert code == 0
    assert run["results"] == []
    assert len(run["tool"]["driver"]["rules"]) == len(all_rules())
    assert run["invocations"][0]["executionSuccessful"] is True


# --- GitHub annotations ---------------------------------------------------------------------


def test_github_annotations(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)
    write(tmp_path, "syntax.py", "import os\nif True:\nx = 1\n")
    code, out, err = run_zerolint(["--output-format", "github"])
    assert (code, err) == (2, "")
    _, json_out, _ = run_zerolint(["--output-format", "json"])
    messages = [d["message"] for d in json.loads(json_out)["diagnostics"]]
    lines = out.splitlines()
    assert lines[:2] == [
        "::error file=train.py,line=2,col=30,endLine=2,endColumn=76,"
        f"title=ZL101 single-unit-softmax::{messages[0]}",
        "::error file=train.py,line=3,col=38,endLine=3,endColumn=64,"
        f"title=ZL102 categorical-loss-on-single-output::{messages[1]}",
    ]
    assert lines[2].startswith("::error file=syntax.py,line=3,col=1,title=zerolint error::")
    assert len(lines) == 3


def test_github_escapes_properties(run_zerolint, tmp_path):
    write(tmp_path, "50%,a:b\nc.py", BUGGY)
    code, out, _ = run_zerolint(["--output-format", "github", "--select", "ZL101"])
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith("::error file=50%25%2Ca%3Ab%0Ac.py,line=2,col=30,")


def test_github_escapes_data_and_marks_cells():
    diagnostic = Diagnostic(
        path="nb.ipynb",
        code="ZL101",
        name="single-unit-softmax",
        category="loss-activation",
        severity="error",
        message="the full explanation",
        headline="100% wrong:\r\nsee, here",
        help="",
        url="",
        line=3,
        column=5,
        end_line=3,
        end_column=9,
        cell=4,
    )
    report = Report([diagnostic], [FileError("a,b.py", "50% bad\nreally", 1, 2)])
    assert github_format.render(report, list(all_rules())).splitlines() == [
        "::error file=nb.ipynb,line=3,col=5,endLine=3,endColumn=9,title=ZL101 single-unit-softmax"
        "::cell 4: 100%25 wrong:%0D%0Asee, here",
        "::error file=a%2Cb.py,line=1,col=2,title=zerolint error::50%25 bad%0Areally",
    ]


# --- full (default) --------------------------------------------------------------------------


def test_full_format(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)
    multiline = BUGGY.replace(
        '[tf.keras.layers.Dense(1, activation="softmax")]',
        '[\n    tf.keras.layers.Dense(\n        1, activation="softmax"),\n]',
    )
    write(tmp_path, "wide.py", multiline.replace("categorical_crossentropy", "mse"))
    code, out, err = run_zerolint([])
    assert (code, err) == (1, "")
    _, json_out, _ = run_zerolint(["--output-format", "json"])
    diagnostics = json.loads(json_out)["diagnostics"]
    messages = [d["message"] for d in diagnostics]
    explanations = [d["explanation"] for d in diagnostics]

    blocks = out.split("\n\n")
    assert len(blocks) == 4
    first = blocks[0].splitlines()
    assert first[:5] == [
        f"train.py:2:30: ZL101 {messages[0]}",
        "  |",
        '2 | model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])',
        "  | " + " " * 29 + "^" * 46 + " ZL101",
        "  |",
    ]
    assert first[5] == f"  = note: {explanations[0]}"
    assert first[6].startswith("  = help: ")
    assert len(first[6]) > len("  = help: ")
    assert first[7] == f"  = docs: {diagnostics[0]['url']}"

    second = blocks[1].splitlines()
    assert second[0] == f"train.py:3:38: ZL102 {messages[1]}"
    assert second[3] == "  | " + " " * 37 + "^" * 26 + " ZL102"

    # A span over several lines: carets to the end of its first line.
    third = blocks[2].splitlines()
    assert third[0] == f"wide.py:3:5: ZL101 {messages[2]}"
    assert third[2:4] == [
        "3 |     tf.keras.layers.Dense(",
        "  |     " + "^" * len("tf.keras.layers.Dense(") + " ZL101",
    ]
    assert blocks[3] == "Found 3 findings in 2 files.\n"


# --- file names that are not UTF-8, or hold a newline --------------------------------------

BAD_NAME = b"bad\xffname.py"
NEWLINE_NAME = "new\nline.py"


def _odd_names(tmp_path: Path) -> Path:
    import os

    write(tmp_path, NEWLINE_NAME, BUGGY)
    write(tmp_path, "broken\nsyntax.py", "import keras\nx = (\n")
    (tmp_path / os.fsdecode(BAD_NAME)).write_text(BUGGY, encoding="utf-8")
    return tmp_path


def _raw(tmp_path: Path, fmt: str) -> tuple[int, str, str]:
    """zerolint's output as bytes that must be valid UTF-8 (decoding is strict)."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "zerolint", "--output-format", fmt, "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in out + err
    return proc.returncode, out, err


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX file names")
@pytest.mark.parametrize("fmt", ["concise", "full", "github"])
def test_odd_file_names_stay_on_one_line_in_text_output(tmp_path, fmt):
    code, out, err = _raw(_odd_names(tmp_path), fmt)
    assert code == 2
    if fmt == "github":
        # GitHub decodes %0A back to the newline of the real name; U+FFFD for the byte.
        assert "file=bad\ufffdname.py,line=2" in out
        assert "file=new%0Aline.py,line=2" in out
        assert "file=broken%0Asyntax.py,line=2,col=5,title=zerolint error::" in out
    else:
        # The syntax error is one line, its name escaped.
        assert err.splitlines()[0].startswith("broken\\nsyntax.py:2:5: error: syntax error")
        starts = [line for line in out.splitlines() if ":2:30: ZL101 " in line]
        assert [line.split(":2:30:")[0] for line in starts] == ["bad\\xffname.py", "new\\nline.py"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="POSIX file names")
def test_odd_file_names_in_json_and_sarif_are_valid_and_exact_where_they_can_be(tmp_path):
    _odd_names(tmp_path)
    code, out, _ = _raw(tmp_path, "json")
    assert code == 2
    document = json.loads(out)
    assert sorted({d["path"] for d in document["diagnostics"]}) == [
        "bad\ufffdname.py",
        "new\nline.py",
    ]
    assert [e["path"] for e in document["errors"]] == ["broken\nsyntax.py"]

    code, out, _ = _raw(tmp_path, "sarif")
    assert code == 2
    run = json.loads(out)["runs"][0]
    uris = sorted(
        {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    )
    assert uris == ["bad%FFname.py", "new%0Aline.py"]  # the file's own bytes, percent-encoded
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "broken%0Asyntax.py"
    )
