"""What the text formats share: a finding's location, the fix mark, and paths made
printable (text) or valid Unicode (JSON, GitHub)."""

from __future__ import annotations

import re

from zerolint.diagnostics import Diagnostic, wanted


def fix_marker(d: Diagnostic, unsafe_fixes: bool) -> str:
    """``[*] `` before the message of a finding --fix would repair (ruff's mark)."""
    return "[*] " if wanted(d.fix, unsafe_fixes) else ""


# Control characters (a newline in a file name would split the line), the Unicode line
# separators, and the bytes of a file name that are not UTF-8 (which Python keeps as lone
# surrogates, U+DC80-U+DCFF: unprintable, and invalid in UTF-8 output).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


_UNDECODABLE = re.compile("[\udc80-\udcff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the file name's own byte
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text for one line of text output: ``new\\nline.py``, ``bad\\xffname.py``."""
    return _UNPRINTABLE.sub(_escape, text)


_MARKDOWN = re.compile(r"([\\`*_\[\]<>~])")


def markdown(text: str) -> str:
    """Plain text safe inside Markdown: what Markdown reads as markup (``y_pred``'s
    underscore, ``a * b``, ``<lambda>``) escaped."""
    return _MARKDOWN.sub(r"\\\1", text)


def lossy(text: str) -> str:
    """Valid Unicode for JSON and GitHub: a byte that is not UTF-8 becomes U+FFFD."""
    return _UNDECODABLE.sub("\ufffd", text)


def location(path: str, cell: int | None, line: int | None, column: int | None) -> str:
    """``path:line:col``, or ``path:cell 3:line:col`` inside a notebook."""
    parts = [printable(path)]
    if cell is not None:
        parts.append(f"cell {cell}")
    if line is not None:
        parts.append(str(line))
        if column is not None:
            parts.append(str(column))
    return ":".join(parts)
