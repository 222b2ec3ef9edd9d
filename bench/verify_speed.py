"""Wall time per script of ``zerolint --verify`` on its worker pool against the naive one
fresh TensorFlow process per script, measured in the same run.

    python bench/verify_speed.py [--jobs 1,2] [--runs 1] [--timeout 120]

The scripts are every ``rules/*/bad.py`` and every ``examples/`` script and notebook.
``zerolint --verify`` runs each file that has findings once; the pool's time is the wall
time of the whole command (a fresh zerolint process, workers started, every file run and
judged) divided by the files it ran, per ``--jobs`` value (default: 1 and one per core;
``--runs`` times, interleaved, median). The naive time runs the same files one after
another, each in a fresh ``python -m zerolint.verify.harness`` that imports TensorFlow
itself (what ``--verify`` did before the pool). A file that fails before ``fit`` (a
missing package, say) is counted and timed like the others. Prints each file's verdicts,
the totals, whether every pool run gave the same verdicts, and whether the budget holds:

> at most 1.5 s wall per script, amortised, with the default number of workers.

Exits 1 when it does not. Needs the ``verify`` extra (TensorFlow).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from zerolint.inputs.sources import read  # noqa: E402
from zerolint.verify.pool import default_workers  # noqa: E402
from zerolint.verify.runner import Limits, run_script  # noqa: E402

BUDGET_S = 1.5


def scripts() -> list[str]:
    found = sorted((REPO_ROOT / "rules").glob("*/bad.py"))
    examples = REPO_ROOT / "examples"
    found += sorted(examples.glob("*.py")) + sorted(examples.glob("*.ipynb"))
    return [path.relative_to(REPO_ROOT).as_posix() for path in found]


def pool_run(files: list[str], jobs: int, timeout: float) -> tuple[float, dict]:
    """Wall seconds of one ``zerolint --verify`` over the files, and its JSON."""
    command = [sys.executable, "-m", "zerolint", "--verify", "--output-format", "json"]
    command += ["--exit-zero", "--jobs", str(jobs), "--verify-timeout", str(timeout), *files]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench: zerolint --verify failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, json.loads(done.stdout)


def verdicts(document: dict) -> dict[str, list[str]]:
    """Per file, the verdict of each finding: ``ZL101 confirmed``."""
    found: dict[str, list[str]] = {}
    for d in document["diagnostics"]:
        status = (d.get("verification") or {}).get("status", "none")
        found.setdefault(d["path"], []).append(f"{d['code']} {status}")
    return found


def naive_run(file: str, limits: Limits) -> tuple[float, str]:
    """Wall seconds of one fresh dry-run process for the file, and how it ended."""
    path = REPO_ROOT / file
    started = time.perf_counter()
    if path.suffix == ".ipynb":  # its program, run from its folder, as --verify does
        with tempfile.TemporaryDirectory() as scratch:
            script = Path(scratch) / f"{path.stem}.py"
            script.write_text(read(path, file).code, encoding="utf-8")
            result = run_script(script, limits, cwd=path.parent)
    else:
        result = run_script(path, limits)
    wall = time.perf_counter() - started
    if result.get("outcome") == "fit":
        return wall, f"{len(result['fits'])} fit(s) probed"
    return wall, f"{result.get('outcome')}: {result.get('reason', '')[:60]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = sorted({1, default_workers()})
    parser.add_argument(
        "--jobs",
        default=",".join(map(str, default)),
        help="worker counts to time, comma-separated (default: 1 and one per core)",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="--verify-timeout")
    parser.add_argument(
        "--runs", type=int, default=1, help="pool runs per --jobs value, interleaved (median)"
    )
    args = parser.parse_args()
    job_counts = [int(j) for j in args.jobs.split(",")]
    files = scripts()
    print(f"{len(files)} scripts ({os.cpu_count()} cores); timing the pool, then naive")

    walls: dict[int, list[float]] = {jobs: [] for jobs in job_counts}
    documents: dict[int, list[dict]] = {jobs: [] for jobs in job_counts}
    for _ in range(args.runs):
        for jobs in job_counts:
            wall, document = pool_run(files, jobs, args.timeout)
            walls[jobs].append(wall)
            documents[jobs].append(document)
    pools = {jobs: (statistics.median(walls[jobs]), documents[jobs][0]) for jobs in job_counts}
    judged = {jobs: verdicts(document) for jobs, (_, document) in pools.items()}
    every = [verdicts(document) for runs in documents.values() for document in runs]
    ran = sorted(judged[job_counts[-1]])
    limits = Limits(timeout=args.timeout)
    naive = {file: naive_run(file, limits) for file in ran}

    last = job_counts[-1]
    width = max(len(file) for file in ran)
    print(f"\n{'file':<{width}}  {'naive s':>7}  naive outcome / verdicts (--jobs {last})")
    for file in ran:
        seconds, outcome = naive[file]
        counts = Counter(v.split()[1] for v in judged[last][file])
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        print(f"{file:<{width}}  {seconds:7.2f}  {outcome}")
        print(f"{'':<{width}}  {'':7}  {summary}: {'; '.join(judged[last][file])}")

    naive_total = sum(seconds for seconds, _ in naive.values())
    naive_per = naive_total / len(ran)
    print(f"\n{'mode':<26} {'scripts':>7} {'wall s':>8} {'s/script':>9} {'vs naive':>9}")
    print(f"{'naive (1 process/script)':<26} {len(ran):>7} {naive_total:8.1f} {naive_per:9.2f}")
    for jobs, (wall, _) in pools.items():
        count = len(judged[jobs])
        per = wall / count
        label = f"pool --jobs {jobs}"
        spread = f"  (min {min(walls[jobs]):.1f} s of {args.runs})" if args.runs > 1 else ""
        print(f"{label:<26} {count:>7} {wall:8.1f} {per:9.2f} {naive_per / per:8.1f}x{spread}")

    same = all(run == every[0] for run in every)
    listed = ", ".join(map(str, job_counts))
    print(f"\nsame verdicts in every pool run (--jobs {listed}): {'yes' if same else 'NO'}")
    per_default = pools[last][0] / len(judged[last])
    holds = per_default <= BUDGET_S
    print(
        f"budget (<= {BUDGET_S} s wall per script amortised, --jobs {last}): "
        f"{per_default:.2f} s, {'holds' if holds else 'DOES NOT HOLD'}"
    )
    return 0 if holds and same else 1


if __name__ == "__main__":
    sys.exit(main())
