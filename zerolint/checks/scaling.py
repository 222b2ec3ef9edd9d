"""ZL3xx: features reach a Keras model on very different or very large scales.

A finding needs both halves proved: the values that ``fit`` receives are known (ranges from
literals, ``np.random.*``, data sets, stacked columns) and carry no scaling step, and the
model is known to feed them to a weighted layer (``Dense``, ``Conv2D``, ...) with no
``Normalization``, ``Rescaling`` or ``BatchNormalization`` layer before it. Anything the
analysis cannot follow (a custom layer, a nested model, ``tf.data``, data from a file, a
function it cannot see) leaves the question open, and the rules stay silent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zerolint.checks.common import as_array, describe_data, shape_of, training_fits, x_node
from zerolint.diagnostics import clip, headline
from zerolint.facts.values import Seq, Tensor, Value
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    from zerolint.diagnostics import Finding, Verdict
    from zerolint.facts.data import Array
    from zerolint.facts.model import Fit, Layer, Model
    from zerolint.facts.program import Program

# Layers that scale, normalise or re-encode their input: raw values never reach the weights.
SCALING_LAYERS = frozenset(
    {
        "Normalization",
        "Rescaling",
        "BatchNormalization",
        "SyncBatchNormalization",
        "LayerNormalization",
        "GroupNormalization",
        "UnitNormalization",
        "RMSNormalization",
        "Discretization",
        "CategoryEncoding",
        "Hashing",
        "StringLookup",
        "IntegerLookup",
        "TextVectorization",
        "Embedding",  # integer indices: their scale does not matter
    }
)
# Layers that move, drop or augment values without changing their scale.
SHAPE_LAYERS = frozenset(
    {
        "InputLayer",
        "Flatten",
        "Reshape",
        "Permute",
        "RepeatVector",
        "Masking",
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "AlphaDropout",
        "GaussianDropout",
        "GaussianNoise",
        "ActivityRegularization",
        "Identity",
        "Cropping1D",
        "Cropping2D",
        "Cropping3D",
        "ZeroPadding1D",
        "ZeroPadding2D",
        "ZeroPadding3D",
        "UpSampling1D",
        "UpSampling2D",
        "UpSampling3D",
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "MaxPool1D",
        "MaxPool2D",
        "MaxPool3D",
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
        "AvgPool1D",
        "AvgPool2D",
        "AvgPool3D",
        "GlobalMaxPooling1D",
        "GlobalMaxPooling2D",
        "GlobalMaxPooling3D",
        "GlobalMaxPool1D",
        "GlobalMaxPool2D",
        "GlobalMaxPool3D",
        "GlobalAveragePooling1D",
        "GlobalAveragePooling2D",
        "GlobalAveragePooling3D",
        "GlobalAvgPool1D",
        "GlobalAvgPool2D",
        "GlobalAvgPool3D",
        "Resizing",
        "CenterCrop",
        "RandomCrop",
        "RandomFlip",
        "RandomRotation",
        "RandomZoom",
        "RandomTranslation",
        "Concatenate",
    }
)
# Layers whose weights multiply their input: unscaled values set their gradients' scale.
WEIGHTED_LAYERS = frozenset(
    {
        "Dense",
        "EinsumDense",
        "Conv1D",
        "Conv2D",
        "Conv3D",
        "Convolution1D",
        "Convolution2D",
        "Convolution3D",
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
        "LSTM",
        "GRU",
        "SimpleRNN",
        "ConvLSTM1D",
        "ConvLSTM2D",
        "ConvLSTM3D",
        "Bidirectional",
        "MultiHeadAttention",
    }
)


def number(value: float) -> str:
    """A bound for messages: ``8000``, ``0.5``, ``2.5e+05``."""
    if float(value).is_integer() and abs(value) < 1e7:
        return str(int(value))
    return f"{value:.3g}"


# -- what the model does with its input before the first weights ---------------------------


@dataclass(frozen=True)
class InputPath:
    """What happens to a model's input before it meets weights.

    ``status``: "raw" (only reshaped so far), "scaled" (a normalising layer came first),
    "unscaled" (raw values reached ``layer``, a weighted layer), or "unknown".
    """

    status: str
    layer: Layer | None = None


_UNKNOWN_PATH = InputPath("unknown")
_RAW = InputPath("raw")


def input_path(model: Model) -> InputPath:
    """Whether the model scales its input before the first weighted layer (unknown when
    its own ``train_step`` may transform the data first)."""
    if not model.complete or model.custom_training:
        return _UNKNOWN_PATH
    if model.kind == "sequential":
        path = _RAW
        for layer in model.layers:
            path = _through(layer, path)
            if path.status != "raw":
                return path
        return _UNKNOWN_PATH
    if model.outputs is None:
        return _UNKNOWN_PATH
    memo: dict[int, InputPath] = {}
    result = _combine([_tensor_path(output, memo) for output in model.outputs])
    return result if result.status in ("scaled", "unscaled") else _UNKNOWN_PATH


def _through(layer: Layer, path: InputPath) -> InputPath:
    """The path after ``layer`` is applied."""
    if path.status != "raw":
        return path
    if layer.kind in SCALING_LAYERS:
        return InputPath("scaled", layer)
    if layer.kind in WEIGHTED_LAYERS:
        return InputPath("unscaled", layer)
    if layer.kind in SHAPE_LAYERS:
        return path
    return _UNKNOWN_PATH  # a custom layer, a nested model, a Lambda: it may scale


def _combine(paths: list[InputPath]) -> InputPath:
    """Paths meeting in one layer: raw values reaching weights anywhere is the answer."""
    for status in ("unscaled", "unknown", "raw"):
        for path in paths:
            if path.status == status:
                return path
    return paths[0] if paths else _UNKNOWN_PATH


def _tensor_path(value: Value, memo: dict[int, InputPath]) -> InputPath:
    if isinstance(value, Seq):
        return _combine([_tensor_path(item, memo) for item in value.items])
    if not isinstance(value, Tensor):
        return _UNKNOWN_PATH
    if value.is_input:
        return _RAW
    if id(value) in memo:
        return memo[id(value)]
    memo[id(value)] = _UNKNOWN_PATH  # a cycle cannot be followed
    before = _combine([_tensor_path(item, memo) for item in value.inputs])
    path = _through(value.producer, before) if value.inputs else _UNKNOWN_PATH
    memo[id(value)] = path
    return path


def describe_layer(layer: Layer, program: Program) -> str:
    """``Dense(8) at line 30``: the layer the raw values reach."""
    units = layer.units
    shape = f"{layer.kind}({units})" if units is not None else str(layer.kind)
    return f"{shape} at {program.where(layer.node)}"


# -- image data ----------------------------------------------------------------------------


def from_image_data_set(array: Array) -> bool:
    """Pixels of ``keras.datasets.{mnist, fashion_mnist, cifar10, cifar100}``.

    Their ``load_data()`` call is the array's node, and their range is exactly 0..255.
    """
    import libcst as cst

    node = array.node
    return (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "load_data"
        and array.low == 0
        and array.high == 255
    )


def raw_pixels(array: Array) -> bool:
    """Unscaled values in 0..255 that are images: a data set's, or uint8 or image-shaped
    (three dimensions or more) values whose largest possible value is 255."""
    if array.scaled or array.low is None or array.low < 0 or array.high != 255:
        return False
    return from_image_data_set(array) or array.dtype == "uint8" or (array.ndim or 0) >= 3


# -- ZL301 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    label: str
    low: float
    high: float

    @property
    def magnitude(self) -> float:
        return max(abs(self.low), abs(self.high))

    def span(self, label: str | None = None) -> str:
        label = self.label if label is None else label
        verb = "span" if label == "its values" else "spans"
        return f"{label} {verb} {number(self.low)}..{number(self.high)}"

    def brief(self) -> str:
        """``column "price" spans 1..9000``, a long name clipped: for a headline."""
        return self.span(clip(self.label, 24))


def _unscaled_columns(array: Array) -> list[_Column]:
    """The columns with known bounds and no scaling step (the whole array if not by column)."""
    if array.columns is None:
        if array.low is None or array.high is None:
            return []
        return [_Column("its values", array.low, array.high)]
    names: tuple[str | None, ...] = tuple(column.name for column in array.columns)
    frame = array.frame
    if frame is not None and frame.columns is not None and len(frame.columns) == len(names):
        names = frame.columns  # the values of a DataFrame: its column names
    found = []
    for index, column in enumerate(array.columns):
        if column.scaled or column.low is None or column.high is None:
            continue
        label = f'column "{names[index]}"' if names[index] else f"column {index}"
        found.append(_Column(label, column.low, column.high))
    return found


class UnscaledFeatures(Rule):
    code = "ZL301"
    name = "unscaled-features"
    severity = "warning"
    summary = "Features on very different or very large scales reach the model unscaled"
    options = {"max-scale-ratio": 100, "max-magnitude": 100}

    def check(self, program: Program) -> Iterator[Finding]:
        for fit in training_fits(program):
            array = as_array(fit.inputs)
            if array is None or array.scaled or raw_pixels(array):
                continue  # pixels are ZL302's
            found = self.problem(array)
            if found is None:
                continue
            brief, problem = found
            path = input_path(fit.model)
            if path.status != "unscaled":
                continue
            title = headline(
                f"unscaled features given to {fit.method}: {brief[0]}",
                *(f"unscaled features: {text}" for text in brief),
            )
            yield self.finding(
                program,
                x_node(fit),
                f"the features given to {fit.method} at {program.where(fit.node)} "
                f"({describe_data(array, program)}) are not scaled: {problem}, and they reach "
                f"{describe_layer(path.layer, program)} with no scaler, division or "
                "normalisation layer on the way, so the large values dominate the gradients "
                "(slow or stalled training, or NaN) — standardise each feature, e.g. with a "
                "Normalization layer adapted on the training data as the model's first layer",
                help="layers.Normalization() adapted on x_train (norm.adapt(x_train)) as the "
                "first layer, or StandardScaler().fit(x_train) applied to every split",
                headline=title,
            )

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        absent = ev.missing(probes, "features")
        if absent is not None:
            return absent
        f = probes["features"]
        if not f.get("available", True) or "column_min" not in f:
            return ev.Verdict(ev.INCONCLUSIVE, "the features fit received are not a numeric table")
        if "largest_scale" not in f:
            return ev.Verdict(ev.INCONCLUSIVE, "every feature is 0 on the sample")
        ratio, largest = f["scale_ratio"], f["largest_scale"]
        metrics = {"rows": probes.get("rows"), "scale_ratio": ratio, "largest_scale": largest}
        scales = (
            f"on {probes.get('rows')} sample rows column {f['largest_column']} reaches "
            f"|x| = {ev.num(largest)} while column {f['smallest_column']} stays within "
            f"{ev.num(largest / ratio)}: a {ev.num(ratio)}x difference in scale"
        )
        unscaled = ratio > self.settings["max-scale-ratio"] or (
            largest > self.settings["max-magnitude"]
        )
        if not unscaled:
            return ev.Verdict(ev.NOT_CONFIRMED, scales + ": within the rule's limits", metrics)
        return ev.standardising(probes, scales, metrics)

    def problem(self, array: Array) -> tuple[tuple[str, ...], str] | None:
        """What is wrong with the features' scales: briefly (the headline's phrasings,
        longest first), and in full."""
        columns = _unscaled_columns(array)
        sized = [c for c in columns if c.magnitude > 0]
        if len(sized) >= 2:
            small = min(sized, key=lambda c: c.magnitude)
            large = max(sized, key=lambda c: c.magnitude)
            ratio = large.magnitude / small.magnitude
            if ratio > self.settings["max-scale-ratio"]:
                times = f"{number(round(ratio))}x"
                brief = (
                    f"{small.brief()} but {large.brief()} ({times})",
                    f"{large.brief()}, {times} the scale of {clip(small.label, 24)}",
                    f"columns {times} apart in scale",
                )
                return brief, (
                    f"{small.span()} while {large.span()}, a {number(round(ratio))}x "
                    "difference in scale"
                )
        if sized:
            large = max(sized, key=lambda c: c.magnitude)
            if large.magnitude > self.settings["max-magnitude"]:
                limit = number(self.settings["max-magnitude"])
                brief = (
                    f"{large.brief()}, beyond {limit}",
                    f"values up to {number(large.magnitude)}",
                )
                return brief, (
                    f"{large.span()}, beyond the magnitude of {limit} a network handles well"
                )
        return None


# -- ZL302 -----------------------------------------------------------------------------------


def _divide_advice(fit: Fit) -> str:
    """Where to divide by 255: before fit, or where the dataset or generator reads them."""
    if fit.from_dataset:
        return (
            "divide by 255 where the batches are made (rescale=1/255 in ImageDataGenerator, "
            "or x / 255 in the dataset's map)"
        )
    return "divide by 255 before fit"


class UnscaledPixels(Rule):
    code = "ZL302"
    name = "unscaled-pixels"
    severity = "warning"
    summary = "Raw 0..255 pixel values reach the model without division or a Rescaling layer"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.pixel_range(probes)

    def check(self, program: Program) -> Iterator[Finding]:
        for fit in training_fits(program):
            array = as_array(fit.inputs)
            if array is None or not raw_pixels(array):
                continue
            path = input_path(fit.model)
            if path.status != "unscaled":
                continue
            kind = " (uint8)" if array.dtype == "uint8" else ""
            pixels = f"raw pixels {number(array.low)}..{number(array.high)}{kind}"
            title = headline(
                f"{pixels} reach {describe_layer(path.layer, program)} unscaled",
                f"{pixels} reach {shape_of(path.layer)} unscaled",
            )
            yield self.finding(
                program,
                x_node(fit),
                f"the images given to {fit.method} at {program.where(fit.node)} "
                f"({describe_data(array, program)}) are raw pixel values in "
                f"{number(array.low)}..{number(array.high)}{kind} and reach "
                f"{describe_layer(path.layer, program)} unscaled: activations and gradients "
                "are hundreds of times too large, so training is slow, unstable or stalls "
                f"(dead ReLUs, NaN) — {_divide_advice(fit)}, or start the model with "
                "Rescaling(1/255)",
                help='x = x.astype("float32") / 255.0, or layers.Rescaling(1.0 / 255) as the '
                "model's first layer",
                headline=title,
            )


# -- ZL303 -----------------------------------------------------------------------------------

_SCORING = frozenset({"evaluate", "predict"})


def _magnitude(array: Array) -> float | None:
    if array.low is None or array.high is None:
        return None
    return max(abs(array.low), abs(array.high))


def _same_source(trained: Array, scored: Array) -> bool:
    """Both come from one data source: one data set's train and test parts (the same
    ``load_data`` call), or parts of one array (a ``train_test_split``, row slices)."""
    if trained.node is not None and trained.node is scored.node:
        return True
    a, b = trained.rows, scored.rows
    return a is not None and b is not None and a.root is b.root


def _training_before(program: Program, scoring: Fit) -> Fit | None:
    """The last call that trained the scored model before it was scored."""
    found = None
    for fit in program.facts.fits:
        if fit is scoring:
            return found
        if fit.model is scoring.model and fit.trains:
            found = fit
    return None


class TestDataScaledDifferently(Rule):
    code = "ZL303"
    name = "test-data-scaled-differently"
    severity = "warning"
    summary = "evaluate or predict gets inputs scaled differently from those the model trained on"
    options = {"min-scale-ratio": 10}

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.scored_scale(message, probes, self.settings["min-scale-ratio"])

    def check(self, program: Program) -> Iterator[Finding]:
        for scoring in program.facts.fits:
            if scoring.method not in _SCORING or scoring.model is None:
                continue
            trained_by = _training_before(program, scoring)
            if trained_by is None:
                continue
            scored, trained = as_array(scoring.inputs), as_array(trained_by.inputs)
            if scored is None or trained is None or scored.scaled == trained.scaled:
                continue
            big, small = _magnitude(scored), _magnitude(trained)
            if big is None or small is None or not _same_source(trained, scored):
                continue
            larger = big >= small
            ratio = max(big, small) / min(big, small) if min(big, small) > 0 else None
            if ratio is None or ratio < self.settings["min-scale-ratio"]:
                continue
            title, message = self.message(
                scoring, scored, trained_by, trained, larger, ratio, program
            )
            yield self.finding(
                program,
                x_node(scoring),
                message,
                help="apply to every split the scaling the training inputs get (the same "
                "division, or the scaler fit on the training data)",
                headline=title,
            )

    @staticmethod
    def message(
        scoring: Fit,
        scored: Array,
        training: Fit,
        trained: Array,
        larger: bool,
        ratio: float,
        program: Program,
    ) -> tuple[str, str]:
        """The headline and the message."""
        scaled = trained if trained.scaled else scored
        step = scaled.scaling[-1]
        how = (
            f"`{' '.join(program.module.code_for_node(step.node).split())}` at "
            f"{program.where(step.node)}"
            if step.node is not None
            else f"a {step.kind} step"
        )
        size = "larger" if larger else "smaller"
        scale = f"{number(round(ratio))}x {size} than those {training.method} trained on"
        if trained.scaled:
            brief = f"{scoring.method} gets unscaled inputs, {scale}"
        else:
            brief = f"{scoring.method} gets inputs scaled unlike the training ones: {scale}"
        title = headline(f"{brief} at {program.where(training.node)}", brief)
        if trained.scaled:
            fix = f"scale them as the training inputs are ({how}) before {scoring.method}"
            story = f"the model was trained on inputs scaled by {how}"
        else:
            fix = f"scale them only as the training inputs are (not {how})"
            story = f"these were scaled by {how}, the training inputs were not"
        return title, (
            f"the inputs given to {scoring.method} at {program.where(scoring.node)} "
            f"({describe_data(scored, program)}) reach |x| = {number(_magnitude(scored))}, "
            f"while {training.method} at {program.where(training.node)} trained the model on "
            f"the same data scaled to |x| <= {number(_magnitude(trained))}: {story}, so "
            f"the model scores inputs {number(round(ratio))}x {size} than anything it saw, "
            f"and its predictions and scores mean nothing — {fix}"
        )
