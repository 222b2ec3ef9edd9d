"""Check files and stdin into a Report: read, lint (from the cache, in this process or on
the worker pool), and turn every failure into a FileError."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zerolint.checks.registry import all_rules
from zerolint.config.selection import rules_for_file
from zerolint.config.settings import Settings
from zerolint.diagnostics import Diagnostic, FileError, Report
from zerolint.engine.lint import lint_source
from zerolint.inputs.files import Excluder, discover
from zerolint.inputs.sources import (
    Source,
    SourceError,
    decode,
    from_text,
    is_notebook,
    read,
    read_bytes,
)
from zerolint.rules.rule import Rule
from zerolint.run import parallel
from zerolint.run.cache import Cache, content_digest

Results = tuple[list[Diagnostic], list[FileError]]


def _add(report: Report, results: Results) -> None:
    diagnostics, errors = results
    report.diagnostics.extend(diagnostics)
    report.errors.extend(errors)
    report.files_checked += 1


def _file_error(path: str, error: Exception) -> FileError:
    if isinstance(error, SourceError):
        return FileError(path, str(error), error.line, error.column)
    # An unexpected failure on one file must not stop the others.
    return FileError(path, f"internal error: {error!r} (please report this)")


def input_error(report: Report, path: str, error: Exception) -> None:
    report.errors.append(_file_error(path, error))


def lint_cached(
    source: Source,
    text: str,
    rules: list[type[Rule]],
    settings: Settings,
    cache: Cache | None,
) -> Results:
    """``lint_source`` through the cache: ``text`` is the input as read (a notebook's JSON)."""
    if cache is None:
        return lint_source(source, rules, settings.rule_options)
    key = cache.key(
        content_digest(text.encode("utf-8")), is_notebook(source.path), rules, settings.rule_options
    )
    cached = cache.get(key, source.path)
    if cached is not None:
        return cached
    results = lint_source(source, rules, settings.rule_options)
    cache.put(key, *results)
    return results


@dataclass(frozen=True)
class _Job:
    """One file to lint: its bytes as read, its rules (by code) and its cache entry."""

    display: str
    data: bytes
    codes: tuple[str, ...]
    key: str | None


@dataclass(frozen=True)
class _Linter:
    """Lints a job and stores the result; sent to the workers, so only plain data."""

    options: dict[str, dict[str, Any]]
    cache: Cache | None

    def __call__(self, job: _Job) -> Results:
        try:
            source = from_text(decode(job.data), job.display)
            by_code = {rule.code: rule for rule in all_rules()}
            rules = [by_code[code] for code in job.codes]
            results = lint_source(source, rules, self.options)
        except Exception as error:
            return [], [_file_error(job.display, error)]
        if self.cache is not None and job.key is not None:
            self.cache.put(job.key, *results)
        return results


def _lost(job: _Job, exitcode: int | None) -> Results:
    reason = f"exit code {exitcode}" if exitcode is not None and exitcode >= 0 else "killed"
    message = f"internal error: the process linting this file stopped ({reason})"
    return [], [FileError(job.display, f"{message} (please report this)")]


def check_files(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    jobs: int = 1,
    cache: Cache | None = None,
) -> None:
    """Lint every file found: answered from the cache, or linted on ``jobs`` processes."""
    found = discover(paths, settings, force_exclude)
    report.errors.extend(found.errors)
    pending: list[_Job] = []
    for path, display in found.files:
        try:
            data = read_bytes(path)
        except Exception as error:
            input_error(report, display, error)
            continue
        file_rules = rules_for_file(rules, settings, path)
        key = None
        if cache is not None:
            notebook = is_notebook(display)
            key = cache.key(content_digest(data), notebook, file_rules, settings.rule_options)
            cached = cache.get(key, display)
            if cached is not None:
                _add(report, cached)
                continue
        pending.append(_Job(display, data, tuple(rule.code for rule in file_rules), key))
    linter = _Linter(settings.rule_options, cache)
    for _, results in parallel.run(pending, linter, jobs, _lost, lambda job: len(job.data)):
        _add(report, results)


def each_file(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    work: Callable[[Path, str, Source, list[type[Rule]]], None],
) -> None:
    """Run ``work(path, display, source, the file's rules)`` on every file found (--fix,
    --add-noqa); a file that fails becomes an error of the report, the others go on."""
    found = discover(paths, settings, force_exclude)
    report.errors.extend(found.errors)
    for path, display in found.files:
        try:
            work(path, display, read(path, display), rules_for_file(rules, settings, path))
        except Exception as error:
            input_error(report, display, error)


def stdin_name(
    filename: str | None, settings: Settings, force_exclude: bool
) -> tuple[str, Path | None, bool]:
    """(display name, path, excluded) of standard input named by --stdin-filename."""
    path = Path(filename).absolute() if filename else None
    excluded = (
        path is not None and force_exclude and Excluder(settings).excluded_or_inside_excluded(path)
    )
    return filename or "-", path, excluded


def check_stdin(
    report: Report,
    data: bytes,
    filename: str | None,
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    cache: Cache | None = None,
) -> None:
    display, path, excluded = stdin_name(filename, settings, force_exclude)
    if excluded:
        return
    try:
        text = decode(data)
        source = from_text(text, display)
        _add(
            report,
            lint_cached(source, text, rules_for_file(rules, settings, path), settings, cache),
        )
    except Exception as error:
        input_error(report, display, error)
