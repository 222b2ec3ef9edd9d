"""The cache: what a warm run answers, what makes it lint again, where it lives, how it
survives damage and runs at the same time, and ``zerolint clean``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUGGY, CLEAN, ONLY_ZL101, run, write

import zerolint.run.cache
import zerolint.run.runner
from zerolint.checks.registry import all_rules
from zerolint.config.selection import enabled_rules, settings_layer
from zerolint.config.settings import Settings, load_settings
from zerolint.diagnostics import Report
from zerolint.run.cache import Cache
from zerolint.run.runner import check_files, check_stdin

REPO_ROOT = Path(__file__).resolve().parents[1]
# A finding with a safe fix (ZL502).
FIXABLE = """\
import tensorflow as tf


def cross_entropy(y_true, logits):
    return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits)), axis=-1)
"""
NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Training\n"]},
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": ["import tensorflow as tf\n"],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": BUGGY.splitlines(keepends=True)[1:],
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


@pytest.fixture
def linted(monkeypatch):
    """The files ``lint_source`` is asked about (a cache hit never asks)."""
    asked: list[str] = []
    real = zerolint.run.runner.lint_source

    def spy(source, rules, options=None):
        asked.append(Path(source.path).name)
        return real(source, rules, options)

    monkeypatch.setattr(zerolint.run.runner, "lint_source", spy)
    return asked


def _check(root: Path, settings: Settings | None = None) -> Report:
    settings = settings or load_settings(None, root)
    report = Report()
    rules = enabled_rules([settings_layer(settings)])
    check_files(report, [str(root)], settings, rules, False, 1, Cache.open(settings))
    report.sort()
    return report


def _project(tmp_path: Path, config: str = "") -> Path:
    write(tmp_path, "pyproject.toml", f"[tool.zerolint]\n{config}")
    write(tmp_path, "train.py", BUGGY)
    write(tmp_path, "clean.py", CLEAN)
    write(tmp_path, "notebook.ipynb", json.dumps(NOTEBOOK))
    write(tmp_path, "losses.py", FIXABLE)
    return tmp_path


def _fixes(report: Report) -> list:
    return [(d.fix.as_json(), d.fix.edits) if d.fix else None for d in report.diagnostics]


def test_a_warm_run_answers_from_the_cache_with_the_same_results(tmp_path, linted):
    root = _project(tmp_path)
    cold = _check(root)
    assert sorted(linted) == ["clean.py", "losses.py", "notebook.ipynb", "train.py"]
    linted.clear()
    warm = _check(root)
    assert linted == []
    assert warm.diagnostics == cold.diagnostics and warm.errors == cold.errors
    assert _fixes(warm) == _fixes(cold) and any(_fixes(warm))
    assert {d.cell for d in warm.diagnostics} == {None, 3}  # the notebook's cells come back


def test_the_cache_folder_is_tagged_and_ignored_by_git(tmp_path):
    _check(_project(tmp_path))
    folder = tmp_path / ".zerolint_cache"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


@pytest.mark.parametrize(
    "change",
    ["content", "select", "options", "per-file-ignores", "code"],
)
def test_what_makes_a_file_linted_again(tmp_path, linted, monkeypatch, change):
    root = _project(tmp_path)
    _check(root)
    linted.clear()
    settings = load_settings(None, root)
    if change == "content":
        write(root, "train.py", ONLY_ZL101)
    elif change == "select":
        settings.ignore = ["ZL102"]
    elif change == "options":
        settings.rule_options = {"ZL301": {"max-scale-ratio": 5}}
    elif change == "per-file-ignores":
        settings.per_file_ignores = {"train.py": ["ZL101"]}
    else:  # another zerolint: its version or any of its modules differ
        monkeypatch.setattr(zerolint.run.cache, "_code_fingerprint", lambda: "another build")
    warm = _check(root, settings)
    left = [d.code for d in warm.diagnostics if d.path.endswith("train.py")]
    if change in ("content", "per-file-ignores"):
        assert linted == ["train.py"]
        assert left == (["ZL102"] if change == "per-file-ignores" else ["ZL101"])
    else:  # every file has another rule set, or runs ZL301, or is another zerolint's
        assert sorted(linted) == ["clean.py", "losses.py", "notebook.ipynb", "train.py"]
        assert left == (["ZL101"] if change == "select" else ["ZL101", "ZL102"])


def test_options_of_a_rule_that_does_not_run_on_a_file_are_not_in_its_key(tmp_path, linted):
    root = _project(tmp_path)
    settings = load_settings(None, root)
    settings.per_file_ignores = {"train.py": ["ZL3"]}
    _check(root, settings)
    linted.clear()
    settings.rule_options = {"ZL301": {"max-scale-ratio": 5}}
    _check(root, settings)
    assert sorted(linted) == ["clean.py", "losses.py", "notebook.ipynb"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign", "empty"])
def test_a_damaged_entry_is_linted_again_and_rewritten(tmp_path, linted, damage):
    root = _project(tmp_path)
    cold = _check(root)
    entries = [p for p in (root / ".zerolint_cache").rglob("*") if p.is_file()]
    entries = [p for p in entries if p.name not in ("CACHEDIR.TAG", ".gitignore")]
    assert len(entries) == 4
    for entry in entries:
        text = entry.read_text()
        entry.write_text(
            {
                "garbage": "\x00not json",
                "truncated": text[: len(text) // 2],
                "foreign": json.dumps({"key": "someone else's", "diagnostics": [], "errors": []}),
                "empty": "",
            }[damage]
        )
    linted.clear()
    warm = _check(root)
    assert sorted(linted) == ["clean.py", "losses.py", "notebook.ipynb", "train.py"]
    assert warm.diagnostics == cold.diagnostics and warm.errors == cold.errors
    for entry in entries:
        assert json.loads(entry.read_text())["key"] == entry.parent.name + entry.name
    linted.clear()
    _check(root)
    assert linted == []


def test_no_cache_writes_nothing(tmp_path):
    root = _project(tmp_path)
    code, _, _ = run(["--no-cache", "."], root)
    assert code == 1
    assert not (root / ".zerolint_cache").exists()


def test_cache_dir_in_the_configuration_and_the_environment(tmp_path):
    root = _project(tmp_path, 'cache-dir = "build/lint-cache"\n')
    run(["."], root)
    assert (root / "build/lint-cache/CACHEDIR.TAG").is_file()
    assert not (root / ".zerolint_cache").exists()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-env-cache"
    env_run = subprocess.run(
        [sys.executable, "-m", "zerolint", "."],
        cwd=root,
        capture_output=True,
        env={**os.environ, "ZEROLINT_CACHE_DIR": str(elsewhere)},
    )
    assert env_run.returncode == 1
    assert (elsewhere / "CACHEDIR.TAG").is_file()


def test_an_empty_folder_given_as_the_cache_becomes_the_cache(tmp_path, linted):
    root = _project(tmp_path, 'cache-dir = "lint-cache"\n')
    (root / "lint-cache").mkdir()
    _check(root)
    assert zerolint.run.cache.is_ours(root / "lint-cache")
    linted.clear()
    _check(root)
    assert linted == []


@pytest.mark.parametrize("value", ["", 3])
def test_a_bad_cache_dir_is_a_configuration_error(tmp_path, value):
    write(tmp_path, "pyproject.toml", f"[tool.zerolint]\ncache-dir = {json.dumps(value)}\n")
    write(tmp_path, "train.py", CLEAN)
    code, _, stderr = run(["."], tmp_path)
    assert code == 2 and "'cache-dir' must be a path" in stderr


def test_the_cache_lives_at_the_project_root_whatever_is_linted(tmp_path):
    root = _project(tmp_path)
    write(root, "src/deep/train.py", BUGGY)
    run(["deep/train.py"], root / "src")
    assert (root / ".zerolint_cache").is_dir()
    assert not (root / "src/.zerolint_cache").exists()


def test_clean_removes_the_cache_and_says_so(tmp_path):
    root = _project(tmp_path)
    run(["."], root)
    code, _, stderr = run(["clean"], root)
    assert code == 0 and "Removed" in stderr
    assert not (root / ".zerolint_cache").exists()
    code, _, stderr = run(["clean"], root)
    assert code == 0 and "No cache" in stderr


def test_clean_refuses_a_folder_that_is_not_a_zerolint_cache(tmp_path):
    root = _project(tmp_path, 'cache-dir = "src"\n')
    write(root, "src/model.py", CLEAN)
    code, _, stderr = run(["clean"], root)
    assert code == 2 and "not a zerolint cache" in stderr
    assert (root / "src/model.py").is_file()


def test_a_folder_of_someone_else_s_is_not_used_as_the_cache(tmp_path):
    root = _project(tmp_path, 'cache-dir = "src"\n')
    write(root, "src/model.py", CLEAN)
    code, _, stderr = run(["."], root)
    assert code == 1
    assert "not a zerolint cache folder; running without the cache" in stderr
    assert sorted(p.name for p in (root / "src").iterdir()) == ["model.py"]


def test_a_cache_that_cannot_be_written_warns_once_and_the_run_goes_on(tmp_path):
    root = _project(tmp_path, 'cache-dir = "blocked/cache"\n')
    write(root, "blocked", "a file where the cache's parent folder would be\n")
    code, stdout, stderr = run(["--output-format", "concise", "."], root)
    assert code == 1 and "ZL101" in stdout
    assert stderr.count("cannot write the cache") == 1


def test_stdin_is_cached_under_its_file_name(tmp_path, linted):
    settings = Settings(root=tmp_path)
    rules, cache = list(all_rules()), Cache.open(settings)
    reports = []
    for _ in range(2):
        report = Report()
        check_stdin(report, BUGGY.encode(), "train.py", settings, rules, False, cache)
        reports.append(report)
    assert linted == ["train.py"]
    assert reports[0].diagnostics == reports[1].diagnostics
    assert {d.path for d in reports[1].diagnostics} == {"train.py"}


def test_runs_at_the_same_time_share_the_cache(tmp_path):
    root = tmp_path / "examples"
    for path in sorted((REPO_ROOT / "examples").iterdir()):
        write(root, path.name, path.read_bytes())
    write(tmp_path, "pyproject.toml", "[tool.zerolint]\n")
    command = [sys.executable, "-m", "zerolint", "--output-format", "json", "--jobs", "1", "."]
    runs = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [1] * 4
    assert all(stderr == b"" for _, stderr in outputs)
    assert len({stdout for stdout, _ in outputs}) == 1
    code, stdout, _ = run(["--output-format", "json", "."], tmp_path)
    assert stdout.encode() == outputs[0][0]
    leftovers = [p for p in (tmp_path / ".zerolint_cache").rglob(".tmp-*")]
    assert leftovers == []


def test_fix_starts_from_the_cache_and_fixes_the_same(tmp_path):
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    for folder in (cold, warm):
        write(folder, "pyproject.toml", "[tool.zerolint]\n")
        write(folder, "losses.py", FIXABLE)
    run(["."], warm)  # fills the cache
    for folder in (cold, warm):
        run(["--fix", "."], folder)
    fixed = (cold / "losses.py").read_text()
    assert "log_softmax" in fixed
    assert (warm / "losses.py").read_text() == fixed
