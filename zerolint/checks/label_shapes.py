"""ZL206: the labels' shape does not fit the output's shape under the loss.

The output's shape comes from the facts layer's shape inference (``zerolint.facts.shapes``),
the labels' from their provenance (``zerolint.facts.data``), and what Keras 3 does with the
two from ``zerolint.facts.loss_shapes``: stop the first step with a shape error, or
broadcast silently. One mistake, one finding: where the labels fit the output under the
*other* encoding of the loss (one-hot vs. class indices, one 0/1 label against several
units), or only the width of one-hot labels differs, the mistake is the encoding or the
width, which ZL201-ZL204 and ZL106 report; ZL206 reports axes that do not line up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zerolint.checks.common import describe_output
from zerolint.checks.labeled import (
    LabeledHead,
    class_indices,
    labeled_heads,
    source,
)
from zerolint.diagnostics import headline
from zerolint.facts import keras_api, loss_shapes
from zerolint.facts.shapes import RECURRENT, Shape, inner_layer, show
from zerolint.facts.values import Const, Tensor
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    from zerolint.diagnostics import Finding, Verdict
    from zerolint.facts.model import Layer, Model
    from zerolint.facts.program import Program
    from zerolint.facts.shapes import Dims

SPARSE = loss_shapes.SPARSE
ONE_HOT_LOSSES = keras_api.CATEGORICAL_LOSSES - {SPARSE}
_AXES = {1: "steps axis", 2: "height and width axes", 3: "depth, height and width axes"}


class LabelShapeMismatch(Rule):
    code = "ZL206"
    name = "label-shape-mismatch"
    severity = "error"
    summary = "The labels' shape does not line up with the model output's shape under its loss"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.label_shape(message, probes)

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[tuple[int, int]] = set()
        for pair in labeled_heads(program):
            key = (id(pair.labels_node), id(pair.trained.head.unit_layer))
            if key in reported:
                continue
            found = self.judge(pair, program)
            if found is not None:
                reported.add(key)
                yield found

    def judge(self, pair: LabeledHead, program: Program) -> Finding | None:
        loss = pair.trained.loss.name
        shape = pair.output_shape
        labels = _label_dims(pair, program)
        if loss not in loss_shapes.MODELLED or shape is None or labels is None:
            return None
        dims, described = labels
        pairing = loss_shapes.pair(loss, shape.dims, dims)
        if pairing is None or pairing.outcome == "fits" or _reported_elsewhere(pair, shape, dims):
            return None
        what, fix, help_text = _explain(pair, shape, dims, program)
        trained = pair.trained
        text = (
            f"the output {describe_output(trained.head, program)} has shape {shape}"
            f"{what}, but {described} have shape {show(dims)} for {loss} "
            f"({program.where(trained.loss_node)}): "
            f"{_keras(pairing, shape.dims)} — {fix}"
        )
        outcome = (
            "Keras stops with a shape error"
            if pairing.outcome == "raises"
            else "the loss broadcasts them silently"
        )
        title = headline(
            f"labels of shape {show(dims)} for an output of shape {shape}: {outcome}",
            f"labels of shape {show(dims)} do not fit the output's {shape}",
            f"the labels' shape does not fit the output's under {loss}",
        )
        return self.finding(program, pair.labels_node, text, help=help_text, headline=title)


def _label_dims(pair: LabeledHead, program: Program) -> tuple[Dims, str] | None:
    """The labels' shape and how the message names them; an autoencoder's inputs, when
    unknown, have the shape the model declares (Keras 3 checks the data against it)."""
    given = f"the labels given to {pair.fit.method} at {program.where(pair.fit.node)}"
    array = pair.array
    if array is not None and array.shape:
        return array.shape, f"{given} ({source(array, program)})"
    model = pair.fit.model
    if _reconstructs(pair) and pair.single_output and model is not None:
        declared = model.input_dims()
        if declared is not None:
            where = _declared_at(model, program)
            return declared, f"{given} (its own inputs, of the shape declared at {where})"
    return None


def _declared_at(model: Model, program: Program) -> str:
    """Where a model's input shape is written: the ``Input`` or the first layer."""
    inputs = model.inputs or ()
    node = inputs[0].node if inputs and isinstance(inputs[0], Tensor) else None
    if node is None and model.layers:
        node = model.layers[0].node
    return program.where(node if node is not None else model.node)


def _reconstructs(pair: LabeledHead) -> bool:
    """``fit(x, x)``: the same value, or the same name written twice."""
    if pair.autoencoder:
        return True
    import libcst as cst

    x, y = pair.fit.argument("x", 0), pair.fit.argument("y", 1)
    names = (cst.Name, cst.Attribute)
    return (
        isinstance(x, names)
        and isinstance(y, names)
        and cst.Module([]).code_for_node(x) == cst.Module([]).code_for_node(y)
    )


def _reported_elsewhere(pair: LabeledHead, shape: Shape, labels: Dims) -> bool:
    """The mistake is the labels' encoding or the output's width: another rule's."""
    loss, output, array = pair.trained.loss.name, shape.dims, pair.array
    if loss in keras_api.CATEGORICAL_LOSSES and output[-1] == 1:
        return True  # ZL101 / ZL102: a categorical loss or softmax on one unit
    if array is not None and not _reconstructs(pair):
        if loss == SPARSE and array.one_hot:
            return True  # ZL201
        if loss in ONE_HOT_LOSSES and class_indices(array):
            return True  # ZL202
    encodings = _encodings_fitting(output, labels)
    if loss in keras_api.CROSS_ENTROPIES and encodings:
        return True  # class indices vs. one-hot, one 0/1 label vs. units: ZL201-ZL204
    one_hot = array is not None and bool(array.one_hot)
    if one_hot and len(labels) == len(output) and _middle_agrees(labels, output):
        return True  # one-hot labels of another width: ZL203 (ZL106 for a regression)
    if loss in loss_shapes.REGRESSION and encodings:
        head = pair.trained.head
        return head.activation == "softmax" or bool(array is not None and array.one_hot)
    return False


def _encodings_fitting(output: Dims, labels: Dims) -> bool:
    """The labels fit this output as class indices or as one column per unit."""
    for other in (SPARSE, "categorical_crossentropy"):
        pairing = loss_shapes.pair(other, output, labels)
        if pairing is not None and pairing.outcome == "fits":
            return True
    return False


def _middle_agrees(a: Dims, b: Dims) -> bool:
    """Equal ranks and no known disagreement between the batch and the last axis."""
    return len(a) == len(b) and all(_agree(x, y) for x, y in zip(a[1:-1], b[1:-1], strict=True))


def _agree(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


# -- the message --------------------------------------------------------------------------


def _explain(
    pair: LabeledHead, shape: Shape, labels: Dims, program: Program
) -> tuple[str, str, str]:
    """(what made the output's axes, the fix, the help line) for how the shapes differ."""
    loss = pair.trained.loss.name
    output = shape.dims
    wanted = loss_shapes.expected_labels(loss, output)
    head = pair.trained.head
    kind = head.unit_layer.kind
    if _reconstructs(pair):
        fix = _autoencoder_fix(output, labels, head.unit_layer)
        return "", fix, "fit(x, x) needs an output of the input's shape"
    extra = _extra_axis(labels, wanted)
    if extra is not None:
        return (
            "",
            (
                f"the labels carry an extra axis of size 1 (axis {extra}): drop it "
                f"(np.squeeze(y, axis={extra}), or build them without it) so that they are "
                f"{show((labels[0], *wanted[1:]))}"
            ),
            f"labels of shape {show(('N', *wanted[1:]))}, without the extra axis",
        )
    layer = shape.axes_layer
    sequence = _sequence_layer(layer)
    if len(labels) > len(wanted) and len(output) == 2 and sequence is not None:
        return (
            f" — {_named(sequence, program)} returns one vector per sequence "
            "(return_sequences is not set), so the model predicts once per sample",
            "the labels hold one per step: set return_sequences=True on "
            f"{_named(sequence, program, where=False)} so that {kind} predicts every step, "
            "or give one label per sequence",
            "return_sequences=True on the recurrent layer for per-step labels",
        )
    if len(labels) < len(wanted) and len(output) >= 3:
        count = len(output) - 2
        if sequence is not None and _flag(sequence, "return_sequences"):
            return (
                f" — {_named(sequence, program)} returns one vector per step "
                "(return_sequences=True), so the model predicts every step",
                "the labels hold one per sample: drop return_sequences=True from the last "
                "recurrent layer (or pool the steps with GlobalAveragePooling1D()) so that "
                "the model predicts once per sequence, or give one label per step",
                "no return_sequences on the last recurrent layer for one label per sequence",
            )
        if layer is None:
            origin = " — no layer flattens the input's axes between the batch and the last"
        else:
            origin = f" — {_named(layer, program)} keeps {_axes_named(count, layer)}"
        pool = f"GlobalAveragePooling{count}D()" if count <= 3 else "global pooling"
        return (
            f"{origin}, and {kind} works on the last axis only, so it predicts at every position",
            f"the labels hold one per sample: add Flatten() or {pool} before {kind} at "
            f"{program.where(head.unit_layer.node)}",
            f"Flatten() or {pool} before the output layer for one label per sample",
        )
    if len(output) == 2 and len(labels) in (1, 2):
        width = labels[-1] if len(labels) == 2 else 1
        units = output[-1]
        fix = (
            f"the model predicts {units} value{_s(units)} per sample and the targets have "
            f"{width}: use {kind}({width}) for {width} target{_s(width)}, or targets with "
            f"{units} column{_s(units)}"
        )
        if sequence is not None and width != 1 and not _flag(sequence, "return_sequences"):
            fix += (
                " (if they are one per step, set return_sequences=True on "
                f"{_named(sequence, program)})"
            )
        return "", fix, "as many output units as target columns"
    wanted_text = show(("N", *wanted[1:]))
    return (
        "",
        f"make the labels {wanted_text}, or change the model to match them",
        f"labels of shape {wanted_text} for {loss}",
    )


def _s(count: int | None) -> str:
    return "" if count == 1 else "s"


def _autoencoder_fix(output: Dims, labels: Dims, layer: Layer) -> str:
    target = show((None, *labels[1:]))
    if _middle_agrees(output, labels):
        channels = labels[-1]
        return (
            f"fit(x, x) trains the model to reproduce its input, {target}: give the last layer "
            f"{channels} {'filters' if layer.kind != 'Dense' else 'units'} "
            f"({layer.kind}({channels}, ...))"
        )
    return (
        f"fit(x, x) trains the model to reproduce its input, {target}: make the decoder "
        'undo the encoder (padding="same", matching strides, upsampling and cropping) so '
        "that the output has the input's shape"
    )


def _extra_axis(labels: Dims, wanted: Dims) -> int | None:
    """The position of a size-1 axis of the labels that the output does not have."""
    if len(labels) != len(wanted) + 1:
        return None
    for index in range(1, len(labels) - 1):
        if labels[index] == 1:
            rest = labels[:index] + labels[index + 1 :]
            if all(_agree(a, b) for a, b in zip(rest[1:], wanted[1:], strict=True)):
                return index
    return None


def _sequence_layer(layer: Layer | None) -> Layer | None:
    """The recurrent layer (or the Bidirectional wrapping one) that made the axes."""
    if layer is None:
        return None
    if layer.kind in RECURRENT:
        return layer
    if layer.kind == "Bidirectional":
        inner = inner_layer(layer)
        return layer if inner is not None and inner.kind in RECURRENT else None
    return None


def _flag(layer: Layer, name: str) -> bool:
    target = inner_layer(layer) if layer.kind == "Bidirectional" else layer
    value = target.arg(name) if target is not None else None
    return isinstance(value, Const) and value.value is True


def _named(layer: Layer, program: Program, where: bool = True) -> str:
    """``GRU(16) at line 7``."""
    inner = inner_layer(layer) if layer.kind in ("Bidirectional", "TimeDistributed") else None
    if inner is not None:
        text = f"{layer.kind}({_named(inner, program, where=False)})"
    else:
        first = layer.positional[0] if layer.positional else None
        size = first.value if isinstance(first, Const) and type(first.value) is int else None
        text = f"{layer.kind}({size})" if size is not None else f"{layer.kind}(...)"
    return f"{text} at {program.where(layer.node)}" if where else text


def _axes_named(count: int, layer: Layer | None) -> str:
    if layer is not None and layer.kind == "Embedding":
        return "one vector per token"
    return f"the {_AXES.get(count, f'{count} middle axes')}"


def _keras(pairing: loss_shapes.Pairing, output: Dims) -> str:
    """What Keras 3 does with the two shapes."""
    if pairing.outcome == "raises":
        return "Keras 3 stops at the first training step with a shape error"
    true, predicted = show_batch(pairing.labels), show_batch(pairing.output)
    if pairing.across_samples:
        effect = (
            "comparing each sample's outputs with the labels of every sample in the batch, "
            "so the model learns the batch average and the loss means nothing"
        )
    elif pairing.output[-1] == 1 and pairing.labels[-1] not in (None, 1):
        effect = (
            f"training each output towards the mean of the {pairing.labels[-1]} label values "
            "it is compared with"
        )
    elif pairing.labels[-1] == 1 and pairing.output[-1] not in (None, 1):
        effect = f"training each of the {pairing.output[-1]} outputs on the same label"
    else:
        effect = "comparing outputs with labels of other positions"
    return (
        f"Keras 3 does not stop: the loss broadcasts the labels {true} against the output "
        f"{predicted} to {show_batch(pairing.broadcast or ())}, {effect} — a silent error"
    )


def show_batch(dims: tuple) -> str:
    """A pairing's shape, its batch axes shown as ``batch``."""
    inner = ", ".join(str(d) for d in dims)
    return f"({inner},)" if len(dims) == 1 else f"({inner})"
