"""The Keras program model: layers, models and their output heads, compile and fit calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from zerolint.facts import keras_api, shapes
from zerolint.facts.data_values import Dataset
from zerolint.facts.pipelines import fit_view
from zerolint.facts.shapes import Dims, Shape
from zerolint.facts.values import UNKNOWN, Const, LayerValue, Ref, Tensor, Value

if TYPE_CHECKING:
    from zerolint.facts.values import Op


@dataclass(eq=False)
class Layer:
    """A layer constructor call, its class and its evaluated arguments.

    ``kind`` is None for something used as a layer that the analysis cannot identify
    (a custom layer, a nested model, an unresolved name): it blocks any conclusion that
    depends on it.
    """

    kind: str | None
    node: cst.CSTNode
    positional: tuple[Value, ...] = ()
    keywords: dict[str, Value] = field(default_factory=dict)
    # Set when the script changes the layer after building it (``layer.activation = ...``).
    modified: bool = False

    def arg(self, name: str) -> Value | None:
        """The argument by keyword or by its position in the constructor; None if absent."""
        if name in self.keywords:
            return self.keywords[name]
        signature = keras_api.LAYER_SIGNATURES.get(self.kind or "", ())
        if name in signature:
            index = signature.index(name)
            if index < len(self.positional):
                return self.positional[index]
        return None

    def arg_node(self, name: str) -> cst.BaseExpression | None:
        """Where the argument ``name`` is written in the constructor call (to cite it)."""
        if not isinstance(self.node, cst.Call):
            return None
        signature = keras_api.LAYER_SIGNATURES.get(self.kind or "", ())
        index = signature.index(name) if name in signature else -1
        position = 0
        for argument in self.node.args:
            if argument.keyword is not None:
                if argument.keyword.value == name:
                    return argument.value
            elif not argument.star:
                if position == index:
                    return argument.value
                position += 1
        return None

    @property
    def units(self) -> int | None:
        """The size of the output's last dimension when the layer sets it and it is known."""
        argument = keras_api.UNIT_ARGUMENT.get(self.kind or "")
        if argument is None or self.modified:
            return None
        if self.kind != "Dense":
            data_format = self.arg("data_format")
            if data_format is not None and data_format != Const("channels_last"):
                return None
        value = self.arg(argument)
        if isinstance(value, Const) and type(value.value) is int:
            return value.value
        return None

    @property
    def activation(self) -> str | None:
        """The activation this layer applies: a name, "linear" for none, None if unknown."""
        if self.modified:
            return None
        if self.kind == "Lambda":
            function = self.arg("function")
            return activation_of(function) if isinstance(function, Ref) else None
        if self.kind == "Softmax":
            axis = self.arg("axis")
            return "softmax" if axis is None or axis == Const(-1) else None
        if self.kind not in ("Activation", *keras_api.UNIT_ARGUMENT):
            return None
        value = self.arg("activation")
        if value is None:
            return "linear" if self.kind != "Activation" else None
        return activation_of(value)


def activation_of(value: Value) -> str | None:
    """The activation named by an ``activation=`` value (string, function, or None)."""
    if isinstance(value, Const):
        if value.value is None:
            return "linear"
        if isinstance(value.value, str):
            return value.value.lower()
        return None
    if isinstance(value, Ref):
        return keras_api.activation_function(value.dotted)
    return None


@dataclass(frozen=True)
class Head:
    """An output of a model: the layer that sets its width, and the activations after it.

    ``activations`` lists (name, layer) in the order they are applied, the unit layer's own
    activation first. ``units`` is None when unknown.
    """

    unit_layer: Layer
    units: int | None
    activations: tuple[tuple[str, Layer], ...]
    # The last layer of the output (whose name Keras gives the output, for loss dicts).
    last_layer: Layer | None = None

    @property
    def activation(self) -> str:
        """The activation applied last: what the loss sees."""
        return self.activations[-1][0] if self.activations else "linear"

    @property
    def activation_layer(self) -> Layer:
        return self.activations[-1][1] if self.activations else self.unit_layer

    @property
    def name(self) -> str | None:
        """The output's name: the ``name=`` of its last layer (a loss dict's key)."""
        value = (self.last_layer or self.unit_layer).arg("name")
        if isinstance(value, Const) and isinstance(value.value, str):
            return value.value
        return None


def head_from_chain(layers_from_last: list[Layer]) -> Head | None:
    """Resolve an output from the layers before it, last first; None when unsure."""
    trailing: list[tuple[str, Layer]] = []
    for layer in layers_from_last:
        if layer.kind == "TimeDistributed" and not layer.modified:
            # The wrapped layer applied at every step: its units and activation are the output's.
            inner = layer.arg("layer")
            layer = inner.layer if isinstance(inner, LayerValue) else Layer(None, layer.node)
        if layer.kind is None or layer.modified:
            return None
        if layer.kind in keras_api.PASS_THROUGH_LAYERS:
            continue
        if layer.kind in ("Activation", "Softmax", "Lambda"):
            name = layer.activation
            if name is None:
                return None
            if name != "linear":
                trailing.append((name, layer))
            continue
        if layer.kind in keras_api.UNIT_ARGUMENT:
            own = layer.activation
            if own is None:
                return None
            if own != "linear":
                trailing.append((own, layer))
            trailing.reverse()
            return Head(layer, layer.units, tuple(trailing), layers_from_last[0])
        return None
    return None


@dataclass(eq=False)
class Model:
    """A model built in the file: Sequential (ordered layers) or functional (output tensors)."""

    kind: str  # "sequential" | "functional" | "subclassed"
    node: cst.CSTNode
    layers: list[Layer] = field(default_factory=list)
    outputs: tuple[Value, ...] | None = None
    # A subclassed model's attributes (``self.dense = Dense(...)`` in ``__init__``).
    attributes: dict[str, Value] = field(default_factory=dict)
    # False when the script changes the model in a way the analysis cannot follow.
    complete: bool = True
    # The conditional context the model was built in; changes from elsewhere are uncertain.
    context: tuple = ()
    # A functional model's input tensors (``Model(inputs, outputs)``), when known.
    inputs: tuple[Value, ...] | None = None
    # The shape given to ``model.build(...)`` (a Sequential built before it sees data).
    built_with: Value | None = None
    # Its class defines ``train_step``: what reaches the loss (and the model) from ``fit``'s
    # x and y is that method's business, not known from the call.
    custom_training: bool = False

    @property
    def heads(self) -> list[Head | None] | None:
        """Each output's head (None where unresolved), or None if the model is not known."""
        if not self.complete:
            return None
        if self.kind == "sequential":
            return [head_from_chain(self.layers[::-1])] if self.layers else None
        # Functional and subclassed models: the tensors their outputs are computed from.
        if self.outputs is None:
            return None
        return [_tensor_head(output) for output in self.outputs]

    def input_dims(self) -> Dims | None:
        """The shape (batch first) the model's single input is declared with, if known.

        Keras 3 checks the data against it: a script that trains runs on data of this shape.
        """
        if not self.complete:
            return None
        if self.kind == "sequential":
            if not self.layers:
                return None
            return shapes.declared_input(self.layers[0]) or self._built_dims()
        if self.kind == "functional" and self.inputs is not None and len(self.inputs) == 1:
            found = shapes.tensor_shape(self.inputs[0])
            return found.dims if found is not None else None
        return None

    def output_shapes(self, data: Dims | None = None) -> list[Shape | None] | None:
        """Each output's static shape (None where unknown), in the order of ``heads``.

        ``data`` is the shape of the inputs the model is trained on: a Sequential that
        declares no input is built on it.
        """
        if not self.complete:
            return None
        if self.kind == "sequential":
            if not self.layers:
                return None
            given = self._built_dims() or data
            return [shapes.sequential_shape(self.layers, given)]
        if self.outputs is None:
            return None
        memo: dict[int, Shape | None] = {}
        return [shapes.tensor_shape(output, memo) for output in self.outputs]

    def _built_dims(self) -> Dims | None:
        dims = shapes.dims_of(self.built_with)
        return (None, *dims[1:]) if dims else None


def _tensor_head(value: Value) -> Head | None:
    chain: list[Layer] = []
    current = value
    while isinstance(current, Tensor) and current.producer is not None:
        chain.append(current.producer)
        if len(current.inputs) != 1:
            break
        current = current.inputs[0]
    return head_from_chain(chain)


@dataclass(frozen=True)
class LossSpec:
    """A loss as the script names it: canonical name (None for custom), how, and its arguments."""

    name: str | None
    spelling: str  # "string" | "function" | "class" | "custom"
    node: cst.CSTNode
    keywords: dict[str, Value] = field(default_factory=dict, compare=False, hash=False)
    positional: tuple[Value, ...] = field(default=(), compare=False, hash=False)

    @property
    def display(self) -> str:
        return self.name or "custom loss"

    def arg(self, name: str) -> Value | None:
        """A loss-class argument by keyword or position; None if not given."""
        if name in self.keywords:
            return self.keywords[name]
        signature = keras_api.LOSS_SIGNATURES.get(self.name or "", ())
        if name in signature and signature.index(name) < len(self.positional):
            return self.positional[signature.index(name)]
        return None

    @property
    def from_logits(self) -> bool | None:
        """Whether the loss reads logits: False for strings and functions, None if unknown."""
        if self.spelling in ("string", "function"):
            return False
        if self.spelling != "class" or "**" in self.keywords:
            return None
        value = self.arg("from_logits")
        if value is None:
            signature = keras_api.LOSS_SIGNATURES.get(self.name or "")
            return False if signature is not None or not self.positional else None
        if isinstance(value, Const) and isinstance(value.value, bool):
            return value.value
        return None


@dataclass(frozen=True)
class Optimizer:
    """An optimizer and its learning rate.

    ``learning_rate`` is the rate written in the script (or a schedule's initial rate), else
    Keras's default for that optimizer; None when it cannot be known. ``explicit`` tells
    which. ``node`` is where the rate is written (or the optimizer, for a default).
    """

    name: str | None  # lower-case class name: "adam", "sgd", ...; None if unknown
    learning_rate: float | None
    explicit: bool
    node: cst.CSTNode
    # Where the rate's value is written (a literal, possibly through a constant), if known.
    rate_node: cst.CSTNode | None = None
    # The learning-rate schedule the rate is the initial (or warm-up target) rate of.
    schedule: str | None = None


@dataclass(frozen=True, eq=False)
class OptimizerUse:
    """An optimizer put to work: passed to ``compile``, or stepped with ``apply_gradients``,
    ``apply`` or ``minimize``.

    ``trains_model`` is True for ``compile`` (it trains the compiled model) and for a step
    over a model's or layer's ``trainable_variables``/``trainable_weights``; False for a
    step over anything else (an input image optimised by style transfer or DeepDream).
    """

    optimizer: Optimizer
    kind: str  # "compile" | "apply_gradients" | "apply" | "minimize"
    node: cst.Call
    trains_model: bool


@dataclass(eq=False)
class Compile:
    """A ``compile`` call tied to the model it is called on (None when that is unknown)."""

    node: cst.Call
    model: Model | None
    # The model's outputs as they were when compile ran (later changes do not reach it).
    heads: list[Head | None] | None
    loss_node: cst.CSTNode | None
    loss: Value = UNKNOWN
    optimizer: Optimizer | None = None
    metrics: Value = UNKNOWN


# The calls that train a model; ``evaluate`` and ``predict`` (also recorded) score it.
TRAINING_METHODS = frozenset({"fit", "train_on_batch", "fit_generator"})


@dataclass(eq=False)
class Fit:
    """A ``fit``-like call tied to its model and the ``compile`` before it, with its data.

    ``method`` is ``fit``, ``train_on_batch``, ``fit_generator`` (``trains``), ``evaluate``
    or ``predict`` (which only score the model: ``y`` is not given to predict); ``x`` and
    ``y`` are abstract values as written (see ``zerolint.facts.data``), and ``inputs`` and
    ``labels`` what the model is trained on, whichever source they come from (arrays, a
    ``tf.data`` pipeline, a Keras loader, a generator); ``keywords`` holds every argument by
    name (positional ones included), e.g. ``validation_data``.
    """

    node: cst.Call
    method: str
    model: Model | None
    compile: Compile | None = None
    # The model's outputs as they are when this call trains it.
    heads: list[Head | None] | None = None
    x: Value = UNKNOWN
    y: Value = UNKNOWN
    keywords: dict[str, Value] = field(default_factory=dict)
    # The outputs' static shapes when this call trains the model (``Model.output_shapes``),
    # in the order of ``heads``.
    output_shapes: list[Shape | None] | None = None

    @property
    def trains(self) -> bool:
        """The call trains the model (``evaluate`` and ``predict`` only score it)."""
        return self.method in TRAINING_METHODS

    def argument(self, keyword: str, position: int | None = None) -> cst.CSTNode | None:
        """Where an argument is written in the call (for messages), by keyword or position."""
        index = 0
        for arg in self.node.args:
            if arg.keyword is not None:
                if arg.keyword.value == keyword:
                    return arg.value
            elif arg.star:
                return None  # positions after *args are not known
            else:
                if index == position:
                    return arg.value
                index += 1
        return None

    @property
    def inputs(self) -> Value:
        """The inputs this call trains on: ``x``, or the inputs of the batches of a dataset
        or generator given as ``x`` (see ``zerolint.facts.pipelines.fit_view``)."""
        return self._data()[0]

    @property
    def labels(self) -> Value:
        """The labels this call trains on: ``y``, or the labels in the batches of a dataset
        or generator given as ``x``; UNKNOWN when not known (or not given)."""
        return self._data()[1]

    @property
    def from_dataset(self) -> bool:
        """``x`` is a dataset or a generator: inputs and labels come in its batches."""
        return isinstance(self.x, Dataset)

    def _data(self) -> tuple[Value, Value]:
        if not isinstance(self.x, Dataset):
            return self.x, self.y
        if "y" in self.keywords:
            return UNKNOWN, UNKNOWN  # Keras refuses y= with a dataset
        return fit_view(self.x)

    @property
    def validation_data(self) -> Value | None:
        return self.keywords.get("validation_data")

    @property
    def validation_split(self) -> Value | None:
        return self.keywords.get("validation_split")


@dataclass(eq=False)
class CustomLoss:
    """A function of the file that Keras calls as a loss or metric, with (y_true, y_pred).

    ``evidence`` says how it is known: "compile" (passed as ``loss=`` / ``metrics=``; ``node``
    is that argument), "subclass" (``call`` of a ``keras.losses.Loss`` subclass or
    ``update_state`` of a ``keras.metrics.Metric`` subclass; ``node`` is the class), or
    "signature" (a function never called by the file whose second parameter is named
    ``y_pred``, Keras's convention; ``node`` is the function).
    """

    function: cst.FunctionDef
    kind: str  # "loss" | "metric"
    evidence: str  # "compile" | "subclass" | "signature"
    node: cst.CSTNode
    method: bool = False  # its first parameter is ``self``

    @property
    def name(self) -> str:
        return self.function.name.value


@dataclass(frozen=True, eq=False)
class OpCall:
    """A tensor op evaluated by the interpreter (see ``values.Op``), in program order.

    ``loss`` is the custom loss or metric being analysed when it was evaluated (its
    ``y_true``/``y_pred`` parameters bound to ``LossInput`` values), None elsewhere. The
    same source node may be recorded by several runs; rules report each node once.
    """

    op: Op
    loss: CustomLoss | None = None
