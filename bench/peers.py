"""Throughput on real library code: zerolint cold, parallel and warm against fixit and ruff.

    python bench/peers.py [--files N] [--seed 0] [--runs 1] [--skip TOOL] [--keep]

The corpus is the source of the installed ``keras`` and ``tensorflow`` packages (found with
``importlib.util.find_spec``, never imported; 2,751 files and 46 MB here), all of it or a
deterministic sample of ``--files N`` files, copied into a temporary folder with a
``pyproject.toml`` that keeps every tool on its defaults. Every command is a fresh process,
run in that folder on ``.``:

| label | command |
|---|---|
| zerolint cold --jobs 1 | ``zerolint --jobs 1 .`` with an empty cache (it writes the cache) |
| zerolint cold | ``zerolint .`` (default jobs: one per core) with an empty cache |
| zerolint warm | ``zerolint .`` again: every file unchanged, answered from the cache |
| fixit lint | ``fixit lint .`` (its default rules; one worker per core) |
| ruff check | ``ruff check --no-cache .`` |

Peers are used when installed next to this interpreter or on PATH, else reported skipped;
the script installs nothing. It prints files/s, the peak resident memory of the largest
process of each command (the main process or one worker), the ratios the targets of issue 14
are stated in, and whether zerolint's findings are identical across --jobs 1, the default
jobs and the warm run. Standard library only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent


def executable(name: str) -> str | None:
    """A tool installed next to this interpreter (the venv), else on PATH."""
    for candidate in (BIN / name, BIN / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which(name)


def corpus(packages: tuple[str, ...]) -> list[tuple[Path, Path]]:
    """(package folder's parent, file) for every .py file of the packages, sorted."""
    found = []
    for package in packages:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            print(f"skipped  {package} (not installed)")
            continue
        for location in spec.submodule_search_locations:
            root = Path(location)
            found += [(root.parent, path) for path in sorted(root.rglob("*.py"))]
    return found


def sample(files: list[tuple[Path, Path]], count: int, seed: int) -> list[tuple[Path, Path]]:
    """``count`` files picked by a seeded generator, in path order (all of them if 0)."""
    if count <= 0 or count >= len(files):
        return files
    picked = random.Random(seed).sample(range(len(files)), count)
    return [files[index] for index in sorted(picked)]


def copy_tree(files: list[tuple[Path, Path]], folder: Path) -> tuple[int, int]:
    """Copy the files below ``folder`` keeping their package paths; (files, bytes)."""
    size = 0
    for base, path in files:
        target = folder / path.relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        size += target.stat().st_size
    # Every tool stops looking for configuration here and uses its defaults.
    (folder / "pyproject.toml").write_text("[tool.zerolint]\n\n[tool.ruff]\n", encoding="utf-8")
    return len(files), size


@dataclass
class Run:
    wall: float
    cpu: float | None
    peak_mb: float | None
    code: int
    output: bytes = b""


@dataclass
class Command:
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    before: object = None  # called before each timed run (e.g. emptying the cache)
    runs: list[Run] = field(default_factory=list)


def run_once(command: Command, cwd: Path) -> Run:
    """Wall and CPU seconds and peak RSS of one cold process and everything it waited for."""
    env = {**os.environ, **command.env}
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            command.argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.DEVNULL
        )
        if hasattr(os, "wait4"):
            # The child's own usage and that of the workers it reaped: ru_maxrss is the
            # peak of the largest single process among them (KiB on Linux).
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 2**20
        else:  # Windows
            process.wait()
            wall, cpu, peak = time.perf_counter() - start, None, None
        out.seek(0)
        return Run(wall, cpu, peak, process.returncode, out.read())


def findings(output: bytes) -> list[tuple] | None:
    """zerolint's JSON as comparable rows (diagnostics and errors), None if not JSON."""
    try:
        document = json.loads(output)
    except ValueError:
        return None
    rows = [
        (d["path"], d["line"], d["column"], d["end_line"], d["end_column"], d["code"], d["message"])
        for d in document["diagnostics"]
    ]
    rows += [("error", e["path"], e["line"], e["column"], e["message"]) for e in document["errors"]]
    return rows


def zerolint_help(zerolint: str) -> str:
    return subprocess.run([zerolint, "--help"], capture_output=True, text=True).stdout


def commands(cache: Path, skip: set[str]) -> tuple[list[Command], list[str]]:
    zerolint = executable("zerolint")
    if zerolint is None:
        sys.exit("bench: the zerolint executable is not installed (pip install -e .)")
    notes = []
    has_cache = "--no-cache" in zerolint_help(zerolint)
    if not has_cache:
        notes.append("this zerolint has no cache: 'warm' is a second cold run")
    env = {"ZEROLINT_CACHE_DIR": str(cache)}

    def empty_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    json_args = ["--output-format", "json", "--exit-zero", "."]
    found = [
        Command("zerolint cold --jobs 1", [zerolint, "--jobs", "1", *json_args], env, empty_cache),
        Command("zerolint cold", [zerolint, *json_args], env, empty_cache),
        Command("zerolint warm", [zerolint, *json_args], env),
    ]
    fixit = executable("fixit")
    if "fixit" in skip:
        notes.append("skipped fixit (--skip)")
    elif fixit is None:
        notes.append("skipped fixit (not installed: pip install fixit)")
    else:
        found.append(Command("fixit lint", [fixit, "lint", "."]))
    ruff = executable("ruff")
    if "ruff" in skip:
        notes.append("skipped ruff (--skip)")
    elif ruff is None:
        notes.append("skipped ruff (not installed)")
    else:
        found.append(Command("ruff check --no-cache", [ruff, "check", "--no-cache", "."]))
    return found, notes


def median(runs: list[Run], attribute: str) -> float | None:
    values = [getattr(run, attribute) for run in runs if getattr(run, attribute) is not None]
    return statistics.median(values) if values else None


def report(cmds: list[Command], count: int) -> dict[str, float]:
    width = max(len(c.label) for c in cmds)
    print(
        f"{'command':<{width}}  {'wall med':>9}  {'min':>8}  {'cpu med':>8}  {'files/s':>8}"
        f"  {'peak RSS':>9}  exit"
    )
    walls = {}
    for command in cmds:
        wall = median(command.runs, "wall")
        cpu = median(command.runs, "cpu")
        peak = max((r.peak_mb for r in command.runs if r.peak_mb is not None), default=None)
        walls[command.label] = wall
        cpu_text = f"{cpu:7.1f}s" if cpu is not None else "     n/a"
        peak_text = f"{peak:6.0f} MB" if peak is not None else "      n/a"
        codes = ",".join(sorted({str(r.code) for r in command.runs}))
        print(
            f"{command.label:<{width}}  {wall:8.2f}s  {min(r.wall for r in command.runs):7.2f}s"
            f"  {cpu_text}  {count / wall:8.1f}  {peak_text}  {codes}"
        )
    return walls


def ratios(walls: dict[str, float]) -> None:
    print("\nratios (median wall; files/s is files / wall)")

    def ratio(text: str, a: str, b: str, note: str = "") -> None:
        if a in walls and b in walls:
            print(f"  {text}: {walls[a] / walls[b]:6.2f}x{note}")

    ratio("zerolint cold --jobs 1 / zerolint cold", "zerolint cold --jobs 1", "zerolint cold")
    ratio("zerolint cold / zerolint warm", "zerolint cold", "zerolint warm")
    ratio(
        "files/s zerolint cold / fixit lint",
        "fixit lint",
        "zerolint cold",
        "  (target >= 30x)",
    )
    ratio("files/s zerolint cold --jobs 1 / fixit lint", "fixit lint", "zerolint cold --jobs 1")
    ratio(
        "wall zerolint warm / ruff check --no-cache",
        "zerolint warm",
        "ruff check --no-cache",
        "  (target <= 3x)",
    )
    ratio("wall zerolint cold / ruff check --no-cache", "zerolint cold", "ruff check --no-cache")


def same_findings(cmds: list[Command]) -> bool:
    """Whether every zerolint run printed the same findings and errors."""
    outputs = {}
    for command in cmds:
        if command.label.startswith("zerolint"):
            for index, run in enumerate(command.runs):
                outputs[f"{command.label} #{index + 1}"] = findings(run.output)
    reference = next(iter(outputs.values()))
    if reference is None:
        print("\nfindings: zerolint printed no JSON")
        return False
    differ = [label for label, rows in outputs.items() if rows != reference]
    diagnostics = sum(1 for row in reference if row[0] != "error")
    errors = len(reference) - diagnostics
    if differ:
        print(f"\nfindings DIFFER between runs: {', '.join(differ)} vs the first")
        return False
    print(
        f"\nfindings: identical in all {len(outputs)} zerolint runs "
        f"({diagnostics} findings, {errors} files that could not be checked)"
    )
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=0, help="sample this many files (0: all)")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed (0)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per command (1)")
    parser.add_argument(
        "--skip", action="append", default=[], choices=("fixit", "ruff"), help="leave a peer out"
    )
    parser.add_argument("--keep", action="store_true", help="keep the copied folder")
    args = parser.parse_args()
    if args.runs < 1 or args.files < 0:
        parser.error("--runs must be at least 1 and --files at least 0")

    files = sample(corpus(("keras", "tensorflow")), args.files, args.seed)
    if not files:
        sys.exit("bench: neither keras nor tensorflow is installed")
    folder = Path(tempfile.mkdtemp(prefix="zerolint-peers-"))
    cache = Path(tempfile.mkdtemp(prefix="zerolint-peers-cache-"))
    try:
        count, size = copy_tree(files, folder / "tree")
        cmds, notes = commands(cache, set(args.skip))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"python   {sys.version.split()[0]} ({sys.executable})")
        print(f"machine  {os.cpu_count()} CPUs, load {load:.2f} before the runs")
        which = f"a sample of {args.files} (seed {args.seed})" if args.files else "all"
        print(f"corpus   keras + tensorflow sources, {which}: {count} files, {size / 1e6:.1f} MB")
        print(f"runs     {args.runs} per command, interleaved")
        for note in notes:
            print(f"note     {note}")
        print()
        for _ in range(args.runs):
            for command in cmds:
                if command.before is not None:
                    command.before()
                command.runs.append(run_once(command, folder / "tree"))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        walls = report(cmds, count)
        ratios(walls)
        same = same_findings(cmds)
        print(f"\nload     {load:.2f} after the runs")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
