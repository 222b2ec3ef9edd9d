"""The rule catalog: each rule's documentation, ``rules/<CODE>-<name>/README.md``.

The single source for ``zerolint rule CODE``, the docs URL and SARIF help.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zerolint.rules.rule import Rule


def catalog_dir() -> Path:
    """The catalog: shipped in the wheel as zerolint/_catalog, or rules/ in a checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_catalog", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("zerolint's rule catalog is missing from this installation")


def documentation(rule: type[Rule]) -> str:
    """The rule's README.md from the catalog."""
    return (catalog_dir() / rule.folder() / "README.md").read_text(encoding="utf-8")


def doc_sections(rule: type[Rule]) -> dict[str, str]:
    """The README's ``## Section`` bodies by title (What it does, Why is this bad?, ...)."""
    sections: dict[str, str] = {}
    title = None
    for line in documentation(rule).splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            sections[title] = ""
        elif title is not None:
            sections[title] += line + "\n"
    return {key: value.strip() for key, value in sections.items()}
