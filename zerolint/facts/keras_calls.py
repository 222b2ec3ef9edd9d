"""Keras facts built from a call's evaluated arguments: compile, optimizers, Sequential entries."""

from __future__ import annotations

import libcst as cst

from zerolint.facts import keras_api
from zerolint.facts.model import Compile, Layer, Model, Optimizer
from zerolint.facts.values import (
    UNKNOWN,
    Const,
    LayerValue,
    OptimizerValue,
    ScheduleValue,
    Tensor,
    Value,
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
