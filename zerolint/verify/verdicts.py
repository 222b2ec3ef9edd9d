"""Attach a verdict to each finding of a report: run each file with findings once on the
worker pool, match each probed ``fit`` to the findings it concerns, and let each rule
judge its own. No TensorFlow here."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from zerolint.diagnostics import Diagnostic, Report, Verdict
from zerolint.inputs.sources import Source, SourceError, decode, from_text, read
from zerolint.rules.rule import Rule
from zerolint.verify import reasons
from zerolint.verify.matching import (
    Plan,
    StaticFit,
    concerns,
    layer_lines,
    names_fit,
    plan,
    program_lines,
    reached_fit,
)
from zerolint.verify.pool import Pool, default_workers
from zerolint.verify.runner import Job, Limits
from zerolint.verify.sandbox import FILES_GAPS, PROCESSES_GAPS


@dataclasses.dataclass
class _File:
    """One file with findings: what runs (``job``) or why nothing can (``reason``)."""

    path: str
    diagnostics: list[Diagnostic]
    source: Source | None = None
    job: Job | None = None
    reason: str = ""
    plan: Plan = dataclasses.field(default_factory=Plan)


def _prepare(path: str, diagnostics, stdin: bytes | None, scratch: Path) -> _File:
    """The job for one file. Notebooks and stdin run as their program, written into
    ``scratch`` (this file's own folder), from the notebook's folder or the current
    directory (stdin; with --stdin-filename, that file's folder)."""
    entry = _File(path, diagnostics)
    file = Path(path)
    try:
        if stdin is not None:
            entry.source = from_text(decode(stdin), path)
            named = path != "-" and file.absolute().parent.is_dir()
            cwd = file.absolute().parent if named else Path.cwd()
        elif file.is_file():
            entry.source = read(file, path)
            cwd = file.resolve().parent
        else:
            entry.reason = f"--verify cannot read {path}"
            return entry
    except SourceError as error:
        entry.reason = f"--verify cannot read {path}: {error}"
        return entry
    try:
        entry.plan = plan(entry.source.code)
    except Exception:  # the file was linted, so this is a facts bug: stay inconclusive
        entry.plan = Plan()
    if stdin is None and entry.source.notebook is None:
        entry.job = Job(file.resolve(), cwd, cwd)
        return entry
    stem = file.stem if path != "-" else "stdin"
    script = scratch / f"{stem}.py"
    script.parent.mkdir(parents=True)
    script.write_text(entry.source.code, encoding="utf-8")
    entry.job = Job(script, cwd, cwd)
    return entry


def _judge(
    d: Diagnostic, fit: dict, static: StaticFit, source: Source, rules, timing: dict
) -> Verdict:
    probes = dict(fit.get("probes") or {})
    probes["warnings"] = fit.get("warnings", [])
    first, last = program_lines(d, source)
    probes["finding_lines"] = [first, last]  # program lines, as the probes' own
    layer = layer_lines(static, first, last)
    if layer is not None:  # the layer the finding is on, by the lines that build it
        probes["finding_layer"] = list(layer)
    stand_ins = _stand_ins(fit, static)
    if stand_ins and d.category == "leakage":
        return reasons.on_stand_in(stand_ins, timing)
    rule = rules.get(d.code)
    try:
        verdict = rule.verdict(d.message, probes) if rule is not None else None
    except Exception as error:  # a judge bug must not lose the other verdicts
        verdict = reasons.inconclusive(
            "internal error in a rule's check", f"internal error in {d.code}'s check: {error!r}"
        )
    if verdict is None:
        verdict = reasons.inconclusive(
            "the rule has no numeric check", f"{d.code} has no numeric check yet"
        )
    cell, line = source.locate(fit["line"]) if fit.get("line") else (None, None)
    extra = {"fit_line": line, **timing}
    if cell is not None:
        extra["fit_cell"] = cell
    if probes.get("notes"):  # e.g. the model could not be cloned
        extra["notes"] = probes["notes"]
    if stand_ins:
        extra["stand_ins"] = [s["name"] for s in stand_ins]
        verdict = dataclasses.replace(
            verdict, evidence=f"{reasons.stand_in_words(stand_ins)}: {verdict.evidence}"
        )
    return dataclasses.replace(verdict, metrics={**verdict.metrics, **extra})


def _stand_ins(fit: dict, static: StaticFit) -> list[dict]:
    """The stand-ins (``offline_data``) the data of this fit may rest on: every one loaded
    before it, unless the facts know its data comes from other sources."""
    used = [s for s in fit.get("stand_ins") or () if isinstance(s, dict) and s.get("name")]
    if static.sources is not None:
        used = [s for s in used if s["name"] in static.sources]
    return list({s["name"]: s for s in used}.values())


def _judge_file(entry: _File, result: dict, rules: Mapping[str, Rule]) -> list[Diagnostic]:
    timing = {"dry_run_seconds": result.get("seconds")}
    source = entry.source
    if result.get("outcome") != "fit" or source is None:
        judged = []
        for d in entry.diagnostics:
            first, last = program_lines(d, source) if source is not None else (0, 0)
            verdict = reasons.inconclusive(*reasons.before_fit(result, source, first, last), timing)
            judged.append(dataclasses.replace(d, verification=verdict))
        return judged
    reached: list[tuple[dict, StaticFit]] = []
    for fit in result["fits"]:
        found = reached_fit(list(entry.plan.fits), fit.get("line"))
        if found is not None:
            reached.append((fit, found))
    judged = []
    for d in entry.diagnostics:
        first, last = program_lines(d, source)
        match = next(
            (
                (run, static)
                for run, static in reached
                if concerns(static, first, last) or names_fit(static, d.message)
            ),
            None,
        )
        if match is not None:
            verdict = _judge(d, *match, source, rules, timing)
        else:
            verdict = reasons.inconclusive(
                *reasons.unreached(first, last, d.message, entry.plan, result, source), timing
            )
        judged.append(dataclasses.replace(d, verification=verdict))
    return judged


def verify_report(
    report: Report,
    rules: list[type[Rule]],
    options: Mapping[str, dict[str, Any]],
    limits: Limits,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
    stdin: bytes | None = None,
) -> None:
    """Give every diagnostic of the report a ``verification``: each file with findings runs
    once, on ``jobs`` workers (default: one per core). ``stdin`` is the text read from
    standard input when that is what the report is about."""
    instances = {rule.code: rule(options.get(rule.code)) for rule in rules}
    by_path: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        by_path.setdefault(d.path, []).append(d)
    started = time.monotonic()
    verified: list[Diagnostic] = []
    done = 0

    def count() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            elapsed = time.monotonic() - started
            progress(f"verify: {done}/{len(by_path)} files, {elapsed:.1f} s")

    if not by_path:
        return
    with tempfile.TemporaryDirectory(prefix="zerolint-verify-") as name:
        scratch = Path(name)
        workers = min(jobs or default_workers(), len(by_path))
        with Pool(workers, limits, scratch / "runs") as pool:  # workers start importing now
            entries = [
                _prepare(path, diagnostics, stdin, scratch / f"program-{number}")
                for number, (path, diagnostics) in enumerate(by_path.items())
            ]
            # The files with the most fits (the longest dry runs) first: less idle at the end.
            runnable = sorted(
                (entry for entry in entries if entry.job is not None),
                key=lambda entry: -len(entry.plan.fits),
            )
            for entry in entries:
                if entry.job is None:
                    verdict = reasons.inconclusive("--verify cannot read the file", entry.reason)
                    verified += [
                        dataclasses.replace(d, verification=verdict) for d in entry.diagnostics
                    ]
                    count()
            for entry in runnable:
                pool.submit(entry.job)
            warned: set[str] = set()
            for index, result in pool.results():
                _warn_containment(result.get("containment"), warned)
                verified.extend(_judge_file(runnable[index], result, instances))
                count()
    report.diagnostics[:] = verified
    report.sort()


def _warn_containment(containment, warned: set[str]) -> None:
    """Say once what the dry runs could not protect on this machine (``sandbox``)."""
    if not isinstance(containment, dict):
        return
    for gaps, level in (
        (FILES_GAPS, containment.get("files")),
        (PROCESSES_GAPS, containment.get("processes")),
    ):
        gap = gaps.get(level) if isinstance(level, str) else None
        if gap and gap not in warned:
            warned.add(gap)
            sys.stderr.write(f"zerolint: warning: --verify: {gap}\n")


def terminal_progress(message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{message}\x1b[K")
        sys.stderr.flush()
