"""Static shapes: what each layer does to its input's shape, and each model output's shape.

A shape's ``dims`` start with the batch axis (always None: the batch size is the data's).
An axis that cannot be known is None on its own; a shape whose rank is not known is None
as a whole. Each layer kind has its own small rule in ``RULES`` (kind -> function of the
layer and its input shapes). A layer without a rule (a custom layer, a ``Lambda``, a nested
model, a layer changed after it was built) gives None, and what follows it is known again
only where a layer decides its output's rank itself (``Flatten``, global pooling, a
recurrent layer without ``return_sequences``).

To teach the analysis a layer: write ``_rule(layer, inputs) -> Dims | None`` (``inputs`` is
one entry per input tensor, None where unknown) and add it to ``RULES``, in
``KEEP_AXES`` too when the layer works on the last axis only (what a message cites as the
layer that made the axes before it is then the one upstream).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zerolint.facts.values import Const, LayerValue, Seq, Tensor, Value

if TYPE_CHECKING:
    from zerolint.facts.values import Layer

Dims = tuple[int | None, ...]
Rule = Callable[["Layer", list["Dims | None"]], "Dims | None"]


@dataclass(frozen=True)
class Shape:
    """A tensor's static shape, with the layer that made its axes between batch and last.

    ``axes_layer`` is the last layer on the way that decided those axes (a recurrent layer,
    a convolution, pooling, ``Flatten``, ``Embedding``...), None when they are the input's:
    the evidence a message cites for "one output per step" or "46 positions".
    """

    dims: Dims
    axes_layer: Layer | None = None

    @property
    def rank(self) -> int:
        return len(self.dims)

    def __str__(self) -> str:
        return show(self.dims)


def show(dims: Dims) -> str:
    """``(None, 46, 3)``, as Keras prints shapes."""
    inner = ", ".join("None" if d is None else str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"


# -- argument readers ---------------------------------------------------------------------


def _int(value: Value | None) -> int | None:
    if isinstance(value, Const) and type(value.value) is int:
        return value.value
    return None


def _ints(value: Value | None, count: int, default: int | None) -> tuple[int | None, ...]:
    """An ``int or tuple`` argument (``kernel_size=3``, ``strides=(2, 2)``) per axis."""
    if value is None:
        return (default,) * count
    if isinstance(value, Seq):
        if len(value.items) != count:
            return (None,) * count
        return tuple(_int(item) for item in value.items)
    return (_int(value),) * count


def _text(value: Value | None, default: str) -> str | None:
    if value is None:
        return default
    if isinstance(value, Const) and isinstance(value.value, str):
        return value.value.lower()
    return None


def _flag(value: Value | None, default: bool) -> bool | None:
    if value is None:
        return default
    if isinstance(value, Const) and isinstance(value.value, bool):
        return value.value
    return None


def dims_of(value: Value | None) -> Dims | None:
    """A shape argument written out (``(28, 28, 1)``, ``[None, 3]``), without the batch."""
    if not isinstance(value, Seq):
        return None
    dims: list[int | None] = []
    for item in value.items:
        number = _int(item)
        dims.append(number if number is not None and number > 0 else None)
    return tuple(dims)


def _channels_last(layer: Layer) -> bool | None:
    value = _text(layer.arg("data_format"), "channels_last")
    if value == "channels_last":
        return True
    return False if value == "channels_first" else None


def _one(inputs: list[Dims | None]) -> Dims | None:
    return inputs[0] if len(inputs) == 1 else None


def _split(source: Dims, spatial: int, last: bool) -> tuple[Dims, int | None] | None:
    """(spatial axes, channels) of a batched input of ``spatial`` axes, or None."""
    if len(source) != spatial + 2:
        return None
    return (source[1:-1], source[-1]) if last else (source[2:], source[1])


def _join(spatial: Dims, channels: int | None, last: bool) -> Dims:
    return (None, *spatial, channels) if last else (None, channels, *spatial)


# -- lengths ----------------------------------------------------------------------------


def _conv_length(length, kernel, stride, dilation, padding) -> int | None:
    """Keras's ``compute_conv_output_shape`` along one axis."""
    if length is None or stride is None or stride <= 0:
        return None
    if padding in ("same", "causal"):
        return (length - 1) // stride + 1
    if padding != "valid" or kernel is None or dilation is None:
        return None
    out = (length - dilation * (kernel - 1) - 1) // stride + 1
    return out if out > 0 else None


def _transpose_length(length, kernel, stride, dilation, padding, extra) -> int | None:
    """Keras's transposed-convolution output length along one axis."""
    if length is None or stride is None or kernel is None or dilation is None:
        return None
    kernel = (kernel - 1) * dilation + 1
    if padding == "valid":
        if extra is None:
            extra = max(kernel, stride) - kernel
        return (length - 1) * stride + kernel + extra
    if padding == "same":
        if extra is None:
            return length * stride
        return (length - 1) * stride + kernel % 2 + extra
    return None


def _pool_length(length, size, stride, padding) -> int | None:
    if length is None or stride is None or stride <= 0:
        return None
    if padding == "same":
        return (length - 1) // stride + 1
    if padding != "valid" or size is None:
        return None
    out = (length - size) // stride + 1
    return out if out > 0 else None


def _scale(length: int | None, factor: int | None) -> int | None:
    return length * factor if length is not None and factor is not None else None


def _plus(length: int | None, amount: int | None) -> int | None:
    if length is None or amount is None:
        return None
    return length + amount if length + amount > 0 else None


# -- per-layer rules ----------------------------------------------------------------------


def _same(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    return _one(inputs)


def _dense(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    source = _one(inputs)
    if source is None or len(source) < 2:
        return None
    return (*source[:-1], _int(layer.arg("units")))


def _convolution(spatial: int, transpose: bool = False, depthwise: bool = False) -> Rule:
    def rule(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
        source = _one(inputs)
        last = _channels_last(layer)
        parts = _split(source, spatial, last) if source is not None and last is not None else None
        if parts is None:
            return None
        axes, channels = parts
        kernel = _ints(layer.arg("kernel_size"), spatial, None)
        strides = _ints(layer.arg("strides"), spatial, 1)
        dilation = _ints(layer.arg("dilation_rate"), spatial, 1)
        padding = _text(layer.arg("padding"), "valid")
        if transpose:
            given = layer.arg("output_padding")
            if given is None or (isinstance(given, Const) and given.value is None):
                extra: tuple[int | None, ...] = (None,) * spatial  # Keras's default
            else:
                extra = _ints(given, spatial, None)
                if None in extra:  # written, but not known
                    return _join((None,) * spatial, _int(layer.arg("filters")), last)
            lengths = tuple(
                _transpose_length(n, k, s, d, padding, p)
                for n, k, s, d, p in zip(axes, kernel, strides, dilation, extra, strict=True)
            )
        else:
            lengths = tuple(
                _conv_length(n, k, s, d, padding)
                for n, k, s, d in zip(axes, kernel, strides, dilation, strict=True)
            )
        if depthwise:
            multiplier = _ints(layer.arg("depth_multiplier"), 1, 1)[0]
            filters = channels * multiplier if channels and multiplier else None
        else:
            filters = _int(layer.arg("filters"))
        return _join(lengths, filters, last)

    return rule


def _pooling(spatial: int) -> Rule:
    def rule(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
        source = _one(inputs)
        last = _channels_last(layer)
        parts = _split(source, spatial, last) if source is not None and last is not None else None
        if parts is None:
            return None
        axes, channels = parts
        size = _ints(layer.arg("pool_size"), spatial, 2)
        given = layer.arg("strides")
        none = given is None or (isinstance(given, Const) and given.value is None)
        strides = size if none else _ints(given, spatial, None)
        padding = _text(layer.arg("padding"), "valid")
        lengths = tuple(
            _pool_length(n, p, s, padding) for n, p, s in zip(axes, size, strides, strict=True)
        )
        return _join(lengths, channels, last)

    return rule


def _global_pooling(spatial: int) -> Rule:
    def rule(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
        source = _one(inputs)
        last = _channels_last(layer)
        keep = _flag(layer.arg("keepdims"), False)
        if last is None or keep is None:
            return None
        if source is None:  # the rank is the layer's; the channels are the input's
            return None if keep else (None, None)
        parts = _split(source, spatial, last)
        if parts is None:
            return None
        _, channels = parts
        return _join((1,) * spatial, channels, last) if keep else (None, channels)

    return rule


def _flatten(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    source = _one(inputs)
    if source is None:
        return (None, None) if len(inputs) == 1 else None
    rest = source[1:]
    if not rest:
        return (None, 1)
    if any(d is None for d in rest):
        return (None, None)
    return (None, math.prod(rest))


def _reshape(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    target = layer.arg("target_shape")
    if not isinstance(target, Seq):
        return None
    written = [_int(item) for item in target.items]
    if written.count(-1) > 1:
        return None
    if -1 in written:
        source = _one(inputs)
        known = [d for d in written if d not in (None, -1)]
        size = math.prod(source[1:]) if source and None not in source[1:] else None
        missing = None
        if size is not None and None not in written and known and size % math.prod(known) == 0:
            missing = size // math.prod(known)
        written = [missing if d == -1 else d for d in written]
    return (None, *(d if d is not None and d > 0 else None for d in written))


def _permute(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    source = _one(inputs)
    order = layer.arg("dims")
    if source is None or not isinstance(order, Seq):
        return None
    picks = [_int(item) for item in order.items]
    if sorted(p for p in picks if p is not None) != list(range(1, len(source))):
        return None
    return (None, *(source[p] for p in picks if p is not None))


def _repeat_vector(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    source = _one(inputs)
    if source is None or len(source) != 2:
        return None
    return (None, _int(layer.arg("n")), source[1])


def _embedding(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    source = _one(inputs)
    if source is None:
        return None
    return (*source, _int(layer.arg("output_dim")))


def _recurrent(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    """LSTM / GRU / SimpleRNN: one vector per sequence, or per step with return_sequences."""
    if _flag(layer.arg("return_state"), False) is not False:
        return None  # a list of tensors
    sequences = _flag(layer.arg("return_sequences"), False)
    source = _one(inputs)
    if sequences is None or (source is not None and len(source) != 3) or len(inputs) != 1:
        return None
    units = _int(layer.arg("units"))
    if not sequences:
        return (None, units)
    return (None, source[1] if source is not None else None, units)


def inner_layer(layer: Layer) -> Layer | None:
    """The layer a wrapper (``Bidirectional``, ``TimeDistributed``) applies."""
    value = layer.arg("layer")
    return value.layer if isinstance(value, LayerValue) else None


def _bidirectional(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    inner = inner_layer(layer)
    if inner is None or inner.kind not in RECURRENT or layer.arg("backward_layer") is not None:
        return None
    dims = layer_dims(inner, inputs)
    mode = layer.arg("merge_mode")
    if dims is None or (isinstance(mode, Const) and mode.value is None):
        return None  # no merge: a list of the two directions
    mode_name = _text(mode, "concat")
    if mode_name in ("sum", "mul", "ave"):
        return dims
    if mode_name == "concat":
        return (*dims[:-1], _scale(dims[-1], 2))
    return None


def _time_distributed(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    inner = inner_layer(layer)
    source = _one(inputs)
    if inner is None or source is None or len(source) < 3:
        return None
    dims = layer_dims(inner, [(None, *source[2:])])
    return (None, source[1], *dims[1:]) if dims is not None else None


def _concatenate(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    if len(inputs) < 2 or any(d is None for d in inputs):
        return None
    ranks = {len(d) for d in inputs if d is not None}
    axis = _int(layer.arg("axis")) if layer.arg("axis") is not None else -1
    if len(ranks) != 1 or axis is None:
        return None
    rank = ranks.pop()
    axis = axis + rank if axis < 0 else axis
    if not 1 <= axis < rank:
        return None
    shapes = [d for d in inputs if d is not None]
    dims: list[int | None] = []
    for index in range(rank):
        column = [shape[index] for shape in shapes]
        if index == axis:
            dims.append(None if None in column else sum(c for c in column if c is not None))
        else:
            dims.append(_agree(column))
    return tuple(dims)


def _merge(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    """Add / Multiply / ...: the inputs' common (broadcast) shape."""
    if len(inputs) < 2 or any(d is None for d in inputs):
        return None
    shapes = [d for d in inputs if d is not None]
    if len({len(d) for d in shapes}) != 1:
        return None
    dims: list[int | None] = []
    for column in zip(*shapes, strict=True):
        sizes = {c for c in column if c is not None and c != 1}
        if len(sizes) > 1:
            return None
        if sizes:
            dims.append(sizes.pop())
        else:
            dims.append(1 if all(c == 1 for c in column) else None)
    return tuple(dims)


def _agree(column: list[int | None]) -> int | None:
    known = {c for c in column if c is not None}
    return known.pop() if len(known) == 1 else None


def _upsampling(spatial: int) -> Rule:
    def rule(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
        source = _one(inputs)
        last = _channels_last(layer) if spatial > 1 else True
        parts = _split(source, spatial, last) if source is not None and last is not None else None
        if parts is None:
            return None
        axes, channels = parts
        sizes = _ints(layer.arg("size"), spatial, 2)
        return _join(tuple(map(_scale, axes, sizes)), channels, last)

    return rule


def _margins(value: Value | None, spatial: int, default: int) -> list[int | None]:
    """Total padding/cropping per axis: ``1``, ``(1, 2)``, ``((1, 2), (3, 4))``."""
    if value is None:
        return [2 * default] * spatial
    if isinstance(value, Const):
        number = _int(value)
        return [2 * number if number is not None else None] * spatial
    if not isinstance(value, Seq):
        return [None] * spatial
    items = value.items
    if spatial == 1 and len(items) == 2:
        first, second = _int(items[0]), _int(items[1])
        return [first + second if first is not None and second is not None else None]
    if len(items) != spatial:
        return [None] * spatial
    totals: list[int | None] = []
    for item in items:
        if isinstance(item, Seq) and len(item.items) == 2:
            first, second = _int(item.items[0]), _int(item.items[1])
            total = first + second if first is not None and second is not None else None
        else:
            number = _int(item)
            total = 2 * number if number is not None else None
        totals.append(total)
    return totals


def _padding_rule(spatial: int, argument: str, sign: int, default: int) -> Rule:
    def rule(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
        source = _one(inputs)
        last = _channels_last(layer) if spatial > 1 else True
        parts = _split(source, spatial, last) if source is not None and last is not None else None
        if parts is None:
            return None
        axes, channels = parts
        margins = _margins(layer.arg(argument), spatial, default)
        lengths = tuple(
            _plus(n, sign * m if m is not None else None)
            for n, m in zip(axes, margins, strict=True)
        )
        return _join(lengths, channels, last)

    return rule


def _resize(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    """Resizing / CenterCrop / RandomCrop: images of the given height and width."""
    source = _one(inputs)
    last = _channels_last(layer)
    parts = _split(source, 2, last) if source is not None and last is not None else None
    if parts is None:
        return None
    _, channels = parts
    height, width = _int(layer.arg("height")), _int(layer.arg("width"))
    return _join((height, width), channels, last)


def _lambda(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    """Only a Lambda that applies a known activation keeps its input's shape."""
    return _one(inputs) if layer.activation is not None else None


RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"})

# Layers whose output has their input's shape.
_SAME_SHAPE = (
    "Activation",
    "Softmax",
    "ReLU",
    "LeakyReLU",
    "PReLU",
    "ELU",
    "ThresholdedReLU",
    "Dropout",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
    "AlphaDropout",
    "GaussianDropout",
    "GaussianNoise",
    "ActivityRegularization",
    "Identity",
    "Masking",
    "BatchNormalization",
    "LayerNormalization",
    "GroupNormalization",
    "UnitNormalization",
    "Normalization",
    "Rescaling",
    "RandomFlip",
    "RandomRotation",
    "RandomZoom",
    "RandomTranslation",
    "RandomContrast",
    "RandomBrightness",
)

RULES: dict[str, Rule] = {
    **dict.fromkeys(_SAME_SHAPE, _same),
    "Dense": _dense,
    "Lambda": _lambda,
    "Conv1D": _convolution(1),
    "Conv2D": _convolution(2),
    "Conv3D": _convolution(3),
    "SeparableConv1D": _convolution(1),
    "SeparableConv2D": _convolution(2),
    "DepthwiseConv1D": _convolution(1, depthwise=True),
    "DepthwiseConv2D": _convolution(2, depthwise=True),
    "Conv1DTranspose": _convolution(1, transpose=True),
    "Conv2DTranspose": _convolution(2, transpose=True),
    "Conv3DTranspose": _convolution(3, transpose=True),
    **{
        f"{kind}{n}D": _pooling(n)
        for kind in ("MaxPooling", "MaxPool", "AveragePooling", "AvgPool")
        for n in (1, 2, 3)
    },
    **{
        f"{kind}{n}D": _global_pooling(n)
        for kind in ("GlobalMaxPooling", "GlobalMaxPool", "GlobalAveragePooling", "GlobalAvgPool")
        for n in (1, 2, 3)
    },
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Permute": _permute,
    "RepeatVector": _repeat_vector,
    "Embedding": _embedding,
    **dict.fromkeys(RECURRENT, _recurrent),
    "Bidirectional": _bidirectional,
    "TimeDistributed": _time_distributed,
    "Concatenate": _concatenate,
    **dict.fromkeys(("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"), _merge),
    **{f"UpSampling{n}D": _upsampling(n) for n in (1, 2, 3)},
    **{f"ZeroPadding{n}D": _padding_rule(n, "padding", 1, 1) for n in (1, 2, 3)},
    **{f"Cropping{n}D": _padding_rule(n, "cropping", -1, 1 if n != 2 else 0) for n in (1, 2, 3)},
    "Resizing": _resize,
    "CenterCrop": _resize,
    "RandomCrop": _resize,
}

# Layers that work on the last axis only (or on nothing): the axes before it are their
# input's, so a message names the layer upstream that made them.
KEEP_AXES = frozenset({*_SAME_SHAPE, "Dense", "Lambda", "TimeDistributed"})


def layer_dims(layer: Layer, inputs: list[Dims | None]) -> Dims | None:
    """The output dims of ``layer`` applied to tensors of these dims; None if unknown."""
    if layer.kind is None or layer.modified:
        return None
    rule = RULES.get(layer.kind)
    return rule(layer, inputs) if rule is not None else None


def apply(layer: Layer, inputs: list[Shape | None]) -> Shape | None:
    """``layer`` applied to tensors of these shapes."""
    dims = layer_dims(layer, [s.dims if s is not None else None for s in inputs])
    if dims is None:
        return None
    keeps = layer.kind in KEEP_AXES and len(inputs) == 1 and inputs[0] is not None
    return Shape(dims, inputs[0].axes_layer if keeps and inputs[0] is not None else layer)


# -- models -------------------------------------------------------------------------------

# Where the first layer of a Sequential may declare the input (``Dense(8, input_shape=(4,))``).
_INPUT_KEYWORDS = ("input_shape", "shape")
_BATCH_INPUT_KEYWORDS = ("batch_input_shape", "batch_shape")


def declared_input(layer: Layer) -> Dims | None:
    """The input shape a Sequential's first layer (or an InputLayer) declares, batch first."""
    if layer.kind == "InputLayer":
        dims = dims_of(layer.arg("shape"))
        if dims is not None:
            return (None, *dims)
    for name in _INPUT_KEYWORDS:
        dims = dims_of(layer.keywords.get(name))
        if dims is not None:
            return (None, *dims)
    for name in _BATCH_INPUT_KEYWORDS:
        dims = dims_of(layer.keywords.get(name))
        if dims:
            return (None, *dims[1:])
    width = _int(layer.keywords.get("input_dim"))
    return (None, width) if width is not None else None


def sequential_shape(layers: list[Layer], given: Dims | None) -> Shape | None:
    """The output shape of a Sequential: its layers folded over its input's shape."""
    if not layers:
        return None
    first = layers[0]
    declared = declared_input(first)
    start = 1 if first.kind == "InputLayer" else 0
    dims = declared if declared is not None else given
    if dims is None and first.kind == "InputLayer":
        return None
    current: Shape | None = Shape(dims) if dims is not None else None
    for layer in layers[start:]:
        current = apply(layer, [current])
    return current


def tensor_shape(value: Value, memo: dict[int, Shape | None] | None = None) -> Shape | None:
    """The shape of a functional tensor (an ``Input`` or a layer's output), or None.

    Walks the graph without recursion (deep networks), each tensor once.
    """
    memo = {} if memo is None else memo
    pending: list[Value] = [value]
    while pending:
        current = pending[-1]
        if id(current) in memo or not isinstance(current, Tensor):
            pending.pop()
            continue
        if current.producer is None:
            dims = dims_of(current.shape)
            memo[id(current)] = Shape((None, *dims)) if dims is not None else None
            pending.pop()
            continue
        sources = _sources(current)
        waiting = [s for s in sources if isinstance(s, Tensor) and id(s) not in memo]
        if waiting:
            pending.extend(waiting)
            continue
        pending.pop()
        shapes = [memo.get(id(s)) if isinstance(s, Tensor) else None for s in sources]
        memo[id(current)] = apply(current.producer, shapes)
    return memo.get(id(value)) if isinstance(value, Tensor) else None


def _sources(tensor: Tensor) -> list[Value]:
    """A layer call's input tensors: one, or the list a merge layer is called on."""
    if len(tensor.inputs) == 1 and isinstance(tensor.inputs[0], Seq):
        return list(tensor.inputs[0].items)
    return list(tensor.inputs)
