"""Which rules run: ruff's layered select / extend-select / ignore, then per-file-ignores.

The configuration is one layer and the command line another, applied in that order. In a
layer, ``select`` replaces the set, ``extend-select`` adds, ``ignore`` removes; when a code
is both selected and ignored, the more specific selector wins (ignore on a tie).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from zerolint.checks.registry import all_rules
from zerolint.config.globs import matches
from zerolint.config.settings import Settings
from zerolint.rules.rule import Rule


@dataclass(frozen=True)
class Layer:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


def _specificity(code: str, selectors: list[str]) -> int:
    """Length of the most specific selector matching the code (ALL counts as 0), or -1."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best


def enabled_rules(layers: list[Layer]) -> list[type[Rule]]:
    """Apply each layer in turn to the default rule set."""
    enabled = {rule.code for rule in all_rules() if rule.enabled_by_default}
    for layer in layers:
        if layer.select is not None:
            enabled = set()
        chosen = (layer.select or []) + layer.extend_select
        for rule in all_rules():
            selected = _specificity(rule.code, chosen)
            ignored = _specificity(rule.code, layer.ignore)
            if ignored >= 0 and ignored >= selected:
                enabled.discard(rule.code)
            elif selected >= 0:
                enabled.add(rule.code)
    return [rule for rule in all_rules() if rule.code in enabled]


def settings_layer(settings: Settings) -> Layer:
    return Layer(settings.select, settings.extend_select, settings.ignore)


def rules_for_file(
    rules: list[type[Rule]], settings: Settings, path: Path | None
) -> list[type[Rule]]:
    """Drop the codes that ``per-file-ignores`` turns off for this file."""
    if not settings.per_file_ignores or path is None:
        return rules
    try:
        relative = path.resolve().relative_to(settings.root).as_posix()
    except ValueError:
        relative = path.resolve().as_posix()
    ignored: list[str] = []
    for glob, codes in settings.per_file_ignores.items():
        if matches(glob, relative) or matches(glob, path.name):
            ignored.extend(codes)
    if not ignored:
        return rules
    return [rule for rule in rules if _specificity(rule.code, ignored) < 0]
