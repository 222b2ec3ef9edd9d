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
    overlap,
    prediction_stats,
    sample,
    split_stats,
)
from zerolint.verify.edge_probes import edge_losses
from zerolint.verify.layer_probes import activation_gains, layer_stats
from zerolint.verify.training_probes import compiled_clone, training


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


def _data_probes(probes: dict, arguments: dict, x, y, count: int) -> None:
    if y is not None:
        _probe(probes, "labels", label_stats, y)
    _probe(probes, "features", feature_stats, x)
    _probe(probes, "overlap", overlap, arguments, count)
    _probe(probes, "split_stats", split_stats, arguments)
    if y is not None:
        _probe(probes, "correlation", correlations, x, y)


def run_probes(model, arguments: dict, count: int, steps: int) -> dict:
    """Every probe on a sample of what ``fit`` received; plain JSON."""
    began = time.perf_counter()
    probes = _run_probes(model, arguments, count, steps)
    probes.setdefault("seconds", {})["total"] = round(time.perf_counter() - began, 4)
    return probes


def _run_probes(model, arguments: dict, count: int, steps: int) -> dict:
    import keras

    probes: dict = {"model": type(model).__name__, "keras": keras.__version__}
    try:
        x, y = sample(arguments, count)
    except Exception as error:
        return {"errors": {"sample": f"{type(error).__name__}: {error}"[:300]}}
    probes["rows"] = int(len(x)) if hasattr(x, "__len__") else None
    _data_probes(probes, arguments, x, y, count)
    if getattr(model, "optimizer", None) is None or getattr(model, "loss", None) is None:
        probes.setdefault("errors", {})["model"] = "the model is not compiled"
        return probes
    clone, notes = compiled_clone(model)
    probes["notes"] = notes
    _model_probes(probes, model, clone, x, y, steps, cloned=not notes)
    return probes


def _model_probes(probes: dict, model, clone, x, y, steps: int, cloned: bool) -> None:
    """Probes on the clone at initialisation, its training, and the counterfactuals (each on
    a fresh clone from the same initial weights, only when cloning worked)."""
    before = None
    try:
        before = np.asarray(clone(x, training=False))
    except Exception as error:
        probes.setdefault("errors", {})["predictions"] = f"{type(error).__name__}: {error}"[:300]
    initial = clone.get_weights() if cloned and before is not None else None
    if before is not None:
        _probe(probes, "predictions", prediction_stats, before)
    _probe(probes, "layers_start", layer_stats, clone)
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
    _probe(probes, "training", training, clone, x, y, steps)
    _probe(probes, "layers_end", layer_stats, clone)
    if initial is None:
        return
    if fix is not None:
        _probe(
            probes, "matching_loss", matching_loss, clone, model, x, y, before, initial, fix, steps
        )
    rate = {"class": type(model.optimizer).__name__, "learning_rate": learning_rate(model)}
    probes["optimizer"] = rate
    _probe(probes, "sane_rate", sane_rate, model, x, y, initial, steps)
    _probe(probes, "standardised", standardised, model, x, y, initial, steps)
