"""Rule logic, one module per category. ``RULES`` is the registry's source."""

from zerolint.checks.loss_activation import CategoricalLossOnSingleOutput, SingleUnitSoftmax

RULES = (
    SingleUnitSoftmax,
    CategoricalLossOnSingleOutput,
)
