"""The ``zerolint rule`` and ``zerolint rules`` commands: the rule catalog, read from the
registry and the rules' README pages."""

from __future__ import annotations

import argparse
import json
import sys

from zerolint.checks.registry import all_rules, rule_by_code
from zerolint.cli.exits import EXIT_CLEAN, UsageError
from zerolint.rules.catalog import doc_sections, documentation


def run_rule(argv: list[str]) -> int:
    """``zerolint rule CODE``: the catalog's page, the rule's options and how to fix."""
    parser = argparse.ArgumentParser(prog="zerolint rule", description="Show a rule's docs.")
    parser.add_argument("code", help="a rule code (ZL101) or name (single-unit-softmax)")
    parser.add_argument("--output-format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    rule = rule_by_code(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; 'zerolint rules' lists them")
    fix = rule.fix_applicability
    if args.output_format == "json":
        document = {
            "code": rule.code,
            "name": rule.name,
            "category": rule.category(),
            "severity": rule.severity,
            "summary": rule.summary,
            "url": rule.url(),
            "fix": {"applicability": fix, "message": rule.fix_title} if fix else None,
            "options": dict(sorted(rule.options.items())),
            "documentation": documentation(rule),
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_CLEAN
    sys.stdout.write(documentation(rule))
    sections = doc_sections(rule)
    if rule.options and "Options" not in sections:  # the catalog's own section comes first
        sys.stdout.write(f"\n## Options\n\nSet in `[tool.zerolint.options.{rule.code}]`:\n\n")
        for key, default in sorted(rule.options.items()):
            shown = str(default).lower() if isinstance(default, bool) else repr(default)
            sys.stdout.write(f"- `{key}` (default: `{shown}`)\n")
    if "Fix" in sections:  # the catalog describes the fix; add how to apply it
        sys.stdout.write(f"\n## Applying the fix\n\n{FIX_TEXT[fix]}\n")
    else:
        sys.stdout.write(f"\n## Fix\n\n{FIX_TEXT[fix]}\n")
    return EXIT_CLEAN


FIX_TEXT = {
    None: "None: this rule's findings are fixed by hand.",
    "safe": "Safe: `zerolint --fix` applies it (the code computes the same, minus the bug).",
    "unsafe": "Unsafe: `zerolint --fix --unsafe-fixes` applies it (it changes what the model "
    "computes, so review it).",
}


def run_rules(argv: list[str]) -> int:
    """``zerolint rules``: one row a rule, with whether it has a fix."""
    argparse.ArgumentParser(prog="zerolint rules", description="List all rules.").parse_args(argv)
    rows = [("code", "name", "category", "severity", "fix")]
    for rule in all_rules():
        rows.append(
            (rule.code, rule.name, rule.category(), rule.severity, rule.fix_applicability or "-")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n"
        )
    return EXIT_CLEAN
