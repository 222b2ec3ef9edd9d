"""Replacing a user's file all at once: --fix and --add-noqa never leave half a file.

The new content goes to a temporary file in the same folder, is flushed to disk, gets the
old file's permissions (and owner, where allowed), and then ``os.replace`` swaps it in:
an atomic rename on POSIX and Windows. A reader (another zerolint run, an editor) sees the
old file or the new one; a full disk, a file-size limit or a crash leaves the old one
byte for byte, and the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".zerolint-tmp"  # not .py or .ipynb: a run walking the folder skips it


def replace_file(path: Path, data: bytes) -> None:
    """Make ``data`` the content of the existing file ``path`` (through a symlink, the
    file it points to). Raises OSError, with the file unchanged."""
    target = Path(os.path.realpath(path))
    info = target.stat()
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
