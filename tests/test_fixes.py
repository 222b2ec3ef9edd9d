"""The rules' fixes (issue 7): exact edits that keep the rest of the file byte for byte.

Each case is a snippet, the text one fix replaces and what it writes instead: the fixed
file must be the snippet with exactly that replacement, still parse, and no longer yield
the finding. The ambiguous cases (a loss or activation from a variable, a builder called
with different arguments, a loss shared by outputs that disagree) must carry no fix.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from conftest import lint

from zerolint.checks.registry import all_rules, rule_by_code
from zerolint.diagnostics import SAFE, UNSAFE
from zerolint.engine.lint import lint_source
from zerolint.fix.fixing import apply_fixes
from zerolint.inputs.sources import from_text
from zerolint.rules.catalog import doc_sections, documentation

CATALOG = Path(__file__).resolve().parents[1] / "rules"
FIXED_RULES = {
    "ZL101": UNSAFE,
    "ZL104": UNSAFE,
    "ZL105": UNSAFE,
    "ZL108": UNSAFE,
    "ZL201": UNSAFE,
    "ZL202": UNSAFE,
    "ZL502": SAFE,
}


def fixed(code: str, rule: str) -> str:
    """The snippet with the fix of every finding of ``rule`` applied (each must have one)."""
    found = [d for d in lint(code) if d.code == rule]
    assert found, f"no {rule} finding"
    assert all(d.fix is not None for d in found), [d.message for d in found if d.fix is None]
    assert {d.fix.applicability for d in found} == {FIXED_RULES[rule]}
    result, applied = apply_fixes(code, [d.fix for d in found])
    assert len(applied) == len(found)
    return result


def parses(code: str) -> None:
    compile(code, "<fixed>", "exec")
    cst.parse_module(code)


def fix_case(rule: str, before: str, old: str, new: str) -> tuple[str, str, str, str]:
    return rule, textwrap.dedent(before), old, new


# (rule, snippet, text the fix replaces, its replacement): the fixed file is the snippet
# with that one replacement, the rest byte for byte.
CASES = {
    # ZL502: log(softmax(x)) -> log_softmax(x), in the softmax's own module
    "ZL502 tf.math.log of tf.nn.softmax, comments around": fix_case(
        "ZL502",
        """
        import tensorflow as tf

        def cross_entropy(y_true, logits):  # hand-written
            # sum over classes
            return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits)), axis=-1)
        """,
        "tf.math.log(tf.nn.softmax(logits))",
        "tf.nn.log_softmax(logits)",
    ),
    "ZL502 keras.ops keeps the axis": fix_case(
        "ZL502",
        """
        import keras

        def log_probabilities(scores):
            return keras.ops.log(keras.ops.softmax(scores,   axis=-1))
        """,
        "keras.ops.log(keras.ops.softmax(scores,   axis=-1))",
        "keras.ops.log_softmax(scores,   axis=-1)",
    ),
    "ZL502 from keras import ops": fix_case(
        "ZL502",
        """
        from keras import ops

        def log_probabilities(scores):
            return ops.log(ops.softmax(scores))
        """,
        "ops.log(ops.softmax(scores))",
        "ops.log_softmax(scores)",
    ),
    "ZL502 numpy log of scipy softmax": fix_case(
        "ZL502",
        """
        import numpy as np
        import scipy.special
        import tensorflow as tf

        logits = np.random.normal(size=(8, 5))
        log_p = np.log(scipy.special.softmax(logits, axis=1))
        """,
        "np.log(scipy.special.softmax(logits, axis=1))",
        "scipy.special.log_softmax(logits, axis=1)",
    ),
    "ZL502 parenthesised, tf.math.softmax": fix_case(
        "ZL502",
        """
        import tensorflow as tf

        def loss(y_true, logits):
            return -(tf.math.log(tf.math.softmax(logits))) * y_true
        """,
        "(tf.math.log(tf.math.softmax(logits)))",
        "(tf.math.log_softmax(logits))",
    ),
    # ZL108: the output's activation string made the one the loss expects
    "ZL108 relu output under a binary loss": fix_case(
        "ZL108",
        """
        import keras

        hidden = keras.layers.Dense(8, activation="relu")
        model = keras.Sequential([hidden, keras.layers.Dense(1, activation='relu')])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        """,
        "activation='relu')])",
        "activation='sigmoid')])",
    ),
    "ZL108 tanh Activation layer under a categorical loss": fix_case(
        "ZL108",
        """
        import tensorflow as tf

        model = tf.keras.Sequential()
        model.add(tf.keras.layers.Dense(4))
        model.add(tf.keras.layers.Activation("tanh"))
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy())
        """,
        '"tanh"',
        '"softmax"',
    ),
    # ZL105: from_logits=True on a probability loss over logits
    "ZL105 string loss, from tensorflow import keras": fix_case(
        "ZL105",
        """
        from tensorflow import keras

        model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
        model.compile(optimizer="adam",
                      loss = 'binary_crossentropy' ,  # odd spacing
                      metrics=["accuracy"])
        """,
        "'binary_crossentropy'",
        "keras.losses.BinaryCrossentropy(from_logits=True)",
    ),
    "ZL105 string loss, only import tensorflow as tf": fix_case(
        "ZL105",
        """
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
        model.compile(loss="categorical_crossentropy")  # logits
        """,
        '"categorical_crossentropy"',
        "tf.keras.losses.CategoricalCrossentropy(from_logits=True)",
    ),
    "ZL105 string loss, from keras import losses": fix_case(
        "ZL105",
        """
        import tensorflow as tf
        from keras import layers, losses, models

        model = models.Sequential([layers.Dense(4)])
        model.compile(loss="sparse_categorical_crossentropy")
        """,
        '"sparse_categorical_crossentropy"',
        "losses.SparseCategoricalCrossentropy(from_logits=True)",
    ),
    "ZL105 string loss, the class imported by name": fix_case(
        "ZL105",
        """
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.losses import BinaryCrossentropy
        from tensorflow.keras.models import Sequential

        model = Sequential([Dense(1)])
        model.compile(loss="binary_crossentropy")
        """,
        '"binary_crossentropy"',
        "BinaryCrossentropy(from_logits=True)",
    ),
    "ZL105 string loss, keras and tf.keras in one file: the model's": fix_case(
        "ZL105",
        """
        import keras
        import tensorflow as tf

        dataset = tf.data.Dataset.range(3)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(loss="binary_crossentropy")
        other = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        """,
        '"binary_crossentropy"',
        "tf.keras.losses.BinaryCrossentropy(from_logits=True)",
    ),
    "ZL105 class loss keeps its arguments": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1, activation=None)])
        model.compile(loss=keras.losses.BinaryCrossentropy(label_smoothing=0.1))
        """,
        "keras.losses.BinaryCrossentropy(label_smoothing=0.1)",
        "keras.losses.BinaryCrossentropy(label_smoothing=0.1, from_logits=True)",
    ),
    "ZL105 class loss over lines with a trailing comma": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(4)])
        model.compile(
            loss=keras.losses.CategoricalCrossentropy(
                label_smoothing=0.1,  # smooth
            ),
        )
        """,
        "label_smoothing=0.1,  # smooth\n    ",
        "label_smoothing=0.1,  # smooth\n        from_logits=True,\n    ",
    ),
    "ZL105 class loss with from_logits=False written": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=keras.losses.BinaryFocalCrossentropy(gamma=2.0, from_logits=False))
        """,
        "from_logits=False",
        "from_logits=True",
    ),
    "ZL105 class loss with from_logits given by position": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=keras.losses.BinaryCrossentropy(False, 0.05))
        """,
        "(False, 0.05)",
        "(True, 0.05)",
    ),
    "ZL105 function reference, functional tf.keras": fix_case(
        "ZL105",
        """
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(8,))
        logits = tf.keras.layers.Dense(10, activation=None)(inputs)
        model = tf.keras.Model(inputs=inputs, outputs=logits)
        model.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy)
        """,
        "tf.keras.losses.sparse_categorical_crossentropy",
        "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
    ),
    "ZL105 function imported by name, import keras": fix_case(
        "ZL105",
        """
        import keras
        from keras.losses import binary_crossentropy

        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=binary_crossentropy)
        """,
        "loss=binary_crossentropy",
        "loss=keras.losses.BinaryCrossentropy(from_logits=True)",
    ),
    "ZL105 per-output list: only the logits head's loss": fix_case(
        "ZL105",
        """
        import keras
        from keras import layers

        shared = keras.Input(shape=(8,))
        features = layers.Dense(16, activation="relu")(shared)
        kind = layers.Dense(4, activation="softmax", name="kind")(features)
        score = layers.Dense(1, name="score")(features)
        heads = keras.Model(shared, [kind, score])
        heads.compile(
            optimizer="adam",
            loss=[
                "binary_crossentropy" if False else "categorical_crossentropy",
                "binary_crossentropy",
            ],
        )
        """,
        '        "binary_crossentropy",\n',
        "        keras.losses.BinaryCrossentropy(from_logits=True),\n",
    ),
    "ZL105 per-output dict": fix_case(
        "ZL105",
        """
        import keras
        from keras import layers

        shared = keras.Input(shape=(8,))
        kind = layers.Dense(4, activation="softmax", name="kind")(shared)
        score = layers.Dense(1, name="score")(shared)
        heads = keras.Model(shared, [kind, score])
        heads.compile(loss={"kind": "categorical_crossentropy", "score": "binary_crossentropy"})
        """,
        '"score": "binary_crossentropy"',
        '"score": keras.losses.BinaryCrossentropy(from_logits=True)',
    ),
    "ZL105 non-ASCII before the loss on its line": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1)])
        name = "modèle ✓"; model.compile(loss="binary_crossentropy")  # für
        """,
        '"binary_crossentropy"',
        "keras.losses.BinaryCrossentropy(from_logits=True)",
    ),
    "ZL105 tab indent, one-line trailing comma": fix_case(
        "ZL105",
        """
        import keras

        if True:
        \tmodel = keras.Sequential([keras.layers.Dense(1)])
        \tmodel.compile(loss=keras.losses.BinaryCrossentropy(label_smoothing=0.1,))
        """,
        "(label_smoothing=0.1,)",
        "(label_smoothing=0.1, from_logits=True,)",
    ),
    "ZL105 parenthesised loss call": fix_case(
        "ZL105",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=((keras.losses.BinaryCrossentropy( ))))
        """,
        "BinaryCrossentropy( )",
        "BinaryCrossentropy( from_logits=True)",
    ),
    # ZL104: drop from_logits=True on a probability output
    "ZL104 the only argument": fix_case(
        "ZL104",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))  # oops
        """,
        "BinaryCrossentropy(from_logits=True)",
        "BinaryCrossentropy()",
    ),
    "ZL104 the last of two arguments": fix_case(
        "ZL104",
        """
        import tensorflow as tf

        model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy(axis=-1, from_logits=True))
        """,
        "(axis=-1, from_logits=True)",
        "(axis=-1)",
    ),
    "ZL104 the first of two arguments, one per line": fix_case(
        "ZL104",
        """
        import keras

        inputs = keras.Input(shape=(8,))
        outputs = keras.layers.Dense(3, activation="softmax")(inputs)
        model = keras.Model(inputs, outputs)
        model.compile(
            loss=keras.losses.SparseCategoricalCrossentropy(
                from_logits=True,  # wrong
                ignore_class=None,
            ),
        )
        """,
        "from_logits=True,  # wrong\n        ",
        "",
    ),
    "ZL104 the last argument, one per line": fix_case(
        "ZL104",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(
            loss=keras.losses.CategoricalCrossentropy(
                label_smoothing=0.1,
                from_logits=True,
            ),
        )
        """,
        "label_smoothing=0.1,\n        from_logits=True,\n",
        "label_smoothing=0.1,\n",
    ),
    "ZL104 given by position": fix_case(
        "ZL104",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss=keras.losses.BinaryCrossentropy(True))
        """,
        "BinaryCrossentropy(True)",
        "BinaryCrossentropy(False)",
    ),
    # ZL101: softmax over one unit with binary cross-entropy -> sigmoid
    "ZL101 string activation keeps single quotes": fix_case(
        "ZL101",
        """
        import tensorflow as tf

        model = tf.keras.Sequential([
            tf.keras.layers.Dense(16, activation='relu'),
            tf.keras.layers.Dense(1, activation='softmax'),  # the output
        ])
        model.compile(optimizer='adam', loss='binary_crossentropy')
        """,
        "activation='softmax'",
        "activation='sigmoid'",
    ),
    "ZL101 Activation layer after the output": fix_case(
        "ZL101",
        """
        from tensorflow.keras.layers import Activation, Dense
        from tensorflow.keras.models import Sequential

        model = Sequential()
        model.add(Dense(1))
        model.add(Activation("softmax"))
        model.compile(loss="binary_crossentropy")
        """,
        'Activation("softmax")',
        'Activation("sigmoid")',
    ),
    "ZL101 activation function, functional API": fix_case(
        "ZL101",
        """
        import tensorflow as tf

        inputs = tf.keras.Input(shape=(8,))
        outputs = tf.keras.layers.Dense(1, activation=tf.nn.softmax)(inputs)
        model = tf.keras.Model(inputs=inputs, outputs=outputs)
        model.compile(loss=tf.keras.losses.BinaryCrossentropy())
        """,
        "tf.nn.softmax",
        "tf.nn.sigmoid",
    ),
    "ZL101 keras.activations.softmax": fix_case(
        "ZL101",
        """
        import keras

        model = keras.Sequential([keras.layers.Dense(1, activation=keras.activations.softmax)])
        model.compile(loss=keras.losses.binary_crossentropy)
        """,
        "keras.activations.softmax",
        "keras.activations.sigmoid",
    ),
    "ZL101 builder called once, with one unit": fix_case(
        "ZL101",
        """
        import keras

        def build(units):
            model = keras.Sequential([keras.layers.Dense(units, activation="softmax")])
            model.compile(loss="binary_crossentropy")
            return model

        one = build(1)
        """,
        '"softmax"',
        '"sigmoid"',
    ),
    "ZL101 Softmax layer": fix_case(
        "ZL101",
        """
        import keras
        from keras import layers

        model = keras.Sequential([layers.Dense(1), layers.Dropout(0.1), layers.Softmax()])
        model.compile(optimizer="sgd", loss="binary_crossentropy")
        """,
        "layers.Softmax()",
        'layers.Activation("sigmoid")',
    ),
    "ZL101 Softmax layer keeps its name": fix_case(
        "ZL101",
        """
        import keras

        inputs = keras.Input(shape=(8,))
        score = keras.layers.Softmax(axis=-1, name="score")(keras.layers.Dense(1)(inputs))
        model = keras.Model(inputs, score)
        model.compile(loss={"score": "binary_crossentropy"})
        """,
        'keras.layers.Softmax(axis=-1, name="score")',
        'keras.layers.Activation("sigmoid", name="score")',
    ),
    "ZL101 Softmax imported by name, single-quoted file": fix_case(
        "ZL101",
        """
        from tensorflow.keras.layers import Activation, Dense, Softmax
        from tensorflow.keras.models import Sequential

        model = Sequential([Dense(1), Softmax(axis=-1)])
        model.compile(loss='binary_crossentropy')
        """,
        "Softmax(axis=-1)",
        "Activation('sigmoid')",
    ),
    # ZL201: sparse loss with one-hot labels -> categorical
    "ZL201 string loss": fix_case(
        "ZL201",
        """
        import keras
        import numpy as np

        y = keras.utils.to_categorical(np.random.randint(0, 3, size=64), num_classes=3)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss='sparse_categorical_crossentropy')
        model.fit(np.random.rand(64, 8), y)
        """,
        "'sparse_categorical_crossentropy'",
        "'categorical_crossentropy'",
    ),
    "ZL201 class loss keeps from_logits": fix_case(
        "ZL201",
        """
        import numpy as np
        import tensorflow as tf

        labels = np.random.randint(0, 3, size=64)
        inputs = tf.keras.Input(shape=(8,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(3)(inputs))
        model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        model.fit(np.random.rand(64, 8), tf.one_hot(labels, depth=3))
        """,
        "SparseCategoricalCrossentropy(from_logits=True)",
        "CategoricalCrossentropy(from_logits=True)",
    ),
    "ZL201 function reference in a builder": fix_case(
        "ZL201",
        """
        import keras
        import numpy as np
        import pandas as pd

        frame = pd.DataFrame({"species": ["a", "b", "c", "a"]})

        def build(n_classes):
            net = keras.Sequential([keras.layers.Dense(n_classes, activation="softmax")])
            net.compile(loss=keras.losses.sparse_categorical_crossentropy)
            return net

        built = build(3)
        built.fit(np.random.rand(4, 8), pd.get_dummies(frame["species"]).values)
        """,
        "keras.losses.sparse_categorical_crossentropy",
        "keras.losses.categorical_crossentropy",
    ),
    "ZL201 class imported by name": fix_case(
        "ZL201",
        """
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras.losses import SparseCategoricalCrossentropy

        y = keras.utils.to_categorical(np.random.randint(0, 3, size=64), num_classes=3)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=SparseCategoricalCrossentropy())
        model.fit(np.random.rand(64, 8), y)
        """,
        "SparseCategoricalCrossentropy())",
        "keras.losses.CategoricalCrossentropy())",
    ),
    # ZL202: categorical loss with integer labels -> sparse
    "ZL202 string loss": fix_case(
        "ZL202",
        """
        import keras
        import numpy as np

        y = np.random.randint(0, 3, size=64)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")  # labels are indices
        model.fit(np.random.rand(64, 8), y)
        """,
        '"categorical_crossentropy"',
        '"sparse_categorical_crossentropy"',
    ),
    "ZL202 class loss keeps its arguments": fix_case(
        "ZL202",
        """
        import numpy as np
        import tensorflow as tf

        y = np.random.randint(0, 4, size=64)
        model = tf.keras.Sequential([tf.keras.layers.Dense(4)])
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True, name="ce"))
        model.fit(np.random.rand(64, 8), y)
        """,
        "CategoricalCrossentropy(from_logits",
        "SparseCategoricalCrossentropy(from_logits",
    ),
    "ZL202 function imported by name, from keras import losses": fix_case(
        "ZL202",
        """
        import numpy as np
        from keras import layers, losses, models
        from keras.losses import categorical_crossentropy

        y = np.random.randint(0, 3, size=64)
        model = models.Sequential([layers.Dense(3, activation="softmax")])
        model.compile(loss=categorical_crossentropy)
        model.fit(np.random.rand(64, 8), y)
        """,
        "loss=categorical_crossentropy",
        "loss=losses.sparse_categorical_crossentropy",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_fix_replaces_exactly_its_text(case):
    rule, before, old, new = case
    assert before.count(old) == 1, f"{old!r} must occur once in the snippet"
    after = fixed(before, rule)
    assert after == before.replace(old, new)
    parses(after)
    assert rule not in {d.code for d in lint(after)}


IMPORTS = {
    "ZL105 string loss, no spelling of keras.losses: the class is imported": (
        "ZL105",
        """
        import numpy as np
        from tensorflow.keras.layers import Dense  # layers
        from tensorflow.keras.models import Sequential

        model = Sequential([Dense(1)])
        model.compile(loss="binary_crossentropy")
        """,
        [
            (
                "from tensorflow.keras.models import Sequential\n",
                "from tensorflow.keras.models import Sequential\n"
                "from tensorflow.keras.losses import BinaryCrossentropy\n",
            ),
            ('"binary_crossentropy"', "BinaryCrossentropy(from_logits=True)"),
        ],
    ),
    "ZL105 losses imported after the compile, keras 3": (
        "ZL105",
        """
        from keras import layers, models

        def build():
            model = models.Sequential([layers.Dense(4)])
            model.compile(loss="categorical_crossentropy")
            return model

        from keras import losses
        """,
        [
            (
                "from keras import layers, models\n",
                "from keras import layers, models\n"
                "from keras.losses import CategoricalCrossentropy\n",
            ),
            ('"categorical_crossentropy"', "CategoricalCrossentropy(from_logits=True)"),
        ],
    ),
    "ZL201 function imported by name alone": (
        "ZL201",
        """
        import numpy as np
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.losses import sparse_categorical_crossentropy
        from tensorflow.keras.models import Sequential
        from tensorflow.keras.utils import to_categorical

        y = to_categorical(np.random.randint(0, 3, size=64), num_classes=3)
        model = Sequential([Dense(3, activation="softmax")])
        model.compile(loss=sparse_categorical_crossentropy)
        model.fit(np.random.rand(64, 8), y)
        """,
        [
            (
                "from tensorflow.keras.utils import to_categorical\n",
                "from tensorflow.keras.utils import to_categorical\n"
                "from tensorflow.keras.losses import categorical_crossentropy\n",
            ),
            ("loss=sparse_categorical_crossentropy", "loss=categorical_crossentropy"),
        ],
    ),
    "ZL101 Softmax imported by name without Activation": (
        "ZL101",
        """
        from tensorflow.keras.layers import Dense, Softmax
        from tensorflow.keras.models import Sequential

        model = Sequential([Dense(1), Softmax()])
        model.compile(loss="binary_crossentropy")
        """,
        [
            (
                "from tensorflow.keras.models import Sequential\n",
                "from tensorflow.keras.models import Sequential\n"
                "from tensorflow.keras.layers import Activation\n",
            ),
            ("Softmax()", 'Activation("sigmoid")'),
        ],
    ),
}


@pytest.mark.parametrize("case", IMPORTS.values(), ids=IMPORTS.keys())
def test_fix_imports_the_name_it_writes_when_the_file_has_no_spelling(case):
    rule, before, replacements = case
    before = textwrap.dedent(before)
    after = before
    for old, new in replacements:
        assert after.count(old) == 1
        after = after.replace(old, new)
    result = fixed(before, rule)
    assert result == after
    parses(result)
    assert rule not in {d.code for d in lint(result)}


def test_notebook_fix_edits_the_joined_cells():
    cells = [
        "import keras\n",
        "model = keras.Sequential([keras.layers.Dense(1)])\n",
        'model.compile(loss="binary_crossentropy")\n',
    ]
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": [text],
            }
            for text in cells
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    source = from_text(json.dumps(notebook), "train.ipynb")
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    (found,) = [d for d in diagnostics if d.code == "ZL105"]
    assert (found.cell, found.line) == (3, 1)
    result, _ = apply_fixes(source.code, [found.fix])
    expected = source.code.replace(
        '"binary_crossentropy"', "keras.losses.BinaryCrossentropy(from_logits=True)"
    )
    assert result == expected


# -- no fix where the edit is not certain ------------------------------------------------------

NO_FIX = {
    "ZL108 the activation from a function, not a string": (
        "ZL108",
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation=keras.activations.relu)])
        model.compile(loss="binary_crossentropy")
        """,
    ),
    "ZL108 a builder whose layer is trained with a binary and a categorical loss": (
        "ZL108",
        """
        import keras
        def build(loss):
            model = keras.Sequential([keras.layers.Dense(3, activation="tanh")])
            model.compile(loss=loss)
            return model
        a = build("binary_crossentropy")
        b = build("categorical_crossentropy")
        """,
    ),
    "ZL105 loss from a variable": (
        "ZL105",
        """
        import keras
        LOSS = "binary_crossentropy"
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=LOSS)
        """,
    ),
    "ZL105 loss class object from a variable": (
        "ZL105",
        """
        import keras
        loss = keras.losses.BinaryCrossentropy()
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=loss)
        """,
    ),
    "ZL105 one loss shared by a logits head and a sigmoid head": (
        "ZL105",
        """
        import keras
        inputs = keras.Input(shape=(8,))
        a = keras.layers.Dense(1, name="a")(inputs)
        b = keras.layers.Dense(1, activation="sigmoid", name="b")(inputs)
        model = keras.Model(inputs, [a, b])
        model.compile(loss="binary_crossentropy")
        """,
    ),
    "ZL105 builder called with a logits and a sigmoid output": (
        "ZL105",
        """
        import keras

        def build(activation):
            model = keras.Sequential([keras.layers.Dense(1, activation=activation)])
            model.compile(loss="binary_crossentropy")
            return model

        logits = build(None)
        probabilities = build("sigmoid")
        """,
    ),
    "ZL105 no spelling, and the class name is taken": (
        "ZL105",
        """
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import Sequential
        BinaryCrossentropy = "a name of the file"
        model = Sequential([Dense(1)])
        model.compile(loss="binary_crossentropy")
        """,
    ),
    "ZL105 no spelling, and a star import could bind the class name": (
        "ZL105",
        """
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import *
        model = Sequential([Dense(1)])
        model.compile(loss="binary_crossentropy")
        """,
    ),
    "ZL105 the keras name is rebound": (
        "ZL105",
        """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.compile(loss="binary_crossentropy")
        tf = None
        """,
    ),
    "ZL101 categorical loss (ZL102's mistake)": (
        "ZL101",
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        """,
    ),
    "ZL101 never compiled": (
        "ZL101",
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        """,
    ),
    "ZL101 activation from a variable": (
        "ZL101",
        """
        import keras
        ACTIVATION = "softmax"
        model = keras.Sequential([keras.layers.Dense(1, activation=ACTIVATION)])
        model.compile(loss="binary_crossentropy")
        """,
    ),
    "ZL101 builder called with one and three units": (
        "ZL101",
        """
        import keras

        def build(units):
            model = keras.Sequential([keras.layers.Dense(units, activation="softmax")])
            model.compile(loss="binary_crossentropy")
            return model

        one = build(1)
        three = build(3)
        """,
    ),
    "ZL101 BCE on logits of the softmax (from_logits=True)": (
        "ZL101",
        """
        import keras
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))
        """,
    ),
    "ZL104 several sigmoid units with a categorical loss": (
        "ZL104",
        """
        import keras
        tags = keras.Sequential([keras.layers.Dense(6, activation="sigmoid")])
        tags.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """,
    ),
    "ZL201 fit on one-hot and on integer labels": (
        "ZL201",
        """
        import keras
        import numpy as np
        labels = np.random.randint(0, 3, size=64)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(np.random.rand(64, 8), keras.utils.to_categorical(labels, 3))
        model.fit(np.random.rand(64, 8), labels)
        """,
    ),
    "ZL202 label smoothing has no sparse equivalent": (
        "ZL202",
        """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1))
        model.fit(np.random.rand(64, 8), np.random.randint(0, 3, size=64))
        """,
    ),
    "ZL202 the focal loss has no sparse twin": (
        "ZL202",
        """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=keras.losses.CategoricalFocalCrossentropy())
        model.fit(np.random.rand(4, 8), np.array([[0], [2], [1], [2]]))
        """,
    ),
    "ZL502 through an intermediate name": (
        "ZL502",
        """
        import keras
        def f(inputs):
            probabilities = keras.ops.softmax(inputs, axis=-1)
            return keras.ops.log(probabilities)
        """,
    ),
    "ZL502 keras.backend has no log_softmax": (
        "ZL502",
        """
        from keras import backend as K
        scores = K.placeholder(shape=(None, 5))
        picked = K.log(K.softmax(scores))
        """,
    ),
    "ZL502 log and softmax from different libraries": (
        "ZL502",
        """
        import keras
        import tensorflow as tf
        def f(x):
            return tf.math.log(keras.ops.softmax(x))
        """,
    ),
}


@pytest.mark.parametrize("case", NO_FIX.values(), ids=NO_FIX.keys())
def test_no_fix_where_the_edit_is_not_certain(case):
    rule, code = case
    found = [d for d in lint(code) if d.code == rule]
    assert found, f"the case must still report {rule}"
    assert all(d.fix is None for d in found)


# -- the catalog: every bad.py fixed --------------------------------------------------------------


def catalog_findings(code: str):
    diagnostics, errors = lint_source(from_text(code, "bad.py"), list(all_rules()))
    assert errors == []
    return diagnostics


@pytest.mark.parametrize(
    "folder", sorted(p for p in CATALOG.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_fixing_every_bad_example_removes_the_fixed_findings(folder: Path):
    code = (folder / "bad.py").read_text(encoding="utf-8")
    before = catalog_findings(code)
    fixes = [d.fix for d in before if d.fix is not None]
    rule = rule_by_code(folder.name[:5])
    if rule.fix_applicability is None:
        assert fixes == []
        return
    assert any(d.code == rule.code for d in before if d.fix is not None)
    for d in before:  # what `zerolint rule` and the code action say is what the fix does
        if d.fix is not None:
            owner = rule_by_code(d.code)
            assert (d.fix.applicability, d.fix.message) == (
                owner.fix_applicability,
                owner.fix_title,
            )
    result, applied = apply_fixes(code, fixes)
    assert len(applied) == len(fixes)
    parses(result)
    after = catalog_findings(result)
    for code_ in {d.code for d in before}:
        fixed_count = sum(1 for d in before if d.code == code_ and d.fix is not None)
        remaining = sum(1 for d in after if d.code == code_)
        assert remaining <= sum(1 for d in before if d.code == code_) - fixed_count


# -- metadata ----------------------------------------------------------------------------------


def test_rules_that_fix_declare_it_and_their_fixes_match():
    declared = {rule.code: rule.fix_applicability for rule in all_rules() if rule.fix_applicability}
    assert declared == FIXED_RULES


@pytest.mark.parametrize("code", sorted(FIXED_RULES))
def test_fixed_rules_document_their_fix(code: str):
    rule = rule_by_code(code)
    sections = doc_sections(rule)
    assert f"**{FIXED_RULES[code]}**" in sections.get("Fix safety", "")
    assert sections.get("Fix")
    header = documentation(rule).splitlines()[2]
    assert f"Fix: {FIXED_RULES[code]}" in header


def test_rules_import_the_fix_helpers_only_when_a_fix_is_built():
    """libcst costs ~0.25 s to import: files without Keras code never pay for it."""
    probe = "import sys, zerolint.checks; print('libcst' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_two_fixes_of_one_loss_converge_over_passes():
    """ZL105 and ZL201 both rewrite the loss: one applies, the re-lint offers the other."""
    code = textwrap.dedent(
        """
        import keras
        import numpy as np
        y = keras.utils.to_categorical(np.random.randint(0, 3, size=64), num_classes=3)
        model = keras.Sequential([keras.layers.Dense(3)])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(np.random.rand(64, 8), y)
        """
    )
    for _ in range(3):
        fixes = [d.fix for d in lint(code) if d.fix is not None]
        if not fixes:
            break
        code, applied = apply_fixes(code, fixes)
        assert applied
    assert lint(code) == []
    assert "loss=keras.losses.CategoricalCrossentropy(from_logits=True)" in code


def test_two_fixes_adding_one_import_converge_over_passes():
    """Both insert the same import: one applies, the re-lint spells the class with it."""
    code = textwrap.dedent(
        """
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import Sequential

        a = Sequential([Dense(1)])
        a.compile(loss="binary_crossentropy")
        b = Sequential([Dense(1)])
        b.compile(loss="binary_crossentropy")
        """
    )
    for _ in range(3):
        fixes = [d.fix for d in lint(code) if d.fix is not None]
        if not fixes:
            break
        code, applied = apply_fixes(code, fixes)
        assert applied
    assert lint(code) == []
    assert code.count("from tensorflow.keras.losses import BinaryCrossentropy\n") == 1
    assert code.count("loss=BinaryCrossentropy(from_logits=True)") == 2
