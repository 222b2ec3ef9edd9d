"""The standard ``keras.datasets``: what ``<name>.load_data()`` returns.

Shapes, dtypes and value ranges follow the Keras sources (``keras/src/datasets``): images
are uint8 pixels in 0..255, labels are integers; ``(x_train, y_train), (x_test, y_test)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from zerolint.facts.data_args import describe, is_none, number
from zerolint.facts.data_values import Rows, Shape, new_array
from zerolint.facts.values import Const, Seq, Value


@dataclass(frozen=True)
class _Spec:
    """One data set: sample counts, per-sample shapes, dtypes and value ranges."""

    n_train: int
    n_test: int
    x_shape: Shape  # per sample
    x_dtype: str | None
    x_range: tuple[float, float] | None
    y_shape: Shape  # per sample
    y_dtype: str
    classes: int | None  # None: regression targets
    y_range: tuple[float, float] | None = None
    params: tuple[str, ...] = ("path",)
    sequences: bool = False  # x holds lists of word indices (dtype object)


_IMAGES = (0, 255)
_TEXT = ("path", "num_words", "skip_top", "maxlen")
_TEXT_TAIL = ("start_char", "oov_char", "index_from")
_SPECS = {
    "mnist": _Spec(60000, 10000, (28, 28), "uint8", _IMAGES, (), "uint8", 10),
    "fashion_mnist": _Spec(60000, 10000, (28, 28), "uint8", _IMAGES, (), "uint8", 10, params=()),
    "cifar10": _Spec(50000, 10000, (32, 32, 3), "uint8", _IMAGES, (1,), "uint8", 10, params=()),
    "cifar100": _Spec(
        50000, 10000, (32, 32, 3), "uint8", _IMAGES, (1,), "int", 100, params=("label_mode",)
    ),
    "imdb": _Spec(
        25000,
        25000,
        (),
        None,
        None,
        (),
        "int",
        2,
        params=(*_TEXT, "seed", *_TEXT_TAIL),
        sequences=True,
    ),
    "reuters": _Spec(
        11228,
        0,
        (),
        None,
        None,
        (),
        "int",
        46,
        params=(*_TEXT, "test_split", "seed", *_TEXT_TAIL),
        sequences=True,
    ),
    "boston_housing": _Spec(
        506,
        0,
        (13,),
        "float",
        (0.0, 711.0),
        (),
        "float",
        None,
        (5.0, 50.0),
        params=("path", "test_split", "seed"),
    ),
    "california_housing": _Spec(
        20640,
        0,
        (8,),
        "float",
        None,
        (),
        "float",
        None,
        params=("version", "path", "test_split", "seed"),
    ),
}


def loader(name: str):
    """The table entry's builder for ``keras.datasets.<name>.load_data``:
    ``Seq((x_train, y_train), (x_test, y_test))``."""
    spec = _SPECS[name]

    def load(named: dict[str, Value], node: cst.Call) -> Value:
        return _load(name, spec, named, node)

    return spec.params, load


def _load(name: str, spec: _Spec, named: dict[str, Value], node: cst.Call) -> Value:
    n_train, n_test = _sizes(name, spec, named)
    classes = spec.classes
    if name == "cifar100":
        mode = named.get("label_mode", Const("fine"))
        classes = {"fine": 100, "coarse": 20}.get(mode.value if isinstance(mode, Const) else None)
    origin = describe(node)
    parts = []
    for part, count in (("train", n_train), ("test", n_test)):
        rows = Rows(f"{origin} {part}")
        x = new_array(
            shape=(count, *spec.x_shape),
            dtype=spec.x_dtype,
            low=spec.x_range[0] if spec.x_range else None,
            high=spec.x_range[1] if spec.x_range else None,
            one_hot=False,
            origin=f"{origin} x_{part}" + (" (word-index sequences)" if spec.sequences else ""),
            node=node,
            rows=rows,
        )
        y = new_array(
            shape=(count, *spec.y_shape),
            dtype=spec.y_dtype,
            low=0 if classes else (spec.y_range[0] if spec.y_range else None),
            high=classes - 1 if classes else (spec.y_range[1] if spec.y_range else None),
            distinct=frozenset(range(classes)) if classes else None,
            one_hot=False,
            n_classes=classes,
            origin=f"{origin} y_{part}",
            node=node,
            rows=rows,
        )
        parts.append(Seq((x, y), node))
    return Seq(tuple(parts), node)


NAMES = tuple(_SPECS)


def _sizes(name: str, spec: _Spec, named: dict[str, Value]) -> tuple[int | None, int | None]:
    if not is_none(named.get("maxlen")):
        return None, None  # long sequences are dropped: counts unknown
    if spec.n_test:
        return spec.n_train, spec.n_test
    total: int | None = spec.n_train
    if name == "california_housing":
        version = named.get("version", Const("large"))
        total = {"large": 20640, "small": 600}.get(
            version.value if isinstance(version, Const) else None
        )
    split = named.get("test_split", Const(0.2))
    fraction = number(split)
    if total is None or fraction is None or not 0 <= fraction < 1:
        return None, None
    n_train = int(total * (1 - fraction))
    return n_train, total - n_train
