"""Random numbers: ``np.random.*``, ``default_rng()`` / ``RandomState`` methods, ``tf.random``.

Each call gives fresh data (new ``Rows``) with the range and shape its arguments set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import libcst as cst

from zerolint.facts.arrays import as_array
from zerolint.facts.data_args import (
    argument_expr,
    bind,
    describe,
    dtype_of,
    integer,
    is_none,
    number,
    shape_of,
)
from zerolint.facts.data_values import (
    INTEGER_DTYPES,
    MAX_DISTINCT,
    Array,
    Generator,
    Rows,
    new_array,
)
from zerolint.facts.values import Const, Value

# -- random numbers ---------------------------------------------------------------------

# Other distributions: (parameters, dtype, lowest value or None).
_DISTRIBUTIONS = {
    "lognormal": (("mean", "sigma", "size"), "float", 0.0),
    "gamma": (("shape", "scale", "size"), "float", 0.0),
    "chisquare": (("df", "size"), "float", 0.0),
    "standard_exponential": (("size",), "float", 0.0),
    "laplace": (("loc", "scale", "size"), "float", None),
    "logistic": (("loc", "scale", "size"), "float", None),
    "geometric": (("p", "size"), "int", 1),
    "negative_binomial": (("n", "p", "size"), "int", 0),
}
_MORE = {name: params for name, (params, _, _) in _DISTRIBUTIONS.items()}
_LEGACY_RANDOM = {
    "random": ("size",),
    "random_sample": ("size",),
    "ranf": ("size",),
    "sample": ("size",),
    "randint": ("low", "high", "size", "dtype"),
    "random_integers": ("low", "high", "size"),
    "uniform": ("low", "high", "size"),
    "normal": ("loc", "scale", "size"),
    "standard_normal": ("size",),
    "choice": ("a", "size", "replace", "p"),
    "binomial": ("n", "p", "size"),
    "poisson": ("lam", "size"),
    "exponential": ("scale", "size"),
    "beta": ("a", "b", "size"),
    "permutation": ("x",),
    **_MORE,
}
_GENERATOR_RANDOM = {
    "integers": ("low", "high", "size", "dtype", "endpoint"),
    "random": ("size", "dtype", "out"),
    "uniform": ("low", "high", "size"),
    "normal": ("loc", "scale", "size"),
    "standard_normal": ("size", "dtype", "out"),
    "choice": ("a", "size", "replace", "p", "axis", "shuffle"),
    "binomial": ("n", "p", "size"),
    "poisson": ("lam", "size"),
    "exponential": ("scale", "size"),
    "beta": ("a", "b", "size"),
    "permutation": ("x", "axis"),
    **_MORE,
}
_GENERATORS = {"default_rng": False, "RandomState": True, "Generator": False}


def random_call(
    name: str, positional: list[Value], keywords: dict, node: cst.Call, legacy: bool
) -> Value | None:
    """``np.random.<name>(...)`` (legacy) or a ``default_rng()`` generator's method."""
    if name in _GENERATORS and legacy:
        return Generator(_GENERATORS[name], node)
    if name in ("shuffle", "seed"):
        return Const(None)  # shuffling in place keeps what is known of the values
    if name in ("rand", "randn") and legacy:
        if keywords or any(integer(p) is None for p in positional):
            shape = None
        else:
            shape = tuple(integer(p) for p in positional)
        named: dict[str, Value] = {}
    else:
        params = (_LEGACY_RANDOM if legacy else _GENERATOR_RANDOM).get(name)
        named = bind(params, positional, keywords) if params else None
        if named is None:
            return None
        shape = shape_of(named.get("size"))
    origin = describe(node)

    def fresh(**facts: Any) -> Array:
        """New samples drawn by this call (``facts`` may override the shape)."""
        base = {"shape": shape, "one_hot": False, "origin": origin, "node": node}
        return new_array(**{**base, "rows": Rows(origin), **facts})

    if name in ("rand", "random", "random_sample", "ranf", "sample"):
        return fresh(dtype="float", low=0.0, high=1.0)
    if name in ("randn", "normal", "standard_normal"):
        return fresh(dtype="float")
    if name in ("randint", "integers", "random_integers"):
        return _integers(name, named, node, fresh)
    if name == "uniform":
        low = 0.0 if "low" not in named else number(named["low"])
        high = 1.0 if "high" not in named else number(named["high"])
        if low is None or high is None:
            return fresh(dtype="float")
        return fresh(dtype="float", low=float(min(low, high)), high=float(max(low, high)))
    if name == "choice":
        return _choice(named, fresh)
    if name == "binomial":
        trials = integer(named.get("n"))
        return fresh(dtype="int", low=0, high=trials)
    if name == "poisson":
        return fresh(dtype="int", low=0)
    if name == "exponential":
        return fresh(dtype="float", low=0.0)
    if name == "beta":
        return fresh(dtype="float", low=0.0, high=1.0)
    if name in _DISTRIBUTIONS:
        _, dtype, lowest = _DISTRIBUTIONS[name]
        return fresh(dtype=dtype, low=lowest)
    if name == "permutation":
        source = named.get("x")
        count = integer(source)
        if count is not None:
            return fresh(
                shape=(count,),
                dtype="int",
                low=0,
                high=count - 1,
                distinct=frozenset(range(count)) if count <= MAX_DISTINCT else None,
            )
        return source if isinstance(source, Array) else None  # shuffled: same values
    return None


def _integers(name: str, named: dict, node: cst.Call, fresh: Callable) -> Value | None:
    low, high = named.get("low"), named.get("high")
    inclusive = name == "random_integers"
    endpoint = named.get("endpoint")
    if endpoint is not None:
        if not (isinstance(endpoint, Const) and isinstance(endpoint.value, bool)):
            return fresh(dtype="int")
        inclusive = endpoint.value
    if is_none(high):
        lo, hi = (1 if name == "random_integers" else 0), integer(low)
    else:
        lo, hi = integer(low), integer(high)
    if hi is not None and not inclusive:
        hi -= 1
    if lo is not None and hi is not None and hi < lo:
        return None  # an error at run time
    dtype = "int"
    if "dtype" in named:
        dtype = dtype_of(named["dtype"], argument_expr(node, 3, "dtype"))
    known = lo is not None and hi is not None and hi - lo < MAX_DISTINCT
    return fresh(
        dtype=dtype, low=lo, high=hi, distinct=frozenset(range(lo, hi + 1)) if known else None
    )


def _choice(named: dict, fresh: Callable) -> Value | None:
    source = named.get("a")
    count = integer(source)
    if count is not None:
        return fresh(
            dtype="int",
            low=0,
            high=count - 1,
            distinct=frozenset(range(count)) if 0 < count <= MAX_DISTINCT else None,
        )
    array = as_array(source)
    if array is None or array.ndim != 1:
        return fresh()
    return fresh(dtype=array.dtype, low=array.low, high=array.high, distinct=array.distinct)


def framework_random(name: str, positional: list[Value], keywords: dict, node: cst.Call):
    """``tf.random.uniform/normal`` and ``keras.random.uniform/normal/randint``."""
    params = {
        "uniform": ("shape", "minval", "maxval", "dtype"),
        "normal": ("shape", "mean", "stddev", "dtype"),
        "truncated_normal": ("shape", "mean", "stddev", "dtype"),
        "randint": ("shape", "minval", "maxval", "dtype"),
    }.get(name)
    named = bind(params, positional, keywords) if params else None
    if named is None:
        return None
    origin = describe(node)
    shape = shape_of(named.get("shape")) if "shape" in named else None
    base = {"shape": shape, "one_hot": False, "origin": origin, "node": node, "rows": Rows(origin)}
    dtype = "float"
    if "dtype" in named:
        dtype = dtype_of(named["dtype"], argument_expr(node, 3, "dtype"))
    if name == "randint":
        dtype = dtype if "dtype" in named else "int"
    if name in ("normal", "truncated_normal"):
        return new_array(dtype=dtype, **base)
    low = 0 if "minval" not in named else number(named["minval"])
    high = number(named.get("maxval"))
    if dtype in INTEGER_DTYPES:
        high = high - 1 if high is not None else None
        known = low is not None and high is not None and 0 <= high - low < MAX_DISTINCT
        distinct = frozenset(range(int(low), int(high) + 1)) if known else None
        return new_array(dtype=dtype, low=low, high=high, distinct=distinct, **base)
    if "maxval" not in named or is_none(named.get("maxval")):
        high = 1.0
    return new_array(dtype=dtype, low=low, high=high, **base)
