"""Custom losses and metrics on edge predictions: all 0, all 1, the labels, large logits.

A user-written loss that takes a log or divides without a guard turns NaN/Inf only at
these edges, which a few training steps from a random start rarely reach.
"""

from __future__ import annotations

import math

import numpy as np

from zerolint.verify.data_probes import finite_float

KERAS_MODULES = ("keras", "tf_keras", "tensorflow")
EDGE_ROWS = 32


def custom_name(function) -> str | None:
    """The name messages use for a user-written loss or metric; None for Keras's own."""
    import keras

    if isinstance(function, keras.losses.Loss):
        kind = type(function)
        return None if kind.__module__.startswith(KERAS_MODULES) else f"{kind.__name__}.call"
    if callable(function) and not isinstance(function, type):
        module = getattr(function, "__module__", "") or ""
        return None if module.startswith(KERAS_MODULES) else getattr(function, "__name__", None)
    return None


def _custom_functions(model) -> dict:
    """name -> (kind, function) of the compiled loss and metrics written by the user."""
    found = {}
    losses = model.loss if isinstance(model.loss, list | tuple) else [model.loss]
    if isinstance(model.loss, dict):
        losses = list(model.loss.values())
    compiled = getattr(getattr(model, "_compile_metrics", None), "_user_metrics", None)
    metrics = list(compiled) if isinstance(compiled, list | tuple) else []
    for kind, functions in (("loss", losses), ("metric", metrics)):
        for function in functions:
            name = custom_name(function)
            if name is not None:
                found.setdefault(name, (kind, function))
    return found


def _evaluate(function, truth, prediction) -> dict:
    import tensorflow as tf

    prediction = tf.constant(prediction)
    with tf.GradientTape() as tape:
        tape.watch(prediction)
        value = function(tf.constant(truth), prediction)
        value = tf.reduce_mean(tf.cast(value, "float32"))
    gradient = tape.gradient(value, prediction) if tf.is_tensor(value) else None
    number = float(value)
    result = {"value": finite_float(number), "finite": math.isfinite(number)}
    if not result["finite"]:
        result["raw"] = str(number)  # nan, inf or -inf
    if gradient is not None:
        result["grad_finite"] = bool(np.isfinite(np.asarray(gradient)).all())
    return result


def edge_predictions(predictions, y) -> dict:
    """Predictions at the edges a custom loss must survive: all 0, all 1, the labels
    themselves, and logits of +-100 picking the labels (a confident, saturated model)."""
    shape = (min(EDGE_ROWS, len(predictions)), *np.asarray(predictions).shape[1:])
    edges = {"zeros": np.zeros(shape, "float32"), "ones": np.ones(shape, "float32")}
    truth = np.asarray(y)[: shape[0]].astype("float32")
    if truth.size == int(np.prod(shape)):
        truth = truth.reshape(shape)
        edges["labels"] = truth
        edges["large_logits"] = np.where(truth > 0.5, 100.0, -100.0).astype("float32")
    return {"truth": truth, "edges": edges}


def _source_lines(function) -> list[int] | None:
    """[first, last] line of the function (a Loss subclass: its ``call``) in its file."""
    import inspect

    target = function if inspect.isfunction(function) else getattr(type(function), "call", None)
    try:
        lines, first = inspect.getsourcelines(target)
    except (OSError, TypeError):
        return None
    return [first, first + len(lines) - 1]


def edge_losses(model, predictions, y) -> dict | None:
    """Each custom loss and metric evaluated on the edge predictions: finite or not."""
    functions = _custom_functions(model)
    if not functions:
        return None
    edge = edge_predictions(predictions, y)
    results = {}
    for name, (kind, function) in functions.items():
        entry: dict = {"kind": kind, "lines": _source_lines(function)}
        for label, prediction in edge["edges"].items():
            try:
                entry[label] = _evaluate(function, edge["truth"], prediction)
            except Exception as error:
                entry[label] = {"error": f"{type(error).__name__}: {error}"[:200]}
        results[name] = entry
    return results
