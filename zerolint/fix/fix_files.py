"""``--fix``, ``--diff`` and ``--add-noqa``: lint, apply, lint again, write.

Fixes are applied in passes, as ruff does: the fixes of one pass that do not overlap are
applied together, the file is linted again, and the overlapping ones (or fixes the first
ones made possible) come in the next pass, up to ``MAX_PASSES``. A pass whose result does
not parse is retried one fix at a time and the fixes that break the file are refused with
an error, so a file is never written unparsable.
"""

from __future__ import annotations

import ast
import codecs
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zerolint.config.selection import rules_for_file
from zerolint.config.settings import Settings
from zerolint.diagnostics import Diagnostic, Edit, FileError, Fix, Report, Span, wanted
from zerolint.engine.lint import lint_source
from zerolint.fix.atomic_write import replace_file
from zerolint.fix.fixing import apply_fixes
from zerolint.fix.noqa import add_noqa
from zerolint.fix.notebook_edit import NotebookWriteError, apply_to_notebook
from zerolint.inputs.notebook import code_cells
from zerolint.inputs.sources import Source, SourceError, decode, from_text, is_notebook
from zerolint.report.text import printable
from zerolint.rules.rule import Rule
from zerolint.run.cache import Cache
from zerolint.run.runner import each_file, input_error, lint_cached, stdin_name

MAX_PASSES = 10
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Fixed:
    """One input after fixing: its text before and after, and what remains."""

    display: str
    original: str  # as read: Python source, or a notebook's JSON
    text: str
    applied: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    # The lint of the original text: what the file still has when the fix is not written.
    original_diagnostics: list[Diagnostic] = field(default_factory=list)
    original_errors: list[FileError] = field(default_factory=list)
    # Fixes found to break the file, by (code, line, column): not tried again.
    refused: set[tuple[str, int, int]] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return self.text != self.original


@dataclass
class FixRun:
    """What a --fix or --diff run did over all its inputs."""

    applied: int = 0  # fixes applied (under --diff: that would be)
    changed: list[Fixed] = field(default_factory=list)


def _with_newline(fix: Fix, newline: str) -> Fix:
    """The fix with the line breaks it inserts written as the file writes them."""
    edits = tuple(Edit(e.span, _LINE_BREAK.sub(newline, e.text)) for e in fix.edits)
    return Fix(fix.applicability, fix.message, edits)


def _apply(text: str, source: Source, fixes: Sequence[Fix]) -> tuple[str, list[Fix]]:
    """Apply to a file's text: source text directly, a notebook through its cells."""
    if source.notebook is not None:
        return apply_to_notebook(text, fixes)
    first = _LINE_BREAK.search(text)  # the file's convention, as libcst's default_newline
    newline = first.group() if first is not None else "\n"
    if newline == "\n":
        return apply_fixes(text, fixes)
    converted = [_with_newline(fix, newline) for fix in fixes]
    written = {id(c): fix for c, fix in zip(converted, fixes, strict=True)}
    new, applied = apply_fixes(text, converted)
    return new, [written[id(fix)] for fix in applied]


def _parses(text: str, display: str) -> bool:
    try:
        code = from_text(text, display).code
        compile(code, display, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SourceError, SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _refusal(display: str, diagnostic: Diagnostic) -> FileError:
    fix = diagnostic.fix
    assert fix is not None
    return FileError(
        display,
        f"the fix of {diagnostic.code} ({fix.message}) would leave the file unparsable, "
        "so it was not applied (please report this)",
        diagnostic.line,
        diagnostic.column,
        diagnostic.cell,
    )


def _one_pass(
    text: str, source: Source, diagnostics: list[Diagnostic], unsafe: bool, fixed: Fixed
) -> tuple[str, int]:
    """Apply this pass's fixes that keep the file parsable: (new text, fixes applied)."""
    by_fix = {
        id(d.fix): d
        for d in diagnostics
        if wanted(d.fix, unsafe) and (d.code, d.line, d.column) not in fixed.refused
    }
    fixes = [d.fix for d in by_fix.values() if d.fix is not None]
    new, applied = _apply(text, source, fixes)
    if not applied or _parses(new, fixed.display):
        return new, len(applied)
    kept: list[Fix] = []
    for fix in applied:
        candidate, used = _apply(text, source, [*kept, fix])
        if len(used) == len(kept) + 1 and _parses(candidate, fixed.display):
            kept.append(fix)
        else:
            diagnostic = by_fix[id(fix)]
            fixed.refused.add((diagnostic.code, diagnostic.line, diagnostic.column))
            fixed.errors.append(_refusal(fixed.display, diagnostic))
    new, applied = _apply(text, source, kept)
    return new, len(applied)


def fix_text(
    text: str,
    display: str,
    rules: Sequence[type[Rule]],
    options: Mapping[str, dict[str, Any]] | None,
    unsafe: bool,
    linted: tuple[Source, list[Diagnostic], list[FileError]] | None = None,
) -> Fixed:
    """Fix one input's text (raises SourceError when it cannot be read as a program).
    ``linted``: the text's source and lint result when the caller already has them."""
    fixed = Fixed(display, text, text)
    if linted is None:
        source = from_text(text, display)
        diagnostics, errors = lint_source(source, rules, options)
    else:
        source, diagnostics, errors = linted
    fixed.original_diagnostics, fixed.original_errors = diagnostics, errors
    for _ in range(MAX_PASSES):
        try:
            new, count = _one_pass(fixed.text, source, diagnostics, unsafe, fixed)
        except NotebookWriteError as error:
            fixed.errors.append(FileError(display, str(error)))
            break
        if count == 0:
            break
        fixed.text, fixed.applied = new, fixed.applied + count
        source = from_text(new, display)
        diagnostics, errors = lint_source(source, rules, options)
    else:
        if any(wanted(d.fix, unsafe) for d in diagnostics):
            fixed.errors.append(
                FileError(
                    display,
                    f"fixes still apply after {MAX_PASSES} passes; the rest are reported "
                    "as findings (please report this)",
                )
            )
    fixed.diagnostics, fixed.errors = diagnostics, errors + fixed.errors
    return fixed


def _write(path: Path, text: str) -> None:
    """Replace the file by the fixed text at once, keeping a UTF-8 byte-order mark it had
    (raises SourceError, the file unchanged, when it cannot be written)."""
    try:
        with path.open("rb") as handle:
            bom = handle.read(3) == codecs.BOM_UTF8
        replace_file(path, (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    except OSError as error:
        raise SourceError(f"cannot write the file: {error.strerror or error}") from None


def _original_text(source: Source) -> str:
    """The file's text as read and linted: a notebook's JSON rather than its joined
    program."""
    return source.code if source.notebook is None else source.document


def _record(report: Report, run: FixRun, fixed: Fixed) -> None:
    report.diagnostics.extend(fixed.diagnostics)
    report.errors.extend(fixed.errors)
    report.files_checked += 1
    run.applied += fixed.applied
    if fixed.changed:
        run.changed.append(fixed)


def fix_files(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    unsafe: bool,
    write: bool,
    cache: Cache | None = None,
) -> FixRun:
    """Fix every file found (written when ``write``); what remains goes into ``report``.
    The first lint of each file comes from the cache when it can."""
    run = FixRun()

    def fix(path: Path, display: str, source: Source, file_rules: list[type[Rule]]) -> None:
        text = _original_text(source)
        linted = (source, *lint_cached(source, text, file_rules, settings, cache))
        fixed = fix_text(text, display, file_rules, settings.rule_options, unsafe, linted)
        if write and fixed.changed:
            try:
                _write(path, fixed.text)
            except SourceError as error:  # the file keeps its text, and so its findings
                fixed.text, fixed.applied = fixed.original, 0
                fixed.diagnostics = fixed.original_diagnostics
                fixed.errors = [*fixed.original_errors, FileError(display, str(error))]
        _record(report, run, fixed)

    each_file(report, paths, settings, rules, force_exclude, fix)
    return run


def fix_stdin(
    report: Report,
    data: bytes,
    filename: str | None,
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    unsafe: bool,
    cache: Cache | None = None,
) -> tuple[FixRun, bytes]:
    """Fix standard input: the run and the bytes to print, which are the input's own
    bytes unless a fix changed them (a file that cannot be decoded comes back intact)."""
    run = FixRun()
    display, path, excluded = stdin_name(filename, settings, force_exclude)
    try:
        text = decode(data)
    except SourceError as error:
        input_error(report, display, error)
        return run, data
    if excluded:
        return run, data
    try:
        file_rules = rules_for_file(rules, settings, path)
        source = from_text(text, display)
        linted = (source, *lint_cached(source, text, file_rules, settings, cache))
        fixed = fix_text(text, display, file_rules, settings.rule_options, unsafe, linted)
    except Exception as error:
        input_error(report, display, error)
        return run, data
    _record(report, run, fixed)
    if not fixed.changed:
        return run, data
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    return run, bom + fixed.text.encode("utf-8")


# --- --diff ----------------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _hunks(before: str, after: str, name: str) -> str:
    diff = difflib.unified_diff(_lines(before), _lines(after), name, name)
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def unified_diff(fixed: Fixed) -> str:
    """The fixes as a unified diff; a notebook's per changed cell (``nb.ipynb:cell 3``)."""
    name = printable(fixed.display)
    if not is_notebook(fixed.display):
        return _hunks(fixed.original, fixed.text, name)
    before = dict(code_cells(json.loads(fixed.original)))
    after = dict(code_cells(json.loads(fixed.text)))
    return "".join(
        _hunks(before[number], after[number], f"{name}:cell {number}")
        for number in sorted(before)
        if after.get(number) != before[number]
    )


# --- --add-noqa ------------------------------------------------------------------------


def _noqa_text(text: str, source: Source, diagnostics: list[Diagnostic]) -> tuple[str, int]:
    """The file's text with a noqa comment for each finding, and how many were added."""
    if source.notebook is None:
        return add_noqa(text, [(d.line, d.code) for d in diagnostics])
    program_line = {place: n for n, place in enumerate(source.notebook.line_map, start=1)}
    wanted_lines = [(program_line[(d.cell, d.line)], d.code) for d in diagnostics]
    code, added = add_noqa(source.code, wanted_lines)
    before, after = source.code.split("\n"), code.split("\n")
    fixes = [
        Fix("safe", "add noqa", (Edit(Span(n, 1, n, len(old) + 1), new),))
        for n, (old, new) in enumerate(zip(before, after, strict=True), start=1)
        if old != new
    ]
    new_text, applied = apply_to_notebook(text, fixes)
    if len(applied) != len(fixes):
        raise NotebookWriteError("some noqa comments would go on IPython lines; none written")
    return new_text, added


def add_noqa_files(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    cache: Cache | None = None,
) -> int:
    """Add a noqa comment for every current finding, file by file: how many were added."""
    added = 0

    def add(path: Path, display: str, source: Source, file_rules: list[type[Rule]]) -> None:
        nonlocal added
        text = _original_text(source)
        diagnostics, errors = lint_cached(source, text, file_rules, settings, cache)
        report.errors.extend(errors)
        report.files_checked += 1
        if not diagnostics:
            return
        try:
            new, count = _noqa_text(text, source, diagnostics)
        except NotebookWriteError as error:
            report.errors.append(FileError(display, str(error)))
            return
        if new != text:
            _write(path, new)
            added += count

    each_file(report, paths, settings, rules, force_exclude, add)
    return added
