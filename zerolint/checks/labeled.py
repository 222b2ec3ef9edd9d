"""Which labels each model output is trained on: the pairing the label rules judge.

``labeled_heads(program)`` joins ``program.facts.fits`` with ``program.trained_heads()``:
for every training call on a known Keras model, each output with a known loss and the
labels that call passes for it. A single-output model's labels are the call's ``y``; a
multi-output model's are paired by position (a list ``y`` with one entry per output) or by
output name (a dict ``y``), and are unknown otherwise. Calls on objects that are not Keras
models built in the file (``xgb_model.fit(X, y)``) are never paired, nor calls on a model
whose class defines ``train_step`` (it may change the labels before the loss sees them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from zerolint.checks.common import TRAINING_METHODS
from zerolint.facts.values import UNKNOWN, Const, Mapping, Seq, Value

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.data import Array
    from zerolint.facts.model import Fit
    from zerolint.facts.program import Program, TrainedHead
    from zerolint.facts.shapes import Shape


@dataclass(frozen=True)
class LabeledHead:
    """One output trained by one call, with its loss and the labels the call passes for it."""

    fit: Fit
    trained: TrainedHead
    labels: Value
    # Where the labels are written in the call (the ``y`` argument, or its entry for this
    # output); the call itself when ``y`` is not written there.
    labels_node: cst.CSTNode
    single_output: bool
    # The output's position among the model's outputs (``fit.heads``, ``fit.output_shapes``).
    index: int = 0

    @property
    def output_shape(self) -> Shape | None:
        """The output's static shape when the call trains it, or None when not known."""
        shapes = self.fit.output_shapes
        return shapes[self.index] if shapes is not None and self.index < len(shapes) else None

    @property
    def array(self) -> Array | None:
        """The labels as an Array, or None when they are not known."""
        from zerolint.facts.data import as_array  # imports libcst: only once facts exist

        return as_array(self.labels)

    @property
    def autoencoder(self) -> bool:
        """The call's targets are its inputs (``fit(x, x)``): a reconstruction."""
        from zerolint.facts.data import as_array, same_values

        inputs, labels = self.fit.inputs, self.fit.labels
        if inputs is labels and inputs is not UNKNOWN:
            return True
        x, y = as_array(inputs), as_array(labels)
        return x is not None and y is not None and same_values(x, y)


def labeled_heads(
    program: Program, methods: frozenset[str] = TRAINING_METHODS
) -> Iterator[LabeledHead]:
    """Each (training call, output, loss, labels) of a known model whose loss is known."""
    trained = list(program.trained_heads())
    for fit in program.facts.fits:
        if fit.method not in methods or fit.model is None or fit.compile is None:
            continue
        if fit.model.custom_training:
            continue  # its train_step decides what the loss is given
        heads = fit.heads
        if not heads:
            continue
        for pair in trained:
            if pair.compile is not fit.compile:
                continue
            index = next(
                (
                    i
                    for i, head in enumerate(heads)
                    if head is not None and head.unit_layer is pair.head.unit_layer
                ),
                None,
            )
            if index is None:
                continue
            labels, node = _labels_of(fit, heads, index)
            yield LabeledHead(fit, pair, labels, node, len(heads) == 1, index)


def _labels_of(fit: Fit, heads: list, index: int) -> tuple[Value, cst.CSTNode]:
    import libcst as cst  # loaded with the facts; kept off the CLI's import path

    argument = fit.argument("x", 0) if fit.from_dataset else fit.argument("y", 1)
    node = argument if argument is not None else fit.node
    if len(heads) == 1:
        return fit.labels, node
    y = fit.labels
    if isinstance(y, Seq) and len(y.items) == len(heads):
        item = y.items[index]
        if isinstance(item, Const):  # a literal list of numbers is not one entry per output
            return UNKNOWN, node
        if isinstance(argument, cst.List | cst.Tuple) and not fit.from_dataset:
            node = argument.elements[index].value
        return item, node
    name = heads[index].name
    if isinstance(y, Mapping) and name is not None:
        item = y.get(name)
        if item is None:
            return UNKNOWN, node
        if isinstance(argument, cst.Dict) and not fit.from_dataset:
            for element in argument.elements:
                key = getattr(element, "key", None)
                if isinstance(key, cst.SimpleString) and key.evaluated_value == name:
                    node = element.value
        return item, node
    return UNKNOWN, node


# -- what the labels are ------------------------------------------------------------------


def constant_value(array: Array) -> float | int | None:
    """The one value every label has, when that is proven; else None."""
    if array.distinct is not None and len(array.distinct) == 1:
        (value,) = array.distinct
        if isinstance(value, bool):
            return int(value)
        return value if isinstance(value, int | float) else None
    if array.low is not None and array.low == array.high:
        return array.low
    return None


def whole(array: Array) -> bool:
    """The labels are all the rows of their source, so their bounds are reached.

    ``low``/``high``/``distinct`` are bounds that hold for every element; a subset of the
    rows (``y[y < 5]``, ``y[:100]``) keeps them but may no longer reach them. A rule that
    claims a label value *occurs* (a label beyond the units, a label above 1) asks this.
    """
    rows = array.rows
    if rows is None:
        return False
    while rows is not None:
        if rows.part == "subset":
            return False
        rows = rows.parent
    return True


def class_indices(array: Array) -> bool:
    """Integer class labels: one index per sample, shape ``(N,)`` or ``(N, 1)``."""
    shape = array.shape
    if shape is None or array.one_hot:
        return False
    if not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return False
    return array.is_integer or array.n_classes is not None


def class_like(array: Array) -> bool:
    """Labels that read as classes: one-hot, 0/1, integer, or class indices."""
    return bool(array.one_hot) or array.binary or array.is_integer or array.n_classes is not None


def source(array: Array, program: Program) -> str:
    """``keras.utils.to_categorical(y) at line 9``: where messages say labels come from."""
    text = array.origin or "an expression"
    if array.node is not None:
        text += f" at {program.where(array.node)}"
    return text


def values(array: Array) -> str:
    """``values 1..3`` / ``values {-1, 1}``: the label values, as far as they are known."""
    if array.distinct is not None and 0 < len(array.distinct) <= 4:
        shown = sorted(int(v) if float(v).is_integer() else v for v in array.distinct)
        return "values {" + ", ".join(str(v) for v in shown) + "}"
    low, high = array.low, array.high
    if low is not None and high is not None:
        return f"values {_number(low)}..{_number(high)}"
    if low is not None:
        return f"values >= {_number(low)}"
    if high is not None:
        return f"values <= {_number(high)}"
    return "values not known"


def call_name(array: Array, otherwise: str) -> str:
    """``keras.utils.to_categorical(...)`` for a value made by a call; else ``otherwise``."""
    origin = array.origin
    head = origin.split("(", 1)[0]
    if _one_call(origin) and head and head.replace(".", "").replace("_", "").isalnum():
        return f"{head}(...)"
    return otherwise


def _one_call(origin: str) -> bool:
    """The text is one call, ``f(...)``: its first parenthesis closes at its end (not a part
    of what a call returns, like ``load_data() y_train``)."""
    depth = 0
    start = origin.find("(")
    if start < 0:
        return False
    for index, char in enumerate(origin[start:], start):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index == len(origin) - 1
    return False


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
