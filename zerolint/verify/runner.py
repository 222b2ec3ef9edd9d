"""Run ONE script in a child process (timeout, memory cap, quiet TensorFlow) and read back
the harness's JSON result. Never imports TensorFlow."""

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


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    sample: int = DEFAULT_SAMPLE
    steps: int = DEFAULT_STEPS
    memory: int = DEFAULT_MEMORY  # bytes of address space (RLIMIT_AS)


def _limit_memory(cap: int):
    def apply() -> None:  # runs in the child, between fork and exec
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    return apply


def _tail(text: str, lines: int = 5) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def run_script(script: str | Path, limits: Limits = Limits()) -> dict:
    """The harness's result for one script: a dict with ``outcome`` and, when ``fit`` was
    reached, ``probes``. Timeouts and crashes become outcomes too; this never raises for a
    failing script."""
    script = Path(script).resolve()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="zerolint-verify-") as scratch:
        result_file = Path(scratch) / "result.json"
        env = dict(os.environ)
        env.update(
            TF_CPP_MIN_LOG_LEVEL="3",
            TF_ENABLE_ONEDNN_OPTS="0",
            KERAS_HOME=str(Path(scratch) / "keras"),
            MPLBACKEND="Agg",
            PYTHONDONTWRITEBYTECODE="1",  # nothing written into the user's tree
        )
        command = [
            sys.executable,
            "-m",
            "zerolint.verify.harness",
            str(script),
            str(result_file),
            "--sample",
            str(limits.sample),
            "--steps",
            str(limits.steps),
        ]
        # The child must find zerolint even when run from the script's folder.
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH", "")) if p
        )
        # stderr goes to a file, not a pipe: a process the script started could keep a
        # pipe open after the child is gone and block the read.
        stderr_file = Path(scratch) / "stderr.txt"
        with stderr_file.open("wb") as stderr_sink:
            child = subprocess.Popen(
                command,
                cwd=script.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr_sink,
                preexec_fn=_limit_memory(limits.memory),
                start_new_session=True,  # its own process group: a timeout ends it all
            )
            try:
                child.wait(timeout=limits.timeout)
            except subprocess.TimeoutExpired:
                return {
                    "outcome": "timeout",
                    "reason": f"the script did not reach fit within {limits.timeout:g} s "
                    "(--verify-timeout)",
                    "seconds": round(time.monotonic() - started, 2),
                }
            finally:
                # The child's whole group, also when it exited (its children may live on)
                # and on KeyboardInterrupt.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.pid, signal.SIGKILL)
                if child.poll() is None:
                    child.wait()
        stderr = stderr_file.read_bytes()[-20000:].decode("utf-8", "replace")
        result = None
        if result_file.exists():
            try:
                result = json.loads(result_file.read_text(encoding="utf-8"))
            except ValueError:
                result = None
    seconds = round(time.monotonic() - started, 2)
    if result is None:
        code = child.returncode
        if code < 0 or "MemoryError" in stderr or "std::bad_alloc" in stderr:
            reason = (
                f"the child process died (exit {code}) — likely the memory cap of "
                f"{limits.memory / 2**30:g} GiB"
            )
            if _tail(stderr, 1):
                reason += f": {_tail(stderr, 1)}"
            return {"outcome": "crashed", "reason": reason, "seconds": seconds}
        return {
            "outcome": "crashed",
            "reason": f"the dry run failed (exit {code}): {_tail(stderr, 1) or 'no output'}",
            "seconds": seconds,
        }
    if result.get("outcome") == "memory":
        result["reason"] += f" (memory cap {limits.memory / 2**30:g} GiB)"
    result["seconds"] = seconds
    return result
