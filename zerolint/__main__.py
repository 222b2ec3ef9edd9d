"""``python -m zerolint`` and the ``zerolint`` console script."""

import atexit
import os
import sys


def _nothing_left_to_wait_for() -> bool:
    """No other thread and no child process of multiprocessing (the pools, --verify): the
    interpreter's shutdown would only free objects."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    return "multiprocessing" not in sys.modules


def main() -> None:
    from zerolint.cli.main import main as run

    code = run()
    if not _nothing_left_to_wait_for():
        sys.exit(code)
    # Exit without the interpreter's teardown, which frees a libcst tree and the facts
    # object by object: ~20 ms, a tenth of linting one script in a fresh process. The
    # exit handlers (temporary folders' finalizers, logging) still run, and both streams
    # are flushed; a stream that cannot be flushed takes the ordinary way out.
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the stream was closed when zerolint started
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
