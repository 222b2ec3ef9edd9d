"""Every rule zerolint has: ``RULES``, the registry's source (``zerolint.checks.registry``).

A new rule is a class in its category's module, listed here."""

from zerolint.checks.initialization import ConstantInitializer, ExtremeInitializerScale
from zerolint.checks.label_shapes import LabelShapeMismatch
from zerolint.checks.labels import (
    BinaryLabelsOutOfRange,
    CategoricalLossWithIntegerLabels,
    ConstantLabels,
    OutputUnitsMismatchClasses,
    ScaledClassLabels,
    SparseLossWithOneHotLabels,
)
from zerolint.checks.leakage import (
    PreprocessingBeforeSplit,
    TargetInFeatures,
    ValidationOnTrainingData,
)
from zerolint.checks.loss_activation import (
    BinaryLossOnSoftmax,
    CategoricalLossOnSingleOutput,
    FromLogitsOnProbabilities,
    ProbabilityLossOnLogits,
    ProbabilityLossOnNonProbability,
    RegressionLossForClassification,
    SigmoidWithCategoricalLoss,
    SingleUnitSoftmax,
)
from zerolint.checks.numerics import LogOfSoftmax, UnguardedDivision, UnguardedLog
from zerolint.checks.optimizer import ExtremeLearningRate
from zerolint.checks.scaling import TestDataScaledDifferently, UnscaledFeatures, UnscaledPixels

RULES = (
    SingleUnitSoftmax,
    CategoricalLossOnSingleOutput,
    SigmoidWithCategoricalLoss,
    FromLogitsOnProbabilities,
    ProbabilityLossOnLogits,
    RegressionLossForClassification,
    BinaryLossOnSoftmax,
    ProbabilityLossOnNonProbability,
    SparseLossWithOneHotLabels,
    CategoricalLossWithIntegerLabels,
    OutputUnitsMismatchClasses,
    BinaryLabelsOutOfRange,
    ConstantLabels,
    LabelShapeMismatch,
    ScaledClassLabels,
    UnscaledFeatures,
    UnscaledPixels,
    TestDataScaledDifferently,
    TargetInFeatures,
    PreprocessingBeforeSplit,
    ValidationOnTrainingData,
    UnguardedLog,
    LogOfSoftmax,
    UnguardedDivision,
    ConstantInitializer,
    ExtremeInitializerScale,
    ExtremeLearningRate,
)
