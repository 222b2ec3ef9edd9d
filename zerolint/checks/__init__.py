"""Rule logic, one module per category. ``RULES`` is the registry's source."""

from zerolint.checks.loss_activation import (
    BinaryLossOnSoftmax,
    CategoricalLossOnSingleOutput,
    FromLogitsOnProbabilities,
    ProbabilityLossOnLogits,
    SigmoidWithCategoricalLoss,
    SingleUnitSoftmax,
)

RULES = (
    SingleUnitSoftmax,
    CategoricalLossOnSingleOutput,
    SigmoidWithCategoricalLoss,
    FromLogitsOnProbabilities,
    ProbabilityLossOnLogits,
    BinaryLossOnSoftmax,
)
