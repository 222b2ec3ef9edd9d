"""Lint one source: parse once, extract facts once, run every enabled rule, apply noqa."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from zerolint import suppressions
from zerolint.diagnostics import Diagnostic, FileError, Finding
from zerolint.facts.program import Program
from zerolint.registry import Rule
from zerolint.sources import Source


class _StatementLines(cst.CSTVisitor):
    """The line range of every simple statement (where a noqa comment may sit)."""

    METADATA_DEPENDENCIES = ()

    def __init__(self, program: Program) -> None:
        self.program = program
        self.ranges: dict[int, range] = {}

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        span = self.program.span(node)
        lines = range(span.line, span.end_line + 1)
        for line in lines:
            self.ranges[line] = lines
        return False


def _statement_lines(program: Program) -> dict[int, range]:
    visitor = _StatementLines(program)
    program.module.visit(visitor)
    return visitor.ranges


def lint_source(
    source: Source, rules: Sequence[type[Rule]]
) -> tuple[list[Diagnostic], list[FileError]]:
    """Findings and errors for one source; never raises for bad input or a failing rule."""
    try:
        module = cst.parse_module(source.code)
    except cst.ParserSyntaxError as error:
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

    findings: list[tuple[type[Rule], Finding]] = []
    for rule in rules:
        try:
            findings.extend((rule, finding) for finding in rule().check(program))
        except Exception as error:  # a rule bug must not lose the other rules' findings
            errors.append(
                FileError(source.path, f"internal error in {rule.code}: {error!r} (please report)")
            )
    if not findings:
        return [], errors

    noqa = suppressions.find(source.code)
    statements = _statement_lines(program) if noqa.by_line else {}
    lines = source.code.splitlines()
    diagnostics = []
    for rule, finding in findings:
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
            )
        )
    return diagnostics, errors
