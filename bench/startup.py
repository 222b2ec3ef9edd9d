"""Cold-process wall time of zerolint against its peers, measured in the same run.

    python bench/startup.py [--runs 10]

Every command is a fresh process (as pre-commit, editors and CI start it). Commands run
interleaved, round after round, after one untimed warm-up each, so that noise on the
machine touches every command alike. Prints the median and minimum per command, the
ratios zerolint/peer, and whether the per-file budget (one training script linted in a
fresh process, without the cache, in at most 0.25 s wall) holds; zerolint is also timed
from a warm cache. Standard library only.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUDGET_S = 0.25

try:
    import resource
except ImportError:  # Windows: no CPU times
    resource = None


def executable(name: str) -> str | None:
    """A tool installed next to this interpreter (the venv), else on PATH."""
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which(name)


def targets() -> tuple[Path, Path]:
    """One training script and a folder of them: examples/, else the rule catalog."""
    examples = REPO_ROOT / "examples"
    scripts = sorted(examples.glob("*.py")) if examples.is_dir() else []
    if scripts:
        preferred = examples / "zero_loss_binary_classifier.py"
        return (preferred if preferred.is_file() else scripts[0]), examples
    bad = sorted((REPO_ROOT / "rules").glob("*/bad.py"))
    if not bad:
        sys.exit("bench: neither examples/*.py nor rules/*/bad.py exist")
    return bad[0], REPO_ROOT / "rules"


def commands(file: Path, folder: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The commands to time, by label, and notes on the peers that are missing."""
    file_arg = os.path.relpath(file, REPO_ROOT)
    folder_arg = os.path.relpath(folder, REPO_ROOT)
    found: dict[str, list[str]] = {"python -c pass": [sys.executable, "-c", "pass"]}
    missing = []

    zerolint = executable("zerolint")
    if zerolint is None:
        sys.exit("bench: the zerolint executable is not installed (pip install -e .)")
    # Cold: --no-cache, as every other tool here runs. Warm: from the cache, every file
    # unchanged since the warm-up (ZEROLINT_CACHE_DIR is a temporary folder, see main).
    found["zerolint FILE"] = [zerolint, "--no-cache", file_arg]
    found["zerolint DIR"] = [zerolint, "--no-cache", folder_arg]
    found["zerolint FILE, warm cache"] = [zerolint, file_arg]
    found["zerolint DIR, warm cache"] = [zerolint, folder_arg]

    ruff = executable("ruff")
    if ruff is None:
        missing.append("ruff (not installed)")
    else:
        found["ruff check --no-cache FILE"] = [ruff, "check", "--no-cache", file_arg]
        found["ruff check --no-cache DIR"] = [ruff, "check", "--no-cache", folder_arg]

    if importlib.util.find_spec("pyflakes") is not None:
        found["python -m pyflakes FILE"] = [sys.executable, "-m", "pyflakes", file_arg]
        found["python -m pyflakes DIR"] = [sys.executable, "-m", "pyflakes", folder_arg]
    else:
        missing.append("pyflakes (not installed)")

    flake8 = executable("flake8")
    if flake8 is not None:
        found["flake8 FILE"] = [flake8, file_arg]
        found["flake8 DIR"] = [flake8, folder_arg]
    else:
        missing.append("flake8 (not installed)")
    return found, missing


def run_once(command: list[str]) -> tuple[float, float | None, int]:
    """Wall seconds, child CPU seconds (user + system) and exit code of one cold process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN) if resource else None
    start = time.perf_counter()
    code = subprocess.run(
        command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode
    wall = time.perf_counter() - start
    cpu = None
    if resource and before is not None:
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per command (10)")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    file, folder = targets()
    cmds, missing = commands(file, folder)
    cache = tempfile.mkdtemp(prefix="zerolint-startup-cache-")
    os.environ["ZEROLINT_CACHE_DIR"] = cache  # the warm runs' cache, never the checkout's
    folder_files = sum(1 for p in folder.rglob("*") if p.suffix in (".py", ".ipynb"))

    print(f"python   {sys.version.split()[0]} ({sys.executable})")
    print(f"machine  {os.cpu_count()} CPUs, {sys.platform}")
    print(
        f"FILE     {os.path.relpath(file, REPO_ROOT)} ({len(file.read_text().splitlines())} lines)"
    )
    print(f"DIR      {os.path.relpath(folder, REPO_ROOT)}/ ({folder_files} .py/.ipynb files)")
    print(f"runs     {args.runs} per command, interleaved, after 1 warm-up each")
    for note in missing:
        print(f"skipped  {note}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note     PYTHONDONTWRITEBYTECODE is set: an editable install recompiles zerolint's")
        print("         own modules in every process (~40 ms); an installed wheel has .pyc files")
    print()

    codes: dict[str, int] = {}
    for label, command in cmds.items():  # warm-up: page cache, .pyc files
        codes[label] = run_once(command)[2]
    for label in ("zerolint FILE", "zerolint DIR"):
        if codes[label] not in (0, 1):
            print(f"warning: '{label}' exited {codes[label]} (an error, not a lint result)")

    walls: dict[str, list[float]] = {label: [] for label in cmds}
    cpus: dict[str, list[float]] = {label: [] for label in cmds}
    for _ in range(args.runs):
        for label, command in cmds.items():
            wall, cpu, _code = run_once(command)
            walls[label].append(wall)
            if cpu is not None:
                cpus[label].append(cpu)

    width = max(len(label) for label in cmds)
    print(f"{'command':<{width}}  {'median':>9}  {'min':>9}  {'max':>9}  {'cpu med':>9}  exit")
    for label in cmds:
        times = walls[label]
        cpu = f"{statistics.median(cpus[label]) * 1000:7.1f}ms" if cpus[label] else "      n/a"
        print(
            f"{label:<{width}}  {statistics.median(times) * 1000:7.1f}ms"
            f"  {min(times) * 1000:7.1f}ms  {max(times) * 1000:7.1f}ms  {cpu}  {codes[label]}"
        )

    def median(label: str) -> float:
        return statistics.median(walls[label])

    floor = median("python -c pass")
    print()
    print("ratios (median wall)")
    for kind in ("FILE", "DIR"):
        ours = median(f"zerolint {kind}")
        peers = [label for label in cmds if label.endswith(kind) and not label.startswith("zero")]
        for peer in peers:
            theirs = median(peer)
            line = f"  zerolint {kind} / {peer}: {ours / theirs:5.2f}x"
            if not peer.startswith("ruff") and theirs > floor:  # a Python peer: same floor
                line += f"  (net of interpreter start-up {(ours - floor) / (theirs - floor):.2f}x)"
            print(line)
        print(f"  zerolint {kind} / python -c pass: {ours / floor:5.2f}x")

    shutil.rmtree(cache, ignore_errors=True)
    per_file = walls["zerolint FILE"]
    over = sum(1 for t in per_file if t > BUDGET_S)
    print()
    verdict = "HOLDS" if statistics.median(per_file) <= BUDGET_S else "DOES NOT HOLD"
    print(
        f"budget: one script in a fresh process, no cache, <= {BUDGET_S:.2f} s wall: {verdict} "
        f"(median {statistics.median(per_file):.3f} s, worst {max(per_file):.3f} s, "
        f"{over}/{len(per_file)} runs over)"
    )
    return 0 if verdict == "HOLDS" else 1


if __name__ == "__main__":
    sys.exit(main())
