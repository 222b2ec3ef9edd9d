"""How many findings ``zerolint --verify`` can judge, and why it cannot judge the others.

    python bench/verify_coverage.py [--jobs 2] [--timeout 120] [PATH ...]

The scripts (default) are every ``rules/*/bad.py``, every ``examples/`` script and
notebook, and the scripts of ``tests/fixtures/verify/`` (the cases of issue 13: an
optimizer in a variable, two zero-initialised layers, ZL104 on an op and on a subclassed
model, ZL402 with evaluate(), an integer learning rate, a missing CSV, an unscaled target,
models never trained). One ``zerolint --verify --output-format json`` runs over them all.

A finding is *tied to a fit the dry run reached* when its verdict came from its rule's
judge on a probed fit (its verdict carries the fit's line), whatever the verdict. It prints
the counts per verdict, the share of tied findings confirmed against the target

> at least 85% of the findings tied to a fit the dry run reaches are confirmed,

the inconclusive verdicts grouped by reason (the dry run's own reasons, or the first clause
of a rule's), every finding that is not confirmed, and the number of verdicts whose reason
is one issue 13 removes (a finding not tied to its fit, no single layer, no probe
scheduled, nothing to pool, the download of a data set that has a stand-in). Exits 1 when
the target is missed or any such reason remains. Needs the ``verify`` extra (TensorFlow).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.85
# Reasons issue 13 makes go away: none may remain.
REMOVED = (
    "not tied to",
    "no single layer",
    "no matching_loss probe",
    "no validation_data",
)
# A download is one only for a data set that has a stand-in (keras.datasets, scikit-learn's
# fetch_*); a file the script fetches itself from elsewhere may need the network.
DOWNLOAD = "needs a download"
DATA_SET_ORIGINS = ("tf-keras-datasets", "figshare.com")


def removed_reason(evidence: str) -> bool:
    if any(words in evidence for words in REMOVED):
        return True
    return DOWNLOAD in evidence and any(origin in evidence for origin in DATA_SET_ORIGINS)


def scripts() -> list[str]:
    found = sorted((REPO_ROOT / "rules").glob("*/bad.py"))
    for folder in (REPO_ROOT / "examples", REPO_ROOT / "tests" / "fixtures" / "verify"):
        found += sorted(folder.glob("*.py")) + sorted(folder.glob("*.ipynb"))
    return [path.relative_to(REPO_ROOT).as_posix() for path in found]


def run(paths: list[str], jobs: int, timeout: float) -> list[dict]:
    command = [sys.executable, "-m", "zerolint", "--verify", "--output-format", "json"]
    command += ["--exit-zero", "--jobs", str(jobs), "--verify-timeout", str(timeout), *paths]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: zerolint --verify failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)["diagnostics"]


def reason(verification: dict) -> str:
    """The dry run's own reason, else the first clause of the rule's evidence."""
    if verification.get("reason"):
        return verification["reason"]
    clause = re.split(r": |; |, so | \(", verification["evidence"], maxsplit=1)[0]
    return re.sub(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", "N", clause)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="scripts (default: see above)")
    parser.add_argument("--jobs", type=int, default=2, help="--jobs of zerolint (default 2)")
    parser.add_argument("--timeout", type=float, default=120.0, help="--verify-timeout")
    args = parser.parse_args()
    diagnostics = run(args.paths or scripts(), args.jobs, args.timeout)

    statuses = Counter(d["verification"]["status"] for d in diagnostics)
    tied = [d for d in diagnostics if "fit_line" in d["verification"]["metrics"]]
    confirmed = sum(d["verification"]["status"] == "confirmed" for d in tied)
    share = confirmed / len(tied) if tied else 0.0
    files = len({d["path"] for d in diagnostics})
    print(
        f"{len(diagnostics)} findings in {files} files: "
        + ", ".join(f"{statuses[s]} {s}" for s in ("confirmed", "not-confirmed", "inconclusive"))
    )
    print(
        f"tied to a fit the dry run reached: {len(tied)}; confirmed {confirmed} "
        f"({share:.1%}; target {TARGET:.0%})"
    )

    inconclusive = [d for d in diagnostics if d["verification"]["status"] == "inconclusive"]
    print(f"\ninconclusive by reason ({len(inconclusive)}):")
    by_reason: dict[str, list[str]] = {}
    for d in inconclusive:
        by_reason.setdefault(reason(d["verification"]), []).append(f"{d['path']}:{d['line']}")
    for why, where in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        more = f" (+{len(where) - 3})" if len(where) > 3 else ""
        print(f"{len(where):>5}  {why}\n         e.g. {', '.join(where[:3])}{more}")

    print("\nnot confirmed, tied to a reached fit:")
    for d in tied:
        verification = d["verification"]
        if verification["status"] != "confirmed":
            where = f"{d['path']}:{d['line']} {d['code']}"
            print(f"  {where} {verification['status']}: {verification['evidence'][:160]}")

    removed = [d for d in diagnostics if removed_reason(d["verification"]["evidence"])]
    print(f"\nverdicts for a reason issue 13 removes: {len(removed)}")
    for d in removed:
        print(f"  {d['path']}:{d['line']} {d['code']}: {d['verification']['evidence'][:160]}")
    holds = share >= TARGET and not removed
    print(f"target (>= {TARGET:.0%} of tied findings confirmed): {'holds' if holds else 'MISSED'}")
    return 0 if holds else 1


if __name__ == "__main__":
    sys.exit(main())
