"""The rule catalog is documentation and test fixtures at once (pylint's bad.py/good.py).

Every ``bad.py`` must yield exactly the codes its ``# expect:`` markers name, on exactly
those lines; every ``good.py`` must yield nothing; registry and catalog must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXPECT

from zerolint.checks.registry import all_rules, rule_by_code
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text
from zerolint.rules.catalog import catalog_dir, doc_sections

CATALOG = Path(__file__).resolve().parents[1] / "rules"
FOLDERS = sorted(p for p in CATALOG.iterdir() if p.is_dir())
SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


def findings(path: Path) -> set[tuple[int, str]]:
    source = from_text(path.read_text(encoding="utf-8"), str(path))
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    return {(d.line, d.code) for d in diagnostics}


def expected(path: Path) -> set[tuple[int, str]]:
    marks = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            marks |= {(number, code.strip()) for code in match.group("codes").split(",")}
    return marks


def test_every_rule_has_a_folder_and_every_folder_a_rule():
    registered = {rule.folder() for rule in all_rules()}
    on_disk = {folder.name for folder in FOLDERS}
    assert registered == on_disk


def test_the_package_reads_the_catalog_of_this_checkout_or_wheel():
    assert (catalog_dir() / all_rules()[0].folder() / "README.md").is_file()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_folder_has_docs_and_examples(folder: Path):
    rule = rule_by_code(folder.name.split("-", 1)[0])
    assert rule is not None
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {rule.name} ({rule.code})\n")
    sections = doc_sections(rule)
    for title in SECTIONS:
        assert sections.get(title), f"{folder.name}/README.md lacks '## {title}'"
    assert (folder / "bad.py").is_file() and (folder / "good.py").is_file()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_bad_example_yields_exactly_its_markers(folder: Path):
    bad = folder / "bad.py"
    marks = expected(bad)
    code = folder.name.split("-", 1)[0]
    assert any(mark_code == code for _, mark_code in marks), "bad.py must show its own rule"
    assert findings(bad) == marks


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_good_example_yields_nothing(folder: Path):
    assert findings(folder / "good.py") == set()


@pytest.mark.parametrize(
    "rule", [rule for rule in all_rules() if rule.options], ids=lambda rule: rule.code
)
def test_the_catalog_documents_each_option_with_its_default(rule):
    """A rule's README shows its options as the TOML a user would write, with the
    registry's defaults: ``zerolint rule CODE`` prints that section, not a second one."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    section = doc_sections(rule)["Options"]
    toml = section.split("```toml", 1)[1].split("```", 1)[0]
    assert tomllib.loads(toml) == {"tool": {"zerolint": {"options": {rule.code: rule.options}}}}
