"""Training probes: a compiled clone of the model (or the model itself, when Keras cannot
clone it) and a few of Keras's train steps on it.

The loss, the gradient norms (in total and per layer) and NaN/Inf in the weights, at step
0 and after the steps, so that a rule sees what training really does with the script's
model; the counterfactuals reuse the clone and the steps with one thing changed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from zerolint.verify.data_probes import finite_float


@dataclass
class Trainee:
    """A model the probes train, and how: a compiled clone (its own loss and optimizer),
    or, when Keras cannot clone the model (a subclassed model without ``get_config``), the
    script's model itself from the start weights, with an explicit ``loss`` (None: its
    compiled loss, which is read, never changed) and a fresh ``optimizer``."""

    model: Any
    loss: Callable | None = None
    optimizer: Any = None

    @property
    def in_place(self) -> bool:
        return self.optimizer is not None


def _fresh_optimizer(model):
    return model.optimizer.__class__.from_config(model.optimizer.get_config())


def prepare(model, initial: list | None = None, loss=None, optimizer=None, x=None):
    """(Trainee, notes): a fresh copy of the model compiled like the original (or with
    ``loss``/``optimizer``), starting from ``initial`` weights when given so that the
    counterfactuals start where it did; else the model itself, reset to ``initial``."""
    import keras

    try:
        clone = keras.models.clone_model(model)
        clone.compile(
            optimizer=optimizer or _fresh_optimizer(model),
            loss=model.loss if loss is None else loss,
            run_eagerly=True,
            jit_compile=False,
        )
        if initial is not None:
            clone(x[:1], training=False)  # built, so that the weights can be set
            clone.set_weights(initial)
        return Trainee(clone), []
    except Exception as error:  # subclassed models may not clone: train it in place
        if initial is not None:
            model.set_weights(initial)
        note = (
            f"the model could not be cloned ({type(error).__name__}); each probe trains it in "
            "place from the same start weights, which are restored afterwards"
        )
        return Trainee(model, loss, optimizer or _fresh_optimizer(model)), [note]


def _layer_name(variable) -> str:
    """``dense_1`` for the variable ``sequential/dense_1/kernel``."""
    parts = str(getattr(variable, "path", None) or variable.name).split("/")
    return parts[-2] if len(parts) >= 2 else parts[0]


def _sum_squares(gradient) -> tuple[float, bool]:
    import tensorflow as tf

    values = np.asarray(tf.convert_to_tensor(gradient), dtype="float64")
    finite = bool(np.isfinite(values).all())
    return float(np.sum(np.square(np.nan_to_num(values, posinf=0.0, neginf=0.0)))), finite


def _step(trainee: Trainee, x, y) -> tuple:
    """One forward and backward pass: (loss, variables, gradients), as Keras's train_step."""
    import tensorflow as tf

    model = trainee.model
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        if trainee.loss is None:
            loss = model.compute_loss(x=x, y=y, y_pred=predictions)
        else:
            loss = tf.reduce_mean(trainee.loss(y, predictions)) + sum(model.losses)
    variables = model.trainable_variables
    return loss, variables, tape.gradient(loss, variables)


def _summary(loss, variables, gradients) -> dict:
    """The loss and the gradient norm, in total and per layer (``layer_grad_norms``)."""
    squares: dict[str, float] = {}
    bad: list[str] = []
    for variable, gradient in zip(variables, gradients, strict=True):
        if gradient is None:
            continue
        total, finite = _sum_squares(gradient)
        name = _layer_name(variable)
        squares[name] = squares.get(name, 0.0) + total
        if not finite and name not in bad:
            bad.append(name)
    value = float(loss)
    return {
        "loss": finite_float(value),
        "loss_finite": math.isfinite(value),
        "grad_norm": finite_float(math.sqrt(sum(squares.values()))),
        "grads_missing": sum(g is None for g in gradients),
        "grads_finite": not bad,
        "layer_grad_norms": {name: finite_float(math.sqrt(v)) for name, v in squares.items()},
        "zero_grad_layers": [name for name, v in squares.items() if v == 0.0],
        "non_finite_grad_layers": bad,
    }


def _non_finite_weights(model) -> list[str]:
    """The layers with a NaN or infinite weight."""
    bad = []
    for variable in model.weights:
        name = _layer_name(variable)
        if name not in bad and not np.isfinite(np.asarray(variable)).all():
            bad.append(name)
    return bad


def _applier(trainee: Trainee, variables: list, gradients: list) -> Callable:
    """The optimizer's update of the variables that have gradients, traced once: Keras 3's
    eager Adam update costs ~20 ms a step, traced ~1 ms. Eager when tracing fails."""
    import tensorflow as tf

    present = [v for v, g in zip(variables, gradients, strict=True) if g is not None]
    optimizer = trainee.optimizer or trainee.model.optimizer

    def eager(grads: list) -> None:
        optimizer.apply_gradients(zip(grads, present, strict=True))

    try:
        optimizer.build(present)
        traced = tf.function(eager, reduce_retracing=True)
        traced.get_concrete_function([g for g in gradients if g is not None])
    except Exception:
        return eager
    return traced


def training(trainee: Trainee, x, y, steps: int) -> dict:
    """Loss and gradient norms at step 0 and after ``steps`` steps on the whole sample, the
    loss at each step, and NaN/Inf in the weights at the end (stops early at a NaN). The
    steps are Keras's train_step written out: eager, no per-call overhead, and step 0's
    gradients serve as the starting point's."""
    import tensorflow as tf

    x, y = (tf.nest.map_structure(tf.convert_to_tensor, v) for v in (x, y))
    step = _step(trainee, x, y)
    result: dict = {"steps": steps, "start": _summary(*step)}
    losses: list[float | None] = []
    apply = _applier(trainee, step[1], step[2])
    for index in range(steps):
        if index:
            step = _step(trainee, x, y)
        losses.append(finite_float(step[0]))
        if losses[-1] is None:
            break
        apply([g for g in step[2] if g is not None])
    result["losses"] = losses
    result["steps_taken"] = len(losses)
    result["end"] = _summary(*_step(trainee, x, y))
    result["non_finite_weight_layers"] = _non_finite_weights(trainee.model)
    result["weights_finite"] = not result["non_finite_weight_layers"]
    start, end = result["start"]["loss"], result["end"]["loss"]
    if start is not None and end is not None and start != 0:
        result["relative_drop"] = (start - end) / abs(start)
    return result
