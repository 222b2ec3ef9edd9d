"""Standard streams that may be closed, full or cut short, never a traceback.

- stdin closed (``<&-``) or unreadable: a one-line error.
- stdout closed (``>&-``) or full (``>/dev/full``): the report is lost, which is an error
  (exit 2, one line on stderr).
- stdout closed early by its reader (``| head``): not an error. The rest of the report is
  dropped and the run ends with the status of its findings, as if it had all been read.
- stderr closed or full: its lines are dropped; the exit status still tells.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import IO, Any


class StreamError(Exception):
    """A standard stream that cannot be used: printed as one line, exit 2."""


def read_stdin() -> bytes:
    if sys.stdin is None:
        raise StreamError("cannot read standard input: it is closed")
    try:
        return sys.stdin.buffer.read()
    except (OSError, ValueError) as error:  # ValueError: read of a closed file
        raise StreamError(f"cannot read standard input: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)


def _silence(stream: IO | None) -> None:
    """Point the stream's descriptor at /dev/null: the interpreter's last flush at exit
    then succeeds instead of printing 'Exception ignored ... BrokenPipeError'."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


class _Guarded:
    """A text stream whose failures are handled as the module says (and its bytes
    through ``buffer``, for the fixed source of ``--fix -``)."""

    def __init__(self, stream: IO | None, name: str, required: bool) -> None:
        self._stream = stream
        self._name = name
        self._required = required  # stdout: losing what is written is an error
        self.cut_short = False
        self.buffer = _Bytes(self)

    def _call(self, action, *args) -> Any:
        if self.cut_short:
            return None
        if self._stream is None:
            if self._required and args and args[0]:
                raise StreamError(f"cannot write the report: {self._name} is closed")
            return None
        try:
            return action(*args)
        except BrokenPipeError:
            self.cut_short = True
        except (OSError, ValueError) as error:
            self.cut_short = True
            if self._required:
                _silence(self._stream)
                raise StreamError(f"cannot write the report: {_reason(error)}") from None
        _silence(self._stream)
        return None

    def write(self, text: str) -> int:
        self._call(lambda t: self._stream.write(t), text)
        return len(text)

    def write_bytes(self, data: bytes) -> None:
        def write(raw: bytes) -> None:
            self._stream.flush()
            self._stream.buffer.write(raw)
            self._stream.buffer.flush()

        self._call(write, data)

    def flush(self) -> None:
        self._call(lambda: self._stream.flush())

    def isatty(self) -> bool:
        return self._stream is not None and not self.cut_short and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:  # encoding, fileno, ...
        return getattr(self._stream, name)


class _Bytes:
    def __init__(self, owner: _Guarded) -> None:
        self._owner = owner

    def write(self, data: bytes) -> int:
        self._owner.write_bytes(data)
        return len(data)

    def flush(self) -> None:
        self._owner.flush()


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Run with sys.stdout and sys.stderr guarded; StreamError when stdout fails."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = _Guarded(stdout, "standard output", required=True)
    sys.stderr = _Guarded(stderr, "standard error", required=False)
    try:
        yield
        sys.stdout.flush()
    finally:
        sys.stdout, sys.stderr = stdout, stderr
