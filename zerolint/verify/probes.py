"""Probes run in the child on a clone of the model and a sample of the data.

Each probe is wrapped so that one failure is reported in ``errors`` and the others still
run. Every value returned is plain JSON (floats, ints, strings, lists).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable

import numpy as np

MAX_DISTINCT = 20
MAX_COLUMNS = 64


def _float(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _length(value) -> int | None:
    if isinstance(value, dict):
        value = next(iter(value.values()), None)
    elif isinstance(value, list | tuple) and value and hasattr(value[0], "shape"):
        value = value[0]
    shape = getattr(value, "shape", None)
    return int(shape[0]) if shape else None


def _rows(value, rows: np.ndarray):
    """The given rows of an array, DataFrame, list, or a dict/tuple of them."""
    if value is None:
        return None
    if hasattr(value, "iloc"):
        return np.asarray(value.iloc[rows])
    if isinstance(value, dict):
        return {key: _rows(item, rows) for key, item in value.items()}
    if isinstance(value, list | tuple) and value and hasattr(value[0], "shape"):
        return [_rows(item, rows) for item in value]
    return np.asarray(value)[rows]


def _pick(length: int, count: int) -> np.ndarray:
    """Up to ``count`` row indices, spread over the data (seeded: runs are repeatable), so
    that data sorted by label still gives a sample with every class."""
    if length <= count:
        return np.arange(length)
    return np.sort(np.random.default_rng(0).choice(length, count, replace=False))


def _from_dataset(dataset, count: int):
    """Rows (x, y) from a ``tf.data.Dataset`` of (x, y) batches or elements, up to count."""
    xs, ys = [], []
    seen = 0
    for element in dataset.take(count):
        if not isinstance(element, tuple) or len(element) < 2:
            raise ValueError("the dataset does not yield (x, y) pairs")
        x, y = np.asarray(element[0]), np.asarray(element[1])
        if x.ndim == 0:
            x = x[None]
        batched = x.ndim >= 2 and y.ndim >= 1 and x.shape[0] == y.shape[0]
        if not batched:
            x, y = x[None], y[None]
        xs.append(x)
        ys.append(y)
        seen += x.shape[0]
        if seen >= count:
            break
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def sample(arguments: dict, count: int):
    """(x, y) for the probes: at most ``count`` rows of what ``fit`` was given."""
    x, y = arguments.get("x"), arguments.get("y")
    if hasattr(x, "take") and hasattr(x, "element_spec"):  # tf.data.Dataset
        return _from_dataset(x, count)
    length = _length(x)
    if length is None:
        x = np.asarray(x)
        length = len(x)
    rows = _pick(length, count)
    return _rows(x, rows), _rows(y, rows)


def _numeric(array) -> np.ndarray | None:
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
        return None
    return array.astype("float64")


def label_stats(y) -> dict:
    values = np.asarray(y)
    stats: dict = {"shape": list(values.shape), "dtype": str(values.dtype)}
    distinct = np.unique(values)
    stats["distinct"] = int(distinct.size)
    stats["values"] = [v.item() for v in distinct[:MAX_DISTINCT]]
    numeric = _numeric(values)
    if numeric is not None and numeric.size:
        stats["min"], stats["max"] = float(numeric.min()), float(numeric.max())
        stats["one_hot"] = bool(
            numeric.ndim == 2
            and numeric.shape[1] > 1
            and np.isin(numeric, (0.0, 1.0)).all()
            and np.allclose(numeric.sum(axis=1), 1.0)
        )
    return stats


def feature_stats(x) -> dict:
    numeric = _numeric(np.asarray(x)) if not isinstance(x, dict | list) else None
    if numeric is None or numeric.size == 0:
        return {"available": False}
    stats: dict = {
        "shape": list(numeric.shape),
        "min": float(np.nanmin(numeric)),
        "max": float(np.nanmax(numeric)),
        "non_finite": int((~np.isfinite(numeric)).sum()),
    }
    columns = numeric.reshape(numeric.shape[0], -1) if numeric.ndim > 1 else numeric[:, None]
    if numeric.ndim == 2:
        scale = np.nanmax(np.abs(columns), axis=0)
        positive = scale[scale > 0]
        stats["column_min"] = [float(v) for v in np.nanmin(columns, axis=0)[:MAX_COLUMNS]]
        stats["column_max"] = [float(v) for v in np.nanmax(columns, axis=0)[:MAX_COLUMNS]]
        if positive.size:
            stats["scale_ratio"] = float(positive.max() / positive.min())
            stats["largest_scale"] = float(positive.max())
            stats["largest_column"] = int(np.argmax(scale))
            stats["smallest_column"] = int(np.argmin(np.where(scale > 0, scale, np.inf)))
    return stats


def _target_vector(y) -> np.ndarray | None:
    numeric = _numeric(np.asarray(y))
    if numeric is None:
        return None
    if numeric.ndim == 2 and numeric.shape[1] > 1:
        return numeric.argmax(axis=1).astype("float64")
    return numeric.reshape(numeric.shape[0], -1)[:, 0] if numeric.ndim > 1 else numeric


def correlations(x, y) -> dict:
    features = _numeric(np.asarray(x)) if not isinstance(x, dict | list) else None
    target = _target_vector(y)
    if features is None or target is None or features.ndim != 2 or target.std() == 0:
        return {"available": False}
    centred = features - features.mean(axis=0)
    spread = centred.std(axis=0)
    t = (target - target.mean()) / target.std()
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.abs((centred * t[:, None]).mean(axis=0) / spread)
    corr = np.where(spread > 0, corr, 0.0)
    best = int(np.nanargmax(corr))
    identical = [i for i in range(features.shape[1]) if np.array_equal(features[:, i], target)]
    return {
        "available": True,
        "identical_columns": identical[:MAX_COLUMNS],
        "abs_corr": [round(float(v), 6) for v in corr[:MAX_COLUMNS]],
        "max_abs_corr": float(corr[best]),
        "max_column": best,
    }


def prediction_stats(predictions) -> dict:
    p = np.asarray(predictions, dtype="float64")
    flat = p.reshape(p.shape[0], -1) if p.ndim > 1 else p[:, None]
    stats = {
        "shape": list(p.shape),
        "min": _float(np.nanmin(p)),
        "max": _float(np.nanmax(p)),
        "mean": _float(np.nanmean(p)),
        "all_one": bool((p == 1.0).all()),
        "constant_across_rows": bool(np.ptp(flat, axis=0).max() <= 1e-7),
        "non_finite": int((~np.isfinite(p)).sum()),
    }
    if flat.shape[1] > 1:
        sums = flat.sum(axis=1)
        stats["rows_sum_to_one"] = bool(np.allclose(sums, 1.0, atol=1e-4))
        stats["row_sum_min"], stats["row_sum_max"] = _float(sums.min()), _float(sums.max())
    return stats


def _clone(model, initial: list | None = None, loss=None, optimizer=None, x=None):
    """A fresh copy of the model compiled like the original (or with ``loss``/``optimizer``),
    starting from ``initial`` weights when given so counterfactuals start where it did."""
    import keras

    notes = []
    try:
        clone = keras.models.clone_model(model)
        if optimizer is None:
            optimizer = model.optimizer.__class__.from_config(model.optimizer.get_config())
        clone.compile(
            optimizer=optimizer,
            loss=model.loss if loss is None else loss,
            run_eagerly=True,
            jit_compile=False,
        )
        if initial is not None:
            clone(x[:1], training=False)  # built, so that the weights can be set
            clone.set_weights(initial)
    except Exception as error:  # subclassed models may not clone: the script stops anyway
        notes.append(f"the model could not be cloned ({type(error).__name__}); probed as is")
        clone = model
    return clone, notes


def _layer_name(variable) -> str:
    """``dense_1`` for the variable ``sequential/dense_1/kernel``."""
    parts = str(getattr(variable, "path", None) or variable.name).split("/")
    return parts[-2] if len(parts) >= 2 else parts[0]


def _sum_squares(gradient) -> tuple[float, bool]:
    import tensorflow as tf

    values = np.asarray(tf.convert_to_tensor(gradient), dtype="float64")
    finite = bool(np.isfinite(values).all())
    return float(np.sum(np.square(np.nan_to_num(values, posinf=0.0, neginf=0.0)))), finite


def _step(model, x, y) -> tuple:
    """One forward and backward pass: (loss, variables, gradients), as Keras's train_step."""
    import tensorflow as tf

    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = model.compute_loss(x=x, y=y, y_pred=predictions)
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
        "loss": _float(value),
        "loss_finite": math.isfinite(value),
        "grad_norm": _float(math.sqrt(sum(squares.values()))),
        "grads_missing": sum(g is None for g in gradients),
        "grads_finite": not bad,
        "layer_grad_norms": {name: _float(math.sqrt(v)) for name, v in squares.items()},
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


def _applier(model, variables: list, gradients: list) -> Callable:
    """The optimizer's update of the variables that have gradients, traced once: Keras 3's
    eager Adam update costs ~20 ms a step, traced ~1 ms. Eager when tracing fails."""
    import tensorflow as tf

    present = [v for v, g in zip(variables, gradients, strict=True) if g is not None]
    optimizer = model.optimizer

    def eager(grads: list) -> None:
        optimizer.apply_gradients(zip(grads, present, strict=True))

    try:
        optimizer.build(present)
        traced = tf.function(eager, reduce_retracing=True)
        traced.get_concrete_function([g for g in gradients if g is not None])
    except Exception:
        return eager
    return traced


def training(model, x, y, steps: int) -> dict:
    """Loss and gradient norms at step 0 and after ``steps`` steps on the whole sample, the
    loss at each step, and NaN/Inf in the weights at the end (stops early at a NaN). The
    steps are Keras's train_step written out: eager, no per-call overhead, and step 0's
    gradients serve as the starting point's."""
    import tensorflow as tf

    x, y = (tf.nest.map_structure(tf.convert_to_tensor, v) for v in (x, y))
    step = _step(model, x, y)
    result: dict = {"steps": steps, "start": _summary(*step)}
    losses: list[float | None] = []
    apply = _applier(model, step[1], step[2])
    for index in range(steps):
        if index:
            step = _step(model, x, y)
        losses.append(_float(step[0]))
        if losses[-1] is None:
            break
        apply([g for g in step[2] if g is not None])
    result["losses"] = losses
    result["steps_taken"] = len(losses)
    result["end"] = _summary(*_step(model, x, y))
    result["non_finite_weight_layers"] = _non_finite_weights(model)
    result["weights_finite"] = not result["non_finite_weight_layers"]
    start, end = result["start"]["loss"], result["end"]["loss"]
    if start is not None and end is not None and start != 0:
        result["relative_drop"] = (start - end) / abs(start)
    return result


MAX_TRAINING_ROWS = 200_000


def overlap(arguments: dict, count: int) -> dict | None:
    """The fraction of (sampled) validation rows that also occur among the training rows."""
    validation = arguments.get("validation_data")
    if not isinstance(validation, list | tuple) or not validation:
        return None
    train, held = arguments.get("x"), validation[0]
    if hasattr(train, "iloc"):
        train = np.asarray(train)
    if hasattr(held, "iloc"):
        held = np.asarray(held)
    train, held = _numeric(np.asarray(train)), _numeric(np.asarray(held))
    if train is None or held is None or train.ndim < 1 or held.ndim < 1:
        return None
    if train.shape[1:] != held.shape[1:]:
        return {"validation_rows": int(len(held)), "in_training": 0, "fraction": 0.0}
    seen = {row.tobytes() for row in train.reshape(len(train), -1)[:MAX_TRAINING_ROWS]}
    sampled = held[_pick(len(held), count)].reshape(-1, int(np.prod(held.shape[1:], dtype=int)))
    found = sum(row.tobytes() in seen for row in sampled)
    return {
        "validation_rows": int(len(held)),
        "sampled": int(len(sampled)),
        "in_training": int(found),
        "fraction": found / len(sampled) if len(sampled) else 0.0,
        "training_rows_hashed": min(len(train), MAX_TRAINING_ROWS),
    }


def _column_stats(columns: np.ndarray) -> dict:
    return {
        "mean": [float(v) for v in columns.mean(axis=0)[:MAX_COLUMNS]],
        "std": [float(v) for v in columns.std(axis=0)[:MAX_COLUMNS]],
        "min": [float(v) for v in columns.min(axis=0)[:MAX_COLUMNS]],
        "max": [float(v) for v in columns.max(axis=0)[:MAX_COLUMNS]],
    }


def split_stats(arguments: dict) -> dict | None:
    """Per-column mean, std, min and max of the training rows, and of the training and
    validation rows pooled: a scaler fit before the split leaves the pooled rows exactly
    standardised (or exactly in [0, 1]) and the training rows alone not."""
    validation = arguments.get("validation_data")
    if not isinstance(validation, list | tuple) or not validation:
        return None
    train, held = (_numeric(np.asarray(v)) for v in (arguments.get("x"), validation[0]))
    if train is None or held is None or train.ndim != 2 or held.shape[1:] != train.shape[1:]:
        return None
    if len(train) + len(held) > MAX_TRAINING_ROWS:
        return None
    pooled = np.concatenate([train, held])
    return {
        "training_rows": int(len(train)),
        "validation_rows": int(len(held)),
        "training": _column_stats(train),
        "pooled": _column_stats(pooled),
    }


# -- layers: identical units and how each layer scales its input ----------------------------


def _kernel_layers(model) -> list:
    try:
        layers = list(model._flatten_layers(include_self=False, recursive=True))
    except Exception:
        layers = list(getattr(model, "layers", ()))
    return [layer for layer in layers if getattr(layer, "kernel", None) is not None]


def _identical_units(kernel: np.ndarray) -> bool:
    """Every unit (last axis) has the same incoming weights: a symmetric start."""
    columns = kernel.reshape(-1, kernel.shape[-1])
    spread = np.ptp(columns, axis=1).max() if columns.size else 0.0
    return bool(columns.shape[1] > 1 and spread <= 1e-7 * max(1.0, float(np.abs(columns).max())))


def layer_stats(model) -> list[dict]:
    """Per kernel layer: class, units, fan-in, weight scale, identical units, finite."""
    stats = []
    for layer in _kernel_layers(model):
        kernel = np.asarray(layer.kernel, dtype="float64")
        stats.append(
            {
                "name": layer.name,
                "class": type(layer).__name__,
                "units": int(kernel.shape[-1]),
                "fan_in": int(np.prod(kernel.shape[:-1])),
                "kernel_std": _float(kernel.std()),
                "identical_units": _identical_units(kernel),
                "finite": bool(np.isfinite(kernel).all()),
            }
        )
    return stats


def _rms(value) -> float | None:
    array = np.asarray(value, dtype="float64")
    return _float(np.sqrt(np.mean(np.square(array)))) if array.size else None


def _layer_inputs_outputs(model, x) -> list[tuple]:
    """(layer, input, output) of each kernel layer on ``x``, for Sequential and functional
    models (subclassed models have no graph to read: the caller's probe fails)."""
    import keras

    layers = _kernel_layers(model)
    if isinstance(model, keras.Sequential):
        found, value = [], x
        for layer in model.layers:
            output = layer(value)
            if getattr(layer, "kernel", None) is not None:
                found.append((layer, value, output))
            value = output
        return found
    tensors = [t for layer in layers for t in (layer.input, layer.output)]
    inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    values = keras.Model(inputs, tensors)(x)
    return [(layer, values[2 * i], values[2 * i + 1]) for i, layer in enumerate(layers)]


def _pre_activation(layer, before) -> np.ndarray | None:
    """A Dense layer's output before its activation (x @ kernel + bias), or None: a tanh or
    sigmoid hides how far an oversized kernel pushes its inputs into saturation."""
    kernel = np.asarray(layer.kernel, dtype="float64")
    inputs = np.asarray(before, dtype="float64")
    if kernel.ndim != 2 or inputs.shape[-1] != kernel.shape[0]:
        return None
    bias = getattr(layer, "bias", None)
    return inputs @ kernel + (np.asarray(bias, dtype="float64") if bias is not None else 0.0)


def activation_gains(model, x) -> list[dict]:
    """Per kernel layer at initialisation: root mean square of its input and output and the
    ratio, the factor by which the layer grows (>1) or shrinks (<1) the signal; for Dense
    layers also the ratio before the activation (``pre_gain``)."""
    rows = []
    for layer, before, after in _layer_inputs_outputs(model, x[:64]):
        rms_in, rms_out = _rms(before), _rms(after)
        row = {"name": layer.name, "rms_in": rms_in, "rms_out": rms_out}
        row["gain"] = rms_out / rms_in if rms_in and rms_out is not None else None
        pre = _pre_activation(layer, before)
        rms_pre = _rms(pre) if pre is not None else None
        row["pre_gain"] = rms_pre / rms_in if rms_in and rms_pre is not None else None
        rows.append(row)
    return rows


# -- custom losses and metrics on edge predictions -------------------------------------------

_KERAS_MODULES = ("keras", "tf_keras", "tensorflow")
EDGE_ROWS = 32


def custom_name(function) -> str | None:
    """The name messages use for a user-written loss or metric; None for Keras's own."""
    import keras

    if isinstance(function, keras.losses.Loss):
        kind = type(function)
        return None if kind.__module__.startswith(_KERAS_MODULES) else f"{kind.__name__}.call"
    if callable(function) and not isinstance(function, type):
        module = getattr(function, "__module__", "") or ""
        return None if module.startswith(_KERAS_MODULES) else getattr(function, "__name__", None)
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
    result = {"value": _float(number), "finite": math.isfinite(number)}
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


# -- counterfactuals: the same steps with the fix applied ------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}
REGRESSION = ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh")


def loss_spec(loss) -> tuple[str, bool] | None:
    """(canonical name, from_logits) of a Keras loss given as a string, class or function."""
    if isinstance(loss, str):
        return _ALIASES.get(loss, loss), False
    module = type(loss).__module__ if hasattr(loss, "get_config") else ""
    if module.startswith(_KERAS_MODULES):
        name = _snake(type(loss).__name__)
        if name == "huber_loss":  # keras 2's class name
            name = "huber"
        return name, bool(loss.get_config().get("from_logits", False))
    if callable(loss) and (getattr(loss, "__module__", "") or "").startswith(_KERAS_MODULES):
        return _ALIASES.get(loss.__name__, loss.__name__), False
    return None


def output_activation(model) -> str | None:
    """The activation of the model's last layer: softmax, sigmoid, linear, ... or None."""
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
    return _float(value)


def matching_loss(clone, model, x, y, before, initial, fix, steps: int) -> dict:
    """The counterfactual for a mismatched loss: the same steps from the same weights with
    ``fix``; both models scored with the fixed loss before and after."""
    case, description, loss = fix
    result: dict = {"case": case, "loss": description, "steps": steps}
    result["reference_start"] = _reference(loss, y, before)
    try:
        result["reference_end_as_written"] = _reference(loss, y, clone(x, training=False))
    except Exception as error:
        result["as_written_error"] = f"{type(error).__name__}: {error}"[:300]
    fixed, notes = _clone(model, initial, loss=loss, x=x)
    if notes:
        return result
    result["corrected"] = training(fixed, x, y, steps)
    result["reference_end_corrected"] = _reference(loss, y, fixed(x, training=False))
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
    clone, notes = _clone(model, initial, optimizer=optimizer, x=x)
    if notes:
        return None
    return {"learning_rate": rate, "counterfactual_rate": SANE_RATE, **training(clone, x, y, steps)}


def _scaled(x) -> tuple[str, np.ndarray] | None:
    """(how, x) with the usual fix for unscaled inputs: /255 for images, else standardised."""
    features = _numeric(x) if isinstance(x, np.ndarray) else None
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


def standardised(model, x, y, initial, steps: int) -> dict | None:
    """The counterfactual for unscaled inputs: the same steps from the same weights with x
    standardised per column (images: divided by 255)."""
    scaled = _scaled(x)
    if scaled is None:
        return None
    clone, notes = _clone(model, initial, x=scaled[1])
    if notes:  # the original model would be trained twice: not a fair comparison
        return None
    return {"how": scaled[0], **training(clone, scaled[1], y, steps)}


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
    clone, notes = _clone(model)
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
