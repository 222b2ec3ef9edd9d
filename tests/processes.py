"""Processes of the runs a test starts: a marker in their environment finds them all,
whatever their session or parent. A module of its own, not conftest.py: pytest loads
conftest.py as ``conftest`` and the tests import it as ``tests.conftest``, two copies,
which must share one list of markers."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from pathlib import Path

_MARKERS: list[str] = []  # of the runs of the test that is running


def run_marker() -> tuple[str, dict[str, str]]:
    """An environment variable that marks every process of one run (give the run ``env``,
    then ask ``gone(marker)``)."""
    value = uuid.uuid4().hex
    _MARKERS.append(f"ZEROLINT_TEST_RUN={value}")
    return _MARKERS[-1], {"ZEROLINT_TEST_RUN": value}


def end_marked_processes() -> None:
    """Kill every process of the runs marked since the last call."""
    while _MARKERS:
        for pid in processes_with(_MARKERS.pop()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def processes_with(marker: str) -> list[int]:
    """The live processes (zombies are dead, only not yet reaped) whose environment holds
    ``marker``: what a run given that variable, and everything it started, left behind."""
    entry = marker.encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            environ = Path(f"/proc/{name}/environ").read_bytes().split(b"\0")
            state = Path(f"/proc/{name}/status").read_text()
        except OSError:
            continue
        if entry in environ and "\nState:\tZ" not in state:
            found.append(int(name))
    return found


def gone(marker: str, seconds: float = 5) -> bool:
    """Whether every process of the run given ``marker`` has ended (waiting up to
    ``seconds`` for the kernel to finish killing them)."""
    deadline = time.monotonic() + seconds
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not processes_with(marker)
