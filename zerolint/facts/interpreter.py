"""A small abstract interpreter that reads a module once and records its Keras facts.

It walks statements in order, keeping an environment of abstract values, so imports,
aliases (``Dense = keras.layers.Dense``), constants (``N_CLASSES = 1``) and models built
step by step (``model.add(...)``) resolve the way the script runs them. Branches and loops
merge: a name that differs between paths becomes UNKNOWN, and a model changed inside a
branch it was not built in is marked incomplete.

The work is split by job, one module per part, and the parts are combined here:
``statements`` (blocks, branches, loops, imports, the names they bind), ``expressions``
(literals, names, operators, subscripts), ``calls`` (what a call evaluates to, by what is
called), ``invocations`` (the file's own functions, lambdas and classes), ``keras_calls``
(Keras constructors and model methods: the models, compiles and fits recorded) and
``custom_losses`` (the functions Keras calls with ``y_true``, ``y_pred``). This module holds
the state they share, sends each expression to its evaluator and records tensor ops; what
it records is a ``Facts`` (``zerolint.facts.record``). The parts reach each other through
``self`` only, so none imports another part or this module.
"""

from __future__ import annotations

import itertools

import libcst as cst

from zerolint.facts.calls import Calls
from zerolint.facts.custom_losses import CustomLosses
from zerolint.facts.environment import Environment
from zerolint.facts.expressions import Expressions
from zerolint.facts.invocations import Invocations
from zerolint.facts.keras_calls import KerasCalls
from zerolint.facts.model import Compile, CustomLoss, OpCall
from zerolint.facts.record import Facts
from zerolint.facts.statements import Statements
from zerolint.facts.values import UNKNOWN, ClassValue, Op, Value

# Statements run per module, the main bound on the analysis time (~0.1 ms each): once
# spent, loops are no longer unrolled and calls of the file's functions are no longer
# followed (their results are unknown), so the rest costs one run of each statement.
_MAX_STEPS = 20_000


class Interpreter(Statements, Expressions, Calls, Invocations, KerasCalls, CustomLosses):
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

    def _spent(self) -> bool:
        """The statement budget is spent: no more unrolling, no more following calls."""
        return self._steps > _MAX_STEPS

    def _eval(self, node: cst.BaseExpression, env: Environment, ctx: tuple) -> Value:
        """The abstract value of an expression (dispatched on its exact node type)."""
        evaluate = _EVALUATORS.get(type(node))
        if evaluate is not None:
            return evaluate(self, node, env, ctx)
        self._visit_children(node, env, ctx)
        return UNKNOWN

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
