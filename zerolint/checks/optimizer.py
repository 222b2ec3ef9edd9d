"""ZL7xx: optimizer settings that cannot train."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from zerolint.diagnostics import headline
from zerolint.facts import keras_api
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    from zerolint.diagnostics import Finding, Verdict
    from zerolint.facts.model import Optimizer
    from zerolint.facts.program import Program

# The class name of each optimizer, for messages.
CLASS_NAMES = {
    "adam": "Adam",
    "adamw": "AdamW",
    "adamax": "Adamax",
    "nadam": "Nadam",
    "rmsprop": "RMSprop",
    "sgd": "SGD",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "ftrl": "Ftrl",
    "lion": "Lion",
}
# Optimizers whose step is the learning rate times an unscaled gradient. Adadelta normalises
# its step, but its paper (and Keras's docs) use a rate of 1.0, so it gets SGD's bound.
SGD_LIKE = frozenset({"sgd", "adadelta"})
# Which option bounds each optimizer's rate from above. The defaults come from training
# three small models (a dense classifier, a small CNN, a regression; 3 seeds, 10 epochs)
# with each optimizer at 0.1, 0.3 and 1.0: the bound is the smallest rate at which two of
# the three models failed in every seed (see the rule's README for the numbers).
LIMIT_OPTION = {
    "adam": "max-adaptive-rate",
    "adamw": "max-adaptive-rate",
    "nadam": "max-adaptive-rate",
    "rmsprop": "max-adaptive-rate",
    "lion": "max-lion-rate",
    "adagrad": "max-accumulating-rate",
    "adamax": "max-accumulating-rate",
    "ftrl": "max-accumulating-rate",
    "sgd": "max-sgd-rate",
    "adadelta": "max-sgd-rate",
}


def _rate(rate: float) -> str:
    return f"{rate:g}"


class ExtremeLearningRate(Rule):
    code = "ZL701"
    name = "extreme-learning-rate"
    severity = "error"
    summary = "A learning rate that cannot train: negative, vanishingly small, or far too large"
    options = {
        "max-adaptive-rate": 0.3,
        "max-lion-rate": 0.1,
        "max-accumulating-rate": 1.0,
        "max-sgd-rate": 10.0,
        "min-rate": 1e-7,
    }

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.learning_rate(message, probes)

    def check(self, program: Program) -> Iterator[Finding]:
        # Only an optimizer that trains a model's weights is judged: style transfer, DeepDream
        # and adversarial examples step an input image at rates like 100, which is right there.
        candidates = [use.optimizer for use in program.facts.optimizer_uses if use.trains_model]
        reported: set[tuple[int, int]] = set()
        for optimizer in candidates:
            key = (id(optimizer.node), id(optimizer.rate_node))
            if key in reported or not optimizer.explicit or optimizer.learning_rate is None:
                continue
            found = self.judge(optimizer, program)
            if found is not None:
                reported.add(key)
                yield found

    def judge(self, optimizer: Optimizer, program: Program) -> Finding | None:
        rate, name = optimizer.learning_rate, optimizer.name
        if name not in CLASS_NAMES:
            return None
        spelled = CLASS_NAMES[name]
        default = keras_api.DEFAULT_LEARNING_RATES[name]
        sgd_like = name in SGD_LIKE
        limit = self.settings[LIMIT_OPTION[name]]
        if rate < 0:
            brief = "is negative: the loss climbs"
            why = (
                "is negative: every step climbs the loss instead of descending it, so the "
                "loss grows until it is inf or NaN"
            )
        elif rate <= self.settings["min-rate"]:
            brief = "is too small: the weights barely change"
            why = (
                f"is at most {_rate(self.settings['min-rate'])}: each step moves the weights "
                "by about the rate times the gradient, so in any realistic number of steps "
                "they barely change and the loss stays flat"
            )
        elif rate >= limit:
            if sgd_like:
                brief = "is too large: the loss diverges"
                why = (
                    f"is at least {_rate(limit)}: each step moves the weights by the rate "
                    "times the gradient, so the updates overshoot and the loss diverges to "
                    "inf or NaN"
                )
            elif LIMIT_OPTION[name] == "max-accumulating-rate":
                brief = "is too large: the first steps jump by whole units"
                why = (
                    f"is at least {_rate(limit)}: its first steps move every weight by about "
                    "the learning rate whatever the gradient's size (they shrink only as "
                    "squared gradients accumulate), so the weights jump by whole units at the "
                    "start and the loss diverges or stalls"
                )
            else:
                brief = "is too large: the weights jump around"
                why = (
                    f"is at least {_rate(limit)}: an adaptive optimizer moves every weight "
                    "by about the learning rate at each step whatever the gradient's size, "
                    "so the weights jump around and the loss diverges or oscillates"
                )
        else:
            return None
        node = optimizer.rate_node or optimizer.node
        schedule = (
            f"the initial rate of the {optimizer.schedule} schedule"
            if optimizer.schedule
            else "the learning rate"
        )
        elsewhere = program.span(node).line != program.span(optimizer.node).line
        written = f" (written at {program.where(node)})" if elsewhere else ""
        rate_of = (
            f"{'initial ' if optimizer.schedule else ''}learning rate {_rate(rate)} of {spelled}"
        )
        title = headline(f"{rate_of} {brief} (default {_rate(default)})", f"{rate_of} {brief}")
        return self.finding(
            program,
            node,
            f"{schedule} {_rate(rate)}{written} of {spelled} at "
            f"{program.where(optimizer.node)} {why} — start from {spelled}'s default "
            f"{_rate(default)} and tune by factors of 3-10",
            help=f"keras.optimizers.{spelled}(learning_rate={_rate(default)})",
            headline=title,
        )
