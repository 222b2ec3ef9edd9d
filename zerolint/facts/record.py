"""The record of one module: every fact the interpreter finds, as rules read it."""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from zerolint.facts.data_values import DataEvent
from zerolint.facts.model import Compile, CustomLoss, Fit, Model, OpCall, Optimizer, OptimizerUse


@dataclass
class Facts:
    """Everything the interpreter records about one module."""

    models: list[Model] = field(default_factory=list)
    compiles: list[Compile] = field(default_factory=list)
    fits: list[Fit] = field(default_factory=list)
    functions: dict[str, cst.FunctionDef] = field(default_factory=dict)
    # Steps that learn from or split data (scaler fits, adapt, train_test_split), in order.
    data_events: list[DataEvent] = field(default_factory=list)
    # Tensor ops (``tf.math.log``, ``/`` on tensors, ...) as evaluated, in order; see OpCall.
    op_calls: list[OpCall] = field(default_factory=list)
    # The file's functions that Keras calls as a loss or metric, each analysed once with
    # its parameters bound to ``LossInput`` values (``y_true``, ``y_pred``).
    custom_losses: list[CustomLoss] = field(default_factory=list)
    # Every optimizer object built (compiled or not, e.g. for a custom training loop).
    optimizers: list[Optimizer] = field(default_factory=list)
    # Where optimizers are put to work (compile, apply_gradients, minimize), in order.
    optimizer_uses: list[OptimizerUse] = field(default_factory=list)
