"""The file's own functions, lambdas and classes, run with the arguments they are given.

A builder called with known arguments returns what it builds; a subclassed model's
``__init__`` and ``call`` give its layers and outputs. Recursion, depth and a per-module
budget of calls bound the work: past them, the result is unknown and what was passed in
may have changed.

It is one part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the
state (``facts``, the budgets, the call stack) and dispatches each expression to its
evaluator (``_eval``); the parts reach each other through ``self`` only.
"""

from __future__ import annotations

import itertools

import libcst as cst

from zerolint.facts import keras_api
from zerolint.facts.environment import RETURN, Environment, forget
from zerolint.facts.model import Model, ModelValue
from zerolint.facts.values import (
    UNKNOWN,
    ClassValue,
    Const,
    Instance,
    LambdaValue,
    Ref,
    Tensor,
    Value,
    tensors_of,
)

# Builders calling builders: deeper than this, results are unknown.
_MAX_CALL_DEPTH = 4
# Calls of the file's functions followed per module; past that, results are unknown.
_MAX_INVOCATIONS = 200


class Invocations:
    """Calls into the file's own code (a part of ``Interpreter``)."""

    def _invoke(
        self,
        function: cst.FunctionDef,
        positional: list[Value],
        keywords: dict[str, Value],
        ctx: tuple,
        caller: Environment,
    ) -> Value:
        """Run a function of this file with the caller's arguments; its return value."""
        self._invocations += 1
        if (
            function in self._stack
            or len(self._stack) >= _MAX_CALL_DEPTH
            or self._invocations > _MAX_INVOCATIONS
            or self._spent()
            or function.asynchronous is not None
        ):
            for value in itertools.chain(positional, keywords.values()):
                self._taint(value)
            forget(caller, {id(v) for v in itertools.chain(positional, keywords.values())})
            return UNKNOWN
        local = Environment(caller.root())
        self._bind_parameters(function.params, positional, keywords, local, ctx)
        passed = dict(local.names)
        self._stack.append(function)
        self._yielded.append(False)
        try:
            self._block(function.body.body, local, ctx, [])
        finally:
            self._stack.pop()
            generator = self._yielded.pop()
        # Data is changed in place (``a /= 255``, ``a[:] = ...``): a parameter that no longer
        # holds what was passed may have changed the caller's array too.
        forget(caller, {id(v) for k, v in passed.items() if local.names.get(k) is not v})
        for name in local.global_names:  # ``global x; x = ...``
            if name in local.names:
                local.root().names[name] = local.names[name]
        if generator:  # calling it only made a generator object
            return UNKNOWN
        return local.names.get(RETURN, Const(None))

    def _invoke_lambda(
        self, function: LambdaValue, positional: list[Value], keywords: dict[str, Value], ctx: tuple
    ) -> Value:
        """A ``lambda`` of this file called with these arguments: its body's value."""
        self._invocations += 1
        node = function.node
        if (
            node in self._stack
            or len(self._stack) >= _MAX_CALL_DEPTH
            or self._invocations > _MAX_INVOCATIONS
        ):
            return UNKNOWN
        local = Environment(function.scope)
        self._bind_parameters(node.params, positional, keywords, local, ctx)
        self._stack.append(node)
        try:
            return self._eval(node.body, local, ctx)
        finally:
            self._stack.pop()

    def _bind_parameters(
        self,
        params: cst.Parameters,
        positional: list[Value],
        keywords: dict[str, Value],
        local: Environment,
        ctx: tuple,
    ) -> None:
        spread = "**" in keywords  # f(*args, **kwargs): any parameter may be given
        ordered = [*params.posonly_params, *params.params]
        for index, param in enumerate([*ordered, *params.kwonly_params]):
            name = param.name.value
            if index < len(ordered) and index < len(positional):
                value = positional[index]
            elif name in keywords:
                value = keywords[name]
            elif param.default is not None and not spread:
                value = self._eval(param.default, local.root(), ctx)
            else:
                value = UNKNOWN
            local.names[name] = value
        for extra in (params.star_arg, params.star_kwarg):
            if isinstance(extra, cst.Param):
                local.names[extra.name.value] = UNKNOWN

    def _class(self, node: cst.ClassDef, env: Environment, ctx: tuple) -> ClassValue:
        methods: dict[str, cst.FunctionDef] = {}
        is_model = False
        keras_base = None
        for base in (self._eval(arg.value, env, ctx) for arg in node.bases):
            if isinstance(base, Ref) and keras_api.model_constructor(base.dotted) == "Model":
                is_model = True
            elif isinstance(base, Ref):
                keras_base = keras_api.LOSS_BASES.get(
                    keras_api.keras_name(base.dotted) or "", keras_base
                )
            elif isinstance(base, ClassValue):
                is_model = is_model or base.is_model
                keras_base = keras_base or base.keras_base
                methods.update(base.methods)
        for item in node.body.body:
            if isinstance(item, cst.FunctionDef):
                methods[item.name.value] = item
        return ClassValue(node, methods, is_model, keras_base)

    def _instantiate(
        self,
        klass: ClassValue,
        node: cst.Call,
        positional: list[Value],
        keywords: dict[str, Value],
        ctx: tuple,
        env: Environment,
    ) -> Value:
        """An instance of a class of this file; a subclassed model gets its outputs."""
        init = klass.methods.get("__init__")
        if not klass.is_model:
            instance = Instance({}, klass.methods)
            if init is not None:
                self._invoke(init, [instance, *positional], keywords, ctx, env)
            return instance
        model = Model("subclassed", node, context=ctx)
        model.custom_training = "train_step" in klass.methods
        self.facts.models.append(model)
        receiver = ModelValue(model)
        self._model_methods[id(model)] = klass.methods
        if init is not None:
            self._invoke(init, [receiver, *positional], keywords, ctx, env)
        call = klass.methods.get("call")
        output = self._invoke(call, [receiver, Tensor(None)], {}, ctx, env) if call else UNKNOWN
        outputs = tensors_of(output)
        if outputs is None:
            model.complete = False
        else:
            model.outputs = outputs
        return receiver

    def _run_class(self, klass: ClassValue, env: Environment, deferred: list) -> None:
        """Methods of a plain class run with ``self`` holding what ``__init__`` set."""
        if klass.is_model:
            return  # a subclassed model is analysed where it is instantiated
        init = klass.methods.get("__init__")
        attributes: dict[str, Value] = {}
        if init is not None:
            instance = Instance({}, klass.methods)
            self._invoke(init, [instance], {}, (("def", next(self._counter)),), env)
            attributes = instance.attributes
        for name, method in klass.methods.items():
            if name != "__init__":
                instance = Instance(dict(attributes), klass.methods)
                self._invoke(method, [instance], {}, (("def", next(self._counter)),), env)
