"""ZL1xx: the loss, the output activation and the output width do not agree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from zerolint.checks.common import describe, describe_output
from zerolint.checks.labeled import class_like, labeled_heads
from zerolint.checks.labeled import source as label_source
from zerolint.diagnostics import UNSAFE, headline
from zerolint.facts import keras_api
from zerolint.facts.values import Const, Ref, Seq
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    from zerolint.checks.labeled import LabeledHead
    from zerolint.diagnostics import Finding, Fix, Verdict
    from zerolint.facts.model import Layer, LossSpec
    from zerolint.facts.program import Program, TrainedHead
    from zerolint.facts.values import Value


class SingleUnitSoftmax(Rule):
    code = "ZL101"
    name = "single-unit-softmax"
    severity = "error"
    summary = "Softmax over a 1-unit output always outputs 1.0, so the model cannot learn"
    fix_applicability = UNSAFE
    fix_title = "use a sigmoid instead of the softmax"

    def check(self, program: Program) -> Iterator[Finding]:
        for head in program.heads():
            if head.units != 1:
                continue
            for activation, layer in head.activations:
                if activation != "softmax":
                    continue
                where = (
                    f"softmax on the 1-unit output ({describe(layer, program)})"
                    if layer is head.unit_layer
                    else f"the softmax at {program.where(layer.node)} over the 1-unit "
                    f"output ({describe(head.unit_layer, program)})"
                )
                over = "on" if layer is head.unit_layer else "over"
                title = headline(
                    f"softmax {over} a 1-unit output ({describe(head.unit_layer, program)}): "
                    "every prediction is 1.0",
                    f"softmax {over} a 1-unit output: every prediction is 1.0",
                )
                yield self.finding(
                    program,
                    layer.node,
                    f"{where} always outputs 1.0: every prediction is the same whatever "
                    "the input, so the model cannot learn the target — use a sigmoid output "
                    "for a binary target, or one unit per class with softmax",
                    help='Dense(1, activation="sigmoid") with binary_crossentropy, or '
                    'Dense(n_classes, activation="softmax") with categorical_crossentropy',
                    fix=self.fix(layer, program),
                    headline=title,
                )
                break

    def fix(self, layer: Layer, program: Program) -> Fix | None:
        """softmax -> sigmoid, only where every output built by this layer is one unit
        trained with a binary cross-entropy on probabilities: with any other loss a
        sigmoid is not the repair (a categorical loss on one unit is ZL102's mistake)."""
        from zerolint.checks import fixes

        trained = fixes.layer_trainings(program, layer.node)
        if trained is None:
            return None  # an output trained with a loss the analysis does not know
        for t in trained:
            head, loss = t.head, t.loss
            if head.units != 1 or len(head.activations) != 1 or loss.from_logits is not False:
                return None
            if loss.name not in keras_api.BINARY_LOSSES:
                return None
        edit = fixes.softmax_to_sigmoid(program, layer)
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        absent = ev.missing(probes, "predictions")
        if absent is not None:
            return absent
        p = probes["predictions"]
        metrics = {
            "rows": probes.get("rows"),
            "prediction_min": p["min"],
            "prediction_max": p["max"],
            "constant_across_rows": p["constant_across_rows"],
        }
        if not p["shape"] or p["shape"][-1] != 1:
            return ev.Verdict(
                ev.INCONCLUSIVE,
                f"the fitted model's output has shape {p['shape']}, not one unit",
                metrics,
            )
        trained, more = ev.training_summary(probes)
        metrics.update(more)
        one = p["min"] is not None and p["max"] is not None
        one = one and abs(p["min"] - 1.0) <= 1e-6 and abs(p["max"] - 1.0) <= 1e-6
        if not one:
            return ev.Verdict(
                ev.NOT_CONFIRMED,
                f"the predictions on {probes.get('rows')} sample rows range from "
                f"{ev.num(p['min'])} to {ev.num(p['max'])}, not all 1.0",
                metrics,
            )
        text = (
            f"all {probes.get('rows')} predictions on the sample are 1.0 "
            f"(min {p['min']:.8g}, max {p['max']:.8g})"
        )
        if trained:
            text += f"; {trained}"
            drop = probes["training"].get("relative_drop")
            if drop is not None and abs(drop) > 1e-3:
                text += (
                    f" (the loss moved {drop:.1%}: Keras computes it from the pre-softmax "
                    "values, yet every prediction stays 1.0)"
                )
        warning = ev.keras_warning(probes, "softmax")
        if warning:
            text += f"; Keras warned: {warning}"
        return ev.Verdict(ev.CONFIRMED, text, metrics)


class CategoricalLossOnSingleOutput(Rule):
    code = "ZL102"
    name = "categorical-loss-on-single-output"
    severity = "error"
    summary = "A categorical cross-entropy on a 1-unit output is identically 0"

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        for trained in program.trained_heads():
            if trained.head.units != 1 or trained.loss.name not in keras_api.CATEGORICAL_LOSSES:
                continue
            if id(trained.loss_node) in reported:
                continue
            reported.add(id(trained.loss_node))
            sparse = trained.loss.name.startswith("sparse")
            why = (
                "is always 0 (the one unit is class 0; any other label is out of range)"
                if sparse
                else "is always 0 (a distribution over one class is 1.0, and log(1) = 0)"
            )
            title = headline(
                f"{trained.loss.name} on a 1-unit output "
                f"({describe(trained.head.unit_layer, program)}): the loss is always 0",
                f"{trained.loss.name} on a 1-unit output: the loss is always 0",
            )
            yield self.finding(
                program,
                trained.loss_node,
                f"{trained.loss.name} ({program.where(trained.loss_node)}) on a 1-unit "
                f"output ({describe(trained.head.unit_layer, program)}) {why} — use "
                "binary_crossentropy with a sigmoid output",
                help='Dense(1, activation="sigmoid") with loss="binary_crossentropy", or '
                "one unit per class for a categorical loss",
                headline=title,
            )

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        absent = ev.missing(probes, "training")
        if absent is not None:
            return absent
        trained, metrics = ev.training_summary(probes)
        metrics["rows"] = probes.get("rows")
        start = probes["training"]["start"]
        end = probes["training"]["end"]
        if start["loss"] != 0.0 or end["loss"] != 0.0:
            return ev.Verdict(
                ev.NOT_CONFIRMED,
                f"on {probes.get('rows')} sample rows the {trained}: not identically 0",
                metrics,
            )
        text = (
            f"the loss is exactly 0 on {probes.get('rows')} sample rows, at step 0 and after "
            f"{probes['training']['steps']} training steps"
        )
        if start["grad_norm"] == 0.0 and end["grad_norm"] == 0.0:
            text += "; every gradient is 0"
        else:
            text += (
                f"; the gradient norm is {ev.num(start['grad_norm'])}, not 0, so the weights "
                "change while the loss reports nothing"
            )
        return ev.Verdict(ev.CONFIRMED, text, metrics)


# -- ZL103-ZL107: the loss and the output's activation disagree ------------------------------
#
# One mistake, one finding. The rules split the (loss, from_logits, activation, units) space
# so that no two of them report the same loss for the same reason:
#
# - a categorical loss on one unit is ZL102's, whatever the activation or from_logits;
# - from_logits=True on a softmax/sigmoid output is ZL104's, whatever else is wrong with the
#   pair (ZL104 then suggests only the fix that leaves a correct pair);
# - ZL103 (categorical on sigmoid), ZL107 (binary on softmax) and ZL105 (probabilities on
#   logits) need from_logits known to be False.


def class_spelling(loss: LossSpec) -> str:
    """``BinaryCrossentropy(from_logits=True)`` for the loss's class."""
    return f"{keras_api.LOSS_CLASS_OF.get(loss.name, 'the loss class')}(from_logits=True)"


class _LossRule(Rule):
    """A rule about each (output, loss) pair; reports each loss expression once."""

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        for trained in program.trained_heads():
            if (
                id(trained.loss_node) in reported
                or trained.loss.name not in keras_api.CROSS_ENTROPIES
            ):
                continue
            found = self.judge(trained, program)
            if found is not None:
                reported.add(id(trained.loss_node))
                yield self._with_fix(found, trained, program)

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        raise NotImplementedError

    def fix(self, trained: TrainedHead, program: Program) -> Fix | None:
        """The repair of a finding on this pair; None where the rule has none."""
        return None

    def _with_fix(self, found: Finding, trained: TrainedHead, program: Program) -> Finding:
        """The finding with its fix, when every output the loss expression trains (a
        builder's every call, a shared loss's every head) has this finding and this fix."""
        from zerolint.checks import fixes

        if self.fix_applicability is None:
            return found
        fix = self.fix(trained, program)
        if fix is None or not fixes.sole_reading(
            program,
            trained,
            lambda t: self.judge(t, program) is not None and self.fix(t, program) == fix,
        ):
            return found
        return replace(found, fix=fix)


class SigmoidWithCategoricalLoss(_LossRule):
    code = "ZL103"
    name = "sigmoid-with-categorical-loss"
    severity = "warning"
    summary = "A categorical cross-entropy on several sigmoid units, which are not a distribution"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.loss_fix(probes, ("categorical_on_sigmoid",), "sigmoid")

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        head, loss = trained.head, trained.loss
        if loss.name not in keras_api.CATEGORICAL_LOSSES or head.activation != "sigmoid":
            return None
        if head.units is None or head.units < 2 or loss.from_logits is not False:
            return None
        title = headline(
            f"{loss.name} on {head.units} sigmoid units ({describe(head.unit_layer, program)})"
            ": they are not a class distribution",
            f"{loss.name} on {head.units} sigmoid units: they are not a class distribution",
        )
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} ({program.where(trained.loss_node)}) on a {head.units}-unit sigmoid "
            f"output ({describe_output(head, program)}): sigmoid units are independent "
            "probabilities that do not sum to 1, so they are not the class distribution the "
            "loss scores: what is trained is not what the model outputs, and predict() "
            "returns scores that are not class probabilities — use a softmax output for one "
            "class per sample, or binary_crossentropy to keep the sigmoid for multi-label "
            "targets",
            help=f'Dense({head.units}, activation="softmax") with {loss.name}, or '
            'activation="sigmoid" with loss="binary_crossentropy" for multi-label targets',
            headline=title,
        )


class FromLogitsOnProbabilities(_LossRule):
    code = "ZL104"
    name = "from-logits-on-probabilities"
    severity = "warning"
    summary = "from_logits=True on an output that already applies a softmax or sigmoid"
    fix_applicability = UNSAFE
    fix_title = "drop from_logits=True"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.loss_fix(probes, ("from_logits_on_probabilities",), ev.activation_in(message))

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        head, loss = trained.head, trained.loss
        activation = head.activation
        if activation not in ("softmax", "sigmoid") or loss.from_logits is not True:
            return None
        categorical = loss.name in keras_api.CATEGORICAL_LOSSES
        if categorical and head.units == 1:
            return None  # ZL102: the loss is identically 0 whatever from_logits says.
        drop_is_fix = _drop_is_fix(trained)
        remove = f"remove the {activation} so the output is logits"
        fix = f"drop from_logits=True, or {remove}" if drop_is_fix else remove
        title = headline(
            f"from_logits=True on a {activation} output "
            f"({describe(head.unit_layer, program)}): probabilities read as logits",
            f"from_logits=True on a {activation} output: probabilities read as logits",
        )
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} with from_logits=True ({program.where(trained.loss_node)}) on a "
            f"{activation} output ({describe_output(head, program)}) applies a "
            f"{'softmax' if categorical else 'sigmoid'} on top of the output's {activation}: "
            "probabilities are read as logits, so gradients shrink and the loss cannot "
            "reach 0. Keras 3's fit silently corrects some of these cases (on TensorFlow it "
            f"warns and reuses the values before the {activation}), but eager custom "
            f"training loops, the JAX and PyTorch backends, and any op after the {activation} "
            f"do not — {fix}",
            help=f"{class_spelling(loss)} on an output with no activation, or the default "
            f"from_logits=False on the {activation} output",
            headline=title,
        )

    def fix(self, trained: TrainedHead, program: Program) -> Fix | None:
        if not _drop_is_fix(trained):
            return None  # the message then asks to remove the activation instead
        from zerolint.checks import fixes

        edit = fixes.drop_from_logits(program, trained)
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)


def _drop_is_fix(trained: TrainedHead) -> bool:
    """Dropping from_logits fixes the pair only when the probability pair is right."""
    head, categorical = trained.head, trained.loss.name in keras_api.CATEGORICAL_LOSSES
    units = head.units
    if head.activation == "softmax":  # ZL101 on one unit, ZL107 on three or more
        return units is not None and (units >= 2 if categorical else units == 2)
    return not categorical  # ZL103: a categorical loss on sigmoid units


class ProbabilityLossOnLogits(_LossRule):
    code = "ZL105"
    name = "probability-loss-on-logits"
    severity = "error"
    summary = "A cross-entropy expecting probabilities on an output with no activation (logits)"
    fix_applicability = UNSAFE
    fix_title = "add from_logits=True"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.far_from_chance(probes)

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        head, loss = trained.head, trained.loss
        if head.activation != "linear" or loss.from_logits is not False:
            return None
        categorical = loss.name in keras_api.CATEGORICAL_LOSSES
        if categorical and head.units == 1:
            return None  # ZL102: the loss is identically 0 on one unit.
        activation = "softmax" if categorical else "sigmoid"
        squash = (
            "divides the raw scores by their sum and clips them"
            if categorical
            else "clips the raw scores"
        )
        title = headline(
            f"{loss.name} on an output with no activation "
            f"({describe(head.unit_layer, program)}): logits read as probabilities",
            f"{loss.name} on an output with no activation: logits read as probabilities",
        )
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} ({program.where(trained.loss_node)}) expects probabilities, but "
            f"the output ({describe_output(head, program)}) has no activation: the loss "
            f"{squash} into (0, 1) as if they were probabilities, so scores outside that "
            "range get no gradient and the loss is meaningless — pass from_logits=True "
            f"({class_spelling(loss)}) or add a {activation} activation to the output",
            help=f'loss={class_spelling(loss)}, or activation="{activation}" on the output',
            headline=title,
        )

    def fix(self, trained: TrainedHead, program: Program) -> Fix | None:
        from zerolint.checks import fixes

        edit = fixes.set_from_logits(program, trained)
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)


# What each activation outputs, and what a loss expecting probabilities does with it. Keras
# clips the prediction into [1e-7, 1 - 1e-7] (a categorical loss first divides each row by
# its sum): a value outside (0, 1) is clipped and passes no gradient.
NON_PROBABILITY = {
    "relu": ("[0, inf)", "every 0 (any negative pre-activation) and every score above 1"),
    "relu6": ("[0, 6]", "every 0 and every score above 1"),
    "leaky_relu": ("(-inf, inf)", "every negative score and every score above 1"),
    "elu": ("(-1, inf)", "every negative score and every score above 1"),
    "selu": ("(-1.76, inf)", "every negative score and every score above 1"),
    "gelu": ("(-0.17, inf)", "every negative score and every score above 1"),
    "silu": ("(-0.28, inf)", "every negative score and every score above 1"),
    "swish": ("(-0.28, inf)", "every negative score and every score above 1"),
    "mish": ("(-0.31, inf)", "every negative score and every score above 1"),
    "softplus": ("(0, inf)", "every score above 1"),
    "exponential": ("(0, inf)", "every score above 1"),
    "tanh": ("(-1, 1)", "every negative score"),
    "softsign": ("(-1, 1)", "every negative score"),
    "hard_tanh": ("[-1, 1]", "every negative score"),
    "log_softmax": ("(-inf, 0]", "every score"),
    "log_sigmoid": ("(-inf, 0)", "every score"),
}


class ProbabilityLossOnNonProbability(_LossRule):
    code = "ZL108"
    name = "probability-loss-on-non-probability-output"
    severity = "error"
    summary = (
        "A cross-entropy expecting probabilities on a relu, tanh or other non-probability output"
    )
    fix_applicability = UNSAFE
    fix_title = "use a sigmoid or softmax output"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.outside_probabilities(probes)

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        head, loss = trained.head, trained.loss
        activation = head.activation
        if activation not in NON_PROBABILITY or loss.from_logits is not False:
            return None
        categorical = loss.name in keras_api.CATEGORICAL_LOSSES
        if categorical and head.units == 1:
            return None  # ZL102: the loss is identically 0 on one unit.
        outputs, clipped = NON_PROBABILITY[activation]
        wanted = _probability_activation(trained)
        if loss.name in ("categorical_crossentropy", "categorical_focal_crossentropy"):
            vanish = outputs.startswith(("[0", "(-", "[-"))
            sums = f", which a row of {activation} scores can make 0 or negative," if vanish else ""
            how = f"divides each row by its sum{sums} and clips the result into (0, 1)"
        else:
            how = "clips each score into (0, 1)"
        output = f"{'an' if activation[0] in 'aeiou' else 'a'} {activation} output"
        title = headline(
            f"{loss.name} on {output} ({describe(head.unit_layer, program)}): values in "
            f"{outputs} are not probabilities",
            f"{loss.name} on {output}: values in {outputs} are not probabilities",
            f"{loss.name} on {output}: its values are not probabilities",
        )
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} ({program.where(trained.loss_node)}) expects probabilities, but "
            f"the output ({describe_output(head, program)}) applies {activation}, whose "
            f"values lie in {outputs}: the loss {how} as if it were a probability, so "
            f"{clipped} is clipped and passes no gradient, and the loss is meaningless — use "
            f'activation="{wanted}" on the output (from_logits=True would not help: '
            f"{activation} scores are not logits either)",
            help=f'activation="{wanted}" on the output with {loss.name}',
            headline=title,
        )

    def fix(self, trained: TrainedHead, program: Program) -> Fix | None:
        """The activation string made ``sigmoid`` (binary) or ``softmax`` (categorical),
        where every training of that layer is this finding with the same repair."""
        from zerolint.checks import fixes

        layer = trained.head.activation_layer
        if len(trained.head.activations) != 1:
            return None  # several activations stacked: which one to change is not clear
        trainings = fixes.layer_trainings(program, layer.node)
        wanted = _probability_activation(trained)
        if not trainings or any(
            self.judge(t, program) is None or _probability_activation(t) != wanted
            for t in trainings
        ):
            return None
        argument = layer.arg_node("activation")
        if argument is None or not fixes.string_literal(argument):
            return None
        edit = fixes.replace(program, argument, fixes.restring(argument, wanted))
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)


def _probability_activation(trained: TrainedHead) -> str:
    """The output activation the loss expects: softmax for categorical, else sigmoid."""
    return "softmax" if trained.loss.name in keras_api.CATEGORICAL_LOSSES else "sigmoid"


class BinaryLossOnSoftmax(_LossRule):
    code = "ZL107"
    name = "binary-loss-on-softmax"
    severity = "warning"
    summary = "A binary cross-entropy on a softmax output of three or more units"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.loss_fix(probes, ("binary_on_softmax",), "softmax")

    def judge(self, trained: TrainedHead, program: Program) -> Finding | None:
        head, loss = trained.head, trained.loss
        if loss.name not in keras_api.BINARY_LOSSES or head.activation != "softmax":
            return None
        # Over two units with one-hot labels BCE equals the categorical loss: not a finding.
        if head.units is None or head.units < 3 or loss.from_logits is not False:
            return None
        n = head.units
        title = headline(
            f"{loss.name} on a {n}-unit softmax ({describe(head.unit_layer, program)}): "
            "each unit scored as an independent yes/no",
            f"{loss.name} on a {n}-unit softmax: each unit scored as an independent yes/no",
        )
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} ({program.where(trained.loss_node)}) on a {n}-unit softmax output "
            f"({describe_output(head, program)}) scores each unit as an independent yes/no "
            "while the softmax makes the units share a total of 1: several labels per "
            "sample cannot be fitted (a softmax cannot put two units near 1), and one class "
            "per sample is not trained with the categorical loss the softmax is built for — "
            "use categorical_crossentropy (sparse_categorical_crossentropy for integer "
            "labels), or a sigmoid output for multi-label targets",
            help=f'Dense({n}, activation="softmax") with loss="categorical_crossentropy", or '
            f'Dense({n}, activation="sigmoid") with loss="{loss.name}" for multi-label',
            headline=title,
        )


# -- ZL106: a regression loss trains a classifier -------------------------------------------

# Losses that score the distance between output and target (with every alias).
REGRESSION_LOSSES = frozenset({"mean_squared_error", "mean_absolute_error", "huber", "log_cosh"})
_ACCURACY_NAMES = frozenset({"acc", "accuracy"})


def accuracy_metric(metrics: Value) -> bool:
    """``metrics=["accuracy"]`` (or any ``*_accuracy`` metric by name or function)."""
    items = metrics.items if isinstance(metrics, Seq) else (metrics,)
    for item in items:
        name = None
        if isinstance(item, Const) and isinstance(item.value, str):
            name = item.value.lower()
        elif isinstance(item, Ref) and keras_api.keras_name(item.dotted) is not None:
            name = item.dotted.rsplit(".", 1)[-1].lower()
        if name is not None and (name in _ACCURACY_NAMES or name.endswith("_accuracy")):
            return True
    return False


class RegressionLossForClassification(Rule):
    code = "ZL106"
    name = "regression-loss-for-classification"
    severity = "warning"
    summary = "A regression loss (MSE, MAE, Huber) trains a classifier"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.regression_loss(probes)

    def check(self, program: Program) -> Iterator[Finding]:
        labeled: dict[tuple[int, int], list[LabeledHead]] = {}
        for pair in labeled_heads(program):
            key = (id(pair.trained.compile), id(pair.trained.head.unit_layer))
            labeled.setdefault(key, []).append(pair)
        reported: set[int] = set()
        for trained in program.trained_heads():
            if trained.loss.name not in REGRESSION_LOSSES or id(trained.loss_node) in reported:
                continue
            key = (id(trained.compile), id(trained.head.unit_layer))
            found = self.judge(trained, labeled.get(key, []), program)
            if found is not None:
                reported.add(id(trained.loss_node))
                yield found

    def judge(
        self, trained: TrainedHead, fits: list[LabeledHead], program: Program
    ) -> Finding | None:
        head, loss = trained.head, trained.loss
        if any(pair.autoencoder for pair in fits):
            return None  # reconstructing the inputs: a regression whatever the output
        arrays = [pair.array for pair in fits]
        if any(array is not None and not class_like(array) for array in arrays):
            return None  # continuous targets: a regression (a sigmoid onto [0, 1] too)
        activation = head.activation
        if activation == "softmax" and head.units == 1:
            return None  # ZL101: a softmax over one unit is the mistake
        output = describe_output(head, program)
        evidence, brief = [], []
        if activation == "softmax":
            evidence.append(f"a softmax output ({output})")
            brief.append("softmax output")
        for pair, array in zip(fits, arrays, strict=True):
            if array is not None and array.one_hot:
                evidence.append(
                    f"one-hot labels ({label_source(array, program)}, given to "
                    f"{pair.fit.method} at {program.where(pair.fit.node)})"
                )
                brief.append("one-hot labels")
                break
        heads = trained.compile.heads
        single = fits[0].single_output if fits else heads is not None and len(heads) == 1
        # An accuracy metric is weak evidence alone: scripts add it to regressions too (a
        # sigmoid onto min-max scaled prices). On a sigmoid it counts only with labels known
        # to be classes.
        known_classes = any(array is not None and class_like(array) for array in arrays)
        if (
            activation in ("softmax", "sigmoid")
            and single
            and accuracy_metric(trained.compile.metrics)
        ):
            if activation == "sigmoid" and known_classes:
                evidence.append(f"an accuracy metric on a sigmoid output ({output})")
                brief.append("accuracy metric on a sigmoid")
            elif activation == "softmax":
                evidence.append("an accuracy metric")
                brief.append("accuracy metric")
        if not evidence:
            return None
        if activation in ("softmax", "sigmoid"):
            why = (
                f"the error between {activation} probabilities and 0/1 targets has gradients "
                f"that vanish as the {activation} saturates (a confidently wrong output "
                "barely moves), so the loss falls a little and stalls, where cross-entropy's "
                "gradient (p - y) stays large"
            )
        else:
            why = (
                f"the output ({output}) is regressed onto 0/1 targets, so it is not a class "
                "probability and the loss is not a classification likelihood: learning is "
                "slow and predictions are poorly calibrated"
            )
        if activation == "sigmoid":
            fix = "use binary_crossentropy"
            help_text = 'loss="binary_crossentropy" on the sigmoid output'
        elif activation == "softmax":
            fix = (
                "use categorical_crossentropy (sparse_categorical_crossentropy for integer labels)"
            )
            help_text = 'loss="categorical_crossentropy" on the softmax output'
        else:
            fix = (
                'add activation="softmax" to the output and use categorical_crossentropy, '
                "or keep the logits with CategoricalCrossentropy(from_logits=True)"
            )
            help_text = (
                'Dense(n_classes, activation="softmax") with loss="categorical_crossentropy"'
            )
        title = f"{loss.name} trains a classifier ({', '.join(brief)})"
        return self.finding(
            program,
            trained.loss_node,
            f"{loss.name} ({program.where(trained.loss_node)}) trains a classifier — "
            f"{_join(evidence)}: {why} — {fix}",
            help=help_text,
            headline=title,
        )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
