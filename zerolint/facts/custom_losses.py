"""Custom losses and metrics: the file's functions Keras calls with (y_true, y_pred).

After the module has run, each is found (passed to ``compile``, a ``Loss``/``Metric``
subclass, or named by Keras's ``y_pred`` convention) and run once more with its parameters
bound to ``LossInput`` values, keeping only the tensor ops it applies to them.

It is one part of ``Interpreter`` (``zerolint.facts.interpreter``), which holds the
state (``facts``, the budgets, the call stack) and dispatches each expression to its
evaluator (``_eval``); the parts reach each other through ``self`` only.
"""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from zerolint.facts.environment import Environment
from zerolint.facts.model import CustomLoss
from zerolint.facts.record import Facts
from zerolint.facts.values import Function, Instance, LossInput, Mapping, Seq, Value


class CustomLosses:
    """Finding and running custom losses (a part of ``Interpreter``)."""

    def _run_losses(self, env: Environment) -> None:
        """Run each custom loss / metric once more, with ``y_true``/``y_pred`` bound.

        Only op calls are kept from these runs: any model, compile or data fact they would
        record goes to a scratch ``Facts``.
        """
        losses = self._find_losses()
        self.facts.custom_losses = losses
        kept = self.facts
        self._invocations = 0  # the loss runs get their own budget
        for loss in losses:
            params = [*loss.function.params.posonly_params, *loss.function.params.params]
            offset = 1 if loss.method else 0
            if len(params) < offset + 2:
                continue
            inputs: list[Value] = []
            if loss.method:  # ``self``: an instance whose attributes are unknown
                inputs.append(Instance({}, self._loss_methods.get(id(loss.function), {})))
            for role, param in zip(("y_true", "y_pred"), params[offset : offset + 2], strict=True):
                inputs.append(LossInput(role, param.name.value, loss))
            self.facts = Facts(op_calls=kept.op_calls)
            self._loss = loss
            try:
                self._invoke(loss.function, inputs, {}, (("def", next(self._counter)),), env)
            finally:
                self._loss = None
                self.facts = kept

    def _find_losses(self) -> list[CustomLoss]:
        """The functions Keras calls with (y_true, y_pred), and how that is known.

        A function passed as ``loss=`` / ``metrics=`` to ``compile`` (or an object of the
        file's class with ``__call__``/``call`` passed there); ``call`` of a
        ``keras.losses.Loss`` subclass and ``update_state`` of a ``keras.metrics.Metric``
        subclass; and, by Keras's naming convention, a function whose second parameter is
        ``y_pred`` that the file's own code never calls (a function the file calls is
        analysed with the arguments it is given instead: a helper called with an already
        clipped prediction must not be read as receiving a raw one).
        """
        found: dict[int, CustomLoss] = {}

        def add(function: cst.FunctionDef, kind: str, evidence: str, node, methods=None):
            if id(function) not in found:
                found[id(function)] = CustomLoss(
                    function, kind, evidence, node, methods is not None
                )
                self._loss_methods[id(function)] = methods or {}

        for compiled in self.facts.compiles:
            for kind, value in (("loss", compiled.loss), ("metric", compiled.metrics)):
                for item in _leaves(value):
                    if isinstance(item, Function):
                        add(item.node, kind, "compile", compiled.node)
                    elif isinstance(item, Instance):
                        for name in ("__call__", "call"):
                            if name in item.methods:
                                add(
                                    item.methods[name], kind, "compile", compiled.node, item.methods
                                )
                                break
        for klass in self._classes:
            method = {"loss": "call", "metric": "update_state"}.get(klass.keras_base or "")
            if method is not None and method in klass.methods:
                add(klass.methods[method], klass.keras_base, "subclass", klass.node, klass.methods)
        candidates = [(f, None) for f in self._definitions]
        candidates += [(m, k.methods) for k in self._classes for m in k.methods.values()]
        for function, methods in candidates:
            params = [*function.params.posonly_params, *function.params.params]
            offset = 0 if methods is None else 1
            if (
                len(params) >= offset + 2
                and params[offset + 1].name.value == "y_pred"
                and id(function) not in self._called
            ):
                add(function, "loss", "signature", function, methods)
        return list(found.values())


def _leaves(value: Value) -> Iterable[Value]:
    """The items of a (nested) list or dict value, or the value itself."""
    if isinstance(value, Seq):
        for item in value.items:
            yield from _leaves(item)
    elif isinstance(value, Mapping):
        for _, item in value.items:
            yield from _leaves(item)
    else:
        yield value
