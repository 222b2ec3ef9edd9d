"""Lint one source: parse once, extract facts once, run every enabled rule, apply noqa."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from zerolint.diagnostics import Diagnostic, FileError, Finding, Fix
from zerolint.engine import precheck, suppressions
from zerolint.inputs.sources import Source

if TYPE_CHECKING:
    from zerolint.rules.rule import Rule


# Every rule needs Keras facts, which need one of these names in the text.
KERAS_MARKERS = ("keras", "tensorflow")  # "keras" also covers tf_keras


def may_use_keras(code: str) -> bool:
    """A cheap textual pre-check: without these names no rule can fire."""
    return any(marker in code for marker in KERAS_MARKERS)


def _registered(rules: Sequence[type[Rule]]) -> bool:
    """Whether every rule is zerolint's own, which find nothing without facts (the screen's
    premise); a rule from elsewhere (a test's) runs on every file."""
    from zerolint.checks.registry import all_rules

    return set(rules) <= set(all_rules())


def lint_source(
    source: Source,
    rules: Sequence[type[Rule]],
    options: Mapping[str, dict[str, Any]] | None = None,
) -> tuple[list[Diagnostic], list[FileError]]:
    """Findings and errors for one source; never raises for bad input or a failing rule."""
    analysed = bool(rules) and may_use_keras(source.code)
    if not analysed and len(source.code) > precheck.MAX_CHARS:
        return [], []  # no rule can fire: not worth compiling a file this large
    tree = precheck.precheck(source)
    if isinstance(tree, FileError):
        return [], [tree]
    if not analysed:
        return [], []
    from zerolint.engine.screen import may_fire

    if _registered(rules) and not may_fire(tree):  # the facts layer would record nothing
        return [], []
    code = precheck.for_libcst(source, tree)
    if isinstance(code, FileError):
        return [], [code]
    # libcst costs ~0.25 s to import: only files that may hold Keras code pay for it.
    import libcst as cst

    from zerolint.engine.parsing import parse_module
    from zerolint.facts.program import Program

    try:
        module = parse_module(code)
    except cst.ParserSyntaxError as error:
        # CPython accepted the file: this is a limit of libcst, not the user's mistake.
        cell, line = source.locate(error.editor_line)
        message = f"cannot parse: libcst, which zerolint parses with, rejects it: {error.message}"
        return [], [FileError(source.path, message, line, error.editor_column, cell)]
    except RecursionError:  # precheck bounds the nesting: a last resort, never expected
        return [], [FileError(source.path, "cannot parse: nested too deeply to analyse")]

    errors: list[FileError] = []
    try:
        program = Program(module, source.cite)
    except RecursionError:
        return [], [FileError(source.path, "nested too deeply to analyse")]

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
                headline=finding.headline,
                help=finding.help,
                url=rule.url(),
                line=line,
                column=span.column,
                end_line=end_line,
                end_column=span.end_column,
                cell=cell,
                source_line=lines[span.line - 1] if span.line <= len(lines) else "",
                fix=_fix(finding, cut=code is not source.code),
            )
        )
    return diagnostics, errors


def _fix(finding: Finding, cut: bool) -> Fix | None:
    """The finding's fix, unless its text comes from an expression precheck cut out: it
    would write the placeholder into the file instead of the user's code."""
    fix = finding.fix
    if fix is not None and cut and any(precheck.PLACEHOLDER in e.text for e in fix.edits):
        return None
    return fix
