"""Which files a run checks: paths given, folders walked, excludes and .gitignore honoured.

As in ruff, a file named explicitly is checked even if excluded, unless
``--force-exclude`` (which pre-commit uses, since it passes every staged file by name).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from zerolint.config.globs import matches
from zerolint.config.settings import Settings
from zerolint.diagnostics import FileError
from zerolint.inputs.gitignore import Gitignore

EXTENSIONS = (".py", ".ipynb")


@dataclass
class Discovery:
    """Files to check (absolute path, display path) and paths that could not be walked."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


def display_path(path: Path, cwd: Path) -> str:
    """Relative to the working directory when below it, as ruff prints paths."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


class Excluder:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.patterns = [*settings.exclude, *settings.extend_exclude]
        self.gitignore = Gitignore() if settings.respect_gitignore else None

    def excluded(self, path: Path, is_dir: bool) -> bool:
        """Exclude patterns match a name anywhere, or a path relative to the config root."""
        name = path.name
        relative = None
        with contextlib.suppress(ValueError):
            relative = path.relative_to(self.settings.root).as_posix()
        for pattern in self.patterns:
            pattern = pattern.rstrip("/")
            if "/" not in pattern:
                if matches(pattern, name):
                    return True
            elif relative is not None and matches(pattern.removeprefix("./").lstrip("/"), relative):
                return True
        if self.gitignore is not None:
            self.gitignore.load_ancestors(path.parent)
            if self.gitignore.ignored(path, is_dir):
                return True
        return False

    def excluded_or_inside_excluded(self, path: Path) -> bool:
        """For explicit paths under --force-exclude: the path or any folder above it."""
        if self.excluded(path, _is_dir(path)):
            return True
        for parent in path.parents:
            if parent == self.settings.root or parent == parent.parent:
                break
            if self.excluded(parent, True):
                return True
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk(directory: Path, cwd: Path, excluder: Excluder, found: Discovery) -> None:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except PermissionError:
        found.errors.append(
            FileError(display_path(directory, cwd), "permission denied: cannot list the folder")
        )
        return
    except OSError as error:
        found.errors.append(
            FileError(display_path(directory, cwd), f"cannot list the folder: {error.strerror}")
        )
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError:
            continue
        if is_dir:
            if not excluder.excluded(path, True):
                _walk(path, cwd, excluder, found)
        elif is_file and path.suffix in EXTENSIONS and not excluder.excluded(path, False):
            found.files.append((path, display_path(path, cwd)))


def discover(paths: list[str], settings: Settings, force_exclude: bool) -> Discovery:
    """Expand the given paths into the files to check, in a stable order."""
    cwd = Path.cwd()
    excluder = Excluder(settings)
    found = Discovery()
    for given in paths:
        path = (cwd / given).absolute()
        path = Path(os.path.normpath(path))
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            found.errors.append(FileError(given, "no such file or directory"))
            continue
        except PermissionError:  # a folder above it cannot be entered
            found.errors.append(FileError(given, "permission denied: cannot access the path"))
            continue
        except OSError as error:
            message = f"cannot access the path: {error.strerror or error}"
            found.errors.append(FileError(given, message))
            continue
        if force_exclude and excluder.excluded_or_inside_excluded(path):
            continue
        if is_dir:
            _walk(path, cwd, excluder, found)
        else:
            found.files.append((path, display_path(path, cwd)))
    unique = dict.fromkeys(found.files)
    found.files = list(unique)
    return found
