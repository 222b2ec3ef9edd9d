"""The rule registry: every rule by code, name or selector (ALL, ZL1, ZL101).

The rules themselves are listed by ``zerolint.checks.rule_list``; what a rule is lives in
``zerolint.rules.rule``, its documentation in ``zerolint.rules.catalog``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from zerolint.rules.rule import validate

if TYPE_CHECKING:
    from zerolint.rules.rule import Rule


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every registered rule, ordered by code."""
    from zerolint.checks.rule_list import RULES

    codes = set()
    for rule in RULES:
        validate(rule)
        if rule.code in codes:
            raise ValueError(f"duplicate rule code {rule.code}")
        codes.add(rule.code)
    return tuple(sorted(RULES, key=lambda r: r.code))


def rule_by_code(code: str) -> type[Rule] | None:
    code = code.upper()
    return next((r for r in all_rules() if r.code == code or r.name == code.lower()), None)


class UnknownSelector(ValueError):
    """A rule code or prefix that matches no rule."""


def matching(selector: str) -> Iterator[type[Rule]]:
    """Rules matched by a selector: ALL, a prefix (ZL, ZL1, ZL10) or a full code."""
    selector = selector.strip().upper()
    found = False
    for rule in all_rules():
        if selector == "ALL" or rule.code.startswith(selector):
            found = True
            yield rule
    if not found or not (selector == "ALL" or selector.startswith("ZL")):
        raise UnknownSelector(selector)


def check_selector(selector: str) -> None:
    """Raise UnknownSelector unless the selector matches at least one rule."""
    for _ in matching(selector):
        pass
