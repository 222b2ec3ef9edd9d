"""``--verify``: real TensorFlow dry runs on tiny scripts (the ``verify`` extra; CI has it).

Every worker imports TensorFlow (~3 s), so the scripts share runs where they can: one
``zerolint --verify`` over a folder covers the zero-loss verdicts, the scripts that fail
before ``fit``, a second model's fit, a notebook and the rest of the run going on; one pair
of runs (``--jobs 1`` and ``--jobs 2``) covers the scripts that kill their process or the
worker, and the memory cap.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import VERIFY_WARNING, run, write
from tests.processes import gone, run_marker

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None,
    reason="--verify needs TensorFlow (pip install -e '.[verify]')",
)

HEADER = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.default_rng(0).random((40, 3)).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
"""

# ZL101 (line 8) and ZL102 (line 9) on the fitted model; ZL101 (line 11) on one never fitted.
ZERO_LOSS = (
    HEADER
    + """\
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="relu"),
                          layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
unused = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
unused.compile(optimizer="adam", loss="binary_crossentropy")
raise SystemExit("the end")
"""
)

# A finding (ZL101) so that the file is run, then a failure before fit.
BUGGY_MODEL = (
    HEADER
    + """\
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""
)
RAISES = (
    BUGGY_MODEL
    + 'raise ValueError("the data set is not where I left it")\n'
    + ("model.fit(x, y)\n")
)
DOWNLOADS = (
    BUGGY_MODEL
    + "import urllib.request\n"
    + 'urllib.request.urlopen("http://data.invalid/x.npz")\n'
    + "model.fit(x, y)\n"
)
NO_FIT = BUGGY_MODEL + "print(model.predict(x, verbose=0).shape)\n"
EXITS = BUGGY_MODEL + "import sys\nsys.exit(3)\nmodel.fit(x, y)\n"
# Loops forever after starting a process of its own, which the timeout must end too.
LOOPS = BUGGY_MODEL + (
    "import subprocess, sys\n"
    'sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])\n'
    "while True:\n"
    "    pass\n"
    "model.fit(x, y)\n"
)
# Reaches fit (line 9), then loops forever before its second model's fit (line 14).
FITS_THEN_LOOPS = (
    HEADER
    + """\
model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
while True:
    pass
late = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
late.compile(optimizer="adam", loss="binary_crossentropy")
late.fit(x, y)
"""
)
ALLOCATES = BUGGY_MODEL + "hoard = []\nwhile True:\n    hoard.append(bytearray(10**7))\n"

# Two models, each fit once (ZL101 on lines 7 and 11, ZL102 on 12); then the first is fit
# again (line 14), which stops the dry run before the third model's fit (ZL101, line 15).
TWO_MODELS = (
    HEADER
    + """\
first = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
first.compile(optimizer="adam", loss="binary_crossentropy")
history = first.fit(x, y, epochs=1, verbose=0)
assert history.history == {}, "the dry run answers fit with an empty History"
second = keras.Sequential([layers.Dense(2), layers.Dense(1, activation="softmax")])
second.compile(optimizer="adam", loss="categorical_crossentropy")
second.fit(x, y, epochs=1, verbose=0)
first.fit(x, y, epochs=1, verbose=0)
third = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
third.compile(optimizer="adam", loss="binary_crossentropy")
third.fit(x, y)
"""
)

# Fits a new model six times in a loop (line 10): the dry run stops after five, before the
# last model's fit (line 13; ZL101 on line 11).
MANY_FITS = (
    HEADER
    + """\
for _ in range(6):
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
last = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1, activation="softmax")])
last.compile(optimizer="adam", loss="binary_crossentropy")
last.fit(x, y)
"""
)

# Scripts that end their own process, or the pool's worker, before fit.
KILLS_ITSELF = BUGGY_MODEL + "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"
EXITS_HARD = BUGGY_MODEL + "import os\nos._exit(4)\n"


def kills_worker(address: str) -> str:
    """A script whose worker dies under it: it calls the test at ``address`` (an abstract
    Unix socket), which kills the worker, the script's parent, from outside (a script cannot
    kill a worker that is the init of its PID namespace)."""
    return BUGGY_MODEL + (
        "import socket, time\n"
        "call = socket.socket(socket.AF_UNIX)\n"
        f"call.connect({address!r})\n"
        "time.sleep(600)\n"
        "model.fit(x, y)\n"
    )


def _kill_each_callers_parent(server: socket.socket) -> None:
    while True:
        try:
            connection, _ = server.accept()
        except OSError:  # closed: the runs are over
            return
        with connection:
            size = struct.calcsize("3i")
            credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, size)
            pid = struct.unpack("3i", credentials)[0]
            stat = Path(f"/proc/{pid}/stat").read_text()
            os.kill(int(stat.rsplit(")", 1)[1].split()[1]), signal.SIGKILL)


# Reads its data relative to its own folder (the working directory is the script's).
READS_FILE = """\
import numpy as np
import keras

data = np.loadtxt("data/train.csv", delimiter=",", dtype="float32")
x, y = data[:, :-1], data[:, -1:]
model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="sgd", loss="categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
"""

# ZL301, ZL401 and ZL403 on one fit: a column in the thousands, the label as the last
# column, and validation rows taken from the training rows.
LEAKY = """\
import numpy as np
import keras

rng = np.random.default_rng(1)
rooms = rng.integers(1, 9, 60).astype("float32")
area = rng.uniform(500, 8000, 60).astype("float32")
sold = (area > 4000).astype("float32")
x = np.column_stack([rooms, area, sold])
model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, sold, epochs=1, verbose=0, validation_data=(x[:20], sold[:20]))
"""


# ZL101 at cell 4, line 1; the data file lies next to the notebook. Cell 5 fits the model
# again, which stops the dry run before the fit of cell 6 (ZL101 at cell 6, line 1).
NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "source": "%matplotlib inline\nimport numpy as np\nimport keras"},
        {"cell_type": "markdown", "source": "# The model"},
        {
            "cell_type": "code",
            "source": 'data = np.loadtxt("rows.csv", delimiter=",", dtype="float32")\n'
            "x, y = data[:, :2], data[:, 2:]",
        },
        {
            "cell_type": "code",
            "source": "model = keras.Sequential([keras.Input(shape=(2,)), "
            'keras.layers.Dense(1, activation="softmax")])\n'
            'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
            "model.fit(x, y, epochs=1, verbose=0)",
        },
        {"cell_type": "code", "source": "model.fit(x, y, epochs=5)"},
        {
            "cell_type": "code",
            "source": "other = keras.Sequential([keras.Input(shape=(2,)), "
            'keras.layers.Dense(1, activation="softmax")])\n'
            'other.compile(optimizer="adam", loss="binary_crossentropy")\n'
            "other.fit(x, y)",
        },
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
ROWS = "\n".join(f"{i / 10},{1 - i / 10},{i % 2}" for i in range(10)) + "\n"


def _verify(
    args: list[str], cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None
) -> tuple[int, dict]:
    command = ["--verify", "--output-format", "json", *args]
    code, stdout, stderr = run(command, cwd, stdin, env=env)
    assert stderr == VERIFY_WARNING, stderr
    return code, json.loads(stdout)


def _by_file(document: dict) -> dict[str, list[dict]]:
    files: dict[str, list[dict]] = {}
    for d in document["diagnostics"]:
        files.setdefault(Path(d["path"]).name, []).append(d)
    return files


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory) -> dict[str, list[dict]]:
    root = tmp_path_factory.mktemp("scripts")
    write(root, "zero_loss.py", ZERO_LOSS)
    write(root, "raises.py", RAISES)
    write(root, "no_fit.py", NO_FIT)
    write(root, "exits.py", EXITS)
    write(root, "downloads.py", DOWNLOADS)
    write(root, "leaky.py", LEAKY)
    write(root, "clean.py", "import keras\n\nprint(keras.__name__)\n")
    write(root, "two_models.py", TWO_MODELS)
    write(root, "many_fits.py", MANY_FITS)
    project = write(root, "project/train.py", READS_FILE)
    write(project.parent, "data/train.csv", ROWS)
    write(root, "notebooks/analysis.ipynb", json.dumps(NOTEBOOK))
    write(root, "notebooks/rows.csv", ROWS)
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    code, document = _verify([str(root), "--verify-steps", "5"], elsewhere)
    assert code == 1
    assert document["errors"] == []
    return _by_file(document)


def test_zero_loss_findings_are_confirmed_with_numbers(folder_run):
    zl101, zl102, unfitted = folder_run["zero_loss.py"]
    assert (zl101["code"], zl101["line"]) == ("ZL101", 8)
    verdict = zl101["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert "all 40 predictions on the sample are 1.0 (min " in verdict["evidence"]
    assert "loss 0 at step 0 and 0 after 5 steps" in verdict["evidence"]
    assert "Keras warned: UserWarning: You are using a softmax" in verdict["evidence"]
    assert abs(verdict["metrics"]["prediction_min"] - 1.0) <= 1e-6
    assert verdict["metrics"]["constant_across_rows"] is True
    assert verdict["metrics"]["fit_line"] == 10

    assert (zl102["code"], zl102["line"]) == ("ZL102", 9)
    verdict = zl102["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert "the loss is exactly 0 on 40 sample rows" in verdict["evidence"]
    assert "after 5 training steps" in verdict["evidence"]
    assert verdict["metrics"]["loss_start"] == 0.0 and verdict["metrics"]["loss_end"] == 0.0

    # A model the script never trains gets no verdict it has not earned, and says so.
    assert (unfitted["code"], unfitted["line"]) == ("ZL101", 11)
    assert unfitted["verification"]["status"] == "inconclusive"
    assert unfitted["verification"]["evidence"] == (
        "the model built at line 11 is never trained in this script (no fit call trains it), "
        "so the dry run has no training of it to measure"
    )
    assert unfitted["verification"]["reason"] == "the model is never trained"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "raises.py",
            "the script raised before fit, at line 9: ValueError: the data set is not where",
        ),
        ("no_fit.py", "the script finished without calling fit"),
        ("exits.py", "the script called sys.exit(3) before fit"),
        (
            "downloads.py",
            "the script needs a download at line 10 (no network?), before fit: "
            "urllib.error.URLError",
        ),
    ],
)
def test_scripts_that_never_reach_fit_are_inconclusive(folder_run, name, reason):
    (finding,) = folder_run[name]
    assert finding["code"] == "ZL101"
    assert finding["verification"]["status"] == "inconclusive"
    assert reason in finding["verification"]["evidence"]


def test_scaling_and_leakage_are_confirmed_with_numbers(folder_run):
    zl301, zl401, zl403 = folder_run["leaky.py"]
    assert zl301["code"] == "ZL301"
    verdict = zl301["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["metrics"]["scale_ratio"] > 1000
    assert "column 1 reaches |x| = " in verdict["evidence"]
    assert "with standardised inputs" in verdict["evidence"]
    assert len(verdict["metrics"]["loss_standardised"]) == 2

    assert zl401["code"] == "ZL401"
    verdict = zl401["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"] == "column 2 of x equals y on all 60 sample rows (|corr| = 1.0000)"

    assert zl403["code"] == "ZL403"
    verdict = zl403["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"] == "20 of 20 sampled validation rows (100%) are also training rows"


def test_a_script_reading_a_file_next_to_it_runs_from_its_folder(folder_run):
    (finding,) = folder_run["train.py"]
    assert finding["code"] == "ZL102"
    assert finding["verification"]["status"] == "confirmed", finding["verification"]
    assert "on 10 sample rows" in finding["verification"]["evidence"]


def _written(root: Path) -> list[str]:
    """Every path below ``root``, but zerolint's own cache, which any run writes at the
    project root (the scripts' writes are what must stay out)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if ".zerolint_cache" not in p.relative_to(root).parts
    )


def test_the_run_writes_nothing_next_to_the_scripts(folder_run, tmp_path_factory):
    root = tmp_path_factory.getbasetemp() / "scripts0"
    names = _written(root)
    assert names == [
        "clean.py",
        "downloads.py",
        "elsewhere",
        "exits.py",
        "leaky.py",
        "many_fits.py",
        "no_fit.py",
        "notebooks",
        "notebooks/analysis.ipynb",
        "notebooks/rows.csv",
        "project",
        "project/data",
        "project/data/train.csv",
        "project/train.py",
        "raises.py",
        "two_models.py",
        "zero_loss.py",
    ]


def test_each_model_fit_gets_its_own_verdict(folder_run):
    first, second, second_loss, third = folder_run["two_models.py"]
    assert [(d["code"], d["line"]) for d in (first, second, second_loss, third)] == [
        ("ZL101", 7),
        ("ZL101", 11),
        ("ZL102", 12),
        ("ZL101", 15),
    ]
    for finding, fit_line in ((first, 9), (second, 13), (second_loss, 13)):
        verdict = finding["verification"]
        assert verdict["status"] == "confirmed", verdict
        assert verdict["metrics"]["fit_line"] == fit_line
    # Keras's softmax warning goes to the fit of each model that caused it.
    warned = "Keras warned: UserWarning: You are using a softmax"
    assert warned in first["verification"]["evidence"]
    assert warned in second["verification"]["evidence"]
    assert third["verification"]["status"] == "inconclusive"
    assert third["verification"]["evidence"] == (
        "this finding concerns the fit at line 17, which the dry run did not reach (it "
        "reached lines 9 and 13); line 14 fits the model of line 9 again; the dry run stops there"
    )


def test_the_dry_run_stops_after_five_fits(folder_run):
    looped, last = folder_run["many_fits.py"]
    assert (looped["line"], looped["verification"]["status"]) == (8, "confirmed")
    assert looped["verification"]["metrics"]["fit_line"] == 10
    assert last["line"] == 11
    assert last["verification"]["evidence"] == (
        "this finding concerns the fit at line 13, which the dry run did not reach (it "
        "reached line 10, 5 fits in all); the dry run stops after 5 fits"
    )


def test_a_notebook_runs_from_its_folder_and_cites_its_cells(folder_run):
    finding, other = folder_run["analysis.ipynb"]
    assert (finding["code"], finding["cell"], finding["line"]) == ("ZL101", 4, 1)
    verdict = finding["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert "all 10 predictions on the sample are 1.0" in verdict["evidence"]
    assert (verdict["metrics"]["fit_cell"], verdict["metrics"]["fit_line"]) == (4, 3)
    assert (other["cell"], other["line"]) == (6, 1)
    assert other["verification"]["evidence"] == (
        "this finding concerns the fit at cell 6, line 3, which the dry run did not reach (it "
        "reached cell 4, line 3); cell 5, line 1 fits the model of cell 4, line 3 again; the "
        "dry run stops there"
    )


def test_every_file_of_the_folder_gets_a_verdict(folder_run):
    assert sorted(folder_run) == [
        "analysis.ipynb",
        "downloads.py",
        "exits.py",
        "leaky.py",
        "many_fits.py",
        "no_fit.py",
        "raises.py",
        "train.py",
        "two_models.py",
        "zero_loss.py",
    ]
    for findings in folder_run.values():
        for finding in findings:
            assert finding["verification"]["evidence"], finding
            assert finding["verification"]["metrics"]["dry_run_seconds"] > 0


def test_stdin_runs_from_the_current_directory(tmp_path):
    write(tmp_path, "data/train.csv", ROWS)
    code, document = _verify(["-", "--verify-steps", "5"], tmp_path, stdin=READS_FILE)
    assert code == 1
    (finding,) = document["diagnostics"]
    assert (finding["path"], finding["code"]) == ("-", "ZL102")
    assert finding["verification"]["status"] == "confirmed", finding["verification"]
    assert "on 10 sample rows" in finding["verification"]["evidence"]
    assert _written(tmp_path) == ["data", "data/train.csv"]


def test_stdin_with_a_file_name_runs_from_that_file_s_folder(tmp_path):
    # As an editor sends an unsaved buffer: the data lies next to the named file.
    write(tmp_path, "project/data/train.csv", ROWS)
    options = ["--stdin-filename", "project/train.py", "--verify-steps", "5"]
    code, document = _verify(options, tmp_path, stdin=READS_FILE)
    (finding,) = document["diagnostics"]
    assert (finding["path"], finding["code"]) == ("project/train.py", "ZL102")
    assert finding["verification"]["status"] == "confirmed", finding["verification"]


@pytest.fixture(scope="module")
def pool_runs(tmp_path_factory) -> dict[str, dict]:
    """The same folder with one worker and with two: scripts that end their own process
    or the worker, one that allocates without bound, and one that reaches fit."""
    root = tmp_path_factory.mktemp("pool")
    address = f"\0zerolint-test-{uuid.uuid4().hex}"
    write(root, "allocates.py", ALLOCATES)
    write(root, "exits_hard.py", EXITS_HARD)
    write(root, "kills_itself.py", KILLS_ITSELF)
    write(root, "kills_worker.py", kills_worker(address))
    write(root, "zero_loss.py", ZERO_LOSS)
    runs = {}
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(address)
        server.listen()
        killer = threading.Thread(target=_kill_each_callers_parent, args=(server,), daemon=True)
        killer.start()
        for jobs in ("1", "2"):
            options = ["--verify-steps", "5", "--verify-memory", "3", "--jobs", jobs]
            marker, env = run_marker()
            code, document = _verify([str(root), *options], root, env=env)
            assert code == 1 and document["errors"] == []
            assert gone(marker), "the script of a dead worker must not live on"
            runs[jobs] = _by_file(document)
        server.shutdown(socket.SHUT_RDWR)
    return runs


def _without_timing(files: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for findings in files.values():
        for finding in findings:
            finding["verification"]["metrics"].pop("dry_run_seconds")
    return files


def test_one_worker_or_two_give_the_same_verdicts(pool_runs):
    assert _without_timing(pool_runs["1"]) == _without_timing(pool_runs["2"])


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("kills_itself.py", "the script's process was killed by SIGKILL before fit"),
        (
            "exits_hard.py",
            "the script's process exited (code 4) before fit without a result: no output",
        ),
        (
            "kills_worker.py",
            "the dry-run worker process died (killed by SIGKILL) under the script before fit",
        ),
    ],
)
def test_a_script_that_ends_its_process_or_the_worker_is_inconclusive(pool_runs, name, reason):
    for jobs in ("1", "2"):
        (finding,) = pool_runs[jobs][name]
        assert finding["verification"]["status"] == "inconclusive"
        assert finding["verification"]["evidence"] == reason


def test_the_files_after_a_dead_worker_still_get_verdicts(pool_runs):
    # With one worker, zero_loss.py runs after kills_worker.py, on its replacement.
    for jobs in ("1", "2"):
        zl101, zl102, _ = pool_runs[jobs]["zero_loss.py"]
        assert zl101["verification"]["status"] == "confirmed"
        assert zl102["verification"]["status"] == "confirmed"


def test_an_unbounded_allocation_hits_the_memory_cap(pool_runs):
    for jobs in ("1", "2"):
        (finding,) = pool_runs[jobs]["allocates.py"]
        assert finding["verification"]["status"] == "inconclusive"
        assert finding["verification"]["evidence"] == (
            "the script ran out of memory before fit (memory cap 3 GiB)"
        )


def test_a_worker_forks_with_one_thread_and_the_forked_process_trains(tmp_path):
    from zerolint.verify.pool import Pool
    from zerolint.verify.runner import Job, Limits

    script = write(tmp_path, "zero_loss.py", ZERO_LOSS)
    with Pool(1, Limits(steps=2), tmp_path / "scratch") as pool:
        pool.submit(Job(script, tmp_path, tmp_path))
        ((index, result),) = list(pool.results())
        threads = pool.workers[0].python_threads
    assert threads == 1  # TensorFlow imported, no op run: nothing but the main thread
    assert (index, result["outcome"]) == (0, "fit")
    (fit,) = result["fits"]
    assert fit["line"] == 10
    assert fit["probes"]["training"]["steps"] == 2
    assert result["stopped"] == "the script called sys.exit('the end')"


def test_an_endless_script_times_out_and_leaves_no_process(tmp_path):
    write(tmp_path, "loops.py", LOOPS)
    write(tmp_path, "fits_then_loops.py", FITS_THEN_LOOPS)
    started = time.monotonic()
    marker, env = run_marker()
    options = ["--verify-timeout", "8", "--verify-steps", "5", "."]
    code, document = _verify(options, tmp_path, env=env)
    assert time.monotonic() - started < 40
    files = _by_file(document)
    (finding,) = files["loops.py"]
    assert finding["verification"]["status"] == "inconclusive"
    assert finding["verification"]["evidence"] == (
        "the script did not reach fit within 8 s (--verify-timeout)"
    )
    # What was probed before the timeout keeps its verdict.
    reached, late = files["fits_then_loops.py"]
    assert reached["verification"]["status"] == "confirmed", reached["verification"]
    assert late["verification"]["evidence"] == (
        "this finding concerns the fit at line 14, which the dry run did not reach (it reached "
        "line 9); the script was stopped at the timeout (8 s) after its last fit"
    )
    assert gone(marker)  # the sleeper the looping script started, too


def test_verify_without_tensorflow_exits_2_with_a_hint(tmp_path):
    write(tmp_path, "train.py", ZERO_LOSS)
    # A child interpreter in which TensorFlow cannot be found.
    hide = (
        "import importlib.util, sys; real = importlib.util.find_spec\n"
        "importlib.util.find_spec = lambda n, *a: None if n == 'tensorflow' else real(n, *a)\n"
        "from zerolint.cli.main import main; sys.exit(main(sys.argv[1:]))"
    )
    code, stdout, stderr = run(["train.py", "--verify"], tmp_path, exe=[sys.executable, "-c", hide])
    assert code == 2
    assert stderr == "zerolint: error: --verify needs TensorFlow: pip install 'zerolint[verify]'\n"
    assert stdout == ""


def test_plain_json_has_no_verification_key(tmp_path):
    write(tmp_path, "train.py", ZERO_LOSS)
    code, stdout, _ = run(["train.py", "--output-format", "json"], tmp_path)
    assert code == 1
    assert all("verification" not in d for d in json.loads(stdout)["diagnostics"])


# The judges alone, on probe results the numbers contradict: a check that cannot say
# "not confirmed" would prove nothing.


def test_correlation_probe_finds_a_relabelled_class_column():
    np = pytest.importorskip("numpy")
    from zerolint.verify.data_probes import correlations

    y = np.repeat([0, 1, 2], 10)
    x = np.stack([np.linspace(0, 1, 30), np.array([0.0, 1.0, 5.0])[y], y * 2.0], axis=1)
    found = correlations(x, y)
    assert found["class_columns"] == [1, 2] and found["identical_columns"] == []
    once = [0, 10, 20]
    assert correlations(x[once], y[once])["class_columns"] == []  # each class seen once


def _probes(**parts) -> dict:
    steps = {"steps": 20}
    training = {
        **steps,
        "start": {"loss": 0.69, "grad_norm": 0.3},
        "end": {"loss": 0.41, "grad_norm": 0.2},
    }
    return {"rows": 50, "training": training, "warnings": [], **parts}


def _rule(code: str):
    from zerolint.checks.registry import rule_by_code

    return rule_by_code(code)()


def test_judges_say_not_confirmed_when_the_numbers_disagree():
    varied = {
        "shape": [50, 1],
        "min": 0.2,
        "max": 0.9,
        "mean": 0.5,
        "constant_across_rows": False,
    }
    verdict = _rule("ZL101").verdict("", _probes(predictions=varied))
    assert verdict.status == "not-confirmed"
    assert (
        verdict.evidence == "the predictions on 50 sample rows range from 0.2 to 0.9, not all 1.0"
    )

    verdict = _rule("ZL102").verdict("", _probes())
    assert verdict.status == "not-confirmed"
    assert "loss 0.69 at step 0 and 0.41 after 20 steps" in verdict.evidence

    features = {
        "column_min": [0.0, 0.0],
        "column_max": [1.0, 8.0],
        "scale_ratio": 8.0,
        "largest_scale": 8.0,
        "largest_column": 1,
        "smallest_column": 0,
    }
    verdict = _rule("ZL301").verdict("", _probes(features=features))
    assert verdict.status == "not-confirmed"
    assert "a 8x difference in scale: within the rule's limits" in verdict.evidence

    correlation = {
        "available": True,
        "abs_corr": [0.1, 0.4],
        "max_abs_corr": 0.4,
        "max_column": 1,
        "identical_columns": [],
    }
    verdict = _rule("ZL401").verdict("", _probes(correlation=correlation))
    assert verdict.status == "not-confirmed"
    assert "the highest |corr| is 0.4000 (column 1)" in verdict.evidence

    relabelled = dict(correlation, class_columns=[1])
    verdict = _rule("ZL401").verdict("", _probes(correlation=relabelled))
    assert verdict.status == "confirmed"
    assert "column 1 of x takes exactly one value per class of y" in verdict.evidence

    overlap = {"validation_rows": 100, "sampled": 100, "in_training": 3, "fraction": 0.03}
    verdict = _rule("ZL403").verdict("", _probes(overlap=overlap))
    assert verdict.status == "not-confirmed"
    assert verdict.evidence == "3 of 100 sampled validation rows (3%) are also training rows"


def test_judges_are_inconclusive_without_their_probe():
    for code in ("ZL101", "ZL102", "ZL301", "ZL401"):  # ZL403: see below
        verdict = _rule(code).verdict("", {"errors": {"model": "the model is not compiled"}})
        assert verdict.status == "inconclusive"
        assert "the model is not compiled" in verdict.evidence

    verdict = _rule("ZL403").verdict("", {})
    assert verdict.status == "inconclusive"
    assert "no validation_data" in verdict.evidence


def test_every_format_carries_the_verdict():
    from zerolint.checks.registry import all_rules
    from zerolint.diagnostics import Diagnostic, Report, Verdict
    from zerolint.report.render import render

    verdict = Verdict("confirmed", "the loss is exactly 0", {"loss_start": 0.0, "x": float("nan")})
    diagnostic = Diagnostic(
        "train.py",
        "ZL102",
        "categorical-loss-on-single-output",
        "loss-activation",
        "error",
        "message",
        "help",
        "url",
        3,
        1,
        3,
        5,
        source_line="model.compile()",
        verification=verdict,
        headline="headline",
    )
    report = Report([diagnostic], [], 1)
    rules = list(all_rules())
    assert "   = verify: confirmed: the loss is exactly 0\n" not in render("full", report, rules)
    assert "  = verify: confirmed: the loss is exactly 0\n" in render("full", report, rules)
    assert "\n    verify: confirmed: the loss is exactly 0\n" in render("concise", report, rules)
    document = json.loads(render("json", report, rules))
    assert document["diagnostics"][0]["verification"] == {
        "status": "confirmed",
        "evidence": "the loss is exactly 0",
        "metrics": {"loss_start": 0.0, "x": "nan"},
    }
    sarif = json.loads(render("sarif", report, rules))
    result = sarif["runs"][0]["results"][0]
    assert result["properties"]["verification"]["status"] == "confirmed"
