"""The facts layer: every import spelling resolves, and what cannot be known stays unknown."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from zerolint.engine import lint_source
from zerolint.facts.program import Program
from zerolint.registry import all_rules
from zerolint.sources import from_text


def codes(code: str) -> list[tuple[int, str]]:
    source = from_text(textwrap.dedent(code), "snippet.py")
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    return sorted((d.line, d.code) for d in diagnostics)


def program(code: str) -> Program:
    return Program(cst.parse_module(textwrap.dedent(code)))


SPELLINGS = {
    "tf.keras": "import tensorflow as tf\nD = tf.keras.layers.Dense\nS = tf.keras.Sequential",
    "keras": "import keras\nD = keras.layers.Dense\nS = keras.Sequential",
    "from tensorflow.keras.layers": (
        "from tensorflow.keras.layers import Dense as D\n"
        "from tensorflow.keras import Sequential as S"
    ),
    "from keras import layers": "from keras import layers, models\n"
    "D = layers.Dense\nS = models.Sequential",
    "import ... as L": "import tensorflow.keras.layers as L\nimport tensorflow.keras.models as M\n"
    "D = L.Dense\nS = M.Sequential",
    "from tensorflow import keras": "from tensorflow import keras\nD = keras.layers.Dense\n"
    "S = keras.models.Sequential",
    "keras 2 standalone": "from keras.models import Sequential as S\n"
    "from keras.layers import Dense as D",
    "tf_keras": "import tf_keras\nD = tf_keras.layers.Dense\nS = tf_keras.Sequential",
    "star import": "from tensorflow.keras.layers import *\nfrom tensorflow.keras.models import *\n"
    "D = Dense\nS = Sequential",
    "try/except import": "try:\n    from tensorflow import keras\nexcept ImportError:\n"
    "    import keras\nD = keras.layers.Dense\nS = keras.Sequential",
}


@pytest.mark.parametrize("prelude", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_every_import_spelling_is_one_api(prelude: str):
    source = prelude + '\nmodel = S([D(4), D(1, activation="softmax")])\n'
    source += 'model.compile(loss="categorical_crossentropy")\n'
    lines = source.count("\n")
    assert codes(source) == [(lines - 1, "ZL101"), (lines, "ZL102")]


def test_sequential_add_keeps_order_and_pop_removes():
    facts = program(
        """
        from keras import Sequential, layers
        m = Sequential()
        m.add(layers.Dense(8))
        m.add(layers.Dense(1))
        m.add(layers.Dense(3, activation="softmax"))
        m.pop()
        """
    ).facts
    (model,) = facts.models
    assert [layer.units for layer in model.layers] == [8, 1]
    (head,) = model.heads
    assert head.units == 1 and head.activation == "linear"


def test_functional_model_with_several_heads():
    facts = program(
        """
        import keras
        inputs = keras.Input(shape=(4,))
        h = keras.layers.Dense(8, activation="relu")(inputs)
        a = keras.layers.Dense(3, activation="softmax", name="a")(h)
        b = keras.layers.Activation("sigmoid")(keras.layers.Dense(1, name="b")(h))
        model = keras.Model(inputs=inputs, outputs=[a, b])
        """
    ).facts
    (model,) = facts.models
    a, b = model.heads
    assert (a.units, a.activation, a.name) == (3, "softmax", "a")
    assert (b.units, b.activation, b.name) == (1, "sigmoid", "b")


def test_compile_and_fit_are_tied_to_their_model():
    facts = program(
        """
        import tensorflow as tf
        first = tf.keras.Sequential([tf.keras.layers.Dense(2)])
        second = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        second.compile("adam", loss="mse", metrics=["mae"])
        first.fit(x, y, epochs=3)
        """
    ).facts
    first, second = facts.models
    (compile_call,) = facts.compiles
    assert compile_call.model is second
    (fit,) = facts.fits
    assert fit.model is first and fit.method == "fit"


def test_models_built_inside_functions_are_analysed():
    assert codes(
        """
        from tensorflow import keras

        def build():
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            return model
        """
    ) == [(5, "ZL101"), (6, "ZL102")]


UNKNOWN_CASES = {
    "add in a branch": """
        import keras
        m = keras.Sequential([keras.layers.Dense(3)])
        if wide:
            m.add(keras.layers.Dense(1))
        m.add(keras.layers.Softmax())
        m.compile(loss="categorical_crossentropy")
        """,
    "units from the data": """
        import keras
        m = keras.Sequential([keras.layers.Dense(y.shape[1], activation="softmax")])
        m.compile(loss="categorical_crossentropy")
        """,
    "name reassigned in one branch": """
        import keras
        units = 1
        if multi:
            units = 5
        m = keras.Sequential([keras.layers.Dense(units, activation="softmax")])
        m.compile(loss="categorical_crossentropy")
        """,
    "model handed to unknown code": """
        import keras
        from helpers import add_head
        m = keras.Sequential([keras.layers.Dense(1)])
        add_head(m)
        m.add(keras.layers.Softmax())
        """,
    "layer changed after construction": """
        import keras
        out = keras.layers.Dense(1, activation="softmax")
        out.activation = keras.activations.sigmoid
        m = keras.Sequential([out])
        """,
    "custom layer at the end": """
        import keras
        from mylayers import Head
        m = keras.Sequential([keras.layers.Dense(1, activation="softmax"), Head()])
        m.compile(loss="categorical_crossentropy")
        """,
    "layers list mutated": """
        import keras
        stack = [keras.layers.Dense(1, activation="softmax")]
        stack.append(keras.layers.Dense(4))
        m = keras.Sequential(stack)
        """,
    "not keras": """
        from mylib import Dense, Sequential
        m = Sequential([Dense(1, activation="softmax")])
        m.compile(loss="categorical_crossentropy")
        """,
}


@pytest.mark.parametrize("code", UNKNOWN_CASES.values(), ids=UNKNOWN_CASES.keys())
def test_unknown_stays_unknown_and_rules_stay_silent(code: str):
    assert codes(code) == []


def test_freezing_layers_does_not_hide_the_model():
    assert codes(
        """
        import keras
        m = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1, activation="softmax")])
        m.layers[0].trainable = False
        """
    ) == [(3, "ZL101")]


def test_a_function_that_changes_a_global_model_makes_it_unknown():
    assert (
        codes(
            """
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])

        def add_softmax():
            model.add(keras.layers.Softmax())
        """
        )
        == []
    )
