"""Abstract values: what the facts layer knows about an expression, or that it does not.

Every expression evaluates to one of these. ``UNKNOWN`` is the honest answer whenever the
analysis cannot be sure, and rules skip on it.

The Keras objects some values carry live here too: a ``Layer`` (its arguments are values,
and a ``LayerValue`` or a ``Tensor`` holds one), a ``LossSpec``, an ``Optimizer``, a
``CustomLoss``. Values and the objects they carry refer to each other, so they share one
module, the bottom of the facts layer: it imports nothing from it but the ``keras_api``
name tables. ``zerolint.facts.model`` exports these objects with the rest of the program
model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zerolint.facts import keras_api

if TYPE_CHECKING:
    import libcst as cst


class Value:
    """Base class of abstract values."""

    __slots__ = ()


class _Unknown(Value):
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Value = _Unknown()


@dataclass(frozen=True, eq=True)
class Const(Value):
    """A Python literal value (str, int, float, bool, None) known exactly."""

    value: Any
    node: cst.CSTNode | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, eq=True)
class Seq(Value):
    """A list or tuple display whose items are values (possibly unknown)."""

    items: tuple[Value, ...]
    node: cst.CSTNode | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, eq=True)
class Mapping(Value):
    """A dict display with literal keys."""

    items: tuple[tuple[Any, Value], ...]
    node: cst.CSTNode | None = field(default=None, compare=False, hash=False)

    def get(self, key: Any) -> Value | None:
        for k, v in self.items:
            if k == key:
                return v
        return None


@dataclass(frozen=True, eq=True)
class Ref(Value):
    """A dotted name reached through imports, e.g. ``tensorflow.keras.layers.Dense``."""

    dotted: str


@dataclass(frozen=True, eq=False)
class LayerValue(Value):
    """A layer instance built in the file."""

    layer: Layer


@dataclass(frozen=True, eq=False)
class LossValue(Value):
    """A loss object, e.g. ``keras.losses.CategoricalCrossentropy(from_logits=True)``."""

    spec: LossSpec


@dataclass(frozen=True, eq=False)
class Tensor(Value):
    """A symbolic tensor of the functional API: an ``Input`` or a layer applied to tensors."""

    producer: Layer | None
    inputs: tuple[Value, ...] = ()
    # An ``Input``'s ``shape=`` argument (a Seq when written out), for fan-in questions.
    shape: Value | None = None
    # Where an ``Input`` is created.
    node: cst.CSTNode | None = None

    @property
    def is_input(self) -> bool:
        return self.producer is None


@dataclass(frozen=True, eq=False)
class Function(Value):
    """A function defined in the file (its body is available to rules and builders)."""

    node: cst.FunctionDef


@dataclass(frozen=True, eq=False)
class LambdaValue(Value):
    """A ``lambda`` of the file, with the scope it was written in (the names it reads)."""

    node: cst.Lambda
    scope: Any = field(repr=False)  # the Environment it closes over


@dataclass(frozen=True, eq=False)
class ClassValue(Value):
    """A class defined in the file; ``is_model`` when it subclasses ``keras.Model``."""

    node: cst.ClassDef
    methods: dict[str, cst.FunctionDef]
    is_model: bool
    # "loss" / "metric" when it subclasses ``keras.losses.Loss`` / ``keras.metrics.Metric``.
    keras_base: str | None = None


@dataclass(frozen=True, eq=False)
class Instance(Value):
    """An instance of a plain class of the file: the attributes ``__init__`` set, its methods."""

    attributes: dict[str, Value] = field(default_factory=dict)
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class OptimizerValue(Value):
    """An optimizer object, e.g. ``keras.optimizers.Adam(learning_rate=1e-3)``."""

    optimizer: Optimizer


@dataclass(frozen=True, eq=False)
class Weights(Value):
    """The trainable weights of a model or layer: ``m.trainable_variables`` (or
    ``trainable_weights``), or a sum of such lists. What an optimizer that trains a model
    is applied to, as opposed to an input image or a hand-made variable."""

    node: cst.CSTNode


@dataclass(frozen=True, eq=False)
class ScheduleValue(Value):
    """A learning-rate schedule, known by its initial rate."""

    initial_rate: Value
    node: cst.CSTNode
    name: str | None = None  # the schedule's class: "ExponentialDecay", ...


@dataclass(frozen=True, eq=False)
class InitializerValue(Value):
    """A Keras / TensorFlow weight initializer object, e.g. ``RandomNormal(stddev=0.05)``.

    ``name`` is canonical (``zeros``, ``ones``, ``constant``, ``random_normal``,
    ``random_uniform``, ``truncated_normal``, ``variance_scaling``, ``glorot_uniform``, ...);
    ``tf1`` marks ``tf.compat.v1`` initializers, whose defaults differ (stddev 1.0).
    """

    name: str
    node: cst.CSTNode
    positional: tuple[Value, ...] = ()
    keywords: dict[str, Value] = field(default_factory=dict)
    tf1: bool = False

    def arg(self, name: str, index: int) -> Value | None:
        """An argument by keyword, else by position; None if not given."""
        if name in self.keywords:
            return self.keywords[name]
        return self.positional[index] if index < len(self.positional) else None


@dataclass(frozen=True, eq=False)
class LossInput(Value):
    """A parameter of a custom loss or metric: Keras passes ``y_true`` or ``y_pred`` there.

    Only bound when the function is analysed as a loss (``Facts.custom_losses``).
    """

    role: str  # "y_true" | "y_pred"
    name: str  # the parameter's name in the script
    loss: CustomLoss


@dataclass(frozen=True, eq=False)
class Op(Value):
    """A tensor computed by a known TensorFlow / Keras / numpy op, or by arithmetic on tensors.

    ``name`` is canonical (see ``zerolint.facts.tensors``): "log", "softmax", "sigmoid",
    "clip", "maximum", "sum", "mean", "norm", "std", ..., "add", "sub", "mul", "div",
    "neg", "pow", "getitem", "same" (a cast/reshape/... that keeps the values).
    ``dotted`` is the function as spelled (``tensorflow.math.log``), None for operators.
    """

    name: str
    args: tuple[Value, ...]
    node: cst.CSTNode
    keywords: dict[str, Value] = field(default_factory=dict)
    dotted: str | None = None

    def arg(self, index: int, *names: str) -> Value | None:
        """The argument at ``index``, else the first of ``names`` given by keyword."""
        if index < len(self.args):
            return self.args[index]
        return next((self.keywords[n] for n in names if n in self.keywords), None)


def tensors_of(value: Value | None) -> tuple[Tensor, ...] | None:
    """A model's inputs or outputs as given: one tensor, or a list or tuple of tensors;
    None for anything else (unknown)."""
    if isinstance(value, Tensor):
        return (value,)
    if isinstance(value, Seq) and all(isinstance(item, Tensor) for item in value.items):
        return value.items
    return None


def is_tensor_math(value: Value) -> bool:
    """A value that arithmetic turns into ``Op``s: a loss input or an op's result.

    (Known ops applied to a symbolic ``Tensor`` also give ``Op``s; arithmetic on it stays
    unknown, as before.)
    """
    return isinstance(value, LossInput | Op)


def python_value(value: Value) -> Any:
    """The plain Python value of a fully known literal, else UNKNOWN."""
    if isinstance(value, Const):
        return value.value
    if isinstance(value, Seq):
        items = [python_value(item) for item in value.items]
        if any(item is UNKNOWN for item in items):
            return UNKNOWN
        return items
    return UNKNOWN


# -- the Keras objects some values carry ------------------------------------------------


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
        import libcst as cst  # not at the top: the screen reads this module without libcst

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
