"""The abstract data values: what the facts layer knows about arrays, frames and scalers.

Every field is a fact that holds whenever the script runs, or None when it is not known.
Value ranges are *bounds*: every element lies in ``[low, high]`` (for an evaluated literal
they are its exact minimum and maximum). ``distinct`` is a set every element belongs to
(for a literal, exactly its values).

These values are immutable: an operation returns a new value. Identity matters for two of
them: ``Rows`` (which samples a value holds, to tell training from test data) and the
value a scaler was fit on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zerolint.facts.values import Const, Value

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.values import Layer

Number = int | float
Shape = tuple[int | None, ...]

# dtype kinds: "int", "float", "bool", "uint8" (or None when not known).
INTEGER_DTYPES = frozenset({"int", "uint8", "bool"})
# Larger sets of values are not listed in ``distinct``.
MAX_DISTINCT = 256
# Arrays of at most this many elements can carry their exact ``values`` (a literal written
# out, ``np.tile`` of one, ``np.arange``): larger ones keep only their bounds.
MAX_VALUES = 10_000
BOOLS = frozenset({False, True})
UNIT = frozenset({0.0, 1.0})


class DataValue(Value):
    """Base class of the values this layer produces."""

    __slots__ = ()


@dataclass(frozen=True, eq=False)
class Rows:
    """Which samples a value holds; compared by identity.

    Fresh data (a literal, ``np.random``, a CSV file, a data set) gets new ``Rows``.
    Operations that keep the samples (``astype``, scaling, selecting columns, ``.values``)
    keep them; ``train_test_split`` and row subsets make a ``part`` of their input's rows.
    """

    origin: str
    parent: Rows | None = None
    part: str | None = None  # "train" | "test" (train_test_split), "subset"

    def within(self, other: Rows | None) -> bool:
        """True if these rows are ``other`` or a part of it (through any number of splits)."""
        current: Rows | None = self
        while current is not None:
            if current is other:
                return True
            current = current.parent
        return False

    @property
    def root(self) -> Rows:
        """The fresh data these rows were cut from."""
        current = self
        while current.parent is not None:
            current = current.parent
        return current


@dataclass(frozen=True, eq=False)
class Scaling:
    """One scaling step applied to data.

    ``kind`` is "constant" (``x / 255``), "standardize" (``(x - mean) / std``), "min-max",
    "max" (``x / x.max()``), "norm", "preprocess_input", or an estimator class
    ("StandardScaler", ...). ``fitted_on`` is the data its statistics came from (None for
    constants): when those rows include test rows, the scaling leaks. ``axis`` is the axis of
    the statistic a manual step divides by (0: per feature, None: over all values, 1 or -1:
    per sample, which learns nothing across samples); None for estimators and constants.
    """

    kind: str
    node: cst.CSTNode | None = field(default=None, repr=False)
    fitted_on: DataValue | None = field(default=None, repr=False)
    axis: Any = None


@dataclass(frozen=True, eq=False)
class Array(DataValue):
    """A numpy array, tensor or pandas Series, as far as it is known.

    ``shape``      tuple of int or None per dimension, or None when even the rank is unknown
    ``dtype``      "int", "float", "bool", "uint8", or None
    ``low/high``   inclusive bounds of the values, or None
    ``distinct``   a small set containing every value, or None
    ``one_hot``    True for one-hot rows (to_categorical, get_dummies, ...), False, or None
    ``n_classes``  classes the encoding implies: a one-hot width, or max label + 1 for
                   non-negative integer labels; None when not known
    ``scaling``    the scaling steps applied, in order (see ``scaled``)
    ``origin``     a short description for messages (``np.random.randint(0, 5, ...)``)
    ``node``       where the value was produced (cite its line)
    ``columns``    per-column Arrays of a 2-D value, when known
    ``rows``       which samples it holds (see ``Rows``)
    ``name``       the column name, for one DataFrame column
    ``frame``      the DataFrame it was taken from (a column) or converted from (``.values``)
    ``values``     every element, flat in row-major order, when known exactly (numbers and
                   bools of literals and of what numpy computes from them, up to
                   ``MAX_VALUES``); an operation that does not compute them drops them
    """

    shape: Shape | None = None
    dtype: str | None = None
    low: Number | None = None
    high: Number | None = None
    distinct: frozenset | None = None
    one_hot: bool | None = None
    n_classes: int | None = None
    scaling: tuple[Scaling, ...] = ()
    origin: str = ""
    node: cst.CSTNode | None = field(default=None, repr=False)
    columns: tuple[Array, ...] | None = None
    rows: Rows | None = None
    name: str | None = None
    frame: Frame | None = None
    values: tuple | None = field(default=None, repr=False)

    @property
    def scaled(self) -> bool:
        """True when a scaling step was applied (``/ 255``, a scaler, standardization)."""
        return bool(self.scaling)

    @property
    def ndim(self) -> int | None:
        return len(self.shape) if self.shape is not None else None

    @property
    def is_integer(self) -> bool:
        """Integer-typed (int, uint8 or bool) values."""
        return self.dtype in INTEGER_DTYPES

    @property
    def binary(self) -> bool:
        """Every value is 0 or 1 (as known)."""
        if self.distinct is not None:
            return all(_is_number(v) and v in (0, 1) for v in self.distinct)
        return False

    def replace(self, **changes: Any) -> Array:
        """A copy with ``changes``; ``n_classes`` and ranges are re-derived unless given, and
        the exact ``values`` are dropped unless given (an operation keeps them on purpose)."""
        if "n_classes" not in changes:
            changes["n_classes"] = None
        if "values" not in changes:
            changes["values"] = None
        return make_array(dataclasses.replace(self, **changes))

    def __repr__(self) -> str:
        facts = [f"shape={self.shape}", f"dtype={self.dtype}"]
        if self.low is not None or self.high is not None:
            facts.append(f"range=[{self.low}, {self.high}]")
        if self.distinct is not None:
            facts.append(f"distinct={sorted(self.distinct, key=repr)}")
        facts += [f"one_hot={self.one_hot}", f"n_classes={self.n_classes}"]
        if self.scaling:
            facts.append("scaled by " + ", ".join(step.kind for step in self.scaling))
        if self.name is not None:
            facts.append(f"name={self.name!r}")
        if self.columns is not None:
            facts.append(f"columns={len(self.columns)}")
        return f"Array({', '.join(facts)}, origin={self.origin!r})"


@dataclass(frozen=True, eq=False)
class Frame(DataValue):
    """A pandas DataFrame.

    ``columns``  the column names in order when known; when None the frame has every
                 column of the data it was read from except those in ``dropped``
    ``data``     (name, Array) for the columns whose contents are known
    ``dropped``  names known to have been removed (``drop``, ``pop``)
    ``n_rows``   the number of rows, when known
    """

    columns: tuple[str, ...] | None = None
    data: tuple[tuple[str, Array], ...] = ()
    dropped: frozenset[str] = frozenset()
    n_rows: int | None = None
    scaling: tuple[Scaling, ...] = ()
    origin: str = ""
    node: cst.CSTNode | None = field(default=None, repr=False)
    rows: Rows | None = None

    @property
    def scaled(self) -> bool:
        return bool(self.scaling)

    def contains(self, name: str) -> bool | None:
        """Whether the frame has a column ``name``: True, False, or None when not known."""
        if self.columns is not None:
            return name in self.columns
        if name in self.dropped:
            return False
        return None

    def holds(self, column: Array) -> bool | None:
        """Whether this frame still holds ``column`` (a column taken from the same data).

        True when the column was taken from a frame of the same source data and this
        frame keeps that name: ``y = df["t"]; X = df`` (a target left in the features).
        """
        if column.name is None or column.frame is None:
            return None
        here = self.contains(column.name)
        if here is not None:
            return here
        source = column.frame.rows
        if self.rows is None or source is None or self.rows.root is not source.root:
            return None
        return True  # the source had the column (it was read) and this frame keeps all

    def __repr__(self) -> str:
        facts = [f"columns={self.columns}", f"n_rows={self.n_rows}"]
        if self.dropped:
            facts.append(f"dropped={sorted(self.dropped)}")
        if self.scaling:
            facts.append("scaled by " + ", ".join(step.kind for step in self.scaling))
        return f"Frame({', '.join(facts)}, origin={self.origin!r})"

    def column_data(self, name: str) -> Array | None:
        for key, array in self.data:
            if key == name:
                return array
        return None


@dataclass(frozen=True, eq=False)
class Statistic(DataValue):
    """A statistic of data (``x.mean(axis=0)``, ``np.std(x)``, ``x.max() - x.min()``).

    ``kind``: "mean", "std", "var", "min", "max", "median", "sum", "ptp", "spread" (max -
    min) or "norm". Dividing data by one is a scaling step fitted on ``of``.
    """

    kind: str
    of: DataValue = field(repr=False)
    axis: Any = None
    node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class Estimator(DataValue):
    """An sklearn object: a scaler or encoder (what ``transform`` gives is modelled), or
    another estimator (a model: only that it was fit).

    ``kind``       the class name ("StandardScaler", "MinMaxScaler", "RobustScaler",
                   "MaxAbsScaler", "Normalizer", "QuantileTransformer", "PowerTransformer",
                   "LabelEncoder", "OneHotEncoder", "LabelBinarizer", "OrdinalEncoder",
                   "SimpleImputer", or e.g. "RandomForestClassifier")
    ``keywords``   its constructor arguments
    ``fitted``     True once ``fit``/``fit_transform`` ran on it
    ``fitted_on``  the data it was fit on (None when not fitted or unknown)
    ``node``       the constructor call; ``fit_node`` the fit call
    """

    kind: str
    keywords: dict[str, Value] = field(default_factory=dict)
    fitted: bool = False
    fitted_on: DataValue | None = field(default=None, repr=False)
    node: cst.CSTNode | None = field(default=None, repr=False)
    fit_node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class Generator(DataValue):
    """A random generator: ``np.random.default_rng(seed)`` or ``np.random.RandomState``."""

    legacy: bool  # RandomState: the ``np.random.*`` API; else the Generator API
    node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class Dataset(DataValue):
    """A stream of elements that ``fit`` reads batch by batch: a ``tf.data.Dataset``, a Keras
    directory loader's dataset, an ``ImageDataGenerator`` iterator.

    ``samples``  the elements' structure over all the samples, as ``fit(x, y)`` would be
                 given them as arrays: an Array (inputs only), a Seq ``(x, y)`` or
                 ``(x, y, sample_weight)``, a Mapping, or UNKNOWN. Each Array's first axis is
                 the samples (its size is the sample count, when known).
    ``batched``  True when each element is a batch of samples, so ``fit`` reads the samples
                 as it reads arrays; False when each element is one sample; None unknown.
    ``origin``/``node``  the call that made it, for messages.
    """

    samples: Value
    batched: bool | None
    origin: str = ""
    node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class Record(DataValue):
    """An object of named data fields: scikit-learn's ``Bunch`` (``iris.data``,
    ``iris["target"]``). A field that is not listed is not known."""

    fields: tuple[tuple[str, Value], ...]
    origin: str = ""
    node: cst.CSTNode | None = field(default=None, repr=False)

    def get(self, name: str) -> Value | None:
        for key, value in self.fields:
            if key == name:
                return value
        return None


@dataclass(frozen=True, eq=False)
class Augmenter(DataValue):
    """``ImageDataGenerator(...)``: its arguments say what its flows do to the pixels."""

    keywords: dict[str, Value] = field(default_factory=dict)
    node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class DataEvent:
    """A step that learns from data or splits it, in the order the interpreter meets it.

    ``kind``       "fit" (an estimator learns statistics: ``fit``, ``fit_transform``),
                   "transform", "adapt" (a Keras preprocessing layer), or "split"
    ``node``       the call
    ``inputs``     the data fitted on, transformed, or split (abstract values)
    ``estimator``  the sklearn estimator (fit / transform), as it is after the step
    ``layer``      the Keras layer (adapt)
    ``outputs``    the parts, in order (split)

    Events in both arms of an ``if`` are all recorded; function bodies are met when called
    and once more on their own after the module.
    """

    kind: str
    node: cst.CSTNode = field(repr=False)
    inputs: tuple[Value, ...] = ()
    estimator: Estimator | None = None
    layer: Layer | None = None
    outputs: tuple[Value, ...] = ()

    @property
    def learns(self) -> bool:
        """The step computes statistics from its inputs (fit, fit_transform, adapt)."""
        return self.kind in ("fit", "adapt")


# -- construction helpers ---------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float)


def make_array(array: Array) -> Array:
    """Normalise an Array: cap ``distinct``, derive bounds, one-hotness and ``n_classes``."""
    distinct, low, high = array.distinct, array.low, array.high
    if distinct is not None and len(distinct) > MAX_DISTINCT:
        distinct = None
    if distinct is not None and distinct and all(_is_number(v) for v in distinct):
        low = min(distinct) if low is None else max(low, min(distinct))
        high = max(distinct) if high is None else min(high, max(distinct))
        if isinstance(low, bool):
            low = int(low)
        if isinstance(high, bool):
            high = int(high)
    one_hot = array.one_hot
    if one_hot is None and array.shape is not None and len(array.shape) <= 1:
        one_hot = False
    n_classes = array.n_classes
    if n_classes is None:
        n_classes = _implied_classes(array, one_hot, distinct, low, high)
    if (distinct, low, high, one_hot, n_classes) == (
        array.distinct,
        array.low,
        array.high,
        array.one_hot,
        array.n_classes,
    ):
        return array
    return dataclasses.replace(
        array, distinct=distinct, low=low, high=high, one_hot=one_hot, n_classes=n_classes
    )


def _implied_classes(
    array: Array, one_hot: bool | None, distinct: frozenset | None, low: Any, high: Any
) -> int | None:
    shape = array.shape
    if one_hot:
        return shape[-1] if shape and shape[-1] is not None else None
    label_shaped = shape is None or len(shape) <= 1 or (len(shape) == 2 and shape[1] == 1)
    if not label_shaped:
        return None
    integer = array.dtype in INTEGER_DTYPES
    if distinct and all(_is_number(v) and float(v).is_integer() and v >= 0 for v in distinct):
        count = int(max(distinct)) + 1
        # Float values read as class indices only when they are exactly 0, 1, ..., k-1.
        return count if integer or len(distinct) == count else None
    if distinct is None and integer and low is not None and low >= 0 and high is not None:
        return int(high) + 1
    return None


def new_array(**fields: Any) -> Array:
    """An Array with its derived facts filled in."""
    return make_array(Array(**fields))


def infer_dtype(flat: list[Any]) -> str | None:
    """The dtype numpy gives a list of Python values."""
    if not flat:
        return "float"
    if all(isinstance(v, bool) for v in flat):
        return "bool"
    if all(isinstance(v, int) for v in flat):
        return "int"
    if all(isinstance(v, int | float) for v in flat):
        return "float"
    return None


def cast_value(value: Any, kind: str) -> Any:
    """One element converted as numpy would; raises ValueError when not modelled."""
    if isinstance(value, str):
        raise ValueError(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    converted = int(value)
    if kind == "uint8" and not 0 <= converted <= 255:
        raise ValueError(value)
    return converted


def promote(dtypes: list[str | None]) -> str | None:
    """The dtype of values of these dtypes combined."""
    if not dtypes or any(d is None for d in dtypes):
        return None
    if len(set(dtypes)) == 1:
        return dtypes[0]
    if all(d in INTEGER_DTYPES for d in dtypes):
        return "int"
    return "float" if all(d in (*INTEGER_DTYPES, "float") for d in dtypes) else None


def union(arrays: list[Array] | tuple[Array, ...]):
    """Bounds and distinct values holding for every element of all ``arrays``."""
    lows = [a.low for a in arrays]
    highs = [a.high for a in arrays]
    low = min(lows) if lows and None not in lows else None
    high = max(highs) if highs and None not in highs else None
    distinct = None
    if arrays and all(a.distinct is not None for a in arrays):
        distinct = frozenset().union(*(a.distinct for a in arrays))
    return low, high, distinct


def literal_number(value: Value | None) -> Any:
    """A known int, float or bool constant, else None."""
    if isinstance(value, Const) and isinstance(value.value, int | float):
        return value.value
    return None
