"""Shared helpers: run zerolint as a real subprocess or lint a snippet in-process, and the
smallest buggy programs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.processes import end_marked_processes
from zerolint.checks.registry import all_rules
from zerolint.diagnostics import Diagnostic
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text
from zerolint.verify import sandbox

# ZL101 on line 2 (columns 30-76, the Dense call), ZL102 on line 3 (columns 38-64).
BUGGY = """\
import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""
# ZL101 only, on line 2.
ONLY_ZL101 = BUGGY.replace('"categorical_crossentropy"', '"binary_crossentropy"')
CLEAN = ONLY_ZL101.replace('"softmax"', '"sigmoid"')

# ``# expect: ZL101, ZL102`` on the line a finding must point at.
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>ZL\d{3}(?:\s*,\s*ZL\d{3})*)")

_COUNT = re.compile(r"^\d+ (path|paths) could not be checked\.$")
_CONCISE = re.compile(r"^(?P<where>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>ZL\d{3}) ")


def _user_namespaces_here() -> bool:
    """Whether this process may create a user namespace: not in a chroot, nor in a container
    whose seccomp profile forbids ``unshare`` (a forked child tries, and exits)."""
    if not sys.platform.startswith("linux"):
        return False
    child = os.fork()
    if child == 0:
        code = 1
        try:
            sandbox._unshare(sandbox._CLONE_NEWUSER)
            code = 0
        finally:
            os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) == 0


# The level at which --verify keeps a script's writes off the user's files here: the
# copy-on-write view needs user namespaces; where there are none (a chroot, a container that
# forbids unshare) Landlock refuses the writes; without Landlock either, only Python's own.
USER_NAMESPACES = _user_namespaces_here()
if USER_NAMESPACES:
    FILES_LEVEL = sandbox.COPY_ON_WRITE
elif sys.platform.startswith("linux") and sandbox.landlock_available():
    FILES_LEVEL = sandbox.READ_ONLY
else:
    FILES_LEVEL = sandbox.PYTHON_ONLY
# What a --verify run that reached a dry run prints on stderr here: nothing at the full
# level, else the one line that says what this machine leaves unprotected.
_GAP = sandbox.FILES_GAPS[FILES_LEVEL]
VERIFY_WARNING = f"zerolint: warning: --verify: {_GAP}\n" if _GAP else ""


def write(root: Path, relative: str, content: str | bytes) -> Path:
    """Create ``root/relative`` (and its folders) with text or bytes."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def findings(stdout: str) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each line of ``--output-format concise`` output."""
    found = []
    for line in stdout.splitlines():
        match = _CONCISE.match(line)
        if match:
            found.append((match["where"], int(match["line"]), int(match["col"]), match["code"]))
    return found


def error_lines(stderr: str) -> list[str]:
    """The per-file error lines of stderr; every other line must be the count of them."""
    errors = [line for line in stderr.splitlines() if not _COUNT.match(line)]
    assert all(": error: " in line for line in errors), stderr
    return errors


def run(
    args: list[str],
    cwd: Path,
    stdin: bytes | str | None = None,
    exe=None,
    env: dict[str, str] | None = None,
):
    """Run ``python -m zerolint ARGS`` (or ``exe ARGS``) in ``cwd``, with ``env`` added to
    the environment: (code, stdout, stderr)."""
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    command = [*(exe or [sys.executable, "-m", "zerolint"]), *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=120, env=env)
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr, stdout + stderr
    return proc.returncode, stdout, stderr


@pytest.fixture
def run_zerolint(tmp_path: Path):
    """``run_zerolint(args, cwd=tmp_path, stdin=None) -> (code, stdout, stderr)``."""

    def runner(args: list[str], cwd: Path | None = None, stdin: bytes | str | None = None):
        return run(args, cwd or tmp_path, stdin)

    return runner


def lint(code: str, options: dict | None = None) -> list[Diagnostic]:
    """Lint a (dedented) snippet in-process with every rule; it must not be a file error."""
    source = from_text(textwrap.dedent(code), "snippet.py")
    diagnostics, errors = lint_source(source, list(all_rules()), options)
    assert errors == []
    return diagnostics


def markers(code: str) -> list[tuple[int, str]]:
    """The (line, code) pairs a snippet's ``# expect:`` markers ask for."""
    marks = []
    for number, line in enumerate(textwrap.dedent(code).splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            marks += [(number, c.strip()) for c in match.group("codes").split(",")]
    return sorted(marks)


def message(code: str, rule: str) -> str:
    """The message of the one finding of ``rule`` in a snippet."""
    (found,) = [d for d in lint(code) if d.code == rule]
    return found.message


@pytest.fixture(autouse=True)
def _no_process_outlives_its_test():
    """After each test, kill what its marked runs left: a test that fails (or a bug it
    finds) must not leave a looping script to slow down, and fail, the tests after it.
    Tests check ``gone(marker)`` themselves, before this runs."""
    yield
    end_marked_processes()
