"""Keras's file loaders: ``image/text/audio_dataset_from_directory`` and ``ImageDataGenerator``.

What each yields follows the Keras sources (``keras/src/utils/*_dataset_utils.py`` and
``keras/src/legacy/preprocessing/image.py``): images are float32 pixels in 0..255 (unless an
``ImageDataGenerator`` rescales them), batches of 32 by default, and labels encoded as the
``label_mode`` / ``class_mode`` says. The number of classes comes from the folders, so it is
known only when the script lists them (``class_names=`` / ``classes=``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zerolint.facts import arrays, frames, keras_api
from zerolint.facts.data_args import bind, describe, integer, is_none, number, strings
from zerolint.facts.data_values import (
    UNIT,
    Array,
    Augmenter,
    Dataset,
    Frame,
    Rows,
    Scaling,
    new_array,
)
from zerolint.facts.values import UNKNOWN, Const, Ref, Seq, Value

if TYPE_CHECKING:
    import libcst as cst

_CHANNELS = {"rgb": 3, "rgba": 4, "grayscale": 1}
# Resizing by these interpolations averages pixels, so it stays within 0..255; the others
# (bicubic, lanczos, mitchellcubic) overshoot a little at edges.
_CONVEX = frozenset({"bilinear", "nearest", "area", "gaussian"})
_DIRECTORY = (
    "directory",
    "labels",
    "label_mode",
    "class_names",
)
IMAGE_DIRECTORY = (
    *_DIRECTORY,
    "color_mode",
    "batch_size",
    "image_size",
    "shuffle",
    "seed",
    "validation_split",
    "subset",
    "interpolation",
    "follow_links",
    "crop_to_aspect_ratio",
    "pad_to_aspect_ratio",
    "data_format",
    "format",
    "verbose",
)
TEXT_DIRECTORY = (
    *_DIRECTORY,
    "batch_size",
    "max_length",
    "shuffle",
    "seed",
    "validation_split",
    "subset",
    "follow_links",
    "format",
    "verbose",
)
AUDIO_DIRECTORY = (
    *_DIRECTORY,
    "batch_size",
    "sampling_rate",
    "output_sequence_length",
    "ragged",
    "shuffle",
    "seed",
    "validation_split",
    "subset",
    "follow_links",
    "verbose",
)
IMAGE_DATA_GENERATOR = (
    "featurewise_center",
    "samplewise_center",
    "featurewise_std_normalization",
    "samplewise_std_normalization",
    "zca_whitening",
    "zca_epsilon",
    "rotation_range",
    "width_shift_range",
    "height_shift_range",
    "brightness_range",
    "shear_range",
    "zoom_range",
    "channel_shift_range",
    "fill_mode",
    "cval",
    "horizontal_flip",
    "vertical_flip",
    "rescale",
    "preprocessing_function",
    "data_format",
    "validation_split",
    "interpolation_order",
    "dtype",
)
_FLOW = ("x", "y", "batch_size", "shuffle", "sample_weight", "seed")
_FLOW_FROM_DIRECTORY = ("directory", "target_size", "color_mode", "classes", "class_mode")
_FLOW_FROM_DATAFRAME = (
    "dataframe",
    "directory",
    "x_col",
    "y_col",
    "weight_col",
    "target_size",
    "color_mode",
    "classes",
    "class_mode",
)
# Options that standardise each image with statistics (of itself, or learned by ``fit``).
_STANDARDIZING = (
    "samplewise_center",
    "samplewise_std_normalization",
    "featurewise_center",
    "featurewise_std_normalization",
    "zca_whitening",
)


# -- labels -------------------------------------------------------------------------------


def labels(
    mode: Value | None, classes: int | None, origin: str, node: cst.Call, rows: Rows
) -> Value | None:
    """The labels a ``label_mode`` / ``class_mode`` names, over all samples; None for no
    labels, UNKNOWN for a mode that is not known. ``origin`` names the mode for messages."""
    if mode is None or is_none(mode):
        return None
    if not isinstance(mode, Const):
        return UNKNOWN
    facts = {"origin": origin, "node": node, "rows": rows}
    known = classes is not None
    if mode.value in ("int", "sparse"):
        # ``sparse`` labels are class indices stored as float32: their values are integers.
        return new_array(
            shape=(None,),
            dtype="int",
            low=0,
            high=classes - 1 if known else None,
            distinct=frozenset(range(classes)) if known else None,
            one_hot=False,
            n_classes=classes,
            **facts,
        )
    if mode.value == "categorical":
        return new_array(
            shape=(None, classes),
            dtype="float",
            distinct=UNIT,
            one_hot=True,
            n_classes=classes,
            **facts,
        )
    if mode.value == "binary":
        # 0/1 as float32: ``(N, 1)`` from the directory datasets, ``(N,)`` from the
        # ImageDataGenerator flows (see the callers).
        return new_array(
            shape=(None,), dtype="float", distinct=UNIT, one_hot=False, n_classes=2, **facts
        )
    return UNKNOWN


def _class_count(value: Value | None) -> int | None:
    names = strings(value)
    return len(names) if names else None


# -- the directory datasets ---------------------------------------------------------------


def image_dataset(named: dict[str, Value], node: cst.Call) -> Value:
    """``image_dataset_from_directory``: float32 images in 0..255 of ``image_size`` (256x256)
    and ``color_mode`` (rgb: 3 channels), in batches of 32, with ``label_mode="int"`` labels."""
    size = named.get("image_size", Seq((Const(256), Const(256))))
    height = width = integer(size)
    if isinstance(size, Seq) and len(size.items) == 2:
        height, width = (integer(item) for item in size.items)
    channels = _CHANNELS.get(_text(named.get("color_mode"), "rgb"))
    shape = (None, height, width, channels)
    if _text(named.get("data_format"), "channels_last") == "channels_first":
        shape = (None, channels, height, width)
    convex = _text(named.get("interpolation"), "bilinear") in _CONVEX

    def images(origin: str, rows: Rows) -> Array:
        return new_array(
            shape=shape,
            dtype="float",
            low=0 if convex else None,
            high=255 if convex else None,
            one_hot=False,
            origin=f"{origin} images",
            node=node,
            rows=rows,
        )

    return _directory_datasets(named, node, images, binary_shape=(None, 1))


def text_dataset(named: dict[str, Value], node: cst.Call) -> Value:
    """``text_dataset_from_directory``: batches of 32 strings, with ``label_mode`` labels."""

    def texts(origin: str, rows: Rows) -> Array:
        return new_array(
            shape=(None,), one_hot=False, origin=f"{origin} texts", node=node, rows=rows
        )

    return _directory_datasets(named, node, texts, binary_shape=(None, 1))


def audio_dataset(named: dict[str, Value], node: cst.Call) -> Value:
    """``audio_dataset_from_directory``: float32 waveforms ``(N, length, channels)``."""

    def audio(origin: str, rows: Rows) -> Array:
        return new_array(
            shape=(None, None, None),
            dtype="float",
            one_hot=False,
            origin=f"{origin} audio",
            node=node,
            rows=rows,
        )

    return _directory_datasets(named, node, audio, binary_shape=(None, 1))


def _directory_datasets(named, node: cst.Call, inputs, binary_shape) -> Value:
    """One dataset, or the (training, validation) pair of ``subset="both"``."""
    subset = named.get("subset")
    if not isinstance(subset, Const) and subset is not None:
        return UNKNOWN
    if subset is not None and subset.value == "both":
        return Seq(
            (
                _directory_dataset(named, node, inputs, binary_shape, "training"),
                _directory_dataset(named, node, inputs, binary_shape, "validation"),
            ),
            node,
        )
    return _directory_dataset(named, node, inputs, binary_shape, None)


def _directory_dataset(named, node: cst.Call, inputs, binary_shape, part: str | None) -> Value:
    origin = describe(node) + (f" ({part})" if part else "")
    rows = Rows(origin)
    mode = named.get("label_mode", Const("int"))
    given = named.get("labels", Const("inferred"))
    if is_none(given):
        mode = None
    elif not (given == Const("inferred") or isinstance(given, Seq)):
        mode = Const("unknown")
    classes = _class_count(named.get("class_names"))
    if mode == Const("binary"):
        classes = 2  # Keras refuses any other number of classes
    found = labels(mode, classes, _labelled(origin, "label_mode", named, "int"), node, rows)
    if isinstance(found, Array) and mode == Const("binary"):
        found = found.replace(shape=binary_shape, n_classes=2)
    batch = named.get("batch_size", Const(32))
    batched = True if integer(batch) is not None else (False if is_none(batch) else None)
    x = inputs(origin, rows)
    samples: Value = x if found is None else Seq((x, found), node)
    return Dataset(samples, batched, origin, node)


def _labelled(origin: str, parameter: str, named: dict, default: str) -> str:
    """``image_dataset_from_directory(...) labels (label_mode="int", the default)``."""
    if parameter in named:
        return f'{origin} labels ({parameter}="{_text(named[parameter], default)}")'
    return f'{origin} labels ({parameter}="{default}", the default)'


def _text(value: Value | None, default: str) -> str | None:
    if value is None or is_none(value):
        return default
    return value.value if isinstance(value, Const) and isinstance(value.value, str) else None


# -- ImageDataGenerator -------------------------------------------------------------------


def image_data_generator(named: dict[str, Value], node: cst.Call) -> Value:
    return Augmenter(dict(named), node)


def augmenter_method(
    augmenter: Augmenter, name: str, positional: list[Value], keywords: dict, node: cst.Call
) -> tuple[Value, Value | None]:
    """``flow``, ``flow_from_directory``, ``flow_from_dataframe``: batch iterators."""
    if name == "flow":
        return _flow(augmenter, positional, keywords, node), None
    if name == "flow_from_directory":
        named = bind(_FLOW_FROM_DIRECTORY, positional, keywords)
        return _flow_from_files(augmenter, named, node, None), None
    if name == "flow_from_dataframe":
        named = bind(_FLOW_FROM_DATAFRAME, positional, keywords)
        frame = named.get("dataframe") if named is not None else None
        return _flow_from_files(augmenter, named, node, frame), None
    return UNKNOWN, None  # fit (statistics for featurewise options), standardize, ...


def _flow(augmenter: Augmenter, positional: list[Value], keywords: dict, node: cst.Call) -> Value:
    """``flow(x, y)``: batches of ``x`` as float32, through the generator, with ``y`` as is."""
    named = bind(_FLOW, positional, {k: v for k, v in keywords.items() if k in _FLOW})
    if named is None or "**" in keywords or "x" not in named:
        return UNKNOWN
    origin = describe(node)
    source = arrays.as_array(named["x"], node)
    x: Value = UNKNOWN
    if source is not None:
        x = pixels(augmenter, source.replace(dtype="float", origin=origin, node=node))
    if is_none(named.get("y")):
        return Dataset(x, True, origin, node)
    y = arrays.as_array(named["y"], node) or UNKNOWN
    parts = (x, y) if is_none(named.get("sample_weight")) else (x, y, UNKNOWN)
    return Dataset(Seq(parts, node), True, origin, node)


def _flow_from_files(
    augmenter: Augmenter, named: dict | None, node: cst.Call, frame: Value | None
) -> Value:
    """Images read from files (0..255 float32 of ``target_size``, 256x256 rgb by default)
    with ``class_mode="categorical"`` labels by default."""
    if named is None:
        return UNKNOWN
    origin = describe(node)
    rows = Rows(origin)
    size = named.get("target_size", Seq((Const(256), Const(256))))
    height = width = None
    if isinstance(size, Seq) and len(size.items) == 2:
        height, width = (integer(item) for item in size.items)
    channels = _CHANNELS.get(_text(named.get("color_mode"), "rgb"))
    images = new_array(
        shape=(None, height, width, channels),
        dtype="float",
        low=0,
        high=255,
        one_hot=False,
        origin=f"{origin} images",
        node=node,
        rows=rows,
    )
    x = pixels(augmenter, images)
    mode = named.get("class_mode", Const("categorical"))
    if mode == Const("input"):
        return Dataset(Seq((x, x), node), True, origin, node)
    if mode == Const("raw"):
        return Dataset(Seq((x, _raw_labels(frame, named, node)), node), True, origin, node)
    described = _labelled(origin, "class_mode", named, "categorical")
    found = labels(mode, _class_count(named.get("classes")), described, node, rows)
    if mode == Const("categorical") and frame is not None:
        found = UNKNOWN if found is not None else None  # y_col may hold lists: multi-label
    return Dataset(x if found is None else Seq((x, found), node), True, origin, node)


def _raw_labels(frame: Value | None, named: dict, node: cst.Call) -> Value:
    """``class_mode="raw"``: the ``y_col`` column's values, as they are in the frame."""
    column = named.get("y_col", Const("class"))
    if not isinstance(frame, Frame) or not isinstance(column, Const):
        return UNKNOWN
    if not isinstance(column.value, str):
        return UNKNOWN
    values = frames.column(frame, column.value, node)
    return values.replace(shape=(None,), rows=None) if values is not None else UNKNOWN


def pixels(augmenter: Augmenter, images: Array) -> Value:
    """The images after the generator's ``standardize``: ``preprocessing_function``, then
    ``rescale``, then the standardising options, in Keras's order."""
    options = augmenter.keywords
    if "**" in options:
        return UNKNOWN
    result = images
    function = options.get("preprocessing_function")
    if not is_none(function):
        if not (isinstance(function, Ref) and _preprocess_input(function.dotted)):
            return UNKNOWN
        step = Scaling("preprocess_input", augmenter.node)
        result = result.replace(low=None, high=None, distinct=None, scaling=(*result.scaling, step))
    rescale = options.get("rescale")
    if not is_none(rescale):
        factor = number(rescale)
        if factor is None:
            return UNKNOWN
        if factor:  # Keras skips a rescale of 0
            bounds = [b * factor if b is not None else None for b in (result.low, result.high)]
            if factor < 0:
                bounds.reverse()
            step = Scaling("constant", augmenter.node)
            result = result.replace(
                low=bounds[0], high=bounds[1], distinct=None, scaling=(*result.scaling, step)
            )
    for option in _STANDARDIZING:
        flag = options.get(option)
        if flag is None or flag == Const(False):
            continue
        if flag != Const(True) or option.startswith(("featurewise", "zca")):
            return UNKNOWN  # featurewise statistics apply only once ``fit`` learned them
        step = Scaling("standardize", augmenter.node, axis=1)
        result = result.replace(low=None, high=None, distinct=None, scaling=(*result.scaling, step))
    return result


def _preprocess_input(dotted: str) -> bool:
    name = keras_api.keras_name(dotted)
    return (
        name is not None and name.startswith("applications.") and name.endswith(".preprocess_input")
    )
