"""ZL101 and ZL102 fire for every API style, and only where they should (issue 3).

A generated matrix of training scripts: import style x model style x activation spelling x
loss spelling x how the output width is written (literal, constant, arithmetic, builder
argument). The full cross product runs into the tens of thousands, so the matrix is a
covering design of sections that each vary two or three dimensions fully and rotate the
rest:

- ``styles``: every import style x every model style (softmax + categorical loss);
- ``spellings``: every activation spelling x every loss spelling, in a Sequential list and
  a functional model (import style and units rotate);
- ``units``: every way of writing the width x every model style;
- ``heads``: every activation spelling x every other model style (loss rotates).

Bad scripts carry ``# expect: ZL101`` markers, written while generating, on the lines the
findings must point at (as ``tests/test_catalog.py`` does for the catalog); the matrix
asserts the ZL1xx loss/activation findings of the scripts exactly, so a later rule that also
(rightly) fires on them does not break it. Good scripts (sigmoid + binary loss, 2-unit
softmax + sparse loss, 3-unit softmax + categorical loss, linear + mse, logits +
``from_logits=True``) must yield nothing at all, from any rule.

The last section is the other half of the contract: what the analysis cannot know
(units from ``sys.argv``, a loss picked from a dict at run time, a model from
``load_model``, ...) yields no finding.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from conftest import EXPECT

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text

RULES = list(all_rules())
MATRIX_CODES = frozenset({"ZL101", "ZL102"})
_FROM_IMPORT = re.compile(r"^from (?P<module>\S+) import (?P<name>\S+)$")


def lint(code: str) -> list[tuple[int, str]]:
    diagnostics, errors = lint_source(from_text(code, "train.py"), RULES)
    assert errors == []
    return sorted((d.line, d.code) for d in diagnostics)


def markers(code: str) -> list[tuple[int, str]]:
    marks = []
    for number, line in enumerate(code.splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            marks += [(number, c.strip()) for c in match.group("codes").split(",")]
    return sorted(marks)


# -- import styles: how each one spells a Keras name ---------------------------------------
#
# A style maps a group of names to (template, import lines it needs); ``{name}`` is the
# Keras name. ``from M import a`` lines are merged per module when the script is assembled.

Spelling = dict[str, tuple[str, tuple[str, ...]]]
TF = ("tf.nn.{name}", ("import tensorflow as tf",))


def _qualified(header: str, root: str) -> Spelling:
    return {
        "layers": (root + ".layers.{name}", (header,)),
        "models": (root + ".{name}", (header,)),
        "input": (root + ".Input", (header,)),
        "activations": (root + ".activations.{name}", (header,)),
        "losses": (root + ".losses.{name}", (header,)),
        "tf": TF,
    }


def _direct(package: str) -> Spelling:
    return {
        group: ("{name}", (f"from {package}.{module} import {{name}}",))
        for group, module in (
            ("layers", "layers"),
            ("models", "models"),
            ("input", "layers"),
            ("activations", "activations"),
            ("losses", "losses"),
        )
    } | {"tf": TF}


IMPORT_STYLES: dict[str, Spelling] = {
    "tf.keras": _qualified("import tensorflow as tf", "tf.keras"),
    "import keras": _qualified("import keras", "keras"),
    "from tensorflow import keras": _qualified("from tensorflow import keras", "keras"),
    "tf_keras": _qualified("import tf_keras", "tf_keras"),
    "keras submodules": {
        "layers": ("layers.{name}", ("from tensorflow.keras import layers",)),
        "models": ("models.{name}", ("from tensorflow.keras import models",)),
        "input": ("layers.Input", ("from tensorflow.keras import layers",)),
        "activations": ("activations.{name}", ("from tensorflow.keras import activations",)),
        "losses": ("losses.{name}", ("from tensorflow.keras import losses",)),
        "tf": TF,
    },
    "direct names": _direct("tensorflow.keras"),
    "import ... as L": {
        "layers": ("L.{name}", ("import tensorflow.keras.layers as L",)),
        "models": ("M.{name}", ("import tensorflow.keras.models as M",)),
        "input": ("L.Input", ("import tensorflow.keras.layers as L",)),
        "activations": ("A.{name}", ("import tensorflow.keras.activations as A",)),
        "losses": ("LS.{name}", ("import tensorflow.keras.losses as LS",)),
        "tf": TF,
    },
    "keras 2 standalone": {
        "layers": ("{name}", ("from keras.layers import {name}",)),
        "models": ("{name}", ("from keras.models import {name}",)),
        "input": ("Input", ("from keras.layers import Input",)),
        "activations": ("activations.{name}", ("from keras import activations",)),
        "losses": ("losses.{name}", ("from keras import losses",)),
        "tf": TF,
    },
    "local aliases": {
        group: ("{name}", ("import keras", f"{{name}} = keras.{path}{{name}}"))
        for group, path in (
            ("layers", "layers."),
            ("models", ""),
            ("input", ""),
            ("activations", "activations."),
            ("losses", "losses."),
        )
    }
    | {"tf": TF},
}


class Script:
    """A training script assembled from parts: imports are added as names get spelled."""

    def __init__(self, style: str) -> None:
        self.spelling = IMPORT_STYLES[style]
        self.imports: list[str] = ["import numpy as np"]
        self.constants: list[str] = []
        self.body: list[str] = []

    def k(self, group: str, name: str) -> str:
        """Spell a Keras name (group: layers, models, input, activations, losses, tf)."""
        template, needs = self.spelling[group]
        for need in needs:
            line = need.format(name=name)
            if line not in self.imports:
                self.imports.append(line)
        return template.format(name=name)

    def constant(self, line: str) -> None:
        if line not in self.constants:
            self.constants.append(line)

    def text(self) -> str:
        plain, merged, aliases = [], {}, []
        for line in self.imports:
            match = _FROM_IMPORT.match(line)
            if match:
                merged.setdefault(match["module"], []).append(match["name"])
            elif " = " in line:
                aliases.append(line)
            else:
                plain.append(line)
        head = ['"""A generated training script."""', "", *plain]
        head += [f"from {m} import {', '.join(sorted(set(n)))}" for m, n in merged.items()]
        data = ['x_train = np.load("x_train.npy")', 'y_train = np.load("y_train.npy")']
        parts = [head, aliases, self.constants, data, self.body]
        lines = []
        for part in parts:
            if part:
                lines += [*part, ""]
        return "\n".join(lines)


def mark(codes: tuple[str, ...]) -> str:
    return f"  # expect: {', '.join(codes)}" if codes else ""


# -- output heads: the output layer and what applies its activation ------------------------


@dataclass(frozen=True)
class Stage:
    """One step of the output: a layer expression, or an activation function applied to it."""

    text: str
    function: bool = False
    codes: tuple[str, ...] = ()


def _head(spelling: str, activation: str) -> Callable[[Script, str], list[Stage]]:
    def stages(s: Script, units: str) -> list[Stage]:
        dense = s.k("layers", "Dense")
        if spelling == "string":
            return [Stage(f'{dense}({units}, activation="{activation}")')]
        if spelling == "keras function":
            return [Stage(f"{dense}({units}, activation={s.k('activations', activation)})")]
        if spelling == "tf.nn function":
            return [Stage(f"{dense}({units}, activation={s.k('tf', activation)})")]
        if spelling == "Activation layer":
            return [
                Stage(f"{dense}({units})"),
                Stage(f'{s.k("layers", "Activation")}("{activation}")'),
            ]
        if spelling == "Softmax layer":
            return [Stage(f"{dense}({units})"), Stage(f"{s.k('layers', 'Softmax')}()")]
        if spelling == "Lambda layer":
            return [
                Stage(f"{dense}({units})"),
                Stage(f"{s.k('layers', 'Lambda')}({s.k('tf', activation)})"),
            ]
        if spelling == "applied function":
            return [Stage(f"{dense}({units})"), Stage(s.k("tf", activation), function=True)]
        if spelling == "no activation":
            return [Stage(f"{dense}({units})")]
        if spelling == "None":
            return [Stage(f"{dense}({units}, activation=None)")]
        raise AssertionError(spelling)

    return stages


SOFTMAX_HEADS = (
    "string",
    "keras function",
    "tf.nn function",
    "Activation layer",
    "Softmax layer",
    "Lambda layer",
    "applied function",
)
SIGMOID_HEADS = (
    "string",
    "keras function",
    "tf.nn function",
    "Activation layer",
    "Lambda layer",
    "applied function",
)
LINEAR_HEADS = ("no activation", "string", "None", "Activation layer")


# -- losses ----------------------------------------------------------------------------------


def _loss(spelling: str, name: str) -> Callable[[Script], str]:
    def render(s: Script) -> str:
        if spelling == "string":
            return f'"{name}"'
        if spelling == "function":
            return s.k("losses", name)
        if spelling == "class":
            return f"{s.k('losses', name)}()"
        if spelling == "class from_logits":
            return f"{s.k('losses', name)}(from_logits=True)"
        if spelling == "constant":
            s.constant(f'LOSS = "{name}"')
            return "LOSS"
        raise AssertionError(spelling)

    return render


# Categorical losses (ZL102 on one unit), and the binary loss that is not one.
BAD_LOSSES = {
    "'categorical_crossentropy'": _loss("string", "categorical_crossentropy"),
    "'sparse_categorical_crossentropy'": _loss("string", "sparse_categorical_crossentropy"),
    "losses.categorical_crossentropy": _loss("function", "categorical_crossentropy"),
    "CategoricalCrossentropy()": _loss("class", "CategoricalCrossentropy"),
    "CategoricalCrossentropy(from_logits=True)": _loss(
        "class from_logits", "CategoricalCrossentropy"
    ),
    "SparseCategoricalCrossentropy()": _loss("class", "SparseCategoricalCrossentropy"),
    "LOSS constant": _loss("constant", "categorical_crossentropy"),
}
NOT_CATEGORICAL = "'binary_crossentropy'"
ALL_BAD_LOSSES = {**BAD_LOSSES, NOT_CATEGORICAL: _loss("string", "binary_crossentropy")}


# -- how the output width is written -------------------------------------------------------


def _units(spelling: str, n: int) -> Callable[[Script], str]:
    def render(s: Script) -> str:
        if spelling == "literal":
            return str(n)
        if spelling == "constant":
            s.constant(f"N_OUT = {n}")
            return "N_OUT"
        if spelling == "arithmetic":
            s.constant(f"N_CLASSES = {n + 1}")
            return "N_CLASSES - 1"
        module, setup, expression = UNKNOWN_UNITS[spelling]  # decided at run time
        if module and module not in s.imports:
            s.imports.append(module)
        if setup:
            s.constant(setup)
        return expression

    return render


UNITS = ("literal", "constant", "arithmetic")


# -- model styles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """What a model style puts together: the head, the width, the loss and its markers."""

    head: Callable[[Script, str], list[Stage]]
    units: str
    loss: str
    loss_codes: tuple[str, ...]
    metric: str = "accuracy"


def _compile(name: str, parts: Parts, indent: str = "") -> str:
    call = f'{name}.compile(optimizer="adam", loss={parts.loss}, metrics=["{parts.metric}"])'
    return indent + call + mark(parts.loss_codes)


FIT = "model.fit(x_train, y_train, epochs=2, batch_size=32)"


def _sequential_list(s: Script, parts: Parts, units: str, indent: str = "") -> list[str]:
    dense = s.k("layers", "Dense")
    lines = [f"{indent}model = {s.k('models', 'Sequential')}(", f"{indent}    ["]
    lines.append(f'{indent}        {dense}(16, activation="relu", input_shape=(8,)),')
    lines += [f"{indent}        {st.text},{mark(st.codes)}" for st in parts.head(s, units)]
    return [*lines, f"{indent}    ]", f"{indent})"]


def _functional(s: Script, parts: Parts, units: str, keywords: bool, indent: str = "") -> list:
    dense = s.k("layers", "Dense")
    lines = [
        f"{indent}inputs = {s.k('input', 'Input')}(shape=(8,))",
        f'{indent}hidden = {dense}(16, activation="relu")(inputs)',
    ]
    stages = parts.head(s, units)
    for index, stage in enumerate(stages):
        target = "outputs" if index == len(stages) - 1 else "hidden"
        lines.append(f"{indent}{target} = {stage.text}(hidden){mark(stage.codes)}")
    model = s.k("models", "Model")
    args = "inputs=inputs, outputs=outputs" if keywords else "inputs, outputs"
    return [*lines, f"{indent}model = {model}({args})"]


def sequential_list(s: Script, parts: Parts) -> None:
    s.body += [*_sequential_list(s, parts, parts.units), _compile("model", parts), FIT]


def sequential_add(s: Script, parts: Parts) -> None:
    dense = s.k("layers", "Dense")
    s.body += [
        f"model = {s.k('models', 'Sequential')}()",
        f'model.add({dense}(16, activation="relu", input_shape=(8,)))',
    ]
    s.body += [f"model.add({st.text}){mark(st.codes)}" for st in parts.head(s, parts.units)]
    s.body += [_compile("model", parts), FIT]


def sequential_loop(s: Script, parts: Parts) -> None:
    dense = s.k("layers", "Dense")
    s.body += [
        f"model = {s.k('models', 'Sequential')}()",
        f"model.add({s.k('input', 'Input')}(shape=(8,)))",
        "for _ in range(2):",
        f'    model.add({dense}(16, activation="relu"))',
    ]
    s.body += [f"model.add({st.text}){mark(st.codes)}" for st in parts.head(s, parts.units)]
    s.body += [_compile("model", parts), FIT]


def functional(s: Script, parts: Parts) -> None:
    s.body += [*_functional(s, parts, parts.units, keywords=False), _compile("model", parts), FIT]


def functional_keywords(s: Script, parts: Parts) -> None:
    s.body += [*_functional(s, parts, parts.units, keywords=True), _compile("model", parts), FIT]


def subclassed(s: Script, parts: Parts) -> None:
    dense = s.k("layers", "Dense")
    stages = parts.head(s, parts.units)
    init = [f"class Classifier({s.k('models', 'Model')}):", "    def __init__(self):"]
    init += ["        super().__init__()", f'        self.hidden = {dense}(16, activation="relu")']
    call = ["    def call(self, inputs):", "        x = self.hidden(inputs)"]
    for index, stage in enumerate(stages):
        last = index == len(stages) - 1
        if stage.function:
            applied = f"{stage.text}(x)"
        else:
            init.append(f"        self.out_{index} = {stage.text}{mark(stage.codes)}")
            applied = f"self.out_{index}(x)"
        codes = stage.codes if stage.function else ()
        call.append(f"        {'return ' if last else 'x = '}{applied}{mark(codes)}")
    s.body += [*init, "", *call, "", "", "model = Classifier()", _compile("model", parts), FIT]


def builder(s: Script, parts: Parts) -> None:
    """``def build_model(n_outputs)`` returns a Sequential; compiled by the caller."""
    s.body += ["def build_model(n_outputs):"]
    s.body += _sequential_list(s, parts, "n_outputs", indent="    ")
    s.body += ["    return model", "", "", f"model = build_model({parts.units})"]
    s.body += [_compile("model", parts), FIT]


def builder_compiles(s: Script, parts: Parts) -> None:
    """``def build_model(n_outputs)`` builds a functional model and compiles it itself."""
    s.body += ["def build_model(n_outputs):"]
    s.body += _functional(s, parts, "n_outputs", keywords=True, indent="    ")
    s.body += [_compile("model", parts, indent="    "), "    return model", ""]
    s.body += ["", f"model = build_model({parts.units})", FIT]


MODEL_STYLES: dict[str, Callable[[Script, Parts], None]] = {
    "Sequential([...])": sequential_list,
    "Sequential().add": sequential_add,
    "add in range loop": sequential_loop,
    "functional": functional,
    "functional keywords": functional_keywords,
    "subclassed Model": subclassed,
    "builder(n)": builder,
    "builder compiles": builder_compiles,
}
# Styles where a tensor exists to apply ``tf.nn.softmax(...)`` to.
APPLIES_FUNCTIONS = frozenset({"functional", "functional keywords", "subclassed Model"})
APPLIES_FUNCTIONS |= {"builder compiles"}


# -- variants --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    section: str
    imports: str
    model: str
    activation: str  # softmax / sigmoid / linear
    head: str
    n: int
    units: str
    loss: str
    render_loss: Callable[[Script], str]
    zl101: bool = False
    zl102: bool = False

    @property
    def id(self) -> str:
        return (
            f"{self.section}|{self.imports}|{self.model}|{self.n} unit {self.activation} "
            f"({self.head})|units {self.units}|{self.loss}"
        )

    def code(self) -> str:
        s = Script(self.imports)
        head = _head(self.head, self.activation)

        def stages(script: Script, units: str) -> list[Stage]:
            result = head(script, units)
            if self.zl101:  # the softmax is applied by the last step of the head
                result[-1] = Stage(result[-1].text, result[-1].function, ("ZL101",))
            return result

        parts = Parts(
            stages,
            _units(self.units, self.n)(s),
            self.render_loss(s),
            ("ZL102",) if self.zl102 else (),
            "mae" if "mse" in self.loss or "squared" in self.loss.lower() else "accuracy",
        )
        MODEL_STYLES[self.model](s, parts)
        return s.text()


def _fits(model: str, head: str) -> bool:
    return head != "applied function" or model in APPLIES_FUNCTIONS


def _bad(section, imports, model, head, units, loss) -> Variant:
    softmax = head != "sigmoid"
    return Variant(
        section,
        imports,
        model,
        "softmax" if softmax else "sigmoid",
        head if softmax else "string",
        1,
        units,
        loss,
        ALL_BAD_LOSSES[loss],
        zl101=softmax,
        zl102=loss != NOT_CATEGORICAL,
    )


def bad_variants() -> Iterator[Variant]:
    imports, models = list(IMPORT_STYLES), list(MODEL_STYLES)
    string_cce = "'categorical_crossentropy'"
    for imp, model in itertools.product(imports, models):
        yield _bad("styles", imp, model, "string", "literal", string_cce)
    count = itertools.count()
    for model in ("Sequential([...])", "functional"):
        for head, loss in itertools.product((*SOFTMAX_HEADS, "sigmoid"), ALL_BAD_LOSSES):
            if (head, loss) == ("sigmoid", NOT_CATEGORICAL) or not _fits(model, head):
                continue
            i = next(count)
            yield _bad("spellings", imports[i % 9], model, head, UNITS[i // 9 % 3], loss)
    for i, (units, model) in enumerate(itertools.product(UNITS[1:], models)):
        yield _bad("units", imports[(i * 4) % 9], model, "string", units, string_cce)
    losses = list(BAD_LOSSES)
    for i, (model, head) in enumerate(itertools.product(models[1:], SOFTMAX_HEADS)):
        if model != "functional" and _fits(model, head):
            loss = losses[i % len(losses)]
            yield _bad("heads", imports[(i * 2) % 9], model, head, UNITS[i % 3], loss)


# Good forms: (units, activation, activation spellings, {loss id: loss}).
GOOD_FORMS = {
    "binary": (
        1,
        "sigmoid",
        SIGMOID_HEADS,
        {
            "'binary_crossentropy'": _loss("string", "binary_crossentropy"),
            "losses.binary_crossentropy": _loss("function", "binary_crossentropy"),
            "BinaryCrossentropy()": _loss("class", "BinaryCrossentropy"),
            "LOSS constant": _loss("constant", "binary_crossentropy"),
        },
    ),
    "two classes, sparse": (
        2,
        "softmax",
        SOFTMAX_HEADS,
        {
            "'sparse_categorical_crossentropy'": _loss("string", "sparse_categorical_crossentropy"),
            "losses.sparse_categorical_crossentropy": _loss(
                "function", "sparse_categorical_crossentropy"
            ),
            "SparseCategoricalCrossentropy()": _loss("class", "SparseCategoricalCrossentropy"),
            "LOSS constant": _loss("constant", "sparse_categorical_crossentropy"),
        },
    ),
    "three classes, one-hot": (
        3,
        "softmax",
        SOFTMAX_HEADS,
        {
            "'categorical_crossentropy'": _loss("string", "categorical_crossentropy"),
            "losses.categorical_crossentropy": _loss("function", "categorical_crossentropy"),
            "CategoricalCrossentropy()": _loss("class", "CategoricalCrossentropy"),
            "LOSS constant": _loss("constant", "categorical_crossentropy"),
        },
    ),
    "regression": (
        1,
        "linear",
        LINEAR_HEADS,
        {
            "'mse'": _loss("string", "mse"),
            "'mean_squared_error'": _loss("string", "mean_squared_error"),
            "MeanSquaredError()": _loss("class", "MeanSquaredError"),
            "losses.mean_squared_error": _loss("function", "mean_squared_error"),
        },
    ),
    "binary logits": (
        1,
        "linear",
        LINEAR_HEADS,
        {
            "BinaryCrossentropy(from_logits=True)": _loss(
                "class from_logits", "BinaryCrossentropy"
            ),
        },
    ),
}


def _good(section, imports, model, form, head_index, units, loss_index) -> Variant:
    n, activation, heads, losses = GOOD_FORMS[form]
    candidates = [h for h in heads if _fits(model, h)]
    head = candidates[head_index % len(candidates)]
    loss = list(losses)[loss_index % len(losses)]
    return Variant(section, imports, model, activation, head, n, units, loss, losses[loss])


def good_variants() -> Iterator[Variant]:
    imports, models, forms = list(IMPORT_STYLES), list(MODEL_STYLES), list(GOOD_FORMS)
    for i, (imp, model) in enumerate(itertools.product(imports, models)):
        yield _good("styles", imp, model, forms[i % 5], i // 5, "literal", i // 25)
    count = itertools.count()
    for model in ("Sequential([...])", "functional"):
        for form, (_, _, heads, losses) in GOOD_FORMS.items():
            for head, loss in itertools.product(range(len(heads)), range(len(losses))):
                if _fits(model, heads[head]):
                    i = next(count)
                    yield _good(
                        "spellings", imports[i % 9], model, form, head, UNITS[i // 9 % 3], loss
                    )
    for i, (units, model) in enumerate(itertools.product(UNITS[1:], models)):
        yield _good("units", imports[(i * 4) % 9], model, forms[i % 5], i, units, i)
    for i, (model, head) in enumerate(itertools.product(models[1:], range(len(SOFTMAX_HEADS)))):
        if model != "functional":
            form = forms[i % 5]
            yield _good("heads", imports[(i * 2) % 9], model, form, head, UNITS[i % 3], i)


BAD = list(bad_variants())
GOOD = list(good_variants())


def test_the_matrix_is_large_and_covers_every_dimension():
    assert len(BAD) >= 60 and len(GOOD) >= 60
    for variants in (BAD, GOOD):
        ids = [v.id for v in variants]
        assert len(set(ids)) == len(ids), "variant ids must be unique"
        pairs = {(v.imports, v.model) for v in variants}
        assert pairs == set(itertools.product(IMPORT_STYLES, MODEL_STYLES))
        assert {(v.units, v.model) for v in variants} >= set(itertools.product(UNITS, MODEL_STYLES))
    assert {(v.head, v.loss) for v in BAD if v.zl101} == set(
        itertools.product(SOFTMAX_HEADS, ALL_BAD_LOSSES)
    )
    assert {v.loss for v in BAD if not v.zl101} == set(BAD_LOSSES)
    assert {(v.model, v.head) for v in BAD if v.zl101} == {
        (model, head)
        for model, head in itertools.product(MODEL_STYLES, SOFTMAX_HEADS)
        if _fits(model, head)
    }
    assert {(v.activation, v.head, v.loss) for v in GOOD} == {
        (activation, head, loss)
        for _, activation, heads, losses in GOOD_FORMS.values()
        for head, loss in itertools.product(heads, losses)
    }


@pytest.mark.parametrize("variant", BAD, ids=[v.id for v in BAD])
def test_bad_variant_yields_exactly_its_markers(variant: Variant):
    code = variant.code()
    expected = markers(code)
    assert expected, "a bad variant must expect a finding"
    found = [(line, c) for line, c in lint(code) if c in MATRIX_CODES]
    assert found == expected, code


@pytest.mark.parametrize("variant", GOOD, ids=[v.id for v in GOOD])
def test_good_variant_yields_nothing(variant: Variant):
    code = variant.code()
    assert markers(code) == []
    assert lint(code) == [], code


# -- builders called more than once: each call is its own model -------------------------

BUILDER_CALLS = {
    "called with 1 and 3": """\
import keras

def build_model(n_outputs, activation="softmax"):
    hidden = keras.layers.Dense(16, activation="relu")
    output = keras.layers.Dense(n_outputs, activation=activation)  # expect: ZL101
    return keras.Sequential([hidden, output])


binary = build_model(1)
binary.compile(loss="categorical_crossentropy")  # expect: ZL102
multi = build_model(3)
multi.compile(loss="categorical_crossentropy")
again = build_model(1)
again.compile(loss="categorical_crossentropy")  # expect: ZL102
""",
    "defaults and keywords": """\
import keras

def build_model(n_outputs=1, loss="categorical_crossentropy"):
    model = keras.Sequential([keras.layers.Dense(n_outputs, activation="sigmoid")])
    model.compile(optimizer="adam", loss=loss)  # expect: ZL102, ZL103
    return model


default = build_model()
wide = build_model(n_outputs=4)
binary = build_model(1, "binary_crossentropy")
""",
    "every call is fine": """\
import keras

def build_model(n_outputs, activation):
    return keras.Sequential([keras.layers.Dense(n_outputs, activation=activation)])


binary = build_model(1, "sigmoid")
binary.compile(loss="binary_crossentropy")
multi = build_model(n_outputs=5, activation="softmax")
multi.compile(loss="categorical_crossentropy")
""",
}


@pytest.mark.parametrize("code", BUILDER_CALLS.values(), ids=BUILDER_CALLS.keys())
def test_each_builder_call_is_its_own_model(code: str):
    assert lint(code) == markers(code)


# -- unknown stays unknown ---------------------------------------------------------------------
#
# Each case would be a ZL101/ZL102 if the unknown value were 1 (or categorical), and must
# yield nothing: the value is decided at run time, outside the file, or by code not seen.

UNKNOWN_UNITS = {
    "sys.argv": ("import sys", "N_OUT = int(sys.argv[1])", "N_OUT"),
    "os.environ": ("import os", 'N_OUT = int(os.environ["N_OUT"])', "N_OUT"),
    "os.environ.get with a default": (
        "import os",
        'N_OUT = int(os.environ.get("N", "1"))',
        "N_OUT",
    ),
    "argparse with a default": (
        "import argparse",
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--units", type=int, default=1)\n'
        "args = parser.parse_args()",
        "args.units",
    ),
    "y.shape[1]": ("", "", "y_train.shape[1]"),
    "a config file": ("import json", 'config = json.load(open("config.json"))', 'config["units"]'),
}


UNKNOWN_UNITS_CASES = {
    f"units from {source}|{model}": Variant(
        "unknown", "import keras", model, "softmax", "string", 1, source,
        "'categorical_crossentropy'", BAD_LOSSES["'categorical_crossentropy'"],
    ).code()
    for source in UNKNOWN_UNITS
    for model in MODEL_STYLES
}  # fmt: skip

ARGS = """\
import argparse
import keras
parser = argparse.ArgumentParser()
parser.add_argument("--loss", default="binary")
parser.add_argument("--small", action="store_true")
args = parser.parse_args()
"""
SIGMOID_MODEL = (
    'model = keras.Sequential([keras.layers.Dense(16, activation="relu"), '
    'keras.layers.Dense(1, activation="sigmoid")])\n'
)
UNKNOWN_CASES = {
    "loss from a dict lookup on input": ARGS
    + 'LOSSES = {"binary": "binary_crossentropy", "multi": "categorical_crossentropy"}\n'
    + SIGMOID_MODEL
    + 'model.compile(optimizer="adam", loss=LOSSES[args.loss])\n',
    "loss from argv": "import sys\n"
    + ARGS
    + SIGMOID_MODEL
    + 'model.compile(optimizer="adam", loss=sys.argv[1])\n',
    "loss from os.environ.get with a categorical default": "import os\n"
    + ARGS
    + SIGMOID_MODEL
    + 'model.compile(loss=os.environ.get("LOSS", "categorical_crossentropy"))\n',
    "loss class looked up by name": "import sys\n"
    + ARGS
    + SIGMOID_MODEL
    + "model.compile(loss=getattr(keras.losses, sys.argv[1])())\n",
    "loss built by an imported factory": ARGS
    + "from mylosses import make_loss\n"
    + SIGMOID_MODEL
    + "model.compile(loss=make_loss(args.loss))\n",
    "keras.models.load_model": ARGS
    + 'model = keras.models.load_model("classifier.keras")\n'
    + 'model.compile(optimizer="adam", loss="categorical_crossentropy")\n',
    "tf.keras.models.load_model": "import tensorflow as tf\n"
    + 'model = tf.keras.models.load_model("classifier.h5")\n'
    + "model.compile(loss=tf.keras.losses.CategoricalCrossentropy())\n",
    "keras.saving.load_model then add": ARGS
    + 'model = keras.saving.load_model("base.keras")\n'
    + 'model.add(keras.layers.Activation("softmax"))\n'
    + 'model.compile(loss="categorical_crossentropy")\n',
    "model from an imported builder": ARGS
    + "from mymodels import build_model\n"
    + "model = build_model(1)\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "model modified by an unknown helper": ARGS
    + "from helpers import add_head\n"
    + "model = keras.Sequential([keras.layers.Dense(16), keras.layers.Dense(1)])\n"
    + "add_head(model)\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "model replaced by an unknown helper": ARGS
    + "import helpers\n"
    + "model = keras.Sequential([keras.layers.Dense(16), keras.layers.Dense(1)])\n"
    + "model = helpers.with_head(model)\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "model chosen at run time": ARGS
    + SIGMOID_MODEL.replace("model =", "small =")
    + 'big = keras.Sequential([keras.layers.Dense(3, activation="softmax")])\n'
    + "model = small if args.small else big\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "model built in a branch on input": ARGS
    + "if args.small:\n"
    + "    model = keras.Sequential([keras.layers.Dense(1)])\n"
    + "else:\n"
    + '    model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])\n'
    + 'model.compile(loss="categorical_crossentropy")\n',
    "add in a loop over an unknown range": ARGS
    + "model = keras.Sequential([keras.layers.Dense(4)])\n"
    + "for _ in range(int(args.loss)):\n"
    + '    model.add(keras.layers.Dense(1, activation="softmax"))\n'
    + 'model.add(keras.layers.Dense(3, activation="softmax"))\n'
    + "for _ in range(int(args.loss)):\n"
    + "    model.add(keras.layers.Dense(1))\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "subclassed model whose call hands the output to unknown code": ARGS
    + "from post import squash\n"
    + "class Net(keras.Model):\n"
    + "    def __init__(self):\n"
    + "        super().__init__()\n"
    + "        self.out = keras.layers.Dense(1)\n"
    + "    def call(self, inputs):\n"
    + "        return squash(self.out(inputs))\n"
    + "model = Net()\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "subclassed model with a width from its constructor argument": ARGS
    + "import sys\n"
    + "class Net(keras.Model):\n"
    + "    def __init__(self, n):\n"
    + "        super().__init__()\n"
    + '        self.out = keras.layers.Dense(n, activation="softmax")\n'
    + "    def call(self, inputs):\n"
    + "        return self.out(inputs)\n"
    + "model = Net(int(sys.argv[1]))\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "builder called with an argument from input": ARGS
    + "import sys\n"
    + "def build_model(n_outputs=1):\n"
    + '    return keras.Sequential([keras.layers.Dense(n_outputs, activation="softmax")])\n'
    + "model = build_model(int(sys.argv[1]))\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
    "units from a layer list built at run time": ARGS
    + "from mylayers import make_layers\n"
    + "model = keras.Sequential(make_layers())\n"
    + 'model.compile(loss="categorical_crossentropy")\n',
}


@pytest.mark.parametrize(
    "code",
    [*UNKNOWN_UNITS_CASES.values(), *UNKNOWN_CASES.values()],
    ids=[*UNKNOWN_UNITS_CASES, *UNKNOWN_CASES],
)
def test_unknown_stays_unknown(code: str):
    assert lint(code) == [], code
