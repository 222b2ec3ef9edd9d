"""ZL106, ZL201-ZL205 and ZL207: labels that do not fit the loss or the output (issues 4, 12).

Each bad case carries ``# expect:`` markers on the lines the findings must point at, and
the test asserts every finding of every rule exactly, so the interplay with the ZL1xx rules
(one mistake, one finding) is checked too. Good cases — the precision traps — must yield
no loss or label finding (ZL1xx, ZL2xx). Keys start with the codes a case is about, which is how
``test_each_rule_is_tested_on_enough_cases`` counts them.
"""

from __future__ import annotations

import re

import pytest
from conftest import lint, markers, message

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text

LABEL_RULES = ("ZL106", "ZL201", "ZL202", "ZL203", "ZL204", "ZL205", "ZL207")


def codes(code: str) -> list[tuple[int, str]]:
    """The loss/label findings (ZL1xx, ZL2xx): rules of other families that also (rightly)
    fire on a snippet, e.g. on its unscaled features, do not break these tests."""
    return sorted((d.line, d.code) for d in lint(code) if d.code[:3] in ("ZL1", "ZL2"))


# -- bad: each rule in several API styles ------------------------------------------------------

BAD = {
    # ZL106: a regression loss trains a classifier
    "ZL106 Sequential, keras, softmax + one-hot + accuracy": """
        import keras
        import numpy as np
        SOFTMAX = "softmax"
        y = keras.utils.to_categorical(np.random.randint(0, 3, 64), num_classes=3)
        model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(3, activation=SOFTMAX)])
        model.compile(loss="mse", metrics=["accuracy"])  # expect: ZL106
        model.fit(x, y)
        """,
    "ZL106 functional, tf.keras, one-hot labels on logits, MAE class": """
        import numpy as np
        import tensorflow as tf
        labels = np.random.randint(0, 4, size=64)
        inputs = tf.keras.Input(shape=(8,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(4)(inputs))
        model.compile(loss=tf.keras.losses.MeanAbsoluteError())  # expect: ZL106
        model.fit(np.random.rand(64, 8), tf.one_hot(labels, 4))
        """,
    "ZL106 builder, from-imports, sigmoid + accuracy metric on 0/1 labels": """
        import numpy as np
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import Sequential

        def build():
            model = Sequential([Dense(16, activation="relu"), Dense(1, activation="sigmoid")])
            model.compile(loss="mean_squared_error", metrics=["acc"])  # expect: ZL106
            return model

        model = build()
        model.fit(np.random.rand(64, 8), np.random.randint(0, 2, 64))
        """,
    "ZL106 tf_keras .add, Huber on a softmax layer": """
        import tf_keras
        model = tf_keras.Sequential()
        model.add(tf_keras.layers.Dense(5))
        model.add(tf_keras.layers.Softmax())
        model.compile(loss=tf_keras.losses.Huber())  # expect: ZL106
        """,
    "ZL106 keras 3, log_cosh function, pd.get_dummies labels": """
        import keras
        import pandas as pd
        frame = pd.DataFrame({"kind": ["a", "b", "c", "a"]})
        model = keras.Sequential([keras.layers.Dense(3, activation="relu")])
        model.compile(loss=keras.losses.log_cosh)  # expect: ZL106
        model.fit(features, pd.get_dummies(frame["kind"]).values)  # noqa: F821
        """,
    "ZL106 sigmoid + accuracy on 0/1 labels": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="mae", metrics=[keras.metrics.binary_accuracy])  # expect: ZL106
        model.fit(np.random.rand(64, 8), np.random.randint(0, 2, 64))
        """,
    # ZL201: sparse loss with one-hot labels
    "ZL201 Sequential, keras, to_categorical": """
        import keras
        import numpy as np
        y = keras.utils.to_categorical(np.random.randint(0, 3, 64), num_classes=3)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(x, y)
        """,
    "ZL201 functional, tf.keras, tf.one_hot, logits class": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(8,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(4)(inputs))
        model.compile(
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: ZL201
        )
        model.fit(x, tf.one_hot(np.random.randint(0, 4, 64), depth=4))
        """,
    "ZL201 builder, pd.get_dummies, from-imports": """
        import pandas as pd
        from keras.layers import Dense
        from keras.models import Sequential

        def build(n):
            model = Sequential([Dense(n, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
            return model

        frame = pd.DataFrame({"kind": ["a", "b", "c"]})
        model = build(3)
        model.fit(features, pd.get_dummies(frame["kind"]))  # noqa: F821
        """,
    "ZL201 tf_keras, np.eye indexing, train_on_batch": """
        import numpy as np
        import tf_keras
        labels = np.random.randint(0, 5, size=32)
        model = tf_keras.Sequential([tf_keras.layers.Dense(5, activation="softmax")])
        model.compile(loss=tf_keras.losses.sparse_categorical_crossentropy)  # expect: ZL201
        model.train_on_batch(x, np.eye(5)[labels])
        """,
    "ZL201 subclassed, a one-hot literal": """
        import keras

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.out = keras.layers.Dense(2, activation="softmax")

            def call(self, inputs):
                return self.out(inputs)

        model = Net()
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit([[0.1, 0.2], [0.3, 0.4]], [[1, 0], [0, 1]])
        """,
    # ZL202: categorical loss with integer labels
    "ZL202 Sequential, keras, randint": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        model.compile(loss="categorical_crossentropy")  # expect: ZL202
        model.fit(x, np.random.randint(0, 5, size=64))
        """,
    "ZL202 functional, tf.keras, mnist labels, class": """
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        inputs = tf.keras.Input(shape=(28, 28))
        out = tf.keras.layers.Dense(10, activation="softmax")(tf.keras.layers.Flatten()(inputs))
        model = tf.keras.Model(inputs, out)
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy())  # expect: ZL202
        model.fit(x_train / 255.0, y_train)
        """,
    "ZL202 builder, LabelEncoder, loss function": """
        import keras
        import pandas as pd
        from sklearn.preprocessing import LabelEncoder

        def build(n):
            model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
            model.compile(loss=keras.losses.categorical_crossentropy)  # expect: ZL202
            return model

        frame = pd.read_csv("flowers.csv")
        y = LabelEncoder().fit_transform(frame["species"])
        model = build(3)
        model.fit(frame.drop(columns=["species"]).values, y)
        """,
    "ZL202 tf_keras, an (N, 1) integer literal, focal loss": """
        import numpy as np
        import tf_keras
        model = tf_keras.Sequential([tf_keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=tf_keras.losses.CategoricalFocalCrossentropy())  # expect: ZL202
        model.fit(x, np.array([[0], [2], [1]]))
        """,
    "ZL202 a CSV column cast to int, np.argmax of one-hot rows": """
        import keras
        import numpy as np
        import pandas as pd
        frame = pd.read_csv("data.csv")
        a = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        a.compile(loss="categorical_crossentropy")  # expect: ZL202
        a.fit(frame.drop(columns=["y"]).values, frame["y"].astype(int))
        onehot = keras.utils.to_categorical(np.random.randint(0, 3, 64))
        b = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        b.compile(loss="categorical_crossentropy")  # expect: ZL202
        b.fit(x, np.argmax(onehot, axis=1))
        """,
    # ZL203: output units differ from the classes
    "ZL203 Sequential, keras, 1-based labels with a sparse loss": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(4, activation="softmax"),  # expect: ZL203
        ])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(1, 5, size=64))
        """,
    "ZL203 functional, tf.keras, one-hot width differs": """
        import numpy as np
        import tensorflow as tf
        y = tf.keras.utils.to_categorical(np.random.randint(0, 5, 64), num_classes=5)
        inputs = tf.keras.Input(shape=(8,))
        out = tf.keras.layers.Dense(3, activation="softmax")(inputs)  # expect: ZL203
        model = tf.keras.Model(inputs, out)
        model.compile(loss="categorical_crossentropy")
        model.fit(x, y)
        """,
    "ZL203 builder, cifar10 labels and 100 units": """
        import keras

        def build(n):
            return keras.Sequential([
                keras.layers.Flatten(),
                keras.layers.Dense(n, activation="softmax"),  # expect: ZL203
            ])

        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        model = build(100)
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy())
        model.fit(x_train / 255.0, y_train)
        """,
    "ZL203 one sigmoid unit, BCE, to_categorical labels": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])  # expect: ZL203
        model.compile(loss="binary_crossentropy")
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, 64)))
        """,
    "ZL203 tf_keras .add, randint(0, 10) on 5 units with the sparse loss on logits": """
        import numpy as np
        import tf_keras
        model = tf_keras.Sequential()
        model.add(tf_keras.layers.Dense(5))  # expect: ZL203
        model.compile(loss=tf_keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        model.fit(x, np.random.randint(0, 10, size=(64, 1)))
        """,
    "ZL203 multi-label sigmoid units, one-hot labels of another width": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(6, activation="sigmoid")])  # expect: ZL203
        model.compile(loss="binary_crossentropy")
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 4, 64), num_classes=4))
        """,
    # ZL204: binary labels outside [0, 1]
    "ZL204 Sequential, keras, randint(1, 3)": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL204
        model.fit(x, np.random.randint(1, 3, size=64))
        """,
    "ZL204 functional, tf.keras, literal {1, 2}, logits class": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(2,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
        model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL204
        model.fit([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], [1, 2, 2])
        """,
    "ZL204 builder, -1/+1 labels, loss function": """
        import keras
        import numpy as np

        def build():
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss=keras.losses.binary_crossentropy)  # expect: ZL204
            return model

        model = build()
        model.fit(x, np.array([-1, 1, 1, -1]))
        """,
    "ZL204 tf_keras, class indices of three classes, focal": """
        import numpy as np
        import tf_keras
        model = tf_keras.Sequential([tf_keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss=tf_keras.losses.BinaryFocalCrossentropy())  # expect: ZL204
        model.fit(x, np.random.randint(0, 3, size=64))
        """,
    "ZL204 float targets scaled beyond 1": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")  # expect: ZL204
        model.fit(x, np.random.rand(64) * 100.0)
        """,
    # ZL205: constant labels
    "ZL205 Sequential, keras, np.zeros": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(x, np.zeros(64))  # expect: ZL205
        """,
    "ZL205 functional, tf.keras, np.ones by keyword": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(8,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
        model.compile(loss="mse")
        labels = np.ones((64, 1))
        model.fit(x=features, y=labels, epochs=3)  # expect: ZL205
        """,
    "ZL205 builder, np.full class index, sparse loss": """
        import keras
        import numpy as np

        def build(n):
            model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            return model

        model = build(3)
        model.fit(x, np.full(64, 2))  # expect: ZL205
        """,
    "ZL205 tf_keras, an all-equal literal": """
        import tf_keras
        model = tf_keras.Sequential([tf_keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit([[0.1], [0.2], [0.3]], [1, 1, 1])  # expect: ZL205
        """,
    "ZL205 zeros_like of a known array": """
        import keras
        import numpy as np
        x = np.random.rand(64, 8)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(x, np.zeros_like(x[:, 0]))  # expect: ZL205
        """,
}


BAD.update(
    {
        # ZL207: class ids scaled like inputs under a sparse loss
        "ZL207 mnist labels divided with the pixels, Sequential, keras": """
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            x_train, y_train = x_train / 255.0, y_train / 255.0
            output = keras.layers.Dense(10, activation="softmax")
            model = keras.Sequential([keras.layers.Flatten(), output])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL207
            model.fit(x_train, y_train)
            """,
        "ZL207 halved class ids, functional, tf.keras, the loss class": """
            import numpy as np
            import tensorflow as tf
            y = np.random.randint(0, 6, 400)
            inputs = tf.keras.Input(shape=(4,))
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(6, activation="softmax")(inputs))
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy())  # expect: ZL207
            model.fit(np.random.rand(400, 4), y * 0.5)
            """,
        "ZL207 class ids over their max, builder, from-imports": """
            import numpy as np
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential

            def build(n):
                model = Sequential([Dense(n, activation="softmax")])
                model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL207
                return model

            labels = np.random.randint(0, 5, 300)
            build(5).fit(np.random.rand(300, 3), labels / labels.max())
            """,
        "ZL207 standardised class ids, tf_keras": """
            import numpy as np
            import tf_keras
            y = np.random.randint(0, 4, 200)
            model = tf_keras.Sequential([tf_keras.layers.Dense(4, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL207
            model.fit(np.random.rand(200, 3), (y - y.mean()) / y.std())
            """,
        "ZL207 cifar10 labels divided, train_on_batch": """
            import keras
            (x, y), _ = keras.datasets.cifar10.load_data()
            output = keras.layers.Dense(10, activation="softmax")
            model = keras.Sequential([keras.layers.Flatten(), output])
            model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL207
            model.train_on_batch(x / 255.0, y / 255.0)
            """,
    }
)


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    expected = markers(code)
    assert expected
    assert codes(code) == expected


# -- good: the precision traps -----------------------------------------------------------------

GOOD = {
    "ZL201 ZL202 ZL203 ZL204 ZL205 labels read from a CSV column with no hint": """
        import keras
        import pandas as pd
        frame = pd.read_csv("train.csv")
        features, labels = frame.drop(columns=["label"]).values, frame["label"].values
        a = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        a.compile(loss="sparse_categorical_crossentropy")
        a.fit(features, labels)
        b = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        b.compile(loss="categorical_crossentropy")
        b.fit(features, frame["label"])
        c = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        c.compile(loss="binary_crossentropy")
        c.fit(features, frame.pop("label"))
        """,
    "ZL201 ZL203 2-unit softmax + sparse loss with integer labels 0..1": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(0, 2, size=64))
        model.fit(x, [0, 1, 1, 0])
        """,
    "ZL203 ZL204 1-unit sigmoid + BCE with 0/1 labels": """
        import tensorflow as tf
        import numpy as np
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x, np.random.randint(0, 2, size=(64, 1)))
        model.fit(x, (np.random.rand(64) > 0.5).astype(int))
        model.fit(x, [True, False, True])
        """,
    "ZL203 ZL204 multi-label N sigmoid + BCE with multi-hot labels": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(5, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(x, np.random.randint(0, 2, size=(64, 5)))
        model.fit(x, [[1, 0, 1, 1, 0], [0, 0, 1, 0, 1]])
        """,
    "ZL106 ZL204 ZL205 autoencoder: sigmoid + MSE or BCE, fit(x, x)": """
        import keras
        import numpy as np
        (images, _), _ = keras.datasets.mnist.load_data()
        images = images.reshape(-1, 784) / 255.0
        inputs = keras.Input(shape=(784,))
        decoded = keras.layers.Dense(784, activation="sigmoid")(keras.layers.Dense(32)(inputs))
        mse = keras.Model(inputs, decoded)
        mse.compile(loss="mse", metrics=["accuracy"])
        mse.fit(images, images)
        bce = keras.Model(inputs, decoded)
        bce.compile(loss="binary_crossentropy")
        bce.fit(images, images)
        """,
    "ZL106 autoencoder of one-hot rows with a softmax output": """
        import keras
        import numpy as np
        rows = keras.utils.to_categorical(np.random.randint(0, 4, 64), num_classes=4)
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model.compile(loss="mse")
        model.fit(rows, rows)
        """,
    "ZL106 Dense(1, sigmoid) + MSE on [0, 1] float targets": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="mse")
        model.fit(x, np.random.rand(64))
        """,
    "ZL106 sigmoid + MSE with an accuracy metric on known continuous targets": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="mse", metrics=["accuracy"])
        model.fit(x, np.random.uniform(0.0, 1.0, size=64))
        """,
    "ZL106 sigmoid + MSE + accuracy on targets the analysis cannot see (scaled prices)": """
        import keras
        import numpy as np
        from sklearn.preprocessing import MinMaxScaler
        scaled = MinMaxScaler().fit_transform(prices.reshape(-1, 1))
        windows, targets = [], []
        for i in range(60, len(scaled)):
            windows.append(scaled[i - 60 : i, 0])
            targets.append(scaled[i, 0])
        x, y = np.array(windows)[..., None], np.array(targets)
        head = keras.layers.Dense(1, activation="sigmoid")
        model = keras.Sequential([keras.layers.LSTM(32), head])
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        model.fit(x, y, epochs=5)
        """,
    "ZL106 linear output + MSE regression, even on integer targets or with accuracy": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)])
        model.compile(loss="mse", metrics=["accuracy"])
        model.fit(x, np.random.randint(0, 100, size=64))
        boston = keras.Sequential([keras.layers.Dense(1)])
        boston.compile(loss="huber")
        (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
        boston.fit((x_train - x_train.mean(axis=0)) / x_train.std(axis=0), y_train)
        """,
    "ZL106 a denoising autoencoder with a sigmoid output": """
        import keras
        import numpy as np
        (images, _), _ = keras.datasets.mnist.load_data()
        clean = images.reshape(-1, 784) / 255.0
        noisy = clean + np.random.normal(0, 0.3, clean.shape)
        model = keras.Sequential([keras.layers.Dense(784, activation="sigmoid")])
        model.compile(loss="mse", metrics=["accuracy"])
        model.fit(noisy, clean)
        """,
    "ZL201 ZL202 evaluate() with test labels encoded the same way": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        x = np.random.rand(100, 4)
        y = keras.utils.to_categorical(np.random.randint(0, 3, 100), num_classes=3)
        x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.2)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        model.fit(x_tr, y_tr, validation_data=(x_te, y_te))
        model.evaluate(x_te, y_te)
        sparse = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        sparse.compile(loss="sparse_categorical_crossentropy")
        labels = np.random.randint(0, 3, 100)
        sparse.fit(x, labels)
        sparse.evaluate(x, labels)
        """,
    "ZL201 ZL202 ZL205 labels changed by unknown code": """
        import keras
        import numpy as np
        from mylib import relabel
        y = keras.utils.to_categorical(np.random.randint(0, 3, 64))
        y = relabel(y)
        a = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        a.compile(loss="sparse_categorical_crossentropy")
        a.fit(x, y)
        z = np.zeros(64)
        z[mask] = 1  # noqa: F821
        b = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        b.compile(loss="binary_crossentropy")
        b.fit(x, z)
        w = np.zeros(64)
        fill_labels(w)  # noqa: F821
        b.fit(x, w)
        """,
    "ZL201 ZL202 labels encoded in one branch of an if": """
        import keras
        import numpy as np
        y = np.random.randint(0, 3, 64)
        if ONE_HOT:  # noqa: F821
            y = keras.utils.to_categorical(y)
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        """,
    "ZL201 ZL202 ZL204 ZL205 fit on something that is not a Keras model": """
        import keras
        import numpy as np
        from xgboost import XGBClassifier
        booster = XGBClassifier()
        booster.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
        booster.fit(x, np.zeros(64))
        unknown = make_model()  # noqa: F821
        unknown.compile(loss="sparse_categorical_crossentropy")
        unknown.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
        loaded = keras.models.load_model("model.keras")
        loaded.fit(x, np.random.randint(1, 3, 64))
        """,
    "ZL205 a GAN discriminator trained on all-real then all-fake batches": """
        import keras
        import numpy as np
        disc = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        disc.compile(loss="binary_crossentropy")
        for step in range(100):
            disc.train_on_batch(real, np.ones((32, 1)))  # noqa: F821
            disc.train_on_batch(fake, np.zeros((32, 1)))  # noqa: F821
        critic = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        critic.compile(loss="binary_crossentropy")
        critic.fit(real, np.ones(32))  # noqa: F821
        critic.fit(fake, np.zeros(32))  # noqa: F821
        """,
    "ZL205 a GAN's combined model trained on all-ones labels": """
        import keras
        import numpy as np
        generator = keras.Sequential([keras.layers.Dense(8, activation="tanh")])
        discriminator = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        discriminator.compile(loss="binary_crossentropy")
        gan = keras.Sequential([generator, discriminator])
        gan.compile(loss="binary_crossentropy")
        gan.fit(np.random.normal(0, 1, (32, 4)), np.ones((32, 1)))
        z = keras.Input(shape=(4,))
        functional = keras.Model(z, discriminator(generator(z)))
        functional.compile(loss="binary_crossentropy")
        functional.fit(np.random.normal(0, 1, (32, 4)), np.ones((32, 1)))
        """,
    "ZL203 ZL204 labels filtered by value: the bounds may no longer be reached": """
        import keras
        import numpy as np
        (images, digits), _ = keras.datasets.mnist.load_data()
        keep, SOFT = digits < 5, "softmax"
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(5, activation=SOFT)])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(images[keep] / 255.0, digits[keep])
        y = np.random.randint(0, 3, 64)
        binary = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        binary.compile(loss="binary_crossentropy")
        binary.fit(np.random.rand(64, 4)[y < 2], y[y < 2])
        """,
    "ZL205 dummy targets for a custom loss or a model with no known loss": """
        import keras
        import numpy as np

        def identity(y_true, y_pred):
            return y_pred

        a = keras.Sequential([keras.layers.Dense(1)])
        a.compile(loss=identity)
        a.fit(x, np.zeros(64))
        b = keras.Sequential([keras.layers.Dense(1)])
        b.compile(loss=lambda y_true, y_pred: y_pred)
        b.fit(x, np.zeros(64))
        """,
    "ZL201 ZL202 ZL203 fit on a tf.data data set": """
        import keras
        import tensorflow as tf
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(32))  # noqa: F821
        """,
    "ZL203 units decided at run time": """
        import sys
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(int(sys.argv[1]), activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(0, 7, 64))
        """,
    "ZL203 one-hot labels with num_classes as wide as the output": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="categorical_crossentropy")
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64), num_classes=10))
        """,
}


GOOD.update(
    {
        "ZL207 load_digits pixels divided by 16, labels left alone": """
            import keras
            from sklearn.datasets import load_digits
            digits = load_digits()
            X, y = digits.data / 16.0, digits.target
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(X, y)
            """,
        "ZL207 a float cast and a shift keep whole class ids": """
            import keras
            import numpy as np
            y = np.random.randint(1, 7, 300)
            model = keras.Sequential([keras.layers.Dense(6, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(np.random.rand(300, 2), (y - 1).astype("float32"))
            """,
        "ZL207 scaled regression targets under mse": """
            import keras
            import numpy as np
            y = np.random.randint(0, 100, 300)
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(loss="mse")
            model.fit(np.random.rand(300, 2), y / 100.0)
            """,
        "ZL207 binary 0/1 labels min-max scaled stay 0/1 (not three classes)": """
            import keras
            import numpy as np
            y = np.random.randint(0, 2, 300)
            model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(np.random.rand(300, 2), y / y.max())
            """,
    }
)


@pytest.mark.parametrize("code", GOOD.values(), ids=GOOD.keys())
def test_good_case_yields_nothing(code: str):
    assert codes(code) == []


# -- multi-output models: each head's labels against its own loss ------------------------------

HEADS = """
    import keras
    import numpy as np
    inputs = keras.Input(shape=(8,))
    kind = keras.layers.Dense(3, activation="softmax", name="kind")(inputs)
    flag = keras.layers.Dense(1, activation="sigmoid", name="flag")(inputs)
    model = keras.Model(inputs, [kind, flag])
"""

MULTI_OUTPUT = {
    "ZL201 ZL204 a list of labels, both heads wrong": HEADS
    + """
    model.compile(loss=[
        "sparse_categorical_crossentropy",  # expect: ZL201
        "binary_crossentropy",  # expect: ZL204
    ])
    onehot = keras.utils.to_categorical(np.random.randint(0, 3, 64))
    model.fit(x, [onehot, np.random.randint(1, 3, 64)])
    """,
    "ZL203 a dict of labels, the softmax head is too narrow": """
    import keras
    import numpy as np
    inputs = keras.Input(shape=(8,))
    kind = keras.layers.Dense(3, activation="softmax", name="kind")(inputs)  # expect: ZL203
    flag = keras.layers.Dense(1, activation="sigmoid", name="flag")(inputs)
    model = keras.Model(inputs, [kind, flag])
    model.compile(loss={"kind": "sparse_categorical_crossentropy", "flag": "binary_crossentropy"})
    model.fit(x, {"flag": np.random.randint(0, 2, 64), "kind": np.random.randint(0, 5, 64)})
    """,
    "a dict of labels, every head right": HEADS
    + """
    model.compile(loss={"kind": "categorical_crossentropy", "flag": "binary_crossentropy"})
    onehot = keras.utils.to_categorical(np.random.randint(0, 3, 64))
    model.fit(x, {"kind": onehot, "flag": np.random.randint(0, 2, 64)})
    """,
    "ZL205 only the head whose labels are constant": HEADS
    + """
    model.compile(loss=["sparse_categorical_crossentropy", "binary_crossentropy"])
    model.fit(x, [np.random.randint(0, 3, 64), np.ones(64)])  # expect: ZL205
    """,
    "labels not given per head are not judged": HEADS
    + """
    model.compile(loss=["sparse_categorical_crossentropy", "binary_crossentropy"])
    model.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
    model.fit(x, {"other": np.random.randint(1, 3, 64)})
    """,
}


@pytest.mark.parametrize("code", MULTI_OUTPUT.values(), ids=MULTI_OUTPUT.keys())
def test_each_head_is_judged_against_its_own_labels(code: str):
    assert codes(code) == markers(code)


def test_the_wrong_head_is_the_one_named():
    code = MULTI_OUTPUT["ZL201 ZL204 a list of labels, both heads wrong"]
    assert "on the output Dense(3) at line 5" in message(code, "ZL201")
    assert "on the output Dense(1) at line 6" in message(code, "ZL204")


# -- interplay: one mistake, one finding -------------------------------------------------------

INTERPLAY = {
    "ZL203 categorical loss on 1 unit with 3-class one-hot labels: ZL102 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="categorical_crossentropy")  # expect: ZL102
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
        """,
    "ZL203 sparse loss on 1 unit with labels 0..4: ZL102 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL102
        model.fit(x, np.random.randint(0, 5, 64))
        """,
    "ZL203 a 1-unit softmax with 2-class one-hot labels: ZL101 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # expect: ZL101
        model.compile(loss="binary_crossentropy")
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, 64)))
        """,
    "ZL106 MSE on a 1-unit softmax with one-hot labels: ZL101 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])  # expect: ZL101
        model.compile(loss="mse", metrics=["accuracy"])
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, 64)))
        """,
    "ZL201 ZL203 sparse loss, one-hot labels of another width: ZL201 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 4, 64)))
        """,
    "ZL202 ZL203 categorical loss, integer labels of more classes: ZL202 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
        model.compile(loss="categorical_crossentropy")  # expect: ZL202
        model.fit(x, np.random.randint(0, 10, 64))
        """,
    "ZL204 BCE on a 10-unit softmax with class indices: ZL107 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="binary_crossentropy")  # expect: ZL107
        model.fit(x, np.random.randint(0, 10, 64))
        """,
    "ZL204 BCE(from_logits=True) on a softmax with class indices: ZL104 and ZL204": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss=keras.losses.BinaryCrossentropy(True))  # expect: ZL104, ZL204
        model.fit(x, np.random.randint(0, 3, 64))
        """,
    "ZL205 ZL203 constant class index beyond the units: ZL205 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.full(64, 5))  # expect: ZL205
        """,
    "ZL205 ZL204 constant 2s with BCE: ZL205 alone": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(x, np.full((64, 1), 2))  # expect: ZL205
        """,
    "ZL106 ZL205 MSE on a softmax fit on zeros: two mistakes, two findings": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="mse")  # expect: ZL106
        model.fit(x, np.zeros((64, 3)))  # expect: ZL205
        """,
    "ZL201 one compile, two fits with the same labels: one finding": """
        import keras
        import numpy as np
        y = keras.utils.to_categorical(np.random.randint(0, 3, 64))
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(x, y, epochs=1)
        model.fit(x, y, epochs=5)
        """,
    "ZL201 a recompile with the matching loss clears the second fit": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x, np.random.randint(0, 3, 64))
        model.compile(loss="categorical_crossentropy")
        model.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
        """,
    "ZL201 the labels reach fit through a helper function": """
        import keras
        import numpy as np

        def train(model, labels):
            model.fit(x, labels)

        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
        train(model, keras.utils.to_categorical(np.random.randint(0, 3, 64)))
        """,
}


@pytest.mark.parametrize("code", INTERPLAY.values(), ids=INTERPLAY.keys())
def test_one_mistake_one_finding(code: str):
    assert codes(code) == markers(code)


# -- messages: the loss, the output, the label source, then the fix ---------------------------


def test_zl106_message_names_the_evidence_and_the_fix():
    text = message(BAD["ZL106 Sequential, keras, softmax + one-hot + accuracy"], "ZL106")
    assert text.startswith(
        "mean_squared_error (line 7) trains a classifier — a softmax output (Dense(3) at "
        "line 6), one-hot labels (keras.utils.to_categorical(np.random.randint(0, 3, 64), "
        "num_classes=3) at line 5, given to fit at line 8) and an accuracy metric"
    )
    assert text.endswith(
        "use categorical_crossentropy (sparse_categorical_crossentropy for integer labels)"
    )
    sigmoid = message(
        BAD["ZL106 builder, from-imports, sigmoid + accuracy metric on 0/1 labels"], "ZL106"
    )
    assert "an accuracy metric on a sigmoid output (Dense(1) at line 7)" in sigmoid
    assert sigmoid.endswith("use binary_crossentropy")
    logits = message(
        BAD["ZL106 functional, tf.keras, one-hot labels on logits, MAE class"], "ZL106"
    )
    assert "one-hot labels (tf.one_hot(labels, 4) at line 8" in logits
    assert logits.endswith("or keep the logits with CategoricalCrossentropy(from_logits=True)")


def test_zl201_message_names_loss_output_labels_and_fix():
    text = message(BAD["ZL201 Sequential, keras, to_categorical"], "ZL201")
    assert text.startswith(
        "sparse_categorical_crossentropy (line 6) on the output Dense(3) at line 5 expects "
        "one integer class index per sample, but the labels given to fit at line 7 are "
        "one-hot (keras.utils.to_categorical(np.random.randint(0, 3, 64), num_classes=3) "
        "at line 4, 3 classes)"
    )
    assert text.endswith(
        "use categorical_crossentropy, or pass the integer labels instead of "
        "keras.utils.to_categorical(...)"
    )
    literal = message(BAD["ZL201 subclassed, a one-hot literal"], "ZL201")
    assert literal.endswith("instead of the one-hot rows")


def test_zl202_message_names_the_data_set_and_the_width():
    text = message(BAD["ZL202 functional, tf.keras, mnist labels, class"], "ZL202")
    assert text.startswith(
        "categorical_crossentropy (line 7) on the output Dense(10) at line 5 expects one-hot labels"
    )
    assert (
        "integer class indices (tf.keras.datasets.mnist.load_data() y_train at line 3, values 0..9)"
        in text
    )
    assert text.endswith(
        "use sparse_categorical_crossentropy, or one-hot encode the labels with "
        "keras.utils.to_categorical(y, num_classes=10)"
    )


def test_zl203_messages_say_what_happens_and_the_fix():
    shifted = message(BAD["ZL203 Sequential, keras, 1-based labels with a sparse loss"], "ZL203")
    assert shifted.startswith(
        "the output Dense(4) at line 6 has 4 units (class indices 0..3), but the labels "
        "given to fit at line 9 (np.random.randint(1, 5, size=64) at line 9, "
        "values {1, 2, 3, 4}) go up to 4"
    )
    assert "label 4 is out of range" in shifted
    assert shifted.endswith(
        "the labels start at 1: shift them to 0..3 (y - 1), or use Dense(5) so that every "
        "label has a unit"
    )
    wide = message(BAD["ZL203 builder, cifar10 labels and 100 units"], "ZL203")
    assert "units 10..99 never receive a target" in wide
    assert wide.endswith("use Dense(10) for 10 classes")
    columns = message(BAD["ZL203 functional, tf.keras, one-hot width differs"], "ZL203")
    assert "(5 label columns against 3 outputs)" in columns
    binary = message(BAD["ZL203 one sigmoid unit, BCE, to_categorical labels"], "ZL203")
    assert "trains it towards 1/2 whatever the input" in binary
    assert binary.endswith('use Dense(2, activation="softmax") with categorical_crossentropy')


def test_zl204_message_tailors_the_fix_to_the_labels():
    shifted = message(BAD["ZL204 Sequential, keras, randint(1, 3)"], "ZL204")
    assert shifted.startswith(
        "binary_crossentropy (line 5) on the output Dense(1) at line 4 expects labels in "
        "[0, 1], but the labels given to fit at line 6 have values {1, 2} "
        "(np.random.randint(1, 3, size=64) at line 6)"
    )
    assert "the model learns to output 1 for every sample" in shifted
    assert shifted.endswith("map the two values to 0 and 1 (y - 1)")
    signs = message(BAD["ZL204 builder, -1/+1 labels, loss function"], "ZL204")
    assert signs.endswith("map the two values to 0 and 1 ((y == 1).astype(int))")
    multi = message(BAD["ZL204 tf_keras, class indices of three classes, focal"], "ZL204")
    assert multi.endswith(
        'these are 3 class indices: use Dense(3, activation="softmax") with '
        "sparse_categorical_crossentropy"
    )
    scaled = message(BAD["ZL204 float targets scaled beyond 1"], "ZL204")
    assert scaled.endswith("scale the targets into [0, 1], or use a regression loss such as mse")


def test_zl205_message_names_the_value_and_the_loss():
    text = message(BAD["ZL205 Sequential, keras, np.zeros"], "ZL205")
    assert text.startswith(
        "the labels given to fit at line 6 are all 0 (np.zeros(64) at line 6): the model can "
        "minimise binary_crossentropy (line 5) on its output Dense(1) at line 4"
    )
    sparse = message(BAD["ZL205 builder, np.full class index, sparse loss"], "ZL205")
    assert "always predicting class 2" in sparse


def test_zl207_message_says_what_the_labels_become():
    text = message(BAD["ZL207 mnist labels divided with the pixels, Sequential, keras"], "ZL207")
    assert "keras.datasets.mnist.load_data() y_train at line 3, scaled at line 4" in text
    assert "every label becomes class 0" in text and "values 0..0.0353" in text
    halved = message(BAD["ZL207 halved class ids, functional, tf.keras, the loss class"], "ZL207")
    assert "collapse onto classes {0, 1, 2}" in halved


def test_every_finding_has_help():
    for code in [*BAD.values(), *INTERPLAY.values()]:
        assert all(d.help for d in lint(code) if d.code[:3] in ("ZL1", "ZL2"))


def test_the_mse_example_is_found():
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "examples" / "mse_onehot_classification.py"
    diagnostics, errors = lint_source(from_text(path.read_text(), str(path)), list(all_rules()))
    assert errors == []
    assert [d.code for d in diagnostics if d.code[:3] in ("ZL1", "ZL2")] == ["ZL106"]


# -- coverage: each rule on enough cases, in several API styles -------------------------------


def about(key: str) -> list[str]:
    """The rule codes a case's key starts with."""
    return re.findall(r"ZL\d{3}", key.split(":")[0].split(",")[0])


def counts() -> dict[str, tuple[int, int]]:
    """(bad, good) cases per rule: bad cases report it, good cases are its traps."""
    found = {}
    for rule in LABEL_RULES:
        reported = [*BAD.values(), *MULTI_OUTPUT.values(), *INTERPLAY.values()]
        bad = sum(any(c == rule for _, c in markers(code)) for code in reported)
        silent = {**GOOD, **MULTI_OUTPUT, **INTERPLAY}
        good = sum(
            rule in about(key) and all(c != rule for _, c in markers(code))
            for key, code in silent.items()
        )
        found[rule] = (bad, good)
    return found


def test_each_rule_is_tested_on_enough_cases():
    for rule, (bad, good) in counts().items():
        assert bad >= 5, (rule, bad)
        assert good >= 3, (rule, good)


def test_bad_cases_span_several_api_styles():
    styles = {
        "Sequential": "Sequential(",
        "functional": "Model(",
        "builder": "def build",
        "tf.keras": "tf.keras",
        "tf_keras": "tf_keras",
        "keras": "import keras",
    }
    for rule in LABEL_RULES:
        used = {
            style
            for key, code in BAD.items()
            if key.startswith(rule)
            for style, needle in styles.items()
            if needle in code
        }
        assert {"Sequential", "functional", "builder", "tf.keras", "keras"} <= used, (rule, used)
