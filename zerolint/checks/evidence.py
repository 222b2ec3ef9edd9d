"""Helpers for rules' ``verdict`` hooks: read probes, format numbers. No TensorFlow here."""

from __future__ import annotations

from zerolint.diagnostics import Verdict

CONFIRMED, NOT_CONFIRMED, INCONCLUSIVE = "confirmed", "not-confirmed", "inconclusive"


def num(value: float | None) -> str:
    """A number as evidence prints it: 0, 1.0, 0.6748, 1.2e-07, 3.4e+04."""
    if value is None:
        return "n/a"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    return f"{value:.2g}"


def missing(probes: dict, *names: str) -> Verdict | None:
    """Inconclusive when a probe the rule needs did not run (with the probe's error)."""
    for name in names:
        if name not in probes:
            errors = probes.get("errors", {})
            error = errors.get(name) or errors.get("model") or errors.get("sample")
            reason = f"the {name} probe failed: {error}" if error else f"no {name} probe"
            return Verdict(INCONCLUSIVE, reason)
    return None


def training_summary(probes: dict) -> tuple[str, dict]:
    """``loss 0.6748 -> 0.6655 in 20 steps, gradient norm 0.07435`` and its metrics."""
    training = probes.get("training")
    if not training:
        return "", {}
    start, end = training["start"], training["end"]
    text = (
        f"loss {num(start['loss'])} at step 0 and {num(end['loss'])} after "
        f"{training['steps']} steps; gradient norm {num(start['grad_norm'])}"
    )
    metrics = {
        "loss_start": start["loss"],
        "loss_end": end["loss"],
        "steps": training["steps"],
        "grad_norm_start": start["grad_norm"],
        "grad_norm_end": end["grad_norm"],
    }
    return text, metrics


def keras_warning(probes: dict, needle: str) -> str:
    """The first warning the dry run caught that contains ``needle``, shortened, or ''."""
    for text in probes.get("warnings", ()):
        if needle in text:
            return text.split(". ")[0][:160]
    return ""


def close(a: float | None, b: float | None, tolerance: float = 1e-4) -> bool:
    """Two losses equal up to float32 noise (relative to their size)."""
    return a is not None and b is not None and abs(a - b) <= tolerance * max(1.0, abs(b))


def path(training: dict) -> str:
    """``0.6149 -> 1391 (+2.3e+05%)``: the loss before and after the probe's steps."""
    start, end = training["start"]["loss"], training["end"]["loss"]
    if start is None or end is None:
        bad = next((i for i, v in enumerate(training.get("losses", ())) if v is None), None)
        where = f" at step {bad + 1}" if bad is not None else ""
        return f"{num(start)} -> non-finite{where}"
    ratio = (end - start) / abs(start) if start else None
    change = f" ({ratio:+.0%})" if ratio is not None and abs(ratio) < 100 else ""
    return f"{num(start)} -> {num(end)}{change}"


def training_error(probes: dict) -> str:
    """The last line of the error the as-written training steps raised, or ''."""
    error = probes.get("errors", {}).get("training", "")
    import re

    error = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", error)  # TensorFlow's op prefix
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    return lines[-1].split("  ")[0][:240] if lines else ""  # TensorFlow lists values after


def finding_line(message: str) -> int | None:
    """The first ``at line N`` of a message: where the finding's expression is."""
    import re

    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def finding_layer(message: str) -> tuple[str, int] | None:
    """(class, units) of the layer a message names as ``on Dense(64) at line 10``."""
    import re

    found = re.search(r"on (\w+)\((\d+)\) at line", message)
    return (found.group(1), int(found.group(2))) if found else None


def layer_named(probes: dict, probe: str, message: str) -> dict | None:
    """The probed layer the finding is on: the one the script built on the finding's layer
    lines (``finding_layer``), else the only layer of the class and width the message names."""
    wanted = finding_layer(message)
    rows = probes.get(probe) or []
    region = probes.get("finding_layer")
    if region:
        placed = [r for r in rows if r.get("line") and region[0] <= r["line"] <= region[1]]
        named = [r for r in placed if (r.get("class"), r.get("units")) == wanted]
        if named or placed:  # several built on one line (a loop): the same code
            return (named or placed)[0]
    if wanted is None:
        return None
    matches = [r for r in rows if (r.get("class"), r.get("units")) == wanted]
    scale = _claimed_scale(message)
    if len(matches) > 1 and scale:  # several Dense(64): the one whose weights match the claim
        matches = [r for r in matches if r.get("kernel_std") and _within(r["kernel_std"], scale)]
    return matches[0] if len(matches) == 1 else None


def _claimed_scale(message: str) -> float | None:
    import re

    found = re.search(r"weights of scale (\d[\d.e+-]*)", message)
    try:
        return float(found.group(1)) if found else None
    except ValueError:
        return None


def _within(value: float, claim: float, factor: float = 2.0) -> bool:
    return claim / factor <= value <= claim * factor


def counterfactual(probes: dict) -> tuple[str, dict]:
    """The matching-loss counterfactual in words and numbers: the fixed loss as a yardstick
    for the model as written and the corrected one after the same steps."""
    found = probes.get("matching_loss")
    if not found or "reference_end_corrected" not in found:
        return "", {}
    written, fixed = found.get("reference_end_as_written"), found["reference_end_corrected"]
    metrics = {
        "reference_loss": found["loss"],
        "reference_start": found["reference_start"],
        "reference_end_as_written": written,
        "reference_end_corrected": fixed,
    }
    text = (
        f"scored with {found['loss']}, the model starts at {num(found['reference_start'])} and "
        f"after {found['steps']} steps reaches {num(written)} as written and {num(fixed)} "
        "when trained with the fix"
    )
    return text, metrics


def labels_text(labels: dict) -> str:
    """``labels of shape [64, 3] (float64), values {0.0, 1.0}, one-hot``."""
    values = labels.get("values", [])
    shown = ", ".join(num(v) if isinstance(v, float) else str(v) for v in values[:6]) + (
        ", ..." if labels.get("distinct", 0) > 6 else ""
    )
    text = f"labels of shape {labels.get('shape')} ({labels.get('dtype')}), values {{{shown}}}"
    return text + (", one-hot" if labels.get("one_hot") else "")


# -- judgements shared by several rules (each rule's ``verdict`` calls one) -----------------


def loss_fix(probes: dict, cases: tuple[str, ...], undone: str) -> Verdict:
    """ZL103/ZL104/ZL107: the loss as written against the same steps with the fix, both
    scored with the fixed loss. Keras 3 on TensorFlow may read the values before the output's
    activation (``undone``), which makes the written loss the fixed one: not confirmed."""
    absent = missing(probes, "matching_loss")
    if absent is not None:
        return absent
    case = probes["matching_loss"]["case"]
    if case not in cases:
        return Verdict(INCONCLUSIVE, f"the dry run compared a different fix ({case})")
    text, metrics = counterfactual(probes)
    if not text:
        return Verdict(INCONCLUSIVE, "the corrected model could not be trained", metrics)
    written = metrics["reference_end_as_written"]
    fixed = metrics["reference_end_corrected"]
    if close(written, fixed):
        keras = probes.get("keras", "3")
        metrics["corrected_by_keras"] = True
        return Verdict(
            NOT_CONFIRMED,
            f"the mistake is real but harmless on this Keras: Keras {keras} on TensorFlow "
            f"reads the values before the {undone} as logits, so training matches the fix "
            f"({text}); it turns harmful on the JAX or PyTorch backend, in a custom training "
            f"loop, or with an op after the {undone}",
            metrics,
        )
    start = metrics["reference_start"]
    margin = max(0.1 * abs(start - fixed), 1e-3 * abs(fixed)) if start is not None else 0.0
    if written is None or written > fixed + margin:
        return Verdict(CONFIRMED, f"{text}: the loss as written trains worse", metrics)
    return Verdict(NOT_CONFIRMED, f"{text}: the loss as written trains no worse", metrics)


def edges(message: str, probes: dict, wanted: tuple[str, ...]) -> Verdict:
    """ZL5xx: the custom loss or metric holding the finding's line, evaluated on edge
    predictions: confirmed when one of the ``wanted`` edges gives inf or NaN."""
    absent = missing(probes, "edge_losses")
    if absent is not None:
        return absent
    line = finding_line(message)
    found = [
        (name, entry)
        for name, entry in probes["edge_losses"].items()
        if entry.get("lines")
        and line is not None
        and entry["lines"][0] <= line <= entry["lines"][1]
    ]
    if len(found) != 1:
        names = ", ".join(probes["edge_losses"]) or "none"
        return Verdict(INCONCLUSIVE, f"line {line} is in none of the probed losses ({names})")
    name, entry = found[0]
    results = {edge: entry[edge] for edge in wanted if edge in entry}
    metrics = {f"{edge}_value": r.get("value", r.get("raw")) for edge, r in results.items()}
    shown = "; ".join(f"{edge}: {_edge(r)}" for edge, r in results.items())
    bad = [edge for edge, r in results.items() if r.get("finite") is False]
    what = f"{entry['kind']} `{name}` on {EDGE_WORDS}"
    if bad:
        return Verdict(CONFIRMED, f"the {what} gives {shown}", metrics)
    if any("error" in r for r in results.values()) or not results:
        return Verdict(INCONCLUSIVE, f"the {what} could not be evaluated: {shown}", metrics)
    return Verdict(NOT_CONFIRMED, f"the {what} stays finite: {shown}", metrics)


EDGE_WORDS = "edge predictions (all 0, all 1, the labels, logits of +-100)"


def _edge(result: dict) -> str:
    if "error" in result:
        return result["error"]
    value = num(result["value"]) if result.get("finite") else result.get("raw", "non-finite")
    gradient = result.get("grad_finite")
    return value + ("" if gradient in (None, True) else " (gradient non-finite)")


def _optimizer_named(message: str) -> tuple[float, str] | None:
    """(rate, optimizer class) a ZL701 message names: ``learning rate 10 of Adam at line``."""
    import re

    found = re.search(r"(?:rate|schedule) (-?[\d.]+(?:e[-+]?\d+)?)\b.*? of (\w+) at line", message)
    return (float(found.group(1)), found.group(2)) if found else None


def other_optimizer(message: str, probes: dict) -> Verdict | None:
    """Inconclusive when the model reached fit with another optimizer or rate than the
    finding's (a later compile of the same model, say)."""
    named, probed = _optimizer_named(message), probes.get("optimizer") or {}
    rate, kind = probed.get("learning_rate"), probed.get("class")
    if named is None or rate is None:
        return None
    if kind and kind.lower() == named[1].lower() and close(rate, named[0], 1e-6):
        return None
    return Verdict(
        INCONCLUSIVE,
        f"the model reached fit with {kind} at learning rate {num(rate)}, not the finding's "
        f"{named[1]} at {num(named[0])}",
        {"probed_rate": rate, "probed_optimizer": kind},
    )


def learning_rate(message: str, probes: dict) -> Verdict:
    """ZL701: the loss over the steps at the written rate against the same steps at 1e-3."""
    absent = other_optimizer(message, probes) or missing(probes, "training", "sane_rate")
    if absent is not None:
        return absent
    written, sane = probes["training"], probes["sane_rate"]
    metrics = {
        "learning_rate": sane["learning_rate"],
        "losses_as_written": written.get("losses"),
        "losses_at_1e-3": sane.get("losses"),
    }
    text = (
        f"in {written['steps']} steps at learning rate {num(sane['learning_rate'])} the loss "
        f"went {path(written)}; at {num(sane['counterfactual_rate'])} it went {path(sane)}"
    )
    drop, sane_drop = written.get("relative_drop"), sane.get("relative_drop")
    start = written["start"]["loss"]
    spiked = start is not None and any(
        v is not None and v > 10 * abs(start) for v in written["losses"]
    )
    diverged = drop is None or drop < -0.1 or spiked or not written.get("weights_finite", True)
    if "negative" in message:
        diverged = drop is None or drop < 0  # any climb is the claim
    stalled = drop is not None and abs(drop) < 0.01
    if (diverged or stalled) and sane_drop is not None and sane_drop > max(drop or 0.0, 0.0):
        return Verdict(CONFIRMED, text, metrics)
    return Verdict(NOT_CONFIRMED, text + ": no divergence or stall the sane rate avoids", metrics)


def identical_units(message: str, probes: dict) -> Verdict:
    """ZL601: the named layer never learns. The finding says why: no gradient reaches it
    (a dead ReLU, or a zero output the next ReLU cannot pass back: its gradient norm stays
    0), or its units receive the same gradient at every step (they stay identical)."""
    absent = missing(probes, "layers_start")
    if absent is not None:
        return absent
    layer = layer_named(probes, "layers_start", message)
    if layer is None:
        return Verdict(INCONCLUSIVE, "the dry run found no single layer the finding names")
    name = layer["name"]
    after = next((r for r in probes.get("layers_end", []) if r["name"] == name), None)
    grads = probes.get("training", {})
    steps = grads.get("steps")
    norm0 = grads.get("start", {}).get("layer_grad_norms", {}).get(name)
    norm1 = grads.get("end", {}).get("layer_grad_norms", {}).get(name)
    metrics = {
        "layer": name,
        "units": layer["units"],
        "identical_at_start": layer["identical_units"],
        "identical_after_steps": after["identical_units"] if after else None,
        "grad_norm_start": norm0,
        "grad_norm_end": norm1,
    }
    if not layer["identical_units"]:
        return Verdict(
            NOT_CONFIRMED,
            f"the {layer['units']} units of {name} start with different weights "
            f"(weight std {num(layer['kernel_std'])})",
            metrics,
        )
    text = f"all {layer['units']} units of {name} start with identical weights"
    if "no gradient" in message:  # dead, or silenced by the next layer
        if norm0 is None or norm1 is None:
            return Verdict(INCONCLUSIVE, f"{text}; its gradient was not measured", metrics)
        text += f"; the layer's gradient norm is {num(norm0)} at step 0 and {num(norm1)} after"
        text += f" {steps} steps"
        status = CONFIRMED if norm0 == 0 and norm1 == 0 else NOT_CONFIRMED
        return Verdict(status, text, metrics)
    if after is None:
        return Verdict(INCONCLUSIVE, f"{text}; the weights after training were not read", metrics)
    still = after["identical_units"]
    text += f" and are {'still' if still else 'no longer'} identical after {steps} steps"
    if norm0 is not None:
        text += f"; the layer's gradient norm is {num(norm0)} at step 0 and {num(norm1)} after"
    return Verdict(CONFIRMED if still else NOT_CONFIRMED, text, metrics)


def _gain(row: dict) -> float | None:
    return row["pre_gain"] if row.get("pre_gain") is not None else row.get("gain")


def initial_scale(message: str, probes: dict) -> Verdict:
    """ZL602: how much the named layer grows or shrinks the signal at initialisation."""
    absent = missing(probes, "activations", "layers_start")
    if absent is not None:
        return absent
    layer = layer_named(probes, "layers_start", message)
    if layer is None:
        return Verdict(INCONCLUSIVE, "the dry run found no single layer the finding names")
    row = next((r for r in probes["activations"] if r["name"] == layer["name"]), None)
    if row is None or row["gain"] is None:
        return Verdict(INCONCLUSIVE, f"the activations of {layer['name']} were not measured")
    gain, others = _gain(row), [_gain(r) for r in probes["activations"] if r is not row]
    metrics = {
        "layer": layer["name"],
        "gain": gain,
        "rms_in": row["rms_in"],
        "rms_out": row["rms_out"],
        "kernel_std": layer["kernel_std"],
        "other_gains": others,
    }
    where = "before its activation " if row.get("pre_gain") else ""
    text = (
        f"at initialisation {layer['name']} (weight std {num(layer['kernel_std'])}, fan-in "
        f"{layer['fan_in']}) scales the RMS of its inputs ({num(row['rms_in'])}) by "
        f"x{num(gain)} {where}(the other layers: "
        f"{', '.join('x' + num(g) for g in others if g is not None) or 'none'})"
    )
    grows = "shrinks" not in message
    if (gain >= 4.0) if grows else (gain <= 0.25):
        return Verdict(CONFIRMED, text, metrics)
    return Verdict(NOT_CONFIRMED, text + ": within 4x of the input's scale", metrics)


def label_encoding(probes: dict, one_hot_expected: bool) -> Verdict:
    """ZL201 (one-hot labels for a sparse loss) and ZL202 (class indices for a one-hot
    loss): the label statistics, the error the first step raised, and the fixed loss."""
    absent = missing(probes, "labels")
    if absent is not None:
        return absent
    labels = probes["labels"]
    shape = labels.get("shape") or []
    indices = len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)
    metrics = {
        "label_shape": shape,
        "one_hot": labels.get("one_hot"),
        "distinct": labels.get("distinct"),
    }
    text = labels_text(labels)
    mismatch = labels.get("one_hot") if one_hot_expected else indices and not labels.get("one_hot")
    if not mismatch:
        return Verdict(NOT_CONFIRMED, f"fit received {text}", metrics)
    error = training_error(probes)
    if error:
        text += f"; the first training step raised: {error}"
        metrics["error"] = error
    fixed = (probes.get("matching_loss") or {}).get("corrected")
    if fixed:
        loss = probes["matching_loss"]["loss"]
        text += f"; with {loss} the loss went {path(fixed)} in {fixed['steps']} steps"
    return Verdict(CONFIRMED, f"fit received {text}", metrics)


def fractional_labels(probes: dict) -> Verdict:
    """ZL207: the labels fit received, against the integer class indices a sparse loss
    casts them to (truncating towards 0)."""
    absent = missing(probes, "labels")
    if absent is not None:
        return absent
    labels = probes["labels"]
    numbers = [v for v in labels.get("values", []) if isinstance(v, int | float)]
    metrics = {"label_dtype": labels.get("dtype"), "distinct": labels.get("distinct")}
    text = f"fit received {labels_text(labels)}"
    fractions = [v for v in numbers if not float(v).is_integer()]
    if not fractions:
        return Verdict(NOT_CONFIRMED, f"{text}: whole numbers, valid class indices", metrics)
    classes = sorted({int(v) for v in numbers})
    metrics["classes_after_cast"] = classes
    shown = ", ".join(str(c) for c in classes[:8]) + (", ..." if len(classes) > 8 else "")
    text += f": cast to integers they are classes {{{shown}}}"
    trained, more = training_summary(probes)
    metrics.update(more)
    return Verdict(CONFIRMED, f"{text}; {trained}" if trained else text, metrics)


def far_from_chance(probes: dict) -> Verdict:
    """ZL105: a cross-entropy on raw scores starts far from ln(C), the loss of a model that
    knows nothing, and far from the same loss told the scores are logits."""
    absent = missing(probes, "training", "predictions")
    if absent is not None:
        return absent
    import math

    shape = probes["predictions"]["shape"]
    classes = max(2, shape[-1] if len(shape) > 1 else 1)
    chance = math.log(classes)
    start = probes["training"]["start"]["loss"]
    metrics = {"loss_start": start, "chance_loss": chance, "classes": classes}
    text = (
        f"the loss at step 0 is {num(start)}, against ln({classes}) = {num(chance)} for a "
        "model that knows nothing"
    )
    fixed = probes.get("matching_loss") or {}
    if fixed.get("case") == "probabilities_on_logits":
        metrics["loss_start_from_logits"] = fixed["reference_start"]
        text += f"; with {fixed['loss']} it is {num(fixed['reference_start'])}"
    if start is None or start > 2 * chance:
        return Verdict(CONFIRMED, text, metrics)
    return Verdict(NOT_CONFIRMED, text + ": not far from it", metrics)


def outside_probabilities(probes: dict) -> Verdict:
    """ZL108: the output's values on the sample, against the (0, 1) a probability loss
    clips them into (values at or beyond its ends get no gradient)."""
    absent = missing(probes, "predictions")
    if absent is not None:
        return absent
    p = probes["predictions"]
    low, high = p["min"], p["max"]
    metrics = {"rows": probes.get("rows"), "prediction_min": low, "prediction_max": high}
    if low is None or high is None:
        return Verdict(INCONCLUSIVE, "the predictions on the sample are not finite", metrics)
    text = f"on {probes.get('rows')} sample rows the output ranges from {num(low)} to {num(high)}"
    trained, more = training_summary(probes)
    metrics.update(more)
    if low <= 0 or high >= 1:
        ends = [v for v, out in ((num(low), low <= 0), (num(high), high >= 1)) if out]
        outside = " and ".join(ends)
        text += f": the loss clips {outside} into (0, 1) and passes no gradient there"
        return Verdict(CONFIRMED, f"{text}; {trained}" if trained else text, metrics)
    return Verdict(NOT_CONFIRMED, text + ": inside (0, 1) on this sample", metrics)


def regression_loss(probes: dict) -> Verdict:
    """ZL106: the classifier trained as written against the same steps with a
    cross-entropy, both scored with the cross-entropy."""
    absent = missing(probes, "matching_loss")
    if absent is not None:
        return absent
    text, metrics = counterfactual(probes)
    if probes["matching_loss"]["case"] != "regression_on_classes" or not text:
        return Verdict(INCONCLUSIVE, "the cross-entropy counterfactual did not run", metrics)
    start = metrics["reference_start"]
    written, fixed = metrics["reference_end_as_written"], metrics["reference_end_corrected"]
    if None in (start, written, fixed):
        return Verdict(INCONCLUSIVE, text, metrics)
    gained, gained_fixed = start - written, start - fixed
    metrics.update(improvement_as_written=gained, improvement_fixed=gained_fixed)
    if gained_fixed > 0 and gained_fixed >= 1.5 * max(gained, 0.0):
        return Verdict(CONFIRMED, f"{text}: the cross-entropy learns faster", metrics)
    return Verdict(NOT_CONFIRMED, f"{text}: the regression loss keeps up", metrics)


def _with_training(probes: dict, text: str, metrics: dict) -> str:
    training = probes.get("training")
    error = training_error(probes)
    if error:
        metrics["error"] = error
        return f"{text}; the first training step raised: {error}"
    if training:
        metrics["losses"] = training.get("losses")
        return f"{text}; in {training['steps']} steps the loss went {path(training)}"
    return text


def label_classes(message: str, probes: dict) -> Verdict:
    """ZL203: the output's width against the classes the labels hold."""
    import re

    absent = missing(probes, "labels", "predictions")
    if absent is not None:
        return absent
    labels, shape = probes["labels"], probes["predictions"]["shape"]
    units = shape[-1] if len(shape) > 1 else 1
    metrics = {"units": units, "label_shape": labels.get("shape"), "label_max": labels.get("max")}
    text = f"the output has {units} units; fit received {labels_text(labels)}"
    width = (labels.get("shape") or [0, 0])[-1]
    if "one 0/1 label per sample" in message:  # a binary loss on several units
        label_shape = labels.get("shape") or []
        wrong = units >= 2 and (len(label_shape) == 1 or label_shape[1:] == [1])
    elif labels.get("one_hot") or (
        re.search(r"one-hot over", message) and len(labels.get("shape", [])) == 2
    ):
        wrong = width != units
    elif labels.get("max") is not None:
        top = int(labels["max"])
        wrong = top >= units or top + 1 < units
        text += f" (class indices up to {top})"
    else:
        return Verdict(INCONCLUSIVE, text, metrics)
    if not wrong:
        return Verdict(NOT_CONFIRMED, text, metrics)
    return Verdict(CONFIRMED, _with_training(probes, text, metrics), metrics)


def binary_range(probes: dict) -> Verdict:
    """ZL204: binary cross-entropy labels outside [0, 1], and what the loss did with them."""
    absent = missing(probes, "labels")
    if absent is not None:
        return absent
    labels = probes["labels"]
    low, high = labels.get("min"), labels.get("max")
    metrics = {"label_min": low, "label_max": high}
    text = f"fit received {labels_text(labels)}: range {num(low)}..{num(high)}"
    if low is None or (low >= 0 and high <= 1):
        return Verdict(NOT_CONFIRMED, text + ", within [0, 1]", metrics)
    return Verdict(CONFIRMED, _with_training(probes, text, metrics), metrics)


def constant_labels(probes: dict) -> Verdict:
    """ZL205: every label in the sample is one value."""
    absent = missing(probes, "labels")
    if absent is not None:
        return absent
    labels = probes["labels"]
    metrics = {"distinct": labels.get("distinct"), "rows": probes.get("rows")}
    text = f"fit received {labels_text(labels)} on {probes.get('rows')} sample rows"
    if labels.get("distinct") != 1:
        return Verdict(NOT_CONFIRMED, text, metrics)
    return Verdict(CONFIRMED, _with_training(probes, text, metrics), metrics)


def diverged(run: dict) -> bool:
    """The loss or the weights went non-finite, or the loss grew tenfold."""
    start, end = run["start"]["loss"], run["end"]["loss"]
    if end is None or not run.get("weights_finite", True):
        return True
    return start is not None and end > 10 * abs(start)


def trains_better(written: dict, fixed: dict) -> bool:
    """The run with the fix ends clearly lower than the run as written (same loss and
    labels): half the loss, or 5 points more of relative progress, or it alone stays finite."""
    if diverged(fixed):
        return False
    if diverged(written):
        return True
    ended, fixed_end = written["end"]["loss"], fixed["end"]["loss"]
    if fixed_end >= ended:
        return False
    progress = (fixed.get("relative_drop") or 0.0) - (written.get("relative_drop") or 0.0)
    return fixed_end <= 0.5 * ended or progress >= 0.05


def standardising(probes: dict, scales: str, metrics: dict) -> Verdict:
    """ZL301 once the scales are measured unscaled: what standardising x does to training.
    When it does not help, the other cause seen (an unscaled regression target) is named
    and the comparison is made again with it fixed in both runs."""
    written, fixed = probes.get("training"), probes.get("standardised")
    if not written or not fixed:  # no counterfactual (the model could not be cloned)
        return Verdict(CONFIRMED, scales, metrics)
    metrics.update(
        loss_as_written=[written["start"]["loss"], written["end"]["loss"]],
        loss_standardised=[fixed["start"]["loss"], fixed["end"]["loss"]],
    )
    pair = (
        f"in {written['steps']} steps the loss went {path(written)} as written and "
        f"{path(fixed)} with standardised inputs"
    )
    if trains_better(written, fixed):
        return Verdict(CONFIRMED, f"{scales}; {pair}", metrics)
    target = fixed.get("target_scaled")
    if target:
        both, alone = target["standardised"], target["as_written"]
        metrics.update(
            largest_target=target["largest_target"],
            loss_target_scaled=[alone["start"]["loss"], alone["end"]["loss"]],
            loss_both_scaled=[both["start"]["loss"], both["end"]["loss"]],
        )
        cause = f"the target is unscaled too (|y| up to {num(target['largest_target'])})"
        again = (
            f"with y standardised as well, the loss went {path(alone)} as written and "
            f"{path(both)} with standardised inputs"
        )
        if trains_better(alone, both):
            return Verdict(CONFIRMED, f"{scales}; {pair}, no better: {cause}; {again}", metrics)
        return Verdict(
            INCONCLUSIVE,
            f"{scales}; {pair}: {cause}, and {again}: no difference the dry run can see",
            metrics,
        )
    if diverged(fixed):
        return Verdict(
            INCONCLUSIVE,
            f"{scales}; {pair}: training diverges with standardised inputs too, so something "
            "else (the learning rate, the target) makes it diverge",
            metrics,
        )
    return Verdict(NOT_CONFIRMED, f"{scales}; {pair}: standardising trained no better", metrics)


def pixel_range(probes: dict) -> Verdict:
    """ZL302: the range of the images fit received, and the same steps divided by 255."""
    absent = missing(probes, "features")
    if absent is not None:
        return absent
    f = probes["features"]
    if not f.get("available", True):
        return Verdict(INCONCLUSIVE, "the images fit received are not a numeric array")
    metrics = {"pixel_min": f["min"], "pixel_max": f["max"], "shape": f["shape"]}
    text = f"the {f['shape']} images fit received range from {num(f['min'])} to {num(f['max'])}"
    if f["max"] <= 10:
        return Verdict(NOT_CONFIRMED, text + ": already scaled", metrics)
    written, scaled = probes.get("training"), probes.get("standardised")
    if written and scaled:
        metrics.update(losses_as_written=written.get("losses"), losses_scaled=scaled.get("losses"))
        text += (
            f"; in {written['steps']} steps the loss went {path(written)} as written and "
            f"{path(scaled)} {scaled.get('how', 'scaled')}"
        )
    return Verdict(CONFIRMED, text, metrics)


_SIGNATURES = (  # what a scaler learns (as ZL402 words it) -> its exact signature
    ("mean and standard deviation", "standard", "column means 0 and standard deviations 1"),
    ("minimum and maximum", "range", "column minima 0 and maxima 1"),
    ("maximum", "max_abs", "column maxima of |x| 1"),
    ("median and quantiles", "robust", "column medians 0 and interquartile ranges 1"),
    ("mean and variance", "adapted", "the mean and variance the Normalization layer holds"),
)


def _held_out_words(what: str, rows: int) -> str:
    """``the 60 rows passed to evaluate()``, ``the 40 validation_data rows``."""
    return f"the {rows} rows passed to {what}" if what.endswith("()") else f"the {rows} {what} rows"


def fit_before_split(message: str, probes: dict) -> Verdict:
    """ZL402: a scaler fit on exactly some rows leaves them with its exact signature (means
    0 and standard deviations 1, ...). The training rows pooled with the rows the script
    holds out (validation_data, validation_split, the data of the model's evaluate() or
    predict(); of several, the combination closest to exact) have it while the training
    rows alone do not: the scaler saw the held-out rows. With no held-out rows to pool, the
    training rows alone missing it shows the statistics came from other rows as well."""
    import re

    absent = missing(probes, "split_stats")
    if absent is not None:
        return absent
    stats = probes["split_stats"]
    found = re.search(r"learns its (.+?) from all of", message)
    learned = found.group(1) if found else ""
    signature = next((s for s in _SIGNATURES if s[0] == learned), None)
    if signature is None or signature[1] not in stats["training"]:
        return Verdict(INCONCLUSIVE, f"the {learned or 'statistics'} leave no exact signature")
    _, key, what = signature
    # Minima and maxima are those of the training rows whenever the extreme rows happen to
    # fall in the training part: an exact match there does not clear the scaler.
    extremes = key in ("range", "max_abs")
    rows, alone_off = stats["training_rows"], stats["training"][key]
    metrics: dict = {"training_deviation": alone_off, "training_rows": rows}
    alone = f"the {rows} training rows alone miss {what} by up to {num(alone_off)}"
    if not stats["pooled"]:
        if alone_off > 1e-3:
            return Verdict(
                CONFIRMED,
                f"{alone}, so the statistics were learned from other rows as well (the script "
                "holds no rows out of this fit that the dry run could pool with them)",
                metrics,
            )
        if alone_off <= 1e-6 and not extremes:
            return Verdict(NOT_CONFIRMED, f"the {rows} training rows have {what} exactly", metrics)
        return Verdict(INCONCLUSIVE, f"{alone}: too close to tell", metrics)
    best = min(stats["pooled"], key=lambda pooled: pooled[key])
    pooled_off = best[key]
    held = " and ".join(
        _held_out_words(w, n) for w, n in zip(best["with"], best["rows"], strict=True)
    )
    metrics.update(
        pooled_deviation=pooled_off,
        held_out_rows=dict(zip(best["with"], best["rows"], strict=True)),
    )
    text = (
        f"the {rows} training rows and {held} together have {what} to within "
        f"{num(pooled_off)}; the training rows alone miss them by up to {num(alone_off)}"
    )
    if pooled_off <= 1e-5 and alone_off > 1e-3:
        return Verdict(
            CONFIRMED, text + ": the statistics were computed with the held-out rows", metrics
        )
    if alone_off <= 1e-6 and not extremes:
        return Verdict(
            NOT_CONFIRMED, text + ": the statistics come from the training rows alone", metrics
        )
    # Neither fits exactly: the scaler saw rows fit does not get (a third split, or
    # rows dropped later), which these numbers can neither confirm nor refute.
    return Verdict(INCONCLUSIVE, text + ": neither set matches the statistics exactly", metrics)


def evaluated_on_training(probes: dict) -> Verdict:
    """ZL403 on an evaluate() call: the share of the rows it scored that are training rows
    of the model's fit. The call is the one that starts on or before the finding's line."""
    first = (probes.get("finding_lines") or [0])[0]
    calls = [
        c
        for c in probes.get("held_out_overlap") or ()
        if c.get("what") == "evaluate()" and c.get("line") is not None and c["line"] <= first
    ]
    if not calls:
        return Verdict(INCONCLUSIVE, "the dry run stopped before the script called this evaluate()")
    call = max(calls, key=lambda c: c["line"])
    metrics = {key: call[key] for key in ("validation_rows", "in_training", "fraction")}
    share = (
        f"{call['in_training']} of {call.get('sampled', call['validation_rows'])} sampled "
        f"rows passed to evaluate() ({call['fraction']:.0%}) are training rows of the fit"
    )
    return Verdict(CONFIRMED if call["fraction"] >= 0.5 else NOT_CONFIRMED, share, metrics)


def scored_scale(message: str, probes: dict, min_ratio: float) -> Verdict:
    """ZL303 on an evaluate() or predict() call: the largest |x| of the inputs it scored
    against the inputs the model's fit received, on samples. The call is the last one of
    the method the message names that starts on or before the finding's line."""
    import re

    first = (probes.get("finding_lines") or [0])[0]
    found = re.match(r"the inputs given to (\w+) at ", message)
    what = f"{found.group(1)}()" if found else None
    calls = [
        c
        for c in probes.get("held_out_scales") or ()
        if c.get("what") == what and c.get("line") is not None and c["line"] <= first
    ]
    if what is None or not calls:
        return Verdict(INCONCLUSIVE, f"the dry run stopped before the script called this {what}")
    call = max(calls, key=lambda c: c["line"])
    trained, scored = call["training_max_abs"], call["scored_max_abs"]
    metrics = {"training_max_abs": trained, "scored_max_abs": scored}
    text = (
        f"the sampled inputs given to {what} reach |x| = {num(scored)}, those fit trained "
        f"the model on |x| = {num(trained)}"
    )
    if min(trained, scored) <= 0:
        return Verdict(INCONCLUSIVE, f"{text}: one side is all zeros", metrics)
    ratio = max(trained, scored) / min(trained, scored)
    metrics["ratio"] = ratio
    if ratio >= min_ratio:
        return Verdict(CONFIRMED, f"{text}: a {num(ratio)}x difference in scale", metrics)
    return Verdict(NOT_CONFIRMED, f"{text}: within {num(min_ratio)}x of each other", metrics)


def activation_in(message: str) -> str:
    """The output activation a ZL104 message names (``on a softmax output``)."""
    return "sigmoid" if "on a sigmoid output" in message else "softmax"


def label_shape(message: str, probes: dict) -> Verdict:
    """ZL206: the shapes of the model's output and of the labels on the sample, as the loss
    named in the message pairs them, and what the first training steps did."""
    import re

    from zerolint.facts import loss_shapes

    absent = missing(probes, "labels", "predictions")
    if absent is not None:
        return absent
    labels, output = probes["labels"].get("shape"), probes["predictions"].get("shape")
    found = re.search(r" for (\w+) \(", message)
    loss = found.group(1) if found else None
    metrics = {"label_shape": labels, "output_shape": output}
    text = f"the model's output on the sample has shape {output}; the labels have shape {labels}"
    if not labels or not output or output[0] != probes.get("rows") or labels[0] != output[0]:
        return Verdict(INCONCLUSIVE, text, metrics)
    pairing = loss_shapes.pair(loss or "", tuple(output), tuple(labels))
    if pairing is None:
        return Verdict(INCONCLUSIVE, text, metrics)
    if pairing.outcome == "fits":
        return Verdict(NOT_CONFIRMED, f"{text}: {loss} pairs them", metrics)
    return Verdict(CONFIRMED, _with_training(probes, text, metrics), metrics)
