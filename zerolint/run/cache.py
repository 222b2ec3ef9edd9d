"""The results of linting a file, remembered between runs (as ruff's cache).

``.zerolint_cache/`` at the project root (``cache-dir`` in the configuration, or the
``ZEROLINT_CACHE_DIR`` environment variable), with a ``CACHEDIR.TAG`` and a ``.gitignore``
of ``*``. One small JSON file per entry, named by its key: a hash of the file's content,
of zerolint's own code (its version and every module's size and time, so an edited checkout
never reads results of older code), of the Python and libcst in use, and of the settings
that apply to that file (its rules after ``per-file-ignores``, their options, whether it is
a notebook). An entry holds the findings and errors with their fixes, without the path,
which the reader supplies. Entries are written to a temporary name and renamed, so runs at
the same time never see half an entry; a file that cannot be read back (corrupt, foreign,
older) is a miss and is written again. The cache never makes a run fail.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zerolint import __version__
from zerolint.diagnostics import Diagnostic, Edit, FileError, Fix, Span

try:  # hashlib would load OpenSSL first (a few ms of every run): blake2 is built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

if TYPE_CHECKING:
    from zerolint.config.settings import Settings
    from zerolint.rules.rule import Rule

DEFAULT_DIRECTORY = ".zerolint_cache"
ENVIRONMENT = "ZEROLINT_CACHE_DIR"
_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
CACHEDIR_TAG = (
    f"{_SIGNATURE}\n"
    "# This file is a cache directory tag created by zerolint.\n"
    "# For information about cache directory tags, see:\n"
    "#\thttps://bford.info/cachedir/\n"
)
_BOM = b"\xef\xbb\xbf"


class CacheError(Exception):
    """Why ``zerolint clean`` did not remove a folder."""


def directory(settings: Settings) -> Path:
    """Where the cache of this project lives: the environment, the configuration, or
    ``.zerolint_cache`` at the project root."""
    given = os.environ.get(ENVIRONMENT)
    if given:
        return Path(given).absolute()
    if settings.cache_dir is not None:
        return (settings.root / Path(settings.cache_dir).expanduser()).absolute()
    return settings.root / DEFAULT_DIRECTORY


def is_ours(folder: Path) -> bool:
    """A folder zerolint created as its cache (it holds zerolint's CACHEDIR.TAG)."""
    try:
        tag = (folder / "CACHEDIR.TAG").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return tag.startswith(_SIGNATURE) and "zerolint" in tag


def clean(folder: Path) -> bool:
    """Remove the cache folder; False when there is none. Refuses (CacheError) a folder
    that is not zerolint's cache, so a mistaken ``cache-dir`` never deletes a project."""
    import shutil

    if not folder.exists():
        return False
    if not is_ours(folder):
        raise CacheError(f"{folder} is not a zerolint cache (no zerolint CACHEDIR.TAG)")
    try:
        shutil.rmtree(folder)
    except OSError as error:
        raise CacheError(f"cannot remove {folder}: {error.strerror or error}") from None
    return True


@cache
def _code_fingerprint() -> str:
    """zerolint's version and modules, the Python and the libcst that produce results."""
    digest = blake2b(digest_size=16)
    digest.update(f"{__version__}\0{sys.version}\0".encode())
    package = Path(__file__).resolve().parent.parent
    modules = sorted(package.rglob("*.py"))
    libcst = find_spec("libcst")
    if libcst is not None and libcst.origin:
        modules.append(Path(libcst.origin))
    for module in modules:
        try:
            stat = module.stat()
        except OSError:
            continue
        digest.update(f"{module}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def content_digest(data: bytes) -> bytes:
    """The hash of a file's content, as decoded text sees it (a UTF-8 BOM is not content)."""
    return blake2b(data.removeprefix(_BOM), digest_size=16).digest()


@dataclass
class Cache:
    """One project's cache folder; picklable, so worker processes write their entries."""

    folder: Path
    warned: bool = False
    _settings_keys: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, settings: Settings) -> Cache | None:
        """The project's cache, or None (with a warning) when its folder is someone
        else's: a ``cache-dir`` naming a non-empty folder without zerolint's tag."""
        folder = directory(settings)
        try:
            foreign = folder.is_dir() and any(folder.iterdir()) and not is_ours(folder)
        except OSError:
            foreign = True
        if foreign:
            _warn(f"{folder} is not a zerolint cache folder; running without the cache")
            return None
        return cls(folder)

    def key(
        self,
        digest: bytes,
        notebook: bool,
        rules: Sequence[type[Rule]],
        options: dict[str, dict[str, Any]],
    ) -> str:
        """The entry of a file with this content under these rules and options."""
        codes = tuple(rule.code for rule in rules)
        settings = self._settings_keys.get(codes)
        if settings is None:
            chosen = {code: options[code] for code in codes if code in options}
            settings = json.dumps([codes, chosen], sort_keys=True, default=repr)
            self._settings_keys[codes] = settings
        head = f"{_code_fingerprint()}\0{notebook}\0{settings}\0".encode()
        return blake2b(head + digest, digest_size=20).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / __version__ / key[:2] / key[2:]

    def get(self, key: str, path: str) -> tuple[list[Diagnostic], list[FileError]] | None:
        """The stored results for ``key``, placed in ``path``; None when there are none
        (or the entry cannot be read back: it will be written again)."""
        try:
            document = json.loads(self._entry(key).read_bytes())
            if document["key"] != key:
                return None
            diagnostics = [_diagnostic(item, path) for item in document["diagnostics"]]
            errors = [FileError(path, *item) for item in document["errors"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None
        return diagnostics, errors

    def put(self, key: str, diagnostics: list[Diagnostic], errors: list[FileError]) -> None:
        """Store results atomically; a failure to write only warns, once."""
        document = {
            "key": key,
            "diagnostics": [_diagnostic_json(d) for d in diagnostics],
            "errors": [[e.message, e.line, e.column, e.cell] for e in errors],
        }
        import tempfile

        entry = self._entry(key)
        try:
            self._prepare(entry.parent)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
                os.replace(temporary, entry)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as error:
            if not self.warned:
                self.warned = True
                _warn(f"cannot write the cache in {self.folder}: {error.strerror or error}")

    def _prepare(self, folder: Path) -> None:
        """Create an entry's folder, and the cache's tag and .gitignore with the first one
        (the cache folder may exist already, empty: ``open`` checked it is not another's)."""
        if folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        _create(self.folder / "CACHEDIR.TAG", CACHEDIR_TAG)
        _create(self.folder / ".gitignore", "# Created by zerolint.\n*\n")
        folder.mkdir(parents=True, exist_ok=True)


def _create(path: Path, text: str) -> None:
    """Write a file unless it exists (another run may be writing it at the same time)."""
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        pass


def _warn(message: str) -> None:
    sys.stderr.write(f"zerolint: warning: {message}\n")


def _span_json(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column]


def _diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    fix = None
    if d.fix is not None:
        edits = [[_span_json(edit.span), edit.text] for edit in d.fix.edits]
        fix = [d.fix.applicability, d.fix.message, edits]
    return {
        "code": d.code,
        "name": d.name,
        "category": d.category,
        "severity": d.severity,
        "message": d.message,
        "headline": d.headline,
        "help": d.help,
        "url": d.url,
        "place": [d.line, d.column, d.end_line, d.end_column, d.cell],
        "source_line": d.source_line,
        "fix": fix,
    }


def _diagnostic(item: dict[str, Any], path: str) -> Diagnostic:
    line, column, end_line, end_column, cell = item["place"]
    fix = None
    if item["fix"] is not None:
        applicability, message, edits = item["fix"]
        fix = Fix(
            applicability,
            message,
            tuple(Edit(Span(*span), text) for span, text in edits),
        )
    return Diagnostic(
        path=path,
        code=item["code"],
        name=item["name"],
        category=item["category"],
        severity=item["severity"],
        message=item["message"],
        headline=item["headline"],
        help=item["help"],
        url=item["url"],
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        cell=cell,
        source_line=item["source_line"],
        fix=fix,
    )
