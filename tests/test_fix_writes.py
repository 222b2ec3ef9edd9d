"""--fix and --add-noqa replace a file at once or not at all: a failed write (here a file
size limit, as a full disk) leaves it byte for byte, a concurrent reader never sees half of
it, and the report shows the findings the file still has."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import findings, write
from test_fix_cli import LOG_SOFTMAX, LOG_SOFTMAX_FIXED, _notebook

from zerolint.cli.main import main
from zerolint.fix import fix_files
from zerolint.fix.atomic_write import TEMP_SUFFIX

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX file-size limits")


def _limited(args: list[str], cwd: Path, max_bytes: int) -> tuple[int, str, str]:
    """zerolint with every file it writes limited to ``max_bytes`` (as ``prlimit --fsize``;
    Python ignores SIGXFSZ, so a write past it fails with EFBIG)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    proc = subprocess.run(
        [sys.executable, "-m", "zerolint", *args],
        cwd=cwd,
        capture_output=True,
        preexec_fn=limit,  # noqa: PLW1509 -- single-threaded test, before exec only
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert "Traceback" not in out + err
    return proc.returncode, out, err


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_a_failed_fix_leaves_the_file_intact_and_reports_its_real_findings(tmp_path):
    # Two findings, one of them fixable: had the fix been written, one would remain.
    text = LOG_SOFTMAX + "y = tf.math.log(tf.nn.softmax(z))\n"
    path = write(tmp_path, "train.py", text)
    before = path.read_bytes()

    code, out, err = _limited(["--fix", "--output-format", "concise", "train.py"], tmp_path, 100)

    assert path.read_bytes() == before
    assert code == 2
    assert "train.py: error: cannot write the file: File too large" in err
    assert [(f[1], f[3]) for f in findings(out)] == [(5, "ZL502"), (6, "ZL502")]
    assert "Fixed" not in out
    assert _leftovers(tmp_path) == []


def test_a_failed_fix_of_a_notebook_leaves_it_intact(tmp_path):
    text = json.dumps(_notebook(), indent=1) + "\n"
    path = write(tmp_path, "train.ipynb", text)

    code, _, err = _limited(["--fix", "train.ipynb"], tmp_path, 200)

    assert (code, path.read_text(encoding="utf-8")) == (2, text)
    assert "train.ipynb: error: cannot write the file: File too large" in err
    assert _leftovers(tmp_path) == []


def test_a_failed_add_noqa_leaves_the_file_intact(tmp_path):
    path = write(tmp_path, "train.py", LOG_SOFTMAX)

    code, _, err = _limited(["--add-noqa", "train.py"], tmp_path, 100)

    assert (code, path.read_text(encoding="utf-8")) == (2, LOG_SOFTMAX)
    assert "train.py: error: cannot write the file: File too large" in err
    assert _leftovers(tmp_path) == []


def test_a_fixed_file_keeps_its_mode_and_a_symlink_stays_a_symlink(run_zerolint, tmp_path):
    real = write(tmp_path, "real/train.py", LOG_SOFTMAX)
    real.chmod(0o751)
    link = tmp_path / "train.py"
    link.symlink_to(real)

    assert run_zerolint(["--fix", "train.py"])[0] == 0

    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == LOG_SOFTMAX_FIXED
    assert real.stat().st_mode & 0o777 == 0o751


def test_concurrent_fix_runs_never_read_a_half_written_notebook(tmp_path):
    # Eight runs on the same folder read what the others write, and a watcher reads the
    # notebooks all along: each read must find the old notebook or the fixed one. Megabytes
    # of outputs make each write take a while.
    document = _notebook()
    document["cells"][1]["outputs"][0]["text"] = ["x" * 1000 + "\n"] * 5000
    text = json.dumps(document, indent=1) + "\n"
    document["cells"][2]["source"] = LOG_SOFTMAX_FIXED.splitlines(keepends=True)[3:]
    fixed = json.dumps(document, indent=1) + "\n"
    paths = [write(tmp_path, f"nb{index}.ipynb", text) for index in range(2)]
    done = threading.Event()
    seen: list[str] = []

    def watch() -> None:
        while not done.is_set():
            for path in paths:
                content = path.read_text(encoding="utf-8")
                if content not in (text, fixed):
                    seen.append(f"{path.name}: {len(content):,} of {len(text):,} characters")

    def fix(_: int) -> tuple[int, str]:
        command = [sys.executable, "-m", "zerolint", "--fix", "."]
        proc = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=120)
        return proc.returncode, proc.stderr.decode()

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(fix, range(8)))
    finally:
        done.set()
        watcher.join()
    assert seen == []
    assert results == [(0, "")] * 8
    assert [path.read_text(encoding="utf-8") for path in paths] == [fixed, fixed]
    assert _leftovers(tmp_path) == []


def test_a_notebook_replaced_after_it_was_read_gets_the_fix_of_what_was_read(
    tmp_path, monkeypatch, capsys
):
    # Another --fix replaces the notebook after this run read it. The fix is
    # written into the text this run read and linted, never into a second read of the file,
    # where its positions would land elsewhere (a notebook 9 characters short of the fixed
    # one was once seen by a reader of the concurrent test above).
    document = _notebook()
    text = json.dumps(document, indent=1) + "\n"
    document["cells"][2]["source"] = LOG_SOFTMAX_FIXED.splitlines(keepends=True)[3:]
    fixed = json.dumps(document, indent=1) + "\n"
    path = write(tmp_path, "nb.ipynb", text)
    each_file = fix_files.each_file

    def read_then_let_another_run_fix(report, paths, settings, rules, force_exclude, fix):
        def fix_after_the_other(path, display, source, file_rules):
            path.write_text(fixed, encoding="utf-8")
            fix(path, display, source, file_rules)

        each_file(report, paths, settings, rules, force_exclude, fix_after_the_other)

    monkeypatch.setattr(fix_files, "each_file", read_then_let_another_run_fix)
    monkeypatch.chdir(tmp_path)

    assert main(["--fix", "--no-cache", "nb.ipynb"]) == 0
    assert path.read_text(encoding="utf-8") == fixed
    assert "error" not in capsys.readouterr().err


# --- files with CR-only line breaks ------------------------------------------------------


def test_fix_and_noqa_work_on_a_file_with_cr_line_breaks(run_zerolint, tmp_path):
    path = write(tmp_path, "train.py", LOG_SOFTMAX.replace("\n", "\r").encode())
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 1 and "ZL502 [*]" in out

    assert run_zerolint(["--fix", "train.py"])[0] == 0
    assert path.read_bytes() == LOG_SOFTMAX_FIXED.replace("\n", "\r").encode()

    path.write_bytes(LOG_SOFTMAX.replace("\n", "\r").encode())
    assert run_zerolint(["--add-noqa", "train.py"])[2] == "Added 1 noqa directive.\n"
    assert b"axis=-1)  # noqa: ZL502\r" in path.read_bytes()
    assert run_zerolint(["train.py"]) == (0, "All checks passed!\n", "")
