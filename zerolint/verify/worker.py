"""A pool worker: import TensorFlow and Keras once, then run each script it is sent in a
process forked for that script alone.

The fork happens before TensorFlow has run any op, so the worker holds no TensorFlow
thread: its pools start with the first op, in the forked process. The only other threads
are the idle OpenBLAS servers of numpy and scipy, which OpenBLAS stops around ``fork``
(``pthread_atfork``). The worker imports Keras, TensorFlow and the probes (~1.6 GiB of
address space, which counts toward the memory cap as it always did). Each forked process
gets its own session (so the timeout kills every process the script started), the memory
cap, a private KERAS_HOME, the script's working directory and /dev/null for stdin and
stdout.

Protocol, one JSON object per line: the worker prints ``{"ready": ..., "address_space":
bytes, "python_threads": n}`` once, then reads jobs on stdin and for each prints
``{"started": pid}`` and ``{"exit": code | null, "signal": n | null, "timeout": bool}``.
Started by ``zerolint.verify.pool`` as ``python -m zerolint.verify.worker``.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import select
import signal
import sys
import threading
import time

MEMORY_EXIT = 113  # the forked process ran out of memory outside the script
# Imported once by the worker when installed, so a script that uses them does not pay
# for the import (sklearn.model_selection alone: ~0.4 s). None of them starts a thread.
OPTIONAL = (
    "tf_keras",
    "pandas",
    "sklearn.model_selection",
    "sklearn.preprocessing",
    "sklearn.metrics",
    "matplotlib.pyplot",
)


def _address_space() -> int | None:
    """Bytes of address space mapped now (VmSize): the floor of any memory cap."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _preload() -> str:
    """Import what every dry run needs; '' or why it failed. Runs no TensorFlow op."""
    try:
        import keras  # noqa: F401
        import numpy  # noqa: F401
        import tensorflow  # noqa: F401

        import zerolint.verify.counterfactuals  # noqa: F401
        import zerolint.verify.data_probes  # noqa: F401
        import zerolint.verify.edge_probes  # noqa: F401
        import zerolint.verify.harness  # noqa: F401
        import zerolint.verify.layer_probes  # noqa: F401
        import zerolint.verify.probes  # noqa: F401
        import zerolint.verify.training_probes  # noqa: F401
    except BaseException as error:  # noqa: BLE001 - reported to the pool, which goes on
        return f"{type(error).__name__}: {error}"
    for name in OPTIONAL:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    return ""


def _child(job: dict, keep: tuple[int, ...]) -> None:
    """In the forked process: isolate, then run the harness; never returns."""
    code = 1
    try:
        os.setsid()
        import resource

        memory = job["memory"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        for fd in keep:  # the worker's protocol pipes are not the script's
            with contextlib.suppress(OSError):
                os.close(fd)
        null = os.open(os.devnull, os.O_RDWR)
        errors = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(errors, 2)
        os.chdir(job["cwd"])
        os.environ["KERAS_HOME"] = job["keras_home"]
        with contextlib.suppress(Exception):  # Keras read KERAS_HOME at import
            from keras.src.backend import config

            config._KERAS_DIR = job["keras_home"]
        from zerolint.verify.harness import dry_run

        dry_run(
            job["script"],
            job["result"],
            job["sample"],
            job["steps"],
            job["folder"],
            job["max_fits"],
            job["offline_data"],
        )
        code = 0
    except MemoryError:
        code = MEMORY_EXIT
    except BaseException:  # noqa: BLE001 - a failure outside the script: say so on stderr
        import traceback

        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        with contextlib.suppress(BaseException):
            sys.stderr.flush()
        os._exit(code)


def _wait(pid: int, timeout: float) -> tuple[int | None, int | None, bool]:
    """Wait for the forked process up to ``timeout``; kill its whole process group (the
    script's own children too) whether it ended or not. (exit code, signal, timed out)."""
    timed_out = False
    deadline = time.monotonic() + timeout
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    status = None
    while True:
        if not hasattr(os, "waitid"):  # macOS: reap now (its group lives on while it has members)
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                break
        elif os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            break  # ended; still unreaped, so its process group cannot be reused yet
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if pidfd is not None:
            select.select([pidfd], [], [], left)
        else:
            time.sleep(min(left, 0.02))
    if pidfd is not None:
        os.close(pidfd)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if status is None:
        _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status), timed_out
    return os.waitstatus_to_exitcode(status), None, timed_out


def main() -> int:
    # The protocol keeps the real stdout; anything TensorFlow or Keras prints goes nowhere.
    out = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)

    def send(message: dict) -> None:
        data = (json.dumps(message) + "\n").encode()
        while data:
            data = data[os.write(out, data) :]

    failure = _preload()
    send(
        {
            "ready": not failure,
            "error": failure,
            "address_space": _address_space(),
            "python_threads": threading.active_count(),
        }
    )
    if failure:
        return 1
    jobs = sys.stdin.buffer
    while True:
        line = jobs.readline()
        if not line:
            return 0  # the pool closed the pipe
        job = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(job, (out, 0))
        try:
            send({"started": pid})
        except OSError:  # the pool is gone: its script must not outlive this worker
            for kill in (os.kill, os.killpg):  # before or after its setsid
                with contextlib.suppress(OSError):
                    kill(pid, signal.SIGKILL)
            raise
        code, signal_number, timed_out = _wait(pid, job["timeout"])
        send({"exit": code, "signal": signal_number, "timeout": timed_out})


if __name__ == "__main__":
    sys.exit(main())
