"""Containment of a dry run: what a script run by ``--verify`` can do to files and to
processes, with the strongest mechanism the machine offers (Linux; ctypes on libc, since
Python 3.11 has no ``os.unshare`` or ``mount``).

Files, per forked script process (``contain``), strongest first:

- ``copy-on-write`` (user + mount namespaces, Linux >= 5.12): the whole filesystem is made
  read-only and every directory tree that holds files gets an overlayfs whose upper layer
  lives on a private tmpfs. The script sees its own writes anywhere (it can save a model
  and load it again); nothing reaches the disk, and the layer vanishes with the process.
  Then a nested user namespace locks the mounts, so the script cannot undo them.
- ``read-only`` (Landlock, Linux >= 5.13): writes outside the dry run's private directory
  are refused by the kernel, whatever makes them (Python, h5py, TensorFlow's C++ writers).
- ``python-only`` (an audit hook, everywhere else): writes through Python's ``open``,
  ``os`` and ``shutil`` outside the private directory are refused; native writes (h5py,
  TensorFlow's own writers) and programs the script starts are not stopped.

Processes, per worker (``worker_namespace``): ``pid-namespace`` (the worker is the init of
its own PID namespace: every process a script starts, in whatever session or group, dies
when the worker ends it with ``kill(-1)`` or when the worker dies), else ``subreaper``
(orphans are reparented to the worker, which kills every descendant after each script),
else ``process-group`` (macOS: a process that leaves the script's session can outlive it).

Everything here runs in single-threaded processes (a fresh worker before it imports
TensorFlow, or a process just forked from it).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import signal
import sys
import time
from collections.abc import Iterable, Sequence

COPY_ON_WRITE = "copy-on-write"
READ_ONLY = "read-only"
PYTHON_ONLY = "python-only"
PID_NAMESPACE = "pid-namespace"
SUBREAPER = "subreaper"
PROCESS_GROUP = "process-group"

# What each level leaves unprotected, for the one warning zerolint prints (None: nothing).
FILES_GAPS = {
    COPY_ON_WRITE: None,
    READ_ONLY: (
        "no copy-on-write view on this machine (no user namespaces, or its mounts could not "
        "be overlaid): writes outside the dry run's scratch directory are refused (Landlock), "
        "so a script that saves a file before its last fit stops there"
    ),
    PYTHON_ONLY: (
        "neither user namespaces nor Landlock on this machine: writes through Python (open, "
        "os, shutil, pathlib, numpy, pandas, pickle, joblib, matplotlib, Keras .keras) outside "
        "the scratch directory are refused, but native writes (h5py and .h5 files, "
        "TensorFlow's SavedModel, checkpoints, tf.io and TensorBoard writers) and programs the "
        "script starts CAN CHANGE YOUR FILES"
    ),
}
PROCESSES_GAPS = {
    PID_NAMESPACE: None,
    SUBREAPER: None,
    PROCESS_GROUP: (
        "a process a script starts in a new session (setsid, start_new_session) can outlive the run"
    ),
}

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 2, 4, 8
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_MOUNT_ATTR_RDONLY = 1
_AT_FDCWD, _AT_RECURSIVE = -100, 0x8000
_SYS_MOUNT_SETATTR = 442  # the same number on every architecture (new syscall table)
_SYS_LANDLOCK_CREATE_RULESET, _SYS_LANDLOCK_ADD_RULE, _SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
_PR_SET_PDEATHSIG, _PR_SET_DUMPABLE = 1, 4
_PR_SET_CHILD_SUBREAPER, _PR_SET_NO_NEW_PRIVS = 36, 38

# Mounts that hold no user files: left read-only as they are, never overlaid.
_PSEUDO = frozenset(
    (
        *("proc", "sysfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2", "securityfs"),
        *("debugfs", "tracefs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs"),
        *("binfmt_misc", "efivarfs", "nsfs", "rpc_pipefs", "selinuxfs", "nfsd"),
    )
)
_PSEUDO_TREES = ("/proc", "/sys", "/dev")


_LIBRARY: list = []


def _libc():
    """libc, loaded on first use (only Linux and macOS ever call it)."""
    if not _LIBRARY:
        linux = sys.platform.startswith("linux")
        name = None if linux else ctypes.util.find_library("c")
        _LIBRARY.append(ctypes.CDLL(name, use_errno=True))
    return _LIBRARY[0]


def _check(result: int, what: str) -> int:
    if result == -1:
        number = ctypes.get_errno()
        raise OSError(number, f"{what}: {os.strerror(number)}")
    return result


def _syscall(number: int, *args) -> int:
    return _check(_libc().syscall(ctypes.c_long(number), *args), f"syscall {number}")


def _prctl(option: int, value: int) -> None:
    long = ctypes.c_ulong
    _check(_libc().prctl(option, long(value), long(0), long(0), long(0)), f"prctl {option}")


def _unshare(flags: int) -> None:
    _check(_libc().unshare(flags), "unshare")


def _mount(source: str | None, target: str, kind: str | None, flags: int, data: str = "") -> None:
    def text(value):
        return None if value is None else os.fsencode(value)

    bits = ctypes.c_ulong(flags)
    result = _libc().mount(text(source), text(target), text(kind), bits, text(data))
    _check(result, f"mount {kind or ''} on {target}")


class _MountAttr(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in ("set", "clear", "propagation", "userns")]


def _read_only(path: str, recursive: bool = True) -> None:
    attr = _MountAttr(_MOUNT_ATTR_RDONLY, 0, 0, 0)
    flags = _AT_RECURSIVE if recursive else 0
    _syscall(
        _SYS_MOUNT_SETATTR,
        ctypes.c_int(_AT_FDCWD),
        ctypes.c_char_p(os.fsencode(path)),
        ctypes.c_uint(flags),
        ctypes.byref(attr),
        ctypes.c_size_t(ctypes.sizeof(attr)),
    )


def _write(path: str, text: str) -> None:
    descriptor = os.open(path, os.O_WRONLY)
    try:
        os.write(descriptor, text.encode())
    finally:
        os.close(descriptor)


def _setns(descriptor: int, kind: int) -> None:
    _check(_libc().setns(descriptor, kind), "setns")


def _user_namespace() -> int:
    """A new user namespace, child of this process's, as a descriptor (its owner keeps it
    alive): made by a short-lived helper, whose id maps this process writes from outside,
    as only the parent namespace may map more than one id. Root maps every id (so it keeps
    its access to everyone's files), a user maps itself."""
    uid, gid = os.geteuid(), os.getegid()
    ready, go = os.pipe(), os.pipe()
    helper = os.fork()
    if helper == 0:  # a fresh worker without TensorFlow yet: this fork is cheap
        code = 1
        try:
            os.close(ready[0])
            os.close(go[1])
            _unshare(_CLONE_NEWUSER)
            os.write(ready[1], b"1")
            os.read(go[0], 1)
            code = 0
        finally:
            os._exit(code)
    os.close(ready[1])
    os.close(go[0])
    try:
        if os.read(ready[0], 1) != b"1":
            raise OSError(errno.EPERM, "cannot create a user namespace")
        if uid == 0:
            _write(f"/proc/{helper}/uid_map", "0 0 4294967295\n")
            _write(f"/proc/{helper}/gid_map", "0 0 4294967295\n")
        else:
            _write(f"/proc/{helper}/setgroups", "deny")
            _write(f"/proc/{helper}/uid_map", f"{uid} {uid} 1\n")
            _write(f"/proc/{helper}/gid_map", f"{gid} {gid} 1\n")
        return os.open(f"/proc/{helper}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    finally:
        os.close(ready[0])
        os.close(go[1])  # the helper exits
        os.waitpid(helper, 0)


# A user namespace nested in the worker's, into which each script's process moves after
# its mounts are made: they are then locked (see _copy_on_write).
_LOCK: list[int] = []


# --- processes ------------------------------------------------------------------------


def worker_namespace() -> str:
    """In a fresh worker (one thread, TensorFlow not imported yet): become the init of a new
    user, mount and PID namespace, in a child of this process; this process then only waits
    for that child and ends as it ends (so the pool's view of the worker is unchanged).
    Falls back to making this process a child subreaper. Returns the process containment."""
    if not sys.platform.startswith("linux"):
        return PROCESS_GROUP
    try:
        namespace = _user_namespace()
        try:
            _setns(namespace, _CLONE_NEWUSER)
        finally:
            os.close(namespace)
    except OSError:
        return _subreaper()
    with contextlib.suppress(OSError):
        _LOCK.append(_user_namespace())
    try:
        _unshare(_CLONE_NEWNS | _CLONE_NEWPID)
    except OSError:
        return _subreaper()  # scripts can still get a copy-on-write view (user namespace)
    pid = os.fork()
    if pid:
        _relay(pid)
    # The init of the new PID namespace: when it dies, the kernel kills every process in it.
    with contextlib.suppress(OSError):
        _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    with contextlib.suppress(OSError):
        _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
        # Its own /proc, so that a script's os.getpid() names its /proc entry.
        _mount("proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    # Not dumpable: a script (same uid) cannot ptrace the worker, which is not contained.
    with contextlib.suppress(OSError):
        _prctl(_PR_SET_DUMPABLE, 0)
    return PID_NAMESPACE


def _relay(pid: int) -> None:
    """The original worker process: wait for the namespace's init, then exit as it did."""
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            os._exit(1)
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        with contextlib.suppress(Exception):
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(os.waitstatus_to_exitcode(status))


def _subreaper() -> str:
    try:
        _prctl(_PR_SET_CHILD_SUBREAPER, 1)
    except OSError:
        return PROCESS_GROUP
    return SUBREAPER


def forked_child() -> None:
    """In a process just forked from the worker: undo what only the worker needs."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(OSError, AttributeError):
        _prctl(_PR_SET_DUMPABLE, 1)


def end_processes(mode: str, timeout: float = 5.0) -> None:
    """After a script's process ended: kill every process it left (whatever its session or
    group) and reap them. The worker has no other children."""
    if mode == PID_NAMESPACE and os.getpid() == 1:  # never kill(-1) outside a namespace
        with contextlib.suppress(OSError):
            os.kill(-1, signal.SIGKILL)  # from a namespace's init: everyone else in it
    elif mode == SUBREAPER:
        deadline = time.monotonic() + timeout
        while _reap() and time.monotonic() < deadline:
            children = _children()
            if not children:
                break
            for child in children:
                with contextlib.suppress(OSError):
                    os.kill(child, signal.SIGKILL)
            time.sleep(0.001)
    _reap(wait=mode != PROCESS_GROUP, timeout=timeout)


def _reap(wait: bool = False, timeout: float = 5.0) -> bool:
    """Reap ended children; with ``wait``, until none is left (or ``timeout``). True while
    children remain."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        if pid:
            continue
        if not wait or time.monotonic() >= deadline:
            return True
        time.sleep(0.002)


def _children() -> list[int]:
    """This process's children (any thread's)."""
    found: list[int] = []
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as listing:
                found += [int(pid) for pid in listing.read().split()]
        return found
    except OSError:  # no CONFIG_PROC_CHILDREN: read every process's parent
        pass
    me = os.getpid()
    for name in os.listdir("/proc"):
        if name.isdigit():
            path = f"/proc/{name}/stat"
            with (
                contextlib.suppress(OSError, ValueError, IndexError),
                open(path, encoding="ascii", errors="replace") as stat,
            ):
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == me:
                    found.append(int(name))
    return found


# --- files ----------------------------------------------------------------------------


def contain(
    private: str,
    layers: str,
    memory: int,
    read_only: Sequence[tuple[str, str]] = (),
) -> str:
    """In the forked script process, before the script runs: keep its writes off the user's
    files with the strongest mechanism available; the level reached.

    ``private`` is the dry run's own directory (its TMPDIR and KERAS_HOME live there): the
    only place the weaker levels let it write. ``layers`` is an empty directory on which the
    copy-on-write level mounts the tmpfs of its upper layers (at most ``memory`` bytes).
    ``read_only`` binds (source, target inside ``private``): a user folder the script may
    read at ``target`` but not change (for example ~/.keras/datasets)."""
    if sys.platform.startswith("linux"):
        try:
            _copy_on_write(private, layers, memory, read_only)
        except Exception:  # noqa: BLE001 - whatever failed, the weaker levels still hold
            pass
        else:
            return COPY_ON_WRITE
        _link(read_only)
        try:
            _landlock([private, "/dev/shm"], ["/dev"])
        except OSError:
            pass
        else:
            return READ_ONLY
    else:
        _link(read_only)
    _audit_hook([private])
    return PYTHON_ONLY


def _copy_on_write(
    private: str, layers: str, memory: int, read_only: Sequence[tuple[str, str]]
) -> None:
    """A private mount namespace in which every file is read-only and every directory tree
    is an overlay with its upper layer on a tmpfs, and ``private`` a tmpfs of its own (no
    copy-up: writable even where the overlay cannot copy a parent folder owned by someone
    else); then lock it with a nested user namespace. On failure, back in the worker's
    mount namespace, nothing changed."""
    original = os.open("/proc/self/ns/mnt", os.O_RDONLY | os.O_CLOEXEC)
    # setns() back sets the root and working directory to the namespace's own: in a chroot
    # that is the host's root, outside the chroot. These bring both back.
    root = os.open("/", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    cwd = os.open(".", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _unshare(_CLONE_NEWNS)
        try:
            mounts = _mountinfo()
            _mount(None, "/", None, _MS_REC | _MS_PRIVATE)
            _read_only("/")
            _mount("tmpfs", layers, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={memory},mode=700")
            # The tree that holds the layers last: its overlay hides their mount point.
            trees = sorted(_trees(mounts), key=lambda tree: _inside(layers, tree))
            for number, tree in enumerate(trees):
                try:
                    _overlay(tree, f"{layers}/{number}", _flags(tree, mounts))
                except OSError:
                    if _inside(layers, tree):  # the dry run's own directory must be writable
                        raise
                    # A tree overlayfs cannot take (a network file system, say) stays
                    # read-only: writes there are refused, never let through.
            with contextlib.suppress(OSError):  # shared memory: private and writable
                _mount("tmpfs", "/dev/shm", "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={memory}")
            folders = [os.path.join(private, name) for name in os.listdir(private)]
            _mount("tmpfs", private, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={memory},mode=700")
            for folder in folders + [target for _, target in read_only]:
                os.makedirs(folder, exist_ok=True)
            for source, target in read_only:
                try:
                    _mount(source, target, None, _MS_BIND | _MS_REC)
                except OSError:  # no such folder: nothing to read there
                    continue
                _read_only(target)  # or give up this namespace, bind and all
            with contextlib.suppress(OSError):
                _writable_proc()
        except Exception:
            _return_to(original, root, cwd)
            raise
    finally:
        for descriptor in (original, root, cwd):
            os.close(descriptor)
    # Locked: in a mount namespace owned by a nested user namespace, the mounts made above
    # can be neither unmounted nor made writable, even with every capability in it.
    if _LOCK:
        with contextlib.suppress(OSError):
            _setns(_LOCK[0], _CLONE_NEWUSER)
            _unshare(_CLONE_NEWNS)


def _return_to(namespace: int, root: int, cwd: int) -> None:
    """Back into the mount namespace ``namespace`` with the root and working directory
    this process had; exits rather than run a script half-way (cannot happen with the
    capabilities just used)."""
    try:
        _setns(namespace, _CLONE_NEWNS)
        os.fchdir(root)
        os.chroot(".")
        os.fchdir(cwd)
    except OSError:
        os._exit(1)


def _writable_proc() -> None:
    """/proc stays writable: a process's own settings (its oom_score_adj, say)."""
    attr = _MountAttr(0, _MOUNT_ATTR_RDONLY, 0, 0)
    _syscall(
        _SYS_MOUNT_SETATTR,
        ctypes.c_int(_AT_FDCWD),
        ctypes.c_char_p(b"/proc"),
        ctypes.c_uint(0),
        ctypes.byref(attr),
        ctypes.c_size_t(ctypes.sizeof(attr)),
    )


def _unescape(field: str) -> str:
    """Mount points in /proc/self/mountinfo escape space, tab, newline and backslash."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _mountinfo() -> dict[str, tuple[str, frozenset[str]]]:
    """Mount point -> (file system type, mount options), the topmost of stacked mounts."""
    mounts: dict[str, tuple[str, frozenset[str]]] = {}
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as info:
        for line in info:
            fields = line.split()
            separator = fields.index("-")
            point = _unescape(fields[4])
            mounts[point] = (fields[separator + 1], frozenset(fields[5].split(",")))
    return mounts


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _trees(mounts: dict[str, tuple[str, frozenset[str]]]) -> list[str]:
    """The directories to overlay: the largest trees with no mount point strictly inside
    (an overlay's lower layer cannot span mounts), outside /proc, /sys and /dev. A pseudo
    file system elsewhere (autofs, say) is not overlaid, but the mounts below it are."""
    points = [p for p in mounts if not any(_inside(p, tree) for tree in _PSEUDO_TREES)]
    trees: list[str] = []

    def mounted_on(point: str) -> str | None:
        """The mount point that ``point`` is mounted on."""
        holders = [p for p in points if p != point and _inside(point, p)]
        return max(holders, key=len) if holders else None  # "/" is mounted on nothing

    def cover(path: str) -> None:
        if any(_inside(path, tree) for tree in _PSEUDO_TREES):
            return
        if path in mounts and mounts[path][0] in _PSEUDO:
            for point in points:
                if point != path and mounted_on(point) == path:
                    cover(point)
            return
        if not any(_inside(p, path) and p != path for p in points):
            trees.append(path)
            return
        try:
            entries = list(os.scandir(path))
        except OSError:
            return  # not readable: it stays read-only
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    cover(entry.path)

    cover("/")
    return trees


def _flags(path: str, mounts: dict[str, tuple[str, frozenset[str]]]) -> int:
    """nosuid / nodev / noexec of the mount that holds ``path``, kept by its overlay."""
    holder = max((p for p in mounts if _inside(path, p)), key=len, default="/")
    options = mounts.get(holder, ("", frozenset()))[1]
    flags = 0
    for name, flag in (("nosuid", _MS_NOSUID), ("nodev", _MS_NODEV), ("noexec", _MS_NOEXEC)):
        if name in options:
            flags |= flag
    return flags


def _escape(path: str) -> str:
    for char in ("\\", ",", ":"):
        path = path.replace(char, "\\" + char)
    return path


def _overlay(tree: str, layer: str, flags: int) -> None:
    """Overlay ``tree`` in place with an upper layer in ``layer`` (on the tmpfs). The upper
    directory takes the tree's mode, owner and times: the overlay's root shows them."""
    upper, work = f"{layer}/upper", f"{layer}/work"
    os.makedirs(upper)
    os.mkdir(work)
    status = os.stat(tree)
    os.chmod(upper, status.st_mode & 0o7777)
    with contextlib.suppress(OSError):  # a user namespace may not map the owner
        os.chown(upper, status.st_uid, status.st_gid)
    os.utime(upper, ns=(status.st_atime_ns, status.st_mtime_ns))
    options = f"lowerdir={_escape(tree)},upperdir={_escape(upper)},workdir={_escape(work)}"
    try:
        _mount("overlay", tree, "overlay", flags, options + ",userxattr")
    except OSError as error:
        if error.errno != errno.EINVAL:
            raise
        _mount("overlay", tree, "overlay", flags, options)  # kernels without userxattr


def _link(read_only: Iterable[tuple[str, str]]) -> None:
    """Without a mount namespace, a read-only bind is a symlink; writes through it are
    refused like any write outside the private directory."""
    for source, target in read_only:
        with contextlib.suppress(OSError):
            os.rmdir(target)
        with contextlib.suppress(FileExistsError):
            os.symlink(source, target)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_LANDLOCK_WRITE_FILE = 1 << 1
# Remove dir and file, make char, dir, reg, sock, fifo, block and symlink (ABI 1).
_LANDLOCK_CHANGES = sum(1 << bit for bit in range(4, 13))
_LANDLOCK_REFER, _LANDLOCK_TRUNCATE = 1 << 13, 1 << 14


def landlock_available() -> bool:
    """Whether this kernel enforces Landlock (ABI 1 or later) for this process."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        abi = _syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except OSError:
        return False
    return abi >= 1


def _landlock(writable: Sequence[str], devices: Sequence[str]) -> None:
    """Refuse, kernel-enforced, every change to files outside ``writable`` (whatever makes
    it); ``devices`` may be opened for writing (/dev/null, a GPU) but not changed."""
    abi = _syscall(_SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    handled = _LANDLOCK_WRITE_FILE | _LANDLOCK_CHANGES
    if abi >= 2:
        handled |= _LANDLOCK_REFER
    if abi >= 3:
        handled |= _LANDLOCK_TRUNCATE
    attr = _RulesetAttr(handled)
    ruleset = _syscall(
        _SYS_LANDLOCK_CREATE_RULESET,
        ctypes.byref(attr),
        ctypes.c_size_t(ctypes.sizeof(attr)),
        ctypes.c_uint32(0),
    )
    try:
        rules = [(path, handled) for path in writable]
        rules += [(path, handled & (_LANDLOCK_WRITE_FILE | _LANDLOCK_TRUNCATE)) for path in devices]
        for path, allowed in rules:
            try:
                descriptor = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            try:
                rule = _PathBeneathAttr(allowed, descriptor)
                _syscall(
                    _SYS_LANDLOCK_ADD_RULE,
                    ctypes.c_int(ruleset),
                    ctypes.c_int(1),  # LANDLOCK_RULE_PATH_BENEATH
                    ctypes.byref(rule),
                    ctypes.c_uint32(0),
                )
            finally:
                os.close(descriptor)
        _prctl(_PR_SET_NO_NEW_PRIVS, 1)
        _syscall(_SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
    finally:
        os.close(ruleset)


# Audit events that change a file, and the positions of their path (and dir_fd) arguments.
_AUDITED = {
    "os.remove": ((0, 1),),
    "os.rmdir": ((0, 1),),
    "os.mkdir": ((0, 2),),
    "os.rename": ((0, 2), (1, 3)),
    "os.link": ((1, 3),),
    "os.symlink": ((1, 2),),
    "os.truncate": ((0, None),),
    "os.chmod": ((0, 2),),
    "os.chown": ((0, 3),),
    "os.utime": ((0, 3),),
    "os.chflags": ((0, None),),
    "os.lchflags": ((0, None),),
    "os.setxattr": ((0, None),),
    "os.removexattr": ((0, None),),
    "shutil.chown": ((0, None),),
}
_OPEN_WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _fd_path(descriptor: int) -> str | None:
    with contextlib.suppress(OSError):
        return os.readlink(f"/proc/self/fd/{descriptor}")
    with contextlib.suppress(Exception):  # macOS: F_GETPATH
        import fcntl

        return os.fsdecode(fcntl.fcntl(descriptor, 50, b"\0" * 1024).rstrip(b"\0"))
    return None


def _audit_hook(writable: Sequence[str]) -> None:
    """Refuse Python-level changes to files outside ``writable`` (the last resort: native
    code and other programs bypass it)."""
    roots = [os.path.realpath(path) for path in writable] + [os.devnull]
    realpath, fspath, isinstance_ = os.path.realpath, os.fspath, isinstance

    def allowed(path, directory) -> bool:
        if isinstance_(path, int):
            return True  # an open descriptor: it was checked when opened
        try:
            path = os.fsdecode(fspath(path))
        except TypeError:
            return False
        if directory is not None and not os.path.isabs(path):
            base = _fd_path(directory)
            if base is None:
                return False
            path = os.path.join(base, path)
        real = realpath(path)
        return any(_inside(real, root) for root in roots)

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, _, flags = args
            if flags & _OPEN_WRITES and path is not None and not allowed(path, None):
                raise PermissionError(errno.EACCES, "the dry run does not write here", path)
            return
        places = _AUDITED.get(event)
        if places is None:
            return
        for where, directory in places:
            target = args[where]
            fd = args[directory] if directory is not None and directory < len(args) else None
            if not allowed(target, fd):
                raise PermissionError(errno.EACCES, "the dry run does not write here", target)

    sys.addaudithook(hook)
