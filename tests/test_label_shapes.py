"""ZL206: labels whose shape does not line up with the output's shape under the loss
(issue 12 §1), and the new ZL203 binary cross-entropy widths.

Each bad case carries ``# expect:`` markers on the lines the findings must point at, and the
test asserts every loss/label finding exactly, so one mistake gets one finding. Good cases are
the traps: correct shapes, and shapes the analysis cannot know. Keys start with the codes a
case is about and its family, which is how the counts per family are taken.
"""

from __future__ import annotations

import re

import pytest
from conftest import lint, markers, message


def codes(code: str) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint(code) if d.code[:3] in ("ZL1", "ZL2"))


# -- the issue's snippets ------------------------------------------------------------------

ISSUE = {
    "ZL206 per-sequence: GRU without return_sequences, per-step one-hot labels": """
        import keras
        import numpy as np
        x = np.random.rand(40, 12, 3)
        y = keras.utils.to_categorical(np.random.randint(0, 5, (40, 12)), 5)
        model = keras.Sequential([keras.layers.GRU(16, input_shape=(12, 3)),
                                  keras.layers.Dense(5, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(x, y)  # expect: ZL206
        """,
    "ZL206 conv: Conv1D into Dense with no Flatten, per-sample one-hot labels": """
        import keras
        import numpy as np
        x = np.random.rand(64, 50, 1)
        y = keras.utils.to_categorical(np.random.randint(0, 3, 64), 3)
        model = keras.Sequential([keras.layers.Conv1D(8, 5, activation="relu", input_shape=(50, 1)),
                                  keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(x, y)  # expect: ZL206
        """,
    "ZL206 autoencoder: 1-channel output, the 3-channel input as target": """
        import keras
        from keras import layers
        inp = keras.Input((32, 32, 3))
        h = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
        out = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(h)
        ae = keras.Model(inp, out); ae.compile(optimizer="adam", loss="binary_crossentropy")
        ae.fit(imgs, imgs)  # expect: ZL206  # noqa: F821
        """,
    "ZL203 binary width: two sigmoid units, one 0/1 label": """
        import keras
        import numpy as np
        x = np.random.rand(120, 5)
        y = np.random.randint(0, 2, 120)
        model = keras.Sequential([keras.layers.Dense(8, activation="relu", input_shape=(5,)),
                                  keras.layers.Dense(2, activation="sigmoid")])  # expect: ZL203
        model.compile(optimizer="adam", loss="binary_crossentropy"); model.fit(x, y)
        """,
}


@pytest.mark.parametrize("code", ISSUE.values(), ids=ISSUE.keys())
def test_every_snippet_of_the_issue_is_found(code: str):
    assert codes(code) == markers(code)


def test_issue_messages_name_the_evidence_and_the_fix():
    recurrent = message(ISSUE[next(iter(ISSUE))], "ZL206")
    assert "the output Dense(5) at line 7 has shape (None, 5)" in recurrent
    assert "GRU(16) at line 6 returns one vector per sequence" in recurrent
    assert "keras.utils.to_categorical(np.random.randint(0, 5, (40, 12)), 5) at line 5" in recurrent
    assert "have shape (40, 12, 5) for categorical_crossentropy (line 8)" in recurrent
    assert "Keras 3 stops at the first training step with a shape error" in recurrent
    assert "set return_sequences=True on GRU(16)" in recurrent
    conv = message(list(ISSUE.values())[1], "ZL206")
    assert "has shape (None, 46, 3) — Conv1D(8) at line 6 keeps the steps axis" in conv
    assert "have shape (64, 3)" in conv and "add Flatten() or GlobalAveragePooling1D()" in conv
    autoencoder = message(list(ISSUE.values())[2], "ZL206")
    assert "the output Conv2D(1) at line 6 has shape (None, 32, 32, 1)" in autoencoder
    assert "declared at line 4" in autoencoder and "(None, 32, 32, 3)" in autoencoder
    assert "give the last layer 3 filters (Conv2D(3, ...))" in autoencoder
    binary = message(list(ISSUE.values())[3], "ZL203")
    assert "has 2 sigmoid units" in binary and "one 0/1 label per sample, shape (N,)" in binary
    assert "np.random.randint(0, 2, 120) at line 5" in binary and "use Dense(1)" in binary


# -- bad: each family in several API styles ---------------------------------------------------

BAD = {
    # per-sequence output, per-step labels
    "ZL206 per-sequence: tf.keras functional LSTM, per-step class indices, sparse": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(20, 8))
        state = tf.keras.layers.LSTM(32)(inputs)
        tags = tf.keras.layers.Dense(6, activation="softmax")(state)
        tagger = tf.keras.Model(inputs, tags)
        tagger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        per_step = np.random.randint(0, 6, size=(50, 20))
        tagger.fit(np.random.rand(50, 20, 8), per_step)  # expect: ZL206
        """,
    "ZL206 per-sequence: builder, SimpleRNN regression on per-step targets (silent)": """
        import keras
        import numpy as np

        def build(steps):
            model = keras.Sequential([
                keras.Input((steps, 4)),
                keras.layers.SimpleRNN(16),
                keras.layers.Dense(1),
            ])
            model.compile(optimizer="adam", loss="mse")
            return model

        model = build(30)
        model.fit(np.random.rand(80, 30, 4), np.random.rand(80, 30))  # expect: ZL206
        """,
    "ZL206 per-sequence: Bidirectional LSTM, .add, per-step one-hot": """
        import keras
        import numpy as np
        from keras import layers
        model = keras.Sequential()
        model.add(layers.Input((15, 10)))
        model.add(layers.Bidirectional(layers.LSTM(8)))
        model.add(layers.Dense(3, activation="softmax"))
        model.compile(loss="categorical_crossentropy")
        y = keras.utils.to_categorical(np.random.randint(0, 3, (30, 15)), 3)
        model.fit(np.random.rand(30, 15, 10), y)  # expect: ZL206
        """,
    # per-step output, per-sample labels
    "ZL206 per-step: return_sequences=True, one class per sequence, sparse": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.layers.Embedding(1000, 32),
            keras.layers.LSTM(64, return_sequences=True),
            keras.layers.Dense(4, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        tokens = np.random.randint(0, 1000, (200, 40))
        model.fit(tokens, np.random.randint(0, 4, 200))  # expect: ZL206
        """,
    "ZL206 per-step: tf.keras GRU return_sequences, one target per sequence (silent)": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input((24, 3))
        hidden = tf.keras.layers.GRU(16, return_sequences=True)(inputs)
        forecast = tf.keras.layers.Dense(1)(hidden)
        model = tf.keras.Model(inputs=inputs, outputs=forecast)
        model.compile(optimizer="adam", loss="mae")
        model.fit(np.random.rand(90, 24, 3), np.random.rand(90))  # expect: ZL206
        """,
    "ZL206 per-step: Bidirectional return_sequences + TimeDistributed, one-hot per sample": """
        import keras
        import numpy as np
        from keras import layers
        model = keras.Sequential([
            layers.Input((10, 6)),
            layers.Bidirectional(layers.LSTM(8, return_sequences=True)),
            layers.TimeDistributed(layers.Dense(2, activation="softmax")),
        ])
        model.compile(loss="categorical_crossentropy")
        y = keras.utils.to_categorical(np.random.randint(0, 2, 40), 2)
        model.fit(np.random.rand(40, 10, 6), y)  # expect: ZL206
        """,
    # convolutional (or embedded) axes never flattened
    "ZL206 conv: tf.keras Conv2D + pooling into Dense, mnist class indices": """
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
        model = tf.keras.Sequential([
            tf.keras.layers.Conv2D(16, 3, activation="relu", input_shape=(28, 28, 1)),
            tf.keras.layers.MaxPooling2D(),
            tf.keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)  # expect: ZL206
        """,
    "ZL206 conv: builder, Conv1D regression into Dense(1), one target per sample (silent)": """
        import keras
        import numpy as np
        from keras import layers

        def build_model(length):
            inputs = keras.Input((length, 2))
            features = layers.Conv1D(16, 3, padding="same", activation="relu")(inputs)
            outputs = layers.Dense(1)(features)
            return keras.Model(inputs, outputs)

        model = build_model(64)
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(100, 64, 2), np.random.rand(100))  # expect: ZL206
        """,
    "ZL206 conv: Embedding into Dense without pooling, one 0/1 label per review": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.Input((100,)),
            keras.layers.Embedding(5000, 16),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        reviews = np.random.randint(0, 5000, (64, 100))
        model.fit(reviews, np.random.randint(0, 2, 64))  # expect: ZL206
        """,
    "ZL206 conv: images into Dense with no Flatten, built on the data": """
        import keras
        import numpy as np
        (x, y), _ = keras.datasets.fashion_mnist.load_data()
        model = keras.Sequential([
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x / 255.0, y)  # expect: ZL206
        """,
    # regression width
    "ZL206 width: Dense(3) regression on one target per sample": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.Input((5,)),
            keras.layers.Dense(16, activation="relu"),
            keras.layers.Dense(3),
        ])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.random.rand(50, 5), np.random.rand(50))  # expect: ZL206
        """,
    "ZL206 width: tf.keras one output, three target columns (silent)": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input((8,))
        price = tf.keras.layers.Dense(1)(tf.keras.layers.Dense(32, activation="relu")(inputs))
        model = tf.keras.Model(inputs, price)
        model.compile(optimizer="adam", loss="mean_squared_error")
        model.fit(np.random.rand(60, 8), np.random.rand(60, 3))  # expect: ZL206
        """,
    "ZL206 width: builder, Dense(4) on a (N, 1) target (silent)": """
        import keras
        import numpy as np

        def build():
            model = keras.Sequential([keras.layers.Dense(4)])
            model.compile(optimizer="sgd", loss=keras.losses.Huber())
            return model

        model = build()
        model.fit(np.random.rand(30, 6), np.random.rand(30, 1))  # expect: ZL206
        """,
    # autoencoders
    "ZL206 autoencoder: known images, 1-channel output under MSE (silent)": """
        import keras
        import numpy as np
        from keras import layers
        images = np.random.rand(16, 32, 32, 3)
        inputs = keras.Input((32, 32, 3))
        code = layers.MaxPooling2D()(layers.Conv2D(8, 3, padding="same", activation="relu")(inputs))
        upsampled = layers.UpSampling2D()(code)
        decoded = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(upsampled)
        model = keras.Model(inputs, decoded)
        model.compile(optimizer="adam", loss="mse")
        model.fit(images, images)  # expect: ZL206
        """,
    "ZL206 autoencoder: tf.keras valid padding shrinks 28x28 to 24x24": """
        import tensorflow as tf
        (digits, _), _ = tf.keras.datasets.mnist.load_data()
        digits = digits.reshape(-1, 28, 28, 1) / 255.0
        model = tf.keras.Sequential([
            tf.keras.layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
            tf.keras.layers.Conv2D(1, 3, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(digits, digits)  # expect: ZL206
        """,
    "ZL206 autoencoder: builder, dense decoder half the input's width": """
        import keras
        import numpy as np

        def build(width):
            inputs = keras.Input((width,))
            code = keras.layers.Dense(32, activation="relu")(inputs)
            return keras.Model(inputs, keras.layers.Dense(width // 2, activation="sigmoid")(code))

        rows = np.random.rand(100, 784)
        model = build(784)
        model.compile(optimizer="adam", loss="mse")
        model.fit(rows, rows)  # expect: ZL206
        """,
    # labels built into an extra axis
    "ZL206 extra axis: a helper builds (N, 1, C) one-hot labels for an (N, C) output": """
        import keras
        import numpy as np

        def make_labels(classes, count):
            y = keras.utils.to_categorical(np.random.randint(0, classes, count), classes)
            return np.expand_dims(y, 1)

        model = keras.Sequential([keras.Input((12,)), keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(np.random.rand(64, 12), make_labels(4, 64))  # expect: ZL206
        """,
    "ZL206 extra axis: tf.keras regression targets reshaped to (N, 1, 4) (silent)": """
        import numpy as np
        import tensorflow as tf
        targets = np.random.rand(64, 4).reshape(-1, 1, 4)
        inputs = tf.keras.Input((12,))
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(4)(inputs))
        model.compile(loss="mse")
        model.fit(np.random.rand(64, 12), targets)  # expect: ZL206
        """,
    "ZL206 conv: a directory dataset into Conv2D and Dense, no Input, one 0/1 label per image": """
        import keras
        from keras import layers
        images = keras.utils.image_dataset_from_directory(
            "data/train", label_mode="binary", image_size=(64, 64)
        )
        model = keras.Sequential([
            layers.Rescaling(1 / 255),
            layers.Conv2D(8, 3, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(images)  # expect: ZL206
        """,
}


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    expected = markers(code)
    assert expected
    assert codes(code) == expected


# -- good: the traps ---------------------------------------------------------------------------

GOOD = {
    "ZL206 per-step: return_sequences + TimeDistributed on per-step one-hot labels": """
        import keras
        import numpy as np
        from keras import layers
        model = keras.Sequential([
            layers.Input((12, 3)),
            layers.GRU(16, return_sequences=True),
            layers.TimeDistributed(layers.Dense(5, activation="softmax")),
        ])
        model.compile(loss="categorical_crossentropy")
        y = keras.utils.to_categorical(np.random.randint(0, 5, (40, 12)), 5)
        model.fit(np.random.rand(40, 12, 3), y)
        """,
    "ZL206 per-step: per-step class indices (N, T) with a sparse loss on (N, T, C)": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.Input((None,)),
            keras.layers.Embedding(500, 16),
            keras.layers.Bidirectional(keras.layers.LSTM(8, return_sequences=True)),
            keras.layers.Dense(7, activation="softmax"),
        ])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(np.random.randint(0, 500, (32, 25)), np.random.randint(0, 7, (32, 25)))
        model.fit(np.random.randint(0, 500, (32, 25)), np.random.randint(0, 7, (32, 25, 1)))
        """,
    "ZL206 per-step: encoder-decoder with RepeatVector on per-step labels": """
        import keras
        import numpy as np
        from keras import layers
        model = keras.Sequential([
            layers.Input((7, 12)),
            layers.LSTM(64),
            layers.RepeatVector(4),
            layers.LSTM(64, return_sequences=True),
            layers.Dense(12, activation="softmax"),
        ])
        model.compile(loss="categorical_crossentropy")
        y = keras.utils.to_categorical(np.random.randint(0, 12, (50, 4)), 12)
        model.fit(np.random.rand(50, 7, 12), y)
        """,
    "ZL206 per-sequence: LSTM without return_sequences on one label per sequence": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input((30, 4))
        hidden = tf.keras.layers.LSTM(16, return_sequences=True)(inputs)
        last = tf.keras.layers.LSTM(16)(hidden)
        model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, activation="sigmoid")(last))
        model.compile(loss="binary_crossentropy")
        model.fit(np.random.rand(64, 30, 4), np.random.randint(0, 2, 64))
        model.fit(np.random.rand(64, 30, 4), np.random.randint(0, 2, (64, 1)))
        """,
    "ZL206 conv: Conv -> Flatten -> Dense and Conv -> global pooling on per-sample labels": """
        import keras
        import numpy as np
        from keras import layers
        x = np.random.rand(64, 28, 28, 1)
        y = keras.utils.to_categorical(np.random.randint(0, 10, 64), 10)
        flat = keras.Sequential([
            layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
        flat.compile(loss="categorical_crossentropy")
        flat.fit(x, y)
        pooled = keras.Sequential([
            layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, activation="softmax"),
        ])
        pooled.compile(loss="sparse_categorical_crossentropy")
        pooled.fit(x, np.random.randint(0, 10, 64))
        """,
    "ZL206 conv: Conv1D -> GlobalMaxPooling1D text classifier; Embedding -> Flatten": """
        import keras
        import numpy as np
        texts = np.random.randint(0, 2000, (48, 80))
        model = keras.Sequential([
            keras.Input((80,)),
            keras.layers.Embedding(2000, 32),
            keras.layers.Conv1D(64, 5, activation="relu"),
            keras.layers.GlobalMaxPooling1D(),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(loss="binary_crossentropy")
        model.fit(texts, np.random.randint(0, 2, 48))
        flat = keras.Sequential([
            keras.Input((80,)),
            keras.layers.Embedding(2000, 8),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ])
        flat.compile(loss="sparse_categorical_crossentropy")
        flat.fit(texts, np.random.randint(0, 3, 48))
        """,
    "ZL206 conv: segmentation, a per-pixel output on per-pixel masks": """
        import keras
        import numpy as np
        from keras import layers
        inputs = keras.Input((64, 64, 3))
        x = layers.Conv2D(16, 3, strides=2, padding="same", activation="relu")(inputs)
        x = layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu")(x)
        mask = layers.Conv2D(4, 1, activation="softmax")(x)
        model = keras.Model(inputs, mask)
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(np.random.rand(8, 64, 64, 3), np.random.randint(0, 4, (8, 64, 64, 1)))
        model.fit(np.random.rand(8, 64, 64, 3), np.random.randint(0, 4, (8, 64, 64)))
        """,
    "ZL206 width: sparse (N,) on (N, C), (N, 1) on (N, 1), regressions of the right width": """
        import keras
        import numpy as np
        x = np.random.rand(64, 8)
        classes = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation="softmax")])
        classes.compile(loss="sparse_categorical_crossentropy")
        classes.fit(x, np.random.randint(0, 5, 64))
        classes.fit(x, np.random.randint(0, 5, (64, 1)))
        binary = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
        binary.compile(loss="binary_crossentropy")
        binary.fit(x, np.random.randint(0, 2, (64, 1)))
        one = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
        one.compile(loss="mse")
        one.fit(x, np.random.rand(64))
        one.fit(x, np.random.rand(64, 1))
        three = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3)])
        three.compile(loss="mae")
        three.fit(x, np.random.rand(64, 3))
        """,
    "ZL206 autoencoder: matching channels, conv and dense, upsampling and cropping": """
        import keras
        import numpy as np
        from keras import layers
        images = np.random.rand(16, 28, 28, 1)
        inputs = keras.Input((28, 28, 1))
        x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
        x = layers.MaxPooling2D((2, 2), padding="same")(x)
        x = layers.Conv2D(8, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D((2, 2), padding="same")(x)
        x = layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same")(x)
        x = layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same")(x)
        decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
        autoencoder = keras.Model(inputs, decoded)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(images, images)
        padded = keras.Sequential([
            keras.Input((30, 30, 3)),
            layers.ZeroPadding2D(2),
            layers.Conv2D(8, 3, strides=2),
            layers.UpSampling2D(),
            layers.Cropping2D(((1, 1), (0, 2))),
            layers.Conv2D(3, 1),
        ])
        padded.compile(loss="mse")
        padded.fit(noisy, noisy)  # noqa: F821
        dense = keras.Sequential([
            keras.Input((784,)),
            layers.Dense(32),
            layers.Dense(784, activation="sigmoid"),
        ])
        dense.compile(loss="mse")
        dense.fit(rows, rows)  # noqa: F821
        """,
    "ZL206 extra axis: labels of shape (N, 1, C) on an (N, 1, C) output, (N, C, 1) on (N, C)": """
        import keras
        import numpy as np
        model = keras.Sequential([
            keras.Input((12,)),
            keras.layers.Dense(4),
            keras.layers.Reshape((1, 4)),
            keras.layers.Softmax(),
        ])
        model.compile(loss="categorical_crossentropy")
        y = keras.utils.to_categorical(np.random.randint(0, 4, 64), 4)
        model.fit(np.random.rand(64, 12), np.expand_dims(y, 1))
        flat = keras.Sequential([keras.Input((12,)), keras.layers.Dense(4)])
        flat.compile(loss="mse")
        flat.fit(np.random.rand(64, 12), np.random.rand(64, 4, 1))
        """,
    "ZL206 width: a 24-step forecast on (N, 24) and (N, 24, 1) targets": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input((48, 2))
        horizon = tf.keras.layers.Dense(24)(tf.keras.layers.LSTM(32)(inputs))
        model = tf.keras.Model(inputs, horizon)
        model.compile(loss="mae")
        model.fit(np.random.rand(100, 48, 2), np.random.rand(100, 24))
        model.fit(np.random.rand(100, 48, 2), np.random.rand(100, 24, 1))
        """,
    "ZL206 per-sequence: a GRU regressor on (N,) and (N, 1) targets": """
        import keras
        import numpy as np

        def build():
            layers = [keras.Input((30, 4)), keras.layers.GRU(8), keras.layers.Dense(1)]
            return keras.Sequential(layers)

        model = build()
        model.compile(loss="mse")
        model.fit(np.random.rand(80, 30, 4), np.random.rand(80))
        model.fit(np.random.rand(80, 30, 4), np.random.rand(80, 1))
        """,
    "ZL206 autoencoder: a sequence autoencoder with RepeatVector and TimeDistributed": """
        import keras
        import numpy as np
        from keras import layers
        windows = np.random.rand(64, 20, 3)
        model = keras.Sequential([
            keras.Input((20, 3)),
            layers.LSTM(16),
            layers.RepeatVector(20),
            layers.LSTM(16, return_sequences=True),
            layers.TimeDistributed(layers.Dense(3)),
        ])
        model.compile(loss="mse")
        model.fit(windows, windows)
        """,
    "ZL206 multi-output: each output paired with its own labels": """
        import keras
        import numpy as np
        from keras import layers
        inputs = keras.Input((16,))
        hidden = layers.Dense(32, activation="relu")(inputs)
        kind = layers.Dense(3, activation="softmax", name="kind")(hidden)
        size = layers.Dense(1, name="size")(hidden)
        model = keras.Model(inputs, [kind, size])
        model.compile(loss=["sparse_categorical_crossentropy", "mse"])
        model.fit(np.random.rand(64, 16), [np.random.randint(0, 3, 64), np.random.rand(64)])
        model.compile(loss={"kind": "categorical_crossentropy", "size": "mse"})
        kinds = keras.utils.to_categorical(np.random.randint(0, 3, 64), 3)
        model.fit(np.random.rand(64, 16), {"kind": kinds, "size": np.random.rand(64, 1)})
        """,
    "ZL206 unknown: a Lambda, a custom layer, an unknown input or labels from a file": """
        import keras
        import numpy as np
        from mylib import Attention
        x = np.random.rand(40, 12, 3)
        per_step = np.random.randint(0, 5, (40, 12))
        last = keras.Sequential([
            keras.Input((12, 3)),
            keras.layers.LSTM(8, return_sequences=True),
            keras.layers.Lambda(lambda t: t[:, -1]),
            keras.layers.Dense(5, activation="softmax"),
        ])
        last.compile(loss="sparse_categorical_crossentropy")
        last.fit(x, np.random.randint(0, 5, 40))
        custom = keras.Sequential([
            keras.Input((12, 3)),
            keras.layers.LSTM(8, return_sequences=True),
            Attention(),
            keras.layers.Dense(5, activation="softmax"),
        ])
        custom.compile(loss="sparse_categorical_crossentropy")
        custom.fit(x, np.random.randint(0, 5, 40))
        unknown = keras.Sequential([
            keras.Input(SHAPE),  # noqa: F821
            keras.layers.Dense(5, activation="softmax"),
        ])
        unknown.compile(loss="sparse_categorical_crossentropy")
        unknown.fit(x, per_step)
        loaded = keras.Sequential([
            keras.Input((12, 3)),
            keras.layers.LSTM(8),
            keras.layers.Dense(5, activation="softmax"),
        ])
        loaded.compile(loss="sparse_categorical_crossentropy")
        loaded.fit(x, np.load("labels.npy"))
        """,
    "ZL206 unknown: the data format from the Keras config (right for channels_first)": """
        import keras
        import numpy as np
        from keras import layers
        model = keras.Sequential([
            keras.Input((3, 32, 32)),
            layers.Conv2D(3, 3, padding="same", data_format=keras.backend.image_data_format()),
        ])
        model.compile(loss="mse")
        images = np.random.rand(8, 3, 32, 32)
        model.fit(images, images)
        reshaped = keras.Sequential([
            keras.Input((12,)),
            layers.Dense(20),
            layers.Reshape((4, 5)),
            layers.Softmax(),
        ])
        reshaped.compile(loss="sparse_categorical_crossentropy")
        reshaped.fit(np.random.rand(8, 12), np.random.randint(0, 5, (8, 4)))
        """,
    "ZL203 binary width: one sigmoid unit, a 2-unit softmax on one-hot rows, multi-label": """
        import keras
        import numpy as np
        x = np.random.rand(64, 8)
        one = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        one.compile(loss="binary_crossentropy")
        one.fit(x, np.random.randint(0, 2, 64))
        pair = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        pair.compile(loss="binary_crossentropy")
        pair.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, 64), 2))
        tags = keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])
        tags.compile(loss="binary_crossentropy")
        tags.fit(x, np.random.randint(0, 2, (64, 3)))
        """,
    "ZL203 binary width: two sigmoid units on labels that are not known": """
        import keras
        import pandas as pd
        frame = pd.read_csv("train.csv")
        model = keras.Sequential([keras.layers.Dense(2, activation="sigmoid")])
        model.compile(loss="binary_crossentropy")
        model.fit(frame.drop(columns=["y"]).values, frame["y"].values)
        """,
    "ZL203 binary width: class_mode='binary' and label_mode='binary' into one sigmoid unit": """
        import keras
        from keras import layers
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        flow = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
            "data/train", target_size=(64, 64), class_mode="binary"
        )
        images = keras.utils.image_dataset_from_directory(
            "data/train", label_mode="binary", image_size=(64, 64)
        )
        model = keras.Sequential([
            layers.Rescaling(1 / 255),
            layers.Conv2D(8, 3, activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(flow)
        model.fit(images)
        """,
}


@pytest.mark.parametrize("code", GOOD.values(), ids=GOOD.keys())
def test_good_case_yields_nothing(code: str):
    assert codes(code) == []


# -- ZL203: binary cross-entropy widths --------------------------------------------------------

BINARY = {
    "ZL203 binary width: tf.keras functional 2-unit softmax, 1-D labels": """
        import numpy as np
        import tensorflow as tf
        inputs = tf.keras.Input((6,))
        probs = tf.keras.layers.Dense(2, activation="softmax")(inputs)  # expect: ZL203
        model = tf.keras.Model(inputs, probs)
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(np.random.rand(50, 6), np.random.randint(0, 2, 50))
        """,
    "ZL203 binary width: builder, three sigmoid units on (N, 1) 0/1 labels": """
        import keras
        import numpy as np

        def build():
            return keras.Sequential([keras.layers.Dense(3, activation="sigmoid")])  # expect: ZL203

        model = build()
        model.compile(loss=keras.losses.BinaryFocalCrossentropy())
        model.fit(np.random.rand(40, 4), np.random.randint(0, 2, (40, 1)))
        """,
    "ZL203 binary width: two logits with BinaryCrossentropy(from_logits=True)": """
        import keras
        import numpy as np
        model = keras.Sequential([keras.layers.Dense(2)])  # expect: ZL203
        model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True))
        model.fit(np.random.rand(40, 4), np.random.randint(0, 2, 40))
        """,
    "ZL203 binary width: class_mode='binary' data into two sigmoid units": """
        import keras
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        flow = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
            "data/train", target_size=(64, 64), class_mode="binary"
        )
        model = keras.Sequential([
            keras.Input((64, 64, 3)),
            keras.layers.Flatten(),
            keras.layers.Dense(2, activation="sigmoid"),  # expect: ZL203
        ])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(flow, epochs=3)
        """,
}


@pytest.mark.parametrize("code", BINARY.values(), ids=BINARY.keys())
def test_binary_width_case_yields_exactly_its_markers(code: str):
    assert codes(code) == markers(code)


def test_softmax_pair_message_offers_both_repairs():
    text = message(
        BINARY["ZL203 binary width: tf.keras functional 2-unit softmax, 1-D labels"], "ZL203"
    )
    assert "has 2 softmax units" in text
    assert 'use Dense(1, activation="sigmoid") with binary_crossentropy' in text
    assert "2-unit softmax with sparse_categorical_crossentropy" in text


# -- messages: what Keras 3 does, and the fix per family -------------------------------------


def test_silent_broadcasts_are_called_silent_and_named():
    across = message(
        BAD["ZL206 conv: builder, Conv1D regression into Dense(1), one target per sample (silent)"],
        "ZL206",
    )
    assert "Keras 3 does not stop" in across and "a silent error" in across
    assert "(batch, 64, batch)" in across
    assert "labels of every sample in the batch" in across
    mean = message(BAD["ZL206 width: tf.keras one output, three target columns (silent)"], "ZL206")
    assert "towards the mean of the 3 label values" in mean
    assert "use Dense(3) for 3 targets" in mean
    same = message(BAD["ZL206 width: builder, Dense(4) on a (N, 1) target (silent)"], "ZL206")
    assert "each of the 4 outputs on the same label" in same
    steps = message(
        BAD["ZL206 per-sequence: builder, SimpleRNN regression on per-step targets (silent)"],
        "ZL206",
    )
    assert "towards the mean of the 30 label values" in steps
    assert "if they are one per step, set return_sequences=True on SimpleRNN(16)" in steps


def test_family_fixes():
    per_step = message(
        BAD["ZL206 per-step: return_sequences=True, one class per sequence, sparse"], "ZL206"
    )
    assert "LSTM(64) at line 6 returns one vector per step (return_sequences=True)" in per_step
    assert "drop return_sequences=True" in per_step
    embedding = message(
        BAD["ZL206 conv: Embedding into Dense without pooling, one 0/1 label per review"], "ZL206"
    )
    assert "Embedding(5000) at line 6 keeps one vector per token" in embedding
    images = message(
        BAD["ZL206 conv: images into Dense with no Flatten, built on the data"], "ZL206"
    )
    assert "has shape (None, 28, 10) — no layer flattens the input's axes" in images
    extra = message(
        BAD["ZL206 extra axis: a helper builds (N, 1, C) one-hot labels for an (N, C) output"],
        "ZL206",
    )
    assert "an extra axis of size 1 (axis 1)" in extra and "np.squeeze(y, axis=1)" in extra
    assert "so that they are (64, 4)" in extra
    shrink = message(
        BAD["ZL206 autoencoder: tf.keras valid padding shrinks 28x28 to 24x24"], "ZL206"
    )
    assert "has shape (None, 24, 24, 1)" in shrink and 'padding="same"' in shrink


def test_every_finding_has_help():
    for code in [*ISSUE.values(), *BAD.values(), *BINARY.values()]:
        assert all(d.help for d in lint(code) if d.code in ("ZL203", "ZL206"))


# -- coverage: counts per family -------------------------------------------------------------

FAMILIES = (
    "per-sequence",
    "per-step",
    "conv",
    "width",
    "autoencoder",
    "extra axis",
    "binary width",
)


def family_counts() -> dict[str, tuple[int, int]]:
    """(bad, good) cases per family, over the issue's snippets and this file's cases."""
    found = {}
    bad_cases = {**ISSUE, **BAD, **BINARY}
    for family in FAMILIES:
        pattern = re.compile(rf"ZL20\d {re.escape(family)}:")
        bad = sum(pattern.match(key) is not None for key in bad_cases)
        good = sum(pattern.match(key) is not None for key in GOOD)
        found[family] = (bad, good)
    return found


def test_each_family_has_bad_and_good_cases():
    for family, (bad, good) in family_counts().items():
        assert bad >= 2, (family, bad)
        assert good >= 1, (family, good)


def test_bad_cases_span_several_api_styles():
    styles = {
        "Sequential": "Sequential(",
        "functional": "Model(",
        "builder": "def build",
        "tf.keras": "tf.keras",
        "keras": "import keras",
        ".add": ".add(",
    }
    used = {style for code in BAD.values() for style, needle in styles.items() if needle in code}
    assert used == set(styles)
