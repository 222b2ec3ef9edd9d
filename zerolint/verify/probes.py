"""Probes run in the child on a clone of the model and a sample of the data.

This module runs them (``run_probes``); the probes themselves live in ``data_probes``,
``training_probes``, ``layer_probes``, ``edge_probes`` and ``counterfactuals``. Each probe
is wrapped so that one failure is reported in ``errors`` and the others still run. Every
value returned is plain JSON (floats, ints, strings, lists).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from zerolint.verify.counterfactuals import (
    corrected_loss,
    learning_rate,
    matching_loss,
    sane_rate,
    standardised,
)
from zerolint.verify.data_probes import (
    correlations,
    feature_stats,
    label_stats,
    prediction_stats,
    sample,
)
from zerolint.verify.edge_probes import edge_losses
from zerolint.verify.layer_probes import activation_gains, layer_lines, layer_stats
from zerolint.verify.leakage_probes import (
    held_out_overlap,
    held_out_scales,
    overlap,
    split_stats,
)
from zerolint.verify.training_probes import Trainee, prepare, training


def _probe(probes: dict, name: str, function: Callable, *args) -> None:
    """Run one probe: its result under ``name``, or its error in ``errors``; its wall time in
    ``seconds`` (the dry run's budget is small, so the cost of each probe is reported)."""
    began = time.perf_counter()
    try:
        result = function(*args)
    except Exception as error:
        probes.setdefault("errors", {})[name] = f"{type(error).__name__}: {error}"[:300]
    else:
        if result is not None:
            probes[name] = result
    probes.setdefault("seconds", {})[name] = round(time.perf_counter() - began, 4)


def held_out_probes(probes: dict, model, arguments: dict, held: list, count: int) -> None:
    """The probes of the rows the script holds out from a fit: pooled with the training
    rows (``split_stats``, ZL402), found among them (``held_out_overlap``, ZL403) and
    their scale against theirs (``held_out_scales``, ZL303).
    ``held`` lists ({"what", "line"}, x) of the model's evaluate()/predict() calls; run at
    the fit and again at each such call after it."""
    _probe(probes, "split_stats", split_stats, arguments, held, model)
    _probe(probes, "held_out_overlap", held_out_overlap, arguments, held, count)
    _probe(probes, "held_out_scales", held_out_scales, arguments, held, count)


def _data_probes(probes: dict, model, arguments: dict, x, y, count: int, held: list) -> None:
    if y is not None:
        _probe(probes, "labels", label_stats, y)
    _probe(probes, "features", feature_stats, x)
    _probe(probes, "overlap", overlap, arguments, count)
    held_out_probes(probes, model, arguments, held, count)
    if y is not None:
        _probe(probes, "correlation", correlations, x, y)


def run_probes(model, arguments: dict, count: int, steps: int, held: list | None = None) -> dict:
    """Every probe on a sample of what ``fit`` received; plain JSON. ``held`` lists the
    (what, x) the script passed to the model's evaluate()/predict() before its fit."""
    began = time.perf_counter()
    probes = _run_probes(model, arguments, count, steps, held or [])
    probes.setdefault("seconds", {})["total"] = round(time.perf_counter() - began, 4)
    return probes


def _run_probes(model, arguments: dict, count: int, steps: int, held: list) -> dict:
    import keras

    probes: dict = {"model": type(model).__name__, "keras": keras.__version__}
    try:
        x, y = sample(arguments, count)
    except Exception as error:
        return {"errors": {"sample": f"{type(error).__name__}: {error}"[:300]}}
    probes["rows"] = int(len(x)) if hasattr(x, "__len__") else None
    _data_probes(probes, model, arguments, x, y, count, held)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        probes.setdefault("errors", {})["model"] = "the model is not compiled"
        return probes
    trainee, notes = prepare(model)
    probes["notes"] = notes
    _model_probes(probes, model, trainee, *_model_rows(x, y), steps)
    return probes


MODEL_ELEMENTS = 256 * 1024  # input values per training step: 256 rows of 32x32 pixels


def _model_rows(x, y) -> tuple:
    """The rows the model probes train on: the sample, thinned evenly (every k-th row) so
    that a step sees at most MODEL_ELEMENTS input values. Training dominates a dry run's
    cost, and 256 colour images cost a small CNN ten times what 256 rows of a table do;
    the count depends only on the input's shape, so verdicts stay the same run to run."""
    if not isinstance(x, np.ndarray) or x.ndim < 2 or len(x) < 2:
        return x, y
    limit = max(64, MODEL_ELEMENTS // max(1, int(np.prod(x.shape[1:]))))
    if len(x) <= limit:
        return x, y
    step = -(-len(x) // limit)
    if isinstance(y, np.ndarray) and len(y) == len(x):
        return x[::step], y[::step]
    return x, y


def _model_probes(probes: dict, model, trainee: Trainee, x, y, steps: int) -> None:
    """Probes on the trainee at initialisation, its training, and the counterfactuals
    (each on a fresh trainee from the same initial weights)."""
    clone = trainee.model
    before = None
    try:
        before = np.asarray(clone(x, training=False))
    except Exception as error:
        probes.setdefault("errors", {})["predictions"] = f"{type(error).__name__}: {error}"[:300]
    initial = clone.get_weights() if before is not None else None
    try:
        _trained_probes(probes, model, trainee, x, y, steps, before, initial)
    finally:
        if trainee.in_place and initial is not None:  # the script gets its model back
            clone.set_weights(initial)


def _trained_probes(probes: dict, model, trainee: Trainee, x, y, steps, before, initial):
    clone = trainee.model
    if before is not None:
        _probe(probes, "predictions", prediction_stats, before)
    lines = layer_lines(model)
    _probe(probes, "layers_start", layer_stats, clone, lines)
    _probe(probes, "activations", activation_gains, clone, x)
    if before is not None and y is not None:
        _probe(probes, "edge_losses", edge_losses, model, before, y)
    if y is None:
        return
    fix = None
    if before is not None and "labels" in probes:
        units = int(before.shape[-1]) if before.ndim > 1 else 1
        _probe(probes, "fix", lambda: corrected_loss(clone, probes["labels"], units))
        fix = probes.pop("fix", None)
    _probe(probes, "training", training, trainee, x, y, steps)
    _probe(probes, "layers_end", layer_stats, clone, lines)
    if initial is None:
        return
    if fix is not None:
        _probe(
            probes,
            "matching_loss",
            matching_loss,
            trainee,
            model,
            x,
            y,
            before,
            initial,
            fix,
            steps,
        )
    rate = {"class": type(model.optimizer).__name__, "learning_rate": learning_rate(model)}
    probes["optimizer"] = rate
    _probe(probes, "sane_rate", sane_rate, model, x, y, initial, steps)
    _probe(probes, "standardised", standardised, model, x, y, initial, steps)
