"""Tensor maths in hand-written losses: which calls are which op, and what values can reach 0.

The interpreter turns calls of the ops below (and arithmetic on tensors) into ``Op`` values
whose arguments are other values, so a rule can follow a value back through names:
``p = tf.clip_by_value(y_pred, eps, 1 - eps); tf.math.log(p)`` is a log of a clip of the
prediction. ``value_range`` then answers the numeric question the numerics rules ask: what
interval a value lies in and whether it can be exactly 0, for predictions (``y_pred``,
assumed in [0, 1]), softmax / sigmoid outputs, constants, and the ops between them.
Anything else has an unknown range, which rules read as "may be guarded": an epsilon held
in a name the analysis cannot resolve still counts as a guard.

Also here: the initializer classes and string names (``initializer_name``) and their
default arguments, for the initialization rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from zerolint.facts import keras_api
from zerolint.facts.values import Const, LossInput, Op, Tensor, Value

# -- which function is which op --------------------------------------------------------------

# Ops that keep their first argument's values (casts, reshapes, gathers): "same".
_SAME = ("cast", "reshape", "squeeze", "expand_dims", "transpose", "identity", "stop_gradient")

# Ops that make a known activation's output (or its log) whatever their argument is.
ACTIVATION_OPS = frozenset({"softmax", "sigmoid", "log_softmax", "log_sigmoid"})

# Keyed by the name after the TensorFlow root (``tensorflow.``, ``tensorflow.compat.v1.``).
_TF_OPS = {
    "log": "log",
    "math.log": "log",
    "nn.softmax": "softmax",
    "math.softmax": "softmax",
    "nn.sigmoid": "sigmoid",
    "math.sigmoid": "sigmoid",
    "sigmoid": "sigmoid",
    "nn.log_softmax": "log_softmax",
    "math.log_softmax": "log_softmax",
    "math.log_sigmoid": "log_sigmoid",
    "clip_by_value": "clip",
    "maximum": "maximum",
    "math.maximum": "maximum",
    "minimum": "minimum",
    "math.minimum": "minimum",
    "add": "add",
    "math.add": "add",
    "subtract": "sub",
    "math.subtract": "sub",
    "multiply": "mul",
    "math.multiply": "mul",
    "divide": "div",
    "math.divide": "div",
    "truediv": "div",
    "math.truediv": "div",
    "realdiv": "div",
    "math.divide_no_nan": "safe_div",
    "reduce_sum": "sum",
    "math.reduce_sum": "sum",
    "reduce_mean": "mean",
    "math.reduce_mean": "mean",
    "reduce_max": "max",
    "math.reduce_max": "max",
    "reduce_min": "min",
    "math.reduce_min": "min",
    "norm": "norm",
    "linalg.norm": "norm",
    "math.reduce_std": "std",
    "math.reduce_variance": "var",
    "sqrt": "sqrt",
    "math.sqrt": "sqrt",
    "square": "square",
    "math.square": "square",
    "abs": "abs",
    "math.abs": "abs",
    "pow": "pow",
    "math.pow": "pow",
    "exp": "exp",
    "math.exp": "exp",
    "gather": "same",
    "convert_to_tensor": "same",
    **{name: "same" for name in _SAME},
}
# Keyed by the name after the Keras root (``keras.``, ``tensorflow.keras.``, ``tf_keras.``).
_KERAS_OPS = {
    "ops.log": "log",
    "backend.log": "log",
    "ops.softmax": "softmax",
    "activations.softmax": "softmax",
    "backend.softmax": "softmax",
    "ops.sigmoid": "sigmoid",
    "activations.sigmoid": "sigmoid",
    "backend.sigmoid": "sigmoid",
    "ops.log_softmax": "log_softmax",
    "activations.log_softmax": "log_softmax",
    "ops.log_sigmoid": "log_sigmoid",
    "ops.clip": "clip",
    "backend.clip": "clip",
    "ops.maximum": "maximum",
    "backend.maximum": "maximum",
    "ops.minimum": "minimum",
    "backend.minimum": "minimum",
    "ops.add": "add",
    "ops.subtract": "sub",
    "ops.multiply": "mul",
    "ops.divide": "div",
    "ops.true_divide": "div",
    "ops.divide_no_nan": "safe_div",
    "ops.sum": "sum",
    "backend.sum": "sum",
    "ops.mean": "mean",
    "backend.mean": "mean",
    "ops.max": "max",
    "backend.max": "max",
    "ops.min": "min",
    "backend.min": "min",
    "ops.norm": "norm",
    "ops.std": "std",
    "backend.std": "std",
    "ops.var": "var",
    "backend.var": "var",
    "ops.sqrt": "sqrt",
    "backend.sqrt": "sqrt",
    "ops.square": "square",
    "backend.square": "square",
    "ops.abs": "abs",
    "ops.absolute": "abs",
    "backend.abs": "abs",
    "ops.power": "pow",
    "backend.pow": "pow",
    "ops.exp": "exp",
    "backend.exp": "exp",
    "ops.take": "same",
    "backend.gather": "same",
    "ops.convert_to_tensor": "same",
    **{f"ops.{name}": "same" for name in _SAME},
    **{f"backend.{name}": "same" for name in _SAME},
}
# Keyed by the name after ``numpy.`` (also ``tensorflow.experimental.numpy.``).
_NUMPY_OPS = {
    "log": "log",
    "clip": "clip",
    "maximum": "maximum",
    "fmax": "maximum",
    "minimum": "minimum",
    "fmin": "minimum",
    "add": "add",
    "subtract": "sub",
    "multiply": "mul",
    "divide": "div",
    "true_divide": "div",
    "sum": "sum",
    "mean": "mean",
    "max": "max",
    "amax": "max",
    "min": "min",
    "amin": "min",
    "linalg.norm": "norm",
    "std": "std",
    "var": "var",
    "sqrt": "sqrt",
    "square": "square",
    "abs": "abs",
    "absolute": "abs",
    "power": "pow",
    "exp": "exp",
    "asarray": "same",
    "array": "same",
    "take": "same",
    **{name: "same" for name in _SAME if name not in ("identity", "stop_gradient")},
}
_SCIPY_OPS = {
    "special.softmax": "softmax",
    "special.expit": "sigmoid",
    "special.log_softmax": "log_softmax",
    "special.log_expit": "log_sigmoid",
}
_TF_ROOTS = ("tensorflow.compat.v1.", "tensorflow.compat.v2.", "tensorflow.")


@cache
def op_name(dotted: str) -> str | None:
    """The canonical op of a function reference (``tensorflow.math.log`` -> ``log``)."""
    name = keras_api.keras_name(dotted)
    if name is not None:
        return _KERAS_OPS.get(name)
    if dotted.startswith("tensorflow.experimental.numpy."):
        return _NUMPY_OPS.get(dotted[len("tensorflow.experimental.numpy.") :])
    for root in _TF_ROOTS:
        if dotted.startswith(root):
            return _TF_OPS.get(dotted[len(root) :])
    if dotted.startswith("numpy."):
        return _NUMPY_OPS.get(dotted[len("numpy.") :])
    if dotted.startswith("scipy."):
        return _SCIPY_OPS.get(dotted[len("scipy.") :])
    return None


def _leads_to(rest: str, known: Iterable[str]) -> bool:
    return any(key == rest or key.startswith(f"{rest}.") for key in known)


def _activations(table: dict[str, str]) -> list[str]:
    return [key for key, op in table.items() if op in ACTIVATION_OPS]


@cache
def reachable(dotted: str) -> bool:
    """Whether ``dotted``, or a name read from it (``dotted.x.y``), can be an activation op
    (``ACTIVATION_OPS``) or an initializer. The screen (``zerolint.engine.screen``) ignores a
    reference that cannot; this mirrors ``op_name`` and ``initializer_class``."""
    name = keras_api.keras_name(dotted)
    if name is not None:
        return (
            name == ""
            or name.split(".", 1)[0] == "initializers"
            or _leads_to(name, _activations(_KERAS_OPS))
        )
    # (roots, names known below them, a module below them whose every name may be known)
    tables = (
        (("tensorflow.experimental.numpy.", "numpy."), _activations(_NUMPY_OPS), None),
        (("scipy.",), _activations(_SCIPY_OPS), None),
        (_TF_ROOTS, [*_activations(_TF_OPS), *_TF_INITIALIZERS], "initializers"),
    )
    for roots, known, open_module in tables:
        for root in roots:
            if root.startswith(f"{dotted}.") and (known or open_module):
                return True  # above a root (``tensorflow`` -> ``tensorflow.nn.softmax``)
            if dotted.startswith(root):
                rest = dotted[len(root) :]
                if rest.split(".", 1)[0] == open_module or _leads_to(rest, known):
                    return True
    return False


# Keyword names of a clip's bounds across libraries (tf, keras.ops, keras.backend, numpy).
CLIP_LOW = ("clip_value_min", "x_min", "min_value", "a_min", "min")
CLIP_HIGH = ("clip_value_max", "x_max", "max_value", "a_max", "max")


# -- ranges ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """What is known about a value's numbers.

    ``low``/``high`` bound it (None: unknown); ``zero`` says it is known to reach exactly 0;
    ``origin`` is the prediction or activation output that zero comes from; ``affine`` is
    (a, b) when the value is ``a * origin + b`` (so ``1 - y_pred`` is 0 when the prediction
    is 1).
    """

    low: float | None = None
    high: float | None = None
    zero: bool = False
    origin: Value | None = None
    affine: tuple[float, float] | None = None

    @property
    def zero_at(self) -> float | None:
        """The origin's value at which this value is 0, when it is an affine function of it."""
        if self.affine is None or self.affine[0] == 0:
            return None
        return -self.affine[1] / self.affine[0]


NOTHING = Range()
_PROBABILITY = (0.0, 1.0)
_MAX_DEPTH = 60


def is_prediction(value: Value | None) -> bool:
    """``y_pred`` of a custom loss, or a softmax / sigmoid output: values that can be 0."""
    if isinstance(value, LossInput):
        return value.role == "y_pred"
    return activation_of(value) in ("softmax", "sigmoid")


def activation_of(value: Value | None) -> str | None:
    """The activation ("softmax" or "sigmoid") whose output ``value`` is, else None."""
    if isinstance(value, Op) and value.name in ("softmax", "sigmoid"):
        return value.name
    if isinstance(value, Tensor) and value.producer is not None:
        activation = value.producer.activation
        return activation if activation in ("softmax", "sigmoid") else None
    return None


def value_range(value: Value, memo: dict[int, Range] | None = None, depth: int = 0) -> Range:
    """The ``Range`` of a value (``NOTHING`` when it is not known)."""
    memo = {} if memo is None else memo
    key = id(value)
    if key not in memo:
        memo[key] = NOTHING  # a cycle (cannot happen with frozen values, but be safe)
        memo[key] = _range(value, memo, depth + 1) if depth < _MAX_DEPTH else NOTHING
    return memo[key]


def _number(value: Value | None) -> float | None:
    if isinstance(value, Const) and type(value.value) in (int, float):
        return float(value.value)
    return None


def _range(value: Value, memo: dict[int, Range], depth: int) -> Range:
    number = _number(value)
    if number is not None:
        return Range(number, number, number == 0)
    if isinstance(value, LossInput):
        if value.role == "y_pred":  # assumed a probability: the case where log and 1 - p matter
            return Range(*_PROBABILITY, True, value, (1.0, 0.0))
        return Range(zero=True, origin=value, affine=(1.0, 0.0))  # labels are 0 often
    if activation_of(value) is not None and not isinstance(value, Op):
        return Range(*_PROBABILITY, True, value, (1.0, 0.0))
    if not isinstance(value, Op):
        return NOTHING
    rule = _RULES.get(value.name)
    if rule is None:
        return NOTHING

    def of(item: Value | None) -> Range:
        return NOTHING if item is None else value_range(item, memo, depth)

    return rule(value, of)


def _first(op: Op, of) -> Range:
    return of(op.arg(0, "x", "t", "a", "input", "tensor", "params"))


def _pair(op: Op, of) -> tuple[Range, Range]:
    return of(op.arg(0, "x", "x1")), of(op.arg(1, "y", "x2"))


def _known(*bounds: float | None) -> bool:
    return all(b is not None for b in bounds)


def _make(
    low: float | None,
    high: float | None,
    zero: bool,
    origin: Value | None,
    affine: tuple[float, float] | None = None,
) -> Range:
    """A range whose ``zero`` follows from its bounds when both are known."""
    if _known(low, high):
        zero = low <= 0 <= high
    return Range(low, high, zero, origin, affine)


def _pick(a: Range, b: Range) -> Range:
    """Of two operands, the one whose origin explains the result (predictions first)."""
    if is_prediction(a.origin) and (a.zero or not (b.zero and is_prediction(b.origin))):
        return a
    if is_prediction(b.origin):
        return b
    return a if a.origin is not None else b


def _constant(r: Range) -> float | None:
    if _known(r.low, r.high) and r.low == r.high and r.affine is None:
        return r.low
    return None


def _activation(op: Op, of) -> Range:
    return Range(*_PROBABILITY, True, op, (1.0, 0.0))


def _same(op: Op, of) -> Range:
    return _first(op, of)


def _add_like(a: Range, b: Range, sign: float) -> Range:
    low = high = None
    if sign > 0:
        if _known(a.low, b.low):
            low = a.low + b.low
        if _known(a.high, b.high):
            high = a.high + b.high
    else:
        if _known(a.low, b.high):
            low = a.low - b.high
        if _known(a.high, b.low):
            high = a.high - b.low
    source = _pick(a, b)
    affine = None
    if a.affine is not None and _constant(b) is not None:
        source, affine = a, (a.affine[0], a.affine[1] + sign * _constant(b))
    elif b.affine is not None and _constant(a) is not None:
        source, affine = b, (sign * b.affine[0], _constant(a) + sign * b.affine[1])
    # With unknown bounds, 0 + 0 (an empty mask and a zero output) is still known to be 0.
    return _make(low, high, a.zero and b.zero, source.origin, affine)


def _add(op: Op, of) -> Range:
    return _add_like(*_pair(op, of), 1.0)


def _sub(op: Op, of) -> Range:
    return _add_like(*_pair(op, of), -1.0)


def _neg(op: Op, of) -> Range:
    a = _first(op, of)
    low = -a.high if a.high is not None else None
    high = -a.low if a.low is not None else None
    affine = (-a.affine[0], -a.affine[1]) if a.affine is not None else None
    return _make(low, high, a.zero, a.origin, affine)


def _mul(op: Op, of) -> Range:
    a, b = _pair(op, of)
    low = high = None
    if _known(a.low, a.high, b.low, b.high):
        products = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high]
        low, high = min(products), max(products)
    source = _pick(a, b)
    other = b if source is a else a
    affine = None
    if source.affine is not None and _constant(other) is not None:
        factor = _constant(other)
        affine = (source.affine[0] * factor, source.affine[1] * factor)
    return _make(low, high, a.zero or b.zero, source.origin, affine)


def _div(op: Op, of) -> Range:
    a, b = _pair(op, of)
    low = high = None
    if _known(a.low, a.high, b.low, b.high) and b.low > 0:
        quotients = [a.low / b.low, a.low / b.high, a.high / b.low, a.high / b.high]
        low, high = min(quotients), max(quotients)
    divisor = _constant(b)
    affine = None
    if a.affine is not None and divisor:
        affine = (a.affine[0] / divisor, a.affine[1] / divisor)
    return _make(low, high, a.zero, a.origin, affine)


def _clip(op: Op, of) -> Range:
    a = _first(op, of)
    given_low, given_high = op.arg(1, *CLIP_LOW), op.arg(2, *CLIP_HIGH)
    lower, upper = _number(given_low), _number(given_high)
    if given_low is not None and lower is None:
        return NOTHING  # clipped to a bound the analysis cannot see: a guard
    low = lower if a.low is None or (lower is not None and lower > a.low) else a.low
    if given_high is not None and upper is None:
        high = max(a.high, low) if _known(a.high, low) else None
    else:
        high = upper if a.high is None or (upper is not None and upper < a.high) else a.high
    return _make(low, high, False, a.origin, a.affine)


def _maximum(op: Op, of) -> Range:
    a, b = _pair(op, of)
    if a.low is None or b.low is None:
        known = a if a.low is not None else b
        if known.low is not None and known.low > 0:  # max(x, 1e-7) >= 1e-7
            return Range(known.low, None, False, _pick(a, b).origin)
        return NOTHING  # e.g. tf.maximum(y_pred, eps) with eps unknown: a guard
    high = max(a.high, b.high) if _known(a.high, b.high) else None
    return _make(max(a.low, b.low), high, False, _pick(a, b).origin)


def _minimum(op: Op, of) -> Range:
    a, b = _pair(op, of)
    low = min(a.low, b.low) if _known(a.low, b.low) else None
    highs = [x for x in (a.high, b.high) if x is not None]
    return _make(low, min(highs) if highs else None, False, _pick(a, b).origin)


def _sum(op: Op, of) -> Range:
    a = _first(op, of)
    low = a.low if a.low is not None and a.low >= 0 else None
    high = a.high if a.high is not None and a.high <= 0 else None
    return _make(low, high, a.zero, a.origin)


def _mean(op: Op, of) -> Range:
    a = _first(op, of)
    return _make(a.low, a.high, a.zero, a.origin)


def _magnitude(a: Range) -> tuple[float | None, float | None]:
    """Bounds of |x| from the bounds of x."""
    if not _known(a.low, a.high):
        return (a.low if a.low is not None and a.low >= 0 else 0.0), None
    if a.low >= 0:
        return a.low, a.high
    if a.high <= 0:
        return -a.high, -a.low
    return 0.0, max(-a.low, a.high)


def _abs(op: Op, of) -> Range:
    a = _first(op, of)
    low, high = _magnitude(a)
    return _make(low, high, a.zero, a.origin)


def _norm(op: Op, of) -> Range:
    a = _first(op, of)
    low, _ = _magnitude(a)
    return _make(low, None, a.zero, a.origin)


def _square(op: Op, of) -> Range:
    a = _first(op, of)
    low, high = _magnitude(a)
    low = low * low if low is not None else None
    high = high * high if high is not None else None
    return _make(low, high, a.zero, a.origin)


def _pow(op: Op, of) -> Range:
    exponent = _number(op.arg(1, "y", "x2"))
    a = _first(op, of)
    if exponent is None or exponent <= 0:
        return NOTHING
    low, high = _magnitude(a) if a.low is None or a.low < 0 else (a.low, a.high)
    low = low**exponent if low is not None else None
    high = high**exponent if high is not None else None
    return _make(low, high, a.zero, a.origin)


def _sqrt(op: Op, of) -> Range:
    a = _first(op, of)
    low = math.sqrt(a.low) if a.low is not None and a.low >= 0 else None
    high = math.sqrt(a.high) if a.high is not None and a.high >= 0 else None
    return _make(low, high, a.zero, a.origin)


def _spread(op: Op, of) -> Range:
    """std / var: 0 whenever the values are all equal, which predictions can be."""
    origin = prediction_in(op.arg(0, "x"))
    return Range(0.0, None, origin is not None, origin)


def _min_reduction(op: Op, of) -> Range:
    return _mean(op, of)


def _max_reduction(op: Op, of) -> Range:
    # The largest of several probabilities is rarely 0 (a softmax's is >= 1/C): bounds only.
    a = _first(op, of)
    return Range(a.low, a.high, False, a.origin)


_RULES = {
    "softmax": _activation,
    "sigmoid": _activation,
    "same": _same,
    "getitem": _same,
    "add": _add,
    "sub": _sub,
    "neg": _neg,
    "mul": _mul,
    "div": _div,
    "clip": _clip,
    "maximum": _maximum,
    "minimum": _minimum,
    "sum": _sum,
    "mean": _mean,
    "min": _min_reduction,
    "max": _max_reduction,
    "abs": _abs,
    "norm": _norm,
    "square": _square,
    "pow": _pow,
    "sqrt": _sqrt,
    "std": _spread,
    "var": _spread,
}

# Ops a value passes through unchanged (for "is this log's argument a softmax?").
PASS_THROUGH = frozenset({"same", "getitem"})


def unwrap(value: Value) -> Value:
    """The value under casts, reshapes and indexing."""
    depth = 0
    while isinstance(value, Op) and value.name in PASS_THROUGH and depth < _MAX_DEPTH:
        inner = value.arg(0, "x", "t", "a", "input", "tensor", "params")
        if inner is None:
            break
        value, depth = inner, depth + 1
    return value


def prediction_in(value: Value | None, depth: int = 0) -> Value | None:
    """A prediction (``y_pred`` or a softmax/sigmoid output) that ``value`` is computed from."""
    if value is None or depth > _MAX_DEPTH:
        return None
    if is_prediction(value):
        return value
    if isinstance(value, Op):
        for item in (*value.args, *value.keywords.values()):
            found = prediction_in(item, depth + 1)
            if found is not None:
                return found
    return None


# Reductions whose result can be 0 when computed from predictions (ZL503's denominators).
AGGREGATES = frozenset({"sum", "mean", "norm", "std", "var"})
# Ops through which a denominator is still "an aggregate of predictions".
_COMBINING = frozenset({"add", "sub", "mul", "sqrt", "square", "abs", "pow", "same", "neg"})


def prediction_aggregate(value: Value, depth: int = 0) -> Op | None:
    """The sum / mean / norm / std of predictions a denominator is built from, if any."""
    if not isinstance(value, Op) or depth > _MAX_DEPTH:
        return None
    if value.name in AGGREGATES:
        return value if prediction_in(value) is not None else None
    if value.name in _COMBINING:
        for item in value.args:
            found = prediction_aggregate(item, depth + 1)
            if found is not None:
                return found
    return None


# -- initializers ----------------------------------------------------------------------------

_INITIALIZER_CLASSES = {
    "Zeros": "zeros",
    "Ones": "ones",
    "Constant": "constant",
    "RandomNormal": "random_normal",
    "RandomUniform": "random_uniform",
    "TruncatedNormal": "truncated_normal",
    "VarianceScaling": "variance_scaling",
    "GlorotUniform": "glorot_uniform",
    "GlorotNormal": "glorot_normal",
    "HeUniform": "he_uniform",
    "HeNormal": "he_normal",
    "LecunUniform": "lecun_uniform",
    "LecunNormal": "lecun_normal",
    "Orthogonal": "orthogonal",
    "Identity": "identity",
}
_INITIALIZER_ALIASES = {
    **{name.lower(): canonical for name, canonical in _INITIALIZER_CLASSES.items()},
    **{canonical: canonical for canonical in _INITIALIZER_CLASSES.values()},
    **_INITIALIZER_CLASSES,
    "zero": "zeros",
    "one": "ones",
    "normal": "random_normal",
    "uniform": "random_uniform",
}
# TensorFlow's own initializer functions (``tf.zeros_initializer()``), after the TF root.
_TF_INITIALIZERS = {
    "zeros_initializer": "zeros",
    "ones_initializer": "ones",
    "constant_initializer": "constant",
    "random_normal_initializer": "random_normal",
    "random_uniform_initializer": "random_uniform",
    "truncated_normal_initializer": "truncated_normal",
    "variance_scaling_initializer": "variance_scaling",
    "glorot_uniform_initializer": "glorot_uniform",
    "glorot_normal_initializer": "glorot_normal",
}


def initializer_name(alias: str) -> str | None:
    """The canonical initializer for a string given as ``kernel_initializer=``."""
    return _INITIALIZER_ALIASES.get(alias)


@cache
def initializer_class(dotted: str) -> tuple[str, bool] | None:
    """(canonical name, is tf.compat.v1) for a reference to an initializer class/function."""
    name = keras_api.keras_name(dotted)
    if name is not None:
        parts = name.split(".")
        if len(parts) >= 2 and parts[0] == "initializers":
            found = _INITIALIZER_ALIASES.get(parts[-1])
            return (found, False) if found is not None else None
        return None
    for root in _TF_ROOTS:
        if dotted.startswith(root):
            rest = dotted[len(root) :]
            tf1 = root == "tensorflow.compat.v1."
            if rest.startswith("initializers."):  # tf.initializers.RandomNormal (TF 2 aliases)
                found = _INITIALIZER_ALIASES.get(rest.rsplit(".", 1)[-1])
                return (found, tf1) if found is not None else None
            found = _TF_INITIALIZERS.get(rest)
            return (found, tf1) if found is not None else None
    return None


# Constant initializers: every unit of the layer starts with the same weights.
CONSTANT_INITIALIZERS = frozenset({"zeros", "ones", "constant"})

# (parameter names in order, defaults) of the random initializers' scale arguments.
INITIALIZER_SIGNATURES = {
    "random_normal": (("mean", "stddev"), (0.0, 0.05)),
    "truncated_normal": (("mean", "stddev"), (0.0, 0.05)),
    "random_uniform": (("minval", "maxval"), (-0.05, 0.05)),
    "variance_scaling": (("scale", "mode", "distribution"), (1.0, "fan_in", "truncated_normal")),
}
# tf.compat.v1's initializers default to a unit scale.
TF1_DEFAULTS = {
    "random_normal": (0.0, 1.0),
    "truncated_normal": (0.0, 1.0),
    "random_uniform": (0.0, 1.0),
}


def initializer_args(name: str, positional, keywords, tf1: bool) -> dict[str, Value] | None:
    """The scale arguments of a random initializer, defaults filled in (None if unknown)."""
    signature = INITIALIZER_SIGNATURES.get(name)
    if signature is None or "**" in keywords:
        return None
    names, defaults = signature
    if tf1 and name in TF1_DEFAULTS:
        defaults = (*TF1_DEFAULTS[name], *defaults[2:])
    values: dict[str, Value] = {}
    for index, (parameter, default) in enumerate(zip(names, defaults, strict=True)):
        if parameter in keywords:
            values[parameter] = keywords[parameter]
        elif index < len(positional):
            values[parameter] = positional[index]
        else:
            values[parameter] = Const(default)
    return values


__all__ = [
    "AGGREGATES",
    "CONSTANT_INITIALIZERS",
    "NOTHING",
    "Range",
    "activation_of",
    "initializer_args",
    "initializer_class",
    "initializer_name",
    "is_prediction",
    "op_name",
    "prediction_aggregate",
    "prediction_in",
    "unwrap",
    "value_range",
]
