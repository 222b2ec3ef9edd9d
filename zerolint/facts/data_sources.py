"""The data sources scripts load from: one table, one entry per loader.

Each entry gives the loader's parameters (so positional arguments are read by name, and
defaults apply as the library documents them) and the builder of what it yields for those
arguments: arrays with their shapes, dtypes and value ranges, labels with their encoding and
class count where documented, or a ``Dataset`` of such elements. What a loader cannot tell
(the classes found in folders, a file's contents) stays unknown.

Rules never ask for a loader by name: they ask a ``Fit`` for ``inputs`` and ``labels`` (see
``zerolint.facts.model.Fit``), whichever source, pipeline or array they came from. A new
data source is one more entry here (and its builder in the module of its family).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from zerolint.facts import datasets, keras_api, loaders, pipelines, sklearn_data
from zerolint.facts.data_args import bind
from zerolint.facts.values import UNKNOWN, Seq, Value

Builder = Callable[[dict[str, Value], cst.Call], Value]


@dataclass(frozen=True)
class Source:
    """One loader: its parameters in order and what it yields for bound arguments.

    ``variadic``: positional arguments are all given to the first parameter, as a tuple
    (``Dataset.zip(a, b)``).
    """

    params: tuple[str, ...]
    build: Builder
    variadic: bool = False


_BUNDLED = ("return_X_y", "as_frame")

SOURCES: dict[str, Source] = {
    # keras.datasets: (x_train, y_train), (x_test, y_test); uint8 pixels in 0..255 and
    # integer labels for the image sets, word-index sequences for imdb/reuters, float
    # features and prices for the housing sets (see ``datasets``).
    **{
        f"keras.datasets.{name}.load_data": Source(*datasets.loader(name))
        for name in datasets.NAMES
    },
    # Keras directory loaders: batches of 32; label_mode "int" (class indices, int32),
    # "categorical" (one-hot float32), "binary" (0/1 float32, shape (N, 1)) or None; the
    # number of classes is known only from class_names=.
    "keras.utils.image_dataset_from_directory": Source(  # float32 pixels in 0..255
        loaders.IMAGE_DIRECTORY, loaders.image_dataset
    ),
    "keras.utils.text_dataset_from_directory": Source(  # strings
        loaders.TEXT_DIRECTORY, loaders.text_dataset
    ),
    "keras.utils.audio_dataset_from_directory": Source(  # float32 (N, length, channels)
        loaders.AUDIO_DIRECTORY, loaders.audio_dataset
    ),
    # ImageDataGenerator: its flow / flow_from_directory / flow_from_dataframe give batches
    # of float32 pixels (0..255 without rescale=), labels by class_mode (see ``loaders``).
    "keras.preprocessing.image.ImageDataGenerator": Source(
        loaders.IMAGE_DATA_GENERATOR, loaders.image_data_generator
    ),
    # tf.data: the elements of the given arrays (see ``pipelines`` for the steps after).
    "tf.data.Dataset.from_tensor_slices": Source(("tensors", "name"), pipelines.from_tensor_slices),
    "tf.data.Dataset.from_tensors": Source(("tensors", "name"), pipelines.from_tensors),
    "tf.data.Dataset.zip": Source(("datasets", "name"), pipelines.zip_datasets, variadic=True),
    # scikit-learn's bundled data sets: a Bunch, (X, y) with return_X_y=True, pandas objects
    # with as_frame=True; float features with the documented ranges (see ``sklearn_data``).
    "sklearn.datasets.load_iris": Source(  # 150 x 4, classes 0..2
        _BUNDLED, sklearn_data.bundled(sklearn_data.IRIS)
    ),
    "sklearn.datasets.load_digits": Source(  # 1797 x 64 pixels in 0..16, classes 0..9
        ("n_class", *_BUNDLED), sklearn_data.bundled(sklearn_data.DIGITS)
    ),
    "sklearn.datasets.load_breast_cancer": Source(  # 569 x 30, classes 0..1
        _BUNDLED, sklearn_data.bundled(sklearn_data.BREAST_CANCER)
    ),
    "sklearn.datasets.load_wine": Source(  # 178 x 13, classes 0..2
        _BUNDLED, sklearn_data.bundled(sklearn_data.WINE)
    ),
    "sklearn.datasets.load_diabetes": Source(  # 442 x 10, regression targets 25..346
        (*_BUNDLED, "scaled"), sklearn_data.bundled(sklearn_data.DIABETES)
    ),
    "sklearn.datasets.load_linnerud": Source(  # 20 x 3, three regression targets
        _BUNDLED, sklearn_data.bundled(sklearn_data.LINNERUD)
    ),
    # scikit-learn's generators: float features, integer labels 0..k-1.
    "sklearn.datasets.make_classification": Source(  # n_classes (2)
        ("n_samples", "n_features"), sklearn_data.make_classification
    ),
    "sklearn.datasets.make_blobs": Source(  # centers (3)
        ("n_samples", "n_features"), sklearn_data.make_blobs
    ),
    "sklearn.datasets.make_moons": Source(  # 0/1
        ("n_samples",), sklearn_data.two_classes((-1.0, 2.0))
    ),
    "sklearn.datasets.make_circles": Source(  # 0/1
        ("n_samples",), sklearn_data.two_classes((-1.0, 1.0))
    ),
    "sklearn.datasets.make_gaussian_quantiles": Source(  # n_classes (3)
        (), sklearn_data.make_gaussian_quantiles
    ),
    "sklearn.datasets.make_hastie_10_2": Source(  # labels -1.0 / 1.0
        ("n_samples",), sklearn_data.make_hastie_10_2
    ),
    "sklearn.datasets.make_regression": Source(  # float targets
        ("n_samples", "n_features"), sklearn_data.make_regression
    ),
    "sklearn.datasets.make_multilabel_classification": Source(  # 0/1 matrix, n_classes (5)
        ("n_samples", "n_features"), sklearn_data.make_multilabel_classification
    ),
}

_DIRECTORY_LOADERS = frozenset(
    name.rsplit(".", 1)[-1] for name in SOURCES if name.startswith("keras.utils.")
)
_TF_ROOTS = ("tensorflow.compat.v2.", "tensorflow.")


def canonical(dotted: str) -> str | None:
    """The table's name for a loader, whatever import spelling reached it."""
    name = keras_api.keras_name(dotted)
    if name is not None:
        parts = name.split(".")
        if parts[0] == "datasets":
            return f"keras.{name}"
        if parts[-1] in _DIRECTORY_LOADERS and parts[0] in ("utils", "preprocessing"):
            return f"keras.utils.{parts[-1]}"
        if parts[-1] == "ImageDataGenerator" and "preprocessing" in parts:
            return "keras.preprocessing.image.ImageDataGenerator"
        return None
    if dotted.startswith("sklearn.datasets."):
        return "sklearn.datasets." + dotted.rsplit(".", 1)[-1]
    for root in _TF_ROOTS:
        if dotted.startswith(root):
            return "tf." + dotted[len(root) :]
    return None


def load(
    dotted: str, positional: list[Value], keywords: dict[str, Value], node: cst.Call
) -> Value | None:
    """What a call of a loader yields; None when ``dotted`` is not a loader of the table."""
    name = canonical(dotted)
    source = SOURCES.get(name) if name is not None else None
    if source is None:
        return None
    if source.variadic and len(positional) != 1:
        positional = [Seq(tuple(positional), node)] if positional else []
    named = bind(source.params, positional, keywords)
    if named is None:
        return UNKNOWN  # **kwargs, or more arguments than the loader takes
    return source.build(named, node)
