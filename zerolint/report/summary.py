"""The closing lines of text output: counts, the fixes still available, --verify's
verdicts, --diff's line."""

from __future__ import annotations

import re

from zerolint.diagnostics import UNSAFE, Report, wanted


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def _hidden(report: Report, unsafe_fixes: bool) -> str:
    """ "N hidden fixes can be enabled ...": unsafe fixes this run does not apply."""
    hidden = 0
    if not unsafe_fixes:
        hidden = sum(
            d.fix is not None and d.fix.applicability == UNSAFE for d in report.diagnostics
        )
    if not hidden:
        return ""
    fixes = _plural(hidden, "hidden fix", "hidden fixes")
    return f"{fixes} can be enabled with the `--unsafe-fixes` option"


def _fix_hint(report: Report, fixed: int | None, unsafe_fixes: bool) -> str:
    """ruff's line about the fixes still available: those --fix would apply (unless this
    run already fixed), and the unsafe ones --unsafe-fixes would add."""
    hidden = _hidden(report, unsafe_fixes)
    fixable = sum(wanted(d.fix, unsafe_fixes) for d in report.diagnostics)
    if fixable and fixed is None:
        return f"\n[*] {fixable} fixable with the `--fix` option" + (
            f" ({hidden})." if hidden else "."
        )
    return f"\nNo fixes available ({hidden})." if hidden else ""


def summary(
    report: Report, fixed: int | None = None, unsafe_fixes: bool = False, hint: bool = True
) -> str:
    """The last line(s) of text output; ``fixed`` is the number of fixes --fix applied,
    ``hint`` adds ruff's line about the fixes still available."""
    count = len(report.diagnostics)
    if fixed:
        line = f"Fixed {_plural(fixed, 'finding')} ({count} remaining)."
    elif count == 0:
        # Not "All checks passed!" when some files could not be checked at all.
        line = "No findings." if report.errors else "All checks passed!"
    else:
        files = len({d.path for d in report.diagnostics})
        line = f"Found {_plural(count, 'finding')} in {_plural(files, 'file')}."
    return line + (_fix_hint(report, fixed, unsafe_fixes) if hint else "")


def _inconclusive_reason(verdict) -> str:
    """A verdict's short reason: the dry run's own, or the first clause of a rule's
    evidence with its numbers masked (``no single layer``, ``rate N of SGD``)."""

    if verdict.reason:
        return verdict.reason
    clause = re.split(r": |; |, so | \(", verdict.evidence, maxsplit=1)[0]
    return re.sub(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", "N", clause)


def verify_summary(report: Report, top: int = 3) -> str:
    """After --verify: how many findings the dry run confirmed, did not confirm, and could
    not judge, with the most common reasons it could not; '' without verdicts."""
    from collections import Counter

    verdicts = [d.verification for d in report.diagnostics if d.verification is not None]
    if not verdicts:
        return ""
    counts = Counter(v.status for v in verdicts)
    line = (
        f"Verified {_plural(len(verdicts), 'finding')}: {counts['confirmed']} confirmed, "
        f"{counts['not-confirmed']} not confirmed, {counts['inconclusive']} inconclusive"
    )
    reasons = Counter(_inconclusive_reason(v) for v in verdicts if v.status == "inconclusive")
    if reasons:
        line += " — " + ", ".join(f"{why} ({n})" for why, n in reasons.most_common(top))
    return line + "."


def diff_summary(report: Report, would_fix: int, unsafe_fixes: bool) -> str:
    """--diff's line on stderr: how many findings the diff fixes."""
    hidden = _hidden(report, unsafe_fixes)
    line = f"Would fix {_plural(would_fix, 'finding')}" if would_fix else "No fixes to apply"
    return line + (f" ({hidden})." if hidden else ".")
