"""A pool of dry-run workers: each imports TensorFlow once and runs scripts one after
another, each in a process it forks for that script (``zerolint.verify.worker``). Here, in
the zerolint process, only pipes and threads: TensorFlow is never imported.

A worker that dies (the script killed it, or it crashed) costs only the script it was
running, which gets a reason; a new worker takes the next script.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from zerolint.verify.runner import Ending, Job, Limits, environment, interpret
from zerolint.verify.sandbox import PID_NAMESPACE

START_TIMEOUT = 300.0  # importing TensorFlow on a loaded machine
GRACE = 30.0  # beyond the script's timeout, which the worker enforces itself
# How long a worker outside a PID namespace gets to end what its script left, once asked.
CLEANUP = 5.0


class WorkerError(Exception):
    """The worker could not start or stopped answering."""


class GarbledMessage(WorkerError):
    """The worker sent something that is not a protocol message."""

    def __init__(self) -> None:
        super().__init__("the dry-run worker sent an unreadable message")


class _Worker:
    """One worker process, seen from the pool: a job in, its ending out."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None
        self.buffer = b""
        self.address_space = 0
        self.python_threads: int | None = None  # when it forks: 1 keeps fork safe
        self.processes = ""  # how the worker ends what a script leaves (sandbox)
        self.running: int | None = None  # the pid of the script's process
        self.closing = threading.Event()  # set by the pool on Ctrl-C: start nothing new

    def _line(self, deadline: float) -> dict | None:
        """The next protocol message, or None when the worker's stdout closed."""
        assert self.process is not None and self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise WorkerError("the dry-run worker stopped answering")
            readable, _, _ = select.select([fd], [], [], left)
            if readable:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            raise GarbledMessage
        return message

    def _stderr_tail(self) -> str:
        try:
            text = (self.scratch / "worker-stderr.txt").read_text("utf-8", "replace")
        except OSError:
            return ""
        lines = [line for line in text.splitlines() if line.strip()]
        return lines[-1] if lines else ""

    def start(self) -> None:
        self.stop()
        if self.closing.is_set():
            raise WorkerError("the dry run was interrupted")
        self.buffer = b""
        with (self.scratch / "worker-stderr.txt").open("wb") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "zerolint.verify.worker"],
                cwd=self.scratch,
                env=environment(self.scratch),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,  # Ctrl-C in the terminal is the pool's to handle
            )
        if self.closing.is_set():  # interrupted while it was starting
            self.stop()
            raise WorkerError("the dry run was interrupted")
        try:
            hello = self._line(time.monotonic() + START_TIMEOUT)
        except WorkerError:
            self.stop()
            raise
        if hello is None or hello.get("ready") is not True:
            why = (hello or {}).get("error") or self._stderr_tail() or "no output"
            self.stop()
            raise WorkerError(f"the dry-run worker could not start: {why}")
        space, threads = hello.get("address_space"), hello.get("python_threads")
        self.address_space = space if isinstance(space, int) else 0
        self.python_threads = threads if isinstance(threads, int) else None
        processes = hello.get("processes")
        self.processes = processes if isinstance(processes, str) else ""

    def run(self, spec: dict, timeout: float) -> Ending:
        if self.process is None or self.process.poll() is not None:
            self.start()
        assert self.process is not None and self.process.stdin is not None
        pid, hung, garbled = None, False, None
        try:
            self.process.stdin.write((json.dumps(spec) + "\n").encode())
            self.process.stdin.flush()
            deadline = time.monotonic() + timeout + GRACE
            started = self._line(deadline)
            if started is not None:
                pid = self.running = self._pid(started)
                ended = self._line(deadline)
                if ended is not None:
                    return _ending(ended, self.processes)
        except BrokenPipeError:
            pass
        except GarbledMessage as error:
            garbled = f"{error} under the script"
        except WorkerError:
            hung = True
        finally:
            self.running = None
        # The worker died (or hung) under the script: end it and the script's group.
        self._kill_script(pid)
        code = self.stop()
        if garbled:
            return Ending(worker_died=garbled)
        if hung:
            why = f"the dry-run worker stopped answering ({timeout + GRACE:g} s) under the script"
            return Ending(worker_died=why)
        how = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"exit {code}"
        return Ending(worker_died=f"the dry-run worker process died ({how}) under the script")

    def _pid(self, started: dict) -> int | None:
        """The script process's pid, when it means something here: in a worker that is the
        init of its own PID namespace it does not (and ending the worker ends the script)."""
        pid = started.get("started")
        if self.processes == PID_NAMESPACE or not isinstance(pid, int) or pid <= 1:
            return None
        return pid

    def _kill_script(self, pid: int | None) -> None:
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

    def abort(self) -> None:
        """On Ctrl-C (or SIGTERM, SIGHUP): end the script running now, and the worker."""
        self.closing.set()
        self._kill_script(self.running)
        self.stop()

    def stop(self) -> int | None:
        """End the worker (if running); its exit code. A worker that is no PID namespace's
        init is first given time to end on its own (its closed stdin asks it to): it is the
        subreaper of what its script left, which SIGKILL to it would orphan."""
        process, self.process = self.process, None
        if process is None:
            return None
        with contextlib.suppress(OSError):
            process.stdin.close()
        if self.processes != PID_NAMESPACE:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(CLEANUP)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        code = process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()
        return code


def _ending(message: dict, processes: str) -> Ending:
    """The worker's ``exit`` message, checked: a malformed one is the worker's failure."""
    code, number, timeout = message.get("exit"), message.get("signal"), message.get("timeout")
    files = message.get("containment")
    if not (
        (code is None or isinstance(code, int))
        and (number is None or isinstance(number, int))
        and isinstance(timeout, bool)
        and (files is None or isinstance(files, str))
    ):
        raise GarbledMessage
    return Ending(code, number, timeout, containment={"files": files, "processes": processes})


def _spec(job: Job, scratch: Path, limits: Limits) -> dict:
    """The job for the worker, and its directories: ``private`` (the script's TMPDIR and
    KERAS_HOME, the only place it may write where there is no copy-on-write view) and
    ``layers`` (where that view mounts its tmpfs, in the script's mount namespace)."""
    private = scratch / "private"
    for folder in (private / "tmp", private / "keras", scratch / "layers"):
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "script": str(job.script),
        "cwd": str(job.cwd),
        "folder": str(job.folder),
        "result": str(scratch / "result.json"),
        "stderr": str(scratch / "stderr.txt"),
        "private": str(private),
        "layers": str(scratch / "layers"),
        "sample": limits.sample,
        "steps": limits.steps,
        "timeout": limits.timeout,
        "memory": limits.memory,
        "max_fits": limits.fits,
        "offline_data": limits.offline_data,
    }


def _run_one(worker: _Worker, job: Job, scratch: Path, limits: Limits) -> dict:
    try:
        if worker.process is None:
            worker.start()
    except WorkerError as error:
        return {"outcome": "crashed", "reason": str(error), "seconds": 0.0}
    started = time.monotonic()
    if limits.memory <= worker.address_space:
        return {
            "outcome": "crashed",
            "reason": (
                f"the memory cap ({limits.memory / 2**30:.3g} GiB, --verify-memory) is below "
                f"what TensorFlow alone maps ({worker.address_space / 2**30:.3g} GiB)"
            ),
            "seconds": 0.0,
        }
    spec = _spec(job, scratch, limits)
    try:
        ending = worker.run(spec, limits.timeout)
    except WorkerError as error:  # a replacement worker could not start
        return {"outcome": "crashed", "reason": str(error), "seconds": 0.0}
    return interpret(scratch, ending, limits, time.monotonic() - started)


class Pool:
    """``workers`` worker processes, started at once (each takes seconds to import
    TensorFlow, while the caller prepares its jobs). A context manager: leaving it on an
    exception (Ctrl-C) ends every worker and every script still running."""

    def __init__(self, workers: int, limits: Limits, scratch: Path) -> None:
        self.limits = limits
        self.scratch = scratch
        self.submitted = 0
        self.todo: queue.Queue[tuple[int, Job] | None] = queue.Queue()
        self.finished: queue.Queue[tuple[int, dict]] = queue.Queue()
        self.workers = [_Worker(scratch / f"worker-{n}") for n in range(max(1, workers))]
        self.threads = [
            threading.Thread(target=self._serve, args=(worker,), daemon=True)
            for worker in self.workers
        ]
        for thread in self.threads:
            thread.start()

    def _serve(self, worker: _Worker) -> None:
        try:
            with contextlib.suppress(WorkerError):  # if it fails, each job says why
                worker.start()
            while (item := self.todo.get()) is not None:
                index, job = item
                try:
                    result = _run_one(worker, job, self.scratch / f"job-{index}", self.limits)
                except Exception as error:  # a pool bug must not lose the other files
                    result = {"outcome": "crashed", "reason": f"internal error: {error!r}"}
                self.finished.put((index, result))
        finally:
            worker.stop()

    def submit(self, job: Job) -> int:
        """Queue a job; its index in ``results``."""
        self.submitted += 1
        self.todo.put((self.submitted - 1, job))
        return self.submitted - 1

    def results(self) -> Iterator[tuple[int, dict]]:
        """(index, result) of every submitted job, as each finishes (in any order)."""
        for _ in range(self.submitted):
            yield self.finished.get()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if error is not None:
            for worker in self.workers:
                worker.closing.set()
            while not self.todo.empty():
                with contextlib.suppress(queue.Empty):
                    self.todo.get_nowait()
        for _ in self.threads:
            self.todo.put(None)
        if error is not None or not self.submitted:  # no worker is needed any more
            for worker in self.workers:
                worker.abort()
        for thread in self.threads:
            thread.join()


def default_workers() -> int:
    """One per core, but no more than one per 2 GiB of memory (a worker holds ~0.6 GiB
    with TensorFlow loaded, and its script's process more)."""
    cores = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return cores
    return max(1, min(cores, memory // 2**31))
