"""Calls: what a call evaluates to, by what is called.

A method of the file's own class runs its body; a known tensor op becomes an ``Op``; a Keras
constructor builds a model, layer, loss or optimizer (``zerolint.facts.keras_calls``); a
data call goes to ``zerolint.facts.data``; a model, layer or array handed to code the
analysis cannot see may be changed there, so it stops being known.

It is one part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the
state (``facts``, the budgets, the call stack) and dispatches each expression to its
evaluator (``_eval``); the parts reach each other through ``self`` only.
"""

from __future__ import annotations

import itertools

import libcst as cst

from zerolint.facts import data, keras_api, tensors
from zerolint.facts.environment import Environment
from zerolint.facts.model import Layer, ModelValue, OptimizerUse
from zerolint.facts.syntax import attribute_key, binding_key
from zerolint.facts.values import (
    UNKNOWN,
    ClassValue,
    Const,
    Function,
    Instance,
    LambdaValue,
    LayerValue,
    Mapping,
    Op,
    OptimizerValue,
    Ref,
    Seq,
    Tensor,
    Value,
    Weights,
    is_tensor_math,
)

# Calls that receive a model without changing its layers.
_HARMLESS_CALLS = frozenset(
    {"print", "len", "str", "repr", "type", "id", "isinstance", "vars", "super"}
)
# Optimizer methods that take a step on the variables they are given.
_OPTIMIZER_STEPS = frozenset({"apply_gradients", "apply", "minimize"})


class Calls:
    """The evaluator of calls (a part of ``Interpreter``)."""

    def _call(self, node: cst.Call, env: Environment, ctx: tuple) -> Value:
        func = node.func
        if isinstance(func, cst.Attribute):
            receiver = self._eval(func.value, env, ctx)
            own = self._own_member(receiver, func.attr.value)
            if own is not None:
                positional, keywords = self._args(node, env, ctx)
                if isinstance(own, Function):  # a method of this file's class
                    self._called.add(id(own.node))
                    return self._invoke(own.node, [receiver, *positional], keywords, ctx, env)
                return self._apply(node, func, own, positional, keywords, env, ctx)
            if isinstance(receiver, ModelValue | Tensor) or (
                receiver is UNKNOWN and func.attr.value in keras_api.MODEL_METHODS
            ):
                return self._method(node, func.attr.value, receiver, env, ctx)
            if isinstance(receiver, data.DataValue):
                return self._data_method(node, func, receiver, env, ctx)
            if isinstance(receiver, OptimizerValue) and func.attr.value in _OPTIMIZER_STEPS:
                return self._optimizer_step(node, func.attr.value, receiver, env, ctx)
            if isinstance(receiver, LayerValue) and func.attr.value == "adapt":
                positional, keywords = self._args(node, env, ctx)  # the data is only read
                return data.adapt(
                    receiver.layer, positional, keywords, node, self.facts.data_events
                )
            if isinstance(receiver, Seq) and func.attr.value not in ("count", "index", "copy"):
                # list.append(...) and friends change the list in place.
                key = binding_key(func.value)
                self._args(node, env, ctx)
                if key is not None:
                    env.names[key] = UNKNOWN
                return UNKNOWN
            callee = (
                Ref(f"{receiver.dotted}.{func.attr.value}")
                if isinstance(receiver, Ref)
                else (env.lookup(attribute_key(func) or "") or UNKNOWN)
            )
        else:
            callee = self._eval(func, env, ctx)
        positional, keywords = self._args(node, env, ctx)
        return self._apply(node, func, callee, positional, keywords, env, ctx)

    def _own_member(self, receiver: Value, name: str) -> Value | None:
        """An attribute or method of an instance or subclassed model defined in this file."""
        if isinstance(receiver, Instance):
            if name in receiver.attributes:
                return receiver.attributes[name]
            if name in receiver.methods:
                return Function(receiver.methods[name])
        if isinstance(receiver, ModelValue) and receiver.model.kind == "subclassed":
            if name in receiver.model.attributes:
                return receiver.model.attributes[name]
            method = self._model_methods.get(id(receiver.model), {}).get(name)
            if method is not None and name not in keras_api.MODEL_METHODS and name != "add":
                return Function(method)
        return None

    def _apply(
        self,
        node: cst.Call,
        func: cst.BaseExpression,
        callee: Value,
        positional: list[Value],
        keywords: dict[str, Value],
        env: Environment,
        ctx: tuple,
    ) -> Value:
        """The value of calling ``callee`` with evaluated arguments."""
        if isinstance(callee, Function):
            self._called.add(id(callee.node))
            return self._invoke(callee.node, positional, keywords, ctx, env)
        if isinstance(callee, LambdaValue):
            return self._invoke_lambda(callee, positional, keywords, ctx)
        if isinstance(callee, ClassValue):
            return self._instantiate(callee, node, positional, keywords, ctx, env)
        if isinstance(callee, Ref):
            op = self._tensor_op(node, callee.dotted, positional, keywords)
            if op is not None:
                return op
            built = self._construct(node, callee.dotted, positional, keywords)
            if isinstance(built, ModelValue):
                built.model.context = ctx
            if built is not None:
                return built
            activation = keras_api.activation_function(callee.dotted)
            if activation is not None and positional:
                pseudo = Layer("Activation", node, keywords={"activation": Const(activation)})
                return Tensor(pseudo, (positional[0],))
            merge = keras_api.merge_function(callee.dotted)
            if merge is not None and positional and "**" not in keywords:
                # ``layers.concatenate([a, b], axis=1)``: the Concatenate layer, called.
                return Tensor(Layer(merge, node, tuple(positional[1:]), keywords), (positional[0],))
            produced = data.call(callee.dotted, positional, keywords, node, self.facts.data_events)
            if produced is not None:
                return produced
            if keras_api.keras_name(callee.dotted) is None:
                self._escape(positional, keywords, node, env)
            return UNKNOWN
        if isinstance(callee, LayerValue):
            return Tensor(callee.layer, tuple(positional[:1]) or tuple(keywords.values())[:1])
        if isinstance(callee, ModelValue):
            return Tensor(Layer(None, node), tuple(positional[:1]))
        if isinstance(callee, Const | Seq | Mapping):
            return UNKNOWN
        if isinstance(func, cst.Name) and func.value in _HARMLESS_CALLS and callee is UNKNOWN:
            return UNKNOWN
        self._escape(positional, keywords, node, env)
        return UNKNOWN

    def _tensor_op(
        self, node: cst.Call, dotted: str, positional: list[Value], keywords: dict[str, Value]
    ) -> Op | None:
        """A known op (``tf.math.log``, ``K.clip``, ``np.sum``) applied to tensors.

        Only when an argument is a tensor value (a loss input, another op, a symbolic
        tensor): ops on data arrays stay with the data facts. An activation function
        applied to a symbolic tensor stays an activation of the functional model.
        """
        name = tensors.op_name(dotted)
        if name is None:
            return None
        arguments = [*positional, *keywords.values()]
        if "**" in keywords:
            return None
        # A softmax the functional API does not know (``scipy.special.softmax``) is still a
        # softmax, whatever it is applied to; other ops need a tensor argument.
        unknown_softmax = (
            name in tensors.ACTIVATION_OPS and keras_api.activation_function(dotted) is None
        )
        tensor = any(is_tensor_math(value) or isinstance(value, Tensor) for value in arguments)
        if not (tensor or unknown_softmax):
            return None
        first = positional[0] if positional else None
        if isinstance(first, Tensor) and keras_api.activation_function(dotted) is not None:
            return None  # an activation applied in a functional model: a layer of it
        return self._op(name, tuple(positional), node, keywords, dotted)

    def _data_method(
        self, node: cst.Call, func: cst.Attribute, receiver: Value, env: Environment, ctx: tuple
    ) -> Value:
        positional, keywords = self._args(node, env, ctx)

        def call(function: Value, arguments: list[Value]) -> Value:
            """A function value of the file run on ``arguments`` (``dataset.map(f)``)."""
            if isinstance(function, Function):
                self._called.add(id(function.node))
                return self._invoke(function.node, arguments, {}, ctx, env)
            if isinstance(function, LambdaValue):
                return self._invoke_lambda(function, arguments, {}, ctx)
            return UNKNOWN

        outcome = data.method(
            receiver, func.attr.value, positional, keywords, node, self.facts.data_events, call
        )
        key = binding_key(func.value)
        if outcome is None:
            # An unknown method may change the receiver in place: it stops being known.
            if key is not None:
                env.names[key] = UNKNOWN
            return UNKNOWN
        result, changed = outcome
        if changed is not None and key is not None:
            env.names[key] = changed
        return result

    def _optimizer_step(
        self, node: cst.Call, method: str, receiver: OptimizerValue, env: Environment, ctx: tuple
    ) -> Value:
        """``opt.apply_gradients(zip(grads, model.trainable_variables))`` and friends: records
        whether the step trains a model's weights or something else (an input image)."""
        self._args(node, env, ctx)
        trains = any(self._mentions_weights(arg.value, env) for arg in node.args)
        self.facts.optimizer_uses.append(OptimizerUse(receiver.optimizer, method, node, trains))
        return UNKNOWN

    def _mentions_weights(self, node: cst.CSTNode, env: Environment, depth: int = 0) -> bool:
        """Whether an argument names trainable weights, inside ``zip(...)``, a generator or
        a list: ``m.trainable_variables``, or a name bound to them."""
        if isinstance(node, cst.Attribute) and node.attr.value in keras_api.WEIGHT_ATTRIBUTES:
            return True
        if isinstance(node, cst.Name | cst.Attribute):
            key = attribute_key(node) if isinstance(node, cst.Attribute) else node.value
            if key is not None and isinstance(env.lookup(key), Weights):
                return True
        if depth > 20:
            return False
        return any(self._mentions_weights(child, env, depth + 1) for child in node.children)

    def _args(self, node: cst.Call, env: Environment, ctx: tuple) -> tuple[list[Value], dict]:
        positional: list[Value] = []
        keywords: dict[str, Value] = {}
        for arg in node.args:
            value = self._eval(arg.value, env, ctx)
            if arg.star:
                positional.append(UNKNOWN)
                keywords["**"] = UNKNOWN
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = value
            else:
                positional.append(value)
        return positional, keywords

    def _escape(
        self, positional: list[Value], keywords: dict[str, Value], node: cst.Call, env: Environment
    ) -> None:
        """A model, layer or array handed to code we cannot see may be changed there."""
        for value in itertools.chain(positional, keywords.values()):
            self._taint(value)
        for arg in node.args:
            key = binding_key(arg.value)
            if key is not None and isinstance(env.lookup(key), data.DataValue):
                env.names[key] = UNKNOWN
