"""ZL1xx: the loss, the output activation and the output width do not agree."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zerolint.facts import keras_api
from zerolint.registry import Rule

if TYPE_CHECKING:
    from zerolint.diagnostics import Finding
    from zerolint.facts.model import Layer
    from zerolint.facts.program import Program


def describe(layer: Layer, program: Program) -> str:
    """``Dense(1) at line 11``: how messages name a layer."""
    units = layer.units
    shape = f"{layer.kind}({units})" if units is not None else str(layer.kind)
    return f"{shape} at {program.where(layer.node)}"


class SingleUnitSoftmax(Rule):
    code = "ZL101"
    name = "single-unit-softmax"
    severity = "error"
    summary = "Softmax over a 1-unit output always outputs 1.0, so the model cannot learn"

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
                yield self.finding(
                    program,
                    layer.node,
                    f"{where} always outputs 1.0: the loss "
                    "cannot fall and every gradient is zero — use a sigmoid output for a "
                    "binary target, or one unit per class with softmax",
                    help='Dense(1, activation="sigmoid") with binary_crossentropy, or '
                    'Dense(n_classes, activation="softmax") with categorical_crossentropy',
                )
                break


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
            yield self.finding(
                program,
                trained.loss_node,
                f"{trained.loss.name} ({program.where(trained.loss_node)}) on a 1-unit "
                f"output ({describe(trained.head.unit_layer, program)}) {why} — use "
                "binary_crossentropy with a sigmoid output",
                help='Dense(1, activation="sigmoid") with loss="binary_crossentropy", or '
                "one unit per class for a categorical loss",
            )
