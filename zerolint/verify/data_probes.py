"""Statistics of the data ``fit`` received, sampled: labels, features, correlations.

Pure numpy, no model and no TensorFlow: these probes read the script's own arrays so that
a rule can judge its finding on the numbers, and they run even when the model cannot.
The predictions' statistics live here too, being numpy on an array.
"""

from __future__ import annotations

import math

import numpy as np

MAX_DISTINCT = 20
MAX_COLUMNS = 64


def finite_float(value) -> float | None:
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


def pick(length: int, count: int) -> np.ndarray:
    """Up to ``count`` row indices, spread over the data (seeded: runs are repeatable), so
    that data sorted by label still gives a sample with every class."""
    if length <= count:
        return np.arange(length)
    return np.sort(np.random.default_rng(0).choice(length, count, replace=False))


def _from_elements(elements, count: int):
    """Rows (x, y) from (x, y) batches or single elements, up to ``count`` rows; at most
    ``count`` elements are read (a generator may never end)."""
    xs, ys = [], []
    seen = 0
    for index, element in enumerate(elements):
        if index >= count:
            break
        if not isinstance(element, tuple) or len(element) < 2:
            raise ValueError("the data does not yield (x, y) pairs")
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
    if not xs:
        raise ValueError("the data yields no batch")
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def _batches(x):
    """The batches of a Keras PyDataset / Sequence / ImageDataGenerator flow (indexed
    batches) or of a Python generator or iterator; None for arrays and tables."""
    if isinstance(x, np.ndarray | list | tuple | dict) or hasattr(x, "shape"):
        return None
    if hasattr(x, "__getitem__") and hasattr(x, "__len__") and not hasattr(x, "iloc"):
        return (x[index] for index in range(len(x)))
    if hasattr(x, "__next__"):
        return x
    return None


def sample(arguments: dict, count: int):
    """(x, y) for the probes: at most ``count`` rows of what ``fit`` was given."""
    x, y = arguments.get("x"), arguments.get("y")
    if hasattr(x, "take") and hasattr(x, "element_spec"):  # tf.data.Dataset
        return _from_elements(x.take(count), count)
    batches = _batches(x)
    if batches is not None:  # an infinite iterator must never reach np.asarray
        return _from_elements(batches, count)
    length = _length(x)
    if length is None:
        x = np.asarray(x)
        length = len(x)
    rows = pick(length, count)
    return _rows(x, rows), _rows(y, rows)


def numeric_array(array) -> np.ndarray | None:
    if not isinstance(array, np.ndarray) or array.dtype.kind not in "biuf":
        return None
    return array.astype("float64")


def label_stats(y) -> dict:
    values = np.asarray(y)
    stats: dict = {"shape": list(values.shape), "dtype": str(values.dtype)}
    distinct = np.unique(values)
    stats["distinct"] = int(distinct.size)
    stats["values"] = [v.item() for v in distinct[:MAX_DISTINCT]]
    numeric = numeric_array(values)
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
    numeric = numeric_array(np.asarray(x)) if not isinstance(x, dict | list) else None
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
    numeric = numeric_array(np.asarray(y))
    if numeric is None:
        return None
    if numeric.ndim == 2 and numeric.shape[1] > 1:
        return numeric.argmax(axis=1).astype("float64")
    return numeric.reshape(numeric.shape[0], -1)[:, 0] if numeric.ndim > 1 else numeric


def correlations(x, y) -> dict:
    features = numeric_array(np.asarray(x)) if not isinstance(x, dict | list) else None
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
        "class_columns": _class_columns(features, target)[:MAX_COLUMNS],
        "abs_corr": [round(float(v), 6) for v in corr[:MAX_COLUMNS]],
        "max_abs_corr": float(corr[best]),
        "max_column": best,
    }


def _class_columns(features, target) -> list[int]:
    """Columns that hold one value per class of ``target`` (a relabelling of the classes),
    when the target has a few classes each seen at least twice."""
    classes = np.unique(target)
    if not 2 <= len(classes) <= 256 or len(target) < 2 * len(classes):
        return []
    found = []
    for i in range(features.shape[1]):
        column = features[:, i]
        pairs = np.unique(np.stack([target, column], axis=1), axis=0)
        if len(pairs) == len(classes) == len(np.unique(column)):
            found.append(i)
    return found


def prediction_stats(predictions) -> dict:
    p = np.asarray(predictions, dtype="float64")
    flat = p.reshape(p.shape[0], -1) if p.ndim > 1 else p[:, None]
    stats = {
        "shape": list(p.shape),
        "min": finite_float(np.nanmin(p)),
        "max": finite_float(np.nanmax(p)),
        "mean": finite_float(np.nanmean(p)),
        "all_one": bool((p == 1.0).all()),
        "constant_across_rows": bool(np.ptp(flat, axis=0).max() <= 1e-7),
        "non_finite": int((~np.isfinite(p)).sum()),
    }
    if flat.shape[1] > 1:
        sums = flat.sum(axis=1)
        stats["rows_sum_to_one"] = bool(np.allclose(sums, 1.0, atol=1e-4))
        stats["row_sum_min"], stats["row_sum_max"] = (
            finite_float(sums.min()),
            finite_float(sums.max()),
        )
    return stats
