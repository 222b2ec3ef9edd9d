"""End to end: the repository's .pre-commit-hooks.yaml, run by pre-commit itself.

``pre-commit try-repo`` builds the hook's own virtualenv (pip-installing this repository
from PyPI-resolved dependencies), so this test is slow (tens of seconds) and needs network
access. PRE_COMMIT_HOME points inside tmp_path so no global cache or log is touched; note
that try-repo builds the hook environment in a store of its own for every call (it does not
reuse PRE_COMMIT_HOME's), so the test makes only two calls.

try-repo only picks up *tracked* changes of a local repository (it shadow-copies
``git add -u``), so a new, not yet committed file such as .pre-commit-hooks.yaml itself
would be missing. The test therefore snapshots the working tree (tracked and untracked,
minus what .gitignore ignores) into a throwaway git repository and tries that.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

BUGGY = """\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
"""

CLEAN = """\
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

PYPROJECT = """\
[tool.zerolint]
extend-exclude = ["legacy"]
"""

IGNORED_IN_FALLBACK = shutil.ignore_patterns(
    ".git",
    "__pycache__",
    "*.pyc",
    ".venv",
    "venv",
    ".pytest_cache",
    ".ruff_cache",
    ".zerolint_cache",
    "build",
    "dist",
    "*.egg-info",
)


def _pre_commit() -> list[str]:
    beside = Path(sys.executable).parent / ("pre-commit.exe" if os.name == "nt" else "pre-commit")
    if beside.is_file():
        return [str(beside)]
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    pytest.skip("pre-commit is not installed (pip install 'zerolint[dev]' or pre-commit)")


def _git_env() -> dict[str, str]:
    """The environment without GIT_* variables (set when pytest runs inside a git hook)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="zerolint tests",
        GIT_AUTHOR_EMAIL="tests@zerolint.invalid",
        GIT_COMMITTER_NAME="zerolint tests",
        GIT_COMMITTER_EMAIL="tests@zerolint.invalid",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=_git_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def _init_repo(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _git(path, "init", "-q")
    _git(path, "config", "user.name", "zerolint tests")
    _git(path, "config", "user.email", "tests@zerolint.invalid")
    _git(path, "config", "commit.gpgsign", "false")


def _snapshot(dest: Path) -> Path:
    """A committed copy of this repository's working tree, as pre-commit should see it."""
    if (REPO_ROOT / ".git").exists():
        listed = _git(REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        dest.mkdir(parents=True)
        for name in filter(None, listed.split("\0")):
            source = REPO_ROOT / name
            if source.is_file():  # deleted-but-tracked files are skipped
                target = dest / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    else:  # an unpacked sdist: copy the tree, minus the usual junk
        shutil.copytree(REPO_ROOT, dest, ignore=IGNORED_IN_FALLBACK)
    _init_repo(dest)
    _git(dest, "add", "-A")
    _git(dest, "commit", "-q", "--no-verify", "-m", "snapshot for test_precommit")
    return dest


def test_pre_commit_hook_end_to_end(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pre_commit = _pre_commit()
    assert (REPO_ROOT / ".pre-commit-hooks.yaml").is_file()

    hook_repo = _snapshot(tmp_path / "zerolint-snapshot")
    project = tmp_path / "project"
    _init_repo(project)
    (project / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (project / "train.py").write_text(BUGGY, encoding="utf-8")
    (project / "clean.py").write_text(CLEAN, encoding="utf-8")
    (project / "legacy").mkdir()
    (project / "legacy" / "old.py").write_text(BUGGY, encoding="utf-8")
    _git(project, "add", "-A")

    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    env.pop("PRE_COMMIT_ALLOW_NO_CONFIG", None)
    env.pop("SKIP", None)

    def run_hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                *pre_commit,
                "try-repo",
                str(hook_repo),
                "zerolint",
                "--color",
                "never",
                "--verbose",
                "--files",
                *files,
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    # The buggy script fails the hook and the output names the rule and the file; the buggy
    # file under the project's own [tool.zerolint] extend-exclude is skipped, because the
    # hook's entry passes --force-exclude (pre-commit names every file explicitly).
    failing = run_hook("train.py", "clean.py", "legacy/old.py")
    output = failing.stdout + failing.stderr
    assert "An error has occurred" not in output, output
    assert failing.returncode == 1, output
    assert "ZL101" in output, output
    assert "train.py:3:" in output, output
    assert "legacy/old.py" not in output, output
    assert "clean.py" not in output, output

    # Without the buggy script the hook passes: the clean script has no findings and the
    # excluded one is not checked.
    passing = run_hook("clean.py", "legacy/old.py")
    output = passing.stdout + passing.stderr
    assert passing.returncode == 0, output
    assert "ZL1" not in output, output


LOG_OF_SOFTMAX = """\
import tensorflow as tf


def loss(y_true, y_pred):
    return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(y_pred)))


model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
model.compile(optimizer="adam", loss=loss)
"""


def test_pre_commit_hook_with_fix_rewrites_and_fails_the_commit(tmp_path: Path) -> None:
    """`args: [--fix]` as the README says: the safe fix is written, pre-commit fails the
    run because the hook changed a file, and the next run passes."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pre_commit = _pre_commit()
    hook_repo = _snapshot(tmp_path / "zerolint-snapshot")
    revision = _git(hook_repo, "rev-parse", "HEAD").strip()
    project = tmp_path / "project"
    _init_repo(project)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {revision}\n    hooks:\n"
        "      - id: zerolint\n        args: [--fix]\n",
        encoding="utf-8",
    )
    (project / "train.py").write_text(LOG_OF_SOFTMAX, encoding="utf-8")
    _git(project, "add", "-A")
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")

    def run_hook() -> subprocess.CompletedProcess[str]:
        command = [*pre_commit, "run", "--color", "never", "--files", "train.py"]
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=900
        )

    first = run_hook()
    output = first.stdout + first.stderr
    assert first.returncode == 1 and "files were modified by this hook" in output, output
    fixed = (project / "train.py").read_text(encoding="utf-8")
    assert fixed == LOG_OF_SOFTMAX.replace(
        "tf.math.log(tf.nn.softmax(y_pred))", "tf.nn.log_softmax(y_pred)"
    )
    _git(project, "add", "-A")
    second = run_hook()
    assert second.returncode == 0, second.stdout + second.stderr


def _readme_block(marker: str) -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```\w*\n(.*?)```\n<!-- /{marker} -->", readme, re.S)
    assert match, f"README.md lacks the {marker} block"
    return match.group(1)


README_REPOSITORY = "https://github.com/zerolint/zerolint"


def test_the_readme_pre_commit_config_works_as_written(tmp_path: Path) -> None:
    """The README's snippet, unchanged but for the repository's address (this clone: the
    tests run offline), installs and runs the hook at the revision it pins."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pre_commit = _pre_commit()
    config = _readme_block("pre-commit-config")
    assert f"repo: {README_REPOSITORY}\n" in config
    revision = re.search(r"rev: (\S+)", config).group(1)
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout: the pinned revision cannot be looked up")
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{revision}^{{commit}}"], cwd=REPO_ROOT, env=_git_env()
    )
    if found.returncode != 0:
        shallow = _git(REPO_ROOT, "rev-parse", "--is-shallow-repository").strip() == "true"
        if shallow:
            pytest.skip(f"a shallow clone lacks the pinned revision {revision}")
        pytest.fail(f"the README pins {revision}, which is not a commit of this repository")
    clone = tmp_path / "zerolint-clone"
    _git(tmp_path, "clone", "--quiet", "--no-checkout", str(REPO_ROOT), str(clone))

    project = tmp_path / "project"
    _init_repo(project)
    (project / ".pre-commit-config.yaml").write_text(
        config.replace(README_REPOSITORY, str(clone)), encoding="utf-8"
    )
    (project / "train.py").write_text(BUGGY, encoding="utf-8")
    _git(project, "add", "-A")
    env = _git_env()
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    result = subprocess.run(
        [*pre_commit, "run", "--color", "never", "--all-files"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert "An error has occurred" not in output, output
    assert result.returncode == 1 and "ZL101" in output and "train.py:3:" in output, output
