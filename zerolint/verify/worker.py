"""A pool worker: import TensorFlow and Keras once, then run each script it is sent in a
process forked for that script alone.

The fork happens before TensorFlow has run any op, so the worker holds no TensorFlow
thread: its pools start with the first op, in the forked process. The only other threads
are the idle OpenBLAS servers of numpy and scipy, which OpenBLAS stops around ``fork``
(``pthread_atfork``). The worker imports Keras, TensorFlow and the probes (~1.6 GiB of
address space, which counts toward the memory cap as it always did).

Containment (``sandbox``): before anything else the worker becomes the init of its own PID
namespace where it can, so that after each script it kills every process the script left,
whatever its session. Each forked process gets its own session, the strongest file
containment the machine has (a copy-on-write view of the whole filesystem), the memory
cap, a private TMPDIR and KERAS_HOME, the script's working directory and /dev/null for
stdin and stdout. It sends its containment and results on a pipe of its own (one JSON
object a line), never through a file the script could reach; the worker writes the last
result to the job's ``result`` path for the pool, which validates it.

Protocol, one JSON object per line: the worker prints ``{"ready": ..., "address_space":
bytes, "python_threads": n, "processes": containment}`` once, then reads jobs on stdin and
for each prints ``{"started": pid}`` and ``{"exit": code | null, "signal": n | null,
"timeout": bool, "containment": files containment | null}``. Started by
``zerolint.verify.pool`` as ``python -m zerolint.verify.worker``.
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

from zerolint.verify import sandbox
from zerolint.verify.runner import MEMORY_EXIT

_JOBS = 0  # the pool writes one job at a time on stdin, and closes it to end

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


def _child(job: dict, keep: tuple[int, ...], channel: int) -> None:
    """In the forked process: contain, then run the harness; never returns."""
    code = 1
    try:
        os.setsid()
        sandbox.forked_child()
        for fd in keep:  # the worker's protocol pipes are not the script's
            with contextlib.suppress(OSError):
                os.close(fd)
        null = os.open(os.devnull, os.O_RDWR)
        errors = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(errors, 2)
        os.close(null)
        os.close(errors)
        private = job["private"]
        binds = [(source, target) for source, target in job.get("read_only", [])]
        files = sandbox.contain(private, job["layers"], job["memory"], binds)
        from zerolint.verify.harness import Channel, dry_run

        results = Channel(channel)
        results.send({"containment": files})
        import resource

        memory = job["memory"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.chdir(job["cwd"])  # after contain: into the copy-on-write view
        _private_directories(private)
        dry_run(
            job["script"],
            results,
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


def _private_directories(private: str) -> None:
    """TMPDIR and KERAS_HOME in the dry run's own directory (TensorFlow's autograph files,
    Keras's config and downloads): never the user's, gone with the scratch directory."""
    import tempfile

    temporary = os.path.join(private, "tmp")
    keras_home = os.path.join(private, "keras")
    os.environ["TMPDIR"] = temporary
    tempfile.tempdir = temporary  # gettempdir() may have been cached by an import
    os.environ["KERAS_HOME"] = keras_home
    with contextlib.suppress(Exception):  # Keras read KERAS_HOME at import
        from keras.src.backend import config

        config._KERAS_DIR = keras_home


class _Messages:
    """What the forked process sends on its channel, one JSON object a line: the first is
    its containment, the last complete one its latest result. Kept bounded: a script can
    write anything into the channel."""

    LIMIT = 64 * 2**20  # no result is this long

    def __init__(self) -> None:
        self.first: bytes | None = None
        self.last: bytes | None = None
        self.partial = bytearray()
        self.overflow = False  # the line being read outgrew LIMIT: it is dropped

    def feed(self, data: bytes) -> None:
        self.partial += data
        if b"\n" not in data:
            if len(self.partial) > self.LIMIT:
                self.partial.clear()
                self.overflow = True
            return
        *lines, rest = bytes(self.partial).split(b"\n")
        self.partial = bytearray(rest)
        for line in lines:
            if self.overflow:
                line, self.overflow = b"", False  # unreadable
            if self.first is None:
                self.first = line
            else:
                self.last = line

    def containment(self) -> str | None:
        try:
            message = json.loads(self.first or b"")
        except ValueError:
            return None
        files = message.get("containment") if isinstance(message, dict) else None
        return files if isinstance(files, str) else None

    def write_result(self, path: str) -> None:
        """The latest result, as the harness wrote it; anything else as it came (the pool
        validates what it reads). Nothing when no result came."""
        if self.last is None:
            return
        try:
            message = json.loads(self.last)
            data = json.dumps(message["result"]).encode()
        except (ValueError, TypeError, KeyError):
            data = self.last
        with open(path, "wb") as out:
            out.write(data)


def _read(channel: int, messages: _Messages) -> bool | None:
    """Read what is there: False at end of file, None when nothing more is there now."""
    try:
        data = os.read(channel, 65536)
    except BlockingIOError:
        return None
    if not data:
        return False
    messages.feed(data)
    return True


def _wait(
    pid: int, timeout: float, channel: int, messages: _Messages, processes: str
) -> tuple[int | None, int | None, bool]:
    """Wait for the forked process up to ``timeout``, reading its channel, or until this
    worker's stdin closes (the pool is ending: Ctrl-C, SIGTERM), which it never does during
    a job otherwise; then kill its process group, and every process it left whatever its
    group (``sandbox``), whether it ended or not. (exit code, signal, timed out)."""
    timed_out = False
    deadline = time.monotonic() + timeout
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    os.set_blocking(channel, False)
    reading = True
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
        waitables = [_JOBS] + ([channel] if reading else [])
        waitables += [pidfd] if pidfd is not None else []
        pause = left if pidfd is not None else min(left, 0.02)
        readable, _, _ = select.select(waitables, [], [], pause)
        if channel in readable:
            reading = _read(channel, messages) is not False
        if _JOBS in readable:  # the pool closed it: end the script now
            break
    if pidfd is not None:
        os.close(pidfd)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if status is None:
        _, status = os.waitpid(pid, 0)
    sandbox.end_processes(processes)
    while reading and _read(channel, messages):  # what is left (a writer may live on, on macOS)
        pass
    if os.WIFSIGNALED(status):
        return None, os.WTERMSIG(status), timed_out
    return os.waitstatus_to_exitcode(status), None, timed_out


def main() -> int:
    # First, while this process is small and has one thread: the process containment.
    processes = sandbox.worker_namespace()
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
            "processes": processes,
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
        channel, writer = os.pipe()
        pid = os.fork()
        if pid == 0:
            _child(job, (out, 0, channel), writer)
        os.close(writer)
        messages = _Messages()
        try:
            send({"started": pid})
        except OSError:  # the pool is gone: its script must not outlive this worker
            for kill in (os.kill, os.killpg):  # before or after its setsid
                with contextlib.suppress(OSError):
                    kill(pid, signal.SIGKILL)
            sandbox.end_processes(processes)
            raise
        try:
            code, signal_number, timed_out = _wait(
                pid, job["timeout"], channel, messages, processes
            )
        finally:
            os.close(channel)
        messages.write_result(job["result"])
        ending = {"exit": code, "signal": signal_number, "timeout": timed_out}
        send({**ending, "containment": messages.containment()})


if __name__ == "__main__":
    sys.exit(main())
