"""Lint one source: parse once, extract facts once, run every enabled rule, apply noqa."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zerolint import suppressions
from zerolint.diagnostics import Diagnostic, FileError, Finding
from zerolint.sources import Source

if TYPE_CHECKING:
    from zerolint.registry import Rule


# Every rule needs Keras facts, which need one of these names in the text.
KERAS_MARKERS = ("keras", "tensorflow")  # "keras" also covers tf_keras


def may_use_keras(code: str) -> bool:
    """A cheap textual pre-check: without these names no rule can fire."""
    return any(marker in code for marker in KERAS_MARKERS)


def _cite_cells(message: str, source: Source) -> str:
    """In notebooks, ``on line 7`` of the joined program becomes ``on cell 2, line 3``."""
    if source.notebook is None:
        return message

    def cite(match: re.Match[str]) -> str:
        cell, line = source.locate(int(match.group(1)))
        return f"cell {cell}, line {line}" if cell is not None else match.group(0)

    return re.sub(r"\bline (\d+)", cite, message)


def _syntax_only(source: Source) -> list[FileError]:
    """Check the syntax with CPython's fast parser, for files that skip libcst."""
    try:
        compile(source.code, source.path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        cell, line = source.locate(error.lineno or 1)
        message = f"syntax error: {_cite_cells(error.msg, source)}"
        return [FileError(source.path, message, line, error.offset, cell)]
    except (ValueError, RecursionError, MemoryError) as error:
        return [FileError(source.path, f"cannot parse: {error}")]
    return []


def lint_source(
    source: Source,
    rules: Sequence[type[Rule]],
    options: Mapping[str, dict[str, Any]] | None = None,
) -> tuple[list[Diagnostic], list[FileError]]:
    """Findings and errors for one source; never raises for bad input or a failing rule."""
    if not rules or not may_use_keras(source.code):
        return [], _syntax_only(source)
    # libcst costs ~0.25 s to import: only files that may hold Keras code pay for it.
    import libcst as cst

    from zerolint.facts.program import Program

    try:
        module = cst.parse_module(source.code)
    except cst.ParserSyntaxError as error:
        # CPython's messages are clearer ("'(' was never closed"); libcst's is the fallback.
        clearer = _syntax_only(source)
        if clearer:
            return [], clearer
        cell, line = source.locate(error.editor_line)
        message = f"syntax error: {error.message}"
        return [], [FileError(source.path, message, line, error.editor_column, cell)]
    except RecursionError:
        return [], [FileError(source.path, "source is nested too deeply to parse")]

    errors: list[FileError] = []
    try:
        program = Program(module, source.locate)
    except RecursionError:
        return [], [FileError(source.path, "source is nested too deeply to analyse")]

    findings: dict[tuple[str, object], tuple[type[Rule], Finding]] = {}
    for rule in rules:
        try:
            # A builder called twice yields the same finding twice: keep one per place.
            for finding in rule((options or {}).get(rule.code)).check(program):
                findings.setdefault((finding.code, finding.span), (rule, finding))
        except Exception as error:  # a rule bug must not lose the other rules' findings
            errors.append(
                FileError(source.path, f"internal error in {rule.code}: {error!r} (please report)")
            )
    if not findings:
        return [], errors

    noqa = suppressions.find(source.code)
    statements = program.statement_lines() if noqa.by_line else {}
    lines = source.code.splitlines()
    diagnostics = []
    for rule, finding in findings.values():
        span = finding.span
        covered = statements.get(span.line, range(span.line, span.end_line + 1))
        if noqa.covers(finding.code, covered) or noqa.covers(
            finding.code, range(span.line, span.end_line + 1)
        ):
            continue
        cell, line = source.locate(span.line)
        _, end_line = source.locate(span.end_line)
        diagnostics.append(
            Diagnostic(
                path=source.path,
                code=rule.code,
                name=rule.name,
                category=rule.category(),
                severity=rule.severity,
                message=finding.message,
                help=finding.help,
                url=rule.url(),
                line=line,
                column=span.column,
                end_line=end_line,
                end_column=span.end_column,
                cell=cell,
                source_line=lines[span.line - 1] if span.line <= len(lines) else "",
                fix=finding.fix,
            )
        )
    return diagnostics, errors
