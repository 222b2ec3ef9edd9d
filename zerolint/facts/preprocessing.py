"""Scalers, encoders and splits: sklearn estimators, ``train_test_split``, Keras ``adapt``.

Each step that learns from data or splits it is also appended, as a ``DataEvent``, to the
``events`` list it is given (the interpreter's ``facts.data_events``), in order, so a rule
can tell a scaler fit on all the data before the split from one fit on the training part.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, Any

import libcst as cst

from zerolint.facts import arrays
from zerolint.facts.data_args import bind, describe, integer, is_none, number, words
from zerolint.facts.data_values import (
    UNIT,
    Array,
    DataEvent,
    DataValue,
    Estimator,
    Frame,
    Rows,
    Scaling,
    new_array,
)
from zerolint.facts.values import UNKNOWN, Const, Seq, Value

if TYPE_CHECKING:
    from zerolint.facts.values import Layer

# Scalers: what ``transform`` outputs, on the data the scaler was fit on.
SCALERS = frozenset(
    {
        "StandardScaler",
        "MinMaxScaler",
        "MaxAbsScaler",
        "RobustScaler",
        "Normalizer",
        "QuantileTransformer",
        "PowerTransformer",
    }
)
ENCODERS = frozenset({"LabelEncoder", "OneHotEncoder", "LabelBinarizer", "OrdinalEncoder"})
ESTIMATORS = SCALERS | ENCODERS | {"SimpleImputer"}


def construct(kind: str, positional: list[Value], keywords: dict, node: cst.Call) -> Estimator:
    return Estimator(kind, dict(keywords), node=node)


def estimator_method(
    estimator: Estimator,
    name: str,
    positional: list[Value],
    keywords: dict,
    node: cst.Call,
    events: list[DataEvent],
) -> tuple[Value, Value | None] | None:
    """``fit`` / ``fit_transform`` / ``transform`` on an estimator."""
    if estimator.kind not in ESTIMATORS:
        return _model_method(estimator, name, node)
    data = positional[0] if positional else keywords.get("X", keywords.get("y"))
    if isinstance(data, Seq):
        data = arrays.as_array(data, node) or data  # a literal list: evaluate it once
    if name in ("fit", "fit_transform"):
        if data is None:
            return None
        fitted_on = data if isinstance(data, DataValue) else None
        fitted = dataclasses.replace(estimator, fitted=True, fitted_on=fitted_on, fit_node=node)
        events.append(DataEvent("fit", node, (data,), fitted))
        if name == "fit":
            return fitted, fitted
        result = transform(fitted, data, node)
        events.append(DataEvent("transform", node, (data,), fitted, outputs=(result,)))
        return result, fitted
    if name == "transform" and data is not None:
        result = transform(estimator, data, node)
        events.append(DataEvent("transform", node, (data,), estimator, outputs=(result,)))
        return result, None
    if name in ("inverse_transform", "get_params", "get_feature_names_out", "score"):
        return UNKNOWN, None
    return None


# Methods of other sklearn estimators (models): they learn, but do not scale data.
_MODEL_METHODS = words(
    "predict predict_proba predict_log_proba decision_function score transform fit_predict"
)


def _model_method(estimator: Estimator, name: str, node: cst.Call):
    """``RandomForestClassifier().fit(X, y)``: fitted, nothing known of its outputs."""
    if name == "fit":
        fitted = dataclasses.replace(estimator, fitted=True, fit_node=node)
        return fitted, fitted
    if name == "fit_transform":
        return UNKNOWN, dataclasses.replace(estimator, fitted=True, fit_node=node)
    if name in _MODEL_METHODS:
        return UNKNOWN, None
    return None


def transform(estimator: Estimator, data: Value, node: cst.Call) -> Value:
    """What ``estimator.transform(data)`` holds."""
    source = arrays.as_array(data, node)
    if estimator.kind in SCALERS:
        return _scaled(estimator, source, data, node)
    if estimator.kind in ("LabelEncoder", "OneHotEncoder", "LabelBinarizer", "OrdinalEncoder"):
        return _encoded(estimator, source, node)
    if estimator.kind == "SimpleImputer" and source is not None:
        return source.replace(distinct=None, columns=None, dtype=None, one_hot=None)
    return UNKNOWN


def _same_data(estimator: Estimator, source: Array | None, data: Value) -> bool:
    """Whether ``data`` holds the rows the estimator was fit on."""
    fitted_on = estimator.fitted_on
    if fitted_on is None:
        return False
    if fitted_on is data:
        return True
    rows = getattr(fitted_on, "rows", None)
    return rows is not None and source is not None and source.rows is rows


def _scaled(estimator: Estimator, source: Array | None, data: Value, node: cst.Call) -> Array:
    low = high = None
    kind = estimator.kind
    non_negative = source is not None and source.low is not None and source.low >= 0
    if kind == "MinMaxScaler" and _same_data(estimator, source, data):
        low, high = _feature_range(estimator.keywords.get("feature_range"))
    elif kind == "MaxAbsScaler" and _same_data(estimator, source, data) or kind == "Normalizer":
        low, high = (0.0 if non_negative else -1.0), 1.0
    elif kind == "QuantileTransformer":
        uniform = estimator.keywords.get("output_distribution") in (None, Const("uniform"))
        low, high = (0.0, 1.0) if uniform else (None, None)
    step = Scaling(kind, node, estimator.fitted_on)
    if source is None:
        origin = describe(node)
        return new_array(
            dtype="float",
            low=low,
            high=high,
            one_hot=False,
            scaling=(step,),
            origin=origin,
            node=node,
        )
    return source.replace(
        dtype="float",
        low=low,
        high=high,
        distinct=None,
        one_hot=False,
        columns=None,
        scaling=(*source.scaling, step),
    )


def _feature_range(value: Value | None) -> tuple[float | None, float | None]:
    if value is None:
        return 0.0, 1.0
    if isinstance(value, Seq) and len(value.items) == 2:
        low, high = (number(item) for item in value.items)
        if low is not None and high is not None:
            return float(low), float(high)
    return None, None


def _classes(estimator: Estimator) -> int | None:
    """How many classes an encoder learned, when the data it was fit on is known."""
    fitted = arrays.as_array(estimator.fitted_on)
    if fitted is None or fitted.distinct is None:
        return None
    if estimator.kind == "OneHotEncoder" and (fitted.shape is None or fitted.shape[1:] != (1,)):
        return None
    return len(fitted.distinct)


def _encoded(estimator: Estimator, source: Array | None, node: cst.Call) -> Array:
    count = _classes(estimator)
    rows = source.rows if source is not None else None
    n = source.shape[0] if source is not None and source.shape else None
    facts: dict[str, Any] = {"origin": describe(node), "node": node, "rows": rows}
    if estimator.kind == "LabelEncoder":
        return new_array(
            shape=(n,),
            dtype="int",
            low=0,
            high=count - 1 if count is not None else None,
            distinct=frozenset(range(count)) if count is not None else None,
            **facts,
        )
    if estimator.kind == "OrdinalEncoder":
        return new_array(dtype="float", low=0.0, one_hot=False, **facts)
    if estimator.kind == "LabelBinarizer":
        if count == 2:
            return new_array(shape=(n, 1), dtype="int", distinct=frozenset({0, 1}), **facts)
        one_hot = True if count is not None and count > 2 else None
        return new_array(
            shape=(n, count), dtype="int", distinct=frozenset({0, 1}), one_hot=one_hot, **facts
        )
    # OneHotEncoder: one-hot rows only when it encodes a single column and drops nothing.
    single = source is not None and source.shape is not None and source.shape[1:] == (1,)
    exact = single and is_none(estimator.keywords.get("drop"))
    return new_array(
        shape=(n, count),
        dtype="float",
        distinct=frozenset({0.0, 1.0}),
        one_hot=True if exact else None,
        n_classes=count if exact else None,
        **facts,
    )


# -- one-hot encoding -------------------------------------------------------------------


def one_hot(labels: Value | None, n_classes: int | None, node: cst.Call, squeeze: bool) -> Array:
    """One-hot rows built from integer labels (``to_categorical``, ``tf.one_hot``)."""
    source = arrays.as_array(labels)
    shape = None
    if source is not None and source.shape is not None:
        base = source.shape
        if squeeze and len(base) > 1 and base[-1] == 1:
            base = base[:-1]
        shape = (*base, n_classes)
    return new_array(
        shape=shape,
        dtype="float",
        distinct=UNIT,
        one_hot=True,
        n_classes=n_classes,
        origin=describe(node),
        node=node,
        rows=source.rows if source is not None else None,
    )


def label_count(labels: Value | None) -> int | None:
    """max(labels) + 1 for known non-negative integer labels (to_categorical's default)."""
    source = arrays.as_array(labels)
    if source is None or source.high is None or source.low is None or source.low < 0:
        return None
    integral = source.is_integer or (
        source.distinct is not None
        and all(isinstance(v, int | float) and float(v).is_integer() for v in source.distinct)
    )
    return int(source.high) + 1 if integral else None


def to_categorical(positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    named = bind(("x", "num_classes", "dtype"), positional, keywords)
    if named is None or "x" not in named:
        return None
    given = named.get("num_classes")
    count = label_count(named["x"]) if is_none(given) else integer(given)
    return one_hot(named["x"], count, node, squeeze=True)


def tf_one_hot(positional: list[Value], keywords: dict, node: cst.Call, keras_ops: bool):
    params = (
        ("x", "num_classes", "axis", "dtype")
        if keras_ops
        else ("indices", "depth", "on_value", "off_value", "axis", "dtype")
    )
    named = bind(params, positional, keywords)
    if named is None:
        return None
    labels = named.get(params[0])
    depth = integer(named.get(params[1]))
    axis = named.get("axis")
    if not (is_none(axis) or axis == Const(-1)):
        return None
    result = one_hot(labels, depth, node, squeeze=False)
    on, off = named.get("on_value"), named.get("off_value")
    if (on is not None and number(on) != 1) or (off is not None and number(off) != 0):
        return result.replace(one_hot=None, distinct=None, low=None, high=None)
    return result


# -- splits -----------------------------------------------------------------------------


def train_test_split(
    positional: list[Value], keywords: dict, node: cst.Call, events: list[DataEvent]
) -> Value | None:
    """``X_train, X_test, y_train, y_test``: each part keeps what is known of its input."""
    if "**" in keywords or not positional:
        return None
    parts: dict[int, tuple[Rows, Rows]] = {}
    outputs: list[Value] = []
    for value in positional:
        data = value if isinstance(value, Frame) else arrays.as_array(value, node)
        if data is None:
            outputs.extend((UNKNOWN, UNKNOWN))
            continue
        count = data.n_rows if isinstance(data, Frame) else (data.shape or (None,))[0]
        sizes = _split_sizes(count, keywords)
        rows = data.rows
        if rows is not None and id(rows) not in parts:
            origin = describe(node)
            parts[id(rows)] = (Rows(origin, rows, "train"), Rows(origin, rows, "test"))
        for index, size in enumerate(sizes):
            part = parts[id(rows)][index] if rows is not None else None
            outputs.append(_part(data, size, part))
    result = Seq(tuple(outputs), node)
    events.append(DataEvent("split", node, tuple(positional), outputs=tuple(outputs)))
    return result


def _part(data: Array | Frame, size: int | None, rows: Rows | None) -> Array | Frame:
    if isinstance(data, Frame):
        return dataclasses.replace(data, n_rows=size, rows=rows, data=())
    shape = (size, *data.shape[1:]) if data.shape else data.shape
    columns = None
    if data.columns is not None:
        columns = tuple(c.replace(shape=(size,), rows=rows) for c in data.columns)
    return data.replace(shape=shape, rows=rows, columns=columns)


def _split_sizes(count: int | None, keywords: dict) -> tuple[int | None, int | None]:
    """(train, test) sample counts, as sklearn computes them."""
    test, train = keywords.get("test_size"), keywords.get("train_size")
    if count is None:
        return None, None
    n_test = n_train = None
    if is_none(test) and is_none(train):
        n_test = math.ceil(0.25 * count)
    if integer(test) is not None:
        n_test = integer(test)
    elif number(test) is not None:
        n_test = math.ceil(number(test) * count)
    if integer(train) is not None:
        n_train = integer(train)
    elif number(train) is not None:
        n_train = math.floor(number(train) * count)
    if n_train is None and n_test is not None and (is_none(train)):
        n_train = count - n_test
    if n_test is None and n_train is not None and is_none(test):
        n_test = count - n_train
    return n_train, n_test


def shuffle(positional: list[Value], keywords: dict) -> Value | None:
    """``sklearn.utils.shuffle(X, y)``: the same samples in a new order."""
    if "**" in keywords or not positional:
        return None
    if len(positional) == 1:
        return positional[0]
    return Seq(tuple(positional))


# -- Keras preprocessing layers ---------------------------------------------------------


def adapt(
    layer: Layer, positional: list[Value], keywords: dict, node: cst.Call, events: list[DataEvent]
) -> Value:
    """``normalization.adapt(x)``: the layer learns statistics of ``x``."""
    data = positional[0] if positional else keywords.get("data", UNKNOWN)
    events.append(DataEvent("adapt", node, (data,), layer=layer))
    return Const(None)
