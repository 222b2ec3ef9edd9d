"""Findings per 100 files on a folder of real, correct Keras code.

    python bench/corpus_precision.py [FOLDER]

FOLDER defaults to ``../shared/corpus/keras-io`` next to the repository (for a git
worktree, next to the main checkout as well). The scripts there are correct, so every
finding is a false positive until someone reads it and argues it true: this prints the
number of files linted, the findings per 100 files, the count per rule code and each
finding on one line (path, line, code, message), so that each can be read and judged.

zerolint runs as a fresh process (``python -m zerolint --no-cache --output-format json``)
as a user runs it on the folder, with the folder as working directory: without the cache,
so that every run lints afresh and nothing is written into the folder. Standard library
only.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

CORPUS = Path("shared", "corpus", "keras-io")


def main_checkout() -> Path | None:
    """The main working tree of this repository, when this is a linked worktree."""
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(common).parent if common else None


def default_folder() -> Path:
    """``../shared/corpus/keras-io`` beside this checkout, else beside the main checkout."""
    candidates = [REPO_ROOT.parent / CORPUS]
    main = main_checkout()
    if main is not None:
        candidates.append(main.parent / CORPUS)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def files_linted(folder: Path) -> int:
    """How many files zerolint checks in the folder (its own discovery and excludes)."""
    from zerolint.config.settings import load_settings
    from zerolint.inputs.files import discover

    settings = load_settings(None, folder)
    return len(discover([str(folder)], settings, force_exclude=False).files)


def lint(folder: Path) -> tuple[dict, float]:
    # --no-cache: every run lints afresh, and nothing is written into the folder linted.
    command = [sys.executable, "-m", "zerolint", "--no-cache", "--output-format", "json"]
    command += ["--exit-zero", "."]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"zerolint failed (exit {result.returncode}):\n{result.stderr}")
    return json.loads(result.stdout), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="default: %(default)s")
    args = parser.parse_args()
    folder = (args.folder or default_folder()).resolve()
    if not folder.is_dir():
        sys.exit(f"{folder}: no such folder (give the corpus folder as an argument)")

    files = files_linted(folder)
    report, elapsed = lint(folder)
    findings = report["diagnostics"]
    errors = report.get("errors", [])
    by_code = collections.Counter(finding["code"] for finding in findings)

    print(f"folder: {folder}")
    print(f"files linted: {files} ({elapsed:.1f} s wall)")
    per_100 = 100 * len(findings) / files if files else 0.0
    print(f"findings: {len(findings)} = {per_100:.2f} per 100 files")
    for code, count in sorted(by_code.items()):
        print(f"  {code}: {count}")
    if findings:
        print("each finding (read it: false until argued true):")
    for finding in findings:
        first_line = finding["message"].splitlines()[0]
        where = f"{finding['path']}:{finding['line']}"
        print(f"  {where}: {finding['code']} {first_line}")
    if errors:
        print(f"files with errors: {len(errors)}")
        for error in errors:
            print(f"  {error.get('path')}: {error.get('message')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
