"""libcst's parse, without the validation of every node it builds.

Every libcst node checks itself when it is built (``CSTNode.__post_init__`` calls
``_validate``: a parenthesis where one is needed, whitespace where two tokens would merge).
That protects trees built by hand; a tree the parser builds from source that CPython has
already compiled is valid by construction, and the checks are a fifth to a quarter of the
parse (libcst's own comment on ``__post_init__`` suggests moving them out of parsing).
So the parse runs with them off, and they are back on for every node built afterwards (the
fixes build nodes and keep their checks). The switch is process-wide: parses take a lock
so they restore it in order, and zerolint builds nodes on one thread per process (the CLI,
each worker, the language server's lint thread). When libcst's hook is not the one this was
written for, the parse runs as libcst ships it.
"""

from __future__ import annotations

import threading

import libcst as cst
from libcst._nodes.base import CSTNode

_LOCK = threading.Lock()
_VALIDATING = CSTNode.__post_init__
# The hook this relies on: it only calls _validate (libcst 1.x).
_EXPECTED = _VALIDATING.__code__.co_names == ("_validate",)


def _unchecked(self: CSTNode) -> None:
    pass


def parse_module(code: str) -> cst.Module:
    """``libcst.parse_module(code)`` without node validation; for code that compiles."""
    if not _EXPECTED:
        return cst.parse_module(code)
    with _LOCK:
        CSTNode.__post_init__ = _unchecked
        try:
            return cst.parse_module(code)
        finally:
            CSTNode.__post_init__ = _VALIDATING
