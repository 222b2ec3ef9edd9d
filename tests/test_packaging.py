"""The wheel carries the rule catalog, so ``zerolint rule CODE`` works outside a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    try:
        import hatchling  # noqa: F401  (the build backend, from the dev extra)
    except ImportError:
        pytest.skip("hatchling (dev extra) is needed to build the wheel offline")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("zerolint-*.whl")
    return built


def test_wheel_ships_the_catalog_and_entry_point(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in (p.name for p in (ROOT / "rules").iterdir() if p.is_dir()):
        assert f"zerolint/_catalog/{folder}/README.md" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "zerolint = zerolint.__main__:main" in text


def test_installed_wheel_prints_rule_docs(wheel: Path, tmp_path: Path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); from zerolint.cli.main import main; "
            "from zerolint.rules.catalog import catalog_dir; print(catalog_dir()); "
            "main(['rule', 'ZL101'])",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert result.stdout.splitlines()[0] == str(tmp_path / "site" / "zerolint" / "_catalog")
    assert "# single-unit-softmax (ZL101)" in result.stdout


def test_the_readme_install_command_installs_from_the_repository(tmp_path: Path):
    """The README's install command, as written but for the repository's address (a clone
    of this one: the tests run offline), builds and installs a working zerolint."""
    import re
    import shutil

    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to clone")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- install -->\n```sh\n(.*?)\n```\n<!-- /install -->", readme, re.S)
    assert block, "README.md lacks the install block"
    (command,) = block.group(1).splitlines()
    prefix, requirement = command.split(" install ", 1)
    assert prefix == "python3 -m pip"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    # file://localhost/...: pip before 23.1 refuses a URL without a host.
    address = f"file://localhost{clone.as_posix()}"
    requirement = requirement.strip('"').replace("https://github.com/zerolint/zerolint", address)
    assert requirement.startswith("zerolint @ git+file://localhost/")
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--target", str(site), requirement],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, sys.argv[1]); "
            "from zerolint.cli.main import main; main(['--version'])",
            str(site),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.stdout.startswith("zerolint "), result.stderr


def test_the_wheel_registers_the_language_server_with_jupyter_lsp(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[jupyter_lsp_spec_v1]\nzerolint = zerolint.jupyter_lsp:spec" in text


def test_jupyter_lsp_finds_zerolint_by_its_entry_point():
    """jupyter-lsp's own manager, as JupyterLab starts it, lists ``zerolint lsp`` run by this
    Python (a spec its schema accepts: it drops invalid ones)."""
    pytest.importorskip("jupyter_lsp", reason="the jupyter extra is not installed")
    pytest.importorskip("pygls", reason="the lsp extra is not installed")
    from jupyter_lsp import LanguageServerManager

    manager = LanguageServerManager()
    manager.init_language_servers()
    spec = manager.language_servers["zerolint"]
    assert spec["argv"] == [sys.executable, "-m", "zerolint", "lsp"]
    assert spec["languages"] == ["python"]
    assert spec["requires_documents_on_disk"] is False


def test_without_pygls_nothing_is_registered(monkeypatch: pytest.MonkeyPatch):
    """zerolint beside JupyterLab without the lsp extra: no server that could not start."""
    import importlib.util

    from zerolint import jupyter_lsp

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a)
    )
    assert jupyter_lsp.spec(None) == {}
