"""Seeded stand-ins for the data sets a script downloads (``keras.datasets`` and
scikit-learn's documented ``fetch_*`` loaders), for dry runs that cannot download them.

Each stand-in has the real set's shapes (the full row counts, so that a script's
``reshape(60000, 784)`` still works; CIFAR's a fifth of them), dtypes, value ranges and
class counts, and honours
the loader's arguments (``num_words``, ``maxlen``, ``label_mode``, ``test_split``,
``version``, ``return_X_y``, ``as_frame``, ``subset``). Its values are random: a block of
distinct rows is drawn once and repeated to the full length, which costs a copy, not a
draw per row. Verdicts on a stand-in hold only for claims about shapes, ranges, encodings,
the loss or the optimizer, never for leakage (``verdicts`` sees to that). Pure numpy; runs
in the dry-run process.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

BLOCK = 1024  # distinct rows drawn per array


@dataclass(frozen=True)
class StandIn:
    """What a verdict says about a stand-in: ``on a stand-in with MNIST's shapes and
    ranges``; ``make`` builds the loader's return value from its bound arguments."""

    title: str
    make: Callable[[dict], object]


def _rng() -> np.random.Generator:
    return np.random.default_rng(0)


def _repeat(block: np.ndarray, rows: int) -> np.ndarray:
    """``rows`` rows made of ``block`` repeated (a copy: the script may write to it)."""
    reps = -(-rows // len(block))
    return np.concatenate([block] * reps)[:rows] if reps > 1 else block[:rows].copy()


def _pixels(rows: int, shape: tuple, rng) -> np.ndarray:
    block = rng.integers(0, 256, (min(rows, BLOCK), *shape), dtype=np.uint8)
    return _repeat(block, rows)


def _labels(rows: int, classes: int, rng, dtype="uint8", column: bool = False) -> np.ndarray:
    block = rng.integers(0, classes, min(rows, BLOCK)).astype(dtype)
    labels = _repeat(block, rows)
    return labels.reshape(-1, 1) if column else labels


def _images(train: int, test: int, shape: tuple, classes: int, column: bool, dtype="uint8"):
    def make(arguments: dict):
        rng = _rng()
        count = 20 if arguments.get("label_mode") == "coarse" else classes  # CIFAR-100
        return (
            (_pixels(train, shape, rng), _labels(train, count, rng, dtype, column)),
            (_pixels(test, shape, rng), _labels(test, count, rng, dtype, column)),
        )

    return make


def _sequences(total: int, vocabulary: int, classes: int, split: int | None):
    """imdb (``split`` rows for training, the rest for testing) and reuters (split by
    ``test_split``): lists of word indices as Keras encodes them."""

    def make(arguments: dict):
        rng = _rng()
        start, oov = arguments.get("start_char", 1), arguments.get("oov_char", 2)
        index_from = arguments.get("index_from", 3)
        num_words = arguments.get("num_words") or vocabulary + index_from
        skip_top = arguments.get("skip_top", 0) or 0
        maxlen = arguments.get("maxlen")
        lengths = rng.integers(10, 400, BLOCK)
        words = rng.integers(1, vocabulary, int(lengths.sum())) + index_from
        words = np.where((words < num_words) & (words >= skip_top + index_from), words, oov)
        block = []
        for piece in np.split(words, np.cumsum(lengths)[:-1]):
            sequence = ([start] if start is not None else []) + piece.tolist()
            block.append(sequence[:maxlen] if maxlen else sequence)
        labels = rng.integers(0, classes, BLOCK)
        sequences = np.empty(total, dtype=object)
        for row in range(total):
            sequences[row] = block[row % BLOCK]
        targets = labels[np.arange(total) % BLOCK].astype("int64")
        cut = split if split is not None else int(total * (1 - arguments.get("test_split", 0.2)))
        return (sequences[:cut], targets[:cut]), (sequences[cut:], targets[cut:])

    return make


def _table(total: int, columns: list[tuple[float, float]], target: tuple[float, float], dtype):
    """boston_housing and california_housing: columns uniform within the real ranges, split
    by ``test_split``; the ``small`` California set is its first 600 rows."""

    def make(arguments: dict):
        rng = _rng()
        rows = 600 if arguments.get("version") == "small" else total
        low, high = np.array(columns, dtype="float64").T
        block = rng.uniform(low, high, (min(rows, BLOCK), len(columns))).astype(dtype)
        x = _repeat(block, rows)
        y = _repeat(rng.uniform(*target, min(rows, BLOCK)).astype(dtype), rows)
        cut = int(rows * (1 - arguments.get("test_split", 0.2)))
        return (x[:cut], y[:cut]), (x[cut:], y[cut:])

    return make


# Per-column ranges from the data sets' documentation.
_BOSTON = [
    (0.00632, 88.98),
    (0, 100),
    (0.46, 27.74),
    (0, 1),
    (0.385, 0.871),
    (3.561, 8.78),
    (2.9, 100),
    (1.13, 12.13),
    (1, 24),
    (187, 711),
    (12.6, 22),
    (0.32, 396.9),
    (1.73, 37.97),
]
_CALIFORNIA_KERAS = [
    (-124.35, -114.31),
    (32.54, 41.95),
    (1, 52),
    (2, 39320),
    (1, 6445),
    (3, 35682),
    (1, 6082),
    (0.4999, 15.0001),
]

KERAS = {
    "mnist": StandIn("MNIST", _images(60000, 10000, (28, 28), 10, column=False)),
    "fashion_mnist": StandIn("Fashion-MNIST", _images(60000, 10000, (28, 28), 10, column=False)),
    # CIFAR: a fifth of the rows. A script converts the whole set to float (600 MB at full
    # size, seconds of a dry run), and CIFAR code does not write its row count out.
    "cifar10": StandIn("CIFAR-10", _images(10000, 2000, (32, 32, 3), 10, column=True)),
    "cifar100": StandIn(
        "CIFAR-100", _images(10000, 2000, (32, 32, 3), 100, column=True, dtype="int64")
    ),
    "imdb": StandIn("IMDB", _sequences(50000, 88584, 2, split=25000)),
    "reuters": StandIn("Reuters", _sequences(11228, 30979, 46, split=None)),
    "boston_housing": StandIn("Boston Housing", _table(506, _BOSTON, (5, 50), "float64")),
    "california_housing": StandIn(
        "California Housing", _table(20640, _CALIFORNIA_KERAS, (14999, 500001), "float32")
    ),
}


def word_index(vocabulary: int) -> dict[str, int]:
    """A stand-in for ``imdb.get_word_index()``/``reuters.get_word_index()``."""
    return {f"word{index}": index for index in range(1, vocabulary + 1)}


# -- scikit-learn's fetch_* ------------------------------------------------------------------

_CALIFORNIA_SKLEARN = [
    ("MedInc", 0.4999, 15.0001),
    ("HouseAge", 1, 52),
    ("AveRooms", 0.846, 141.9),
    ("AveBedrms", 0.333, 34.07),
    ("Population", 3, 35682),
    ("AveOccup", 0.692, 1243.3),
    ("Latitude", 32.54, 41.95),
    ("Longitude", -124.35, -114.31),
]


def _bunch(arguments: dict, data, target, names, target_names=None, **more):
    from sklearn.utils import Bunch

    frame = None
    if arguments.get("as_frame"):
        import pandas as pd

        data = pd.DataFrame(data, columns=names)
        target = pd.Series(target, name=(target_names or ["target"])[0])
        frame = pd.concat([data, target], axis=1)
    if arguments.get("return_X_y"):
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=names,
        target_names=target_names,
        DESCR="a zerolint stand-in: random values with the real shapes and ranges",
        **more,
    )


def _california(arguments: dict):
    rng = _rng()
    low = np.array([c[1] for c in _CALIFORNIA_SKLEARN])
    high = np.array([c[2] for c in _CALIFORNIA_SKLEARN])
    data = _repeat(rng.uniform(low, high, (BLOCK, 8)), 20640)
    target = _repeat(rng.uniform(0.14999, 5.00001, BLOCK), 20640)
    names = [c[0] for c in _CALIFORNIA_SKLEARN]
    return _bunch(arguments, data, target, names, ["MedHouseVal"])


def _covtype(arguments: dict):
    rng = _rng()
    quantitative = rng.uniform(0, 7000, (BLOCK, 10))
    wilderness = np.eye(4)[rng.integers(0, 4, BLOCK)]
    soil = np.eye(40)[rng.integers(0, 40, BLOCK)]
    data = _repeat(np.hstack([quantitative, wilderness, soil]), 581012)
    target = _repeat(rng.integers(1, 8, BLOCK).astype("int32"), 581012)
    names = [f"feature_{index}" for index in range(54)]
    return _bunch(arguments, data, target, names, ["Cover_Type"])


def _olivetti(arguments: dict):
    rng = _rng()
    images = rng.uniform(0, 1, (400, 64, 64)).astype("float32")
    target = np.repeat(np.arange(40), 10)
    result = _bunch({**arguments, "as_frame": False}, images.reshape(400, -1), target, None)
    if not arguments.get("return_X_y"):
        result["images"] = images
    return result


def _newsgroups(arguments: dict):
    from sklearn.utils import Bunch

    rng = _rng()
    rows = {"train": 11314, "test": 7532}.get(arguments.get("subset", "train"), 18846)
    vocabulary = np.array([f"word{index}" for index in range(2000)])
    block = [" ".join(rng.choice(vocabulary, 60)) for _ in range(256)]
    data = [block[row % len(block)] for row in range(rows)]
    target = _repeat(rng.integers(0, 20, 256), rows)
    if arguments.get("return_X_y"):
        return data, target
    names = [f"newsgroup{index}" for index in range(20)]
    return Bunch(data=data, target=target, target_names=names, filenames=None, DESCR="")


SKLEARN = {
    "fetch_california_housing": StandIn("California Housing (scikit-learn)", _california),
    "fetch_covtype": StandIn("Covertype", _covtype),
    "fetch_olivetti_faces": StandIn("Olivetti faces", _olivetti),
    "fetch_20newsgroups": StandIn("20 Newsgroups", _newsgroups),
}


def bound_arguments(function: Callable, args: tuple, kwargs: dict) -> dict:
    """The loader's arguments by name, defaults included ({} when they do not bind)."""
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except (TypeError, ValueError):
        return dict(kwargs)
    bound.apply_defaults()
    return dict(bound.arguments)
