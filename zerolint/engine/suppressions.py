"""``# noqa``, ``# noqa: ZL101`` and ``# zerolint: ignore[ZL101]`` comments.

A comment suppresses a finding when it sits on any line of the statement the finding is
reported in. ``# zerolint: noqa`` (optionally ``: CODES``) on a line of its own exempts
the whole file, like ruff's file-level exemption.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

ALL = frozenset({"*"})
_CODE_LIST = r"[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*"
_NOQA = re.compile(rf"#\s*noqa(?P<colon>:\s*(?P<codes>{_CODE_LIST})?)?", re.IGNORECASE)
_IGNORE = re.compile(rf"#\s*zerolint:\s*ignore(?:\[(?P<codes>{_CODE_LIST})?\])?", re.IGNORECASE)
_QUICK = re.compile(r"noqa|zerolint", re.IGNORECASE)
_FILE = re.compile(rf"^#\s*zerolint:\s*noqa(?::\s*(?P<codes>{_CODE_LIST}))?\s*$", re.IGNORECASE)


def _codes(text: str | None) -> frozenset[str]:
    return frozenset(code.upper() for code in re.split(r"[\s,]+", text.strip()) if code)


@dataclass
class Suppressions:
    """Codes suppressed per line, and for the whole file."""

    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    file_wide: frozenset[str] = frozenset()

    def covers(self, code: str, lines: range) -> bool:
        if "*" in self.file_wide or code in self.file_wide:
            return True
        for line in lines:
            codes = self.by_line.get(line)
            if codes is not None and ("*" in codes or code in codes):
                return True
        return False


def _comment_codes(comment: str) -> frozenset[str] | None:
    noqa = _NOQA.search(comment)
    if noqa is not None:
        if noqa.group("colon") is None:
            return ALL
        if noqa.group("codes"):
            return _codes(noqa.group("codes"))
    ignore = _IGNORE.search(comment)
    if ignore is not None:
        return _codes(ignore.group("codes")) if ignore.group("codes") else ALL
    return None


def _comments(code: str):
    """(line, comment text, is the line only a comment) for every comment token."""
    try:
        # newline=None: a lone \r ends a line too, as in libcst.
        tokens = tokenize.generate_tokens(io.StringIO(code, newline=None).readline)
        for token in tokens:
            if token.type == tokenize.COMMENT:
                alone = not token.line[: token.start[1]].strip()
                yield token.start[0], token.string, alone
    except (tokenize.TokenError, SyntaxError):
        return


def find(code: str) -> Suppressions:
    """Scan the source's comments once."""
    found = Suppressions()
    if _QUICK.search(code) is None:  # case-insensitive, as the patterns are
        return found
    for line, comment, alone in _comments(code):
        if alone:
            file_level = _FILE.match(comment)
            if file_level is not None:
                extra = _codes(file_level.group("codes")) if file_level.group("codes") else ALL
                found.file_wide = found.file_wide | extra
                continue
        codes = _comment_codes(comment)
        if codes is not None:
            found.by_line[line] = found.by_line.get(line, frozenset()) | codes
    return found
