"""When the worker pool pays: one process against a pool, by number of files; pre-commit's
``require_serial`` true against false.

    python bench/jobs.py [--sizes 1,2,4,6,8,12,16,32] [--runs 5] [--precommit 8,16,48]

The files are synthetic training scripts (``bench/scale.py``'s generator, ~140 lines each,
every one read in full by the facts layer: the screen lets them all through). Every command
is a fresh process with ``--no-cache``, run interleaved after one warm-up.

1. For each number of files N: ``zerolint --jobs 1`` (one process) against the pool forced
   on (``zerolint.run.parallel.MIN_FILES = 1``, default jobs). The pool's fixed cost is starting
   the workers (fork, after libcst is imported); it pays once the files it shares out cost
   more. ``zerolint.run.parallel.MIN_FILES`` is set from this table.
2. ``pre-commit run --all-files`` in a git repository of N scripts, with the hook as
   ``.pre-commit-hooks.yaml`` ships it, once with ``require_serial: true`` (one zerolint
   with every file: it runs its own pool) and once with ``false`` (pre-commit starts one
   zerolint per core on its own batches of the files).

Needs pre-commit and git for part 2 (skipped otherwise). Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import executable, generate  # noqa: E402 - a sibling bench script

FORCED_POOL = (
    "import sys; import zerolint.run.parallel as p; p.MIN_FILES = 1; "
    "from zerolint.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def threshold(folder: Path, sizes: list[int], runs: int, zerolint: str) -> None:
    scripts = sorted(p.name for p in folder.glob("*.py"))
    print("1. one process against the pool (median wall of fresh processes)\n")
    print(f"{'files':>5}  {'--jobs 1':>9}  {'pool':>9}  {'pool / one':>10}")
    for size in sizes:
        names = scripts[:size]
        single = [zerolint, "--no-cache", "--exit-zero", "-q", "--jobs", "1", *names]
        pool = [sys.executable, "-c", FORCED_POOL, "--no-cache", "--exit-zero", "-q", *names]
        timed(single, folder), timed(pool, folder)  # warm-up
        walls: dict[str, list[float]] = {"single": [], "pool": []}
        for _ in range(runs):
            walls["single"].append(timed(single, folder))
            walls["pool"].append(timed(pool, folder))
        one, many = statistics.median(walls["single"]), statistics.median(walls["pool"])
        print(f"{size:>5}  {one:8.2f}s  {many:8.2f}s  {many / one:9.2f}x")


HOOK = """\
repos:
  - repo: local
    hooks:
      - id: zerolint
        name: zerolint
        entry: {zerolint} --force-exclude --no-cache
        language: system
        types_or: [python, jupyter]
        require_serial: {serial}
"""


def precommit(folder: Path, counts: list[int], runs: int, zerolint: str) -> None:
    tool, git = executable("pre-commit"), shutil.which("git")
    print("\n2. pre-commit run --all-files, require_serial true against false\n")
    if tool is None or git is None:
        print("skipped (needs pre-commit and git)")
        return
    scripts = sorted(folder.glob("*.py"))
    print(f"{'files':>5}  {'true':>9}  {'false':>9}  {'false / true':>12}")
    for count in counts:
        repo = Path(tempfile.mkdtemp(prefix="zerolint-jobs-repo-"))
        try:
            env = {**os.environ, "PRE_COMMIT_HOME": str(repo / ".pre-commit-home")}
            subprocess.run([git, "init", "-q", str(repo)], check=True)
            for script in scripts[:count]:
                shutil.copyfile(script, repo / script.name)
            (repo / ".gitignore").write_text(".pre-commit-home/\n")
            walls: dict[str, list[float]] = {"true": [], "false": []}
            for serial in ("true", "false"):  # warm-up (and pre-commit's own setup)
                config = HOOK.format(zerolint=zerolint, serial=serial)
                (repo / ".pre-commit-config.yaml").write_text(config)
                subprocess.run([git, "add", "-A"], cwd=repo, check=True)
                timed([tool, "run", "--all-files"], repo, env)
            for _ in range(runs):
                for serial in ("true", "false"):
                    config = HOOK.format(zerolint=zerolint, serial=serial)
                    (repo / ".pre-commit-config.yaml").write_text(config)
                    subprocess.run([git, "add", "-A"], cwd=repo, check=True)
                    walls[serial].append(timed([tool, "run", "--all-files"], repo, env))
            serial_wall = statistics.median(walls["true"])
            parallel_wall = statistics.median(walls["false"])
            print(
                f"{count:>5}  {serial_wall:8.2f}s  {parallel_wall:8.2f}s"
                f"  {parallel_wall / serial_wall:11.2f}x"
            )
        finally:
            shutil.rmtree(repo, ignore_errors=True)


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=numbers, default=[1, 2, 4, 6, 8, 12, 16, 32])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (5)")
    parser.add_argument("--precommit", type=numbers, default=[8, 16, 48])
    args = parser.parse_args()
    zerolint = executable("zerolint")
    if zerolint is None:
        sys.exit("bench: the zerolint executable is not installed (pip install -e .)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine  {os.cpu_count()} CPUs, load {load:.2f} before the runs")
    folder = Path(tempfile.mkdtemp(prefix="zerolint-jobs-"))
    try:
        generate(folder, max([*args.sizes, *args.precommit]), seed=0)
        print(f"files    synthetic training scripts in {folder}; {args.runs} runs each\n")
        threshold(folder, args.sizes, args.runs, zerolint)
        precommit(folder, args.precommit, args.runs, zerolint)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nload     {load:.2f} after the runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
