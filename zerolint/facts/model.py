"""The Keras program model: layers, models and their output heads, compile and fit calls.

``Layer``, ``LossSpec``, ``Optimizer`` and ``CustomLoss`` are defined with the abstract
values that carry them (``zerolint.facts.values``: a layer's arguments are values, and a
``LayerValue`` holds a layer) and are part of this model too: they are exported from here.
``Model`` sits above the shape rules (``zerolint.facts.shapes``), which it asks for each
output's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import libcst as cst

from zerolint.facts import keras_api, shapes
from zerolint.facts.data_values import Dataset
from zerolint.facts.pipelines import fit_view
from zerolint.facts.shapes import Dims, Shape
from zerolint.facts.values import (
    UNKNOWN,
    Const,
    CustomLoss,
    Layer,
    LayerValue,
    LossSpec,
    Optimizer,
    Tensor,
    Value,
)

if TYPE_CHECKING:
    from zerolint.facts.values import Op

__all__ = [
    "TRAINING_METHODS",
    "Compile",
    "CustomLoss",
    "Fit",
    "Head",
    "Layer",
    "LossSpec",
    "Model",
    "ModelValue",
    "OpCall",
    "Optimizer",
    "OptimizerUse",
    "head_from_chain",
]


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


@dataclass(frozen=True, eq=False)
class ModelValue(Value):
    """A model instance built in the file."""

    model: Model


def _tensor_head(value: Value) -> Head | None:
    chain: list[Layer] = []
    current = value
    while isinstance(current, Tensor) and current.producer is not None:
        chain.append(current.producer)
        if len(current.inputs) != 1:
            break
        current = current.inputs[0]
    return head_from_chain(chain)


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


@dataclass(frozen=True, eq=False)
class OpCall:
    """A tensor op evaluated by the interpreter (see ``values.Op``), in program order.

    ``loss`` is the custom loss or metric being analysed when it was evaluated (its
    ``y_true``/``y_pred`` parameters bound to ``LossInput`` values), None elsewhere. The
    same source node may be recorded by several runs; rules report each node once.
    """

    op: Op
    loss: CustomLoss | None = None
