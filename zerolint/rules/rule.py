"""The ``Rule`` base class: what every check is — its metadata, its options, its hooks.

Rules are small classes in ``zerolint.checks`` (after Fixit's rule classes). This module
imports no check: the checks import ``Rule`` from here, ``zerolint.checks.rule_list``
lists them, and ``zerolint.checks.registry`` looks them up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from zerolint.diagnostics import Finding, Fix, Verdict

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.program import Program

CATEGORIES = {
    "1": "loss-activation",
    "2": "label-encoding",
    "3": "scaling",
    "4": "leakage",
    "5": "numerics",
    "6": "initialization",
    "7": "optimizer",
}
SEVERITIES = ("error", "warning", "info")
DOCS_URL = "https://github.com/zerolint/zerolint/blob/main/rules/{folder}/README.md"
_CODE = re.compile(r"^ZL[1-9]\d\d$")


class Rule:
    """Base class of a rule: metadata as class attributes, logic in ``check``.

    ``check`` reads the facts (``program.facts``, ``program.heads()``, ...) and finds nothing
    in a module where the facts layer records nothing: the screen (``zerolint.engine.screen``)
    skips such modules for the registered rules."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[str]
    summary: ClassVar[str]
    # Opinionated rules may be opt-in (enabled only by --select / extend-select).
    enabled_by_default: ClassVar[bool] = True
    # "safe" or "unsafe" when the rule can fix what it finds (its findings carry a Fix).
    fix_applicability: ClassVar[str | None] = None
    # What the fix does, imperative ("add from_logits=True"): the code action's title.
    fix_title: ClassVar[str | None] = None
    # Tunable thresholds and their defaults, set in [tool.zerolint.options.<CODE>].
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        self.settings = {**self.options, **(options or {})}

    @classmethod
    def category(cls) -> str:
        return CATEGORIES[cls.code[2]]

    @classmethod
    def folder(cls) -> str:
        return f"{cls.code}-{cls.name}"

    @classmethod
    def url(cls) -> str:
        return DOCS_URL.format(folder=cls.folder())

    def check(self, program: Program) -> Iterable[Finding]:
        raise NotImplementedError

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        """Judge this rule's finding (its ``message``) from the dry run's probes (``--verify``).

        ``probes`` is the JSON of ``zerolint.verify.probes.run_probes``. Return None when the
        rule has no numeric check; the finding is then reported as inconclusive. (Not named
        ``judge``: the ZL103-ZL107 base class already uses that name for its static logic.)
        """
        return None

    def finding(
        self,
        program: Program,
        node: cst.CSTNode,
        message: str,
        help: str = "",
        fix: Fix | None = None,
        *,
        headline: str,
    ) -> Finding:
        """A finding at ``node``: ``headline`` names the mistake and its key evidence in at
        most HEADLINE_LIMIT characters, ``message`` explains it in full with the fix."""
        return Finding(self.code, program.span(node), message, help, fix, headline=headline)


def validate(rule: type[Rule]) -> None:
    """Raise ValueError when a rule's metadata is malformed (code, name, severity, fix)."""
    problems = []
    if not _CODE.match(rule.code) or rule.code[2] not in CATEGORIES:
        problems.append(f"bad code {rule.code!r}")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name):
        problems.append(f"name {rule.name!r} is not kebab-case")
    if rule.severity not in SEVERITIES:
        problems.append(f"severity {rule.severity!r}")
    if rule.fix_applicability not in (None, "safe", "unsafe"):
        problems.append(f"fix applicability {rule.fix_applicability!r}")
    if (rule.fix_applicability is None) != (rule.fix_title is None):
        problems.append("a fix needs both fix_applicability and fix_title")
    if problems:
        raise ValueError(f"rule {rule.__name__}: " + ", ".join(problems))


def option_error(rule: type[Rule], key: str, value: Any) -> str | None:
    """Why ``value`` is not a valid setting of the rule's option ``key`` (None if it is)."""
    if key not in rule.options:
        known = ", ".join(sorted(rule.options)) or "none"
        return f"{rule.code} has no option '{key}' (its options: {known})"
    default = rule.options[key]
    if isinstance(default, bool) or isinstance(value, bool):
        valid = isinstance(value, bool) and isinstance(default, bool)
    elif isinstance(default, int | float):
        valid = isinstance(value, int | float)
    else:
        valid = isinstance(value, type(default))
    if not valid:
        return f"{rule.code} option '{key}' must be {type(default).__name__}, not {value!r}"
    # Every numeric option is a threshold (a ratio, a rate, a factor): -5, nan or inf would
    # make the rule flag everything or nothing.
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and not (math.isfinite(value) and value > 0):
        return f"{rule.code} option '{key}' must be a number above 0, not {value!r}"
    return None
