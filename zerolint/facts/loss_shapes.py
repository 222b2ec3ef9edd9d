"""How Keras 3 pairs the labels with a model output under each built-in loss.

Measured with Keras 3.15 on the TensorFlow backend (the numbers are in
``rules/ZL206-label-shape-mismatch/README.md``), and read in ``keras.src.losses``:

- every loss first squeezes or expands a trailing axis of 1 when the ranks of labels and
  output differ by one (``squeeze_or_expand_to_same_rank``);
- the cross-entropies then require the same shape (sparse: the labels without the output's
  last axis) and stop the first training step with a ``ValueError`` otherwise;
- the regression losses subtract the two: shapes that broadcast train without an error, on
  the wrong pairs of values; shapes that do not stop the first step.
"""

from __future__ import annotations

from dataclasses import dataclass

from zerolint.facts import keras_api
from zerolint.facts.shapes import Dims

# The batch axis of both sides: the same size, unknown, and (almost always) not 1.
BATCH = "batch"

SPARSE = "sparse_categorical_crossentropy"
# The losses that subtract labels from outputs (and so broadcast them).
REGRESSION = frozenset(
    {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "huber",
        "log_cosh",
    }
)
# Losses whose pairing is modelled here.
MODELLED = keras_api.CROSS_ENTROPIES | REGRESSION


@dataclass(frozen=True)
class Pairing:
    """What Keras does with labels and an output of these shapes under a loss.

    ``outcome`` is "fits", "raises" (the first training step stops with a shape error) or
    "broadcasts" (it trains, each output compared with labels of another place).
    ``labels`` / ``output`` are the shapes as the loss sees them (after the squeeze);
    ``broadcast`` is the shape the two broadcast to (for "broadcasts").
    """

    outcome: str
    labels: tuple
    output: tuple
    broadcast: tuple | None = None

    @property
    def across_samples(self) -> bool:
        """The broadcast pairs the outputs of one sample with the labels of others."""
        return self.broadcast is not None and self.broadcast.count(BATCH) > 1


def expected_labels(loss: str, output: Dims) -> Dims:
    """The labels' shape the loss is written for (batch first)."""
    return output[:-1] if loss == SPARSE else output


def pair(loss: str, output: Dims, labels: Dims) -> Pairing | None:
    """Keras 3's pairing of ``labels`` (the data's shape, samples first) with ``output``
    (batch first) under ``loss``; None when an unknown axis decides it."""
    if loss not in MODELLED or not output or not labels:
        return None
    true = (BATCH, *labels[1:])
    predicted = (BATCH, *output[1:])
    squeezed = _squeeze_or_expand(true, predicted)
    if squeezed is None:
        return None
    true, predicted = squeezed
    if loss in keras_api.CROSS_ENTROPIES:
        if loss == SPARSE and len(true) == len(predicted):
            if true[-1] is None:
                return None
            if true[-1] == 1:
                true = true[:-1]
        wanted = predicted[:-1] if loss == SPARSE else predicted
        same = _same(true, wanted)
        if same is None:
            return None
        return Pairing("fits" if same else "raises", true, predicted)
    return _broadcast(true, predicted)


def _squeeze_or_expand(true: tuple, predicted: tuple) -> tuple[tuple, tuple] | None:
    """``keras.src.losses.loss.squeeze_or_expand_to_same_rank(y_true, y_pred)``."""
    if len(true) == len(predicted) + 1:
        if true[-1] is None:
            return None
        if true[-1] == 1:
            if len(predicted) == 1:
                predicted = (*predicted, 1)
            else:
                true = true[:-1]
    elif len(predicted) == len(true) + 1:
        if predicted[-1] is None:
            return None
        if predicted[-1] == 1:
            if len(true) == 1:
                true = (*true, 1)
            else:
                predicted = predicted[:-1]
    return true, predicted


def _same(a: tuple, b: tuple) -> bool | None:
    """Equal shapes: True, False, or None when only an unknown axis could tell."""
    if len(a) != len(b):
        return False
    unknown = False
    for x, y in zip(a, b, strict=True):
        if x is None or y is None:
            unknown = True
        elif x != y:
            return False
    return None if unknown else True


def _broadcast(true: tuple, predicted: tuple) -> Pairing | None:
    """numpy broadcasting of ``y_true - y_pred``, the batch size a size of its own."""
    rank = max(len(true), len(predicted))
    left = (1,) * (rank - len(true)) + true
    right = (1,) * (rank - len(predicted)) + predicted
    result: list = []
    unknown = False
    for a, b in zip(left, right, strict=True):
        if a is None or b is None:
            unknown = True
            result.append(None)
        elif a == b or b == 1:
            result.append(a)
        elif a == 1:
            result.append(b)
        else:
            return Pairing("raises", true, predicted)
    if unknown:
        return None
    if true == predicted:
        return Pairing("fits", true, predicted)
    return Pairing("broadcasts", true, predicted, tuple(result))
