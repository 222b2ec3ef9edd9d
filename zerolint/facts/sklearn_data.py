"""scikit-learn's data sets: the bundled loaders (no download) and the generators.

The bundled loaders' sizes, feature names and per-feature ranges are those of the files
scikit-learn ships (the ranges its DESCR documents); ``tests/test_sources_libraries.py``
checks them against the installed scikit-learn. A loader returns a ``Bunch`` (``.data``,
``.target``, ``.frame``, ...), ``(X, y)`` with ``return_X_y=True``, and pandas objects with
``as_frame=True``. The generators give float features and integer class labels
``0..n_classes-1`` (a 0/1 indicator matrix for ``make_multilabel_classification``).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from zerolint.facts.data_args import describe, integer, is_none
from zerolint.facts.data_values import Array, Frame, Record, Rows, new_array
from zerolint.facts.values import UNKNOWN, Const, Seq, Value

Column = tuple[str, float, float]  # name, minimum, maximum


@dataclass(frozen=True)
class Bundled:
    """A data set shipped with scikit-learn.

    ``columns``  (name, min, max) per feature; ``names`` + ``feature_range`` when the
                 features share one range (the digits' pixels)
    ``classes``  the number of classes of the integer target; None for regression, whose
                 targets are ``targets`` ((name, min, max) per target column)
    """

    samples: int
    columns: tuple[Column, ...] = ()
    names: tuple[str, ...] = ()
    feature_range: tuple[float, float] | None = None
    classes: int | None = None
    targets: tuple[Column, ...] = ()
    images: tuple[int, int] | None = None

    @property
    def feature_names(self) -> tuple[str, ...]:
        return tuple(c[0] for c in self.columns) or self.names


IRIS = Bundled(
    150,
    (
        ("sepal length (cm)", 4.3, 7.9),
        ("sepal width (cm)", 2.0, 4.4),
        ("petal length (cm)", 1.0, 6.9),
        ("petal width (cm)", 0.1, 2.5),
    ),
    classes=3,
)
DIGITS = Bundled(
    1797,
    names=tuple(f"pixel_{row}_{column}" for row in range(8) for column in range(8)),
    feature_range=(0.0, 16.0),
    classes=10,
    images=(8, 8),
)
BREAST_CANCER = Bundled(
    569,
    (
        ("mean radius", 6.981, 28.11),
        ("mean texture", 9.71, 39.28),
        ("mean perimeter", 43.79, 188.5),
        ("mean area", 143.5, 2501.0),
        ("mean smoothness", 0.05263, 0.1634),
        ("mean compactness", 0.01938, 0.3454),
        ("mean concavity", 0.0, 0.4268),
        ("mean concave points", 0.0, 0.2012),
        ("mean symmetry", 0.106, 0.304),
        ("mean fractal dimension", 0.04996, 0.09744),
        ("radius error", 0.1115, 2.873),
        ("texture error", 0.3602, 4.885),
        ("perimeter error", 0.757, 21.98),
        ("area error", 6.802, 542.2),
        ("smoothness error", 0.001713, 0.03113),
        ("compactness error", 0.002252, 0.1354),
        ("concavity error", 0.0, 0.396),
        ("concave points error", 0.0, 0.05279),
        ("symmetry error", 0.007882, 0.07895),
        ("fractal dimension error", 0.0008948, 0.02984),
        ("worst radius", 7.93, 36.04),
        ("worst texture", 12.02, 49.54),
        ("worst perimeter", 50.41, 251.2),
        ("worst area", 185.2, 4254.0),
        ("worst smoothness", 0.07117, 0.2226),
        ("worst compactness", 0.02729, 1.058),
        ("worst concavity", 0.0, 1.252),
        ("worst concave points", 0.0, 0.291),
        ("worst symmetry", 0.1565, 0.6638),
        ("worst fractal dimension", 0.05504, 0.2075),
    ),
    classes=2,
)
WINE = Bundled(
    178,
    (
        ("alcohol", 11.03, 14.83),
        ("malic_acid", 0.74, 5.8),
        ("ash", 1.36, 3.23),
        ("alcalinity_of_ash", 10.6, 30.0),
        ("magnesium", 70.0, 162.0),
        ("total_phenols", 0.98, 3.88),
        ("flavanoids", 0.34, 5.08),
        ("nonflavanoid_phenols", 0.13, 0.66),
        ("proanthocyanins", 0.41, 3.58),
        ("color_intensity", 1.28, 13.0),
        ("hue", 0.48, 1.71),
        ("od280/od315_of_diluted_wines", 1.27, 4.0),
        ("proline", 278.0, 1680.0),
    ),
    classes=3,
)
# ``scaled=True`` (the default): each column centred and divided by its norm; the bounds
# are rounded outwards.
DIABETES = Bundled(
    442,
    (
        ("age", -0.1073, 0.1108),
        ("sex", -0.0447, 0.0507),
        ("bmi", -0.0903, 0.1706),
        ("bp", -0.1124, 0.1321),
        ("s1", -0.1268, 0.154),
        ("s2", -0.1157, 0.1988),
        ("s3", -0.1024, 0.1812),
        ("s4", -0.0764, 0.1853),
        ("s5", -0.1261, 0.1336),
        ("s6", -0.1378, 0.1357),
    ),
    targets=(("target", 25.0, 346.0),),
)
DIABETES_RAW = Bundled(
    442,
    (
        ("age", 19.0, 79.0),
        ("sex", 1.0, 2.0),
        ("bmi", 18.0, 42.2),
        ("bp", 62.0, 133.0),
        ("s1", 97.0, 301.0),
        ("s2", 41.6, 242.4),
        ("s3", 22.0, 99.0),
        ("s4", 2.0, 9.09),
        ("s5", 3.2581, 6.107),
        ("s6", 58.0, 124.0),
    ),
    targets=(("target", 25.0, 346.0),),
)
LINNERUD = Bundled(
    20,
    (("Chins", 1.0, 17.0), ("Situps", 50.0, 251.0), ("Jumps", 25.0, 250.0)),
    targets=(("Weight", 138.0, 247.0), ("Waist", 31.0, 46.0), ("Pulse", 46.0, 74.0)),
)
# The number of digits of each class, 0..9 (``load_digits(n_class=k)`` keeps classes < k).
_DIGIT_COUNTS = (178, 182, 177, 183, 181, 182, 181, 179, 174, 180)


# -- the bundled loaders ------------------------------------------------------------------


def bundled(spec: Bundled):
    """The table entry's builder for one bundled data set."""

    def load(named: dict[str, Value], node: cst.Call) -> Value:
        data = spec
        if spec is DIABETES and named.get("scaled", Const(True)) == Const(False):
            data = DIABETES_RAW
        classes = data.classes
        samples: int | None = data.samples
        if spec is DIGITS and "n_class" in named:
            classes = integer(named["n_class"])
            samples = sum(_DIGIT_COUNTS[:classes]) if classes and 0 < classes <= 10 else None
        return _bunch(data, samples, classes, named, node)

    return load


def _bunch(
    spec: Bundled, samples: int | None, classes: int | None, named: dict, node: cst.Call
) -> Value:
    as_frame = named.get("as_frame", Const(False))
    split = named.get("return_X_y", Const(False))
    if not (isinstance(as_frame, Const) and isinstance(split, Const)):
        return UNKNOWN
    origin = describe(node)
    rows = Rows(origin)
    # How messages name the parts: ``load_iris(return_X_y=True) X`` or ``load_iris().data``.
    x_name, y_name = (" X", " y") if split.value else (".data", ".target")
    x = _features(spec, samples, origin + x_name, node, rows)
    y = _target(spec, samples, classes, origin + y_name, node, rows)
    if as_frame.value:
        frame, x, y = _frames(spec, x, y, origin, node, rows)
    else:
        frame = Const(None)
    if split.value:
        return Seq((x, y), node)
    fields = [("data", x), ("target", y), ("frame", frame)]
    fields.append(("feature_names", Seq(tuple(Const(n) for n in spec.feature_names), node)))
    if spec.images is not None and samples is not None:
        fields.append(("images", _images(spec, samples, origin, node, rows)))
    return Record(tuple(fields), origin, node)


def _features(spec: Bundled, samples: int | None, origin: str, node, rows: Rows) -> Array:
    columns = None
    if spec.columns:
        columns = tuple(
            new_array(
                shape=(samples,),
                dtype="float",
                low=low,
                high=high,
                one_hot=False,
                origin=f"{origin}.data[:, {index}]",
                node=node,
                rows=rows,
                name=name,
            )
            for index, (name, low, high) in enumerate(spec.columns)
        )
        low, high = min(c[1] for c in spec.columns), max(c[2] for c in spec.columns)
    else:
        low, high = spec.feature_range or (None, None)
    return new_array(
        shape=(samples, len(spec.feature_names)),
        dtype="float",
        low=low,
        high=high,
        one_hot=False,
        origin=origin,
        node=node,
        rows=rows,
        columns=columns,
    )


def _target(
    spec: Bundled, samples: int | None, classes: int | None, origin: str, node, rows: Rows
) -> Array:
    if spec.targets:
        lows, highs = [t[1] for t in spec.targets], [t[2] for t in spec.targets]
        shape = (samples,) if len(spec.targets) == 1 else (samples, len(spec.targets))
        return new_array(
            shape=shape,
            dtype="float",
            low=min(lows),
            high=max(highs),
            one_hot=False,
            origin=f"{origin}.target",
            node=node,
            rows=rows,
        )
    known = classes is not None and classes > 0
    return new_array(
        shape=(samples,),
        dtype="int",
        low=0,
        high=classes - 1 if known else None,
        distinct=frozenset(range(classes)) if known else None,
        one_hot=False,
        n_classes=classes if known else None,
        origin=origin,
        node=node,
        rows=rows,
    )


def _images(spec: Bundled, samples: int, origin: str, node, rows: Rows) -> Array:
    """``load_digits().images``: the features as 8x8 images."""
    low, high = spec.feature_range or (None, None)
    return new_array(
        shape=(samples, *spec.images),
        dtype="float",
        low=low,
        high=high,
        one_hot=False,
        origin=f"{origin}.images",
        node=node,
        rows=rows,
    )


def _frames(spec: Bundled, x: Array, y: Array, origin: str, node, rows: Rows):
    """``as_frame=True``: features as a DataFrame, the target as a Series (a DataFrame for
    several targets), and ``.frame`` holding both."""
    names = spec.feature_names
    data = tuple(zip(names, x.columns, strict=True)) if x.columns else ()
    features = Frame(
        columns=names, data=data, n_rows=x.shape[0], origin=f"{origin}.data", node=node, rows=rows
    )
    target_names = tuple(t[0] for t in spec.targets) or ("target",)
    if len(target_names) == 1:
        target: Value = y.replace(name=target_names[0], n_classes=y.n_classes)
        target_data = ((target_names[0], target),)
    else:
        target = Frame(
            columns=target_names,
            n_rows=x.shape[0],
            origin=f"{origin}.target",
            node=node,
            rows=rows,
        )
        target_data = ()
    whole = Frame(
        columns=(*names, *target_names),
        data=(*data, *target_data),
        n_rows=x.shape[0],
        origin=f"{origin}.frame",
        node=node,
        rows=rows,
    )
    if isinstance(target, Array):
        target = target.replace(frame=whole, n_classes=target.n_classes)
    return whole, features, target


# -- the generators -----------------------------------------------------------------------


def _labels(count: int | None, classes: int | None, origin: str, node, rows: Rows) -> Array:
    known = classes is not None and classes > 0
    return new_array(
        shape=(count,),
        dtype="int",
        low=0,
        high=classes - 1 if known else None,
        distinct=frozenset(range(classes)) if known else None,
        one_hot=False,
        n_classes=classes if known else None,
        origin=f"{origin} y",
        node=node,
        rows=rows,
    )


def _points(count, features, origin: str, node, rows: Rows, low=None, high=None) -> Array:
    return new_array(
        shape=(count, features),
        dtype="float",
        low=low,
        high=high,
        one_hot=False,
        origin=f"{origin} X",
        node=node,
        rows=rows,
    )


def _count(value: Value | None, default: int) -> int | None:
    """``n_samples``: an int, or a list/tuple of per-class counts (their sum)."""
    if value is None:
        return default
    if isinstance(value, Seq):
        counts = [integer(item) for item in value.items]
        return sum(counts) if None not in counts else None
    return integer(value)


def make_classification(named: dict[str, Value], node: cst.Call) -> Value:
    """Float features, integer labels 0..n_classes-1 (2 by default)."""
    origin, rows = describe(node), Rows(describe(node))
    count = _count(named.get("n_samples"), 100)
    features = integer(named.get("n_features", Const(20)))
    x = _points(count, features, origin, node, rows)
    y = _labels(count, integer(named.get("n_classes", Const(2))), origin, node, rows)
    split = named.get("return_X_y", Const(True))
    if split == Const(False):
        return Record((("X", x), ("y", y)), origin, node)
    return Seq((x, y), node) if split == Const(True) else UNKNOWN


def make_blobs(named: dict[str, Value], node: cst.Call) -> Value:
    """One label per centre: 3 centres unless ``centers`` (a count or a list of points) or
    a list of per-centre ``n_samples`` says otherwise."""
    origin, rows = describe(node), Rows(describe(node))
    given, centers = named.get("n_samples"), named.get("centers")
    count = _count(given, 100)
    if isinstance(given, Seq):
        classes = len(given.items)
    elif is_none(centers):
        classes = 3
    elif isinstance(centers, Seq):
        classes = len(centers.items)
    else:
        classes = integer(centers)
    x = _points(count, integer(named.get("n_features", Const(2))), origin, node, rows)
    parts: tuple[Value, ...] = (x, _labels(count, classes, origin, node, rows))
    returned = named.get("return_centers", Const(False))
    if returned != Const(False):
        if returned != Const(True):
            return UNKNOWN
        parts = (*parts, UNKNOWN)
    return Seq(parts, node)


def two_classes(bounds: tuple[float, float]):
    """``make_moons`` / ``make_circles``: 2-D points (within ``bounds`` without noise), 0/1."""

    def make(named: dict[str, Value], node: cst.Call) -> Value:
        origin, rows = describe(node), Rows(describe(node))
        count = _count(named.get("n_samples"), 100)
        low, high = bounds if is_none(named.get("noise")) else (None, None)
        x = _points(count, 2, origin, node, rows, low, high)
        return Seq((x, _labels(count, 2, origin, node, rows)), node)

    return make


def make_regression(named: dict[str, Value], node: cst.Call) -> Value:
    """Float features and float targets (``(n, n_targets)`` for several targets)."""
    origin, rows = describe(node), Rows(describe(node))
    count = _count(named.get("n_samples"), 100)
    x = _points(count, integer(named.get("n_features", Const(100))), origin, node, rows)
    targets = integer(named.get("n_targets", Const(1)))
    shape = (count,) if targets == 1 else (count, targets)
    y = new_array(
        shape=shape, dtype="float", one_hot=False, origin=f"{origin} y", node=node, rows=rows
    )
    coef = named.get("coef", Const(False))
    if coef == Const(False):
        return Seq((x, y), node)
    return Seq((x, y, UNKNOWN), node) if coef == Const(True) else UNKNOWN


def make_multilabel_classification(named: dict[str, Value], node: cst.Call) -> Value:
    """Word-count features and a dense 0/1 indicator matrix, one column per class (5): a
    sample may have several labels or none, so the rows are not one-hot."""
    origin, rows = describe(node), Rows(describe(node))
    dense = named.get("return_indicator", Const("dense")) in (Const("dense"), Const(True))
    if not dense or named.get("sparse", Const(False)) != Const(False):
        return UNKNOWN
    count = _count(named.get("n_samples"), 100)
    x = _points(count, integer(named.get("n_features", Const(20))), origin, node, rows, low=0)
    classes = integer(named.get("n_classes", Const(5)))
    y = new_array(
        shape=(count, classes),
        dtype="int",
        distinct=frozenset({0, 1}),
        one_hot=False,
        origin=f"{origin} Y (multi-label)",
        node=node,
        rows=rows,
    )
    distributions = named.get("return_distributions", Const(False))
    if distributions == Const(False):
        return Seq((x, y), node)
    return Seq((x, y, UNKNOWN, UNKNOWN), node) if distributions == Const(True) else UNKNOWN


def make_gaussian_quantiles(named: dict[str, Value], node: cst.Call) -> Value:
    """Gaussian features, labels 0..n_classes-1 (3 by default) by distance from the mean."""
    origin, rows = describe(node), Rows(describe(node))
    count = _count(named.get("n_samples"), 100)
    x = _points(count, integer(named.get("n_features", Const(2))), origin, node, rows)
    y = _labels(count, integer(named.get("n_classes", Const(3))), origin, node, rows)
    return Seq((x, y), node)


def make_hastie_10_2(named: dict[str, Value], node: cst.Call) -> Value:
    """Ten Gaussian features and labels -1.0 / 1.0 (not 0/1)."""
    origin, rows = describe(node), Rows(describe(node))
    count = _count(named.get("n_samples"), 12000)
    x = _points(count, 10, origin, node, rows)
    y = new_array(
        shape=(count,),
        dtype="float",
        distinct=frozenset({-1.0, 1.0}),
        one_hot=False,
        origin=f"{origin} y",
        node=node,
        rows=rows,
    )
    return Seq((x, y), node)
