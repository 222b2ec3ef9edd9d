"""Writing ``# noqa: CODE`` comments: the LSP's "disable for this line" and ``--add-noqa``.

The comment goes on the finding's first line, where the suppression reader
(``zerolint.engine.suppressions``: a noqa on any line of the reported statement counts) sees it;
inside a multi-line string or after a backslash it moves down to the statement's next line.
An existing ``# noqa: X`` or ``# zerolint: ignore[X]`` list is extended instead.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line breaks (str.splitlines knows more)
_CODES = r"(?P<codes>[A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*)"
# Group 1 tells a bare noqa comment (it covers every code) from one that lists codes.
_NOQA = re.compile(rf"#\s*noqa(?P<colon>:\s*{_CODES}?)?", re.IGNORECASE)
_IGNORE = re.compile(rf"#\s*zerolint:\s*ignore(?P<bracket>\[{_CODES}?\])?", re.IGNORECASE)


def split_lines(text: str) -> list[str]:
    """The document's lines as the LSP counts them (only \\n, \\r\\n and \\r break)."""
    return _LINE_BREAK.split(text)


@dataclass(frozen=True)
class LineEdit:
    """Replace code points ``start:end`` of 0-based line ``line`` with ``text``."""

    line: int
    start: int
    end: int
    text: str


def _comments_and_strings(code: str) -> tuple[dict[int, tuple[int, str]], list[range]]:
    """Comments by 1-based line (column, text), and the lines that end inside a token."""
    comments: dict[int, tuple[int, str]] = {}
    continued: list[range] = []
    # newline=None: a lone \r ends a line too, as in libcst and the editor.
    for token in tokenize.generate_tokens(io.StringIO(code, newline=None).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = (token.start[1], token.string)
        elif token.start[0] < token.end[0] and token.type != tokenize.NL:
            continued.append(range(token.start[0], token.end[0]))  # a multi-line string
    return comments, continued


def noqa_edit(code: str, line: int, rule_code: str) -> LineEdit | None:
    """The edit that makes ``# noqa`` cover ``rule_code`` on 1-based ``line`` of ``code``.

    Appends ``  # noqa: CODE``, or adds the code to an existing ``# noqa: X`` (or
    ``# zerolint: ignore[X]``) comment. None when the line is already covered (a bare
    ``# noqa``, or the code is listed), or when the code does not tokenize.
    """
    try:
        comments, continued = _comments_and_strings(code)
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    lines = split_lines(code)
    # A comment cannot go inside a multi-line string or after a backslash: move down to
    # the statement's next line (a noqa anywhere in the statement covers the finding).
    for _ in range(len(lines)):
        inside = next((r for r in continued if line in r), None)
        if inside is not None:
            line = inside.stop
        elif line <= len(lines) and lines[line - 1].rstrip().endswith("\\"):
            line += 1
        else:
            break
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    comment = comments.get(line)
    if comment is not None:
        column, body = comment
        for pattern in (_NOQA, _IGNORE):
            match = pattern.search(body)
            if match is None:
                continue
            codes = match.group("codes")
            if codes is None and match.group(1) is None:
                return None  # a bare noqa or zerolint-ignore comment already covers it
            if codes is not None:
                listed = {c.upper() for c in re.split(r"[\s,]+", codes) if c}
                if rule_code.upper() in listed:
                    return None
                at = column + match.end("codes")
                return LineEdit(line - 1, at, at, f", {rule_code}")
            if pattern is _NOQA:  # a noqa colon with no codes after it yet
                at = column + match.start("colon") + 1
                return LineEdit(line - 1, at, column + match.end(), f" {rule_code}")
            at = column + match.start("bracket") + 1  # "# zerolint: ignore[]"
            return LineEdit(line - 1, at, at, rule_code)
    end = len(text.rstrip())
    return LineEdit(line - 1, end, len(text), f"  # noqa: {rule_code}")


def apply_edit(code: str, edit: LineEdit) -> str:
    """``code`` with ``edit`` applied; line breaks (CRLF too) are kept as they are."""
    lines = _LINE_BREAK.split(code)
    breaks = _LINE_BREAK.findall(code)
    text = lines[edit.line]
    lines[edit.line] = text[: edit.start] + edit.text + text[edit.end :]
    return "".join(line + brk for line, brk in zip(lines, [*breaks, ""], strict=True))


def add_noqa(code: str, findings: Iterable[tuple[int, str]]) -> tuple[str, int]:
    """``code`` with a noqa comment for every (1-based line, rule code) finding, and how
    many codes were added. Idempotent: covered findings add nothing."""
    added = 0
    for line, rule_code in sorted(set(findings)):
        edit = noqa_edit(code, line, rule_code)
        if edit is not None:
            code = apply_edit(code, edit)
            added += 1
    return code, added
