"""Layer probes at initialisation: identical units and how each layer scales its input.

Per kernel layer, the weights' scale and symmetry (a symmetric start never breaks) and the
signal's gain through the layer on the sample, for the initialisation rules.
"""

from __future__ import annotations

import numpy as np

from zerolint.verify.data_probes import finite_float


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


def layer_lines(model) -> list[tuple[str, int | None]]:
    """(name, script line that built it) of each kernel layer of the script's own model
    (the harness notes the line when a layer is built; a clone's layers are Keras's)."""
    return [(layer.name, vars(layer).get("_zerolint_line")) for layer in _kernel_layers(model)]


def layer_stats(model, lines: list[tuple[str, int | None]] = ()) -> list[dict]:
    """Per kernel layer: class, units, fan-in, weight scale, identical units, finite, and
    the script line that built it (``lines`` of the original model, matched by name, else
    by position: a clone keeps both)."""
    stats = []
    layers = _kernel_layers(model)
    by_name = dict(lines)
    same_order = len(lines) == len(layers)
    for index, layer in enumerate(layers):
        kernel = np.asarray(layer.kernel, dtype="float64")
        line = by_name.get(layer.name)
        if line is None and same_order:
            line = lines[index][1]
        stats.append(
            {
                "name": layer.name,
                "line": line,
                "class": type(layer).__name__,
                "units": int(kernel.shape[-1]),
                "fan_in": int(np.prod(kernel.shape[:-1])),
                "kernel_std": finite_float(kernel.std()),
                "identical_units": _identical_units(kernel),
                "finite": bool(np.isfinite(kernel).all()),
            }
        )
    return stats


def _rms(value) -> float | None:
    array = np.asarray(value, dtype="float64")
    return finite_float(np.sqrt(np.mean(np.square(array)))) if array.size else None


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
