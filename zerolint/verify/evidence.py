"""Helpers for rules' ``verdict`` hooks: read probes, format numbers. No TensorFlow here."""

from __future__ import annotations

from zerolint.diagnostics import Verdict

CONFIRMED, NOT_CONFIRMED, INCONCLUSIVE = "confirmed", "not-confirmed", "inconclusive"


def num(value: float | None) -> str:
    """A number as evidence prints it: 0, 1.0, 0.6748, 1.2e-07, 3.4e+04."""
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.2g}"


def missing(probes: dict, *names: str) -> Verdict | None:
    """Inconclusive when a probe the rule needs did not run (with the probe's error)."""
    for name in names:
        if name not in probes:
            errors = probes.get("errors", {})
            error = errors.get(name) or errors.get("model") or errors.get("sample")
            reason = f"the {name} probe failed: {error}" if error else f"no {name} probe"
            return Verdict(INCONCLUSIVE, reason)
    return None


def training_summary(probes: dict) -> tuple[str, dict]:
    """``loss 0.6748 -> 0.6655 in 20 steps, gradient norm 0.07435`` and its metrics."""
    training = probes.get("training")
    if not training:
        return "", {}
    start, end = training["start"], training["end"]
    text = (
        f"loss {num(start['loss'])} at step 0 and {num(end['loss'])} after "
        f"{training['steps']} steps; gradient norm {num(start['grad_norm'])}"
    )
    metrics = {
        "loss_start": start["loss"],
        "loss_end": end["loss"],
        "steps": training["steps"],
        "grad_norm_start": start["grad_norm"],
        "grad_norm_end": end["grad_norm"],
    }
    return text, metrics


def keras_warning(probes: dict, needle: str) -> str:
    """The first warning the dry run caught that contains ``needle``, shortened, or ''."""
    for text in probes.get("warnings", ()):
        if needle in text:
            return text.split(". ")[0][:160]
    return ""
