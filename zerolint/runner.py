"""Check files and stdin into a Report: read, lint, and turn every failure into a FileError."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from zerolint.config import Settings
from zerolint.diagnostics import FileError, Report
from zerolint.engine import lint_source
from zerolint.files import Excluder, discover
from zerolint.registry import Rule
from zerolint.selection import rules_for_file
from zerolint.sources import Source, SourceError, decode, from_text, read


def _lint(report: Report, source: Source, rules: list[type[Rule]], settings: Settings) -> None:
    diagnostics, errors = lint_source(source, rules, settings.rule_options)
    report.diagnostics.extend(diagnostics)
    report.errors.extend(errors)
    report.files_checked += 1


def input_error(report: Report, path: str, error: Exception) -> None:
    if isinstance(error, SourceError):
        report.errors.append(FileError(path, str(error), error.line, error.column))
    else:  # an unexpected failure on one file must not stop the others
        report.errors.append(FileError(path, f"internal error: {error!r} (please report this)"))


def each_file(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
    work: Callable[[Path, str, Source, list[type[Rule]]], None],
) -> None:
    """Run ``work(path, display, source, the file's rules)`` on every file found (check,
    --fix, --add-noqa); a file that fails becomes an error of the report, the others go on."""
    found = discover(paths, settings, force_exclude)
    report.errors.extend(found.errors)
    for path, display in found.files:
        try:
            work(path, display, read(path, display), rules_for_file(rules, settings, path))
        except Exception as error:
            input_error(report, display, error)


def check_files(
    report: Report,
    paths: list[str],
    settings: Settings,
    rules: list[type[Rule]],
    force_exclude: bool,
) -> None:
    def check(path: Path, display: str, source: Source, file_rules: list[type[Rule]]) -> None:
        _lint(report, source, file_rules, settings)

    each_file(report, paths, settings, rules, force_exclude, check)


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
) -> None:
    display, path, excluded = stdin_name(filename, settings, force_exclude)
    if excluded:
        return
    try:
        _lint(
            report,
            from_text(decode(data), display),
            rules_for_file(rules, settings, path),
            settings,
        )
    except Exception as error:
        input_error(report, display, error)
