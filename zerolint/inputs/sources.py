"""Reading one input into Python source: decoding, size and binary checks, notebooks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from zerolint.inputs.notebook import NotebookError, NotebookProgram, parse_notebook

MAX_BYTES = 10 * 1024 * 1024


class SourceError(ValueError):
    """Why an input cannot be linted, with a position where one is known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Source:
    """The Python code of one input, and for notebooks the map back to cells."""

    path: str
    code: str
    notebook: NotebookProgram | None = None
    # How messages cite a line, when not as ``locate`` places findings: jupyterlab-lsp's
    # one document of a notebook's cells is linted as Python but cites cells.
    citations: NotebookProgram | None = None
    # A notebook's JSON as read: its fixes are written into this text, never into a second
    # read of the file, which another process may have replaced in between.
    document: str = ""

    def locate(self, line: int) -> tuple[int | None, int]:
        """(cell, line) for a program line: the cell is None outside notebooks."""
        if self.notebook is None:
            return None, line
        return self.notebook.locate(line)

    def cite(self, line: int) -> tuple[int | None, int]:
        """(cell, line) that a message names for a program line."""
        if self.citations is not None:
            return self.citations.locate(line)
        return self.locate(line)


def is_notebook(path: str | Path) -> bool:
    return str(path).endswith(".ipynb")


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise SourceError(
            # In bytes: "10.0 MiB; the limit is 10 MiB" would not say what is wrong.
            f"file is too large to lint ({size:,} bytes; the limit is {MAX_BYTES:,} bytes)"
        )


def decode(data: bytes) -> str:
    """Bytes to text: refuses binary, oversized and non-UTF-8 input with a clear reason."""
    _check_size(len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError("UTF-16 encoded (byte-order mark); zerolint reads UTF-8 source")
    if b"\0" in data:
        raise SourceError("binary file (contains NUL bytes), not Python source")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); zerolint reads UTF-8 source",
            line,
            column,
        ) from None


def from_text(text: str, path: str) -> Source:
    """Source from text: notebooks (by extension) become their joined code cells."""
    if is_notebook(path):
        try:
            program = parse_notebook(text)
        except NotebookError as error:
            raise SourceError(str(error), error.line, error.column) from None
        return Source(path, program.code, program, document=text)
    return Source(path, text)


def read(file: Path, display: str) -> Source:
    """Read and decode a file on disk (raises SourceError)."""
    return from_text(decode(read_bytes(file)), display)


def read_bytes(file: Path) -> bytes:
    """A file's bytes, refusing one too large before reading it (raises SourceError)."""
    try:
        _check_size(file.stat().st_size)
        return file.read_bytes()
    except PermissionError:
        raise SourceError("permission denied: cannot read the file") from None
    except IsADirectoryError:
        raise SourceError("is a directory, not a file") from None
    except FileNotFoundError:
        raise SourceError("no such file or directory") from None
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror or error}") from None
