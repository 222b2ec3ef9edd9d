"""Leakage probes: the rows a script holds out from a fit (validation_data,
validation_split, the data of the model's evaluate() and predict()) against its training
rows: found among them (ZL403), pooled with them into the exact statistics a scaler fit
before the split leaves (ZL402), or on another scale (ZL303). Pure numpy, like
``data_probes``.
"""

from __future__ import annotations

import numpy as np

from zerolint.verify.data_probes import pick

MAX_TRAINING_ROWS = 200_000


def _numeric(value) -> np.ndarray | None:
    """The value as a numeric array in its own dtype (no copy for an array), or None."""
    if hasattr(value, "iloc"):
        value = value.to_numpy()
    if not isinstance(value, np.ndarray | list | tuple):
        return None  # a dataset or a generator: never iterated here (it may not end)
    array = np.asarray(value)
    return array if array.dtype.kind in "biuf" and array.ndim >= 1 else None


def _overlap(train, held, count: int) -> dict | None:
    """The fraction of (sampled) ``held`` rows that also occur among the ``train`` rows.
    Rows are compared by their bytes, in one dtype: the training rows are converted only
    when the two differ (a full image set in float64 would cost a second copy)."""
    train, held = _numeric(train), _numeric(held)
    if train is None or held is None:
        return None
    if train.shape[1:] != held.shape[1:]:
        return {"validation_rows": int(len(held)), "in_training": 0, "fraction": 0.0}
    width = int(np.prod(held.shape[1:], dtype=int))
    sampled = held[pick(len(held), count)].reshape(-1, width)
    rows = train[:MAX_TRAINING_ROWS].reshape(-1, width)
    if rows.dtype != sampled.dtype:
        common = np.promote_types(rows.dtype, sampled.dtype)
        rows, sampled = rows.astype(common), sampled.astype(common)
    seen = {row.tobytes() for row in rows}
    found = sum(row.tobytes() in seen for row in sampled)
    return {
        "validation_rows": int(len(held)),
        "sampled": int(len(sampled)),
        "in_training": int(found),
        "fraction": found / len(sampled) if len(sampled) else 0.0,
        "training_rows_hashed": int(len(rows)),
    }


def overlap(arguments: dict, count: int) -> dict | None:
    """The fraction of (sampled) validation rows that also occur among the training rows."""
    validation = arguments.get("validation_data")
    if not isinstance(validation, list | tuple) or not validation:
        return None
    return _overlap(arguments.get("x"), validation[0], count)


def held_out_overlap(arguments: dict, held: list, count: int) -> list[dict] | None:
    """For each evaluate()/predict() call of the model ({"what", "line"}, x): the fraction
    of its rows that are training rows of the fit (a test score on the training data)."""
    found = []
    for where, x in held:
        result = _overlap(arguments.get("x"), x, count)
        if result is not None:
            found.append({**where, **result})
    return found or None


def _largest(array: np.ndarray, count: int) -> float | None:
    """The largest finite |x| of (sampled) rows, or None when there is none."""
    sampled = np.abs(array[pick(len(array), count)].astype("float64", copy=False))
    finite = sampled[np.isfinite(sampled)]
    return float(finite.max()) if finite.size else None


def held_out_scales(arguments: dict, held: list, count: int) -> list[dict] | None:
    """For each evaluate()/predict() call of the model ({"what", "line"}, x) with inputs of
    the training inputs' shape: the largest |x| of its sampled rows and of the fit's (ZL303:
    one side scaled, the other not)."""
    train = _numeric(arguments.get("x"))
    trained = _largest(train, count) if train is not None and len(train) else None
    if trained is None:
        return None
    found = []
    for where, x in held:
        scored = _numeric(x)
        if scored is None or not len(scored) or scored.shape[1:] != train.shape[1:]:
            continue
        largest = _largest(scored, count)
        if largest is not None:
            found.append({**where, "training_max_abs": trained, "scored_max_abs": largest})
    return found or None


MAX_HELD_OUT = 4  # held-out sets pooled in every combination (at most 15)


def _adapted(model, columns: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(mean, variance) an adapted Normalization layer of the model holds, when it
    normalises ``columns`` features: the statistics ``adapt`` learned."""
    for layer in getattr(model, "layers", ()) if model is not None else ():
        if type(layer).__name__ != "Normalization":
            continue
        try:
            mean = np.asarray(layer.mean, dtype="float64").reshape(-1)
            variance = np.asarray(layer.variance, dtype="float64").reshape(-1)
        except Exception:  # not adapted, or another Keras's attributes
            continue
        if mean.size == columns and variance.size == columns:
            return mean, variance
    return None


def _deviations(columns: np.ndarray, adapted=None) -> dict:
    """How far the columns are from each scaler's exact signature: means 0 and standard
    deviations 1 (``standard``), minima 0 and maxima 1 (``range``), maxima of |x| 1
    (``max_abs``), medians 0 and interquartile ranges 1 (``robust``), and the mean and
    variance an adapted Normalization layer holds (``adapted``, relative). 0 up to float
    rounding when the statistics were computed on exactly these rows."""
    low, median, high = np.percentile(columns, [25, 50, 75], axis=0)
    found = {
        "standard": max(np.abs(columns.mean(axis=0)).max(), np.abs(columns.std(axis=0) - 1).max()),
        "range": max(np.abs(columns.min(axis=0)).max(), np.abs(columns.max(axis=0) - 1).max()),
        "max_abs": np.abs(np.abs(columns).max(axis=0) - 1).max(),
        "robust": max(np.abs(median).max(), np.abs(high - low - 1).max()),
    }
    if adapted is not None:
        mean, variance = adapted
        scale = np.sqrt(np.where(variance > 0, variance, 1.0))
        found["adapted"] = max(
            (np.abs(columns.mean(axis=0) - mean) / scale).max(),
            np.abs(columns.var(axis=0) / np.where(variance > 0, variance, 1.0) - 1).max(),
        )
    return {key: float(value) for key, value in found.items()}


def _table(value) -> np.ndarray | None:
    """A numeric 2-D table of at most MAX_TRAINING_ROWS rows, in float64; None for anything
    else (checked before any copy: an image set is never converted)."""
    array = _numeric(value)
    if array is None or array.ndim != 2 or not len(array) or len(array) > MAX_TRAINING_ROWS:
        return None
    return array.astype("float64")


def _held_out_sets(arguments: dict, train: np.ndarray, held: list) -> tuple:
    """(training rows, [(what, rows)]): the rows fit trains on, and each set of rows the
    script holds out from them (validation_data, validation_split, evaluate/predict data)."""
    sets = []
    validation = arguments.get("validation_data")
    if isinstance(validation, list | tuple) and validation:
        sets.append(("validation_data", _table(validation[0])))
    split = arguments.get("validation_split") or 0.0
    if isinstance(split, int | float) and 0 < split < 1:
        at = int(len(train) * (1 - split))  # Keras holds out the last rows
        sets.append((f"validation_split={split:g}", train[at:]))
        train = train[:at]
    for where, value in held:
        sets.append((where["what"], _table(value)))
    kept: list[tuple[str, np.ndarray]] = []
    for what, rows in sets:
        if rows is None or rows.shape[1:] != train.shape[1:] or not len(rows):
            continue
        if any(rows.shape == other.shape and np.array_equal(rows, other) for _, other in kept):
            continue  # the same rows twice (evaluate on the validation set) count once
        if rows.shape == train.shape and np.array_equal(rows, train):
            continue  # predict() on the training rows holds nothing out
        kept.append((what, rows))
    return train, kept[:MAX_HELD_OUT]


def split_stats(arguments: dict, held: list | tuple = (), model=None) -> dict | None:
    """How close the training rows alone, and the training rows pooled with each
    combination of held-out sets, come to each scaler's exact signature: a scaler fit
    before the split leaves the pooled rows exactly standardised (or exactly in [0, 1], or
    matching the model's adapted Normalization layer) and the training rows alone not.
    ``held`` lists ({"what", "line"}, x) of the model's evaluate()/predict() calls."""
    import itertools

    train = _table(arguments.get("x"))
    if train is None:
        return None
    train, sets = _held_out_sets(arguments, train, list(held))
    if len(train) + sum(len(rows) for _, rows in sets) > MAX_TRAINING_ROWS:
        return None
    adapted = _adapted(model, train.shape[1])
    pooled = []
    for count in range(1, len(sets) + 1):
        for chosen in itertools.combinations(sets, count):
            rows = np.concatenate([train, *(r for _, r in chosen)])
            pooled.append(
                {
                    "with": [what for what, _ in chosen],
                    "rows": [int(len(r)) for _, r in chosen],
                    **_deviations(rows, adapted),
                }
            )
    return {
        "training_rows": int(len(train)),
        "training": _deviations(train, adapted),
        "pooled": pooled,
    }
