"""``--verify`` containment: nothing a script writes reaches the user's files, no process it
starts outlives the run, a termination signal cleans up like Ctrl-C, nothing is left in
TMPDIR, and whatever comes back from a dry run is validated.

The end-to-end tests run real TensorFlow on tiny data (one ``zerolint --verify`` covers
the writers, the escaping processes and the forged results). The mechanisms themselves
(``zerolint.verify.sandbox``) are also tested alone, in plain subprocesses, at each level.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import FILES_LEVEL, USER_NAMESPACES, VERIFY_WARNING, run, write
from tests.processes import gone, run_marker
from zerolint.verify import sandbox
from zerolint.verify.pool import _spec
from zerolint.verify.runner import Job, Limits, environment

LINUX = sys.platform.startswith("linux")
needs_tensorflow = pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None,
    reason="--verify needs TensorFlow (pip install -e '.[verify]')",
)


# Outside Linux a script's processes are ended by process group only (README).
needs_a_subreaper = pytest.mark.skipif(not LINUX, reason="a PID namespace or subreaper: Linux")
needs_user_namespaces = pytest.mark.skipif(
    not USER_NAMESPACES,
    reason="no user namespaces here (a chroot, or a container that forbids unshare)",
)


MODEL = """\
import numpy as np
from tensorflow import keras

x = np.random.default_rng(0).random((40, 3)).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""

# Writes with every kind of writer before and after its first fit (ZL101, line 9; fit at
# line 48), reads its own writes back, overwrites the user's trained model, deletes a decoy,
# then leaves its folder and writes and deletes there; a second model's fit (ZL101, line
# 54; fit at line 56) shows the script went on after all that.
WRITER = """\
import os, pathlib, pickle, shutil
import h5py, joblib, matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
x = np.random.default_rng(0).random((40, 3)).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
first = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="softmax")])
first.compile(optimizer="adam", loss="binary_crossentropy")


def save_everything(model, tag):
    out = pathlib.Path(f"out-{tag}")
    os.makedirs(out / "nested", exist_ok=True)
    (out / "notes.txt").write_text("notes")
    with open("train.log", "a") as log:
        log.write(tag)
    np.save(out / "x.npy", x)
    pd.DataFrame(x).to_csv(out / "x.csv")
    with open(out / "x.pkl", "wb") as file:
        pickle.dump(x, file)
    joblib.dump(x, out / "x.joblib")
    model.save(str(out / "model.keras"))
    model.save(str(out / "model.h5"))
    with h5py.File(out / "raw.h5", "w") as file:
        file["x"] = x
    tf.saved_model.save(model, str(out / "saved"))
    tf.train.Checkpoint(model=model).write(str(out / "checkpoint"))
    tf.io.write_file(str(out / "raw.bin"), "bytes")
    writer = tf.summary.create_file_writer(str(out / "logs"))
    with writer.as_default():
        tf.summary.write("loss", 1.0, step=0)
    writer.flush()
    plt.plot(x[:, 0])
    plt.savefig(out / "plot.png")
    shutil.copy(__file__, out / "copy.py")
    os.rename(out / "notes.txt", out / "renamed.txt")
    # The script sees its own writes, as it would outside the dry run.
    assert keras.models.load_model(str(out / "model.keras")).count_params() == 4
    assert np.load(out / "x.npy").shape == (40, 3)
    assert pathlib.Path("train.log").read_text().endswith(tag)


save_everything(first, "before")
first.save("trained.keras")
os.remove("decoy.txt")
first.fit(x, y, epochs=1, verbose=0)
save_everything(first, "after")
first.save("trained.keras")
os.chdir("..")
pathlib.Path("outside.txt").write_text("a write in the parent folder")
shutil.rmtree("project/data")
second = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="softmax")])
second.compile(optimizer="adam", loss="binary_crossentropy")
second.fit(x, y, epochs=1, verbose=0)
"""

# Starts processes that leave its session or process group (before TensorFlow runs any
# op: a fork is safe then), then reaches fit.
ESCAPES = (
    "import os, subprocess, sys\n"
    'sleep = [sys.executable, "-c", "import time; time.sleep(600)"]\n'
    "subprocess.Popen(sleep, start_new_session=True)\n"
    "subprocess.Popen(sleep, process_group=0)\n"
    "if os.fork() == 0:  # a daemon: a new session, then orphaned\n"
    "    os.setsid()\n"
    "    if os.fork() == 0:\n"
    "        os.execv(sys.executable, sleep)\n"
    "    os._exit(0)\n" + MODEL + "model.fit(x, y, epochs=1, verbose=0)\n"
)

# Forges its dry run's result where it can find it (next to KERAS_HOME) after its fit, and
# ends before the dry run can write its own again: that result is out of its reach.
FORGES_FILE = MODEL + (
    "import json, os, pathlib\n"
    "model.fit(x, y, epochs=1, verbose=0)\n"
    'scratch = pathlib.Path(os.environ["KERAS_HOME"]).parent\n'
    'forged = json.dumps({"outcome": "fit", "fits": ["not a fit"]})\n'
    'for name in ("result.json", "result.json.partial"):\n'
    "    (scratch / name).write_text(forged)\n"
    "os._exit(0)\n"
)

# Writes a malformed result into every pipe it holds (the dry run's channel) after its fit,
# and ends before the dry run can send its own again.
FORGES_CHANNEL = MODEL + (
    "import os, stat\n"
    "model.fit(x, y, epochs=1, verbose=0)\n"
    'for name in os.listdir("/proc/self/fd"):\n'
    "    try:\n"
    "        if int(name) > 2 and stat.S_ISFIFO(os.fstat(int(name)).st_mode):\n"
    '            os.write(int(name), b\'{"result": {"outcome": "fit", "fits": [1]}}\\n\')\n'
    "    except OSError:\n"
    "        pass\n"
    "os._exit(0)\n"
)


def snapshot(root: Path) -> dict[str, tuple]:
    """Every file and folder under ``root``: its kind, bytes and modification time."""
    found = {}
    for path in sorted(root.rglob("*")):
        status = path.lstat()
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        found[path.relative_to(root).as_posix()] = (status.st_mode, status.st_mtime_ns, content)
    found["."] = (root.stat().st_mode, root.stat().st_mtime_ns, None)
    return found


def _by_file(document: dict) -> dict[str, list[dict]]:
    files: dict[str, list[dict]] = {}
    for d in document["diagnostics"]:
        files.setdefault(Path(d["path"]).name, []).append(d)
    return files


def _tree(tmp_path: Path) -> Path:
    """The user's folder: scripts in ``project``, a decoy, a trained model, a data folder."""
    root = tmp_path / "user"
    write(root, "project/train.py", WRITER)
    write(root, "project/decoy.txt", "keep me")
    write(root, "project/trained.keras", b"the user's real trained model")
    write(root, "project/data/rows.csv", "1,2,3\n")
    write(root, "project/escapes.py", ESCAPES)
    write(root, "project/forges_file.py", FORGES_FILE)
    write(root, "project/forges_channel.py", FORGES_CHANNEL)
    write(root, "other.txt", "the parent folder's own file")
    return root


def _verify_tree(tmp_path: Path, exe: list[str] | None = None) -> dict:
    """--verify over the test tree (as ``exe``, by default this Python), with a private
    TMPDIR: what it printed, the tree before and after, what TMPDIR holds, and whether
    every process the run started is gone."""
    root = _tree(tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    before = snapshot(root)
    marker, env = run_marker()
    # --no-cache: the lint's own cache folder is not the dry run's to judge here.
    options = ["--verify", "--no-cache", "--output-format", "json", "--verify-steps", "5"]
    options.append("project")
    code, stdout, stderr = run(options, root, exe=exe, env={**env, "TMPDIR": str(temporary)})
    ended = gone(marker)
    return {
        "code": code,
        "stderr": stderr,
        "files": _by_file(json.loads(stdout)),
        "before": before,
        "after": snapshot(root),
        "temporary": sorted(p.name for p in temporary.iterdir()),
        "gone": ended,
    }


@pytest.fixture(scope="module")
def contained_run(tmp_path_factory):
    return _verify_tree(tmp_path_factory.mktemp("contained"))


@needs_tensorflow
@pytest.mark.skipif(
    FILES_LEVEL == sandbox.PYTHON_ONLY,
    reason="no Landlock nor user namespaces: programs' own writes are let through (the "
    "warning says so; test_each_weaker_level_stops_the_writers_it_says_it_stops checks it)",
)
def test_no_write_reaches_the_user_s_files(contained_run):
    assert contained_run["code"] == 1
    # Nothing at the full level, else one line, whatever the number of scripts.
    assert contained_run["stderr"] == VERIFY_WARNING
    assert contained_run["after"] == contained_run["before"]


@needs_tensorflow
def test_the_script_sees_its_own_writes_where_the_view_is_copy_on_write(contained_run):
    first, second = contained_run["files"]["train.py"]
    assert (first["line"], second["line"]) == (9, 54)
    if FILES_LEVEL != sandbox.COPY_ON_WRITE:  # its first write is refused, and it stops
        verdict = first["verification"]
        assert verdict["status"] == "inconclusive"
        refused = "PermissionError: [Errno 13] Permission denied: 'out-before'"
        assert refused in verdict["evidence"]
        return
    for finding, fit_line in ((first, 48), (second, 56)):
        verdict = finding["verification"]
        assert verdict["status"] == "confirmed", verdict
        assert verdict["metrics"]["fit_line"] == fit_line


@needs_tensorflow
@needs_a_subreaper
def test_no_process_outlives_the_run_whatever_its_session(contained_run):
    (finding,) = contained_run["files"]["escapes.py"]
    assert finding["verification"]["status"] == "confirmed", finding["verification"]
    assert contained_run["gone"]


@needs_tensorflow
def test_tmpdir_holds_nothing_new(contained_run):
    assert contained_run["temporary"] == []


@needs_tensorflow
def test_a_forged_result_file_is_out_of_the_script_s_reach(contained_run):
    (finding,) = contained_run["files"]["forges_file.py"]
    assert finding["verification"]["status"] == "confirmed", finding["verification"]


@needs_tensorflow
def test_a_malformed_result_makes_only_its_script_inconclusive(contained_run):
    (finding,) = contained_run["files"]["forges_channel.py"]
    assert finding["verification"]["status"] == "inconclusive"
    assert finding["verification"]["evidence"] == "the dry run's result could not be read"
    for name in ("escapes.py", "forges_file.py"):  # (train.py: as its level lets it)
        assert contained_run["files"][name][0]["verification"]["status"] == "confirmed"


# A termination signal to zerolint, as from a CI timeout or a closed terminal.

LOOPS = MODEL + (
    "import socket, subprocess, sys\n"
    'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],\n'
    "                 start_new_session=True)\n"
    "call = socket.socket(socket.AF_UNIX)\n"
    "call.connect({address!r})\n"
    "while True:\n"
    "    pass\n"
    "model.fit(x, y)\n"
)


def _without_user_namespaces() -> list[str] | None:
    """A command prefix that runs as root without capabilities, in a user namespace that may
    create no other (like root in a container with the usual seccomp profile)."""
    drop = "setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all"
    limit = f'echo 0 > /proc/sys/user/max_user_namespaces && exec {drop} "$@"'
    prefix = ["unshare", "-U", "-r", "sh", "-c", limit, "-"]
    if shutil.which("unshare") is None or shutil.which("setpriv") is None:
        return None
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


def _prefix(where: str) -> list[str]:
    """The command prefix for ``where``: this machine as it is, or, on a machine with user
    namespaces, the process level of one without (a child subreaper, not a PID namespace)."""
    if where == "here":
        return []
    if not USER_NAMESPACES:
        pytest.skip("no user namespaces here at all: the run 'here' is at this level")
    prefix = _without_user_namespaces()
    if prefix is None:
        pytest.skip("needs unshare and setpriv (util-linux)")
    return prefix


@contextlib.contextmanager
def _looping_run(tmp_path: Path, where: str, ignored: int | None = None):
    """``zerolint --verify`` (with ``_prefix(where)``) on a script that started a process in
    a session of its own and loops; once the script runs, yields the zerolint process and
    the marker of every process of the run.
    SIGTERM, SIGHUP and SIGINT are as from a terminal, whatever this test runs under (a
    background job ignores SIGINT, nohup SIGHUP), except ``ignored``."""
    address = f"\0zerolint-test-{uuid.uuid4().hex}"
    write(tmp_path, "project/loops.py", LOOPS.format(address=address))
    (tmp_path / "tmp").mkdir()
    marker, env = run_marker()

    def dispositions():
        for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(number, signal.SIG_IGN if number == ignored else signal.SIG_DFL)

    zerolint = [sys.executable, "-m", "zerolint", "--verify", "--jobs", "1", "project"]
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(address)
        server.listen()
        server.settimeout(120)
        process = subprocess.Popen(
            [*_prefix(where), *zerolint],
            cwd=tmp_path,
            env={**os.environ, **env, "TMPDIR": str(tmp_path / "tmp")},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=dispositions,
        )
        try:
            server.accept()[0].close()  # the script is running, with a process of its own
            yield process, marker
        finally:
            process.kill()


@needs_tensorflow
@needs_a_subreaper
@pytest.mark.parametrize("where", ["here", "without user namespaces"])
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_termination_signal_cleans_up_like_ctrl_c(tmp_path, number, where):
    with _looping_run(tmp_path, where) as (process, marker):
        process.send_signal(number)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + number
    assert b"Traceback" not in stderr
    assert gone(marker)
    assert list((tmp_path / "tmp").iterdir()) == []


@needs_tensorflow
@needs_a_subreaper
def test_under_nohup_a_hangup_is_ignored_and_sigterm_still_cleans_up(tmp_path):
    with _looping_run(tmp_path, "here", ignored=signal.SIGHUP) as (process, marker):
        process.send_signal(signal.SIGHUP)
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=3)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    assert gone(marker)


@needs_tensorflow
@needs_a_subreaper
@pytest.mark.parametrize("where", ["here", "without user namespaces"])
def test_a_worker_ends_its_script_as_soon_as_the_pool_closes_its_stdin(tmp_path, where):
    # On Ctrl-C the pool may not know the script's pid yet (its "started" line unread): the
    # worker itself must end the script, not wait for its timeout (here 600 s).
    address = f"\0zerolint-test-{uuid.uuid4().hex}"
    script = write(tmp_path, "project/loops.py", LOOPS.format(address=address))
    job = Job(script, script.parent, script.parent)
    spec = _spec(job, tmp_path / "job", Limits(timeout=600, steps=5))
    marker, env = run_marker()
    command = [*_prefix(where), sys.executable, "-m", "zerolint.verify.worker"]
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(address)
        server.listen()
        server.settimeout(120)
        worker = subprocess.Popen(
            command,
            cwd=tmp_path,
            env={**environment(tmp_path / "scratch"), **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert json.loads(worker.stdout.readline())["ready"] is True
            worker.stdin.write((json.dumps(spec) + "\n").encode())
            worker.stdin.flush()
            server.accept()[0].close()  # the script is running, with a process of its own
            started = time.monotonic()
            worker.stdin.close()
            worker.wait(timeout=30)
            ended = time.monotonic() - started
        finally:
            worker.kill()
    assert ended < 5, ended
    assert gone(marker)


# Where user namespaces are not available (a container that forbids them): Landlock refuses
# the writes, and zerolint says so once.


@needs_tensorflow
@pytest.mark.skipif(not LINUX or not sandbox.landlock_available(), reason="needs Landlock")
def test_without_user_namespaces_writes_are_refused_and_zerolint_says_so(tmp_path):
    prefix = _prefix("without user namespaces")
    result = _verify_tree(tmp_path, exe=[*prefix, sys.executable, "-m", "zerolint"])
    assert result["stderr"] == (
        f"zerolint: warning: --verify: {sandbox.FILES_GAPS[sandbox.READ_ONLY]}\n"
    )
    assert result["after"] == result["before"]
    files = result["files"]
    first, second = files["train.py"]
    assert first["verification"]["status"] == "inconclusive"
    refused = "PermissionError: [Errno 13] Permission denied: 'out-before'"  # its first write
    assert refused in first["verification"]["evidence"]
    assert files["escapes.py"][0]["verification"]["status"] == "confirmed"
    assert result["gone"]
    assert result["temporary"] == []


# The mechanisms alone, without TensorFlow: what each level lets through.

PROBE = """\
import json, os, subprocess, sys
from zerolint.verify import sandbox

user, private, layers = sys.argv[1:4]
level = {level!r}
processes = sandbox.worker_namespace() if level == "copy-on-write" else None
pid = os.fork()
if pid == 0:
    if level == "copy-on-write":
        got = sandbox.contain(private, layers, 2**28)
    elif level == "read-only":
        sandbox._landlock([private], ["/dev"])
        got = level
    else:
        sandbox._audit_hook([private])
        got = level
    os.chdir(user)
    seen = {{"level": got}}
    def attempt(name, action):
        try:
            action()
            seen[name] = "done"
        except Exception as error:
            seen[name] = type(error).__name__
    attempt("python", lambda: open("python.txt", "w").write("x"))
    attempt("remove", lambda: os.remove("decoy.txt"))
    attempt("native", lambda: subprocess.run(["sh", "-c", "echo x > native.txt"], check=True,
                                              stderr=subprocess.DEVNULL))
    attempt("private", lambda: open(os.path.join(private, "mine.txt"), "w").write("x"))
    seen["reads_back"] = os.path.exists("python.txt")
    print(json.dumps(seen), flush=True)
    os._exit(0)
os.waitpid(pid, 0)
"""


def _probe(tmp_path: Path, level: str) -> dict:
    user = tmp_path / "user"
    write(user, "decoy.txt", "keep me")
    private, layers = tmp_path / "private", tmp_path / "layers"
    private.mkdir()
    layers.mkdir()
    code = PROBE.format(level=level)
    done = subprocess.run(
        [sys.executable, "-c", code, str(user), str(private), str(layers)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_user_namespaces
@pytest.mark.skipif(not LINUX, reason="Linux containment")
def test_copy_on_write_keeps_every_write_from_the_user_s_files(tmp_path):
    seen = _probe(tmp_path, "copy-on-write")
    assert seen == {
        "level": "copy-on-write",
        "python": "done",
        "remove": "done",
        "native": "done",
        "private": "done",
        "reads_back": True,
    }
    assert sorted(p.name for p in (tmp_path / "user").iterdir()) == ["decoy.txt"]
    assert sorted(p.name for p in (tmp_path / "private").iterdir()) == []


@pytest.mark.skipif(not LINUX or not sandbox.landlock_available(), reason="needs Landlock")
def test_landlock_refuses_every_write_outside_the_private_directory(tmp_path):
    seen = _probe(tmp_path, "read-only")
    assert seen == {
        "level": "read-only",
        "python": "PermissionError",
        "remove": "PermissionError",
        "native": "CalledProcessError",  # sh could not write: kernel-enforced
        "private": "done",
        "reads_back": False,
    }
    assert sorted(p.name for p in (tmp_path / "user").iterdir()) == ["decoy.txt"]
    assert sorted(p.name for p in (tmp_path / "private").iterdir()) == ["mine.txt"]


def test_the_audit_hook_refuses_python_writes_but_not_other_programs(tmp_path):
    seen = _probe(tmp_path, "python-only")
    assert seen["python"] == seen["remove"] == "PermissionError"
    assert seen["private"] == "done"
    # What the warning says: a program the script starts is not stopped.
    assert (tmp_path / "user" / "native.txt").exists()
    assert (tmp_path / "user" / "decoy.txt").read_text() == "keep me"


@pytest.mark.skipif(not LINUX, reason="Linux containment")
def test_a_chroot_s_pseudo_file_systems_are_not_overlaid_but_its_other_mounts_are(tmp_path):
    # A chroot beside the user's files, with its own proc, dev and dev/shm mounted (a build
    # root, a rescue system): only the real file systems in it get an overlay.
    chroot = tmp_path / "chroot"
    for folder in ("proc", "dev/shm", "etc"):
        (chroot / folder).mkdir(parents=True)
    none = frozenset()
    mounts = {
        "/": ("ext4", none),
        str(chroot / "proc"): ("proc", none),
        str(chroot / "dev"): ("devtmpfs", none),
        str(chroot / "dev" / "shm"): ("tmpfs", none),
    }
    trees = sandbox._trees(mounts)
    inside = sorted(tree for tree in trees if sandbox._inside(tree, str(chroot)))
    assert inside == [str(chroot / "dev" / "shm"), str(chroot / "etc")]


@needs_user_namespaces
@pytest.mark.skipif(not LINUX, reason="Linux containment")
def test_a_read_only_bind_shows_a_user_folder_that_the_script_cannot_change(tmp_path):
    datasets = write(tmp_path, "home/.keras/datasets/mnist.npz", b"data").parent
    private, layers = tmp_path / "private", tmp_path / "layers"
    target = private / "keras" / "datasets"
    target.mkdir(parents=True)
    layers.mkdir()
    code = f"""\
import json, os
from zerolint.verify import sandbox
sandbox.worker_namespace()
if os.fork() == 0:
    level = sandbox.contain({str(private)!r}, {str(layers)!r}, 2**28,
                            [({str(datasets)!r}, {str(target)!r})])
    try:
        open(os.path.join({str(target)!r}, "new.npz"), "wb").write(b"x")
        written = "written"
    except OSError as error:
        written = error.strerror
    data = open(os.path.join({str(target)!r}, "mnist.npz"), "rb").read().decode()
    print(json.dumps([level, data, written]), flush=True)
    os._exit(0)
os.wait()
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    level, data, written = json.loads(done.stdout)
    assert (level, data, written) == (sandbox.COPY_ON_WRITE, "data", "Read-only file system")
    assert sorted(p.name for p in datasets.iterdir()) == ["mnist.npz"]


IN_A_CHROOT = """\
import json, os, sys
from zerolint.verify import sandbox

new_root = sys.argv[1]
uid, gid = os.geteuid(), os.getegid()
sandbox._unshare(sandbox._CLONE_NEWUSER | sandbox._CLONE_NEWNS)
sandbox._write("/proc/self/setgroups", "deny")
sandbox._write("/proc/self/uid_map", f"0 {uid} 1\\n")
sandbox._write("/proc/self/gid_map", f"0 {gid} 1\\n")
sandbox._mount(None, "/", None, sandbox._MS_REC | sandbox._MS_PRIVATE)
sandbox._mount("/proc", new_root + "/proc", None, sandbox._MS_BIND | sandbox._MS_REC)
sandbox._libc()
os.chroot(new_root)
os.chdir("/project")
try:
    sandbox._copy_on_write("/private", "/layers", 2**26, ())
    failed = None
except OSError as error:
    failed = error.strerror
print(json.dumps({"failed": failed, "root": sorted(os.listdir("/")), "cwd": os.getcwd()}))
"""


@needs_user_namespaces
@pytest.mark.skipif(not LINUX, reason="Linux containment")
def test_in_a_chroot_a_failed_copy_on_write_leaves_the_script_in_the_chroot(tmp_path):
    # A chroot's root is no mount point, so the copy-on-write view cannot be built there;
    # going back to the mount namespace once put the script at the host's root, outside
    # the chroot (found in a fresh Debian chroot: every dry run died, "No such file or
    # directory" for its own folder).
    new_root = tmp_path / "root"
    for folder in ("proc", "project", "private", "layers"):
        (new_root / folder).mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", IN_A_CHROOT, str(new_root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["failed"].endswith("Invalid argument")  # the level below takes over
    assert seen["root"] == ["layers", "private", "proc", "project"]
    assert seen["cwd"] == "/project"


# Each weaker level stops exactly the writers its warning and the README say it stops: the
# same writers as WRITER, one attempt each, in one process that imports TensorFlow.

WRITERS = """\
import json, os, pathlib, pickle, shutil, sys
import h5py, joblib, matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from zerolint.verify import sandbox

user, private, level = sys.argv[1:4]
x = np.zeros((4, 3), "float32")
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
if level == sandbox.READ_ONLY:
    sandbox._landlock([private, "/dev/shm"], ["/dev"])
else:
    sandbox._audit_hook([private])
os.chdir(user)


def summary():
    writer = tf.summary.create_file_writer("logs")
    with writer.as_default():
        tf.summary.write("loss", 1.0, step=0)
    writer.flush()


writers = {
    "open": lambda: open("a.txt", "w"),
    "pathlib": lambda: pathlib.Path("b.txt").write_text("x"),
    "os.makedirs": lambda: os.makedirs("made/nested"),
    "os.remove": lambda: os.remove("decoy.txt"),
    "os.rename": lambda: os.rename("decoy.txt", "renamed.txt"),
    "shutil": lambda: shutil.copy("decoy.txt", "copy.txt"),
    "numpy": lambda: np.save("x.npy", x),
    "pandas": lambda: pd.DataFrame(x).to_csv("x.csv"),
    "pickle": lambda: pickle.dump(x, open("x.pkl", "wb")),
    "joblib": lambda: joblib.dump(x, "x.joblib"),
    "matplotlib": lambda: plt.savefig("plot.png"),
    "keras": lambda: model.save("model.keras"),
    "keras .h5": lambda: model.save("model.h5"),
    "h5py": lambda: h5py.File("raw.h5", "w").close(),
    "saved_model": lambda: tf.saved_model.save(model, "saved"),
    "checkpoint": lambda: tf.train.Checkpoint(model=model).write("checkpoint"),
    "tf.io": lambda: tf.io.write_file("raw.bin", "bytes"),
    "tensorboard": summary,
}
refused = []
for name, write in writers.items():
    try:
        write()
    except Exception:  # PermissionError, or TensorFlow's PermissionDeniedError
        refused.append(name)
print(json.dumps(refused), flush=True)
"""

PYTHON_WRITERS = ["open", "pathlib", "os.makedirs", "os.remove", "os.rename", "shutil"]
PYTHON_WRITERS += ["numpy", "pandas", "pickle", "joblib", "matplotlib", "keras"]
NATIVE_WRITERS = ["keras .h5", "h5py", "saved_model", "checkpoint", "tf.io", "tensorboard"]


@needs_tensorflow
@pytest.mark.parametrize(
    ("level", "refused"),
    [
        pytest.param(
            sandbox.READ_ONLY,
            PYTHON_WRITERS + NATIVE_WRITERS,
            marks=pytest.mark.skipif(
                not LINUX or not sandbox.landlock_available(), reason="needs Landlock"
            ),
        ),
        (sandbox.PYTHON_ONLY, PYTHON_WRITERS),
    ],
)
def test_each_weaker_level_stops_the_writers_it_says_it_stops(tmp_path, level, refused):
    user, private = tmp_path / "user", tmp_path / "private"
    write(user, "decoy.txt", "keep me")
    private.mkdir()
    env = {**os.environ, "TMPDIR": str(private), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-c", WRITERS, str(user), str(private), level]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == refused
    left = {p.relative_to(user).parts[0] for p in user.iterdir()} - {"decoy.txt"}
    if level == sandbox.READ_ONLY:
        assert left == set()
    else:  # what the warning says can change your files, and nothing else did
        gap = sandbox.FILES_GAPS[sandbox.PYTHON_ONLY]
        assert all(kind in gap for kind in ("h5py", "SavedModel", "checkpoints", "TensorBoard"))
        expected = {"model.h5", "raw.h5", "saved", "raw.bin", "logs"}
        expected |= {p.name for p in user.glob("checkpoint*")}
        assert left == expected and len(expected) > 5
    assert (user / "decoy.txt").read_text() == "keep me"


# What comes back from a dry run is validated like any untrusted input.

VALID_FIT = {"line": 3, "probes": {"rows": 40}, "warnings": ["UserWarning: x"]}


@pytest.mark.parametrize(
    ("content", "valid"),
    [
        ({"outcome": "fit", "fits": [VALID_FIT]}, True),
        ({"outcome": "fit", "fits": [VALID_FIT], "stopped": {"refit": 9, "first": 3}}, True),
        ({"outcome": "error", "reason": "the script raised before fit: X"}, True),
        ({"outcome": "fit", "fits": ["not a fit"]}, False),
        ({"outcome": "fit", "fits": [7]}, False),
        ({"outcome": "fit", "fits": []}, False),
        ({"outcome": "fit", "fits": [{**VALID_FIT, "line": "9"}]}, False),
        ({"outcome": "fit", "fits": [{**VALID_FIT, "line": True}]}, False),
        ({"outcome": "fit", "fits": [{**VALID_FIT, "probes": []}]}, False),
        ({"outcome": "fit", "fits": [{**VALID_FIT, "warnings": [1]}]}, False),
        ({"outcome": "fit", "fits": [VALID_FIT], "stopped": 5}, False),
        ({"outcome": "fit", "fits": [VALID_FIT], "stopped": {"refit": "x"}}, False),
        ({"outcome": "error", "reason": 5}, False),
        ({"outcome": "error", "reason": "x", "line": "12", "error": "ValueError: x"}, False),
        ({"outcome": "missing-file", "reason": "x", "line": 3, "error": "E"}, False),
        ({"outcome": "missing-file", "reason": "x", "path": "a", "resolved": "/a"}, True),
        ({"outcome": "download", "reason": "x", "not_cached": "yes"}, False),
        ({"outcome": "fit", "fits": [{**VALID_FIT, "stand_ins": [{"name": "mnist"}]}]}, False),
        (
            {
                "outcome": "fit",
                "fits": [{**VALID_FIT, "stand_ins": [{"name": "mnist", "title": "MNIST"}]}],
            },
            True,
        ),
        ({"outcome": "crashed", "reason": "the pool's own outcome"}, False),
        ([1, 2], False),
        ("text", False),
    ],
)
def test_only_a_well_formed_result_is_read(tmp_path, content, valid):
    from zerolint.verify.runner import UNREADABLE, Ending, Limits, interpret

    (tmp_path / "result.json").write_text(json.dumps(content))
    result = interpret(tmp_path, Ending(code=0), Limits(), 1.0)
    if valid:
        assert result["outcome"] == content["outcome"]
    else:
        assert (result["outcome"], result["reason"]) == ("unreadable", UNREADABLE)


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b""])
def test_a_result_file_that_is_not_json_is_unreadable(tmp_path, content):
    from zerolint.verify.runner import UNREADABLE, Ending, Limits, interpret

    (tmp_path / "result.json").write_bytes(content)
    result = interpret(tmp_path, Ending(code=0), Limits(), 1.0)
    assert (result["outcome"], result["reason"]) == ("unreadable", UNREADABLE)


@pytest.mark.parametrize(
    "lines",
    [
        b"not json\n",
        b"[1, 2]\n",
        b'{"started": 5}\n{"exit": "0", "signal": null, "timeout": false}\n',
        b'{"started": 5}\n{"exit": 0, "signal": null, "timeout": "no"}\n',
    ],
)
def test_a_malformed_worker_message_costs_only_its_script(tmp_path, lines):
    from zerolint.verify.pool import _run_one, _Worker
    from zerolint.verify.runner import Job, Limits

    # A "worker" that says it is ready, then answers its first job with ``lines``.
    hello = json.dumps({"ready": True, "address_space": 1, "python_threads": 1})
    fake = f"import sys\nprint({hello!r}, flush=True)\nsys.stdin.readline()\n"
    fake += f"sys.stdout.buffer.write({lines!r}); sys.stdout.flush()\nsys.stdin.readline()\n"
    worker = _Worker(tmp_path / "worker")
    worker.process = subprocess.Popen(
        [sys.executable, "-c", fake], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    worker._line(time.monotonic() + 60)  # its hello
    script = write(tmp_path, "train.py", "pass\n")
    try:
        result = _run_one(worker, Job(script, tmp_path, tmp_path), tmp_path / "job", Limits())
    finally:
        worker.stop()
    reason = "the dry-run worker sent an unreadable message under the script before fit"
    assert (result["outcome"], result["reason"]) == ("crashed", reason)
