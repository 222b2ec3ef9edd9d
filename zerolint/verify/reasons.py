"""Why a finding got no measurement, in words a user understands: the script failed before
``fit`` (where, and what it could not find), or the finding concerns a fit the dry run did
not reach, a model the script never trains, a compile no fit uses, or a function the script
never calls. No TensorFlow here."""

from __future__ import annotations

from zerolint.checks.evidence import INCONCLUSIVE
from zerolint.diagnostics import Verdict
from zerolint.inputs.sources import Source
from zerolint.verify.matching import Plan, concerns, names_fit, place

# The short reason (what summaries count) of each way a dry run can end before fit.
OUTCOMES = {
    "error": "the script raised before fit",
    "download": "the script needs a download",
    "missing-file": "a data file the script reads is missing",
    "exit": "the script exits before fit",
    "memory": "the script ran out of memory before fit",
    "timeout": "the script did not reach fit in time",
    "no-fit": "the script never calls fit",
    "crashed": "the dry run's process died before fit",
    "unreadable": "the dry run's result could not be read",
}


def inconclusive(reason: str, text: str, metrics: dict | None = None) -> Verdict:
    return Verdict(INCONCLUSIVE, text, metrics or {}, reason=reason)


_NOT_CACHED = "not in your cache, and the dry run downloads nothing"


def stand_in_words(stand_ins: list[dict]) -> str:
    """``on a stand-in with MNIST's shapes and ranges (not in your cache, ...)``."""
    titles = " and ".join(f"{s['title']}'s" for s in stand_ins)
    return f"on a stand-in with {titles} shapes and ranges ({_NOT_CACHED})"


def on_stand_in(stand_ins: list[dict], metrics: dict) -> Verdict:
    """A leakage finding on stand-in data: its claim is about the real rows."""
    titles = " and ".join(s["title"] for s in stand_ins)
    return inconclusive(
        "the data is a stand-in",
        f"the data this fit received comes from a stand-in for {titles} ({_NOT_CACHED}): "
        "leakage can be judged only on the real data (load it once to cache it, or let the "
        "dry run download it with --verify-offline-data cache)",
        {**metrics, "stand_ins": [s["name"] for s in stand_ins]},
    )


def before_fit(result: dict, source: Source | None, first: int, last: int) -> tuple[str, str]:
    """(reason, text) of every finding of a script that never reached ``fit``."""
    text = result.get("reason", "the dry run failed")
    outcome = result.get("outcome", "crashed")
    reason = OUTCOMES.get(outcome, OUTCOMES["crashed"])
    line, error = result.get("line"), result.get("error")
    if source is None or line is None or error is None:
        return reason, text
    at = place(source, line)
    if outcome == "missing-file":
        return reason, (
            f"the script reads {result['path']} at {at}, which does not exist (looked for "
            f"{result['resolved']}), so the dry run never reached fit: {error}"
        )
    if outcome == "download":
        return reason, f"the script needs a download at {at} (no network?), before fit: {error}"
    if first <= line <= last:  # the script fails on the very line of this finding
        if result.get("keras"):
            return "the script fails on this Keras before fit", (
                f"the script fails on this Keras ({result['keras']}) before training, at this "
                f"finding's {at}: {error}"
            )
        return reason, f"the script fails before training, at this finding's {at}: {error}"
    return reason, f"the script raised before fit, at {at}: {error}"


def reached_lines(result: dict, source: Source) -> str:
    """``line 10``, ``lines 10 and 14``, ``line 17, 5 fits in all``: the fits the dry run
    reached."""
    places = list(dict.fromkeys(place(source, fit.get("line")) for fit in result["fits"]))
    text = places[0]
    if len(places) > 1:
        places = [p.removeprefix("line ") for p in places]
        text = "lines " + ", ".join(places[:-1]) + " and " + places[-1]
    if len(places) < len(result["fits"]):
        text += f", {len(result['fits'])} fits in all"
    return text


def _stopped(result: dict, source: Source) -> str:
    stopped = result.get("stopped")
    if isinstance(stopped, dict):  # the script fit a model again
        return (
            f"{place(source, stopped.get('refit'))} fits the model of "
            f"{place(source, stopped.get('first'))} again; the dry run stops there"
        )
    return stopped or ""


def _inside(regions, first: int, last: int) -> bool:
    return any(start <= first and last <= end for start, end in regions)


def unreached(
    first: int, last: int, message: str, plan: Plan, result: dict, source: Source
) -> tuple[str, str]:
    """(reason, text): why a finding on program lines first..last concerns none of the
    fits the dry run reached."""
    reached = reached_lines(result, source)
    stopped = _stopped(result, source)
    after = f"; {stopped}" if stopped else ""
    other = next((f for f in plan.fits if concerns(f, first, last) or names_fit(f, message)), None)
    if other is not None:
        return "its fit was not reached", (
            f"this finding concerns the fit at {place(source, other.span.line)}, which the "
            f"dry run did not reach (it reached {reached}){after}"
        )
    unused = next(
        (name for name, (start, end) in plan.uncalled if start <= first and last <= end), None
    )
    if unused is not None:
        if unused.endswith("()"):
            return "it is in a function the script never calls", (
                f"this finding is in {unused}, which the script never calls, so the dry run "
                "never runs it"
            )
        return "it is in a class the script never uses", (
            f"this finding is in the class {unused}, which the script never uses, so the dry "
            "run never runs it"
        )
    optimizer = next(
        (line for line, spans in plan.unused_optimizers if _inside(spans, first, last)), None
    )
    if optimizer is not None:
        return "the optimizer is given to no compile", (
            f"the optimizer built at {place(source, optimizer)} is given to no compile, so no "
            "fit trains with it (the dry run measures what fit trains, not a custom loop)"
        )
    if plan.every_fit_known:
        model = next((m for m in plan.models if concerns(m, first, last)), None)
        if model is not None and not model.fitted:
            return "the model is never trained", (
                f"the model built at {place(source, model.line)} is never trained in this "
                "script (no fit call trains it), so the dry run has no training of it to measure"
            )
        compiled = next((c for c in plan.compiles if concerns(c, first, last)), None)
        if compiled is not None and not compiled.fitted:
            return "no fit follows the compile", (
                f"the script never fits its model after the compile at "
                f"{place(source, compiled.line)}, so the dry run has no training with it to "
                "measure"
            )
    which = "the fit" if len(result["fits"]) == 1 else "any fit"
    return "its line is not used by a fit the dry run reached", (
        f"nothing on this line is used by {which} the dry run reached ({reached}): it is not "
        f"part of that fit's model, compile or data{after}"
    )
