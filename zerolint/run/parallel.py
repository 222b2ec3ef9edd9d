"""Lint files on a pool of worker processes (``--jobs``), or in this process for small runs.

Each worker is a process of its own (forked where the platform allows it, after libcst is
imported, so the workers share it) that lints one file after another as the pool hands
them out, largest first so that no worker is left with a big file at the end. The pool
knows which file each worker is on: a worker that dies (a crash in a native parser, the
kernel's out-of-memory killer) costs that file, which is reported as an error, and a new
worker takes over the rest. Results come back in any order; the report is sorted after.

A run with fewer than ``MIN_FILES`` files to lint (pre-commit's batches, an editor's save,
a warm cache with a few changed files) stays in this process: starting workers costs more
than it saves there (``bench/jobs.py`` measures the threshold).
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing costs ~10 ms to import: only pools pay for it
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

Job = TypeVar("Job")
Result = TypeVar("Result")

# Measured by bench/jobs.py on a 2-core machine: see the README of bench/.
MIN_FILES = 6
# Files handed to a worker ahead of the one it is linting, so it never waits for the next.
_AHEAD = 2


def default_jobs() -> int:
    """One worker per core this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _context() -> BaseContext:
    import multiprocessing

    # fork shares what this process imported and starts in milliseconds; only Linux's is
    # safe here (macOS frameworks are not fork-safe, Windows has none).
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _serve(connection: Connection, task: Callable) -> None:
    """A worker: lint each job received, answer its result, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pool's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler forked from the parent
    while True:
        try:
            job = connection.recv()
            if job is None:
                return
            connection.send(task(job))
        except (EOFError, OSError):  # the pool is gone
            return


class _Worker:
    def __init__(self, context: BaseContext, task: Callable) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, task), daemon=True)
        self.process.start()
        child.close()
        self.sent: list = []  # jobs handed out and not answered yet, in order

    def stop(self) -> None:
        with contextlib.suppress(OSError):  # a dead worker's pipe is closed
            self.connection.send(None)
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def run(
    jobs: list[Job],
    task: Callable[[Job], Result],
    workers: int,
    lost: Callable[[Job, int | None], Result],
    size: Callable[[Job], int] = lambda job: 0,
) -> Iterator[tuple[Job, Result]]:
    """``(job, task(job))`` for every job, on ``workers`` processes (in this process when
    that is 1 or there are fewer than MIN_FILES jobs). ``lost(job, exitcode)`` is the
    result of a job whose worker died on it; ``size`` orders the jobs, largest first."""
    if workers <= 1 or len(jobs) < MIN_FILES:
        for job in jobs:
            yield job, task(job)
        return
    pool = _Pool(task, lost, sorted(jobs, key=size))
    try:
        yield from pool.run(min(workers, len(jobs)))
    finally:
        pool.stop()
    for job in pool.waiting:  # workers could not be started: the rest runs here
        yield job, task(job)


class _Pool:
    """The workers, the jobs waiting for one, and what to do when a worker dies."""

    # Workers that die before answering anything, in a row, before the rest runs here.
    MAX_FAILED_STARTS = 3

    def __init__(self, task: Callable, lost: Callable, waiting: list) -> None:
        self.task, self.lost = task, lost
        self.waiting = waiting  # pop() takes the largest first
        self.workers: list[_Worker] = []
        self.failed_starts = 0
        self.context = _context()
        self.frozen = self.context.get_start_method() == "fork"
        if self.frozen:
            import libcst  # noqa: F401 - imported once, before the fork, for every worker

            # What exists now stays out of the workers' garbage collections, which would
            # otherwise walk (and so copy) every page they share with this process.
            gc.freeze()

    def run(self, size: int) -> Iterator[tuple]:
        from multiprocessing.connection import wait

        for _ in range(size):
            self._start()
        while self.waiting or any(worker.sent for worker in self.workers):
            if not self.workers:
                if self.failed_starts >= self.MAX_FAILED_STARTS:
                    return  # the jobs left run in this process
                self._start()
                continue
            watched = {w.connection: w for w in self.workers if w.sent}
            watched.update({w.process.sentinel: w for w in self.workers})
            for worker in {watched[ready] for ready in wait(list(watched))}:
                yield from self._answers(worker)

    def _start(self) -> None:
        try:
            worker = _Worker(self.context, self.task)
        except OSError:  # a limit on processes or memory
            self.failed_starts += 1
            return
        self.workers.append(worker)
        self._fill(worker)

    def _fill(self, worker: _Worker) -> None:
        while self.waiting and len(worker.sent) < _AHEAD:
            job = self.waiting.pop()
            try:
                worker.connection.send(job)
            except OSError:  # it died: the pool sees it through its sentinel
                self.waiting.append(job)
                return
            worker.sent.append(job)

    def _answers(self, worker: _Worker) -> Iterator[tuple]:
        """The results a worker has sent; if it died, its current job is lost, the jobs
        queued behind it go back, and a new worker takes over."""
        try:
            while worker.sent and worker.connection.poll():
                result = worker.connection.recv()
                self.failed_starts = 0
                yield worker.sent.pop(0), result
            if worker.process.is_alive():
                self._fill(worker)
                return
        except (EOFError, OSError):
            pass  # it died: its pipe is closed
        worker.process.join()
        self.workers.remove(worker)
        worker.connection.close()
        if worker.sent:
            culprit, *behind = worker.sent
            self.waiting.extend(reversed(behind))
            yield culprit, self.lost(culprit, worker.process.exitcode)
        else:
            self.failed_starts += 1
        if self.waiting and self.failed_starts < self.MAX_FAILED_STARTS:
            self._start()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self.frozen:
            gc.unfreeze()
