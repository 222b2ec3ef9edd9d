"""ZL5xx: hand-written maths in losses and metrics that turns into inf or NaN.

The facts layer records every tensor op the interpreter evaluates (``facts.op_calls``) as an
``Op`` whose arguments are values, so a rule can follow a log's argument back through names
to a prediction, a clip or an epsilon; ``zerolint.facts.tensors.value_range`` tells whether it
can be exactly 0. Inside a custom loss or metric (``facts.custom_losses``) the parameters are
bound to ``LossInput`` values: ``y_pred`` is the model's prediction.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from zerolint.checks.common import describe
from zerolint.diagnostics import SAFE, clip, headline
from zerolint.facts import keras_api, tensors
from zerolint.facts.values import LossInput, Op, Tensor
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.diagnostics import Finding, Fix, Verdict
    from zerolint.facts.model import CustomLoss, OpCall
    from zerolint.facts.program import Program
    from zerolint.facts.values import Value

_MAX_SNIPPET = 60


def snippet(program: Program, node: cst.CSTNode) -> str:
    """The source of an expression, shortened for a message."""
    text = " ".join(program.module.code_for_node(node).split())
    return text if len(text) <= _MAX_SNIPPET else text[: _MAX_SNIPPET - 3] + "..."


def brief_loss(loss: CustomLoss) -> str:
    """``custom loss `dice```: the function, named for a headline."""
    kind = "custom loss" if loss.kind == "loss" else "custom metric"
    return f"{kind} `{clip(loss.name, 24)}`"


def describe_loss(loss: CustomLoss, program: Program) -> str:
    """``custom loss `dice` (compiled at line 30)``: where a function is shown to be a loss."""
    kind = "custom loss" if loss.kind == "loss" else "custom metric"
    name = loss.name
    if loss.evidence == "subclass":
        name = f"{loss.node.name.value}.{name}"
    if loss.evidence == "compile":
        how = f"compiled at {program.where(loss.node)}"
    elif loss.evidence == "subclass":
        base = "keras.losses.Loss" if loss.kind == "loss" else "keras.metrics.Metric"
        how = f"a {base} subclass at {program.where(loss.node)}"
    else:
        how = "Keras's (y_true, y_pred) signature"
    return f"{kind} `{name}` ({how})"


def _consequence(loss: CustomLoss) -> str:
    if loss.kind == "metric":
        return "the metric reads inf or NaN"
    return "the loss becomes inf or NaN, and the NaN reaches every weight"


def library(op: Op) -> str:
    """Which library an op was called from ("tf", "keras", "K", "np"), to spell fixes."""
    dotted = op.dotted or ""
    if ".backend." in f".{dotted}":
        return "K"
    if dotted.startswith(("numpy.", "scipy.")):
        return "np"
    if dotted.startswith(("keras.", "tf_keras.")) or ".keras." in dotted:
        return "keras"
    return "tf"


def _argument(op: Op) -> Value | None:
    return op.arg(0, "x", "a")


def _argument_node(op: Op) -> cst.CSTNode:
    args = getattr(op.node, "args", ())
    return args[0].value if args else op.node


def _unique(calls: list[OpCall], name: str) -> Iterator[tuple[int, list[OpCall]]]:
    """The recorded calls of op ``name``, grouped by source node (several runs record one)."""
    groups: dict[int, list[OpCall]] = {}
    for call in calls:
        if call.op.name == name:
            groups.setdefault(id(call.op.node), []).append(call)
    yield from groups.items()


def softmax_argument(op: Op) -> Value | None:
    """The softmax output a log is taken of, directly or through casts and indexing."""
    argument = _argument(op)
    if argument is None:
        return None
    inner = tensors.unwrap(argument)
    return inner if tensors.activation_of(inner) == "softmax" else None


class _PerOpRule(Rule):
    """A rule that judges each call of one op (``log``, ``div``): one finding per place."""

    op_name: ClassVar[str]

    def check(self, program: Program) -> Iterator[Finding]:
        for _, calls in _unique(program.facts.op_calls, self.op_name):
            for call in calls:
                found = self.judge(call, program)
                if found is not None:
                    yield found
                    break

    def judge(self, call: OpCall, program: Program) -> Finding | None:
        raise NotImplementedError


class UnguardedLog(_PerOpRule):
    code = "ZL501"
    name = "unguarded-log"
    severity = "warning"
    summary = "log of a prediction that can be 0, in a loss or metric, with no clip or epsilon"
    op_name = "log"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.edges(message, probes, ("zeros", "ones", "labels"))

    def judge(self, call: OpCall, program: Program) -> Finding | None:
        op, loss = call.op, call.loss
        argument = _argument(op)
        if loss is None or argument is None or softmax_argument(op) is not None:
            return None  # outside a loss; a log of a softmax is ZL502's
        span = tensors.value_range(argument)
        origin = span.origin
        if not span.zero or not tensors.is_prediction(origin):
            return None
        text = snippet(program, _argument_node(op))
        at = span.zero_at
        if isinstance(origin, LossInput):
            prediction = f"the prediction `{origin.name}`"
            saturates = (
                "a sigmoid or softmax output reaches exactly 0 or 1 in float32 once the model "
                "is confident, and a ReLU output is 0"
            )
        else:
            name = tensors.activation_of(origin)
            where = origin.node if isinstance(origin, Op) else origin.producer.node
            prediction = f"the {name} at {program.where(where)}"
            saturates = f"a {name} saturates to exactly 0 or 1 in float32 for large logits"
        short = clip(text, 28)
        if text == getattr(origin, "name", None):
            zero = f"`{text}` is the model's prediction and can be exactly 0"
            brief = f"`{short}` can be exactly 0"
        elif span.affine == (1.0, 0.0):
            zero = f"`{text}` is {prediction} and can be exactly 0"
            brief = f"`{short}` can be exactly 0"
        else:
            value = f"{at + 0.0:g}" if at is not None else "0"
            zero = f"`{text}` is 0 when {prediction} is {value}"
            brief = f"`{short}` is 0 when the prediction is {value}"
        name = origin.name if isinstance(origin, LossInput) else "probabilities"
        fix, help_text = self.fix(op, origin, name)
        title = headline(
            f"unguarded log in {brief_loss(loss)}: {brief}, so the log is -inf",
            f"unguarded log: {brief}, so the log is -inf",
        )
        return self.finding(
            program,
            op.node,
            f"log of `{text}` at {program.where(op.node)} in {describe_loss(loss, program)}: "
            f"{zero} ({saturates}), so the log is -inf: {_consequence(loss)} — {fix}",
            help=help_text,
            headline=title,
        )

    @staticmethod
    def fix(op: Op, origin: Value, text: str) -> tuple[str, str]:
        lib = library(op)
        if tensors.activation_of(origin) == "sigmoid" and isinstance(origin, Op | Tensor):
            fix = (
                "compute it from the logits: log(sigmoid(x)) is log_sigmoid(x) and "
                "log(1 - sigmoid(x)) is log_sigmoid(-x), or clip the probability first"
            )
            spelled = {"tf": "tf.math.log_sigmoid(x)", "np": "scipy.special.log_expit(x)"}
            return fix, spelled.get(lib, "keras.ops.log_sigmoid(x)")
        clip = {
            "tf": f"tf.clip_by_value({text}, 1e-7, 1 - 1e-7)",
            "keras": f"keras.ops.clip({text}, 1e-7, 1 - 1e-7)",
            "K": f"K.clip({text}, K.epsilon(), 1 - K.epsilon())",
            "np": f"np.clip({text}, 1e-7, 1 - 1e-7)",
        }[lib]
        fix = (
            f"clip the prediction into (0, 1) first ({clip}) and take the log of the clipped "
            "value, or add an epsilon inside the log"
        )
        return fix, f"p = {clip}; then log(p) and log(1 - p)"


class LogOfSoftmax(_PerOpRule):
    code = "ZL502"
    name = "log-of-softmax"
    severity = "warning"
    summary = "log(softmax(x)) instead of log_softmax(x): -inf once a probability underflows"
    op_name = "log"
    fix_applicability = SAFE
    fix_title = "use log_softmax"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.edges(message, probes, ("large_logits",))

    def judge(self, call: OpCall, program: Program) -> Finding | None:
        softmax = softmax_argument(call.op)
        return self.report(call.op, softmax, program) if softmax is not None else None

    def report(self, op: Op, softmax: Value, program: Program) -> Finding:
        lib = library(op)
        log_softmax = {
            "tf": "tf.nn.log_softmax",
            "keras": "keras.ops.log_softmax",
            "K": "tf.nn.log_softmax" if (op.dotted or "").startswith("tensorflow.") else "",
            "np": "scipy.special.log_softmax",
        }[lib] or "keras.ops.log_softmax"
        layer = softmax.producer if isinstance(softmax, Tensor) else None
        if layer is not None and layer.kind in keras_api.UNIT_ARGUMENT:
            origin = f"the softmax output of {describe(layer, program)}"
            fix = f"drop the layer's softmax so it outputs logits, and apply {log_softmax} to them"
        else:
            where = layer.node if layer is not None else getattr(softmax, "node", op.node)
            origin = f"the softmax at {program.where(where)}"
            fix = f"use {log_softmax} on the logits"
        code = clip(snippet(program, op.node), 36)
        title = headline(
            f"`{code}`: log of a softmax, -inf once a probability underflows",
            "log of a softmax: -inf once a probability underflows",
        )
        return self.finding(
            program,
            op.node,
            f"`{snippet(program, op.node)}` at {program.where(op.node)} takes the log of "
            f"{origin}: a softmax underflows to exactly 0 "
            "in float32 for any class whose logit is about 100 below the largest, so the log "
            "is -inf and the loss inf or NaN; log_softmax computes x - logsumexp(x) without "
            f"the round trip and never does — {fix}",
            help=f"{log_softmax}(logits)",
            fix=self.fix(op, program),
            headline=title,
        )

    def fix(self, op: Op, program: Program) -> Fix | None:
        from zerolint.checks import fixes  # imports libcst: only once a finding needs a fix

        edit = fixes.log_of_softmax(program, op.node, op.dotted)
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)


_AGGREGATE_WORDS = {
    "sum": ("sum", "the predictions are all 0"),
    "mean": ("mean", "the predictions are all 0"),
    "norm": ("norm", "the predictions are all 0 (a dead ReLU layer)"),
}


class UnguardedDivision(_PerOpRule):
    code = "ZL503"
    name = "unguarded-division"
    severity = "warning"
    summary = "Division by a sum, mean or norm of predictions in a loss, with no epsilon"
    op_name = "div"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.edges(message, probes, ("zeros", "ones", "labels"))

    def judge(self, call: OpCall, program: Program) -> Finding | None:
        op, loss = call.op, call.loss
        numerator, divisor = op.arg(0, "x", "x1"), op.arg(1, "y", "x2")
        if loss is None or divisor is None:
            return None
        aggregate = tensors.prediction_aggregate(divisor)
        if aggregate is None or not tensors.value_range(divisor).zero:
            return None
        if _spread(aggregate):
            return None  # 0 only when every prediction of the batch is equal (see README)
        if aggregate.name in ("sum", "mean") and numerator is not None:
            summed = aggregate.arg(0, "x")
            if summed is not None and tensors.unwrap(summed) is tensors.unwrap(numerator):
                return None  # p / sum(p): renormalising probabilities, whose sum is 1
        word, when = _AGGREGATE_WORDS[aggregate.name]
        if aggregate.name in ("sum", "mean") and _labels_in(divisor):
            when = "the labels and the predictions are all 0 (an empty mask, predicted empty)"
        denominator = snippet(program, _divisor_node(op))
        lib = library(aggregate)
        safe = {"tf": "tf.math.divide_no_nan", "keras": "keras.ops.divide_no_nan"}.get(
            lib, "an epsilon"
        )
        title = headline(
            f"division by `{clip(denominator, 30)}`, a {word} of predictions that can be 0: "
            "inf or NaN",
            f"division by a {word} of predictions that can be 0: inf or NaN",
        )
        return self.finding(
            program,
            op.node,
            f"division by `{denominator}` at {program.where(op.node)} in "
            f"{describe_loss(loss, program)}: the denominator is built from the {word} of the "
            f"predictions at {program.where(aggregate.node)}, which is 0 when {when}: x/0 is "
            f"inf and 0/0 NaN, so {_consequence(loss)} — add a small epsilon "
            f"to the denominator ({denominator} + 1e-7), or use {safe}",
            help=f"a / ({denominator} + 1e-7)",
            headline=title,
        )


# Ops through which a centred value is still centred (``square(p - mean(p))``).
_KEEPS_CENTRED = frozenset({"square", "pow", "abs", "mul", "same", "getitem", "sqrt"})


def _spread(aggregate: Op) -> bool:
    """A standard deviation or variance of the predictions, or a sum or norm of their
    deviations from their mean (a hand-written one): 0 only when every prediction in the
    batch is the same, not for a batch of ordinary predictions."""
    if aggregate.name in ("std", "var"):
        return True
    return _centred(aggregate.arg(0, "x"), 0)


def _centred(value: Value | None, depth: int) -> bool:
    if not isinstance(value, Op) or depth > 20:
        return False
    if value.name == "sub":
        subtracted = value.arg(1, "y")
        return isinstance(subtracted, Op) and subtracted.name == "mean"
    if value.name in _KEEPS_CENTRED:
        return any(_centred(item, depth + 1) for item in value.args)
    return False


def _divisor_node(op: Op) -> cst.CSTNode:
    node = op.node
    for attribute in ("right", "value"):  # a / b, x /= b
        inner = getattr(node, attribute, None)
        if inner is not None and not isinstance(inner, str):
            return inner
    args = getattr(node, "args", ())
    return args[1].value if len(args) > 1 else node


def _labels_in(value: Value, depth: int = 0) -> bool:
    """Whether a value is computed from the labels (``y_true``) too."""
    if isinstance(value, LossInput):
        return value.role == "y_true"
    if isinstance(value, Op) and depth < 60:
        return any(_labels_in(item, depth + 1) for item in value.args)
    return False
