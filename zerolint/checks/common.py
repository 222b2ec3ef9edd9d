"""What checks share: which calls train a model, and how messages and headlines name what
they cite.

Every check module may import this one (and ``labeled``); no check module imports another.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zerolint.diagnostics import clip

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.facts.data import Array
    from zerolint.facts.model import Fit, Head, Layer
    from zerolint.facts.program import Program
    from zerolint.facts.values import Value

# The calls that train a model (``evaluate`` only measures it).
TRAINING_METHODS = frozenset({"fit", "train_on_batch", "fit_generator"})


# -- the training calls and their arguments ------------------------------------------------


def training_fits(program: Program, methods: frozenset[str] = TRAINING_METHODS) -> Iterator[Fit]:
    """Each call of ``methods`` on a Keras model built in the file.

    A call in a function the script calls twice is met twice, each time with the data of
    that call (the engine keeps one finding per place).
    """
    for fit in program.facts.fits:
        if fit.method in methods and fit.model is not None:
            yield fit


def x_node(fit: Fit) -> cst.CSTNode:
    """Where a training call's ``x`` is written (the call itself when it is not)."""
    return fit.argument("x", 0) or fit.node


def as_array(value: Value | None) -> Array | None:
    """A fit argument as an Array (see ``zerolint.facts.data.as_array``).

    The data facts (and libcst) are imported when a rule runs, not when the registry
    loads: a file with no Keras code in it never pays for them."""
    from zerolint.facts.data import as_array as convert

    return convert(value)


# -- how messages name what they cite ------------------------------------------------------


def describe(layer: Layer, program: Program) -> str:
    """``Dense(1) at line 11``: how messages name a layer."""
    units = layer.units
    shape = f"{layer.kind}({units})" if units is not None else str(layer.kind)
    return f"{shape} at {program.where(layer.node)}"


def shape_of(layer: Layer) -> str:
    """``Dense(1)``: how a headline names a layer (a long custom kind clipped)."""
    units = layer.units
    kind = clip(str(layer.kind), 24)
    return f"{kind}({units})" if units is not None else kind


def describe_output(head: Head, program: Program) -> str:
    """``Dense(3) at line 11``, plus where a separate activation is applied."""
    text = describe(head.unit_layer, program)
    if head.activation_layer is not head.unit_layer:
        text += f", {head.activation} at {program.where(head.activation_layer.node)}"
    return text


def describe_data(array: Array, program: Program) -> str:
    """``np.array(...) at line 11``: how messages name where data comes from."""
    origin = array.origin or "the data"
    return f"{origin} at {program.where(array.node)}" if array.node is not None else origin
