"""``.gitignore`` files: their patterns, scoped to the folder that holds them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zerolint.config.globs import compile_glob


@dataclass(frozen=True)
class _Pattern:
    glob: str
    negated: bool
    directory_only: bool


def _parse(text: str) -> list[_Pattern]:
    patterns = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        if not line.endswith("\\ "):
            line = line.rstrip(" ")
        negated = line.startswith("!")
        if negated or line.startswith(("\\!", "\\#")):
            line = line[1:]
        directory_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        glob = line.lstrip("/") if anchored else f"**/{line}"
        patterns.append(_Pattern(glob, negated, directory_only))
    return patterns


def _is_repository_root(directory: Path) -> bool:
    """Whether ``directory`` holds ``.git``; a folder that cannot be entered (read but no
    execute permission) is not known to, and the search goes on above it."""
    try:
        return (directory / ".git").exists()
    except OSError:
        return False


class Gitignore:
    """Every ``.gitignore`` loaded so far, each applying below its own folder."""

    def __init__(self) -> None:
        self._by_dir: dict[Path, list[_Pattern]] = {}

    def load(self, directory: Path) -> None:
        if directory in self._by_dir:
            return
        try:
            text = (directory / ".gitignore").read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        self._by_dir[directory] = _parse(text)

    def load_ancestors(self, path: Path) -> None:
        """Load the .gitignore files from the repository root (or /) down to ``path``."""
        chain = []
        for directory in [path, *path.parents]:
            chain.append(directory)
            if _is_repository_root(directory):
                break
        for directory in reversed(chain):
            self.load(directory)

    def ignored(self, path: Path, is_dir: bool) -> bool:
        """Whether the loaded files ignore ``path`` itself (the last matching pattern wins)."""
        verdict = False
        for directory in reversed(path.parents):
            patterns = self._by_dir.get(directory)
            if not patterns:
                continue
            relative = path.relative_to(directory).as_posix()
            for pattern in patterns:
                if pattern.directory_only and not is_dir:
                    continue
                if compile_glob(pattern.glob).match(relative):
                    verdict = not pattern.negated
        return verdict
