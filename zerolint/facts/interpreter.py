"""A small abstract interpreter that reads a module once and records its Keras facts.

It walks statements in order, keeping an environment of abstract values, so imports,
aliases (``Dense = keras.layers.Dense``), constants (``N_CLASSES = 1``) and models built
step by step (``model.add(...)``) resolve the way the script runs them. Branches and loops
merge: a name that differs between paths becomes UNKNOWN, and a model changed inside a
branch it was not built in is marked incomplete.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import libcst as cst

from zerolint.facts import data, keras_api, tensors
from zerolint.facts.environment import Environment, forget, same
from zerolint.facts.keras_calls import as_layer, compile_call, learning_rate_of
from zerolint.facts.model import (
    Compile,
    CustomLoss,
    Fit,
    Layer,
    LossSpec,
    Model,
    ModelValue,
    OpCall,
    Optimizer,
    OptimizerUse,
)
from zerolint.facts.syntax import (
    attribute_key,
    binding_key,
    dotted_name,
    jumps,
    names_in,
    root_name,
    target_name,
)
from zerolint.facts.values import (
    UNKNOWN,
    ClassValue,
    Const,
    Function,
    InitializerValue,
    Instance,
    LambdaValue,
    LayerValue,
    LossInput,
    LossValue,
    Mapping,
    Op,
    OptimizerValue,
    Ref,
    ScheduleValue,
    Seq,
    Tensor,
    Value,
    Weights,
    is_tensor_math,
)

# Arithmetic on tensors becomes an ``Op`` with these names.
_TENSOR_OPERATORS = {
    cst.Add: "add",
    cst.Subtract: "sub",
    cst.Multiply: "mul",
    cst.Divide: "div",
    cst.Power: "pow",
}
_AUGMENTED_OPERATORS = {
    cst.AddAssign: "add",
    cst.SubtractAssign: "sub",
    cst.MultiplyAssign: "mul",
    cst.DivideAssign: "div",
    cst.PowerAssign: "pow",
}
_BINARY_OPS = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.Divide: operator.truediv,
    cst.FloorDivide: operator.floordiv,
    cst.Modulo: operator.mod,
}
# Calls that receive a model without changing its layers.
_HARMLESS_CALLS = frozenset(
    {"print", "len", "str", "repr", "type", "id", "isinstance", "vars", "super"}
)
# The environment key under which a function body leaves its return value.
_RETURN = "<return>"
# Builders calling builders: deeper than this, results are unknown.
_MAX_CALL_DEPTH = 4
# Calls of the file's functions followed per module; past that, results are unknown.
_MAX_INVOCATIONS = 200
# Lists built by ``+`` and ``*`` longer than this stay unknown (the literal data limit).
_MAX_SEQUENCE = data.MAX_VALUES
# Loops over a literal range or list are unrolled up to this many iterations.
_MAX_UNROLL = 16
# Unrolled loops inside unrolled loops run their body once per combination: past this many
# runs of one body, the inner loop is followed like any other loop (its items unknown).
_MAX_UNROLLED_RUNS = 256
# Statements run per module, the main bound on the analysis time (~0.1 ms each): once
# spent, loops are no longer unrolled and calls of the file's functions are no longer
# followed (their results are unknown), so the rest costs one run of each statement.
_MAX_STEPS = 20_000
# Attributes a script may set on a model or layer without changing what it computes.
_HARMLESS_ATTRS = frozenset({"trainable", "stop_training"})
# Recorded as ``Fit``s too when called on a model built in the file (scoring, not training).
_SCORING_METHODS = frozenset({"predict"})
# The attributes holding a model's or layer's trainable weights (see ``Weights``).
_WEIGHT_ATTRIBUTES = frozenset({"trainable_variables", "trainable_weights"})
# Optimizer methods that take a step on the variables they are given.
_OPTIMIZER_STEPS = frozenset({"apply_gradients", "apply", "minimize"})
_FIT_POSITIONAL = ("x", "y", "batch_size", "epochs")


@dataclass
class Facts:
    """Everything the interpreter records about one module."""

    models: list[Model] = field(default_factory=list)
    compiles: list[Compile] = field(default_factory=list)
    fits: list[Fit] = field(default_factory=list)
    functions: dict[str, cst.FunctionDef] = field(default_factory=dict)
    # Steps that learn from or split data (scaler fits, adapt, train_test_split), in order.
    data_events: list[data.DataEvent] = field(default_factory=list)
    # Tensor ops (``tf.math.log``, ``/`` on tensors, ...) as evaluated, in order; see OpCall.
    op_calls: list[OpCall] = field(default_factory=list)
    # The file's functions that Keras calls as a loss or metric, each analysed once with
    # its parameters bound to ``LossInput`` values (``y_true``, ``y_pred``).
    custom_losses: list[CustomLoss] = field(default_factory=list)
    # Every optimizer object built (compiled or not, e.g. for a custom training loop).
    optimizers: list[Optimizer] = field(default_factory=list)
    # Where optimizers are put to work (compile, apply_gradients, minimize), in order.
    optimizer_uses: list[OptimizerUse] = field(default_factory=list)


class Interpreter:
    """Runs the abstract interpretation of a module and returns its Facts."""

    def __init__(self) -> None:
        self.facts = Facts()
        self._counter = itertools.count()
        self._stack: list[cst.FunctionDef | cst.Lambda] = []
        # Per frame of _stack: whether its body executed a ``yield`` (a generator).
        self._yielded: list[bool] = []
        self._last_compile: dict[int, Compile] = {}
        self._model_methods: dict[int, dict[str, cst.FunctionDef]] = {}
        self._syntax_cache: dict[tuple, bool] = {}
        self._invocations = 0
        self._steps = 0  # statements run (see _MAX_STEPS)
        self._unrolled_runs = 1  # runs of the current body due to the loops unrolled around it
        # The custom loss being analysed (its ops are recorded with it), if any.
        self._loss: CustomLoss | None = None
        # Functions of the file called by its code (by id), and every def and class seen.
        self._called: set[int] = set()
        self._definitions: list[cst.FunctionDef] = []
        self._classes: list[ClassValue] = []
        self._loss_methods: dict[int, dict[str, cst.FunctionDef]] = {}

    # -- statements -------------------------------------------------------------------

    def run(self, module: cst.Module) -> Facts:
        env = Environment()
        deferred: list = []
        self._block(module.body, env, (), deferred)
        # Function bodies also run on their own after the module, seeing its final globals,
        # with unknown parameters (calls with known arguments ran them already). Each body
        # is its own context: a change it makes to a model built outside it may or may not
        # happen, so that model becomes incomplete.
        while deferred:
            item = deferred.pop(0)
            if isinstance(item, ClassValue):
                self._classes.append(item)
                self._run_class(item, env, deferred)
            else:
                self._definitions.append(item)
                ctx = (("def", next(self._counter)),)
                self._block(item.body.body, Environment(env), ctx, deferred)
        self._run_losses(env)
        return self.facts

    # -- custom losses and metrics ----------------------------------------------------

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

    def _op(
        self,
        name: str,
        args: tuple[Value, ...],
        node: cst.CSTNode,
        keywords: dict[str, Value] | None = None,
        dotted: str | None = None,
    ) -> Op:
        """A tensor op value, recorded in ``facts.op_calls``."""
        op = Op(name, args, node, keywords or {}, dotted)
        self.facts.op_calls.append(OpCall(op, self._loss))
        return op

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

    def _block(
        self, body: Iterable[cst.CSTNode], env: Environment, ctx: tuple, deferred: list
    ) -> None:
        for statement in body:
            self._statement(statement, env, ctx, deferred)

    def _branch(self, bodies: list, env: Environment, ctx: tuple, deferred: list, exhaustive: bool):
        """Run alternative bodies from the same state and merge them back into env."""
        tag = next(self._counter)
        outcomes = []
        for index, body in enumerate(bodies):
            branch_env = env.copy()
            self._block(body, branch_env, (*ctx, (tag, index)), deferred)
            outcomes.append(branch_env)
        if not exhaustive:
            outcomes.append(env.copy())
        env.merge(outcomes)

    def _statement(self, node: cst.CSTNode, env: Environment, ctx: tuple, deferred: list) -> None:
        self._steps += 1
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self._small_statement(small, env, ctx)
        elif isinstance(node, cst.If):
            self._eval(node.test, env, ctx)
            bodies, current = [], node
            while isinstance(current, cst.If):
                bodies.append(current.body.body)
                current = current.orelse
                if isinstance(current, cst.If):
                    self._eval(current.test, env, ctx)
            exhaustive = isinstance(current, cst.Else)
            if exhaustive:
                bodies.append(current.body.body)
            self._branch(bodies, env, ctx, deferred, exhaustive)
        elif isinstance(node, cst.For | cst.While):
            if isinstance(node, cst.For):
                items = self._literal_iterations(node, env, ctx)
                if items is not None and self._may_unroll(len(items)):
                    outer = self._unrolled_runs
                    self._unrolled_runs = outer * max(len(items), 1)
                    try:
                        for item in items:  # a literal range or list: run the body each time
                            self._bind(node.target, item, env, ctx)
                            self._block(node.body.body, env, ctx, deferred)
                    finally:
                        self._unrolled_runs = outer
                    return
                self._bind_unknown(node.target, env)
            else:
                self._eval(node.test, env, ctx)
            bodies = [node.body.body]
            if node.orelse is not None:
                bodies.append(node.orelse.body.body)
            self._branch(bodies, env, ctx, deferred, exhaustive=False)
        elif isinstance(node, cst.With):
            for item in node.items:
                self._eval(item.item, env, ctx)
                if item.asname is not None:
                    self._bind_unknown(item.asname.name, env)
            self._block(node.body.body, env, ctx, deferred)
        elif isinstance(node, cst.Try | cst.TryStar):
            # The body normally runs to its end; handlers are alternatives to it.
            self._block(node.body.body, env, ctx, deferred)
            handlers = [h.body.body for h in node.handlers]
            if node.orelse is not None:
                handlers.append(node.orelse.body.body)
            if handlers:
                self._branch(handlers, env, ctx, deferred, exhaustive=False)
            if node.finalbody is not None:
                self._block(node.finalbody.body.body, env, ctx, deferred)
        elif isinstance(node, cst.FunctionDef):
            env.names[node.name.value] = Function(node)
            self.facts.functions.setdefault(node.name.value, node)
            deferred.append(node)
        elif isinstance(node, cst.ClassDef):
            klass = self._class(node, env, ctx)
            env.names[node.name.value] = klass
            deferred.append(klass)
        elif isinstance(node, cst.Match):
            self._eval(node.subject, env, ctx)
            bodies = [case.body.body for case in node.cases]
            self._branch(bodies, env, ctx, deferred, exhaustive=False)

    def _small_statement(self, node: cst.BaseSmallStatement, env: Environment, ctx: tuple) -> None:
        if isinstance(node, cst.Assign):
            value = self._eval(node.value, env, ctx)
            for target in node.targets:
                self._bind(target.target, value, env, ctx)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self._bind(node.target, self._eval(node.value, env, ctx), env, ctx)
        elif isinstance(node, cst.AugAssign):
            value = self._eval(node.value, env, ctx)
            current = env.lookup(node.target.value) if isinstance(node.target, cst.Name) else None
            name = _AUGMENTED_OPERATORS.get(type(node.operator))
            if name is not None and current is not None and is_tensor_math(current):
                self._bind(node.target, self._op(name, (current, value), node), env, ctx)
            else:
                self._bind(node.target, UNKNOWN, env, ctx)
        elif isinstance(node, cst.Expr):
            self._eval(node.value, env, ctx)
        elif isinstance(node, cst.Return):
            value = self._eval(node.value, env, ctx) if node.value is not None else Const(None)
            # A second return (or one after a branch that returned) makes the result unknown.
            env.names[_RETURN] = UNKNOWN if _RETURN in env.names else value
        elif isinstance(node, cst.Import):
            for alias in node.names:
                dotted = dotted_name(alias.name)
                if alias.asname is not None:
                    env.names[target_name(alias.asname.name)] = Ref(dotted)
                else:
                    top = dotted.split(".", 1)[0]
                    env.names[top] = Ref(top)
        elif isinstance(node, cst.ImportFrom):
            self._import_from(node, env)
        elif isinstance(node, cst.Global):
            env.global_names.update(item.name.value for item in node.names)
        elif isinstance(node, cst.Del):
            self._bind(node.target, UNKNOWN, env, ctx)

    def _import_from(self, node: cst.ImportFrom, env: Environment) -> None:
        if node.relative or node.module is None:
            names = node.names
            if not isinstance(names, cst.ImportStar):
                for alias in names:
                    env.names[target_name((alias.asname or alias).name)] = UNKNOWN
            return
        module = dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            env.star_modules.append(module)
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            bound = target_name(alias.asname.name) if alias.asname else name
            env.names[bound] = Ref(f"{module}.{name}")

    # -- bindings ---------------------------------------------------------------------

    def _bind(self, target: cst.BaseExpression, value: Value, env: Environment, ctx: tuple) -> None:
        if isinstance(target, cst.Name):
            env.names[target.value] = value
        elif isinstance(target, cst.Tuple | cst.List):
            elements = target.elements
            if (
                isinstance(value, Seq)
                and len(value.items) == len(elements)
                and not any(isinstance(e, cst.StarredElement) for e in elements)
            ):
                for element, item in zip(elements, value.items, strict=True):
                    self._bind(element.value, item, env, ctx)
            else:
                for element in elements:
                    self._bind(element.value, UNKNOWN, env, ctx)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, UNKNOWN, env, ctx)
        elif isinstance(target, cst.Attribute) and self._set_attribute(target, value, env, ctx):
            pass
        elif isinstance(target, cst.Attribute | cst.Subscript):
            # Writing into an object changes it: the root stops being known.
            root = root_name(target)
            dotted = attribute_key(target)
            if dotted is not None:
                env.names[dotted] = value
            harmless = isinstance(target, cst.Attribute) and target.attr.value in _HARMLESS_ATTRS
            if root is not None and not harmless:
                self._taint(env.lookup(root))
                if dotted is None and root in env.names:
                    env.names[root] = UNKNOWN

    def _set_attribute(
        self, target: cst.Attribute, value: Value, env: Environment, ctx: tuple
    ) -> bool:
        """``self.x = ...`` on an instance or subclassed model of this file: store it."""
        if binding_key(target.value) is None:
            return False
        owner = self._eval(target.value, env, ctx)
        if isinstance(owner, Instance):
            owner.attributes[target.attr.value] = value
            return True
        if isinstance(owner, ModelValue) and owner.model.kind == "subclassed":
            owner.model.attributes[target.attr.value] = value
            return True
        return False

    def _bind_unknown(self, target: cst.BaseExpression, env: Environment) -> None:
        for name in names_in(target):
            env.names[name] = UNKNOWN

    def _taint(self, value: Value | None) -> None:
        """Mark a model or layer that the script changed in ways not followed."""
        if isinstance(value, ModelValue):
            value.model.complete = False
        elif isinstance(value, LayerValue):
            value.layer.modified = True
        elif isinstance(value, Seq):
            for item in value.items:
                self._taint(item)

    # -- expressions ------------------------------------------------------------------

    def _eval(self, node: cst.BaseExpression, env: Environment, ctx: tuple) -> Value:
        """The abstract value of an expression (dispatched on its exact node type)."""
        evaluate = _EVALUATORS.get(type(node))
        if evaluate is not None:
            return evaluate(self, node, env, ctx)
        self._visit_children(node, env, ctx)
        return UNKNOWN

    def _number(self, node: cst.BaseNumber, env: Environment, ctx: tuple) -> Value:
        # int()/float() directly: libcst's evaluated_value compiles the literal every time.
        text = node.value.replace("_", "")
        try:
            if isinstance(node, cst.Integer):
                return Const(int(text, 0), node)
            if isinstance(node, cst.Float):
                return Const(float(text), node)
            return Const(complex(text), node)
        except ValueError:
            return UNKNOWN

    def _string(self, node: cst.BaseString, env: Environment, ctx: tuple) -> Value:
        if isinstance(node, cst.SimpleString) and not node.prefix and "\\" not in node.value:
            quote = node.quote
            return Const(node.value[len(quote) : -len(quote)], node)
        value = node.evaluated_value
        return Const(value, node) if value is not None else UNKNOWN

    def _name_node(self, node: cst.Name, env: Environment, ctx: tuple) -> Value:
        return self._name(node.value, env)

    def _attribute(self, node: cst.Attribute, env: Environment, ctx: tuple) -> Value:
        key = attribute_key(node)
        if key is not None:
            bound = env.lookup(key)
            if bound is not None:
                return bound
        base = self._eval(node.value, env, ctx)
        if isinstance(base, Ref):
            return Ref(f"{base.dotted}.{node.attr.value}")
        if node.attr.value in _WEIGHT_ATTRIBUTES:
            return Weights(node)
        if isinstance(base, data.DataValue):
            return data.attribute(base, node.attr.value, node) or UNKNOWN
        if isinstance(base, Instance):
            return base.attributes.get(node.attr.value, UNKNOWN)
        if isinstance(base, ModelValue):
            return base.model.attributes.get(node.attr.value, UNKNOWN)
        return UNKNOWN

    def _sequence(self, node: cst.List | cst.Tuple, env: Environment, ctx: tuple) -> Value:
        if any(type(e) is cst.StarredElement for e in node.elements):
            for element in node.elements:
                self._eval(element.value, env, ctx)
            return UNKNOWN
        return Seq(tuple(self._eval(e.value, env, ctx) for e in node.elements), node)

    def _unary(self, node: cst.UnaryOperation, env: Environment, ctx: tuple) -> Value:
        operand = self._eval(node.expression, env, ctx)
        if isinstance(node.operator, cst.Minus) and is_tensor_math(operand):
            return self._op("neg", (operand,), node)
        if isinstance(node.operator, cst.Minus) and _is_number(operand):
            return Const(-operand.value, node)
        if isinstance(node.operator, cst.Plus) and _is_number(operand):
            return Const(operand.value, node)
        return UNKNOWN

    def _comparison(self, node: cst.Comparison, env: Environment, ctx: tuple) -> Value:
        if len(node.comparisons) != 1:
            self._visit_children(node, env, ctx)
            return UNKNOWN
        left = self._eval(node.left, env, ctx)
        target = node.comparisons[0]
        right = self._eval(target.comparator, env, ctx)
        if isinstance(left, data.DataValue) or isinstance(right, data.DataValue):
            return data.compare(target.operator, left, right, node) or UNKNOWN
        return UNKNOWN

    def _yield(self, node: cst.Yield, env: Environment, ctx: tuple) -> Value:
        if self._yielded:
            self._yielded[-1] = True
        self._visit_children(node, env, ctx)
        return UNKNOWN

    def _if_expression(self, node: cst.IfExp, env: Environment, ctx: tuple) -> Value:
        self._eval(node.test, env, ctx)
        body = self._eval(node.body, env, ctx)
        orelse = self._eval(node.orelse, env, ctx)
        return body if same(body, orelse) else UNKNOWN

    def _lambda(self, node: cst.Lambda, env: Environment, ctx: tuple) -> Value:
        return LambdaValue(node, env)

    def _visit_children(self, node: cst.CSTNode, env: Environment, ctx: tuple) -> None:
        """Evaluate sub-expressions for their effects (models passed to calls, etc.)."""
        if isinstance(node, cst.Lambda | cst.BaseComp):
            return
        for child in node.children:
            if isinstance(child, cst.BaseExpression):
                self._eval(child, env, ctx)
            elif isinstance(child, cst.CSTNode):
                self._visit_children(child, env, ctx)

    def _name(self, name: str, env: Environment) -> Value:
        if name in ("True", "False", "None"):
            return Const({"True": True, "False": False, "None": None}[name])
        bound = env.lookup(name)
        if bound is not None:
            return bound
        for module in env.star_modules:
            if keras_api.exports(module, name):
                return Ref(f"{module}.{name}")
        return UNKNOWN

    def _dict(self, node: cst.Dict, env: Environment, ctx: tuple) -> Value:
        items = []
        known = True
        for element in node.elements:
            if not isinstance(element, cst.DictElement):
                self._eval(element.value, env, ctx)
                known = False
                continue
            key = self._eval(element.key, env, ctx)
            value = self._eval(element.value, env, ctx)
            if isinstance(key, Const):
                items.append((key.value, value))
            else:
                known = False
        return Mapping(tuple(items), node) if known else UNKNOWN

    def _binary(self, node: cst.BinaryOperation, env: Environment, ctx: tuple) -> Value:
        left = self._eval(node.left, env, ctx)
        right = self._eval(node.right, env, ctx)
        if is_tensor_math(left) or is_tensor_math(right):
            name = _TENSOR_OPERATORS.get(type(node.operator))
            return self._op(name, (left, right), node) if name is not None else UNKNOWN
        if isinstance(left, data.DataValue) or isinstance(right, data.DataValue):
            return data.binary(node.operator, left, right, node) or UNKNOWN
        if isinstance(left, Weights) and isinstance(right, Weights):
            return Weights(node) if isinstance(node.operator, cst.Add) else UNKNOWN
        if isinstance(left, Seq) or isinstance(right, Seq):
            return _sequence_arithmetic(node, left, right)
        operation = _BINARY_OPS.get(type(node.operator))
        if operation is None or not (isinstance(left, Const) and isinstance(right, Const)):
            return UNKNOWN
        a, b = left.value, right.value
        numbers = _is_number(left) and _is_number(right)
        strings = isinstance(a, str) and isinstance(b, str) and operation is operator.add
        if not (numbers or strings):
            return UNKNOWN
        try:
            return Const(operation(a, b), node)
        except (ArithmeticError, ValueError):
            return UNKNOWN

    def _subscript(self, node: cst.Subscript, env: Environment, ctx: tuple) -> Value:
        base = self._eval(node.value, env, ctx)
        indices = []
        for element in node.slice:
            if isinstance(element.slice, cst.Index):
                indices.append(self._eval(element.slice.value, env, ctx))
            else:
                self._visit_children(element.slice, env, ctx)
                indices.append(UNKNOWN)
        if isinstance(base, data.DataValue):
            return data.subscript(base, indices, node) or UNKNOWN
        if isinstance(base, Ref):
            return data.index_helper(base.dotted, indices, node) or UNKNOWN
        if is_tensor_math(base):
            return self._op("getitem", (base,), node)
        if len(indices) != 1 or not isinstance(indices[0], Const):
            return UNKNOWN
        key = indices[0].value
        if isinstance(base, Seq) and type(key) is int and -len(base.items) <= key < len(base.items):
            return base.items[key]
        if isinstance(base, Mapping):
            found = base.get(key)
            return found if found is not None else UNKNOWN
        return UNKNOWN

    # -- calls ------------------------------------------------------------------------

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
        if isinstance(node, cst.Attribute) and node.attr.value in _WEIGHT_ATTRIBUTES:
            return True
        if isinstance(node, cst.Name | cst.Attribute):
            key = attribute_key(node) if isinstance(node, cst.Attribute) else node.value
            if key is not None and isinstance(env.lookup(key), Weights):
                return True
        if depth > 20:
            return False
        return any(self._mentions_weights(child, env, depth + 1) for child in node.children)

    def _cached(self, check: Callable[[cst.CSTNode], bool], node: cst.CSTNode) -> bool:
        """A syntactic property of a node, computed once (functions are called many times)."""
        key = (check, id(node))
        if key not in self._syntax_cache:
            self._syntax_cache[key] = check(node)
        return self._syntax_cache[key]

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
            or self._steps > _MAX_STEPS
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
        return local.names.get(_RETURN, Const(None))

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
        if isinstance(output, Tensor):
            model.outputs = (output,)
        elif isinstance(output, Seq) and all(isinstance(o, Tensor) for o in output.items):
            model.outputs = output.items
        else:
            model.complete = False
        return receiver

    def _may_unroll(self, count: int) -> bool:
        """Whether a loop of ``count`` literal items may run its body once per item."""
        return self._steps <= _MAX_STEPS and self._unrolled_runs * count <= _MAX_UNROLLED_RUNS

    def _literal_iterations(
        self, node: cst.For, env: Environment, ctx: tuple
    ) -> list[Value] | None:
        """The items of ``for ... in range(k)`` or of a literal list, when small and simple.

        Evaluates the iterable once either way.
        """
        iterable = node.iter
        items: list[Value] | None = None
        if (
            isinstance(iterable, cst.Call)
            and isinstance(iterable.func, cst.Name)
            and iterable.func.value == "range"
            and env.lookup("range") is None
        ):
            bounds = [self._eval(arg.value, env, ctx) for arg in iterable.args]
            numbers = [b.value for b in bounds if isinstance(b, Const) and type(b.value) is int]
            if len(numbers) == len(bounds) and 1 <= len(numbers) <= 3 and 0 not in numbers[2:]:
                items = [Const(i) for i in range(*numbers)[: _MAX_UNROLL + 1]]
        else:
            value = self._eval(iterable, env, ctx)
            if isinstance(value, Seq):
                items = list(value.items)
        if items is None or len(items) > _MAX_UNROLL or node.orelse is not None:
            return None
        return None if self._cached(jumps, node.body) else items

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

    def _construct(
        self, node: cst.Call, dotted: str, positional: list[Value], keywords: dict[str, Value]
    ) -> Value | None:
        """Values built by Keras constructors: models, inputs, layers, loss objects."""
        constructor = keras_api.model_constructor(dotted)
        if constructor == keras_api.SEQUENTIAL:
            return ModelValue(self._sequential(node, positional, keywords))
        if constructor == keras_api.MODEL:
            model = Model("functional", node)
            inputs = keywords.get("inputs", positional[0] if positional else None)
            if isinstance(inputs, Tensor):
                model.inputs = (inputs,)
            elif isinstance(inputs, Seq) and all(isinstance(i, Tensor) for i in inputs.items):
                model.inputs = inputs.items
            outputs = keywords.get("outputs", positional[1] if len(positional) > 1 else None)
            if isinstance(outputs, Tensor):
                model.outputs = (outputs,)
            elif isinstance(outputs, Seq) and all(isinstance(o, Tensor) for o in outputs.items):
                model.outputs = outputs.items
            else:
                model.complete = False
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


def _sequence_arithmetic(node: cst.BinaryOperation, left: Value, right: Value) -> Value:
    """``[[0, 1], [1, 0]] * 50`` and ``[...] + [...]``: lists as Python builds them, up to
    ``_MAX_SEQUENCE`` items (a longer list stays unknown rather than built)."""
    if isinstance(node.operator, cst.Add) and isinstance(left, Seq) and isinstance(right, Seq):
        items = left.items + right.items
        return Seq(items, node) if len(items) <= _MAX_SEQUENCE else UNKNOWN
    if not isinstance(node.operator, cst.Multiply):
        return UNKNOWN
    sequence, count = (left, right) if isinstance(left, Seq) else (right, left)
    if not (isinstance(sequence, Seq) and isinstance(count, Const) and type(count.value) is int):
        return UNKNOWN
    if len(sequence.items) * max(count.value, 0) > _MAX_SEQUENCE:
        return UNKNOWN
    return Seq(sequence.items * max(count.value, 0), node)


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


def _data_dims(x: Value) -> tuple[int | None, ...] | None:
    """The shape (batch first) of the one input array a model is trained on, if known
    (``Fit.inputs``: a dataset's batches are read as ``fit`` reads them)."""
    array = data.as_array(x) if isinstance(x, data.Array | Seq) else None
    if array is None or array.shape is None or not array.shape:
        return None
    return (None, *array.shape[1:])


def _is_number(value: Value) -> bool:
    return isinstance(value, Const) and type(value.value) in (int, float)


_EVALUATORS = {
    cst.Integer: Interpreter._number,
    cst.Float: Interpreter._number,
    cst.Imaginary: Interpreter._number,
    cst.SimpleString: Interpreter._string,
    cst.ConcatenatedString: Interpreter._string,
    cst.Name: Interpreter._name_node,
    cst.Attribute: Interpreter._attribute,
    cst.List: Interpreter._sequence,
    cst.Tuple: Interpreter._sequence,
    cst.Dict: Interpreter._dict,
    cst.UnaryOperation: Interpreter._unary,
    cst.BinaryOperation: Interpreter._binary,
    cst.Call: Interpreter._call,
    cst.Subscript: Interpreter._subscript,
    cst.Comparison: Interpreter._comparison,
    cst.IfExp: Interpreter._if_expression,
    cst.Lambda: Interpreter._lambda,
    cst.Yield: Interpreter._yield,
}


def interpret(module: cst.Module) -> Facts:
    return Interpreter().run(module)
