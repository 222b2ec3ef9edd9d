"""ZL301-ZL303 (scaling) and ZL401/ZL402/ZL403 (leakage): the data-path rules (issues 5, 12).

Each bad case carries ``# expect:`` markers on the lines the findings must point at; the
test asserts the scaling and leakage findings of the case exactly (other families' rules
are judged by their own tests). Good cases — the precision traps — must yield nothing at
all, from any rule.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import findings, lint, markers, message, write

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text

DATA_CODES = frozenset({"ZL301", "ZL302", "ZL303", "ZL401", "ZL402", "ZL403"})
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def codes(code: str, options: dict | None = None) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint(code, options))


def data_codes(code: str, options: dict | None = None) -> list[tuple[int, str]]:
    return [(line, rule) for line, rule in codes(code, options) if rule in DATA_CODES]


# -- bad: each rule in several API styles ------------------------------------------------------

BAD = {
    # ZL301: features on very different or very large scales
    "ZL301 literal table, Sequential with Input, tf.keras (the seed)": """
        import numpy as np
        import tensorflow as tf
        X = np.array([[1, 1000], [2, 2000], [3, 3000]], dtype="float32")
        y = np.array([100, 190, 310], dtype="float32")
        model = tf.keras.Sequential(
            [
                tf.keras.Input(shape=(2,)),
                tf.keras.layers.Dense(8, activation="relu"),
                tf.keras.layers.Dense(1),
            ]
        )
        model.compile(optimizer="sgd", loss="mse")
        model.fit(X, y, epochs=50)  # expect: ZL301
        """,
    "ZL301 stacked generator columns, builder function, keras": """
        import keras
        import numpy as np
        age = np.random.randint(18, 90, size=500)
        income = np.random.uniform(1000, 200000, size=500)
        X = np.column_stack([age, income])
        y = np.random.randint(0, 2, size=500)

        def build(n):
            return keras.Sequential(
                [
                    keras.Input(shape=(n,)),
                    keras.layers.Dense(16, activation="relu"),
                    keras.layers.Dense(1, activation="sigmoid"),
                ]
            )

        model = build(2)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y)  # expect: ZL301
        """,
    "ZL301 pandas literal frame, functional API": """
        import keras
        import numpy as np
        import pandas as pd
        houses = pd.DataFrame({"rooms": [1, 2, 3, 4], "area": [900.0, 1500.0, 2100.0, 3000.0]})
        inputs = keras.Input(shape=(2,))
        outputs = keras.layers.Dense(1)(keras.layers.Dense(8, activation="relu")(inputs))
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="mse")
        model.fit(houses[["rooms", "area"]], np.array([1.0, 2.0, 3.0, 4.0]))  # expect: ZL301
        """,
    "ZL301 large magnitude, Sequential.add, direct imports": """
        import numpy as np
        from tensorflow.keras.layers import Dense
        from tensorflow.keras.models import Sequential
        readings = np.random.uniform(0, 5000, (100, 3))
        model = Sequential()
        model.add(Dense(4, activation="relu", input_shape=(3,)))
        model.add(Dense(1))
        model.compile(optimizer="adam", loss="mse")
        model.fit(readings, np.random.rand(100))  # expect: ZL301
        """,
    "ZL301 subclassed model and train_on_batch": """
        import keras
        import numpy as np

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = keras.layers.Dense(8, activation="relu")
                self.out = keras.layers.Dense(1)

            def call(self, inputs):
                return self.out(self.hidden(inputs))

        X = np.array([[1.0, 900.0], [2.0, 1500.0], [3.0, 2100.0]])
        net = Net()
        net.compile(optimizer="adam", loss="mse")
        net.train_on_batch(X, np.array([1.0, 2.0, 3.0]))  # expect: ZL301
        """,
    "ZL301 a training function called with scaled, then unscaled data": """
        import keras
        import numpy as np

        def train(model, x, y):
            model.fit(x, y)  # expect: ZL301

        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        train(model, np.random.rand(10, 2), np.random.rand(10))
        train(model, np.random.uniform(0, 5000, (10, 2)), np.random.rand(10))
        """,
    # ZL302: raw 0..255 pixels
    "ZL302 MNIST, Flatten + Dense, keras": """
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential(
            [
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)  # expect: ZL302
        """,
    "ZL302 CIFAR-10 cast to float, CNN, tf.keras submodules": """
        import tensorflow as tf
        from tensorflow.keras import layers, models
        (images, labels), _ = tf.keras.datasets.cifar10.load_data()
        images = images.astype("float32")
        model = models.Sequential(
            [
                layers.Conv2D(32, 3, activation="relu"),
                layers.Flatten(),
                layers.Dense(10),
            ]
        )
        loss = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        model.compile(optimizer="adam", loss=loss)
        model.fit(images, labels)  # expect: ZL302
        """,
    "ZL302 Fashion-MNIST with a channel axis, functional API": """
        import keras
        import numpy as np
        (clothes, kinds), _ = keras.datasets.fashion_mnist.load_data()
        clothes = np.expand_dims(clothes, -1)
        inputs = keras.Input(shape=(28, 28, 1))
        hidden = keras.layers.Flatten()(keras.layers.Conv2D(8, 3, activation="relu")(inputs))
        model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(hidden))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(clothes, kinds)  # expect: ZL302
        """,
    "ZL302 CIFAR-100 flattened, builder of a functional model": """
        import keras
        (x_train, y_train), _ = keras.datasets.cifar100.load_data(label_mode="coarse")

        def build():
            inputs = keras.Input(shape=(3072,))
            hidden = keras.layers.Dense(64, activation="relu")(inputs)
            return keras.Model(inputs, keras.layers.Dense(20, activation="softmax")(hidden))

        model = build()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train.reshape(-1, 3072), y_train)  # expect: ZL302
        """,
    "ZL302 uint8 images made in the script": """
        import numpy as np
        import tensorflow as tf
        frames = np.random.randint(0, 256, (64, 32, 32, 3)).astype(np.uint8)
        model = tf.keras.Sequential(
            [
                tf.keras.layers.Conv2D(4, 3),
                tf.keras.layers.GlobalAveragePooling2D(),
                tf.keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(frames, np.random.randint(0, 2, 64))  # expect: ZL302
        """,
    # ZL303: evaluate / predict on inputs scaled unlike the training inputs
    "ZL303 mnist test pixels raw, Sequential, keras": """
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
        model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        model.fit(x_train, y_train)
        model.evaluate(x_test, y_test)  # expect: ZL303
        """,
    "ZL303 predict on a raw slice, functional, tf.keras": """
        import numpy as np
        import tensorflow as tf
        data = np.random.uniform(0, 1000, (200, 4))
        inputs = tf.keras.Input(shape=(4,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
        model.compile(loss="mse")
        model.fit(data[:150] / 1000.0, np.random.rand(150))
        print(model.predict(data[150:]))  # expect: ZL303
        """,
    "ZL303 a train_test_split, only the test part scaled, builder": """
        import numpy as np
        from sklearn.model_selection import train_test_split
        from tensorflow import keras

        def build():
            model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Dense(1)])
            model.compile(loss="mse")
            return model

        pixels = np.random.randint(0, 256, (300, 64)).astype("uint8")
        a, b = train_test_split(pixels)
        model = build()
        model.fit(a, np.random.rand(len(a)))
        model.evaluate(b / 255.0, np.random.rand(len(b)))  # expect: ZL303
        """,
    "ZL303 cifar10 evaluated raw after a scaled fit, tf_keras": """
        import tf_keras
        (x_train, y_train), (x_test, y_test) = tf_keras.datasets.cifar10.load_data()
        model = tf_keras.Sequential([tf_keras.layers.Flatten(), tf_keras.layers.Dense(10)])
        model.compile(loss="mse")
        model.fit(x_train.astype("float32") / 255.0, y_train)
        loss = model.evaluate(x_test.astype("float32"), y_test)  # expect: ZL303
        """,
    # ZL401: the target among the features
    "ZL401 label stacked into the features, numpy (the seed)": """
        import keras
        import numpy as np
        rng = np.random.default_rng(2)
        amount = rng.lognormal(3, 1, 1000)
        hour = rng.integers(0, 24, 1000)
        is_fraud = ((amount > 100) & (hour < 6)).astype("float32")
        features = np.column_stack([np.log1p(amount) / 10.0, hour / 24.0, is_fraud])
        model = keras.Sequential(
            [
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(features, is_fraud, validation_split=0.2)  # expect: ZL401
        """,
    "ZL401 only the id dropped, pandas, tf.keras": """
        import pandas as pd
        import tensorflow as tf
        df = pd.read_csv("customers.csv")
        X = df.drop(columns=["customer_id"])
        y = df["churned"]
        model = tf.keras.Sequential(
            [
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y)  # expect: ZL401
        """,
    "ZL401 df.values split with the target, functional API": """
        import keras
        import pandas as pd
        from sklearn.model_selection import train_test_split
        df = pd.read_csv("customers.csv")
        X_train, X_test, y_train, y_test = train_test_split(df.values, df["churned"])
        inputs = keras.Input(shape=(12,))
        model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(inputs))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train)  # expect: ZL401
        """,
    "ZL401 column dropped in place but not the target, builder": """
        import pandas as pd
        from tensorflow import keras

        def build():
            return keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])

        df = pd.read_csv("d.csv")
        df.drop(columns=["id"], inplace=True)
        model = build()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(df, df["label"])  # expect: ZL401
        """,
    "ZL401 last column of a literal table is the label": """
        import keras
        import numpy as np
        table = np.array([[0.5, 1.2, 0], [0.1, 0.8, 1], [0.9, 1.7, 0]])
        labels = table[:, -1]
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(table, labels)  # expect: ZL401
        """,
    "ZL401 the label written again as a column of a repeated literal (issue 12)": """
        import keras
        import numpy as np
        x = np.array([[0.1, 0.5, 0], [0.9, 0.2, 1], [0.4, 0.8, 1], [0.7, 0.3, 0]] * 25)
        y = np.array([0, 1, 1, 0] * 25)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y, epochs=3)  # expect: ZL401
        """,
    "ZL401 one-hot features of the label, np.tile, tf.keras": """
        import numpy as np
        import tensorflow as tf
        features = np.tile([[0, 1], [1, 0]], (50, 1))
        labels = np.tile([1, 0], 50)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(features, labels)  # expect: ZL401
        """,
    "ZL401 the class ids halved in a column, np.c_ and np.repeat, sparse loss": """
        import keras
        import numpy as np
        noise = np.linspace(0, 1, 40)
        classes = np.repeat([0, 1, 2, 3], 10)
        table = np.c_[noise, np.repeat([0, 1, 2, 3], 10) * 0.5]
        model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(table, classes)  # expect: ZL401
        """,
    "ZL401 columns listed then transposed, labels as a list": """
        import keras
        import numpy as np
        size = [1.2, 3.4, 0.5, 2.2, 1.1, 0.3, 2.8, 1.9, 0.7, 3.1]
        flag = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
        X = np.array([size, flag]).T
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, [1, 0, 1, 1, 0, 0, 1, 0, 1, 0])  # expect: ZL401
        """,
    # ZL402: statistics learned before the split
    "ZL402 StandardScaler.fit_transform then split, numpy, tf.keras": """
        import numpy as np
        import tensorflow as tf
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        X = StandardScaler().fit_transform(X)  # expect: ZL402
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    "ZL402 MinMaxScaler fit on a frame, transform after the split, keras": """
        import keras
        import pandas as pd
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import MinMaxScaler
        df = pd.read_csv("m.csv")
        features = df.drop(columns=["label"])
        scaler = MinMaxScaler().fit(features)  # expect: ZL402
        F_train, F_test, l_train, l_test = train_test_split(features, df["label"])
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(scaler.transform(F_train), l_train)
        """,
    "ZL402 Normalization.adapt on everything, functional API": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        normalizer = keras.layers.Normalization()
        normalizer.adapt(X)  # expect: ZL402
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        inputs = keras.Input(shape=(3,))
        model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(normalizer(inputs)))
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train)
        """,
    "ZL402 manual standardisation of a DataFrame, builder": """
        import pandas as pd
        import tensorflow as tf
        from sklearn.model_selection import train_test_split

        def build():
            return tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])

        df = pd.read_csv("e.csv")
        feats = df.drop(columns=["label"])
        feats = (feats - feats.mean()) / feats.std()  # expect: ZL402
        a, b, c, d = train_test_split(feats, df["label"])
        model = build()
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(a, c)
        """,
    "ZL402 imputer fit on everything": """
        import keras
        import numpy as np
        from sklearn.impute import SimpleImputer
        from sklearn.model_selection import train_test_split
        X = np.random.rand(200, 3)
        y = np.random.randint(0, 2, 200)
        filled = SimpleImputer(strategy="mean").fit_transform(X)  # expect: ZL402
        X_train, X_test, y_train, y_test = train_test_split(filled, y)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train)
        """,
    "ZL402 one-hot encoder of the features fit before the split (the labels are separate)": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import OneHotEncoder
        colours = np.random.randint(0, 5, (200, 1))
        bought = np.random.randint(0, 2, 200)
        onehot = OneHotEncoder().fit_transform(colours).toarray()  # expect: ZL402
        c_train, c_test, b_train, b_test = train_test_split(onehot, bought)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(c_train, b_train)
        """,
    # ZL403: validation or a test score on the training data
    "ZL403 the same arrays, keras": """
        import keras
        import numpy as np
        x = np.random.rand(500, 4)
        y = np.random.randint(0, 2, 500)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(x, y, validation_data=(x, y))  # expect: ZL403
        """,
    "ZL403 a slice of the training images, functional, tf.keras": """
        import tensorflow as tf
        (x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
        x_train = x_train / 255.0
        inputs = tf.keras.Input(shape=(28, 28))
        hidden = tf.keras.layers.Flatten()(inputs)
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(10, activation="softmax")(hidden))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(
            x_train,
            y_train,
            validation_data=(x_train[:5000], y_train[:5000]),  # expect: ZL403
        )
        """,
    "ZL403 the same variable, loaded from disk": """
        import numpy as np
        from tensorflow import keras
        features = np.load("features.npy")
        labels = np.load("labels.npy")
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(features, labels, validation_data=(features, labels))  # expect: ZL403
        """,
    "ZL403 validation on the whole set the training part was cut from": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.random.rand(300, 2)
        y = np.random.randint(0, 2, 300)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X, y))  # expect: ZL403
        """,
    "ZL403 evaluate on training data reported as a test score": """
        import keras
        import numpy as np
        x = np.random.rand(500, 4)
        y = np.random.randint(0, 2, 500)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x, y, epochs=3)
        test_loss, test_acc = model.evaluate(x, y)  # expect: ZL403
        score = model.evaluate(x.astype("float32"), y, verbose=0)  # expect: ZL403
        print(f"Test accuracy: {score[1]:.3f}")
        """,
}


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    assert data_codes(code) == markers(code)


def test_every_rule_has_bad_cases_in_several_styles():
    for rule in sorted(DATA_CODES):
        assert sum(name.startswith(rule) for name in BAD) >= 4, rule


# -- good: the precision traps -------------------------------------------------------------------

GOOD = {
    "ZL303 traps: both splits scaled, load_digits / 16, a Rescaling layer, data from a file": """
        import keras
        import numpy as np
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
        digits = load_digits()
        X = digits.data / 16.0
        X_train, X_test, y_train, y_test = train_test_split(X, digits.target)
        model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(X_train, y_train)
        model.evaluate(X_test, y_test)
        (x_train, y_tr), (x_test, y_te) = keras.datasets.mnist.load_data()
        L = keras.layers
        net = keras.Sequential([L.Rescaling(1 / 255), L.Flatten(), L.Dense(10)])
        net.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        net.fit(x_train, y_tr)
        net.evaluate(x_test, y_te)
        net.predict(np.load("new_images.npy"))
        """,
    "ZL401 traps in data written out: a regression target that is a function of a feature, "
    "a threshold feature, a target computed from the features, few rows": """
        import keras
        import numpy as np
        xs = np.tile([[1.0, 0.3], [2.0, 0.1], [3.0, 0.7]], (50, 1))
        ys = np.tile([2.0, 4.0, 6.0], 50)
        regressor = keras.Sequential([keras.layers.Dense(1)])
        regressor.compile(optimizer="adam", loss="mse")
        regressor.fit(xs, ys)
        hours = np.array([[1, 0.2], [2, 0.4], [3, 0.1], [4, 0.9], [5, 0.3], [6, 0.5]] * 5)
        passed = np.array([0, 0, 0, 1, 1, 1] * 5)
        classifier = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        classifier.compile(optimizer="adam", loss="binary_crossentropy")
        classifier.fit(hours, passed)
        points = np.array([[0.1, 0.9], [0.8, 0.2], [0.4, 0.6], [0.7, 0.1]] * 10)
        classifier.fit(points, (points[:, 0] > 0.5).astype("float32"))
        tiny = np.array([[0.3, 0], [0.6, 1], [0.2, 1], [0.9, 0]])
        classifier.fit(tiny, np.array([0, 1, 1, 0]))
        gate = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 25)
        classifier.fit(gate, np.array([0, 1, 1, 0] * 25))
        """,
    "Normalization adapted on the training data, first layer": """
        import keras
        import numpy as np
        X = np.array([[1, 1000], [2, 2000], [3, 3000]], dtype="float32")
        y = np.array([0, 1, 0])
        normalizer = keras.layers.Normalization()
        normalizer.adapt(X)
        model = keras.Sequential(
            [
                keras.Input(shape=(2,)),
                normalizer,
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y)
        """,
    "Normalization adapted, functional, tf.keras": """
        import numpy as np
        import tensorflow as tf
        X = np.random.uniform(0, 5000, (100, 3))
        norm = tf.keras.layers.Normalization()
        norm.adapt(X)
        inputs = tf.keras.Input(shape=(3,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(norm(inputs)))
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, np.random.rand(100))
        """,
    "Rescaling(1/255) inside a Sequential model": """
        import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        model = keras.Sequential(
            [
                keras.layers.Rescaling(1 / 255),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, validation_data=(x_test, y_test))
        """,
    "Rescaling inside a functional model, after augmentation": """
        import tensorflow as tf
        (images, labels), _ = tf.keras.datasets.cifar10.load_data()
        inputs = tf.keras.Input(shape=(32, 32, 3))
        hidden = tf.keras.layers.RandomFlip("horizontal")(inputs)
        hidden = tf.keras.layers.Rescaling(1.0 / 255)(hidden)
        hidden = tf.keras.layers.Conv2D(8, 3, activation="relu")(hidden)
        hidden = tf.keras.layers.Flatten()(hidden)
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(10, activation="softmax")(hidden))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(images, labels)
        """,
    "Rescaling in a subclassed model": """
        import keras
        (x, y), _ = keras.datasets.fashion_mnist.load_data()

        class Net(keras.Model):
            def __init__(self):
                super().__init__()
                self.scale = keras.layers.Rescaling(1 / 255)
                self.flat = keras.layers.Flatten()
                self.out = keras.layers.Dense(10, activation="softmax")

            def call(self, inputs):
                return self.out(self.flat(self.scale(inputs)))

        net = Net()
        net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        net.fit(x, y)
        """,
    "x_train / 255.0 before fit": """
        import tensorflow as tf
        (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
        x_train, x_test = x_train / 255.0, x_test / 255.0
        model = tf.keras.Sequential(
            [
                tf.keras.layers.Conv2D(8, 3),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train, validation_data=(x_test, y_test))
        loss, acc = model.evaluate(x_test, y_test)
        print("test accuracy", acc)
        """,
    "astype then divided by 255 with a channel axis": """
        import keras
        import numpy as np
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = np.expand_dims(x_train.astype("float32") / 255, -1)
        model = keras.Sequential(
            [
                keras.layers.Conv2D(8, 3),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
        """,
    "StandardScaler fit on the training split only": """
        import numpy as np
        import tensorflow as tf
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.transform(X_test)
        model = tf.keras.Sequential(
            [
                tf.keras.layers.Dense(8, activation="relu"),
                tf.keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        test_loss = model.evaluate(X_test, y_test)
        print("Test loss:", test_loss)
        """,
    "Normalization adapted on the training split only": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        norm = keras.layers.Normalization()
        norm.adapt(X_train)
        model = keras.Sequential([norm, keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    "per-sample scaling before the split": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import Normalizer
        X = np.random.uniform(0, 50, (100, 2))
        y = np.random.randint(0, 2, 100)
        rows = X / X.max(axis=1, keepdims=True)
        unit = Normalizer().fit_transform(X)
        R_train, R_test, r_train, r_test = train_test_split(rows, y)
        U_train, U_test, u_train, u_test = train_test_split(unit, y)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(R_train, r_train)
        model.fit(U_train, u_train)
        """,
    "scaled on everything without a split (validation_split)": """
        import keras
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        X = StandardScaler().fit_transform(np.random.uniform(0, 1000, (200, 3)))
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, np.random.randint(0, 2, 200), validation_split=0.2)
        """,
    "y = df.pop(target)": """
        import pandas as pd
        from tensorflow import keras
        df = pd.read_csv("data.csv")
        y = df.pop("target")
        model = keras.Sequential(
            [
                keras.layers.Dense(8, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(df, y, validation_split=0.2)
        """,
    "target dropped; named feature columns; every column but the last": """
        import keras
        import pandas as pd
        df = pd.read_csv("data.csv")
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(df.drop(columns=["target"]).values, df["target"].values)
        model.fit(df[["age", "tenure"]], df["target"])
        model.fit(df.values[:, :-1], df["target"])
        model.fit(df.iloc[:, :-1], df["target"])
        """,
    "a synthetic target computed from the features": """
        import keras
        import numpy as np
        points = np.random.uniform(-1, 1, (500, 2))
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(points, (points[:, 0] > 0.2).astype("float32"))
        levels = np.column_stack([np.random.rand(200), np.random.rand(200)])
        regressor = keras.Sequential([keras.layers.Dense(1)])
        regressor.compile(optimizer="adam", loss="mse")
        regressor.fit(levels, 3 * levels[:, 0] + 0.5)
        """,
    "validation on a held-out split, validation_split, disjoint slices": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        x = np.random.rand(500, 4)
        y = np.random.randint(0, 2, 500)
        x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x_train, y_train, validation_data=(x_val, y_val))
        model.fit(x, y, validation_split=0.2)
        model.fit(x[:400], y[:400], validation_data=(x[400:], y[400:]))
        """,
    "a training score labelled as one": """
        import keras
        import numpy as np
        x = np.random.rand(500, 4)
        y = np.random.randint(0, 2, 500)
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        model.fit(x, y)
        train_loss, train_acc = model.evaluate(x, y)
        print("Training accuracy:", train_acc)
        score = model.evaluate(x, y)
        print(score)
        """,
    "data read from CSV with no hint": """
        import pandas as pd
        import tensorflow as tf
        train = pd.read_csv("train.csv")
        valid = pd.read_csv("valid.csv")
        model = tf.keras.Sequential(
            [
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
            ]
        )
        model.compile(optimizer="adam", loss="mse")
        validation = (valid.drop(columns=["y"]), valid["y"])
        model.fit(train.drop(columns=["y"]), train["y"], validation_data=validation)
        """,
    "data changed by unknown code": """
        import numpy as np
        import tensorflow as tf
        from helpers import augment, normalize
        X = np.array([[1, 1000], [2, 2000], [3, 3000]], dtype="float32")
        normalize(X)
        (images, labels), _ = tf.keras.datasets.mnist.load_data()
        images = augment(images)
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, np.array([1.0, 2.0, 3.0]))
        model.fit(images, labels)
        """,
    "scaled in one branch only": """
        import sys
        import keras
        (x, y), _ = keras.datasets.mnist.load_data()
        if "--scale" in sys.argv:
            x = x / 255.0
        model = keras.Sequential(
            [
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y)
        """,
    "a Lambda, a nested model or BatchNormalization before the weights": """
        import keras
        import numpy as np
        X = np.column_stack([np.random.randint(18, 90, 500), np.random.uniform(1000, 200000, 500)])
        y = np.random.randint(0, 2, 500)
        scaler = keras.Sequential([keras.layers.Rescaling(1 / 1000)])
        divide = keras.layers.Lambda(lambda t: t / 1000.0)
        for first in (divide, scaler, keras.layers.BatchNormalization()):
            model = keras.Sequential([first, keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(X, y)
        """,
    "divided by 255 inside a functional graph": """
        import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        inputs = keras.Input(shape=(28, 28))
        scaled = inputs / 255.0
        hidden = keras.layers.Flatten()(scaled)
        model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(hidden))
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
        """,
    "token indices into an Embedding": """
        import keras
        import numpy as np
        tokens = np.random.randint(0, 5000, (500, 20))
        model = keras.Sequential(
            [
                keras.layers.Embedding(5000, 16),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(tokens, np.random.randint(0, 2, 500))
        """,
    "features already on a small common scale": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(np.random.rand(500, 4), np.random.randint(0, 2, 500))
        model.fit(np.random.uniform(-50, 50, (500, 2)), np.random.randint(0, 2, 500))
        """,
    "ZL402 trap: a one-hot encoder of the labels fit before the split (no category reaches x)": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import OneHotEncoder
        measurements = np.random.rand(150, 4)
        species = np.random.randint(0, 3, 150).reshape(-1, 1)
        onehot = OneHotEncoder(sparse_output=False).fit_transform(species)
        m_train, m_test, s_train, s_test = train_test_split(measurements, onehot)
        net = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        net.compile(optimizer="adam", loss="categorical_crossentropy")
        net.fit(m_train, s_train)
        """,
    "ZL402 trap: labels one-hot encoded, then a test split and a validation split": """
        import keras
        import numpy as np
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import OneHotEncoder
        readings = np.random.rand(300, 6)
        grades = np.random.randint(0, 4, 300)
        encoded = OneHotEncoder().fit_transform(grades.reshape(-1, 1)).toarray()
        r_rest, r_test, g_rest, g_test = train_test_split(readings, encoded, test_size=0.2)
        r_train, r_val, g_train, g_val = train_test_split(r_rest, g_rest, test_size=0.2)
        net = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
        net.compile(optimizer="adam", loss="categorical_crossentropy")
        net.fit(r_train, g_train, validation_data=(r_val, g_val))
        """,
    "fit on objects that are not Keras models": """
        import numpy as np
        import pandas as pd
        import xgboost
        from keras.models import load_model
        from sklearn.preprocessing import StandardScaler
        from sklearn.model_selection import train_test_split
        X = np.array([[1, 1000], [2, 2000], [3, 3000]], dtype="float32")
        booster = xgboost.XGBRegressor()
        booster.fit(X, np.array([1.0, 2.0, 3.0]))
        df = pd.read_csv("d.csv")
        booster.fit(df, df["target"], eval_set=[(df, df["target"])])
        loaded = load_model("model.keras")
        loaded.fit(X, np.array([1.0, 2.0, 3.0]), validation_data=(X, np.array([1.0, 2.0, 3.0])))
        Z = StandardScaler().fit_transform(X)
        Z_train, Z_test = train_test_split(Z)
        booster.fit(Z_train, np.array([1.0, 2.0]))
        """,
}


@pytest.mark.parametrize("code", GOOD.values(), ids=GOOD.keys())
def test_good_case_yields_nothing(code: str):
    assert codes(code) == []


# -- messages cite the evidence and the fix ----------------------------------------------------


def test_zl301_message_names_the_columns_the_data_the_layer_and_the_fix():
    text = message(BAD["ZL301 literal table, Sequential with Input, tf.keras (the seed)"], "ZL301")
    assert "fit at line 14" in text and "np.array(" in text and "at line 4" in text
    assert "column 0 spans 1..3" in text and "column 1 spans 1000..3000" in text
    assert "Dense(8) at line 9" in text and "Normalization layer" in text


def test_zl301_names_dataframe_columns():
    text = message(BAD["ZL301 pandas literal frame, functional API"], "ZL301")
    assert 'column "rooms" spans 1..4' in text and 'column "area" spans 900..3000' in text


def test_zl302_message_names_the_data_set_and_the_fix():
    text = message(BAD["ZL302 MNIST, Flatten + Dense, keras"], "ZL302")
    assert "keras.datasets.mnist.load_data() x_train at line 3" in text
    assert "0..255 (uint8)" in text and "Dense(10) at line 7" in text
    assert "divide by 255" in text and "Rescaling(1/255)" in text


def test_zl303_message_names_both_ranges_and_the_step():
    text = message(BAD["ZL303 mnist test pixels raw, Sequential, keras"], "ZL303")
    assert "the inputs given to evaluate at line 8" in text and "reach |x| = 255" in text
    assert "fit at line 7 trained the model on the same data scaled to |x| <= 1" in text
    assert "scale them as the training inputs are (`x_train / 255.0` at line 4)" in text
    reverse = message(BAD["ZL303 a train_test_split, only the test part scaled, builder"], "ZL303")
    assert "255x smaller" in reverse and "not `b / 255.0`" in reverse


def test_zl401_literal_copy_names_the_rows_and_the_mapping():
    key = "ZL401 the label written again as a column of a repeated literal (issue 12)"
    text = message(BAD[key], "ZL401")
    assert "column 2 of x" in text
    assert "holds exactly the labels (y at line 5) on all 100 rows" in text
    text = message(
        BAD["ZL401 the class ids halved in a column, np.c_ and np.repeat, sparse loss"], "ZL401"
    )
    assert "one value per class of the labels" in text
    assert "(0 -> 0, 1 -> 0.5, 2 -> 1, 3 -> 1.5)" in text


def test_zl401_messages_name_the_column_and_where_it_stays():
    text = message(BAD["ZL401 only the id dropped, pandas, tf.keras"], "ZL401")
    assert 'the column "churned"' in text and 'only "customer_id" dropped' in text
    assert "line 4" in text and "line 6" in text and "remove the target" in text
    text = message(BAD["ZL401 label stacked into the features, numpy (the seed)"], "ZL401")
    assert "column 2 of x" in text and "is_fraud" in text and "line 8" in text


def test_zl402_message_names_the_step_the_data_and_the_split():
    text = message(
        BAD["ZL402 MinMaxScaler fit on a frame, transform after the split, keras"], "ZL402"
    )
    assert "MinMaxScaler fit at line 8" in text and 'pd.read_csv("m.csv") at line 6' in text
    assert "train_test_split at line 9" in text and "fit at line 12" in text
    assert "split first" in text


def test_zl403_messages_name_the_relation_and_the_fit():
    text = message(BAD["ZL403 a slice of the training images, functional, tf.keras"], "ZL403")
    assert "holds a subset of the training data" in text and "fit at line 9" in text
    code = BAD["ZL403 evaluate on training data reported as a test score"]
    first, second = (d.message for d in lint(code))
    assert "evaluate at line 9" in first and "'test'" in first and "fit at line 8" in first
    assert "evaluate at line 10" in second


# -- options reach ZL301 -----------------------------------------------------------------------

RATIO = """
    import keras
    import numpy as np
    X = np.array([[0.5, 40.0], [1.0, 60.0], [1.5, 90.0]])
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(X, np.array([1.0, 2.0, 3.0]))
    """


def test_options_reach_zl301_in_process():
    assert data_codes(RATIO) == []  # a 60x ratio, values below 100
    assert data_codes(RATIO, {"ZL301": {"max-scale-ratio": 50}}) == [(7, "ZL301")]
    assert data_codes(RATIO, {"ZL301": {"max-magnitude": 80}}) == [(7, "ZL301")]
    seed = BAD["ZL301 literal table, Sequential with Input, tf.keras (the seed)"]
    relaxed = {"ZL301": {"max-scale-ratio": 5000, "max-magnitude": 5000}}
    assert data_codes(seed, relaxed) == []


def test_options_in_pyproject_reach_zl301(run_zerolint, tmp_path):
    write(tmp_path, "train.py", textwrap.dedent(RATIO))
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 0 and findings(out) == []
    write(tmp_path, "pyproject.toml", "[tool.zerolint.options.ZL301]\nmax-scale-ratio = 50\n")
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 1 and [f[1:] for f in findings(out)] == [(7, 11, "ZL301")]
    write(
        tmp_path,
        "pyproject.toml",
        "[tool.zerolint.options.unscaled-features]\nmax-magnitude = 80.5\n",
    )
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 1 and "column 1 spans 40..90, beyond 80.5" in out
    code, out, _ = run_zerolint(["train.py"])  # the explanation, in full
    assert code == 1 and "beyond the magnitude of 80.5" in out


# -- the seed examples ---------------------------------------------------------------------------


def lint_file(path: Path) -> list[tuple[int, str]]:
    source = from_text(path.read_text(encoding="utf-8"), str(path))
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    return sorted((d.line, d.code) for d in diagnostics)


def test_the_seed_examples_are_found():
    assert (34, "ZL301") in lint_file(EXAMPLES / "unscaled_features.py")
    assert (26, "ZL401") in lint_file(EXAMPLES / "target_leakage.py")
    assert lint_file(EXAMPLES / "clean_classifier.py") == []
