"""``zerolint lsp``: a language server over stdio (pygls >= 2, the ``lsp`` extra).

It lints the editor's buffer, not the file on disk -- Python files, the Python cells of
notebooks the client syncs as notebook documents (diagnostics go to each cell), and the one
Python document of a notebook's cells that jupyterlab-lsp sends (``virtual_notebook``): on
open and save at once, on change after a pause (a newer change cancels the pending lint),
and clears the diagnostics on close. Each document uses the ``[tool.zerolint]``
configuration found from its folder. It never runs ``--verify``: the editor integration
executes no user code.

A diagnostic's message is the finding's one-line headline (what the editor shows inline and
in its problem list); hovering over the finding shows the full explanation, help and docs.

The helpers above ``build_server`` are plain Python (no pygls), so they are unit-tested
without a client. Code actions come from ``ACTION_PROVIDERS``: the rule's fix of a finding
and "disable for this line"; plus "fix all safe fixes" (``source.fixAll.zerolint``).
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zerolint import __version__
from zerolint.config.selection import enabled_rules, rules_for_file, settings_layer
from zerolint.config.settings import ConfigError, Settings, load_settings
from zerolint.diagnostics import SAFE, Diagnostic, FileError, Fix, wanted
from zerolint.engine.lint import lint_source
from zerolint.fix.fix_files import Fixed, fix_text
from zerolint.fix.noqa import noqa_edit, split_lines
from zerolint.inputs.sources import Source, SourceError, from_text
from zerolint.lsp.virtual_notebook import SavedNotebooks, virtual_source
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

INSTALL_HINT = "zerolint lsp needs pygls: pip install 'zerolint[lsp]'"
SOURCE = "zerolint"
CHANGE_DELAY = 0.3  # seconds of quiet after a change before the buffer is linted
# Documents this long (~0.5 s to lint) are linted on a lane of their own: a large file
# never delays the diagnostics of the others (precheck bounds how long any one takes).
LARGE_DOCUMENT = 50_000
CONFIG_NAMES = ("pyproject.toml",)
_RULE_CODE = re.compile(r"^ZL\d{3}$")


# --- positions -------------------------------------------------------------------------


def to_units(line: str, index: int, encoding: str = "utf-16") -> int:
    """The client's column for a 0-based code-point index into ``line``.

    LSP columns count UTF-16 code units unless the client negotiated another encoding:
    "é" is one unit, an emoji two (a surrogate pair).
    """
    prefix = line[: max(index, 0)]
    if encoding == "utf-32":
        return len(prefix)
    if encoding == "utf-8":
        return len(prefix.encode("utf-8", "surrogatepass"))
    return len(prefix.encode("utf-16-le", "surrogatepass")) // 2


@dataclass(frozen=True)
class Place:
    """A 0-based (line, character) position in the client's units."""

    line: int
    character: int


def place(lines: list[str], line: int, column: int, encoding: str = "utf-16") -> Place:
    """A zerolint position (1-based line, 1-based code-point column) in the client's units."""
    row = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[row] if lines else ""
    return Place(row, to_units(text, column - 1, encoding))


# --- configuration and linting ---------------------------------------------------------


@dataclass
class FolderConfig:
    """A folder's settings and rules, or the configuration error that replaced them."""

    settings: Settings | None
    rules: list[type[Rule]]
    error: str | None = None
    stamp: float | None = None  # the configuration file's mtime
    loaded: float = 0.0  # time.monotonic() when it was loaded

    def same(self, other: FolderConfig | None) -> bool:
        """Whether ``other`` (maybe loaded earlier) lints exactly as this one does."""
        return other is not None and (other.settings, other.rules) == (self.settings, self.rules)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


@dataclass
class Configs:
    """``load_settings`` per folder, cached while the configuration file is unchanged.

    A change of the file is seen at the next lint; an error is not cached (fixing the file
    is seen at once); and every ``recheck`` seconds the folder looks again, for a
    pyproject.toml created closer to it since.
    """

    cache: dict[Path, FolderConfig] = field(default_factory=dict)
    recheck: float = 5.0

    def clear(self) -> None:
        self.cache.clear()

    def _fresh(self, config: FolderConfig) -> bool:
        if config.error is not None or time.monotonic() - config.loaded >= self.recheck:
            return False
        path = config.settings.path if config.settings is not None else None
        return path is None or _mtime(path) == config.stamp

    def get(self, folder: Path) -> FolderConfig:
        cached = self.cache.get(folder)
        if cached is not None and self._fresh(cached):
            return cached
        try:
            settings = load_settings(None, folder)
            config = FolderConfig(settings, enabled_rules([settings_layer(settings)]))
            config.stamp = _mtime(settings.path) if settings.path is not None else None
        except ConfigError as error:
            config = FolderConfig(None, [], str(error))
        config.loaded = time.monotonic()
        self.cache[folder] = config
        return config


@dataclass
class LintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    config_error: str | None = None
    source: Source | None = None  # what was linted (its lines place a fix's edits)
    fixed: Fixed | None = None  # every safe fix applied (for "fix all"), when asked
    # What was linted, under which configuration: a request on the same buffer and the
    # same (unchanged) configuration reuses this result instead of linting again.
    text: str | None = None
    config: FolderConfig | None = None

    @property
    def unparsable(self) -> bool:
        return any(e.message.startswith(("syntax error", "cannot parse")) for e in self.errors)


def lint_text(
    text: str,
    path: Path | None,
    name: str,
    configs: Configs,
    fix_all: bool = False,
    previous: LintResult | None = None,
    read: Callable[[str, str], Source] = from_text,
) -> LintResult:
    """Lint an editor buffer named ``name`` (at ``path`` when it is a file); with
    ``fix_all``, also apply its safe fixes as ``--fix`` would. ``previous`` (the last
    result for this document) is reused when it linted this text under this configuration.
    ``read`` makes the text a program (a notebook's JSON by its name, or Python)."""
    folder = path.parent if path is not None else Path.cwd()
    config = configs.get(folder)
    if config.error is not None:
        return LintResult(config_error=config.error)
    assert config.settings is not None
    rules = rules_for_file(config.rules, config.settings, path)
    options = config.settings.rule_options
    if previous is not None and previous.text == text and config.same(previous.config):
        result = previous
    else:
        try:
            source = read(text, name)
        except SourceError as error:
            return LintResult(errors=[FileError(name, str(error), error.line, error.column)])
        diagnostics, errors = lint_source(source, rules, options)
        result = LintResult(diagnostics, errors, source=source, text=text, config=config)
    if fix_all and result.fixed is None and any(wanted(d.fix, False) for d in result.diagnostics):
        linted = (result.source, result.diagnostics, result.errors)
        result.fixed = fix_text(text, name, rules, options, unsafe=False, linted=linted)
    return result


def is_lintable(name: str, language_id: str | None) -> bool:
    """Python files and untitled Python buffers; a notebook's name only for the Python of
    its cells (jupyterlab-lsp's document), not for its JSON."""
    if is_virtual_notebook(name, language_id):
        return True
    return not name.endswith(".ipynb") and (name.endswith(".py") or language_id == "python")


def is_virtual_notebook(name: str, language_id: str | None) -> bool:
    """A text document named as a notebook whose language is Python: jupyterlab-lsp's one
    document of the notebook's cells (``virtual_notebook``)."""
    return name.endswith(".ipynb") and language_id == "python"


# --- fixes in the client's documents --------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A document diagnostics are published to: a file, or one cell of a notebook."""

    uri: str
    version: int | None
    lines: list[str]


@dataclass(frozen=True)
class TargetEdit:
    """One edit of a fix, placed in a client document (a file or a notebook cell)."""

    uri: str
    start: Place
    end: Place
    text: str


def _target_place(
    source: Source, targets: list[Target], line: int, column: int, encoding: str
) -> tuple[Target, Place] | None:
    """Where 1-based program ``line``/``column`` is in the client's documents; None when
    the line is not the document's own text (IPython syntax the program replaced)."""
    cell, row = source.locate(line)
    index = (cell or 1) - 1
    program = source.code.split("\n")
    if not 0 <= index < len(targets) or not 1 <= line <= len(program):
        return None
    target = targets[index]
    if row > len(target.lines) or target.lines[row - 1] != program[line - 1].removesuffix("\r"):
        return None
    return target, place(target.lines, row, column, encoding)


def fix_edits(
    fix: Fix, source: Source, targets: list[Target], encoding: str = "utf-16"
) -> list[TargetEdit] | None:
    """A fix's edits (in the linted program's lines) in the client's documents, or None
    when an edit cannot be placed there (it crosses notebook cells or edits IPython)."""
    placed = []
    for edit in fix.edits:
        span = edit.span
        start = _target_place(source, targets, span.line, span.column, encoding)
        if span.end_column == 1 and span.end_line > span.line:
            # The start of a line is the end of the previous one, which may end a cell.
            end = _target_place(source, targets, span.end_line - 1, 1, encoding)
            if end is not None:
                target, at = end
                if at.line + 1 < len(target.lines):
                    end = target, Place(at.line + 1, 0)
                else:
                    last = target.lines[at.line]
                    end = target, Place(at.line, to_units(last, len(last), encoding))
        else:
            end = _target_place(source, targets, span.end_line, span.end_column, encoding)
        if start is None or end is None or start[0] is not end[0]:
            return None
        middle = range(span.line + 1, span.end_line)
        if any(_target_place(source, targets, n, 1, encoding) is None for n in middle):
            return None
        placed.append(TargetEdit(start[0].uri, start[1], end[1], edit.text))
    return placed


def within_one_cell(fix: Fix, source: Source) -> bool:
    """Whether every edit of a fix stays inside one known cell: in jupyterlab-lsp's one
    document of a notebook's cells the client maps an edit to a cell, and an edit across
    cells (or where the cell is not known) has no place there."""
    cells = set()
    for edit in fix.edits:
        span = edit.span
        ends_before = span.end_column == 1 and span.end_line > span.line  # at a line start
        last = span.end_line - 1 if ends_before else span.end_line
        for line in range(span.line, last + 1):
            cells.add(source.cite(line)[0])
    return len(cells) == 1 and None not in cells


# --- the server ------------------------------------------------------------------------

FIX_ALL = "source.fixAll.zerolint"


@dataclass
class ActionRequest:
    """One code-action request: the document, and the lint of the buffer as it is now (the
    fix edits must match the text now, not as it was last published; the last lint is
    reused when the text and the configuration are unchanged)."""

    uri: str
    job: Job | None = None
    lint: LintResult | None = None


# (server, the request, the client's diagnostic) -> code actions for it
ActionProvider = Callable[
    ["ZerolintServer", ActionRequest, "types.Diagnostic"], list["types.CodeAction"]
]


def _text_edit(edit: TargetEdit):
    from lsprotocol import types

    start = types.Position(edit.start.line, edit.start.character)
    end = types.Position(edit.end.line, edit.end.character)
    return types.TextEdit(types.Range(start, end), edit.text)


def fix_actions(server: ZerolintServer, request: ActionRequest, diagnostic: types.Diagnostic):
    """The rule's fix of this finding ("zerolint (ZL105): add from_logits=True"); a safe
    fix is the preferred action."""
    from lsprotocol import types

    job, lint = request.job, request.lint
    if job is None or lint is None or lint.source is None:
        return []
    notebook = job.notebook
    for found in lint.diagnostics:
        index = (found.cell or 0) - 1 if notebook else 0
        if found.fix is None or found.code != diagnostic.code:
            continue
        if not 0 <= index < len(job.targets) or job.targets[index].uri != request.uri:
            continue
        if server.convert(found, job.targets[index].lines).range != diagnostic.range:
            continue
        if job.virtual and not within_one_cell(found.fix, lint.source):
            return []
        edits = fix_edits(found.fix, lint.source, job.targets, server.encoding)
        if edits is None:
            return []
        changes: dict[str, list] = {}
        for edit in edits:
            changes.setdefault(edit.uri, []).append(_text_edit(edit))
        return [
            types.CodeAction(
                title=f"zerolint ({found.code}): {found.fix.message}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes=changes),
                is_preferred=found.fix.applicability == SAFE,
            )
        ]
    return []


def noqa_actions(server: ZerolintServer, request: ActionRequest, diagnostic: types.Diagnostic):
    """The "Disable ZL105 for this line" action: the edit that adds the noqa comment."""
    from lsprotocol import types

    uri = request.uri
    code = str(diagnostic.code or "")
    if not _RULE_CODE.match(code):
        return []
    document = server.ls.workspace.get_text_document(uri)
    edit = noqa_edit(document.source, diagnostic.range.start.line + 1, code)
    if edit is None:
        return []
    lines = split_lines(document.source)
    text = lines[edit.line]
    encoding = server.encoding
    start = types.Position(edit.line, to_units(text, edit.start, encoding))
    end = types.Position(edit.line, to_units(text, edit.end, encoding))
    change = types.TextEdit(types.Range(start, end), edit.text)
    return [
        types.CodeAction(
            title=f"Disable {code} for this line",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=types.WorkspaceEdit(changes={uri: [change]}),
        )
    ]


ACTION_PROVIDERS: tuple[ActionProvider, ...] = (fix_actions, noqa_actions)

_SEVERITIES = {"error": 1, "warning": 2, "info": 3}  # lsprotocol DiagnosticSeverity values


@dataclass(frozen=True)
class Job:
    """What one lint reads (a snapshot of the buffer) and where its results go."""

    uri: str  # the file's, or the notebook's
    text: str
    path: Path | None
    name: str
    targets: list[Target]  # for notebooks, in the order of the cells in ``text``
    notebook: bool = False  # notebook JSON of the cells, published to each cell
    read: Callable[[str, str], Source] = from_text  # the text as a program

    @property
    def virtual(self) -> bool:
        """jupyterlab-lsp's one Python document of a notebook's cells."""
        return self.read is not from_text


def notebook_json(cells: list[str]) -> str:
    """Code cells as the notebook JSON that ``from_text`` reads (cell N is ``cells[N-1]``)."""
    import json

    return json.dumps({"cells": [{"cell_type": "code", "source": cell} for cell in cells]})


def notebook_cells(text: str) -> list[str]:
    """The cells of ``notebook_json``'s JSON, read back (after a fix)."""
    import json

    return [cell["source"] for cell in json.loads(text)["cells"]]


class ZerolintServer:
    """The server's state: per-folder configuration, pending lints, the lint thread."""

    def __init__(self, ls: LanguageServer) -> None:
        self.ls = ls
        self.configs = Configs()
        self.pending: dict[str, asyncio.Task] = {}
        # The cell documents last published to, per notebook (cleared on close or deletion).
        self.cells: dict[str, set[str]] = {}
        # The last lint of each open file or notebook, reused by code actions on that text.
        self.linted: dict[str, LintResult] = {}
        # The saved cells of notebooks jupyterlab-lsp sends as one document (for citations).
        self.saved = SavedNotebooks()
        # What each document (a file or a cell) was last shown: its diagnostics, each with
        # the explanation its hover gives.
        self.shown: dict[str, list[tuple[types.Diagnostic, str]]] = {}
        # Lints run off the event loop, so requests stay answered while they run: one at a
        # time per lane, large documents on a lane of their own.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zerolint-lint")
        self.large_executor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="zerolint-lint-large"
        )

    def lane(self, job: Job) -> ThreadPoolExecutor:
        return self.large_executor if len(job.text) >= LARGE_DOCUMENT else self.executor

    @property
    def shows_links(self) -> bool:
        """Whether the client shows a diagnostic's documentation link (codeDescription)."""
        capabilities = getattr(self.ls.protocol, "client_capabilities", None)
        document = getattr(capabilities, "text_document", None)
        diagnostics = getattr(document, "publish_diagnostics", None)
        return bool(getattr(diagnostics, "code_description_support", False))

    @property
    def encoding(self) -> str:
        encoding = self.ls.workspace.position_encoding or "utf-16"
        return str(getattr(encoding, "value", encoding))  # PositionEncodingKind is an Enum

    def log(self, message: str, kind: int = 4) -> None:
        from lsprotocol import types

        self.ls.window_log_message(types.LogMessageParams(types.MessageType(kind), message))

    def publish(
        self, uri: str, found: list[tuple[types.Diagnostic, str]], version: int | None = None
    ) -> None:
        """Show ``found`` (each diagnostic with its hover's text) on the document."""
        from lsprotocol import types

        if found:
            self.shown[uri] = found
        else:
            self.shown.pop(uri, None)
        diagnostics = [shown for shown, _ in found]
        self.ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Lint ``uri`` (a file or a notebook) after ``delay`` seconds, cancelling a lint
        still pending for it."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    def close(self, uri: str, cell_uris: list[str] | None = None) -> None:
        self.linted.pop(uri, None)
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        if cell_uris is None:
            self.publish(uri, [])
            return
        for cell_uri in sorted(self.cells.pop(uri, set()) | set(cell_uris)):
            self.publish(cell_uri, [])

    def relint_all(self) -> None:
        """Lint every open file and notebook again (after a configuration change)."""
        workspace = self.ls.workspace
        self.configs.clear()
        for document in list(workspace.text_documents.values()):
            if workspace.get_notebook_document(cell_uri=document.uri) is None:
                self.schedule(document.uri, 0)
        for notebook in list(workspace.notebook_documents.values()):
            self.schedule(notebook.uri, 0)

    def _text_job(self, uri: str) -> Job | None:
        document = self.ls.workspace.get_text_document(uri)
        name = document.path or uri
        if not is_lintable(name, document.language_id):
            return None
        path = Path(document.path) if uri.startswith("file:") and document.path else None
        text = document.source
        targets = [Target(uri, document.version, split_lines(text))]
        if is_virtual_notebook(name, document.language_id):
            read = functools.partial(self._read_virtual, path)
            return Job(uri, text, path, name, targets, read=read)
        return Job(uri, text, path, name, targets)

    def _read_virtual(self, path: Path | None, text: str, name: str) -> Source:
        """jupyterlab-lsp's document of a notebook, citing the cells of the saved notebook
        (read on the lint thread)."""
        return virtual_source(text, name, self.saved.cells(path) if path is not None else None)

    def _notebook_job(self, uri: str) -> Job | None:
        from lsprotocol import types
        from pygls.uris import to_fs_path

        notebook = self.ls.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return None
        targets, cells = [], []
        for cell in notebook.cells:
            if cell.kind != types.NotebookCellKind.Code:
                continue
            document = self.ls.workspace.get_text_document(cell.document)
            if document.language_id not in (None, "python"):
                continue
            text = document.source
            cells.append(text)
            targets.append(Target(cell.document, document.version, split_lines(text)))
        fs_path = to_fs_path(uri)
        path = Path(fs_path) if fs_path else None
        name = str(path) if path is not None else uri
        if not name.endswith(".ipynb"):
            name += ".ipynb"  # from_text reads the cells as a notebook by the extension
        return Job(uri, notebook_json(cells), path, name, targets, notebook=True)

    async def _lint_later(self, uri: str, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        job = self._notebook_job(uri) or self._text_job(uri)
        if job is None:
            return
        loop = asyncio.get_running_loop()
        try:
            lint = functools.partial(lint_text, read=job.read)
            result = await loop.run_in_executor(
                self.lane(job), lint, job.text, job.path, job.name, self.configs
            )
        except Exception as error:  # a bug must cost one lint, not the server
            self.log(f"zerolint: internal error linting {job.name}: {error!r}", 1)
            return
        self.linted[job.uri] = result
        if self.pending.get(uri) is not asyncio.current_task():
            return  # superseded by a newer change, or closed
        self.pending.pop(uri, None)
        self._report(uri, job, result)

    def _report(self, uri: str, job: Job, result: LintResult) -> None:
        from lsprotocol import types

        found: list[list] = [[] for _ in job.targets]
        if result.config_error is not None:
            self.log(f"zerolint: {result.config_error}", 1)
            if found:
                problem = types.Diagnostic(
                    range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                    message=f"zerolint configuration error: {result.config_error}",
                    severity=types.DiagnosticSeverity.Error,
                    source=SOURCE,
                )
                found[0].append((problem, ""))
        else:
            for error in result.errors:
                self.log(f"zerolint: {error.location()}: {error.message}", 3)
            if result.unparsable:
                return  # mid-edit: keep the last diagnostics until the buffer parses again
            notebook = job.notebook
            for diagnostic in result.diagnostics:
                index = (diagnostic.cell or 0) - 1 if notebook else 0
                if 0 <= index < len(job.targets):
                    shown = self.convert(diagnostic, job.targets[index].lines)
                    found[index].append((shown, explanation(diagnostic)))
        for target, diagnostics in zip(job.targets, found, strict=True):
            self.publish(target.uri, diagnostics, target.version)
        if job.notebook:
            current = {target.uri for target in job.targets}
            for gone in sorted(self.cells.get(uri, set()) - current):
                self.publish(gone, [])  # a deleted (or no longer Python) cell
            self.cells[uri] = current

    def convert(self, diagnostic: Diagnostic, lines: list[str]) -> types.Diagnostic:
        """The LSP diagnostic: its message is the headline (the hover has the rest)."""
        from lsprotocol import types

        start = place(lines, diagnostic.line, diagnostic.column, self.encoding)
        end = place(lines, diagnostic.end_line, diagnostic.end_column, self.encoding)
        message = diagnostic.headline
        if diagnostic.url and not self.shows_links:
            # A client that shows no codeDescription (jupyterlab-lsp) may show no code
            # either: this line names both.
            message += f"\n{diagnostic.code} docs: {diagnostic.url}"
        return types.Diagnostic(
            range=types.Range(
                types.Position(start.line, start.character),
                types.Position(end.line, end.character),
            ),
            message=message,
            severity=types.DiagnosticSeverity(_SEVERITIES.get(diagnostic.severity, 2)),
            code=diagnostic.code,
            code_description=types.CodeDescription(href=diagnostic.url),
            source=SOURCE,
        )

    def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        """The explanations of the findings shown at a position, as Markdown, over the
        first finding's range (the client highlights the range the diagnostic underlines,
        not a word of it)."""
        from lsprotocol import types

        found = [
            (shown, text)
            for shown, text in self.shown.get(uri, [])
            if text and _covers(shown.range, line, character)
        ]
        if not found:
            return None
        text = "\n\n---\n\n".join(text for _, text in found)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), found[0][0].range)

    def _job_of(self, uri: str) -> Job | None:
        """The lint job of a file, or of the notebook a cell belongs to."""
        notebook = self.ls.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            return self._notebook_job(notebook.uri)
        return self._text_job(uri)

    async def code_actions(self, params: types.CodeActionParams) -> list:
        from lsprotocol import types

        only = params.context.only
        quick = _wanted_kind(only, types.CodeActionKind.QuickFix)
        ours = [d for d in params.context.diagnostics if d.source == SOURCE] if quick else []
        # Asked for, or next to a finding: not on every cursor move (each costs a lint).
        fix_all = _wanted_kind(only, FIX_ALL) and (bool(only) or bool(ours))
        request = ActionRequest(params.text_document.uri)
        if ours or fix_all:
            request.job = self._job_of(request.uri)
        if request.job is not None and request.job.virtual:
            fix_all = False  # one edit of the whole document: no cell can take it
        if request.job is not None:
            job = request.job
            loop = asyncio.get_running_loop()
            try:
                request.lint = await loop.run_in_executor(
                    self.lane(job),
                    functools.partial(lint_text, read=job.read),
                    job.text,
                    job.path,
                    job.name,
                    self.configs,
                    fix_all,
                    self.linted.get(job.uri),
                )
                self.linted[job.uri] = request.lint
            except Exception as error:  # the fixes are lost, "disable" still works
                self.log(f"zerolint: internal error linting {job.name}: {error!r}", 1)
        actions: list[Any] = []
        for diagnostic in ours:
            for provider in ACTION_PROVIDERS:
                try:
                    actions.extend(provider(self, request, diagnostic))
                except Exception as error:  # one broken action must not hide the others
                    self.log(f"zerolint: code action failed: {error!r}", 1)
        if fix_all:
            actions.extend(self._fix_all(request))
        return actions

    def _fix_all(self, request: ActionRequest) -> list:
        """ "zerolint: fix all safe fixes": each changed document replaced whole."""
        from lsprotocol import types

        job, lint = request.job, request.lint
        if job is None or lint is None or lint.fixed is None or not lint.fixed.changed:
            return []
        texts = [lint.fixed.text]
        if job.notebook:
            texts = notebook_cells(lint.fixed.text)
            if len(texts) != len(job.targets):
                return []
        changes = {}
        for target, text in zip(job.targets, texts, strict=True):
            if split_lines(text) == target.lines:
                continue
            last = target.lines[-1]
            end = types.Position(len(target.lines) - 1, to_units(last, len(last), self.encoding))
            whole = types.Range(types.Position(0, 0), end)
            changes[target.uri] = [types.TextEdit(whole, text)]
        return [
            types.CodeAction(
                title="zerolint: fix all safe fixes",
                kind=FIX_ALL,
                edit=types.WorkspaceEdit(changes=changes),
            )
        ]


def explanation(diagnostic: Diagnostic) -> str:
    """A finding's hover: code and headline, the full explanation, help and docs (Markdown,
    the finding's own text escaped)."""
    from zerolint.report.text import markdown

    text = (
        f"**{diagnostic.code}** {markdown(diagnostic.headline)}\n\n{markdown(diagnostic.message)}"
    )
    if diagnostic.help:
        text += f"\n\nhelp: {markdown(diagnostic.help)}"
    return text + f"\n\n[{diagnostic.code} docs]({diagnostic.url})"


def _covers(span: types.Range, line: int, character: int) -> bool:
    """Whether a position lies in a range (its end included: the cursor after a word)."""
    start, end = span.start, span.end
    return (start.line, start.character) <= (line, character) <= (end.line, end.character)


def _wanted_kind(only: list | None, kind: str) -> bool:
    """Whether a request limited to the ``only`` kinds wants actions of ``kind``."""
    return not only or any(kind == k or kind.startswith(f"{k}.") for k in map(str, only))


def build_server() -> LanguageServer:
    """The pygls server with zerolint's handlers (raises ImportError without pygls)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from zerolint.lsp.protocol import ZerolintProtocol

    # "*" is every notebook type (the spec's wildcard; without it, pygls's own client
    # cannot read the capabilities back).
    python_cells = types.NotebookDocumentFilterWithCells(
        cells=[types.NotebookCellLanguage(language="python")], notebook="*"
    )
    ls = LanguageServer(
        "zerolint",
        __version__,
        notebook_document_sync=types.NotebookDocumentSyncOptions(
            notebook_selector=[python_cells], save=True
        ),
        protocol_cls=ZerolintProtocol,
    )
    state = ZerolintServer(ls)

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        state.schedule(params.text_document.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        state.schedule(params.text_document.uri, CHANGE_DELAY)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.endswith(CONFIG_NAMES):
            state.relint_all()
        else:
            state.schedule(uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        state.close(params.text_document.uri)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
    def notebook_did_open(params: types.DidOpenNotebookDocumentParams) -> None:
        state.schedule(params.notebook_document.uri, 0)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
    def notebook_did_change(params: types.DidChangeNotebookDocumentParams) -> None:
        state.schedule(params.notebook_document.uri, CHANGE_DELAY)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
    def notebook_did_save(params: types.DidSaveNotebookDocumentParams) -> None:
        state.schedule(params.notebook_document.uri, 0)

    @ls.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(params: types.DidCloseNotebookDocumentParams) -> None:
        cells = [cell.uri for cell in params.cell_text_documents]
        state.close(params.notebook_document.uri, cells)

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(params: types.DidChangeWatchedFilesParams) -> None:
        if any(change.uri.endswith(CONFIG_NAMES) for change in params.changes):
            state.relint_all()

    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
    )
    async def code_action(params: types.CodeActionParams) -> list:
        return await state.code_actions(params)

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(params: types.HoverParams) -> types.Hover | None:
        position = params.position
        return state.hover(params.text_document.uri, position.line, position.character)

    ls.zerolint = state  # type: ignore[attr-defined]
    return ls


def serve() -> int:
    """Run the server on stdin/stdout until the client exits."""
    from zerolint.lsp.protocol import configure_logging

    configure_logging()
    build_server().start_io()
    return 0
