"""What every dry run shares: limits, the quiet environment, and turning how a dry-run
process ended (its JSON result, exit status, stderr) into one result dict. Also the plain
one-process-per-script run (the naive baseline of ``bench/verify_speed.py``). Never imports
TensorFlow."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEOUT = 120.0
DEFAULT_SAMPLE = 256
DEFAULT_STEPS = 20
DEFAULT_MEMORY = 4 * 2**30
MAX_FITS = 5  # fits of distinct models probed per script
# The exit status of a forked dry-run process that ran out of memory outside the script
# (set by the worker, read here): defined here so that the worker, which imports the
# harness, and this module, which the harness imports, do not import each other.
MEMORY_EXIT = 113
# What a script gets for a data set it would download (``offline_data``, --verify-offline-data).
CACHE, STAND_IN, NEVER = "cache", "stand-in", "never"
OFFLINE_POLICIES = (STAND_IN, CACHE, NEVER)


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    sample: int = DEFAULT_SAMPLE
    steps: int = DEFAULT_STEPS
    memory: int = DEFAULT_MEMORY  # bytes of address space (RLIMIT_AS)
    fits: int = MAX_FITS
    offline_data: str = STAND_IN


@dataclass(frozen=True)
class Job:
    """One dry run: the file to run, its working directory and ``sys.path[0]``."""

    script: Path
    cwd: Path
    folder: Path


@dataclass(frozen=True)
class Ending:
    """How a dry-run process ended: exit code or signal, or killed at the timeout."""

    code: int | None = None
    signal: int | None = None
    timeout: bool = False
    worker_died: str = ""  # set when the pool's worker died under the script
    containment: dict | None = None  # {"files": level, "processes": level} (sandbox)


def environment(scratch: Path) -> dict[str, str]:
    """The environment of every dry-run process: quiet TensorFlow, no .pyc files in the
    user's tree, KERAS_HOME, TMPDIR and matplotlib's config and font cache (which the worker
    builds when it preloads pyplot) in scratch, and zerolint importable from any folder."""
    (scratch / "tmp").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        TF_CPP_MIN_LOG_LEVEL="3",
        TF_ENABLE_ONEDNN_OPTS="0",
        KERAS_HOME=str(scratch / "keras"),
        TMPDIR=str(scratch / "tmp"),
        MPLBACKEND="Agg",
        MPLCONFIGDIR=str(scratch / "matplotlib"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env


def _tail(text: str, lines: int = 5) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _gib(size: float) -> str:
    return f"{size / 2**30:.3g} GiB"


UNREADABLE = "the dry run's result could not be read"


def _line(value) -> bool:
    return value is None or (type(value) is int and value > 0)


def _text(value) -> bool:
    return isinstance(value, str)


def _flag(value) -> bool:
    return isinstance(value, bool)


# The outcomes of a script that never reached fit, with the fields each must have, and the
# fields any of them may have (``harness.failure``; ``reasons.before_fit`` reads them).
_REASONED = {
    "exit": (),
    "memory": (),
    "no-fit": (),
    "download": (),
    "error": (),
    "missing-file": ("path", "resolved"),
}
_FAILURE_FIELDS = {
    "reason": _text,
    "line": _line,
    "error": _text,
    "keras": _text,
    "not_cached": _flag,
    "path": _text,
    "resolved": _text,
}


def _valid_stand_in(stand_in) -> bool:
    return (
        isinstance(stand_in, dict)
        and _text(stand_in.get("name"))
        and _text(stand_in.get("title"))
        and _line(stand_in.get("line"))
    )


def _valid_fit(fit) -> bool:
    if not isinstance(fit, dict) or not _line(fit.get("line")):
        return False
    warnings, stand_ins = fit.get("warnings", []), fit.get("stand_ins", [])
    return (
        isinstance(fit.get("probes"), dict)
        and isinstance(warnings, list)
        and all(map(_text, warnings))
        and isinstance(stand_ins, list)
        and all(map(_valid_stand_in, stand_ins))
    )


def valid_result(result) -> bool:
    """Whether a dry run's result has the structure and types the harness writes: the
    script's process could have written anything."""
    if not isinstance(result, dict):
        return False
    outcome = result.get("outcome")
    if outcome in _REASONED:
        needed = ("reason", *_REASONED[outcome])
        return all(field in result for field in needed) and all(
            check(result[field]) for field, check in _FAILURE_FIELDS.items() if field in result
        )
    if outcome != "fit":
        return False
    fits, stopped = result.get("fits"), result.get("stopped", "")
    if isinstance(stopped, dict):
        stopped_ok = set(stopped) <= {"refit", "first"} and all(map(_line, stopped.values()))
    else:
        stopped_ok = _text(stopped)
    return isinstance(fits, list) and bool(fits) and all(map(_valid_fit, fits)) and stopped_ok


def _read_result(path: Path) -> tuple[dict | None, bool]:
    """The result file's content if valid, and whether there was one at all."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None, False
    except (OSError, ValueError):
        return None, True
    try:
        result = json.loads(text)
    except ValueError:
        return None, True
    return (result, True) if valid_result(result) else (None, True)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def interpret(scratch: Path, ending: Ending, limits: Limits, seconds: float) -> dict:
    """The result of one dry run from the files its process left in ``scratch``
    (``result.json``, ``stderr.txt``) and how it ended."""
    result, written = _read_result(scratch / "result.json")
    try:
        stderr = (scratch / "stderr.txt").read_bytes()[-20000:].decode("utf-8", "replace")
    except OSError:
        stderr = ""
    last = _tail(stderr, 1)
    if ending.timeout:
        why = f"the script did not reach fit within {limits.timeout:g} s (--verify-timeout)"
        after = f"the script was stopped at the timeout ({limits.timeout:g} s) after its last fit"
    elif ending.worker_died:
        why = f"{ending.worker_died} before fit"
        after = f"{ending.worker_died} after the script's last fit"
    elif ending.signal is not None:
        name = _signal_name(ending.signal)
        memory = ending.signal == signal.SIGABRT and "bad_alloc" in stderr
        if memory:
            why = f"the script ran out of memory before fit (memory cap {_gib(limits.memory)})"
        else:
            why = f"the script's process was killed by {name} before fit"
            if last:
                why += f": {last}"
        after = f"the script's process was killed by {name} after its last fit"
    elif result is None or ending.code:
        memory = ending.code == MEMORY_EXIT or "MemoryError" in stderr
        if memory:
            why = f"the script ran out of memory before fit (memory cap {_gib(limits.memory)})"
        else:
            why = (
                f"the script's process exited (code {ending.code}) before fit without a "
                f"result: {last or 'no output'}"
            )
        after = f"the script's process exited (code {ending.code}) after its last fit"
    else:
        why = after = ""
    if result is None and written:
        result = {"outcome": "unreadable", "reason": UNREADABLE}
    elif result is None:
        result = {"outcome": "timeout" if ending.timeout else "crashed", "reason": why}
    elif result.get("outcome") == "fit":
        if after and not result.get("stopped"):
            result["stopped"] = after
    elif result.get("outcome") == "memory":
        result["reason"] += f" (memory cap {_gib(limits.memory)})"
    result["seconds"] = round(seconds, 2)
    if ending.containment is not None:
        result["containment"] = ending.containment
    return result


def run_script(script: str | Path, limits: Limits = Limits(), cwd: Path | None = None) -> dict:
    """One script in a fresh interpreter that imports TensorFlow itself, from ``cwd``
    (default: the script's folder): the naive way the pool amortises (kept as the
    baseline of the speed bench). Never raises for a failing script."""
    script = Path(script).resolve()
    cwd = (cwd or script.parent).resolve()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="zerolint-verify-") as name:
        scratch = Path(name)
        command = [
            sys.executable,
            "-m",
            "zerolint.verify.harness",
            str(script),
            str(scratch / "result.json"),
            "--sample",
            str(limits.sample),
            "--steps",
            str(limits.steps),
            "--max-fits",
            str(limits.fits),
            "--offline-data",
            limits.offline_data,
            "--folder",
            str(cwd),
        ]

        def cap() -> None:  # in the child, between fork and exec
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))

        # stderr goes to a file, not a pipe: a process the script started could keep a
        # pipe open after the child is gone and block the read.
        with (scratch / "stderr.txt").open("wb") as stderr_sink:
            child = subprocess.Popen(
                command,
                cwd=cwd,
                env=environment(scratch),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr_sink,
                preexec_fn=cap,
                start_new_session=True,  # its own process group: a timeout ends it all
            )
            timed_out = False
            try:
                child.wait(timeout=limits.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                # The child's whole group, also when it exited (its children may live on)
                # and on KeyboardInterrupt.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.pid, signal.SIGKILL)
                if child.poll() is None:
                    child.wait()
        code = child.returncode
        ending = Ending(code if code >= 0 else None, -code if code < 0 else None, timed_out)
        return interpret(scratch, ending, limits, time.monotonic() - started)
