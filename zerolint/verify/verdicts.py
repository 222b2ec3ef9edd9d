"""Attach a verdict to each finding of a report: run each file with findings once, match
the reached ``fit`` to the findings, and let each rule judge its own. No TensorFlow here."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from zerolint.diagnostics import Diagnostic, Report, Verdict
from zerolint.registry import Rule
from zerolint.verify.evidence import INCONCLUSIVE
from zerolint.verify.matching import concerns, reached_fit, static_fits
from zerolint.verify.runner import Limits, run_script


def _judge_file(
    diagnostics: list[Diagnostic],
    result: dict,
    code: str,
    rules: Mapping[str, Rule],
) -> list[Diagnostic]:
    timing = {"dry_run_seconds": result.get("seconds")}
    if result.get("outcome") != "fit":
        verdict = Verdict(INCONCLUSIVE, result.get("reason", "the dry run failed"), timing)
        return [dataclasses.replace(d, verification=verdict) for d in diagnostics]

    probes = dict(result.get("probes") or {})
    probes["warnings"] = result.get("warnings", [])
    fit_line = result.get("fit_line")
    try:
        fits = static_fits(code)
    except Exception:  # the file was linted, so this is a facts bug: stay inconclusive
        fits = []
    reached = reached_fit(fits, fit_line)
    judged = []
    for d in diagnostics:
        if reached is not None and concerns(reached, d.line, d.end_line):
            rule = rules.get(d.code)
            try:
                verdict = rule.verdict(d.message, probes) if rule is not None else None
            except Exception as error:  # a judge bug must not lose the other verdicts
                verdict = Verdict(INCONCLUSIVE, f"internal error in {d.code}'s check: {error!r}")
            if verdict is None:
                verdict = Verdict(INCONCLUSIVE, f"{d.code} has no numeric check yet")
            extra = {"fit_line": fit_line, **timing}
            if probes.get("notes"):  # e.g. the model could not be cloned
                extra["notes"] = probes["notes"]
            verdict = dataclasses.replace(verdict, metrics={**verdict.metrics, **extra})
        else:
            other = next((f for f in fits if concerns(f, d.line, d.end_line)), None)
            if other is not None:
                reason = (
                    f"this finding concerns the fit at line {other.span.line}; the dry run "
                    f"stops at the script's first fit (line {fit_line})"
                )
            else:
                reason = (
                    f"this finding is not tied to the script's first fit (line {fit_line}), "
                    "where the dry run stops"
                )
            verdict = Verdict(INCONCLUSIVE, reason, {"fit_line": fit_line, **timing})
        judged.append(dataclasses.replace(d, verification=verdict))
    return judged


def verify_report(
    report: Report,
    rules: list[type[Rule]],
    options: Mapping[str, dict[str, Any]],
    limits: Limits,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Give every diagnostic of the report a ``verification`` (files run one by one)."""
    instances = {rule.code: rule(options.get(rule.code)) for rule in rules}
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    started = time.monotonic()
    verified: list[Diagnostic] = []
    for done, (path, diagnostics) in enumerate(by_path.items(), start=1):
        file = Path(path)
        if path == "-" or file.suffix == ".ipynb" or not file.is_file():
            kind = "notebooks" if file.suffix == ".ipynb" else "stdin and unreadable paths"
            verdict = Verdict(INCONCLUSIVE, f"--verify does not run {kind} yet")
            verified += [dataclasses.replace(d, verification=verdict) for d in diagnostics]
        else:
            result = run_script(file, limits)
            code = file.read_text(encoding="utf-8", errors="replace")
            verified += _judge_file(diagnostics, result, code, instances)
        if progress is not None:
            progress(f"verify: {done}/{len(by_path)} files, {time.monotonic() - started:.1f} s")
    report.diagnostics[:] = verified
    report.sort()


def terminal_progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{message}\x1b[K")
        sys.stderr.flush()
