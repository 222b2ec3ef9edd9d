"""Where x and y come from: arrays, data frames, estimators and data sets, as abstract values.

The interpreter hands every expression that involves data to the hooks below; each returns
an abstract value, or None when it has nothing to say (the interpreter then uses UNKNOWN,
and a data value handed to a call that returns None stops being known). A hook that learns
from data or splits it appends a ``DataEvent`` to the ``events`` list it is given (the
interpreter's ``facts.data_events``): the data layer needs nothing of the interpreter.

What rules use:

``Array``      a numpy array / tensor / Series: ``shape``, ``dtype``, ``low``/``high``,
               ``distinct``, ``one_hot``, ``n_classes``, ``scaled`` (and ``scaling``),
               ``origin``/``node`` (where the values come from), ``columns``, ``rows``,
               ``name``/``frame`` (a DataFrame column), ``values`` (every element, for
               data written out)
``Frame``      a DataFrame: ``columns``, ``data``, ``dropped``, ``contains(name)``,
               ``holds(column)``
``Dataset``    a ``tf.data`` dataset, a Keras loader's dataset or a generator's iterator:
               its elements over all samples (``samples``) and whether they are batches;
               ``Fit.inputs`` / ``Fit.labels`` read it as ``fit`` does
               (``zerolint.facts.pipelines.fit_view``)
``Record``     scikit-learn's ``Bunch`` (``.data``, ``["target"]``)
``Augmenter``  an ``ImageDataGenerator`` (what its flows do to the pixels)
``Estimator``  an sklearn scaler/encoder with what it was ``fitted_on``
``Statistic``  ``x.mean(axis=0)`` and friends
``Rows``       which samples a value holds (``within`` tells a split part from its source)
``DataEvent``  fit / transform / adapt / split steps in order, in ``facts.data_events``

``as_array(value)`` turns a fit argument (an Array, a literal list, a DataFrame) into an
Array; ``fits_before_split(events)`` pairs each statistic learned on data with the later
split of that same data; ``same_values(a, b)`` / ``column_holding(x, y)`` tell whether
``y`` (or a column of ``x``) holds the same data as another value.

Resolved sources: list literals and ``np.array`` (exactly, up to 10,000 elements; lists
repeated or joined with ``*`` and ``+`` too), ``np.zeros/ones/full/eye/arange/linspace``,
``np.tile``/``np.repeat``/``np.c_``/``np.r_`` (``tiling``), ``np.random.*`` and ``default_rng()`` /
``RandomState`` methods, ``tf.random`` / ``keras.random``, ``to_categorical``,
``tf.one_hot``, ``keras.ops.one_hot``, ``pd.get_dummies``, sklearn encoders and scalers,
``pd.read_*`` / ``pd.DataFrame``, the loaders of the sources table
(``zerolint.facts.data_sources``: ``keras.datasets``, ``tf.data``, Keras's directory
loaders and ``ImageDataGenerator``, scikit-learn's data sets), and the operations in
``arrays``/``frames``/``pipelines`` (``astype``, ``reshape``, comparisons, stacking,
indexing, arithmetic with constants and statistics, dataset steps and ``map``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zerolint.facts import (
    array_ops,
    arrays,
    data_sources,
    frames,
    indexing,
    keras_api,
    loaders,
    pipelines,
    preprocessing,
    randoms,
)
from zerolint.facts.arrays import as_array
from zerolint.facts.data_args import describe, dtype_of
from zerolint.facts.data_values import (
    MAX_VALUES,
    Array,
    Augmenter,
    DataEvent,
    Dataset,
    DataValue,
    Estimator,
    Frame,
    Generator,
    Record,
    Rows,
    Scaling,
    Statistic,
    new_array,
)
from zerolint.facts.values import UNKNOWN, Const, Value

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.pipelines import Caller
    from zerolint.facts.values import Layer

__all__ = [
    "MAX_VALUES",
    "Array",
    "Augmenter",
    "DataEvent",
    "DataValue",
    "Dataset",
    "Estimator",
    "Frame",
    "Generator",
    "Record",
    "Rows",
    "Scaling",
    "Statistic",
    "as_array",
    "column_holding",
    "fits_before_split",
    "same_values",
]

# Libraries whose functions do not change their array arguments: passing data keeps it known.
_READ_ONLY_LIBRARIES = ("pandas.", "sklearn.", "tensorflow.", "matplotlib.", "seaborn.", "scipy.")


def call(
    dotted: str,
    positional: list[Value],
    keywords: dict[str, Value],
    node: cst.Call,
    events: list[DataEvent],
) -> Value | None:
    """A call of an imported function or class (``np.array``, ``to_categorical``, ...)."""
    loaded = data_sources.load(dotted, positional, keywords, node)
    if loaded is not None:
        return loaded
    name = keras_api.keras_name(dotted)
    if name is not None:
        return _keras(name, positional, keywords, node)  # Keras calls never hide data
    if dotted.startswith("numpy.random."):
        name = dotted[len("numpy.random.") :]
        result = randoms.random_call(name, positional, keywords, node, legacy=True)
        return UNKNOWN if result is None else result
    if dotted.startswith("numpy."):  # None: the call may change an argument in place
        return arrays.numpy_call(dotted[len("numpy.") :], positional, keywords, node)
    result = None
    if dotted.startswith("pandas."):
        result = _pandas(dotted[len("pandas.") :], positional, keywords, node)
    elif dotted.startswith("sklearn."):
        result = _sklearn(dotted.rsplit(".", 1)[-1], positional, keywords, node, events)
    elif dotted.startswith("tensorflow."):
        result = _tensorflow(dotted[len("tensorflow.") :], positional, keywords, node)
    if result is None and dotted.startswith(_READ_ONLY_LIBRARIES):
        return UNKNOWN
    return result


def _pandas(name: str, positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    if name == "DataFrame":
        return frames.data_frame(positional, keywords, node)
    if name == "get_dummies":
        return frames.get_dummies(positional, keywords, node)
    if name == "Series" and positional:
        return as_array(positional[0], node)
    return frames.reader(name, positional, keywords, node)


def _sklearn(
    name: str, positional: list[Value], keywords: dict, node: cst.Call, events: list[DataEvent]
) -> Value | None:
    if name in preprocessing.ESTIMATORS or name[:1].isupper():
        return preprocessing.construct(name, positional, keywords, node)
    if name == "train_test_split":
        return preprocessing.train_test_split(positional, keywords, node, events)
    if name == "shuffle":
        return preprocessing.shuffle(positional, keywords)
    return None


def _keras(name: str, positional: list[Value], keywords: dict, node: cst.Call) -> Value | None:
    parts = name.split(".")
    if parts[0] == "utils" and parts[-1] == "to_categorical":
        return preprocessing.to_categorical(positional, keywords, node)
    if parts[0] == "utils" and parts[-1] == "normalize" and positional:
        source = as_array(positional[0], node)
        if source is not None:
            non_negative = source.low is not None and source.low >= 0
            step = Scaling("norm", node, source)
            return source.replace(
                dtype="float",
                low=0.0 if non_negative else -1.0,
                high=1.0,
                distinct=None,
                columns=None,
                scaling=(*source.scaling, step),
            )
    if parts[0] == "ops" and parts[-1] in ("cast", "convert_to_tensor"):
        return _cast(positional, keywords, node, optional=parts[-1] != "cast")
    if parts[0] == "ops" and parts[-1] == "one_hot":
        return preprocessing.tf_one_hot(positional, keywords, node, keras_ops=True)
    if parts[0] == "random" and len(parts) == 2:
        return randoms.framework_random(parts[1], positional, keywords, node)
    if parts[0] == "applications" and parts[-1] == "preprocess_input" and positional:
        source = as_array(positional[0], node)
        step = Scaling("preprocess_input", node)
        if source is None:
            return new_array(dtype="float", scaling=(step,), origin=describe(node), node=node)
        return source.replace(
            dtype="float", low=None, high=None, distinct=None, scaling=(*source.scaling, step)
        )
    return None


def _tensorflow(name: str, positional: list[Value], keywords: dict, node: cst.Call):
    if name == "one_hot":
        return preprocessing.tf_one_hot(positional, keywords, node, keras_ops=False)
    if name.startswith("random."):
        return randoms.framework_random(name[len("random.") :], positional, keywords, node)
    if name in ("constant", "convert_to_tensor", "cast"):
        return _cast(positional, keywords, node, optional=name != "cast")
    return None


def _cast(positional: list[Value], keywords: dict, node: cst.Call, optional: bool):
    """``tf.cast(x, dtype)`` / ``tf.convert_to_tensor(x, dtype=None)``: the same values."""
    if not positional:
        return None
    source = as_array(positional[0], node)
    dtype_value = keywords.get("dtype", positional[1] if len(positional) > 1 else None)
    if source is not None and dtype_value is not None:
        return array_ops.cast(source, dtype_of(dtype_value), node)
    return source if optional else None


def method(
    receiver: DataValue,
    name: str,
    positional: list[Value],
    keywords: dict[str, Value],
    node: cst.Call,
    events: list[DataEvent],
    call: Caller | None = None,
) -> tuple[Value, Value | None] | None:
    """A method call on a data value: (result, the receiver's new value or None if unchanged).

    ``call`` runs a function value of the file (for ``Dataset.map``)."""
    if isinstance(receiver, Dataset):
        return pipelines.method(receiver, name, positional, keywords, node, call)
    if isinstance(receiver, Augmenter):
        return loaders.augmenter_method(receiver, name, positional, keywords, node)
    if isinstance(receiver, Record):
        return UNKNOWN, None
    if isinstance(receiver, Array):
        return array_ops.array_method(receiver, name, positional, keywords, node)
    if isinstance(receiver, Frame):
        return frames.method(receiver, name, positional, keywords, node)
    if isinstance(receiver, Estimator):
        return preprocessing.estimator_method(receiver, name, positional, keywords, node, events)
    if isinstance(receiver, Generator):
        result = randoms.random_call(name, positional, keywords, node, receiver.legacy)
        return (UNKNOWN if result is None else result), None
    return None


def adapt(
    layer: Layer,
    positional: list[Value],
    keywords: dict[str, Value],
    node: cst.Call,
    events: list[DataEvent],
) -> Value:
    """``layer.adapt(data)`` on a Keras preprocessing layer (``Normalization``, ...)."""
    return preprocessing.adapt(layer, positional, keywords, node, events)


def binary(operator: Any, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``left <op> right`` where at least one side is a data value."""
    if isinstance(left, Frame):
        return frames.binary(operator, left, right, node)
    return array_ops.binary(operator, left, right, node)


def compare(operator: Any, left: Value, right: Value, node: cst.CSTNode) -> Value | None:
    """``left <cmp> right`` (a single comparison) where one side is a data value."""
    return array_ops.compare(operator, left, right, node)


def subscript(base: DataValue, indices: list[Value], node: cst.Subscript) -> Value | None:
    """``base[...]``; an index that is a slice arrives as UNKNOWN (read from ``node``)."""
    if isinstance(base, Array):
        return indexing.subscript(base, indices, node)
    if isinstance(base, Frame):
        return frames.subscript(base, indices, node)
    if isinstance(base, Record) and len(indices) == 1 and isinstance(indices[0], Const):
        return base.get(indices[0].value)
    return None


def index_helper(dotted: str, indices: list[Value], node: cst.Subscript) -> Value | None:
    """``np.c_[...]`` and ``np.r_[...]``, subscripts of numpy objects that build arrays."""
    if dotted in ("numpy.c_", "numpy.r_"):
        return arrays.numpy_index(dotted[len("numpy.") :], indices, node)
    return None


def attribute(base: DataValue, name: str, node: cst.Attribute) -> Value | None:
    """``base.name`` (``.values``, ``.T``, ``.shape``)."""
    if isinstance(base, Array):
        return array_ops.attribute(base, name, node)
    if isinstance(base, Frame):
        return frames.attribute(base, name, node)
    if isinstance(base, Record):
        return base.get(name)
    return None


def fits_before_split(events: list[DataEvent]) -> list[tuple[DataEvent, DataEvent]]:
    """(learning step, split) pairs where statistics were learned on data that is split later.

    A scaler fit (or ``Normalization.adapt``) on ``X`` followed by ``train_test_split(X, ...)``
    (or a split of something derived from ``X`` that keeps its samples) has seen the test
    rows: the scaling leaks.
    """
    pairs = []
    for index, learned in enumerate(events):
        if not learned.learns or not learned.inputs:
            continue
        seen = _rows(learned.inputs[0])
        if seen is None:
            continue
        for split in events[index + 1 :]:
            if split.kind != "split":
                continue
            parts = [_rows(value) for value in split.inputs]
            if any(rows is not None and rows.within(seen) for rows in parts):
                pairs.append((learned, split))
                break
    return pairs


def same_values(a: Array, b: Array) -> bool:
    """Whether two arrays hold the same data, up to casts, reshapes and rescaling.

    True for the same value, the same DataFrame column (by name, from the same file), or
    values produced by the same expression for the same samples (``y`` and ``y / 2``).
    """
    if a is b:
        return True
    if a.name is not None and a.name == b.name and a.frame is not None and b.frame is not None:
        rows_a, rows_b = a.frame.rows, b.frame.rows
        return rows_a is not None and rows_b is not None and rows_a.root is rows_b.root
    return (
        a.node is not None
        and a.node is b.node
        and a.origin == b.origin
        and a.rows is not None
        and a.rows is b.rows
    )


def column_holding(x: Array, y: Array) -> int | None:
    """The index of a column of ``x`` that holds ``y``'s values (a target left in the
    features), or None when there is none or it is not known."""
    for index, column in enumerate(x.columns or ()):
        if same_values(column, y):
            return index
    return None


def _rows(value: Value) -> Rows | None:
    if isinstance(value, Array | Frame):
        return value.rows
    array = as_array(value)
    return array.rows if array is not None else None
