"""Input zerolint cannot check: one clear error line each, exit 2, and the other files still linted.

Every case runs next to a good buggy file, so the test also proves that one bad file never
hides the findings in the others.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUGGY, error_lines, findings, run, write

import zerolint.inputs.sources
from zerolint.cli.main import main

GOOD_FINDING = ("good.py", 2, 30, "ZL101")

# name, content (None: not created), the expected error line's start
CASES = [
    pytest.param(
        "syntax.py",
        b"import os\nif True:\nx = 1\n",
        "syntax.py:3:1: error: syntax error",
        id="syntax-error",
    ),
    pytest.param(
        "latin1.py",
        b"x = '\xff'\n",
        "latin1.py:1:6: error: not valid UTF-8 (byte 0xff)",
        id="not-utf8",
    ),
    pytest.param(
        "binary.py",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
        "binary.py: error: binary file (contains NUL bytes)",
        id="binary",
    ),
    pytest.param(
        "broken.ipynb",
        b'{"cells": [\n  {"cell_type": "code",, }\n]}\n',
        "broken.ipynb:2:24: error: invalid notebook JSON",
        id="notebook-broken-json",
    ),
    pytest.param(
        "empty.ipynb",
        b"",
        "empty.ipynb: error: empty notebook: not valid JSON",
        id="notebook-empty",
    ),
    pytest.param(
        "list.ipynb",
        b"[1, 2]\n",
        "list.ipynb: error: not a Jupyter notebook",
        id="notebook-not-a-notebook",
    ),
    pytest.param(
        "missing.py",
        None,
        "missing.py: error: no such file or directory",
        id="missing-path",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES)
def test_bad_input_is_one_error_line_and_the_good_file_is_still_linted(
    run_zerolint, tmp_path, name, content, expected
):
    write(tmp_path, "good.py", BUGGY)
    if content is not None:
        write(tmp_path, name, content)

    code, out, err = run_zerolint(["--output-format", "concise", name, "good.py"])

    assert code == 2
    errors = error_lines(err)
    assert len(errors) == 1, err
    assert errors[0].startswith(expected), errors[0]
    assert GOOD_FINDING in findings(out)
    assert name not in out  # the bad file is reported on stderr only


def test_quiet_leaves_only_the_error_line_on_stderr(run_zerolint, tmp_path):
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "latin1.py", b"x = '\xff'\n")
    code, out, err = run_zerolint(["-q", "--output-format", "concise", "."])
    assert code == 2
    assert err.splitlines() == [
        "latin1.py:1:6: error: not valid UTF-8 (byte 0xff); zerolint reads UTF-8 source"
    ]
    assert GOOD_FINDING in findings(out)


def test_an_error_alone_is_not_reported_as_all_checks_passed(run_zerolint, tmp_path):
    write(tmp_path, "latin1.py", b"x = '\xff'\n")
    code, out, err = run_zerolint(["latin1.py"])
    assert code == 2
    assert out == "No findings.\n"
    assert err.splitlines() == [
        "latin1.py:1:6: error: not valid UTF-8 (byte 0xff); zerolint reads UTF-8 source",
        "1 path could not be checked.",
    ]


def test_bad_files_found_by_walking_a_folder_are_errors_in_json(run_zerolint, tmp_path):
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "pkg/syntax.py", b"import os\nif True:\nx = 1\n")
    write(tmp_path, "pkg/latin1.py", b"x = '\xff'\n")
    write(tmp_path, "pkg/binary.py", b"\x00\x01\x02")
    write(tmp_path, "pkg/broken.ipynb", b'{"cells": [\n  {"cell_type": "code",, }\n]}\n')
    write(tmp_path, "pkg/empty.ipynb", b"")

    code, out, err = run_zerolint(["--output-format", "json", ".", "missing.py"])

    assert code == 2
    assert err == ""  # machine formats carry the errors in the document
    document = json.loads(out)
    errors = {e["path"]: (e["line"], e["column"]) for e in document["errors"]}
    assert errors == {
        "missing.py": (None, None),
        "pkg/binary.py": (None, None),
        "pkg/broken.ipynb": (2, 24),
        "pkg/empty.ipynb": (None, None),
        "pkg/latin1.py": (1, 6),
        "pkg/syntax.py": (3, 1),
    }
    messages = {e["path"]: e["message"] for e in document["errors"]}
    assert messages["pkg/syntax.py"].startswith("syntax error")
    assert messages["missing.py"] == "no such file or directory"
    assert [(d["path"], d["line"], d["code"]) for d in document["diagnostics"]] == [
        ("good.py", 2, "ZL101"),
        ("good.py", 3, "ZL102"),
    ]


def test_syntax_error_points_at_the_offending_token(run_zerolint, tmp_path):
    # CPython's position (as ruff reports it), not libcst's (line 2, column 1).
    write(tmp_path, "syntax.py", "import tensorflow\ndef f(:\n    pass\n")
    write(tmp_path, "plain.py", "def f(:\n    pass\n")  # no Keras: libcst is skipped
    write(
        tmp_path,
        "cell.ipynb",
        json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": "import keras\n"},
                    {"cell_type": "code", "source": "x = 1\ndef f(:\n    pass\n"},
                ]
            }
        ),
    )
    code, _, err = run_zerolint(["syntax.py", "plain.py", "cell.ipynb"])
    assert code == 2
    assert [line.split(" error: ")[0] for line in error_lines(err)] == [
        "cell.ipynb:cell 2:2:7:",
        "plain.py:1:7:",
        "syntax.py:2:7:",
    ]


def test_empty_python_file_is_a_valid_module_not_an_error(run_zerolint, tmp_path):
    write(tmp_path, "empty.py", "")
    write(tmp_path, "pkg/__init__.py", "")
    code, out, err = run_zerolint(["empty.py", "pkg"])
    assert (code, err) == (0, "")
    assert out == "All checks passed!\n"

    write(tmp_path, "good.py", BUGGY)
    code, out, err = run_zerolint(["--output-format", "concise", "."])
    assert (code, err) == (1, "")
    assert GOOD_FINDING in findings(out)


# In-process cases: the machine runs as root (chmod has no effect) and writing a file over
# the real 10 MB limit would be slow, so these monkeypatch one thing and call main().


def _main(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_unlistable_folder_is_an_error_and_the_rest_is_linted(tmp_path, monkeypatch, capsys):
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "locked/hidden.py", BUGGY)
    locked = tmp_path / "locked"
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)

    code, out, err = _main(["--output-format", "concise", "."], capsys)

    assert code == 2
    assert error_lines(err) == ["locked: error: permission denied: cannot list the folder"]
    assert findings(out) == [GOOD_FINDING, ("good.py", 3, 38, "ZL102")]


def _unprivileged() -> list[str]:
    """A command prefix under which file permissions apply: none for a normal user; for
    root (CI runs as root, and root reads any file), setpriv without the two capabilities
    that bypass them. Skips the test only where neither is possible."""
    if not hasattr(os, "geteuid"):
        pytest.skip("file permissions are POSIX's")
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop CAP_DAC_OVERRIDE")
    caps = "-dac_override,-dac_read_search"
    prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")
    return prefix


@pytest.fixture
def locked_tree(tmp_path):
    """good.py; noexec/ (listable, not enterable) with a.py and sub/c.py; locked/ (no
    permission at all) with b.py; secret.py (unreadable). Permissions restored after."""
    prefix = _unprivileged()
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "noexec/a.py", BUGGY)
    write(tmp_path, "noexec/sub/c.py", BUGGY)
    write(tmp_path, "locked/b.py", BUGGY)
    write(tmp_path, "secret.py", BUGGY)
    modes = {"noexec": 0o644, "locked": 0, "secret.py": 0}
    for name, mode in modes.items():
        (tmp_path / name).chmod(mode)

    def runner(args: list[str]):
        return run(args, tmp_path, exe=[*prefix, sys.executable, "-m", "zerolint"])

    yield runner
    for name in modes:
        (tmp_path / name).chmod(0o755)


NO_ENTRY = "permission denied: cannot access the path"
NO_LIST = "permission denied: cannot list the folder"
NO_READ = "permission denied: cannot read the file"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        # .git probe of gitignore.py (the walk finds noexec/a.py), then the unreadable file.
        (
            ".",
            [f"locked: error: {NO_LIST}", f"noexec/a.py: error: {NO_READ}"]
            + [f"noexec/sub: error: {NO_LIST}", f"secret.py: error: {NO_READ}"],
        ),
        # The pyproject.toml probe of config.py in a folder that cannot be entered.
        ("noexec", [f"noexec/a.py: error: {NO_READ}", f"noexec/sub: error: {NO_LIST}"]),
        ("locked", [f"locked: error: {NO_LIST}"]),
        # is_dir in cli.py and exists in files.py, on a file in such a folder.
        ("noexec/a.py", [f"noexec/a.py: error: {NO_ENTRY}"]),
        ("locked/b.py", [f"locked/b.py: error: {NO_ENTRY}"]),
        ("secret.py", [f"secret.py: error: {NO_READ}"]),
    ],
)
def test_unreadable_folders_and_files_are_one_error_each_and_the_rest_is_linted(
    locked_tree, given, expected
):
    code, out, err = locked_tree(["--output-format", "concise", given, "good.py"])

    assert code == 2
    assert sorted(error_lines(err)) == expected
    assert findings(out) == [GOOD_FINDING, ("good.py", 3, 38, "ZL102")]


def test_file_over_the_size_limit_is_an_error(tmp_path, monkeypatch, capsys):
    write(tmp_path, "good.py", BUGGY)
    write(tmp_path, "big.py", "# padding\n" * 100)  # 1,000 bytes
    monkeypatch.setattr(zerolint.inputs.sources, "MAX_BYTES", 400)
    monkeypatch.chdir(tmp_path)

    code, out, err = _main(["--output-format", "concise", "big.py", "good.py"], capsys)

    assert code == 2
    assert error_lines(err) == [
        "big.py: error: file is too large to lint (1,000 bytes; the limit is 400 bytes)"
    ]
    assert GOOD_FINDING in findings(out)


def test_stdin_over_the_size_limit_is_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(zerolint.inputs.sources, "MAX_BYTES", 400)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# padding\n" * 100)))
    monkeypatch.chdir(tmp_path)

    code, _, err = _main(["-", "--stdin-filename", "big.py"], capsys)

    assert code == 2
    assert error_lines(err) == [
        "big.py: error: file is too large to lint (1,000 bytes; the limit is 400 bytes)"
    ]


def test_utf16_file_is_named_as_such(run_zerolint, tmp_path):
    (tmp_path / "wide.py").write_bytes("x = 1\n".encode("utf-16"))
    code, _, err = run_zerolint(["wide.py"])
    assert code == 2
    assert "wide.py: error: UTF-16 encoded (byte-order mark); zerolint reads UTF-8 source" in err
