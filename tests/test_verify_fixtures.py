"""``--verify`` on the scripts of ``tests/fixtures/verify/``, written the way people write
them (issue 13): each finding is tied to its own fit and layer, every counterfactual it
needs is scheduled, and what the numbers mean is said in plain words. Real TensorFlow on
tiny data; one run of the whole folder serves every test here."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VERIFY_WARNING, run
from zerolint.verify import sandbox

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None,
    reason="--verify needs TensorFlow (pip install -e '.[verify]')",
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"


def run_in_home(args: list[str], cwd: Path, home: Path, **extra: str) -> tuple[int, dict]:
    """``zerolint ARGS`` with HOME (and so ~/.keras and ~/scikit_learn_data) in ``home``:
    no data set the machine happens to have cached changes what the tests see."""
    env = {**os.environ, "HOME": str(home), "PYTHONIOENCODING": "utf-8", **extra}
    env.pop("KERAS_HOME", None)
    command = [sys.executable, "-m", "zerolint", "--output-format", "json", *args]
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.stderr == VERIFY_WARNING, done.stderr
    return done.returncode, json.loads(done.stdout)


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[tuple[str, int], dict]:
    """(file name, line) and (file name, line, code) -> the finding's verification."""
    home = tmp_path_factory.mktemp("home")
    code, document = run_in_home(["--verify", "--jobs", "2", "."], FIXTURES, home)
    assert code == 1
    found = {}
    for d in document["diagnostics"]:
        verdict = {"code": d["code"], **d["verification"]}
        found[(Path(d["path"]).name, d["line"], d["code"])] = verdict
        found.setdefault((Path(d["path"]).name, d["line"]), verdict)
    return found


def test_an_optimizer_in_a_variable_is_tied_to_its_fit(verdicts):
    verdict = verdicts[("optimizer_variable.py", 10)]
    assert verdict["code"] == "ZL701"
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"].startswith("in 20 steps at learning rate 10 the loss went ")
    assert verdict["metrics"]["fit_line"] == 15


def test_two_zero_initialised_layers_are_each_judged_on_their_own(verdicts):
    first, second = verdicts[("two_zero_layers.py", 13)], verdicts[("two_zero_layers.py", 14)]
    for verdict in (first, second):
        assert verdict["code"] == "ZL601"
        assert verdict["status"] == "confirmed", verdict
    assert first["metrics"]["layer"] == "dense"
    assert second["metrics"]["layer"] == "dense_1"
    assert first["evidence"].startswith("all 32 units of dense start with identical weights")


@pytest.mark.parametrize(
    ("name", "line", "status"),
    [
        ("from_logits_ops_softmax.py", 14, "not-confirmed"),
        ("from_logits_subclassed.py", 25, "not-confirmed"),
        ("from_logits_dropout_after.py", 18, "confirmed"),
    ],
)
def test_from_logits_on_probabilities_gets_its_counterfactual(verdicts, name, line, status):
    """A softmax applied as an op, a subclassed model Keras cannot clone (trained in place,
    then given back), and a Dropout after the softmax, which Keras cannot see through."""
    verdict = verdicts[(name, line)]
    assert verdict["code"] == "ZL104"
    assert verdict["status"] == status, verdict
    assert "matching_loss" not in verdict["evidence"]
    assert "when trained with the fix" in verdict["evidence"]
    if status == "not-confirmed":
        assert verdict["evidence"].startswith(
            "the mistake is real but harmless on this Keras: Keras 3"
        )
        assert (
            "it turns harmful on the JAX or PyTorch backend, in a custom training loop"
            in (verdict["evidence"])
        )


def test_a_model_trained_in_place_is_given_back(verdicts):
    """The script checks its weights after fit and stops if they changed: its second
    model's fit is reached only if the dry run restored them."""
    verdict = verdicts[("from_logits_subclassed.py", 30)]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["metrics"]["fit_line"] == 32


def test_a_refit_on_other_data_is_probed_and_on_the_same_data_stops(verdicts):
    second, third = verdicts[("refit_other_data.py", 17)], verdicts[("refit_other_data.py", 18)]
    assert second["status"] == "confirmed", second
    assert second["metrics"]["fit_line"] == 17
    assert third["status"] == "inconclusive"
    assert third["evidence"] == (
        "this finding concerns the fit at line 18, which the dry run did not reach (it reached "
        "lines 16 and 17); line 18 fits the model of line 17 again; the dry run stops there"
    )


def test_a_scaler_fit_before_the_split_is_pooled_with_the_evaluate_data(verdicts):
    verdict = verdicts[("scaled_then_evaluate.py", 11)]
    assert verdict["code"] == "ZL402"
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"].startswith(
        "the 240 training rows and the 60 rows passed to evaluate() together have column "
        "means 0 and standard deviations 1 to within "
    )
    assert verdict["metrics"]["held_out_rows"] == {"evaluate()": 60}


def test_an_integer_learning_rate_fails_on_this_keras_before_training(verdicts):
    verdict = verdicts[("integer_learning_rate.py", 10)]
    assert verdict["status"] == "inconclusive"
    assert verdict["reason"] == "the script fails on this Keras before fit"
    assert verdict["evidence"].startswith("the script fails on this Keras (3.")
    assert (
        "before training, at this finding's line 10: ValueError: Argument `learning_rate`"
        in (verdict["evidence"])
    )


def test_a_missing_data_file_is_named(verdicts):
    verdict = verdicts[("missing_csv.py", 9)]
    assert verdict["status"] == "inconclusive"
    assert verdict["evidence"].startswith(
        f"the script reads data/housing.csv at line 6, which does not exist (looked for "
        f"{FIXTURES / 'data' / 'housing.csv'}), so the dry run never reached fit: "
        "FileNotFoundError"
    )


def test_an_unscaled_target_is_named_and_compared_again(verdicts):
    verdict = verdicts[("unscaled_target.py", 16)]
    assert verdict["code"] == "ZL301"
    assert verdict["status"] == "confirmed", verdict
    assert (
        ", no better: the target is unscaled too (|y| up to 2.4e+06); with y standardised as "
        "well, the loss went " in verdict["evidence"]
    )
    written, both = verdict["metrics"]["loss_target_scaled"], verdict["metrics"]["loss_both_scaled"]
    assert both[1] < 0.5 * written[1]


def test_findings_the_dry_run_cannot_measure_say_why_in_words(verdicts):
    assert verdicts[("never_trained.py", 12)]["status"] == "confirmed"
    cases = {
        16: (
            "the model is never trained",
            "the model built at line 16 is never trained in this script (no fit call trains "
            "it), so the dry run has no training of it to measure",
        ),
        21: (
            "it is in a function the script never calls",
            "this finding is in build(), which the script never calls, so the dry run never "
            "runs it",
        ),
        26: (
            "the optimizer is given to no compile",
            "the optimizer built at line 26 is given to no compile, so no fit trains with it "
            "(the dry run measures what fit trains, not a custom loop)",
        ),
    }
    for line, (reason, evidence) in cases.items():
        verdict = verdicts[("never_trained.py", line)]
        assert verdict["status"] == "inconclusive"
        assert (verdict["reason"], verdict["evidence"]) == (reason, evidence)


def test_the_summary_line_and_fail_on_confirmed(tmp_path):
    """Only not-confirmed and inconclusive findings: exit 0 with --verify-fail-on confirmed,
    and the summary line counts them with the reasons."""
    files = [str(FIXTURES / "from_logits_ops_softmax.py"), str(FIXTURES / "missing_csv.py")]
    options = ["--verify", "--verify-steps", "5", "--output-format", "concise", *files]
    code, stdout, _ = run([*options, "--verify-fail-on", "confirmed"], tmp_path)
    assert code == 0
    assert stdout.splitlines()[-1] == (
        "Verified 2 findings: 0 confirmed, 1 not confirmed, 1 inconclusive — a data file the "
        "script reads is missing (1)."
    )


@pytest.mark.parametrize(
    ("option", "value"), [("--verify-fail-on", "confirmed"), ("--verify-offline-data", "cache")]
)
def test_verify_options_need_verify(tmp_path, option, value):
    code, stdout, stderr = run([str(FIXTURES / "missing_csv.py"), option, value], tmp_path)
    assert (code, stdout) == (2, "")
    assert stderr == f"zerolint: error: {option} needs --verify\n"


STAND_IN = "(not in your cache, and the dry run downloads nothing): "


def test_a_data_set_that_is_not_cached_gets_a_stand_in(verdicts):
    """MNIST with its real shapes (the script's reshape(60000, 784) works) and ranges."""
    verdict = verdicts[("mnist_mlp.py", 18, "ZL302")]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"].startswith(
        "on a stand-in with MNIST's shapes and ranges " + STAND_IN + "the [256, 784] images "
        "fit received range from 0 to 255"
    )
    assert verdict["metrics"]["stand_ins"] == ["mnist"]
    digits = verdicts[("mnist_digits.py", 16)]
    assert digits["status"] == "confirmed"
    assert "the [256, 28, 28] images fit received range from 0 to 255" in digits["evidence"]


def test_leakage_is_never_judged_on_a_stand_in(verdicts):
    leak = verdicts[("mnist_mlp.py", 18, "ZL403")]
    assert leak["status"] == "inconclusive"
    assert leak["reason"] == "the data is a stand-in"
    assert leak["evidence"].startswith(
        "the data this fit received comes from a stand-in for MNIST "
        + STAND_IN
        + "leakage can be judged only on the real data"
    )


def test_a_scikit_learn_fetch_gets_a_stand_in(verdicts):
    verdict = verdicts[("housing_fetch.py", 10)]
    assert verdict["code"] == "ZL701"
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"].startswith(
        "on a stand-in with California Housing (scikit-learn)'s shapes and ranges " + STAND_IN
    )


FETCH_UNDER_LANDLOCK = """\
import json, os, sys
from zerolint.verify import sandbox
from zerolint.verify.offline_data import OfflineData
from zerolint.verify.runner import STAND_IN

sandbox._landlock([sys.argv[1]], ["/dev"])  # every write outside ``private`` refused
offline = OfflineData(STAND_IN, lambda: 7)
offline.install()
from sklearn.datasets import fetch_california_housing

housing = fetch_california_housing()
print(json.dumps({"shape": list(housing.data.shape), "used": offline.used}))
"""


@pytest.mark.skipif(not sandbox.landlock_available(), reason="needs Landlock")
def test_a_fetch_without_a_data_home_gets_a_stand_in_where_writes_are_refused(tmp_path):
    # scikit-learn creates ~/scikit_learn_data before it looks for the data: where the dry
    # run refuses writes (Landlock, no copy-on-write view: a chroot, a container), that
    # raised PermissionError before fit. No data home means nothing is cached.
    private, home = tmp_path / "private", tmp_path / "home"
    private.mkdir()
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(private), "MPLCONFIGDIR": str(private)}
    env.pop("SCIKIT_LEARN_DATA", None)
    done = subprocess.run(
        [sys.executable, "-c", FETCH_UNDER_LANDLOCK, str(private)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "shape": [20640, 8],
        "used": [
            {
                "name": "fetch_california_housing",
                "title": "California Housing (scikit-learn)",
                "line": 7,
            }
        ],
    }
    assert list(home.iterdir()) == []


def test_a_file_the_script_fetches_itself_is_downloaded_as_it_asks(verdicts):
    verdict = verdicts[("own_download.py", 11)]
    assert verdict["status"] == "inconclusive"
    assert verdict["reason"] == "the script needs a download"
    assert verdict["evidence"].startswith(
        "the script needs a download at line 8 (no network?), before fit: Exception: URL "
        "fetch failure on https://data.invalid/rows.csv"
    )


def fake_mnist(cache: Path) -> None:
    """A ~/.keras/datasets/mnist.npz of 100 training and 20 test images."""
    import numpy as np

    cache.mkdir(parents=True)
    rng = np.random.default_rng(1)
    np.savez(
        cache / "mnist.npz",
        x_train=rng.integers(0, 256, (100, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, 100).astype("uint8"),
        x_test=rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, 20).astype("uint8"),
    )


def test_a_data_set_in_the_user_s_keras_cache_is_read_not_written(tmp_path):
    """A fake ~/.keras/datasets/mnist.npz of 100 rows: the dry run reads it (the images are
    its 100, not a stand-in's 60000) and leaves the cache as it was; a file the script
    fetches itself is read from there too. Only ~/.keras is compared: matplotlib, which the
    workers import, may write its font cache under HOME."""
    cache = tmp_path / "home" / ".keras" / "datasets"
    fake_mnist(cache)
    (cache / "rows.csv").write_text("0.1,0.9,1\n0.8,0.3,0\n0.5,0.5,1\n", encoding="utf-8")
    keras_home = tmp_path / "home" / ".keras"
    before = {p: p.stat().st_mtime_ns for p in keras_home.rglob("*")}
    scripts = [str(FIXTURES / "mnist_digits.py"), str(FIXTURES / "own_download.py")]
    code, document = run_in_home(
        ["--verify", "--verify-steps", "5", *scripts], tmp_path, tmp_path / "home"
    )
    digits, own = document["diagnostics"]
    verdict = digits["verification"]
    assert verdict["status"] == "confirmed", verdict
    assert verdict["evidence"].startswith("the [100, 28, 28] images fit received range from 0 to")
    assert "stand_ins" not in verdict["metrics"]
    assert own["verification"]["status"] == "confirmed", own["verification"]
    assert "all 3 predictions on the sample are 1.0" in own["verification"]["evidence"]
    assert {p: p.stat().st_mtime_ns for p in keras_home.rglob("*")} == before


def test_batches_that_never_end_are_sampled_not_exhausted(verdicts):
    """A generator and an ImageDataGenerator flow: a few batches make the sample (it used
    to read the flow to the end, and run out of memory)."""
    generator = verdicts[("endless_batches.py", 17)]
    assert generator["status"] == "confirmed", generator
    assert generator["evidence"].startswith("all 256 predictions on the sample are 1.0")
    flow = verdicts[("endless_batches.py", 33)]
    assert flow["status"] == "confirmed", flow
    assert flow["evidence"].startswith("the [64, 32, 32, 3] images fit received range from 0 to")


# Every download fails at once: a proxy on a closed local port (tests never download).
NO_NETWORK = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


@pytest.mark.parametrize("policy", ["cache", "never"])
def test_verify_offline_data_cache_gives_no_stand_in_and_never_no_cache(tmp_path, policy):
    """--verify-offline-data cache: MNIST, not cached, is downloaded as the script asks (no
    stand-in); never: not even the user's cached copy is read. Without a network both runs
    fail at the download, and say so."""
    home = tmp_path / "home"
    home.mkdir()
    if policy == "never":
        fake_mnist(home / ".keras" / "datasets")
    options = ["--verify", "--verify-steps", "5", "--verify-offline-data", policy]
    _, document = run_in_home(
        [*options, str(FIXTURES / "mnist_digits.py")], tmp_path, home, **NO_NETWORK
    )
    (diagnostic,) = document["diagnostics"]
    verdict = diagnostic["verification"]
    assert verdict["status"] == "inconclusive", verdict
    assert verdict["reason"] == "the script needs a download"
    assert verdict["evidence"].startswith(
        "the script needs a download at line 6 (no network?), before fit: "
    )
    assert "mnist.npz" in verdict["evidence"]
