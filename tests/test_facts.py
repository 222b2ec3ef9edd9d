"""The facts layer: every import spelling resolves, and what cannot be known stays unknown."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source
from zerolint.facts.program import Program
from zerolint.facts.values import python_value
from zerolint.inputs.sources import from_text


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
        b = keras.layers.Activation("sigmoid", name="b")(keras.layers.Dense(1, name="d")(h))
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


def test_builder_called_with_arguments_that_set_units():
    assert codes(
        """
        from tensorflow import keras

        def build(n_out, act="softmax"):
            out = keras.layers.Dense(n_out, activation=act)
            return keras.Sequential([keras.layers.Dense(8), out])

        N_CLASSES = 2
        wide = build(3)
        narrow = build(n_out=N_CLASSES - 1)
        narrow.compile(loss="categorical_crossentropy")
        """
    ) == [(5, "ZL101"), (11, "ZL102")]


def test_builder_with_two_returns_is_unknown():
    assert (
        codes(
            """
        from tensorflow import keras

        def build(binary):
            if binary:
                return keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            return keras.Sequential([keras.layers.Dense(4, activation="softmax")])

        model = build(flag)
        model.compile(loss="categorical_crossentropy")
        """
        )
        == []
    )


def test_recursive_and_generator_functions_do_not_hang_or_guess():
    facts = program(
        """
        import keras

        def deep(n):
            return deep(n - 1)

        def batches():
            yield keras.Sequential([keras.layers.Dense(1)])

        model = deep(3)
        other = next(batches())
        """
    ).facts
    assert all(model.kind == "sequential" for model in facts.models)


def test_subclassed_model_with_call():
    facts = program(
        """
        import tensorflow as tf
        from tensorflow import keras

        class Net(keras.Model):
            def __init__(self, units):
                super().__init__()
                self.hidden = keras.layers.Dense(16, activation="relu")
                self.out = keras.layers.Dense(units)

            def call(self, inputs, training=False):
                return tf.nn.softmax(self.out(self.hidden(inputs)))

        net = Net(3)
        net.compile(loss="categorical_crossentropy")
        """
    ).facts
    (model,) = facts.models
    assert model.kind == "subclassed"
    (head,) = facts.compiles[0].heads
    assert (head.units, head.activation) == (3, "softmax")


def test_plain_class_ties_self_model_to_compile():
    facts = program(
        """
        from tensorflow import keras

        class Trainer:
            def __init__(self):
                self.model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])

            def train(self, x, y):
                self.model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
                self.model.fit(x, y)
        """
    ).facts
    (compiled,) = facts.compiles
    assert compiled.model is facts.models[0]
    (fit,) = facts.fits
    assert fit.model is facts.models[0] and fit.compile is compiled


def test_add_in_a_literal_loop_is_unrolled_but_not_with_break():
    facts = program(
        """
        import keras
        known = keras.Sequential()
        for units in [64, 32]:
            known.add(keras.layers.Dense(units))
        for _ in range(2):
            known.add(keras.layers.Dense(8))
        unknown = keras.Sequential()
        for i in range(3):
            unknown.add(keras.layers.Dense(1))
            if i == n:
                break
        """
    ).facts
    known, unknown = facts.models
    assert [layer.units for layer in known.layers] == [64, 32, 8, 8]
    assert known.complete and not unknown.complete


def test_lambda_softmax_is_an_activation():
    assert codes(
        """
        import tensorflow as tf
        m = tf.keras.Sequential([tf.keras.layers.Dense(1), tf.keras.layers.Lambda(tf.nn.softmax)])
        n = tf.keras.Sequential([tf.keras.layers.Dense(1), tf.keras.layers.Lambda(lambda t: t * 2)])
        """
    ) == [(3, "ZL101")]


@pytest.mark.parametrize(
    ("optimizer", "expected"),
    [
        ('"adam"', ("adam", 0.001, False)),
        ('"SGD"', ("sgd", 0.01, False)),
        ("keras.optimizers.Adam(learning_rate=10)", ("adam", 10.0, True)),
        ("keras.optimizers.SGD(lr=LR)", ("sgd", 1e-9, True)),
        ("keras.optimizers.RMSprop(0.5)", ("rmsprop", 0.5, True)),
        ("keras.optimizers.Adam()", ("adam", 0.001, False)),
        (
            "keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(2.0, 100, 0.9))",
            ("adam", 2.0, True),
        ),
        ("keras.optimizers.Adam(learning_rate=rate_from_cli)", ("adam", None, True)),
    ],
)
def test_optimizer_and_learning_rate(optimizer: str, expected: tuple):
    facts = program(
        f"""
        import keras
        LR = 1e-9
        m = keras.Sequential([keras.layers.Dense(1)])
        m.compile(optimizer={optimizer}, loss="mse")
        """
    ).facts
    found = facts.compiles[0].optimizer
    assert (found.name, found.learning_rate, found.explicit) == expected


def test_compile_without_optimizer_uses_keras_default():
    facts = program("import keras\nm = keras.Sequential()\nm.compile(loss='mse')\n").facts
    assert facts.compiles[0].optimizer.name == "rmsprop"


def test_a_builder_called_twice_reports_once():
    assert codes(
        """
        import keras

        def build():
            return keras.Sequential([keras.layers.Dense(1, activation="softmax")])

        a = build()
        b = build()
        """
    ) == [(5, "ZL101")]


def test_input_inside_a_sequential_is_its_input_layer():
    facts = program(
        """
        import keras
        listed = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(2)])
        added = keras.Sequential()
        added.add(keras.Input(shape=(3,)))
        """
    ).facts
    listed, added = facts.models
    first = listed.layers[0]
    assert first.kind == "InputLayer" and python_value(first.arg("shape")) == [8]
    assert [layer.kind for layer in added.layers] == ["InputLayer"]


def test_predict_is_recorded_as_scoring_not_training():
    program = Program(
        cst.parse_module(
            textwrap.dedent(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(loss="mse")
                model.predict(x, 32)
                other.predict(x)
                model.fit(x, y)
                """
            )
        )
    )
    fits = program.facts.fits
    assert [(f.method, f.trains) for f in fits] == [("predict", False), ("fit", True)]
    assert set(fits[0].keywords) == {"x"}  # predict(x, 32): 32 is the batch size, not y


def test_optimizer_uses_tell_model_weights_from_other_variables():
    program = Program(
        cst.parse_module(
            textwrap.dedent(
                """
                import keras
                import tensorflow as tf
                model = keras.Sequential([keras.layers.Dense(1)])
                a = keras.optimizers.Adam()
                b = keras.optimizers.SGD(100.0)
                c = keras.optimizers.Adam()
                model.compile(optimizer=a, loss="mse")
                image = tf.Variable(tf.zeros((1, 8)))
                b.apply_gradients([(grads, image)])
                weights = model.trainable_weights + model.trainable_variables
                c.minimize(loss, var_list=weights)
                """
            )
        )
    )
    uses = [
        (u.optimizer.learning_rate, u.kind, u.trains_model) for u in program.facts.optimizer_uses
    ]
    assert uses == [
        (0.001, "compile", True),
        (100.0, "apply_gradients", False),
        (0.001, "minimize", True),
    ]
