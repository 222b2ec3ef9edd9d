"""The console script leaves without the interpreter's teardown (``os._exit``) when nothing is
left to wait for; what an ordinary exit does that matters must still happen: exit handlers
run, the output is complete, the status is kept, and another thread is waited for."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import BUGGY, write


def _script(tmp_path: Path, before_main: str) -> subprocess.CompletedProcess:
    code = textwrap.dedent(before_main) + textwrap.dedent(
        """
        import sys
        sys.argv = ["zerolint", "--no-cache", "--jobs", "1", "--output-format", "json", "."]
        from zerolint.__main__ import main
        main()
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_exit_handlers_run_and_the_output_and_status_are_kept(tmp_path):
    for index in range(30):
        write(tmp_path, f"train_{index}.py", BUGGY)
    proc = _script(
        tmp_path,
        """
        import atexit
        atexit.register(lambda: print("exit handler ran", file=sys.stderr))
        """,
    )
    assert proc.returncode == 1
    assert proc.stderr == "exit handler ran\n"
    reported = {finding["path"] for finding in json.loads(proc.stdout)["diagnostics"]}
    assert len(reported) == 30


def test_a_thread_still_running_is_waited_for(tmp_path):
    write(tmp_path, "train.py", BUGGY)
    proc = _script(
        tmp_path,
        """
        import pathlib, threading, time
        def late():
            time.sleep(0.5)
            pathlib.Path("written-by-the-thread").write_text("done")
        threading.Thread(target=late).start()
        """,
    )
    assert proc.returncode == 1
    assert (tmp_path / "written-by-the-thread").read_text() == "done"
