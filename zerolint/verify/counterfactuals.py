"""Counterfactuals: the same training steps from the same weights with the fix applied.

A mismatched loss, an extreme learning rate or unscaled inputs are confirmed by training
a fresh clone with the usual fix and comparing it with the model as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from zerolint.verify.data_probes import finite_float, numeric_array
from zerolint.verify.edge_probes import KERAS_MODULES
from zerolint.verify.training_probes import Trainee, prepare, training


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}
REGRESSION = ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh")


def loss_spec(loss) -> tuple[str, bool] | None:
    """(canonical name, from_logits) of a Keras loss given as a string, class or function."""
    if isinstance(loss, str):
        return _ALIASES.get(loss, loss), False
    module = type(loss).__module__ if hasattr(loss, "get_config") else ""
    if module.startswith(KERAS_MODULES):
        name = _snake(type(loss).__name__)
        if name == "huber_loss":  # keras 2's class name
            name = "huber"
        return name, bool(loss.get_config().get("from_logits", False))
    if callable(loss) and (getattr(loss, "__module__", "") or "").startswith(KERAS_MODULES):
        return _ALIASES.get(loss.__name__, loss.__name__), False
    return None


def _activation_of(operation) -> str | None:
    """The activation a layer or op applies: a Softmax layer or ``keras.ops.softmax``, an
    Activation layer, or a layer's ``activation``; None for anything else (Dropout, ...)."""
    kind = type(operation).__name__
    if kind in ("Softmax", "Sigmoid"):
        return kind.lower()
    activation = getattr(operation, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def output_activation(model) -> str | None:
    """The activation of the model's output: softmax, sigmoid, linear, ... or None. The op
    that produces a functional model's output first (``keras.ops.softmax(dense(h))`` is a
    softmax output), else the last layer with weights or an activation."""
    outputs = getattr(model, "outputs", None) or []
    history = getattr(outputs[0], "_keras_history", None) if len(outputs) == 1 else None
    if history:
        found = _activation_of(history[0])
        if found is not None:
            return found
    layers = [
        layer
        for layer in getattr(model, "layers", ())
        if layer.weights or type(layer).__name__ in ("Softmax", "Activation")
    ]
    if not layers:
        return None
    last = layers[-1]
    if type(last).__name__ == "Softmax":
        return "softmax"
    activation = getattr(last, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def _indices(labels: dict, units: int) -> bool:
    """Labels that are one integer class index per sample, within the output's units."""
    shape = labels.get("shape") or []
    single = len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)
    values = labels.get("values") or []
    whole = all(float(v).is_integer() for v in values if isinstance(v, int | float))
    return single and whole and labels.get("min", -1) >= 0 and labels.get("max", units) < units


def _logit(p):
    import keras

    p = keras.ops.clip(p, 1e-7, 1 - 1e-7)
    return keras.ops.log(p) - keras.ops.log1p(-p)


def corrected_loss(model, labels: dict, units: int) -> tuple[str, str, Callable] | None:
    """(case, description, loss) of the fix when the compiled loss looks wrong for the output
    and the labels; None otherwise (no counterfactual is run). The loss takes (y, y_pred)."""
    import keras

    spec = loss_spec(model.loss)
    if spec is None:
        return None
    name, logits = spec
    activation = output_activation(model)
    losses = keras.losses
    categorical = name in ("categorical_crossentropy", "categorical_focal_crossentropy")
    if name == "sparse_categorical_crossentropy" and labels.get("one_hot"):
        return (
            "sparse_on_one_hot",
            "categorical_crossentropy",
            losses.CategoricalCrossentropy(from_logits=logits),
        )
    if categorical and units > 1 and _indices(labels, units):
        return (
            "categorical_on_indices",
            "sparse_categorical_crossentropy",
            (losses.SparseCategoricalCrossentropy(from_logits=logits)),
        )
    if logits and activation in ("softmax", "sigmoid") and "crossentropy" in name:
        loss = keras.losses.get({"class_name": _class_of(name), "config": {"from_logits": False}})
        return "from_logits_on_probabilities", f"{name}(from_logits=False)", loss
    if (categorical or name.startswith("sparse")) and activation == "sigmoid" and units > 1:
        sparse = name.startswith("sparse")
        base = losses.sparse_categorical_crossentropy if sparse else losses.categorical_crossentropy
        return (
            "categorical_on_sigmoid",
            f"{name} on a softmax output",
            (lambda y, p: base(y, _logit(p), from_logits=True)),
        )
    if (
        name.startswith("binary")
        and activation == "softmax"
        and units > 2
        and labels.get("one_hot")
    ):
        return "binary_on_softmax", "categorical_crossentropy", losses.CategoricalCrossentropy()
    if "crossentropy" in name and not logits and activation == "linear":
        loss = keras.losses.get({"class_name": _class_of(name), "config": {"from_logits": True}})
        return "probabilities_on_logits", f"{name}(from_logits=True)", loss
    if name in REGRESSION:
        return _classification_loss(activation, units, labels)
    return None


def _class_of(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _classification_loss(activation, units: int, labels: dict):
    import keras

    binary = set(labels.get("values") or []) <= {0, 1} and labels.get("distinct", 0) == 2
    if labels.get("one_hot") and units > 1 and activation in ("softmax", "linear"):
        logits = activation == "linear"
        loss = keras.losses.CategoricalCrossentropy(from_logits=logits)
        return "regression_on_classes", "categorical_crossentropy", loss
    if binary and units == 1 and activation in ("sigmoid", "linear"):
        loss = keras.losses.BinaryCrossentropy(from_logits=activation == "linear")
        return "regression_on_classes", "binary_crossentropy", loss
    return None


def _reference(loss, y, predictions) -> float | None:
    """The corrected loss of the model's (detached) predictions: one yardstick for both."""
    import keras

    value = keras.ops.mean(loss(np.asarray(y), np.asarray(predictions, dtype="float32")))
    return finite_float(value)


def matching_loss(written: Trainee, model, x, y, before, initial, fix, steps: int) -> dict:
    """The counterfactual for a mismatched loss: the same steps from the same weights with
    ``fix``; both models scored with the fixed loss before and after. ``written`` is the
    model trained as written, which has taken its steps already."""
    case, description, loss = fix
    result: dict = {"case": case, "loss": description, "steps": steps}
    result["reference_start"] = _reference(loss, y, before)
    try:
        trained = written.model(x, training=False)
        result["reference_end_as_written"] = _reference(loss, y, trained)
    except Exception as error:
        result["as_written_error"] = f"{type(error).__name__}: {error}"[:300]
    fixed, _ = prepare(model, initial, loss=loss, x=x)
    result["corrected"] = training(fixed, x, y, steps)
    result["reference_end_corrected"] = _reference(loss, y, fixed.model(x, training=False))
    return result


SANE_RATE = 1e-3


def learning_rate(model) -> float | None:
    try:
        return float(np.asarray(model.optimizer.learning_rate))
    except Exception:
        return None


def sane_rate(model, x, y, initial, steps: int) -> dict | None:
    """The counterfactual for an extreme learning rate: the same steps at 1e-3."""
    rate = learning_rate(model)
    if rate is None or 1e-6 < rate < 0.5:
        return None  # an ordinary rate: nothing to compare
    config = {**model.optimizer.get_config(), "learning_rate": SANE_RATE}
    optimizer = model.optimizer.__class__.from_config(config)
    clone, _ = prepare(model, initial, optimizer=optimizer, x=x)
    return {"learning_rate": rate, "counterfactual_rate": SANE_RATE, **training(clone, x, y, steps)}


def _scaled(x) -> tuple[str, np.ndarray] | None:
    """(how, x) with the usual fix for unscaled inputs: /255 for images, else standardised."""
    features = numeric_array(x) if isinstance(x, np.ndarray) else None
    if features is None or features.size == 0:
        return None
    low, high = float(np.nanmin(features)), float(np.nanmax(features))
    if features.ndim >= 3 and low >= 0 and 10 < high <= 255:
        return "divided by 255", (features / 255.0).astype("float32")
    if features.ndim != 2:
        return None
    spread = features.std(axis=0)
    scale = np.abs(features).max(axis=0)
    positive = scale[scale > 0]
    if not positive.size or (positive.max() <= 10 and positive.max() / positive.min() <= 10):
        return None  # already on a small, common scale: nothing to compare
    scaled = (features - features.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    return "standardised", scaled.astype(x.dtype if x.dtype.kind == "f" else "float32")


def _unscaled_target(model, y) -> tuple[float, np.ndarray] | None:
    """(largest |y|, y standardised) when a regression loss trains on a target far from
    unit scale: a second cause that keeps the loss huge whatever is done to x."""
    spec = loss_spec(model.loss)
    target = numeric_array(y) if isinstance(y, np.ndarray) else None
    if spec is None or spec[0] not in REGRESSION or target is None or not target.size:
        return None
    largest, spread = float(np.nanmax(np.abs(target))), float(np.nanstd(target))
    if largest <= 10 or not spread:
        return None
    return largest, ((target - np.nanmean(target)) / spread).astype("float32")


def standardised(model, x, y, initial, steps: int) -> dict | None:
    """The counterfactual for unscaled inputs: the same steps from the same weights with x
    standardised per column (images: divided by 255). When the target of a regression is
    unscaled too, the same pair again with y standardised (``target_scaled``), so that the
    effect of x's scale is seen apart from y's."""
    scaled = _scaled(x)
    if scaled is None:
        return None
    clone, _ = prepare(model, initial, x=scaled[1])
    result = {"how": scaled[0], **training(clone, scaled[1], y, steps)}
    target = _unscaled_target(model, y)
    if target is not None:
        largest, y_scaled = target
        written, _ = prepare(model, initial, x=x)
        as_written = training(written, x, y_scaled, steps)
        fixed, _ = prepare(model, initial, x=scaled[1])
        result["target_scaled"] = {
            "largest_target": largest,
            "as_written": as_written,
            "standardised": training(fixed, scaled[1], y_scaled, steps),
        }
    return result
