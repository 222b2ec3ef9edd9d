"""Abstract values: what the facts layer knows about an expression, or that it does not.

Every expression evaluates to one of these. ``UNKNOWN`` is the honest answer whenever the
analysis cannot be sure, and rules skip on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.model import CustomLoss, Layer, LossSpec, Model, Optimizer


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
class ModelValue(Value):
    """A model instance built in the file."""

    model: Model


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
