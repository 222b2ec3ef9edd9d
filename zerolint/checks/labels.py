"""ZL2xx: the labels a model is trained on do not fit its loss or its output.

Labels are judged only where they are known (see ``zerolint.facts.data``) and only for
training calls (``fit``, ``train_on_batch``, ``fit_generator``) on a Keras model built in
the file; see ``zerolint.checks.labeled`` for how each output is paired with its labels.

One mistake, one finding. The rules split the (loss, labels, units) space:

- a categorical loss on one unit is ZL102's, and a softmax over one unit ZL101's, whatever
  the labels;
- labels that are one value are ZL205's: ZL201-ZL204 skip them;
- the encoding (one-hot vs. class indices) is ZL201/ZL202's; ZL203 compares the number of
  classes with the units only when the encoding already fits the loss;
- BCE on three or more softmax units is ZL107's, so ZL204 does not add that its
  class-index labels exceed 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zerolint.checks.common import describe, describe_output
from zerolint.checks.labeled import (
    LabeledHead,
    call_name,
    class_indices,
    constant_value,
    labeled_heads,
    source,
    values,
    whole,
)
from zerolint.diagnostics import UNSAFE, clip, headline
from zerolint.facts import keras_api
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.diagnostics import Finding, Fix, Verdict
    from zerolint.facts.data import Array, Scaling
    from zerolint.facts.model import Fit
    from zerolint.facts.program import Program

SPARSE = "sparse_categorical_crossentropy"
ONE_HOT_LOSSES = keras_api.CATEGORICAL_LOSSES - {SPARSE}
# What a label rule says of a pair: the headline, the full message, the help.
Said = tuple[str, str, str]


def brief_source(array: Array) -> str:
    """``to_categorical(...)``, ``y_train``: where labels come from, short enough for a
    headline (the message says it in full, with its line)."""
    named = call_name(array, "")
    if named:  # keras.utils.to_categorical(...) -> to_categorical(...)
        return clip(named.removesuffix("(...)").rsplit(".", 1)[-1], 28) + "(...)"
    return clip(array.origin or "the labels", 32)


def given(pair: LabeledHead, program: Program) -> str:
    """``the labels given to fit at line 12``."""
    return f"the labels given to {pair.fit.method} at {program.where(pair.fit.node)}"


def loss_on_output(pair: LabeledHead, program: Program) -> str:
    """``sparse_categorical_crossentropy (line 8) on the output Dense(3) at line 5``."""
    trained = pair.trained
    return (
        f"{trained.loss.name} ({program.where(trained.loss_node)}) on the output "
        f"{describe_output(trained.head, program)}"
    )


class _LabelRule(Rule):
    """A rule about the labels of each (training call, output, loss); one finding per place."""

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        pairs = list(labeled_heads(program))
        for pair in pairs:
            array = pair.array
            if array is None or constant_value(array) is not None:
                continue  # unknown labels say nothing; constant ones are ZL205's
            anchor = self.anchor(pair)
            if id(anchor) in reported:
                continue
            message = self.judge(pair, array, program)
            if message is not None:
                reported.add(id(anchor))
                title, text, help_text = message
                fix = self._fix(pair, pairs, program)
                yield self.finding(program, anchor, text, help=help_text, fix=fix, headline=title)

    def anchor(self, pair: LabeledHead) -> cst.CSTNode:
        return pair.trained.loss_node

    def fix(self, pair: LabeledHead, program: Program) -> Fix | None:
        """The repair of a finding on this pair; None where the rule has none."""
        return None

    def _fix(self, pair: LabeledHead, pairs: list[LabeledHead], program: Program) -> Fix | None:
        """The fix, when every training of the loss expression (each call, each output it
        is shared by) has known labels with this finding: one edit changes them all."""
        if self.fix_applicability is None:
            return None
        fix = self.fix(pair, program)
        if fix is None:
            return None
        node = pair.trained.loss_node
        sharing = [p for p in pairs if p.trained.loss_node is node]
        for other in sharing:
            array = other.array
            if array is None or constant_value(array) is not None:
                return None
            if self.judge(other, array, program) is None or self.fix(other, program) != fix:
                return None
        trained = [p.trained for p in sharing]
        from zerolint.checks import fixes

        if not fixes.sole_reading(program, pair.trained, lambda t: t in trained):
            return None
        return fix

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        raise NotImplementedError


class SparseLossWithOneHotLabels(_LabelRule):
    code = "ZL201"
    name = "sparse-loss-with-one-hot-labels"
    severity = "error"
    summary = "A sparse categorical loss trained on one-hot labels"
    fix_applicability = UNSAFE
    fix_title = "use categorical_crossentropy for one-hot labels"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.label_encoding(probes, one_hot_expected=True)

    def fix(self, pair: LabeledHead, program: Program) -> Fix | None:
        from zerolint.checks import fixes

        edit = fixes.switch_loss(program, pair.trained, "categorical_crossentropy")
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        if pair.trained.loss.name != SPARSE or pair.trained.head.units == 1:
            return None  # one unit: ZL102
        if not array.one_hot:
            return None
        classes = f", {array.n_classes} classes" if array.n_classes else ""
        return (
            headline(
                f"{SPARSE} on one-hot labels ({brief_source(array)}): it expects class indices",
                f"{SPARSE} on one-hot labels: it expects class indices",
            ),
            f"{loss_on_output(pair, program)} expects one integer class index per sample, but "
            f"{given(pair, program)} are one-hot ({source(array, program)}{classes}): the "
            "loss reads every column as a separate label and training stops at the first "
            "batch with a shape error — use categorical_crossentropy, or pass the integer "
            f"labels instead of {call_name(array, 'the one-hot rows')}",
            'loss="categorical_crossentropy" for one-hot labels, or '
            'loss="sparse_categorical_crossentropy" with the integer class indices',
        )


class CategoricalLossWithIntegerLabels(_LabelRule):
    code = "ZL202"
    name = "categorical-loss-with-integer-labels"
    severity = "error"
    summary = "A categorical (one-hot) loss trained on integer class labels"
    fix_applicability = UNSAFE
    fix_title = "use sparse_categorical_crossentropy for integer labels"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.label_encoding(probes, one_hot_expected=False)

    def fix(self, pair: LabeledHead, program: Program) -> Fix | None:
        if pair.trained.loss.name != "categorical_crossentropy":
            return None  # the focal loss has no sparse twin
        from zerolint.checks import fixes

        edit = fixes.switch_loss(program, pair.trained, SPARSE)
        return fixes.make_fix(self.fix_applicability, self.fix_title, edit)

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        loss = pair.trained.loss
        if loss.name not in ONE_HOT_LOSSES or pair.trained.head.units == 1:
            return None  # one unit: ZL102
        if not class_indices(array):
            return None
        units = pair.trained.head.units
        width = f", num_classes={units}" if units is not None else ""
        shown = f", {values(array)}" if array.low is not None or array.high is not None else ""
        return (
            headline(
                f"{loss.name} on integer class labels ({brief_source(array)}{shown}): "
                "it expects one-hot",
                f"{loss.name} on integer class labels{shown}: it expects one-hot",
                f"{loss.name} on integer class labels: it expects one-hot",
            ),
            f"{loss_on_output(pair, program)} expects one-hot labels (one column per class), "
            f"but {given(pair, program)} are integer class indices "
            f"({source(array, program)}{shown}): training stops at the first batch with a "
            "shape error (a label column against one output per class) — use "
            f"sparse_categorical_crossentropy, or {_one_hot_advice(pair, width)}",
            'loss="sparse_categorical_crossentropy" for integer labels, or '
            "keras.utils.to_categorical(y, num_classes) for the categorical loss",
        )


def _one_hot_advice(pair: LabeledHead, width: str) -> str:
    """How to one-hot encode the labels: where a dataset makes them, or with to_categorical."""
    if pair.fit.from_dataset:
        depth = width.replace(", num_classes=", ", ") if width else ", num_classes"
        return (
            "one-hot encode the labels where the dataset makes them (label_mode or "
            f'class_mode="categorical" for Keras\'s loaders, tf.one_hot(y{depth}) in a map)'
        )
    return f"one-hot encode the labels with keras.utils.to_categorical(y{width})"


class OutputUnitsMismatchClasses(_LabelRule):
    code = "ZL203"
    name = "output-units-mismatch-classes"
    severity = "error"
    summary = "The output's number of units differs from the number of classes in the labels"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.label_classes(message, probes)

    def anchor(self, pair: LabeledHead) -> cst.CSTNode:
        return pair.trained.head.unit_layer.node

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        head, loss = pair.trained.head, pair.trained.loss
        units, classes = head.units, array.n_classes
        if units is not None and units >= 2 and _one_binary_label(pair, array):
            return self._binary(pair, array, program)
        if units is None or classes is None or units == classes:
            return None
        if units == 1 and (
            head.activation == "softmax" or loss.name in keras_api.CATEGORICAL_LOSSES
        ):
            return None  # ZL101 (a softmax over one unit) or ZL102 (a categorical loss on it)
        if loss.name == SPARSE:
            # Class indices only: one-hot labels with a sparse loss are ZL201's. A label
            # beyond the units must occur: not a subset of rows that may have dropped it.
            if not class_indices(array) or (classes > units and not whole(array)):
                return None
            return self._indices(pair, array, program)
        if array.one_hot and loss.name in keras_api.CROSS_ENTROPIES:
            # Class indices with a one-hot loss are ZL202's, with a binary loss ZL204's.
            return self._columns(pair, array, program)
        return None

    @staticmethod
    def _binary(pair: LabeledHead, array: Array, program: Program) -> Said:
        """A binary loss on several units with one 0/1 label per sample."""
        head, loss = pair.trained.head, pair.trained.loss
        units, kind = head.units or 0, head.unit_layer.kind
        activation = head.activation
        shape = "(N,)" if len(array.shape or ()) == 1 else "(N, 1)"
        title = headline(
            f"one 0/1 label per sample for {units} {activation} units "
            f"({describe(head.unit_layer, program)})",
            f"one 0/1 label per sample for {units} {activation} units",
        )
        text = (
            f"the output {describe_output(head, program)} has {units} {activation} units, but "
            f"{given(pair, program)} ({source(array, program)}, {values(array)}) are one 0/1 "
            f"label per sample, shape {shape}, for {loss.name} "
            f"({program.where(pair.trained.loss_node)}): one label cannot score {units} "
            "units, and Keras 3 stops at the first batch with a shape error — "
        )
        if activation == "softmax":
            text += (
                f'use {kind}(1, activation="sigmoid") with {loss.name}, or keep the '
                f"{units}-unit softmax with sparse_categorical_crossentropy"
            )
            help_text = (
                'Dense(1, activation="sigmoid") with binary_crossentropy, or '
                'Dense(2, activation="softmax") with sparse_categorical_crossentropy'
            )
        else:
            text += (
                f"use {kind}(1) for one yes/no label, or give {units} label columns for "
                f"{units} independent labels"
            )
            help_text = f"one unit per 0/1 label column: {kind}(1) for one label per sample"
        return title, text, help_text

    @staticmethod
    def _indices(pair: LabeledHead, array: Array, program: Program) -> Said:
        """A sparse loss: the labels index the units."""
        head, loss = pair.trained.head, pair.trained.loss
        units, classes, kind = head.units or 0, array.n_classes or 0, head.unit_layer.kind
        output = describe_output(head, program)
        labels = f"{given(pair, program)} ({source(array, program)}, {values(array)})"
        where = program.where(pair.trained.loss_node)
        named = (f" ({describe(head.unit_layer, program)})", "")  # the headline's two lengths
        if classes > units:
            out = (
                f"labels {units}..{classes - 1} are" if classes - units > 1 else f"label {units} is"
            )
            title = [
                f"labels go up to {classes - 1} but the output{o} has {units} units: {out} out of "
                "range"
                for o in named
            ]
            fix = f"use {kind}({classes}) so that every label has a unit"
            if array.low is not None and array.low >= 1 and classes - 1 == units:
                fix = f"the labels start at 1: shift them to 0..{units - 1} (y - 1), or {fix}"
            text = (
                f"the output {output} has {units} units (class indices 0..{units - 1}), but "
                f"{labels} go up to {classes - 1} for {loss.name} ({where}): {out} out of "
                "range — TensorFlow stops with 'label value outside the valid range' on CPU, "
                "and GPUs and the other backends train on NaN or garbage instead"
            )
        else:
            extra = units - classes
            unused = (
                f"units {classes}..{units - 1} never receive"
                if extra > 1
                else (f"unit {classes} never receives")
            )
            fix = f"use {kind}({classes}) for {classes} classes"
            title = [
                f"the labels hold {classes} classes but the output{o} has {units} units"
                for o in named
            ]
            text = (
                f"the output {output} has {units} units, but {labels} hold {classes} classes "
                f"for {loss.name} ({where}): {unused} a target, so the model learns "
                "probabilities for classes that do not exist (a width copied from another "
                "data set?)"
            )
        return headline(*title), f"{text} — {fix}", f"one output unit per class: {kind}({classes})"

    @staticmethod
    def _columns(pair: LabeledHead, array: Array, program: Program) -> Said:
        """One-hot labels: one label column per unit."""
        head, loss = pair.trained.head, pair.trained.loss
        units, classes, kind = head.units or 0, array.n_classes or 0, head.unit_layer.kind
        title = f"one-hot labels of {classes} classes for a {units}-unit output"
        title = headline(f"{title} ({describe(head.unit_layer, program)})", title)
        text = (
            f"the output {describe_output(head, program)} has {units} "
            f"unit{'s' if units > 1 else ''}, but {given(pair, program)} "
            f"({source(array, program)}) are one-hot over {classes} classes for {loss.name} "
            f"({program.where(pair.trained.loss_node)}): "
        )
        if units == 1:
            text += (
                "Keras 3 stops at the first batch with a shape error, and tf.keras 2 "
                f"broadcasts the one unit against the {classes} columns and trains it towards "
                f"1/{classes} whatever the input — pass the class labels without "
                f"{call_name(array, 'the one-hot encoding')} (0/1 for a binary target), or "
                f'use {kind}({classes}, activation="softmax") with categorical_crossentropy'
            )
            return (
                title,
                text,
                (
                    '0/1 labels for Dense(1, activation="sigmoid"), or one-hot labels for '
                    f'Dense({classes}, activation="softmax") with categorical_crossentropy'
                ),
            )
        text += (
            f"training stops at the first batch with a shape error ({classes} label columns "
            f"against {units} outputs) — use {kind}({classes}) for {classes} classes, or, if "
            f"there are only {units} classes, one-hot encode with num_classes={units}"
        )
        return title, text, f"as many output units as label columns: {kind}({classes})"


def _one_binary_label(pair: LabeledHead, array: Array) -> bool:
    """A binary loss on a sigmoid output (a 2-unit softmax, or logits read as such) trained
    on one label per sample, every one 0 or 1: the label cannot fill the units."""
    head, loss = pair.trained.head, pair.trained.loss
    if loss.name not in keras_api.BINARY_LOSSES or not class_indices(array):
        return False
    if not (array.binary or (array.low is not None and array.low >= 0 and array.high == 1)):
        return False
    activation = head.activation
    if activation == "linear":
        return loss.from_logits is True
    return activation == "sigmoid" or (activation == "softmax" and head.units == 2)


class BinaryLabelsOutOfRange(_LabelRule):
    code = "ZL204"
    name = "binary-labels-out-of-range"
    severity = "error"
    summary = "A binary cross-entropy trained on labels outside [0, 1]"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.binary_range(probes)

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        head, loss = pair.trained.head, pair.trained.loss
        if loss.name not in keras_api.BINARY_LOSSES:
            return None
        low, high = array.low, array.high
        if not ((low is not None and low < 0) or (high is not None and high > 1)):
            return None
        if not whole(array):
            return None  # a subset of rows may no longer hold the labels outside [0, 1]
        units = head.units
        zl107 = head.activation == "softmax" and units is not None and units >= 3
        if zl107 and loss.from_logits is False:
            return None  # ZL107: the loss, not the labels, is the mistake
        distinct = sorted(array.distinct) if array.distinct is not None else None
        if distinct is not None and len(distinct) == 2:
            a, b = distinct
            shift = "y - 1" if (a, b) == (1, 2) else f"(y == {b}).astype(int)"
            fix = f"map the two values to 0 and 1 ({shift})"
        elif array.n_classes is not None and array.n_classes >= 3 and class_indices(array):
            n = array.n_classes
            fix = (
                f'these are {n} class indices: use Dense({n}, activation="softmax") with '
                "sparse_categorical_crossentropy"
            )
        else:
            fix = "scale the targets into [0, 1], or use a regression loss such as mse"
        above, below = high is not None and high > 1, low is not None and low < 0
        if above and below:
            reward = "labels above 1 and below 0 reward pushing the output to 1 and 0"
        else:
            side = "above 1" if above else "below 0"
            reward = f"labels {side} reward pushing the output to {int(above)}"
        if low is not None and low >= 1:
            effect = "as every label is at least 1, the model learns to output 1 for every sample"
        else:
            effect = (
                "those samples dominate the gradients, so the output is no longer the "
                "probability of a class"
            )
        return (
            headline(
                f"{loss.name} on labels outside [0, 1] ({brief_source(array)}, {values(array)})",
                f"{loss.name} on labels outside [0, 1] ({values(array)})",
            ),
            f"{loss_on_output(pair, program)} expects labels in [0, 1], but "
            f"{given(pair, program)} have {values(array)} ({source(array, program)}): "
            f"{reward} without limit: the loss goes negative and keeps falling, and "
            f"{effect} — {fix}",
            "labels of 0 and 1 for binary_crossentropy (one column per label for "
            "multi-label targets)",
        )


class ScaledClassLabels(_LabelRule):
    code = "ZL207"
    name = "scaled-class-labels"
    severity = "error"
    summary = "Class labels divided or scaled like inputs (y / 255) under a sparse categorical loss"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.fractional_labels(probes)

    def judge(self, pair: LabeledHead, array: Array, program: Program) -> Said | None:
        if pair.trained.loss.name != SPARSE or pair.trained.head.units == 1:
            return None  # one unit: ZL102
        found = scaled_class_ids(array)
        if found is None:
            return None
        step, effect = found
        where = f" at {program.where(step.node)}" if step.node is not None else ""
        low, high = array.low, array.high
        shown = f", values {low:.3g}..{high:.3g}" if low is not None and high is not None else ""
        scaled = f"scaled at {program.where(step.node)}" if step.node is not None else "scaled"
        return (
            headline(
                f"class labels {scaled} like inputs ({brief_source(array)}): {SPARSE} "
                "truncates them",
                f"class labels {scaled} like inputs: {SPARSE} truncates them",
            ),
            f"{loss_on_output(pair, program)} reads each label as an integer class index, but "
            f"{given(pair, program)} are class ids scaled like inputs ({source(array, program)}"
            f", scaled{where}{shown}): Keras casts them to integers, so {effect} — scale the "
            "inputs only and give fit the integer class labels unchanged",
            "y_train as loaded (integer class ids) with sparse_categorical_crossentropy; "
            "divide only x by 255",
        )


def scaled_class_ids(array: Array) -> tuple[Scaling, str] | None:
    """A scaling step applied to integer class ids, and what Keras's cast to int makes of
    them: the step and the effect, when the result is known to hold fractions."""
    from zerolint.facts.data import Array

    if not array.scaling:
        return None
    step = array.scaling[-1]
    numbers = [v for v in array.distinct or () if isinstance(v, int | float)]
    if numbers and any(not float(v).is_integer() for v in numbers):
        classes = sorted({int(v) for v in numbers})  # the cast truncates towards 0
        if classes == [0]:
            effect = (
                "every label becomes class 0: the model learns to predict class 0 whatever "
                "the input, and the loss falls towards 0 while nothing is learned"
            )
        else:
            shown = ", ".join(str(c) for c in classes[:8]) + (", ..." if len(classes) > 8 else "")
            effect = (
                f"the {len(numbers)} label values collapse onto classes {{{shown}}}: classes "
                "merge, and some are never trained"
            )
        return step, effect
    for scaling in array.scaling:
        before = scaling.fitted_on
        if (
            isinstance(before, Array)
            and class_indices(before)
            and before.n_classes is not None
            and before.n_classes >= 3
            and scaling.kind in ("standardize", "min-max", "max")
        ):
            effect = (
                f"the {before.n_classes} classes become fractions that truncate onto fewer "
                "classes (negative ones are not classes at all), and the model learns the "
                "wrong targets"
            )
            return scaling, effect
    return None


class ConstantLabels(Rule):
    code = "ZL205"
    name = "constant-labels"
    severity = "warning"
    summary = "The labels a model is fit on are all one value, so it learns a constant"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.constant_labels(probes)

    def check(self, program: Program) -> Iterator[Finding]:
        pairs = list(labeled_heads(program))
        reported: set[int] = set()
        for pair in pairs:
            if pair.fit.method != "fit" or pair.trained.loss.name is None:
                continue
            array = pair.array
            value = constant_value(array) if array is not None else None
            if value is None or pair.autoencoder or id(pair.labels_node) in reported:
                continue
            if not self._only_labels(pair, value, pairs, program):
                continue  # trained on other labels too (a GAN's real/fake steps), or unknown
            reported.add(id(pair.labels_node))
            loss = pair.trained.loss
            shown = _number(value)
            output = describe_output(pair.trained.head, program)
            if loss.name == SPARSE:
                predict = f"predicting class {shown}"
            elif pair.trained.head.units == 1:
                predict = f"outputting {shown}"
            else:
                predict = "giving the same output"
            title = headline(
                f"the labels given to {pair.fit.method} ({brief_source(array)}) are all "
                f"{clip(shown, 12)}: the model learns a constant",
                f"the labels given to {pair.fit.method} are all {clip(shown, 12)}: "
                "the model learns a constant",
            )
            yield self.finding(
                program,
                pair.labels_node,
                f"{given(pair, program)} are all {shown} ({source(array, program)}): the "
                f"model can minimise {loss.name} ({program.where(pair.trained.loss_node)}) "
                f"on its output {output} by ignoring its inputs and always {predict}, so the "
                "loss falls to its floor within a few steps while nothing is learned — pass "
                "the real targets (were the labels overwritten, or left as a placeholder?)",
                help="fit on labels that vary with the inputs",
                headline=title,
            )

    @staticmethod
    def _only_labels(
        pair: LabeledHead, value: float, pairs: list[LabeledHead], program: Program
    ) -> bool:
        """Every training call on this model gives this output the same constant labels."""
        layer = pair.trained.head.unit_layer
        calls: list[Fit] = [
            fit for fit in program.facts.fits if fit.model is pair.fit.model and fit.trains
        ]
        for fit in calls:
            mine = [
                other
                for other in pairs
                if other.fit is fit and other.trained.head.unit_layer is layer
            ]
            if not mine:
                return False
            for other in mine:
                array = other.array
                if array is None or constant_value(array) != value:
                    return False
        return True


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
