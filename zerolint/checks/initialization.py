"""ZL6xx: weight initializers that keep a network from learning.

Both rules need a layer's place in its model: whether a weighted layer comes after it (a
hidden layer: zero init of the output layer is a legitimate trick) and its fan-in (the width
of its input: the previous layer's units or the model's input shape). ``placements`` reads
both from the model facts: Sequential layer lists and the tensors of functional and
subclassed models.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from zerolint.checks.common import describe, shape_of
from zerolint.diagnostics import clip, headline
from zerolint.facts import keras_api, tensors
from zerolint.facts.values import Const, InitializerValue, Op, Seq, Tensor
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.diagnostics import Finding, Verdict
    from zerolint.facts.model import Layer, Model
    from zerolint.facts.program import Program
    from zerolint.facts.values import Value

# Layers with weights: one after a layer makes it hidden.
WEIGHTED = frozenset(
    {
        *keras_api.UNIT_ARGUMENT,
        "Conv1DTranspose",
        "Conv2DTranspose",
        "Conv3DTranspose",
        "SeparableConv1D",
        "SeparableConv2D",
        "DepthwiseConv1D",
        "DepthwiseConv2D",
        "EinsumDense",
        "LSTM",
        "GRU",
        "SimpleRNN",
    }
)
# Layers that keep their input's last dimension (for the next layer's fan-in).
KEEP_WIDTH = frozenset(
    {
        *keras_api.PASS_THROUGH_LAYERS,
        "Activation",
        "BatchNormalization",
        "LayerNormalization",
        "ReLU",
        "LeakyReLU",
        "ELU",
        "PReLU",
        "Softmax",
    }
)
# Layers that add their inputs: a layer feeding one ends a residual branch.
MERGES = frozenset({"Add", "Subtract", "Average"})
_INPUT_SHAPE_ARGUMENTS = ("input_shape", "batch_input_shape")


@dataclass
class Placement:
    """Where a layer sits: the weighted layers its output feeds, and its fan-in."""

    layer: Layer
    consumer: Layer | None = None
    fan_in: int | None = None
    fan_in_source: str | None = None  # "Dense(64) at line 3", "the input shape at line 2"
    # The output reaches its consumer through an addition: the end of a residual branch.
    residual: bool = False
    # Every weighted layer the output reaches first (``consumer`` is one of them), and the
    # kinds of the layers on the way (None for a layer or op the analysis does not know).
    consumers: list[Layer] = field(default_factory=list)
    between: set[str | None] = field(default_factory=set)

    def feeds(self, consumer: Layer, between: Iterable[str | None], residual: bool) -> None:
        if self.consumer is None:
            self.consumer = consumer
        self.residual = self.residual or residual
        if all(known is not consumer for known in self.consumers):
            self.consumers.append(consumer)
        self.between.update(between)


def placements(program: Program) -> list[Placement]:
    """Every layer of every model, with what is known about its place."""
    found: dict[int, Placement] = {}
    for model in program.facts.models:
        if model.kind == "sequential":
            _sequential(model, found, program)
        elif model.outputs is not None:
            memo: set[tuple] = set()
            for output in model.outputs:
                _walk(output, None, False, frozenset(), found, memo, program)
    return list(found.values())


def _place(layer: Layer, found: dict[int, Placement]) -> Placement:
    return found.setdefault(id(layer), Placement(layer))


def _sequential(model: Model, found: dict[int, Placement], program: Program) -> None:
    layers = model.layers
    for index, layer in enumerate(layers):
        place = _place(layer, found)
        later = layers[index + 1 :]
        at = next((i for i, after in enumerate(later) if after.kind in WEIGHTED), None)
        if at is not None:
            place.feeds(later[at], (after.kind for after in later[:at]), False)
        if place.fan_in is None:
            place.fan_in, place.fan_in_source = _sequential_width(layers, index, program)


def _sequential_width(layers: list[Layer], index: int, program: Program):
    """The last dimension of the input of ``layers[index]``."""
    for before in reversed(layers[:index]):
        if before.kind in KEEP_WIDTH:
            continue
        if before.kind == "InputLayer":
            return _shape_width(
                before.arg("shape") or before.keywords.get("input_shape"), before.node, program
            )
        if before.kind in keras_api.UNIT_ARGUMENT and before.units is not None:
            return before.units, describe(before, program)
        return None, None
    first = layers[0]  # only width-keeping layers before: the model's declared input shape
    for name in _INPUT_SHAPE_ARGUMENTS:
        if name in first.keywords:
            return _shape_width(first.keywords[name], first.node, program)
    dim = first.keywords.get("input_dim")
    if isinstance(dim, Const) and type(dim.value) is int:
        return dim.value, f"input_dim={dim.value} at {program.where(first.node)}"
    return None, None


def _shape_width(shape: Value | None, node: cst.CSTNode, program: Program):
    if isinstance(shape, Seq) and shape.items:
        last = shape.items[-1]
        if isinstance(last, Const) and type(last.value) is int and last.value > 0:
            return last.value, f"the input shape at {program.where(shape.node or node)}"
    return None, None


def _walk(value: Value, below, merged: bool, between: frozenset, found, memo, program) -> None:
    """From a model output back to its inputs, noting each layer's consumers and fan-in.

    ``below`` is the nearest weighted layer downstream; ``merged`` says the path to it
    passes through an addition (``x + branch(x)``, ``layers.Add``); ``between`` holds the
    kinds of the layers on the way to it ("op" for tensor arithmetic).
    """
    key = (id(value), id(below), merged, between)
    if key in memo:
        return
    memo.add(key)
    if isinstance(value, Seq):
        for item in value.items:
            _walk(item, below, merged, between, found, memo, program)
    elif isinstance(value, Op):
        adds = merged or value.name in ("add", "sub")
        for item in value.args:
            _walk(item, below, adds, between | {"op"}, found, memo, program)
    elif isinstance(value, Tensor) and value.producer is not None:
        layer = value.producer
        place = _place(layer, found)
        if below is not None:
            place.feeds(below, between, merged)
        if place.fan_in is None and len(value.inputs) == 1:
            place.fan_in, place.fan_in_source = _tensor_width(value.inputs[0], program)
        if layer.kind in WEIGHTED:
            upstream, adds, on_way = layer, False, frozenset()
        else:
            upstream, adds = below, merged or layer.kind in MERGES
            on_way = between | {layer.kind}
        for item in value.inputs:
            _walk(item, upstream, adds, on_way, found, memo, program)


def _tensor_width(value: Value, program: Program, depth: int = 0):
    """The last dimension of a functional tensor, when known."""
    if not isinstance(value, Tensor) or depth > 50:
        return None, None
    if value.producer is None:
        if value.shape is None:
            return None, None
        return _shape_width(
            value.shape, value.shape.node if isinstance(value.shape, Seq) else None, program
        )
    layer = value.producer
    if layer.kind in keras_api.UNIT_ARGUMENT and layer.units is not None:
        return layer.units, describe(layer, program)
    if layer.kind in KEEP_WIDTH and len(value.inputs) == 1:
        return _tensor_width(value.inputs[0], program, depth + 1)
    return None, None


def kernel_initializer(layer: Layer) -> tuple[str, Value] | None:
    """(canonical initializer name, its value) of a layer's ``kernel_initializer``."""
    value = layer.arg("kernel_initializer")
    if isinstance(value, Const) and isinstance(value.value, str):
        name = tensors.initializer_name(value.value)
        return (name, value) if name is not None else None
    if isinstance(value, InitializerValue):
        return value.name, value
    return None


def spelled(name: str, value: Value, program: Program) -> str:
    """How the message shows an initializer: ``"zeros"`` or ``Constant(0.5)``."""
    if isinstance(value, Const):
        return f'"{value.value}"'
    node = getattr(value, "node", None)
    if node is not None:
        text = " ".join(program.module.code_for_node(node).split())
        return text if len(text) <= 60 else name
    return name


def brief_spelled(name: str, value: Value, program: Program) -> str:
    """``RandomNormal(stddev=1.0)``: the initializer as written, without its module path
    (``keras.initializers.``), clipped for a headline."""
    return clip(re.sub(r"^(?:\w+\.)+(?=\w+\()", "", spelled(name, value, program)), 32)


def _report_node(layer: Layer) -> cst.CSTNode:
    return layer.arg_node("kernel_initializer") or layer.node


class ConstantInitializer(Rule):
    code = "ZL601"
    name = "constant-initializer"
    severity = "warning"
    summary = "A constant kernel_initializer on a hidden layer that can never learn"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.identical_units(message, probes)

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        for place in placements(program):
            layer, consumer = place.layer, place.consumer
            found = kernel_initializer(layer)
            if found is None or consumer is None or place.residual:
                continue
            name, value = found
            kernel = _constant(name, value)
            if kernel is None:
                continue
            stall = _stall(place, kernel)
            node = _report_node(layer)
            if stall is None or id(node) in reported:
                continue
            reported.add(id(node))
            where = f"at {program.where(value.node)} " if _elsewhere(value, node) else ""
            given = f"kernel_initializer={brief_spelled(name, value, program)}"
            title = headline(
                f"{given} on hidden {describe(layer, program)}: {stall.brief()}",
                f"{given} on hidden {shape_of(layer)}: {stall.brief()}",
                f"constant kernel_initializer on a hidden layer: {stall.brief()}",
            )
            yield self.finding(
                program,
                node,
                f"kernel_initializer={spelled(name, value, program)} {where}on "
                f"{describe(layer, program)}, a hidden layer: {stall.explain(program)} — drop "
                'the argument (the default glorot_uniform) or use "he_normal" for ReLU layers; '
                "a constant bias_initializer is fine",
                help='kernel_initializer="glorot_uniform" (the default), or "he_normal" with ReLU',
                headline=title,
            )


# Activations with zero slope at and below 0 (TensorFlow's ReLU gradient at exactly 0 is 0).
_FLAT_AT_ZERO = frozenset({"relu", "relu6"})
# Activations with f(0) = 0: a layer whose pre-activations are all 0 outputs exactly 0.
_ZERO_AT_ZERO = frozenset(
    {"linear", "relu", "relu6", "tanh", "elu", "selu", "leaky_relu", "gelu", "silu", "swish"}
)
# Layers that treat every unit alike: identical units stay identical through them, and so
# do their gradients (Dropout and noise layers are not: each unit gets its own mask).
SYMMETRIC = frozenset(
    {
        "Activation",
        "ReLU",
        "LeakyReLU",
        "ELU",
        "BatchNormalization",
        "Flatten",
        "MaxPooling1D",
        "MaxPooling2D",
        "MaxPooling3D",
        "AveragePooling1D",
        "AveragePooling2D",
        "AveragePooling3D",
        "GlobalMaxPooling1D",
        "GlobalMaxPooling2D",
        "GlobalAveragePooling1D",
        "GlobalAveragePooling2D",
    }
)
# Layers that pass 0 through as 0 (for a zero output reaching the next layer).
_KEEPS_ZERO = SYMMETRIC | {"Dropout", "Reshape", "InputLayer"} - {"BatchNormalization"}


@dataclass(frozen=True)
class _Stall:
    """Why a constant kernel never learns: "dead" (no gradient reaches the layer),
    "silenced" (its zero output kills the consumer's gradient) or "symmetric" (the units
    get the same gradient at every step)."""

    kind: str
    place: Placement
    bias: float

    def brief(self) -> str:
        """What the stall does, in a few words (for the headline)."""
        if self.kind == "dead":
            return "the ReLU layer is dead and never learns"
        if self.kind == "silenced":
            return "it outputs 0 and stalls the next layer"
        return "every unit stays a copy of one unit"

    def explain(self, program: Program) -> str:
        layer, consumer = self.place.layer, self.place.consumer
        units = layer.units
        bias = f"{self.bias:g}"
        if self.kind == "dead":
            return (
                f"with a bias of {bias} every unit computes relu({bias}) = 0 for any input, "
                "and ReLU passes no gradient at or below 0, so neither the kernel nor the bias "
                f"ever changes: the layer is dead from the first step and "
                f"{describe(consumer, program)} only ever receives 0"
            )
        if self.kind == "silenced":
            return (
                "with a zero bias it outputs 0 for every input, so "
                f"{describe(consumer, program)}, the layer its output feeds (ReLU, zero bias), "
                "computes relu(0) = 0 and passes no gradient back: neither layer ever trains "
                "and the model's output does not depend on its input"
            )
        copies = f"one unit copied {units} times" if units is not None else "one unit, copied"
        return (
            "every unit starts with the same weights and bias and computes the same output, "
            f"and {_consumers(self.place, program)} also "
            "starts with the same weights for each of them, so every unit receives the same "
            "gradient at every step: the units never become different and the layer stays "
            f"{copies}"
        )


def _consumers(place: Placement, program: Program) -> str:
    named = " and ".join(describe(layer, program) for layer in place.consumers)
    return f"{named}, which its output feeds with a constant kernel_initializer,"


def _stall(place: Placement, kernel: float) -> _Stall | None:
    """Whether a constant kernel stops the layer from learning (see the rule's README).

    With kernel c and a bias b shared by every unit, each unit's pre-activation is
    c * sum(x) + b. It never learns when (1) c = 0 and the activation has zero slope at b
    (ReLU at b <= 0): no gradient reaches the kernel or the bias; (2) c = 0, b = 0 and the
    activation keeps 0, so the output is 0 and the next layer (ReLU, zero bias) has zero
    slope; (3) the units stay identical: the layers the output feeds all have constant
    kernels too, so each unit's gradient is the same (through layers that treat units
    alike). Otherwise the next layer's random weights give each unit its own gradient, and
    the layer learns (a zero-initialised T-Net with an identity bias does).
    """
    layer = place.layer
    bias = _shared_bias(layer)
    if bias is None or layer.kind in RECURRENT:
        return None  # a bias per unit breaks the symmetry; recurrent weights do too
    activation = layer.activation
    if kernel == 0 and activation in _FLAT_AT_ZERO and bias <= 0:
        return _Stall("dead", place, bias)
    if None in place.between or len(place.consumers) != 1:
        return None
    consumer = place.consumers[0]
    if (
        kernel == 0
        and bias == 0
        and activation in _ZERO_AT_ZERO
        and place.between <= _KEEPS_ZERO
        and consumer.activation in _FLAT_AT_ZERO
        and _shared_bias(consumer) == 0
    ):
        return _Stall("silenced", place, bias)
    consumed = kernel_initializer(consumer)
    if (
        (layer.units or 0) > 1
        and place.between <= SYMMETRIC
        and consumed is not None
        and _constant(*consumed) is not None
        and activation is not None
    ):
        return _Stall("symmetric", place, bias)
    return None


RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN"})


def _constant(name: str, value: Value) -> float | None:
    """The one value a constant initializer gives every weight, else None.

    ``Constant(matrix)`` (pretrained weights) is not constant; ``Constant()`` is 0.
    """
    if name not in tensors.CONSTANT_INITIALIZERS:
        return None
    if name != "constant":
        return 0.0 if name == "zeros" else 1.0
    if not isinstance(value, InitializerValue):
        return 0.0  # the string "constant": Constant() with its default value
    given = value.arg("value", 0)
    if given is None:
        return 0.0
    if isinstance(given, Const) and type(given.value) in (int, float):
        return float(given.value)
    return None


def _shared_bias(layer: Layer) -> float | None:
    """The bias every unit of the layer starts with, when it is one known value."""
    if layer.arg("use_bias") == Const(False):
        return 0.0
    bias = layer.arg("bias_initializer")
    if bias is None:
        return 0.0  # Keras's default: zeros
    if isinstance(bias, Const) and isinstance(bias.value, str):
        name = tensors.initializer_name(bias.value)
        return _constant(name, bias) if name is not None else None
    if isinstance(bias, InitializerValue):
        return _constant(bias.name, bias)
    return None


def _elsewhere(value: Value, node: cst.CSTNode) -> bool:
    """Whether the initializer is written away from the layer's argument (a constant, a name)."""
    written = getattr(value, "node", None)
    return written is not None and written is not node


# -- ZL602 -----------------------------------------------------------------------------------

_TRUNCATED_STD = 0.8796  # std of a normal truncated at two standard deviations, per unit


def weight_scale(value: Value, fan_in: int, fan_out: int | None) -> float | None:
    """The root mean square of the weights an initializer draws (None if unknown)."""
    if not isinstance(value, InitializerValue):
        if isinstance(value, Const) and isinstance(value.value, str):
            name = tensors.initializer_name(value.value)
            args = tensors.initializer_args(name or "", (), {}, tf1=False) if name else None
            return _scale(name, args, fan_in, fan_out) if args else None
        return None
    args = tensors.initializer_args(value.name, value.positional, value.keywords, value.tf1)
    return _scale(value.name, args, fan_in, fan_out) if args else None


def _number(value: Value | None) -> float | None:
    if isinstance(value, Const) and type(value.value) in (int, float):
        return float(value.value)
    return None


def _scale(name: str, args: dict, fan_in: int, fan_out: int | None) -> float | None:
    if name in ("random_normal", "truncated_normal"):
        mean, std = _number(args["mean"]), _number(args["stddev"])
        if mean is None or std is None:
            return None
        if name == "truncated_normal":
            std *= _TRUNCATED_STD
        return math.sqrt(mean * mean + std * std)
    if name == "random_uniform":
        low, high = _number(args["minval"]), _number(args["maxval"])
        if low is None or high is None:
            return None
        return math.sqrt((low * low + low * high + high * high) / 3)
    if name == "variance_scaling":
        scale, mode = _number(args["scale"]), args["mode"]
        if scale is None or scale < 0 or not isinstance(mode, Const):
            return None
        if mode.value == "fan_in":
            n = fan_in
        elif fan_out is None:
            return None
        elif mode.value == "fan_out":
            n = fan_out
        elif mode.value == "fan_avg":
            n = (fan_in + fan_out) / 2
        else:
            return None
        return math.sqrt(scale / n)
    return None


class ExtremeInitializerScale(Rule):
    code = "ZL602"
    name = "extreme-initializer-scale"
    severity = "warning"
    summary = "A random kernel_initializer whose scale is far from the layer's fan-in scale"
    options = {"max-factor": 10.0, "min-factor": 100.0}

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.initial_scale(message, probes)

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        for place in placements(program):
            layer, fan_in = place.layer, place.fan_in
            if layer.kind != "Dense" or fan_in is None:
                continue
            found = kernel_initializer(layer)
            if found is None:
                continue
            name, value = found
            scale = weight_scale(value, fan_in, layer.units)
            if scale is None or scale == 0:
                continue
            he = math.sqrt(2 / fan_in)
            small = math.sqrt(1 / fan_in)
            if layer.units is not None:
                small = min(small, math.sqrt(2 / (fan_in + layer.units)))
            if scale > self.settings["max-factor"] * he:
                brief = (f"{scale / he:.0f}x the He scale", "activations explode")
                problem = (
                    f"{scale / he:.0f}x the He scale sqrt(2/fan_in) = {he:.3g}",
                    f"each such layer multiplies the activations' scale by about "
                    f"{scale * math.sqrt(fan_in):.3g}, so they explode (or saturate a tanh or "
                    "sigmoid) and the gradients with them",
                )
            elif scale * self.settings["min-factor"] < small:
                brief = (f"1/{small / scale:.0f} of the Glorot scale", "activations vanish")
                problem = (
                    f"1/{small / scale:.0f} of the LeCun/Glorot scale {small:.3g}",
                    f"each such layer shrinks the activations' scale by about "
                    f"{1 / (scale * math.sqrt(fan_in)):.3g}x, so activations and gradients "
                    "vanish and the loss barely moves",
                )
            else:
                continue
            node = _report_node(layer)
            if id(node) in reported:
                continue
            reported.add(id(node))
            where = f"at {program.where(value.node)} " if _elsewhere(value, node) else ""
            ratio, effect = problem
            given = f"kernel_initializer={brief_spelled(name, value, program)}"
            scaled, outcome = brief
            title = headline(
                f"{given} on {describe(layer, program)}: weights {scaled}, {outcome}",
                f"{given} on {shape_of(layer)}: weights {scaled}, {outcome}",
                f"{given}: weights {scaled}, {outcome}",
                f"{given}: weights {scaled}",
            )
            yield self.finding(
                program,
                node,
                f"kernel_initializer={spelled(name, value, program)} {where}on "
                f"{describe(layer, program)} draws weights of scale {scale:.3g}, {ratio} for "
                f"its fan-in of {fan_in} (from {place.fan_in_source}): {effect} — drop the "
                'argument (the default glorot_uniform) or use "he_normal" for ReLU layers',
                help='kernel_initializer="glorot_uniform" (the default), or "he_normal" with ReLU',
                headline=title,
            )
