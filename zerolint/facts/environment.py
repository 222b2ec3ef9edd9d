"""Name bindings of the abstract interpreter, and how branches merge them."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from zerolint.facts import keras_api
from zerolint.facts.data_values import DataValue
from zerolint.facts.values import UNKNOWN, Const, Mapping, Ref, Seq, Value

# The key under which a function body leaves its return value in its environment.
RETURN = "<return>"


class Environment:
    """Name bindings of one scope, falling back to the enclosing (module) scope."""

    def __init__(self, parent: Environment | None = None) -> None:
        self.names: dict[str, Value] = {}
        self.star_modules: list[str] = []
        self.global_names: set[str] = set()  # declared ``global`` in a function body
        self.parent = parent

    def lookup(self, name: str) -> Value | None:
        env: Environment | None = self
        while env is not None:
            if name in env.names:
                return env.names[name]
            env = env.parent
        return None

    def root(self) -> Environment:
        """The module-level environment this one sits in (a function's globals)."""
        env = self
        while env.parent is not None:
            env = env.parent
        return env

    def copy(self) -> Environment:
        clone = Environment(self.parent)
        clone.names = dict(self.names)
        clone.star_modules = list(self.star_modules)
        clone.global_names = set(self.global_names)
        return clone

    def merge(self, branches: Sequence[Environment]) -> None:
        """Keep the bindings every branch agrees on; the rest become UNKNOWN."""
        keys = set(itertools.chain.from_iterable(b.names for b in branches))
        for key in keys:
            values = [b.names.get(key) for b in branches]
            first = values[0]
            if first is not None and all(same(first, v) for v in values[1:]):
                self.names[key] = first
            else:
                self.names[key] = UNKNOWN
        for branch in branches:
            self.global_names |= branch.global_names
            for module in branch.star_modules:
                if module not in self.star_modules:
                    self.star_modules.append(module)


def same(a: Value | None, b: Value | None) -> bool:
    if a is b:
        return True
    if isinstance(a, Ref) and isinstance(b, Ref):
        return a == b or (
            keras_api.keras_name(a.dotted) is not None
            and keras_api.keras_name(a.dotted) == keras_api.keras_name(b.dotted)
        )
    if isinstance(a, Const | Seq | Mapping) and type(a) is type(b):
        return a == b
    return False


def forget(env: Environment, changed: set[int]) -> None:
    """Data values (by identity) that a call may have changed stop being known in ``env``."""
    scope: Environment | None = env
    while scope is not None:
        for key, value in scope.names.items():
            if isinstance(value, DataValue) and id(value) in changed:
                scope.names[key] = UNKNOWN
        scope = scope.parent
