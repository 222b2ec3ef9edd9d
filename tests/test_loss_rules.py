"""ZL103, ZL104, ZL105, ZL107 and ZL108: the loss and the output's activation disagree
(issues 4 and 12).

Each bad case carries ``# expect:`` markers on the lines the findings must point at, and
the test asserts every finding of every rule exactly, so the interplay between the
ZL1xx rules (one mistake, one finding) is checked too. Good cases must yield nothing.
"""

from __future__ import annotations

import pytest
from conftest import lint, markers, message


def codes(code: str) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint(code))


# -- bad: each rule in several API styles ------------------------------------------------------

BAD = {
    # ZL103: categorical loss on several sigmoid units
    "ZL103 Sequential, keras, string loss": """
        import keras
        from keras import layers
        model = keras.Sequential([layers.Dense(8), layers.Dense(3, activation="sigmoid")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL103
        """,
    "ZL103 functional, tf.keras, sparse class": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(4,))
        out = tf.keras.layers.Dense(5, activation=tf.nn.sigmoid)(inputs)
        model = tf.keras.Model(inputs, out)
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy())  # expect: ZL103
        """,
    "ZL103 builder, from-imports, loss function": """
        from tensorflow.keras.layers import Activation, Dense
        from tensorflow.keras.losses import categorical_crossentropy
        from tensorflow.keras.models import Sequential

        def build(n):
            model = Sequential([Dense(16, activation="relu"), Dense(n), Activation("sigmoid")])
            model.compile(optimizer="adam", loss=categorical_crossentropy)  # expect: ZL103
            return model

        model = build(4)
        """,
    "ZL103 subclassed model, focal loss, from_logits=False constant": """
        import keras
        LOGITS = False

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = keras.layers.Dense(16, activation="relu")
                self.out = keras.layers.Dense(6, activation="sigmoid")

            def call(self, inputs):
                return self.out(self.hidden(inputs))

        model = Net()
        loss = keras.losses.CategoricalFocalCrossentropy(from_logits=LOGITS)
        model.compile(loss=loss)  # expect: ZL103
        """,
    # ZL104: from_logits=True on softmax or sigmoid outputs
    "ZL104 Sequential, tf.keras, sparse on softmax": """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
        model.compile(
            optimizer="adam",
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: ZL104
        )
        """,
    "ZL104 functional, keras, binary on sigmoid": """
        import keras
        inputs = keras.Input(shape=(4,))
        out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8)(inputs))
        model = keras.Model(inputs=inputs, outputs=out)
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL104
        """,
    "ZL104 builder, Softmax layer, from_logits through a constant": """
        from keras import layers, losses, models
        FROM_LOGITS = True

        def build(n):
            return models.Sequential([layers.Dense(n), layers.Dropout(0.2), layers.Softmax()])

        model = build(7)
        model.compile(loss=losses.CategoricalCrossentropy(from_logits=FROM_LOGITS))  # expect: ZL104
        """,
    "ZL104 tf_keras, the activation applied as a function": """
        import tensorflow as tf
        import tf_keras
        inputs = tf_keras.Input(shape=(4,))
        out = tf.nn.sigmoid(tf_keras.layers.Dense(3)(inputs))
        model = tf_keras.Model(inputs, out)
        model.compile(loss=tf_keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL104
        """,
    # ZL105: probability loss on logits
    "ZL105 Sequential, keras, binary string": """
        import keras
        model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="binary_crossentropy")  # expect: ZL105
        """,
    "ZL105 functional, tf.keras, sparse function": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(4,))
        logits = tf.keras.layers.Dense(10, activation=None)(inputs)
        model = tf.keras.Model(inputs, logits)
        model.compile(loss=tf.keras.losses.sparse_categorical_crossentropy)  # expect: ZL105
        """,
    "ZL105 builder with arguments, default from_logits class": """
        import keras

        def build(units, activation):
            return keras.Sequential([keras.layers.Dense(units, activation=activation)])

        model = build(3, "linear")
        model.compile(loss=keras.losses.CategoricalCrossentropy())  # expect: ZL105
        """,
    "ZL105 keras 2 standalone, .add, explicit from_logits=False": """
        from keras.layers import Dense
        from keras.losses import BinaryCrossentropy
        from keras.models import Sequential
        model = Sequential()
        model.add(Dense(16, activation="relu"))
        model.add(Dense(4))
        model.compile(loss=BinaryCrossentropy(from_logits=False))  # expect: ZL105
        """,
    "ZL105 subclassed model returning logits": """
        import keras

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.out = keras.layers.Dense(10)

            def call(self, inputs):
                return self.out(inputs)

        model = Net()
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL105
        """,
    # ZL107: binary loss on a softmax of three or more units
    "ZL107 Sequential, keras, string": """
        import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL107
        """,
    "ZL107 functional, tf.keras, class, Activation layer": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(4,))
        scores = tf.keras.layers.Dense(3)(inputs)
        out = tf.keras.layers.Activation("softmax")(scores)
        model = tf.keras.Model(inputs, out)
        model.compile(loss=tf.keras.losses.BinaryCrossentropy())  # expect: ZL107
        """,
    "ZL107 builder, keras 3 function spelling, constant width": """
        from keras import Sequential, activations, layers, losses
        N = 4

        def build():
            return Sequential([layers.Dense(N, activation=activations.softmax)])

        model = build()
        model.compile(loss=losses.binary_crossentropy)  # expect: ZL107
        """,
    "ZL107 focal variant in a loss constant": """
        import keras
        LOSS = "binary_focal_crossentropy"
        model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        model.compile(loss=LOSS)  # expect: ZL107
        """,
}


BAD.update(
    {
        # ZL108: a probability loss on an activation that is not a probability
        "ZL108 Sequential, keras, relu under a string binary loss": """
            import keras
            output = keras.layers.Dense(1, activation="relu")
            model = keras.Sequential([keras.layers.Dense(8), output])
            model.compile(optimizer="adam", loss="binary_crossentropy")  # expect: ZL108
            """,
        "ZL108 functional, tf.keras, tanh by function under a categorical class": """
            import tensorflow as tf
            inputs = tf.keras.Input(shape=(4,))
            out = tf.keras.layers.Dense(3, activation=tf.nn.tanh)(inputs)
            model = tf.keras.Model(inputs, out)
            model.compile(loss=tf.keras.losses.CategoricalCrossentropy())  # expect: ZL108
            """,
        "ZL108 builder, from-imports, softplus under a sparse function": """
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.losses import sparse_categorical_crossentropy
            from tensorflow.keras.models import Sequential

            def build(n):
                model = Sequential([Dense(16, activation="relu"), Dense(n, activation="softplus")])
                model.compile(loss=sparse_categorical_crossentropy)  # expect: ZL108
                return model

            model = build(4)
            """,
        "ZL108 selu Activation layer, focal loss through a constant": """
            import keras
            LOSS = "binary_focal_crossentropy"
            model = keras.Sequential()
            model.add(keras.layers.Dense(2))
            model.add(keras.layers.Activation("selu"))
            model.compile(loss=LOSS)  # expect: ZL108
            """,
    }
)


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    expected = markers(code)
    assert expected
    assert codes(code) == expected


def test_every_rule_is_tested_in_several_api_styles():
    for rule in ("ZL103", "ZL104", "ZL105", "ZL107", "ZL108"):
        assert sum(key.startswith(rule) for key in BAD) >= 4


# -- good: the precision traps -----------------------------------------------------------------

GOOD = {
    "multi-label: N sigmoid units + binary_crossentropy": """
        import keras
        from keras import layers
        model = keras.Sequential([layers.Dense(8), layers.Dense(6, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "multi-label, functional, tf.keras, BCE class": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(4,))
        out = tf.keras.layers.Dense(6, activation="sigmoid")(inputs)
        model = tf.keras.Model(inputs, out)
        model.compile(loss=tf.keras.losses.BinaryCrossentropy())
        """,
    "logits + from_logits=True, categorical": """
        import keras
        model = keras.Sequential([keras.layers.Dense(10)])
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """,
    "logits + from_logits=True through a constant, binary": """
        import tensorflow as tf
        LOGITS = True
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation=None)])
        model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=LOGITS))
        """,
    "multi-label logits + BCE(from_logits=True)": """
        import keras
        model = keras.Sequential([keras.layers.Dense(6)])
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))
        """,
    "2-unit softmax + sparse loss": """
        import keras
        model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        """,
    "2-unit softmax + binary_crossentropy (equals the categorical loss)": """
        import keras
        model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        model.compile(loss="binary_crossentropy")
        """,
    "1-unit sigmoid + BCE": """
        from tensorflow.keras import layers, models
        model = models.Sequential([layers.Dense(4), layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        """,
    "linear output + MSE": """
        import keras
        model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
        model.compile(loss="mse")
        """,
    "sigmoid output + MSE (autoencoder)": """
        import keras
        inputs = keras.Input(shape=(784,))
        code = keras.layers.Dense(32, activation="relu")(inputs)
        decoded = keras.layers.Dense(784, activation="sigmoid")(code)
        autoencoder = keras.Model(inputs, decoded)
        autoencoder.compile(optimizer="adam", loss="mse")
        autoencoder.fit(inputs, inputs)
        """,
    "sigmoid output + BCE (autoencoder)": """
        import keras
        inputs = keras.Input(shape=(784,))
        decoded = keras.layers.Dense(784, activation="sigmoid")(keras.layers.Dense(32)(inputs))
        autoencoder = keras.Model(inputs, decoded)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        """,
    "log_softmax output + from_logits=True": """
        import keras
        model = keras.Sequential([keras.layers.Dense(5, activation="log_softmax")])
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """,
    "softmax + CCE, with a hinge and KLD elsewhere": """
        import keras
        a = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        a.compile(loss="categorical_crossentropy")
        b = keras.Sequential([keras.layers.Dense(3)])
        b.compile(loss="categorical_hinge")
        c = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        c.compile(loss="kl_divergence")
        """,
}

UNKNOWN = {
    "units from the data": """
        import keras
        import numpy as np
        y = np.load("y.npy")
        model = keras.Sequential([keras.layers.Dense(y.shape[1], activation="sigmoid")])
        model.compile(loss="categorical_crossentropy")
        softmaxed = keras.Sequential([keras.layers.Dense(y.shape[1], activation="softmax")])
        softmaxed.compile(loss="binary_crossentropy")
        """,
    "activation from the command line": """
        import sys
        import keras
        model = keras.Sequential([keras.layers.Dense(4, activation=sys.argv[1])])
        model.compile(loss="binary_crossentropy")
        logits = keras.Sequential([keras.layers.Dense(4, activation=sys.argv[2])])
        logits.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """,
    "an unreadable Lambda or a custom layer after the output": """
        import keras
        import tensorflow as tf
        from mylayers import Squash
        squash = keras.layers.Lambda(lambda t: tf.nn.softmax(t))
        a = keras.Sequential([keras.layers.Dense(3), squash])
        a.compile(loss="categorical_crossentropy")
        b = keras.Sequential([keras.layers.Dense(3), Squash()])
        b.compile(loss="binary_crossentropy")
        """,
    "ZL108 traps: relu/tanh outputs under regression losses, hard_sigmoid, relu hidden": """
        import keras
        import tensorflow as tf
        D = keras.layers.Dense
        counts = keras.Sequential([D(8, activation="relu"), D(1, activation="relu")])
        counts.compile(loss="mse")
        inputs = tf.keras.Input(shape=(4,))
        hidden = tf.keras.layers.Dense(8, activation="elu")(inputs)
        angle = tf.keras.layers.Dense(2, activation="tanh")(hidden)
        steering = tf.keras.Model(inputs, angle)
        steering.compile(loss="mae")
        gate = keras.Sequential([D(1, activation="hard_sigmoid")])
        gate.compile(loss="binary_crossentropy")
        deep = keras.Sequential([D(8, activation="selu"), D(3, activation="softmax")])
        deep.compile(loss="sparse_categorical_crossentropy")
        """,
    "an op between the output layer and the model output": """
        import keras
        inputs = keras.Input(shape=(4,))
        out = keras.layers.Dense(3)(inputs) * 2.0
        model = keras.Model(inputs, out)
        model.compile(loss="categorical_crossentropy")
        """,
    "from_logits from the environment": """
        import os
        import keras
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        LOGITS = os.environ["L"] == "1"
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=LOGITS))
        logits = keras.Sequential([keras.layers.Dense(3)])
        logits.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=LOGITS))
        """,
    "from_logits positional or through **kwargs": """
        import keras
        OPTIONS = load_options()  # noqa: F821
        a = keras.Sequential([keras.layers.Dense(3)])
        a.compile(loss=keras.losses.CategoricalCrossentropy(True))
        b = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        b.compile(loss=keras.losses.CategoricalCrossentropy(**OPTIONS))
        c = keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])
        c.compile(loss=keras.losses.CategoricalCrossentropy(0.0, **OPTIONS))
        """,
    "a custom loss function": """
        import keras

        def my_loss(y_true, y_pred):
            return keras.ops.mean(keras.ops.square(y_true - y_pred))

        model = keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])
        model.compile(loss=my_loss)
        """,
    "a model loaded from disk": """
        import keras
        model = keras.models.load_model("model.keras")
        model.compile(loss="binary_crossentropy")
        """,
}


@pytest.mark.parametrize("code", [*GOOD.values(), *UNKNOWN.values()], ids=[*GOOD, *UNKNOWN])
def test_good_and_unknown_cases_yield_nothing(code: str):
    assert codes(code) == []


# -- multi-output models: each head against its own loss ---------------------------------------

HEADS = """
    import keras
    inputs = keras.Input(shape=(8,))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    kind = keras.layers.Dense(4, activation="softmax", name="kind")(hidden)
    tags = keras.layers.Dense(6, activation="sigmoid", name="tags")(hidden)
    score = keras.layers.Dense(1, name="score")(hidden)
    model = keras.Model(inputs, [kind, tags, score])
"""

MULTI_OUTPUT = {
    "dict, every head right": HEADS
    + """
    model.compile(
        loss={
            "kind": "categorical_crossentropy",
            "tags": "binary_crossentropy",
            "score": "mse",
        },
    )
    """,
    "list, every head right": HEADS
    + """
    model.compile(
        loss=[
            "sparse_categorical_crossentropy",
            keras.losses.BinaryCrossentropy(),
            keras.losses.BinaryCrossentropy(from_logits=True),
        ],
    )
    """,
    "dict, only the sigmoid head has a categorical loss": HEADS
    + """
    model.compile(
        loss={
            "kind": "categorical_crossentropy",
            "tags": "categorical_crossentropy",  # expect: ZL103
            "score": "mse",
        },
    )
    """,
    "dict, only the logits head has a probability loss": HEADS
    + """
    model.compile(
        loss={
            "kind": "categorical_crossentropy",
            "tags": "binary_crossentropy",
            "score": "binary_crossentropy",  # expect: ZL105
        },
    )
    """,
    "list, only the softmax head has from_logits=True": HEADS
    + """
    model.compile(
        loss=[
            keras.losses.CategoricalCrossentropy(from_logits=True),  # expect: ZL104
            "binary_crossentropy",
            "mse",
        ],
    )
    """,
    "list, only the softmax head has a binary loss": HEADS
    + """
    model.compile(
        loss=[
            "binary_crossentropy",  # expect: ZL107
            "binary_crossentropy",
            "mse",
        ],
    )
    """,
    "dict, two heads wrong in two ways": HEADS
    + """
    model.compile(
        loss={
            "kind": "binary_crossentropy",  # expect: ZL107
            "tags": "categorical_crossentropy",  # expect: ZL103
            "score": "mse",
        },
    )
    """,
    "one loss for every head: one finding for the loss, not one per head": """
    import keras
    inputs = keras.Input(shape=(8,))
    a = keras.layers.Dense(3, name="a")(inputs)
    b = keras.layers.Dense(5, name="b")(inputs)
    model = keras.Model(inputs, [a, b])
    model.compile(loss="categorical_crossentropy")  # expect: ZL105
    """,
    "a dict that names no head is not judged": HEADS
    + """
    model.compile(loss={"other": "categorical_crossentropy"})
    """,
}


@pytest.mark.parametrize("code", MULTI_OUTPUT.values(), ids=MULTI_OUTPUT.keys())
def test_each_head_is_judged_against_its_own_loss(code: str):
    assert codes(code) == markers(code)


def test_the_wrong_head_is_the_one_named():
    code = MULTI_OUTPUT["dict, only the sigmoid head has a categorical loss"]
    text = message(code, "ZL103")
    assert "6-unit sigmoid output (Dense(6) at line 6)" in text


# -- interplay: one mistake, one finding -------------------------------------------------------

INTERPLAY = {
    "categorical loss on one linear unit: ZL102 alone, not ZL105": """
        import keras
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss="categorical_crossentropy")  # expect: ZL102
        """,
    "categorical from_logits=True on one sigmoid unit: ZL102 alone, not ZL104": """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # expect: ZL102
        """,
    "categorical from_logits=True on a 1-unit softmax: ZL101 and ZL102": """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # expect: ZL101
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # expect: ZL102
        """,
    "binary from_logits=True on a 1-unit softmax: ZL101 and ZL104": """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # expect: ZL101
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL104
        """,
    "categorical from_logits=True on sigmoid units: ZL104 alone, not ZL103": """
        import keras
        model = keras.Sequential([keras.layers.Dense(4, activation="sigmoid")])
        model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # expect: ZL104
        """,
    "binary from_logits=True on a 10-unit softmax: ZL104 alone, not ZL107": """
        import keras
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL104
        """,
    "a builder called twice reports its one compile once per rule": """
        import keras

        def build(n, activation):
            model = keras.Sequential([keras.layers.Dense(n, activation=activation)])
            model.compile(loss="categorical_crossentropy")  # expect: ZL103
            return model

        a = build(3, "sigmoid")
        b = build(5, "sigmoid")
        c = build(5, "softmax")
        """,
}


INTERPLAY.update(
    {
        "a relu output with from_logits=True is not ZL108's (nor ZL105's)": """
            import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="relu")])
            model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))
            """,
        "categorical loss on one relu unit: ZL102 alone": """
            import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="relu")])
            model.compile(loss="categorical_crossentropy")  # expect: ZL102
            """,
        "linear output: ZL105, not ZL108": """
            import keras
            model = keras.Sequential([keras.layers.Dense(3, activation="linear")])
            model.compile(loss="categorical_crossentropy")  # expect: ZL105
            """,
    }
)


@pytest.mark.parametrize("code", INTERPLAY.values(), ids=INTERPLAY.keys())
def test_one_mistake_one_finding(code: str):
    assert codes(code) == markers(code)


# -- messages: the evidence and the fix ---------------------------------------------------------


def test_zl108_message_fits_each_activation():
    relu = message(BAD["ZL108 Sequential, keras, relu under a string binary loss"], "ZL108")
    assert "applies relu, whose values lie in [0, inf)" in relu
    assert 'use activation="sigmoid" on the output' in relu and "from_logits=True would not" in relu
    tanh = message(
        BAD["ZL108 functional, tf.keras, tanh by function under a categorical class"], "ZL108"
    )
    assert "(-1, 1)" in tanh and "which a row of tanh scores can make 0 or negative" in tanh
    assert 'use activation="softmax"' in tanh
    softplus = message(
        BAD["ZL108 builder, from-imports, softplus under a sparse function"], "ZL108"
    )
    assert "(0, inf)" in softplus and "every score above 1 is clipped" in softplus


def test_zl103_message_names_loss_and_output_and_ends_with_the_fix():
    text = message(BAD["ZL103 Sequential, keras, string loss"], "ZL103")
    assert text.startswith(
        "categorical_crossentropy (line 5) on a 3-unit sigmoid output (Dense(3) at line 4)"
    )
    assert text.endswith("or binary_crossentropy to keep the sigmoid for multi-label targets")


def test_zl103_message_cites_a_separate_activation_layer():
    text = message(BAD["ZL103 builder, from-imports, loss function"], "ZL103")
    assert "(Dense(4) at line 7, sigmoid at line 7)" in text


def test_zl104_message_says_keras_may_correct_it_and_where_it_does_not():
    text = message(BAD["ZL104 Sequential, tf.keras, sparse on softmax"], "ZL104")
    assert text.startswith(
        "sparse_categorical_crossentropy with from_logits=True (line 6) on a softmax output "
        "(Dense(10) at line 3)"
    )
    assert "Keras 3's fit silently corrects some of these cases" in text
    assert "custom training loops" in text and "any op after the softmax" in text
    assert text.endswith("drop from_logits=True, or remove the softmax so the output is logits")


@pytest.mark.parametrize(
    "key",
    [
        "categorical from_logits=True on sigmoid units: ZL104 alone, not ZL103",
        "binary from_logits=True on a 10-unit softmax: ZL104 alone, not ZL107",
        "binary from_logits=True on a 1-unit softmax: ZL101 and ZL104",
    ],
)
def test_zl104_suggests_only_the_fix_that_leaves_a_correct_pair(key: str):
    text = message(INTERPLAY[key], "ZL104")
    assert "drop from_logits" not in text
    assert text.endswith("so the output is logits")


def test_zl105_message_names_the_loss_class_fix():
    text = message(BAD["ZL105 functional, tf.keras, sparse function"], "ZL105")
    assert text.startswith(
        "sparse_categorical_crossentropy (line 6) expects probabilities, but the output "
        "(Dense(10) at line 4) has no activation"
    )
    assert text.endswith(
        "pass from_logits=True (SparseCategoricalCrossentropy(from_logits=True)) or add a "
        "softmax activation to the output"
    )
    binary = message(BAD["ZL105 Sequential, keras, binary string"], "ZL105")
    assert binary.endswith("or add a sigmoid activation to the output")


def test_zl107_message_names_the_width_and_both_fixes():
    text = message(BAD["ZL107 functional, tf.keras, class, Activation layer"], "ZL107")
    assert text.startswith(
        "binary_crossentropy (line 7) on a 3-unit softmax output "
        "(Dense(3) at line 4, softmax at line 5)"
    )
    assert text.endswith("or a sigmoid output for multi-label targets")


def test_every_finding_has_help():
    for code in BAD.values():
        assert all(d.help for d in lint(code))


def test_layers_added_between_compile_and_fit_count():
    """Keras trains the model as it is at fit time, not as it was at compile time."""
    assert (
        codes(
            """
            import keras
            m = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
            m.compile(optimizer="adam", loss="binary_crossentropy")
            m.add(keras.layers.Activation("sigmoid"))
            m.fit(x, y)
            """
        )
        == []
    )


def test_from_logits_given_by_position_is_read():
    assert codes(
        """
        import keras
        m = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        m.compile(loss=keras.losses.CategoricalCrossentropy(True))
        """
    ) == [(4, "ZL104")]
