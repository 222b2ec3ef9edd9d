"""Keras calls: what constructors build and what model methods record.

A Keras constructor called with evaluated arguments becomes a value (a model, an input, a
layer, a loss, an optimizer, a schedule, an initializer); ``add``, ``pop``, ``compile``,
``fit`` (and the other training and scoring calls) and ``build`` on a model are recorded
as the facts rules read (``Model``, ``Compile``, ``Fit``, ``Optimizer``, ``OptimizerUse``).
The functions at the top build those facts from a call's arguments; ``KerasCalls`` is one
part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the state (``facts``,
the budgets, the call stack) and dispatches each expression to its evaluator (``_eval``);
the parts reach each other through ``self`` only.
"""

from __future__ import annotations

import itertools

import libcst as cst

from zerolint.facts import data, keras_api, tensors
from zerolint.facts.environment import Environment
from zerolint.facts.model import (
    Compile,
    Fit,
    Layer,
    LossSpec,
    Model,
    ModelValue,
    Optimizer,
    OptimizerUse,
)
from zerolint.facts.values import (
    UNKNOWN,
    Const,
    InitializerValue,
    LayerValue,
    LossValue,
    OptimizerValue,
    ScheduleValue,
    Seq,
    Tensor,
    Value,
    tensors_of,
)

COMPILE_POSITIONAL = ("optimizer", "loss", "metrics")


def compile_call(node: cst.Call, model: Model | None, positional: list, keywords: dict) -> Compile:
    named = dict(zip(COMPILE_POSITIONAL, positional, strict=False))
    named.update(keywords)
    loss_node = None
    for index, arg in enumerate(node.args):
        if (arg.keyword is not None and arg.keyword.value == "loss") or (
            arg.keyword is None and not arg.star and index == 1
        ):
            loss_node = arg.value
    return Compile(
        node,
        model,
        model.heads if model is not None else None,
        loss_node,
        named.get("loss", UNKNOWN),
        optimizer_of(named.get("optimizer"), node),
        named.get("metrics", UNKNOWN),
    )


def optimizer_of(value: Value | None, compile_node: cst.Call) -> Optimizer | None:
    """The optimizer a ``compile`` uses: Keras's default is "rmsprop"."""
    if value is None:
        rate = keras_api.DEFAULT_LEARNING_RATES["rmsprop"]
        return Optimizer("rmsprop", rate, False, compile_node)
    if isinstance(value, OptimizerValue):
        return value.optimizer
    if isinstance(value, Const) and isinstance(value.value, str):
        name = value.value.lower()
        rate = keras_api.DEFAULT_LEARNING_RATES.get(name)
        return Optimizer(name, rate, False, value.node or compile_node) if rate else None
    return None


def learning_rate_of(value: Value | None) -> tuple[float | None, cst.CSTNode | None]:
    """A learning rate argument: a number, or a schedule's initial rate."""
    if isinstance(value, ScheduleValue):
        value = value.initial_rate
    if isinstance(value, Const) and type(value.value) in (int, float):
        return float(value.value), value.node
    return None, None


def as_layer(value: Value, node: cst.CSTNode) -> Layer:
    """A Sequential entry as a layer: ``keras.Input(...)`` there is the InputLayer."""
    if isinstance(value, LayerValue):
        return value.layer
    if isinstance(value, Tensor) and value.is_input:
        shape = {"shape": value.shape} if value.shape is not None else {}
        return Layer("InputLayer", value.node or node, keywords=shape)
    return Layer(None, node)


# Recorded as ``Fit``s too when called on a model built in the file (scoring, not training).
_SCORING_METHODS = frozenset({"predict"})
_FIT_POSITIONAL = ("x", "y", "batch_size", "epochs")


class KerasCalls:
    """Keras constructors and model methods (a part of ``Interpreter``)."""

    def _construct(
        self, node: cst.Call, dotted: str, positional: list[Value], keywords: dict[str, Value]
    ) -> Value | None:
        """Values built by Keras constructors: models, inputs, layers, loss objects."""
        constructor = keras_api.model_constructor(dotted)
        if constructor == keras_api.SEQUENTIAL:
            return ModelValue(self._sequential(node, positional, keywords))
        if constructor == keras_api.MODEL:
            model = Model("functional", node)
            inputs = tensors_of(keywords.get("inputs", positional[0] if positional else None))
            if inputs is not None:
                model.inputs = inputs
            given = keywords.get("outputs", positional[1] if len(positional) > 1 else None)
            outputs = tensors_of(given)
            if outputs is None:
                model.complete = False
            else:
                model.outputs = outputs
            self.facts.models.append(model)
            return ModelValue(model)
        if constructor == keras_api.INPUT:
            shape = keywords.get("shape", positional[0] if positional else None)
            batch_shape = keywords.get("batch_shape")
            if shape is None and isinstance(batch_shape, Seq) and batch_shape.items:
                shape = Seq(batch_shape.items[1:], batch_shape.node)
            return Tensor(None, shape=shape, node=node)
        layer = keras_api.layer_class(dotted)
        if layer is not None:
            if "**" in keywords:
                return LayerValue(Layer(None, node))
            return LayerValue(Layer(layer, node, tuple(positional), keywords))
        loss = keras_api.loss_reference(dotted)
        if loss is not None and loss[1]:
            return LossValue(LossSpec(loss[0], "class", node, keywords, tuple(positional)))
        optimizer = keras_api.optimizer_class(dotted)
        if optimizer is not None:
            given = keywords.get("learning_rate", keywords.get("lr"))
            if given is None and positional:
                given = positional[0]
            if given is None and "**" not in keywords:
                rate = keras_api.DEFAULT_LEARNING_RATES[optimizer]
                built = Optimizer(optimizer, rate, False, node)
            else:
                rate, rate_node = learning_rate_of(given)
                schedule = given.name if isinstance(given, ScheduleValue) else None
                built = Optimizer(optimizer, rate, True, node, rate_node, schedule)
            self.facts.optimizers.append(built)
            return OptimizerValue(built)
        schedule = keras_api.schedule_class(dotted)
        if schedule is not None:
            if schedule == "PiecewiseConstantDecay":
                values = keywords.get("values", positional[1] if len(positional) > 1 else None)
                first = values.items[0] if isinstance(values, Seq) and values.items else UNKNOWN
                return ScheduleValue(first, node, schedule)
            # CosineDecay(warmup_target=...) warms up from its initial rate (often 0) to
            # the target: the target is the rate that trains.
            target = keywords.get("warmup_target", positional[4] if len(positional) > 4 else None)
            if schedule != "CosineDecay":
                target = None
            if target is not None and not (isinstance(target, Const) and target.value is None):
                return ScheduleValue(target, node, schedule)
            if "**" in keywords:
                return ScheduleValue(UNKNOWN, node, schedule)
            initial = keywords.get("initial_learning_rate", positional[0] if positional else None)
            return ScheduleValue(initial or UNKNOWN, node, schedule)
        initializer = tensors.initializer_class(dotted)
        if initializer is not None:
            name, tf1 = initializer
            return InitializerValue(name, node, tuple(positional), keywords, tf1)
        return None

    def _sequential(self, node: cst.Call, positional: list[Value], keywords: dict) -> Model:
        model = Model("sequential", node)
        layers = keywords.get("layers", positional[0] if positional else None)
        if layers is None or (isinstance(layers, Const) and layers.value is None):
            pass
        elif isinstance(layers, Seq):
            model.layers = [as_layer(item, node) for item in layers.items]
        else:
            model.complete = False
        self.facts.models.append(model)
        return model

    def _method(
        self, node: cst.Call, method: str, receiver: Value, env: Environment, ctx: tuple
    ) -> Value:
        positional, keywords = self._args(node, env, ctx)
        model = receiver.model if isinstance(receiver, ModelValue) else None
        if method == "add" and model is not None:
            if model.kind != "sequential" or model.context != ctx or not positional:
                model.complete = False
            else:
                model.layers.append(as_layer(positional[0], node))
        elif method == "pop" and model is not None:
            if model.kind == "sequential" and model.context == ctx and model.layers:
                model.layers.pop()
            else:
                model.complete = False
        elif method == "compile":
            compiled = compile_call(node, model, positional, keywords)
            self.facts.compiles.append(compiled)
            # Every optimizer handed to compile trains the model (a GAN's compile takes two).
            for value in itertools.chain(positional, keywords.values()):
                if isinstance(value, OptimizerValue):
                    use = OptimizerUse(value.optimizer, "compile", node, True)
                    self.facts.optimizer_uses.append(use)
            if model is not None:
                self._last_compile[id(model)] = compiled
        elif method in keras_api.FIT_METHODS or (method in _SCORING_METHODS and model is not None):
            order = ("x",) if method == "predict" else _FIT_POSITIONAL
            named = dict(zip(order, positional, strict=False))
            named.update(keywords)
            x, y = named.get("x", UNKNOWN), named.get("y", UNKNOWN)
            compiled = self._last_compile.get(id(model)) if model is not None else None
            heads = model.heads if model is not None else None
            fit = Fit(node, method, model, compiled, heads, x, y, named)
            if model is not None:
                fit.output_shapes = model.output_shapes(_data_dims(fit.inputs))
            self.facts.fits.append(fit)
        elif method == "build" and model is not None and positional:
            model.built_with = positional[0]
        return UNKNOWN


def _data_dims(x: Value) -> tuple[int | None, ...] | None:
    """The shape (batch first) of the one input array a model is trained on, if known
    (``Fit.inputs``: a dataset's batches are read as ``fit`` reads them)."""
    array = data.as_array(x) if isinstance(x, data.Array | Seq) else None
    if array is None or array.shape is None or not array.shape:
        return None
    return (None, *array.shape[1:])
