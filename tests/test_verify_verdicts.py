"""Each rule's ``verdict`` on probe dicts written by hand (no TensorFlow), and one real dry
run of every rule's bad.py (TensorFlow, tiny data) checking the verdict its example gets."""

from __future__ import annotations

import importlib.util
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zerolint.checks.registry import rule_by_code

ROOT = Path(__file__).resolve().parent.parent


def judge(code: str, probes: dict, message: str = ""):
    rule = rule_by_code(code)
    return rule().verdict(message, probes)


def training(losses: list, grad: float = 0.5, steps: int = 20, **more) -> dict:
    start, end = losses[0], losses[-1]
    run = {
        "steps": steps,
        "losses": losses[1:] if len(losses) > 1 else [],
        "start": {"loss": start, "grad_norm": grad, "layer_grad_norms": {}},
        "end": {"loss": end, "grad_norm": grad, "layer_grad_norms": {}},
        "weights_finite": end is not None,
    }
    if start is not None and end is not None and start:
        run["relative_drop"] = (start - end) / abs(start)
    run.update(more)
    return run


def matching(case: str, start: float, written: float, fixed: float, loss="cce") -> dict:
    return {
        "case": case,
        "loss": loss,
        "steps": 20,
        "reference_start": start,
        "reference_end_as_written": written,
        "reference_end_corrected": fixed,
        "corrected": training([start, fixed]),
    }


# -- ZL103, ZL104, ZL107: the loss against the same steps with the fix ---------------------


@pytest.mark.parametrize(
    ("code", "case", "message"),
    [
        ("ZL103", "categorical_on_sigmoid", ""),
        ("ZL104", "from_logits_on_probabilities", "x on a softmax output (Dense(10))"),
        ("ZL107", "binary_on_softmax", ""),
    ],
)
def test_loss_fix_not_confirmed_when_keras_undoes_the_activation(code, case, message):
    probes = {"keras": "3.15.0", "matching_loss": matching(case, 2.34, 2.2613904, 2.2613905)}
    verdict = judge(code, probes, message)
    assert verdict.status == "not-confirmed"
    # One plain line: the mistake is real, harmless here, harmful elsewhere.
    assert verdict.evidence.startswith(
        "the mistake is real but harmless on this Keras: Keras 3.15.0 on TensorFlow reads the "
        "values before the "
    )
    assert verdict.evidence.endswith(
        "it turns harmful on the JAX or PyTorch backend, in a custom training loop, or with an "
        "op after the " + ("sigmoid" if code == "ZL103" else "softmax")
    )
    assert "2.261" in verdict.evidence and verdict.metrics["reference_end_corrected"] == 2.2613905
    assert verdict.metrics["corrected_by_keras"] is True


def test_loss_fix_confirmed_when_the_written_loss_trains_worse():
    probes = {"matching_loss": matching("binary_on_softmax", 2.3, 2.25, 1.9)}
    verdict = judge("ZL107", probes)
    assert verdict.status == "confirmed"
    assert "2.25" in verdict.evidence and "1.9" in verdict.evidence


def test_loss_fix_inconclusive_without_the_counterfactual():
    probes = {"errors": {"training": "ValueError: boom"}}
    assert judge("ZL103", probes).status == "inconclusive"
    other = {"matching_loss": matching("sparse_on_one_hot", 1, 1, 1)}
    assert judge("ZL103", other).status == "inconclusive"


# -- ZL105: far from ln(C) -------------------------------------------------------------------


def test_probability_loss_on_logits():
    probes = {
        "predictions": {"shape": [64, 1]},
        "training": training([7.9, 7.5]),
        "matching_loss": matching("probabilities_on_logits", 0.71, 0.7, 0.69, "bce"),
    }
    verdict = judge("ZL105", probes)
    assert verdict.status == "confirmed"
    assert "7.9" in verdict.evidence and "0.6931" in verdict.evidence and "0.71" in verdict.evidence
    probes["training"] = training([0.7, 0.69])
    assert judge("ZL105", probes).status == "not-confirmed"
    assert judge("ZL105", {"predictions": {"shape": [4, 1]}}).status == "inconclusive"


# -- ZL106: a regression loss against a cross-entropy ----------------------------------------


def test_regression_loss_for_classification():
    confirmed = {"matching_loss": matching("regression_on_classes", 1.1, 1.09, 1.0)}
    assert judge("ZL106", confirmed).status == "confirmed"
    keeps_up = {"matching_loss": matching("regression_on_classes", 1.1, 1.0, 0.98)}
    verdict = judge("ZL106", keeps_up)
    assert verdict.status == "not-confirmed" and "0.98" in verdict.evidence
    assert judge("ZL106", {}).status == "inconclusive"


# -- ZL201-ZL205: the labels ----------------------------------------------------------------

ONE_HOT = {
    "shape": [64, 3],
    "dtype": "float32",
    "distinct": 2,
    "values": [0.0, 1.0],
    "min": 0.0,
    "max": 1.0,
    "one_hot": True,
}
INDICES = {
    "shape": [64],
    "dtype": "int64",
    "distinct": 5,
    "values": [0, 1, 2, 3, 4],
    "min": 0.0,
    "max": 4.0,
    "one_hot": False,
}
SHAPE_ERROR = (
    "ValueError: Arguments `target` and `output` must have the same shape. Received: "
    "target.shape=(64,), output.shape=(64, 5)"
)


def test_sparse_loss_with_one_hot_labels():
    probes = {
        "labels": ONE_HOT,
        "errors": {
            "training": "InvalidArgumentError: ...\nlogits and labels must have the same first "
            "dimension, got logits shape [192,3] and labels shape [64]"
        },
        "matching_loss": matching("sparse_on_one_hot", 1.1, None, 1.0),
    }
    verdict = judge("ZL201", probes)
    assert verdict.status == "confirmed"
    assert "[64, 3]" in verdict.evidence and "logits shape [192,3]" in verdict.evidence
    assert judge("ZL201", {"labels": INDICES}).status == "not-confirmed"
    assert judge("ZL201", {}).status == "inconclusive"


def test_categorical_loss_with_integer_labels():
    verdict = judge("ZL202", {"labels": INDICES, "errors": {"training": SHAPE_ERROR}})
    assert verdict.status == "confirmed" and "output.shape=(64, 5)" in verdict.evidence
    assert judge("ZL202", {"labels": ONE_HOT}).status == "not-confirmed"


def test_output_units_mismatch_classes():
    preds = {"shape": [64, 5]}
    over = {**INDICES, "min": 1.0, "max": 5.0, "values": [1, 2, 3, 4, 5]}
    error = (
        "InvalidArgumentError: {{function_node __wrapped__Op}} Received a label value of 5 "
        "which is outside the valid range of [0, 5)."
    )
    verdict = judge(
        "ZL203",
        {"labels": over, "predictions": preds, "errors": {"training": error}},
        "has 5 units",
    )
    assert verdict.status == "confirmed" and "outside the valid range of [0, 5)" in verdict.evidence
    assert judge("ZL203", {"labels": INDICES, "predictions": preds}).status == "not-confirmed"
    assert judge("ZL203", {"labels": ONE_HOT, "predictions": preds}).status == "confirmed"


def test_output_units_against_one_binary_label():
    message = "has 2 sigmoid units, but ... are one 0/1 label per sample, shape (N,), for"
    binary = {**INDICES, "values": [0, 1], "max": 1.0, "distinct": 2}
    error = "ValueError: Arguments `target` and `output` must have the same rank (ndim)."
    probes = {"labels": binary, "predictions": {"shape": [64, 2]}, "errors": {"training": error}}
    verdict = judge("ZL203", probes, message)
    assert verdict.status == "confirmed" and "same rank" in verdict.evidence
    wide = {**probes, "labels": {**binary, "shape": [64, 2]}}
    assert judge("ZL203", wide, message).status == "not-confirmed"


def test_label_shape_mismatch():
    per_step = {**ONE_HOT, "shape": [64, 12, 5]}
    message = "... have shape (40, 12, 5) for categorical_crossentropy (line 8): Keras 3 stops"
    error = "ValueError: Arguments `target` and `output` must have the same rank (ndim)."
    probes = {
        "rows": 64,
        "labels": per_step,
        "predictions": {"shape": [64, 5]},
        "errors": {"training": error},
    }
    verdict = judge("ZL206", probes, message)
    assert verdict.status == "confirmed"
    assert "[64, 5]" in verdict.evidence and "same rank" in verdict.evidence
    silent = "... have shape (90,) for mean_squared_error (line 8): Keras 3 does not stop"
    broadcast = {
        "rows": 64,
        "labels": {**INDICES, "shape": [64]},
        "predictions": {"shape": [64, 24, 1]},
        "training": training([0.31, 0.08]),
    }
    verdict = judge("ZL206", broadcast, silent)
    assert verdict.status == "confirmed" and "0.31 -> 0.08" in verdict.evidence
    fits = {**probes, "labels": {**per_step, "shape": [64, 5]}}
    assert judge("ZL206", fits, message).status == "not-confirmed"
    two_outputs = {**probes, "predictions": {"shape": [2, 64, 5]}}
    assert judge("ZL206", two_outputs, message).status == "inconclusive"
    assert judge("ZL206", {}, message).status == "inconclusive"


def test_binary_labels_out_of_range():
    labels = {**INDICES, "values": [1, 2], "min": 1.0, "max": 2.0, "distinct": 2}
    verdict = judge("ZL204", {"labels": labels, "training": training([-0.5, -9.0])})
    assert verdict.status == "confirmed" and "1..2" in verdict.evidence and "-9" in verdict.evidence
    binary = {**INDICES, "values": [0, 1], "max": 1.0}
    assert judge("ZL204", {"labels": binary}).status == "not-confirmed"


def test_constant_labels():
    labels = {**INDICES, "values": [0.0], "max": 0.0, "distinct": 1}
    verdict = judge("ZL205", {"labels": labels, "rows": 64, "training": training([0.69, 0.41])})
    assert verdict.status == "confirmed" and "0.41" in verdict.evidence
    assert judge("ZL205", {"labels": INDICES, "rows": 64}).status == "not-confirmed"


# -- ZL302, ZL402 ----------------------------------------------------------------------------


def test_unscaled_pixels():
    features = {"available": True, "shape": [256, 28, 28], "min": 0.0, "max": 255.0}
    probes = {
        "features": features,
        "training": training([40.0, 12.0]),
        "standardised": {"how": "divided by 255", **training([2.4, 1.9])},
    }
    verdict = judge("ZL302", probes)
    assert verdict.status == "confirmed"
    assert "255" in verdict.evidence and "divided by 255" in verdict.evidence
    scaled = {"features": {**features, "max": 1.0}}
    assert judge("ZL302", scaled).status == "not-confirmed"


def deviations(standard: float, range_: float = 0.5) -> dict:
    return {"standard": standard, "range": range_, "max_abs": 0.5, "robust": 0.5}


def test_preprocessing_before_split():
    message = "StandardScaler fit at line 17 learns its mean and standard deviation from all of"
    pooled = [
        {"with": ["validation_data"], "rows": [40], **deviations(3e-16)},
        {"with": ["evaluate()"], "rows": [40], **deviations(0.2)},
        {"with": ["validation_data", "evaluate()"], "rows": [40, 40], **deviations(0.1)},
    ]
    stats = {"training_rows": 160, "training": deviations(0.05), "pooled": pooled}
    verdict = judge("ZL402", {"split_stats": stats}, message)
    assert verdict.status == "confirmed"
    assert verdict.evidence.startswith(
        "the 160 training rows and the 40 validation_data rows together have column means 0 "
        "and standard deviations 1 to within 3e-16; the training rows alone miss them by up "
        "to 0.05"
    )
    honest = {**stats, "training": deviations(0.0)}
    verdict = judge("ZL402", {"split_stats": honest}, message)
    assert verdict.status == "not-confirmed" and "training rows alone" in verdict.evidence
    # The scaler saw rows neither set holds (a third split): the numbers cannot tell.
    neither = {**stats, "pooled": [{**pooled[0], "standard": 0.01}]}
    assert judge("ZL402", {"split_stats": neither}, message).status == "inconclusive"
    assert judge("ZL402", {}, message).status == "inconclusive"


def test_preprocessing_before_split_pooled_with_evaluate():
    message = "the scaling at line 9 learns its mean and standard deviation from all of"
    pooled = [{"with": ["evaluate()"], "rows": [60], **deviations(1.1e-15)}]
    stats = {"training_rows": 240, "training": deviations(0.0588), "pooled": pooled}
    verdict = judge("ZL402", {"split_stats": stats}, message)
    assert verdict.status == "confirmed"
    assert "the 240 training rows and the 60 rows passed to evaluate() together" in (
        verdict.evidence
    )


def test_preprocessing_before_split_without_held_out_rows():
    """With nothing to pool, training rows that miss the exact signature show the scaler
    learned from other rows too; exact minima and maxima prove nothing either way."""
    standard = "StandardScaler fit at line 18 learns its mean and standard deviation from all of"
    minmax = "MinMaxScaler fit at line 26 learns its minimum and maximum from all of"
    stats = {"training_rows": 150, "training": deviations(0.07, 0.02), "pooled": []}
    verdict = judge("ZL402", {"split_stats": stats}, standard)
    assert verdict.status == "confirmed"
    assert "the 150 training rows alone miss column means 0" in verdict.evidence
    assert judge("ZL402", {"split_stats": stats}, minmax).status == "confirmed"
    exact = {**stats, "training": deviations(0.0, 0.0)}
    assert judge("ZL402", {"split_stats": exact}, standard).status == "not-confirmed"
    assert judge("ZL402", {"split_stats": exact}, minmax).status == "inconclusive"
    imputer = "SimpleImputer fit at line 49 learns its statistics from all of"
    assert judge("ZL402", {"split_stats": stats}, imputer).status == "inconclusive"


def test_test_data_scaled_differently():
    message = "the inputs given to evaluate at line 18 (x_test) reach |x| = 255, while fit at"
    scales = [
        {"what": "evaluate()", "line": 18, "training_max_abs": 1.0, "scored_max_abs": 255.0},
        {"what": "predict()", "line": 19, "training_max_abs": 1.0, "scored_max_abs": 3.0},
    ]
    probes = {"held_out_scales": scales, "finding_lines": [18, 18]}
    verdict = judge("ZL303", probes, message)
    assert verdict.status == "confirmed"
    assert verdict.evidence == (
        "the sampled inputs given to evaluate() reach |x| = 255, those fit trained the model "
        "on |x| = 1: a 255x difference in scale"
    )
    predict = message.replace("evaluate at line 18", "predict at line 19")
    verdict = judge("ZL303", {**probes, "finding_lines": [19, 19]}, predict)
    assert verdict.status == "not-confirmed"
    assert verdict.evidence.endswith(": within 10x of each other")
    # The call was never reached (the run stopped first): nothing to compare.
    verdict = judge("ZL303", {**probes, "finding_lines": [12, 12]}, message)
    assert verdict.status == "inconclusive"
    assert verdict.evidence == "the dry run stopped before the script called this evaluate()"


def test_normalization_adapted_before_split():
    message = "Normalization.adapt at line 32 learns its mean and variance from all of"
    pooled = [{"with": ["validation_data"], "rows": [50], **deviations(0.3), "adapted": 2e-7}]
    stats = {
        "training_rows": 150,
        "training": {**deviations(0.3), "adapted": 0.04},
        "pooled": pooled,
    }
    verdict = judge("ZL402", {"split_stats": stats}, message)
    assert verdict.status == "confirmed"
    assert "the mean and variance the Normalization layer holds" in verdict.evidence


def test_evaluate_on_training_data():
    message = "evaluate at line 29 scores the model on the same samples as its training data"
    calls = [
        {
            "what": "evaluate()",
            "line": 27,
            "validation_rows": 50,
            "sampled": 50,
            "in_training": 0,
            "fraction": 0.0,
        },
        {
            "what": "evaluate()",
            "line": 29,
            "validation_rows": 500,
            "sampled": 256,
            "in_training": 256,
            "fraction": 1.0,
        },
        {
            "what": "predict()",
            "line": 29,
            "validation_rows": 10,
            "sampled": 10,
            "in_training": 0,
            "fraction": 0.0,
        },
    ]
    probes = {"held_out_overlap": calls, "finding_lines": [29, 29]}
    verdict = judge("ZL403", probes, message)
    assert verdict.status == "confirmed"
    assert verdict.evidence == (
        "256 of 256 sampled rows passed to evaluate() (100%) are training rows of the fit"
    )
    probes["finding_lines"] = [27, 27]
    assert judge("ZL403", probes, message).status == "not-confirmed"
    verdict = judge("ZL403", {"finding_lines": [29, 29]}, message)
    assert verdict.status == "inconclusive" and "before the script called" in verdict.evidence


# -- ZL501-ZL503: custom losses on edge predictions -----------------------------------------


def edge_probes(finite: bool) -> dict:
    value = (
        {"value": 0.3, "finite": True} if finite else {"value": None, "finite": False, "raw": "nan"}
    )
    entry = {
        "kind": "loss",
        "lines": [10, 14],
        "zeros": value,
        "ones": value,
        "labels": value,
        "large_logits": value,
    }
    return {"edge_losses": {"dice": entry}}


@pytest.mark.parametrize("code", ["ZL501", "ZL502", "ZL503"])
def test_edge_predictions(code):
    message = "log of `y_pred` at line 12 in custom loss `dice`"
    verdict = judge(code, edge_probes(finite=False), message)
    assert verdict.status == "confirmed" and "nan" in verdict.evidence
    assert judge(code, edge_probes(finite=True), message).status == "not-confirmed"
    elsewhere = "log of `p` at line 40 in a custom layer"
    assert judge(code, edge_probes(finite=False), elsewhere).status == "inconclusive"
    assert judge(code, {}, message).status == "inconclusive"


# -- ZL108, ZL207 (issue 12) ------------------------------------------------------------------


def test_probability_loss_on_a_non_probability_output():
    outside = {"rows": 64, "predictions": {"min": 0.0, "max": 2.7}, "training": training([1, 1])}
    verdict = judge("ZL108", outside)
    assert verdict.status == "confirmed"
    assert "ranges from 0 to 2.7" in verdict.evidence
    assert "clips 0 and 2.7 into (0, 1)" in verdict.evidence
    inside = {"rows": 64, "predictions": {"min": 0.2, "max": 0.7}}
    assert judge("ZL108", inside).status == "not-confirmed"
    assert judge("ZL108", {}).status == "inconclusive"


def test_scaled_class_labels():
    labels = {"shape": [64], "dtype": "float64", "distinct": 3, "values": [0.0, 0.0039, 0.0078]}
    verdict = judge("ZL207", {"labels": labels, "training": training([1.5, 0.05])})
    assert verdict.status == "confirmed" and "classes {0}" in verdict.evidence
    whole = dict(labels, values=[0.0, 1.0, 2.0])
    assert judge("ZL207", {"labels": whole}).status == "not-confirmed"


# -- ZL601, ZL602: initialisation ------------------------------------------------------------


def layer(name, units, identical=False, std=0.2, fan_in=20):
    return {
        "name": name,
        "class": "Dense",
        "units": units,
        "fan_in": fan_in,
        "kernel_std": std,
        "identical_units": identical,
        "finite": True,
    }


def test_constant_initializer():
    message = 'kernel_initializer="zeros" on Dense(64) at line 15, a hidden layer'
    run = training([0.69, 0.68])
    run["start"]["layer_grad_norms"] = {"dense": 0.0}
    run["end"]["layer_grad_norms"] = {"dense": 0.0}
    probes = {
        "layers_start": [layer("dense", 64, True, 0.0), layer("dense_1", 1)],
        "layers_end": [layer("dense", 64, True, 0.0)],
        "training": run,
    }
    verdict = judge("ZL601", probes, message)
    assert verdict.status == "confirmed"
    assert "all 64 units of dense" in verdict.evidence and "still identical" in verdict.evidence
    probes["layers_start"][0] = layer("dense", 64)
    assert judge("ZL601", probes, message).status == "not-confirmed"
    assert judge("ZL601", probes, "on Conv2D(8) at line 3").status == "inconclusive"


def test_constant_initializer_that_passes_no_gradient_or_stays_symmetric():
    dead = (
        'kernel_initializer="zeros" on Dense(64) at line 15, a hidden layer: with a bias of 0 '
        "every unit computes relu(0) = 0 for any input, and ReLU passes no gradient at or below 0"
    )
    run = training([0.69, 0.69])
    run["start"]["layer_grad_norms"] = {"dense": 0.0}
    run["end"]["layer_grad_norms"] = {"dense": 0.0}
    probes = {
        "layers_start": [layer("dense", 64, True, 0.0), layer("dense_1", 1)],
        "layers_end": [layer("dense", 64, True, 0.0)],
        "training": run,
    }
    verdict = judge("ZL601", probes, dead)
    assert verdict.status == "confirmed" and "gradient norm is 0 at step 0 and 0 after" in (
        verdict.evidence
    )
    run["end"]["layer_grad_norms"] = {"dense": 0.3}
    assert judge("ZL601", probes, dead).status == "not-confirmed"
    symmetric = (
        'kernel_initializer="ones" on Dense(64) at line 15, a hidden layer: the same gradient'
    )
    probes["layers_end"] = [layer("dense", 64, False)]
    verdict = judge("ZL601", probes, symmetric)
    assert verdict.status == "not-confirmed" and "no longer identical" in verdict.evidence


def test_extreme_initializer_scale():
    grows = (
        "RandomNormal(stddev=1.0) on Dense(128) at line 16 ... multiplies the activations' scale"
    )
    rows = [layer("dense", 256, fan_in=784), layer("dense_1", 128, std=1.0, fan_in=256)]
    gains = [
        {"name": "dense", "rms_in": 0.58, "rms_out": 0.5, "gain": 0.86},
        {"name": "dense_1", "rms_in": 0.5, "rms_out": 5.6, "gain": 11.2},
    ]
    verdict = judge("ZL602", {"layers_start": rows, "activations": gains}, grows)
    assert verdict.status == "confirmed" and "x11.2" in verdict.evidence
    gains[1]["gain"] = 1.3
    assert (
        judge("ZL602", {"layers_start": rows, "activations": gains}, grows).status
        == "not-confirmed"
    )


# -- ZL701: divergence against the 1e-3 counterfactual --------------------------------------


def test_extreme_learning_rate():
    sane = {"learning_rate": 10.0, "counterfactual_rate": 0.001, **training([0.61, 0.28])}
    probes = {"training": training([0.61, 7e6, 1391.0]), "sane_rate": sane}
    verdict = judge("ZL701", probes)
    assert verdict.status == "confirmed"
    assert "0.61 -> 1391" in verdict.evidence and "0.61 -> 0.28" in verdict.evidence
    probes["training"] = training([0.61, 0.2])
    assert judge("ZL701", probes).status == "not-confirmed"
    diverged = {"training": training([0.61, None]), "sane_rate": sane}
    assert judge("ZL701", diverged).status == "confirmed"
    assert judge("ZL701", {"training": training([1, 1])}).status == "inconclusive"


def test_extreme_learning_rate_of_another_compile():
    """A later compile of the same model is not what the dry run trained."""
    sane = {"learning_rate": 10.0, "counterfactual_rate": 0.001, **training([0.61, 0.28])}
    probes = {
        "training": training([0.61, None]),
        "sane_rate": sane,
        "optimizer": {"class": "Adam", "learning_rate": 10.0},
    }
    adam = "the learning rate 10 of Adam at line 14 is at least 1"
    sgd = "the learning rate 50 of SGD at line 18 is at least 10"
    schedule = "the initial rate of the ExponentialDecay schedule 1e-09 (written at line 22) of "
    assert judge("ZL701", probes, adam).status == "confirmed"
    verdict = judge("ZL701", probes, sgd)
    assert verdict.status == "inconclusive" and "Adam at learning rate 10" in verdict.evidence
    assert judge("ZL701", probes, schedule + "RMSprop at line 26").status == "inconclusive"


# -- the real dry run of every rule's bad.py -------------------------------------------------

MUST_CONFIRM = {
    "ZL101",
    "ZL102",
    "ZL108",
    "ZL207",
    "ZL206",
    "ZL301",
    "ZL302",
    "ZL303",
    "ZL401",
    "ZL402",
    "ZL403",
    "ZL501",
    "ZL502",
    "ZL503",
    "ZL601",
    "ZL602",
    "ZL701",
}
NUMBER = re.compile(r"\d")


@pytest.fixture(scope="module")
def dry_run() -> dict[str, dict]:
    """Per rule, the verdict of the first finding of its bad.py that a probed fit concerns."""
    paths = sorted(str(p) for p in (ROOT / "rules").glob("*/bad.py"))
    command = [sys.executable, "-m", "zerolint", "--verify", "--output-format", "json", *paths]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    report = json.loads(done.stdout)
    verdicts: dict[str, dict] = {}
    for diagnostic in sorted(report["diagnostics"], key=lambda d: (d["path"], d["line"])):
        code, verification = diagnostic["code"], diagnostic.get("verification") or {}
        own = Path(diagnostic["path"]).parent.name.startswith(code)
        tied = "fit_line" in verification.get("metrics", {})  # judged on a probed fit
        if own and tied and code not in verdicts:
            verdicts[code] = verification
    return verdicts


tensorflow = pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None, reason="the dry run needs TensorFlow"
)


@tensorflow
@pytest.mark.parametrize("code", sorted(MUST_CONFIRM))
def test_bad_example_is_confirmed(dry_run, code):
    verification = dry_run.get(code)
    assert verification is not None, f"{code}: no verdict for the first fit"
    assert verification["status"] == "confirmed", verification
    assert NUMBER.search(verification["evidence"]), verification


@tensorflow
def test_every_verdict_carries_numbers(dry_run):
    for code, verification in dry_run.items():
        assert verification.get("status"), code
        if verification["status"] != "inconclusive":
            assert NUMBER.search(verification["evidence"]), (code, verification)
            assert all(
                not isinstance(v, float) or math.isfinite(v)
                for v in verification.get("metrics", {}).values()
            ), code


@tensorflow
def test_every_finding_on_the_examples_is_confirmed_with_numbers():
    """The bundled seed scenarios (zero loss, MSE on one-hot labels with SGD, unscaled
    features, target leakage, the notebook) are what --verify is shown on."""
    command = [sys.executable, "-m", "zerolint", "--verify", "--output-format", "json", "examples"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    diagnostics = json.loads(done.stdout)["diagnostics"]
    found = {(Path(d["path"]).name, d["code"]) for d in diagnostics}
    assert {
        ("zero_loss_binary_classifier.py", "ZL101"),
        ("zero_loss_binary_classifier.py", "ZL102"),
        ("mse_onehot_classification.py", "ZL106"),
        ("unscaled_features.py", "ZL301"),
        ("target_leakage.py", "ZL401"),
        ("sentiment_notebook.ipynb", "ZL101"),
    } <= found
    for d in diagnostics:
        verification = d["verification"]
        assert verification["status"] == "confirmed", (d["path"], d["code"], verification)
        assert NUMBER.search(verification["evidence"]), verification


def test_extreme_initializer_scale_behind_a_tanh():
    """A tanh caps the output, so the gain before the activation is the one judged."""
    message = "RandomUniform(minval=-1.0, maxval=1.0) on Dense(512) at line 28 ... multiplies"
    rows = [layer("dense", 512, std=0.58, fan_in=1024), layer("dense_1", 1, fan_in=512)]
    gains = [
        {"name": "dense", "rms_in": 0.58, "rms_out": 0.99, "gain": 1.7, "pre_gain": 18.5},
        {"name": "dense_1", "rms_in": 0.99, "rms_out": 0.9, "gain": 0.9, "pre_gain": 0.9},
    ]
    verdict = judge("ZL602", {"layers_start": rows, "activations": gains}, message)
    assert verdict.status == "confirmed" and "x18.5 before its activation" in verdict.evidence


def test_negative_learning_rate_climbs():
    message = "the learning rate -0.001 (written at line 29) of Adam at line 30 is negative"
    sane = {"learning_rate": -0.001, "counterfactual_rate": 0.001, **training([0.61, 0.5])}
    probes = {
        "training": training([0.61, 0.63]),
        "sane_rate": sane,
        "optimizer": {"class": "Adam", "learning_rate": -0.001},
    }
    verdict = judge("ZL701", probes, message)
    assert verdict.status == "confirmed" and "0.61 -> 0.63" in verdict.evidence


def test_loss_fix_needs_a_real_gap():
    """A difference within a tenth of the fix's own progress is not 'trains worse'."""
    probes = {"matching_loss": matching("binary_on_softmax", 2.3, 2.2412, 2.2400)}
    assert judge("ZL107", probes).status == "not-confirmed"


# -- ZL301: what standardising x does, and the other cause when it does not help ------------

UNSCALED = {
    "available": True,
    "column_min": [1.0, 500.0],
    "column_max": [8.0, 7996.0],
    "scale_ratio": 999.5,
    "largest_scale": 7996.0,
    "largest_column": 1,
    "smallest_column": 0,
}


def test_unscaled_features_confirmed_when_standardising_trains_better():
    probes = {
        "rows": 256,
        "features": UNSCALED,
        "training": training([3.1e4, 2.4e4]),
        "standardised": {"how": "standardised", **training([0.75, 0.72])},
    }
    verdict = judge("ZL301", probes)
    assert verdict.status == "confirmed"
    assert "3.1e+04 -> 2.4e+04 (-23%) as written and 0.75 -> 0.72 (-4%) with standardised" in (
        verdict.evidence
    )


def test_unscaled_features_name_an_unscaled_target():
    """Both runs stay at 2.5e12: the target is the other cause; with y standardised in both
    runs, standardising x shows its effect."""
    both_stuck = {
        "rows": 256,
        "features": UNSCALED,
        "training": training([2.5e12, 2.5e12]),
        "standardised": {
            "how": "standardised",
            **training([2.5e12, 2.5e12]),
            "target_scaled": {
                "largest_target": 2.4e6,
                "as_written": training([2.4e6, 8.6e5]),
                "standardised": training([1.34, 1.09]),
            },
        },
    }
    verdict = judge("ZL301", both_stuck)
    assert verdict.status == "confirmed"
    assert "no better: the target is unscaled too (|y| up to 2.4e+06); with y standardised as " in (
        verdict.evidence
    )
    assert verdict.metrics["loss_both_scaled"] == [1.34, 1.09]
    still = both_stuck["standardised"]["target_scaled"]
    still["standardised"] = training([2.4e6, 8.6e5])
    verdict = judge("ZL301", both_stuck)
    assert verdict.status == "inconclusive" and "the target is unscaled too" in verdict.evidence


def test_unscaled_features_when_the_fix_diverges_too_or_does_not_help():
    diverges = {
        "rows": 5,
        "features": UNSCALED,
        "training": training([1.9e6, None]),
        "standardised": {"how": "standardised", **training([1.1e5, None])},
    }
    verdict = judge("ZL301", diverges)
    assert verdict.status == "inconclusive"
    assert "training diverges with standardised inputs too" in verdict.evidence
    level = {**diverges, "training": training([0.7, 0.6]), "standardised": training([0.7, 0.6])}
    verdict = judge("ZL301", level)
    assert verdict.status == "not-confirmed" and "standardising trained no better" in (
        verdict.evidence
    )


def test_the_verify_summary_counts_verdicts_and_reasons():
    from zerolint.diagnostics import Diagnostic, Report, Verdict
    from zerolint.report.summary import verify_summary

    def finding(verdict):
        return Diagnostic(
            "t.py",
            "ZL101",
            "n",
            "c",
            "error",
            "m",
            "h",
            "u",
            1,
            1,
            1,
            2,
            verification=verdict,
            headline="hl",
        )

    never = Verdict("inconclusive", "the model built at line 3 is never trained", {}, "never")
    verdicts = [
        Verdict("confirmed", "the loss is 0"),
        Verdict("not-confirmed", "Keras corrects it"),
        never,
        never,
        Verdict("inconclusive", "the learning rate 10 was not probed: at line 4"),
    ]
    report = Report([finding(v) for v in verdicts], [], 1)
    assert verify_summary(report) == (
        "Verified 5 findings: 1 confirmed, 1 not confirmed, 3 inconclusive — never (2), "
        "the learning rate N was not probed (1)."
    )
    assert verify_summary(Report([], [], 1)) == ""
