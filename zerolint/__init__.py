"""zerolint: a linter for Keras training code whose loss is zero, constant, NaN or meaningless."""

__version__ = "0.1.0"
