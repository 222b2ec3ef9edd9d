"""SARIF 2.1.0, as GitHub code scanning reads it: rules with docs, results with regions.

A result's ``message.text`` is the finding's headline; ``message.markdown`` (which viewers
that render Markdown show instead) adds the full explanation under it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from zerolint import __version__
from zerolint.checks.registry import all_rules
from zerolint.diagnostics import Diagnostic, Report
from zerolint.report.text import markdown
from zerolint.rules.catalog import doc_sections, documentation
from zerolint.rules.rule import Rule

_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_BASE = "%SRCROOT%"


def _rule(rule: type[Rule]) -> dict:
    docs = documentation(rule)
    sections = doc_sections(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": sections.get("What it does", rule.summary)},
        "help": {"text": docs, "markdown": docs},
        "helpUri": rule.url(),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.category()], "precision": "high"},
    }


def _message(d: Diagnostic) -> dict:
    """The headline as text; headline and explanation as Markdown."""
    return {"text": d.headline, "markdown": f"**{markdown(d.headline)}**\n\n{markdown(d.message)}"}


def _artifact(path: str) -> dict:
    """The file's URI, percent-encoding its bytes: exact even for a name that is not
    UTF-8 or holds a newline."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(os.fsencode(path)), "uriBaseId": _BASE}


def _fixes(d: Diagnostic) -> list[dict]:
    """The rule's fix as a SARIF ``fix``. None for notebook cells: the edits are in the
    joined program's lines, which no region of the .ipynb file matches."""
    if d.fix is None or d.cell is not None:
        return []
    replacements = [
        {
            "deletedRegion": {
                "startLine": e.span.line,
                "startColumn": e.span.column,
                "endLine": e.span.end_line,
                "endColumn": e.span.end_column,
            },
            "insertedContent": {"text": e.text},
        }
        for e in d.fix.edits
    ]
    return [
        {
            "description": {"text": d.fix.message},
            "artifactChanges": [
                {"artifactLocation": _artifact(d.path), "replacements": replacements}
            ],
            "properties": {"applicability": d.fix.applicability},
        }
    ]


def render(report: Report, rules: list[type[Rule]], unsafe_fixes: bool = False) -> str:
    catalog = list(all_rules())
    index = {rule.code: position for position, rule in enumerate(catalog)}
    results = []
    for d in report.diagnostics:
        result = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVELS[d.severity],
            "message": _message(d),
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(d.path),
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    }
                }
            ],
        }
        fixes = _fixes(d)
        if fixes:
            result["fixes"] = fixes
        if d.cell is not None:
            result["properties"] = {"cell": d.cell}
        if d.verification is not None:
            result.setdefault("properties", {})["verification"] = d.verification.as_json()
        results.append(result)
    notifications = []
    for e in report.errors:
        notification = {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(e.path)}}],
        }
        if e.line is not None:
            region = {"startLine": e.line}
            if e.column is not None:
                region["startColumn"] = e.column
            notification["locations"][0]["physicalLocation"]["region"] = region
        notifications.append(notification)
    run = {
        "tool": {
            "driver": {
                "name": "zerolint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://github.com/zerolint/zerolint",
                "rules": [_rule(rule) for rule in catalog],
            }
        },
        "originalUriBaseIds": {_BASE: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}
        ],
    }
    document = {"$schema": _SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
