"""``[tool.zerolint]`` in the nearest pyproject.toml: read, validated, never ignored silently."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zerolint.checks.registry import UnknownSelector, check_selector, rule_by_code
from zerolint.rules.rule import option_error

DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


class ConfigError(Exception):
    """A configuration problem, as one line naming the file and the key or code."""


@dataclass
class Settings:
    """The resolved configuration of a run; patterns are relative to ``root``."""

    root: Path
    path: Path | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    # `fix = true` makes every run a --fix run (as in ruff); `unsafe-fixes` also the unsafe.
    fix: bool = False
    unsafe_fixes: bool = False
    # Per-rule thresholds by code, from [tool.zerolint.options.<CODE or name>].
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Where the cache lives, relative to ``root`` (default: .zerolint_cache).
    cache_dir: str | None = None


def _string_list(key: str, value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return value


def _selectors(key: str, value: Any, where: str) -> list[str]:
    # " ZL3 " is ZL3, as on the command line (it used to select nothing, silently).
    selectors = [s.strip().upper() for s in _string_list(key, value, where)]
    for selector in selectors:
        try:
            check_selector(selector)
        except UnknownSelector:
            raise ConfigError(
                f"{where}: unknown rule code or prefix {selector!r} in '{key}'"
            ) from None
    return selectors


def _apply(settings: Settings, table: dict[str, Any], where: str) -> None:
    for key, value in table.items():
        if key == "select":
            settings.select = _selectors(key, value, where)
        elif key == "extend-select":
            settings.extend_select = _selectors(key, value, where)
        elif key == "ignore":
            settings.ignore = _selectors(key, value, where)
        elif key == "exclude":
            settings.exclude = _string_list(key, value, where)
        elif key == "extend-exclude":
            settings.extend_exclude = _string_list(key, value, where)
        elif key in ("respect-gitignore", "fix", "unsafe-fixes"):
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
            setattr(settings, key.replace("-", "_"), value)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [codes]")
            settings.per_file_ignores = {
                glob: _selectors(f"per-file-ignores.{glob}", codes, where)
                for glob, codes in value.items()
            }
        elif key == "options":
            settings.rule_options = _rule_options(value, where)
        elif key == "cache-dir":
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: 'cache-dir' must be a path (a non-empty string)")
            settings.cache_dir = value
        else:
            raise ConfigError(f"{where}: unknown key '{key}' in [tool.zerolint]")


def _rule_options(value: Any, where: str) -> dict[str, dict[str, Any]]:
    """[tool.zerolint.options.ZL301] tables, validated against each rule's options."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'options' must be a table of rule code = {{option = value}}")
    resolved: dict[str, dict[str, Any]] = {}
    for selector, table in value.items():
        rule = rule_by_code(selector)
        if rule is None:
            raise ConfigError(f"{where}: unknown rule {selector!r} in [tool.zerolint.options]")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: [tool.zerolint.options.{selector}] must be a table")
        for key, setting in table.items():
            problem = option_error(rule, key, setting)
            if problem is not None:
                raise ConfigError(f"{where}: {problem}")
        resolved.setdefault(rule.code, {}).update(table)
    return resolved


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise ConfigError(
            f"{path}: not valid UTF-8 (byte 0x{byte:02x} at offset {error.start}); "
            "TOML files are UTF-8"
        ) from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _zerolint_table(path: Path) -> dict[str, Any] | None:
    document = _load_toml(path)
    if path.name != "pyproject.toml":
        return document  # a dedicated file (--config zerolint.toml) holds the keys at top level
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table; zerolint reads [tool.zerolint]")
    table = tool.get("zerolint")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.zerolint] must be a table")
    return table


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.zerolint] table, walking up from ``start``."""
    for directory in [start, *start.parents]:
        candidate = directory / "pyproject.toml"
        try:
            if not candidate.is_file():
                continue
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            # A folder that cannot be entered: its files are reported as errors when
            # walked; a configuration in it cannot be read, so the search goes on above.
            continue
        if "zerolint" in text and _zerolint_table(candidate) is not None:
            return candidate
    return None


def load_settings(config: str | None, start: Path) -> Settings:
    """Settings from ``--config`` or the nearest configuration, else the defaults.

    Without a configuration file the project root is the working directory (as in ruff),
    not ``start``: ``--force-exclude`` checks the folders between a file and the root, and
    a root equal to the file's own folder would skip them all (``.venv/x.py`` linted).
    """
    if config is not None:
        path = Path(config)
        try:
            found = path.is_file()
        except OSError as error:
            raise ConfigError(f"{config}: cannot read: {error.strerror or error}") from None
        if not found:
            raise ConfigError(f"{config}: configuration file not found")
    else:
        path = find_config(start.resolve())
        if path is None:
            return Settings(root=Path.cwd().resolve())
    path = path.resolve()
    settings = Settings(root=path.parent, path=path)
    table = _zerolint_table(path)
    if table is None:
        raise ConfigError(f"{path}: no [tool.zerolint] table")
    _apply(settings, table, str(path))
    return settings
