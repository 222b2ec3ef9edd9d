"""Static output shapes (``zerolint.facts.shapes``) against real Keras 3.

Every model below is built twice: by the facts layer from its source, and by Keras. Each axis
the analysis claims must be the axis Keras computes; an axis it does not know must be None
(never a guess), and the rank must be known wherever the case says so. Then the unknowns:
a Lambda, a custom layer, an unknown argument keep their own axes unknown and no more.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from zerolint.facts.program import Program
from zerolint.facts.shapes import show

PRELUDE = "import keras\nfrom keras import layers\n"

# name -> code that builds ``model``; every axis of these outputs is known statically.
KNOWN = {
    "Dense": "model = keras.Sequential([keras.Input([8]), layers.Dense(4), layers.Dense(1)])",
    "Dense on a 3-D input": "model = keras.Sequential([keras.Input((10, 8)), layers.Dense(3)])",
    "Conv1D valid, same, causal, strides, dilation": """
        model = keras.Sequential([
            keras.Input((50, 2)),
            layers.Conv1D(4, 5),
            layers.Conv1D(4, 3, strides=2, padding="same"),
            layers.Conv1D(4, 3, padding="causal", dilation_rate=2),
            layers.Conv1D(6, 3, dilation_rate=3),
        ])""",
    "Conv2D kernels, strides and dilation": """
        model = keras.Sequential([
            keras.Input((33, 29, 3)),
            layers.Conv2D(8, (3, 5), strides=2),
            layers.Conv2D(8, 3, strides=3, padding="same"),
            layers.Conv2D(5, 2, dilation_rate=(2, 1)),
        ])""",
    "Conv3D": "model = keras.Sequential([keras.Input((9, 10, 11, 1)), layers.Conv3D(2, 3, 2)])",
    "separable and depthwise": """
        model = keras.Sequential([
            keras.Input((20, 20, 3)),
            layers.SeparableConv2D(6, 3, strides=2),
            layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
        ])""",
    "depthwise 1D": """
        model = keras.Sequential([keras.Input((30, 4)), layers.DepthwiseConv1D(5, strides=2)])""",
    "transposed convolutions": """
        model = keras.Sequential([
            keras.Input((7, 9, 3)),
            layers.Conv2DTranspose(4, 3, strides=2),
            layers.Conv2DTranspose(4, 3, strides=2, padding="same"),
            layers.Conv2DTranspose(2, 4, strides=2, padding="same", output_padding=1),
            layers.Conv2DTranspose(2, 3, strides=3, output_padding=(1, 2)),
        ])""",
    "1D and 3D transposes": """
        model = keras.Sequential([
            keras.Input((6, 5, 4, 2)),
            layers.Conv3DTranspose(3, 2, strides=2),
            layers.Reshape((12 * 10 * 8, 3)),
            layers.Conv1DTranspose(2, 5, strides=3, padding="same"),
        ])""",
    "pooling": """
        model = keras.Sequential([
            keras.Input((31, 30, 3)),
            layers.MaxPooling2D(),
            layers.MaxPooling2D(3, strides=2, padding="same"),
            layers.AveragePooling2D((2, 1)),
            layers.MaxPool2D(pool_size=2, strides=1),
        ])""",
    "pooling 1D and 3D": """
        model = keras.Sequential([
            keras.Input((21, 4)),
            layers.MaxPooling1D(),
            layers.AveragePooling1D(3, strides=2, padding="same"),
            layers.Reshape((5, 2, 2, 1)),
            layers.AveragePooling3D((1, 2, 1)),
        ])""",
    "global pooling": """
        inputs = keras.Input((16, 16, 5))
        model = keras.Model(inputs, [
            layers.GlobalAveragePooling2D()(inputs),
            layers.GlobalMaxPool2D(keepdims=True)(inputs),
            layers.GlobalMaxPooling1D()(layers.Reshape((256, 5))(inputs)),
        ])""",
    "global pooling 3D": """
        model = keras.Sequential([keras.Input((4, 4, 4, 2)), layers.GlobalAveragePooling3D()])""",
    "Flatten, Reshape with -1, Permute, RepeatVector": """
        model = keras.Sequential([
            keras.Input((6, 4, 2)),
            layers.Flatten(),
            layers.Reshape((-1, 8)),
            layers.Permute((2, 1)),
            layers.Flatten(),
            layers.RepeatVector(3),
        ])""",
    "Embedding and recurrent layers": """
        model = keras.Sequential([
            keras.Input((20,)),
            layers.Embedding(100, 16),
            layers.LSTM(8, return_sequences=True),
            layers.GRU(6, return_sequences=True),
            layers.SimpleRNN(5),
        ])""",
    "Bidirectional merge modes": """
        inputs = keras.Input((12, 3))
        model = keras.Model(inputs, [
            layers.Bidirectional(layers.LSTM(4))(inputs),
            layers.Bidirectional(layers.GRU(4, return_sequences=True), merge_mode="sum")(inputs),
            layers.Bidirectional(layers.LSTM(4), merge_mode="ave")(inputs),
            layers.Bidirectional(layers.SimpleRNN(3, return_sequences=True), "mul")(inputs),
        ])""",
    "TimeDistributed": """
        model = keras.Sequential([
            keras.Input((5, 16, 16, 3)),
            layers.TimeDistributed(layers.Conv2D(4, 3)),
            layers.TimeDistributed(layers.MaxPooling2D()),
            layers.TimeDistributed(layers.Flatten()),
            layers.LSTM(7, return_sequences=True),
            layers.TimeDistributed(layers.Dense(2)),
        ])""",
    "merges": """
        a = keras.Input((6, 4))
        b = keras.Input((6, 3))
        joined = layers.Concatenate()([a, b])
        stacked = layers.Concatenate(axis=1)([a, a])
        summed = layers.Add()([a, layers.Dense(4)(b)])
        model = keras.Model([a, b], [
            joined,
            stacked,
            summed,
            layers.Multiply()([summed, a]),
            layers.Average()([a, a, a]),
            layers.Subtract()([a, a]),
            layers.Maximum()([a, a]),
            layers.concatenate([a, b, b]),
            layers.add([a, a]),
        ])""",
    "upsampling, padding, cropping": """
        model = keras.Sequential([
            keras.Input((10, 12, 3)),
            layers.UpSampling2D(),
            layers.ZeroPadding2D(((1, 2), (3, 4))),
            layers.Cropping2D(((2, 0), (1, 1))),
            layers.ZeroPadding2D((1, 2)),
            layers.UpSampling2D((2, 3)),
            layers.Cropping2D(2),
            layers.ZeroPadding2D(),
        ])""",
    "1D and 3D upsampling, padding, cropping": """
        inputs = keras.Input((10, 3))
        cube = keras.Input((4, 5, 6, 2))
        model = keras.Model([inputs, cube], [
            layers.Cropping1D((1, 3))(layers.ZeroPadding1D(2)(layers.UpSampling1D(3)(inputs))),
            layers.Cropping1D()(inputs),
            layers.UpSampling3D()(layers.ZeroPadding3D(1)(layers.Cropping3D(((1, 0), 1, 2))(cube))),
        ])""",
    "shape-keeping layers": """
        model = keras.Sequential([
            keras.Input((9, 7)),
            layers.Dropout(0.2),
            layers.BatchNormalization(),
            layers.LayerNormalization(),
            layers.Activation("relu"),
            layers.LeakyReLU(),
            layers.Softmax(),
            layers.GaussianNoise(0.1),
            layers.SpatialDropout1D(0.1),
            layers.Lambda(keras.activations.relu),
            layers.Masking(),
        ])""",
    "image preprocessing layers": """
        model = keras.Sequential([
            keras.Input((64, 48, 3)),
            layers.Rescaling(1 / 255),
            layers.RandomFlip(),
            layers.Resizing(40, 30),
            layers.CenterCrop(32, 24),
            layers.RandomCrop(16, 16),
        ])""",
    "channels_first": """
        model = keras.Sequential([
            keras.Input((3, 32, 30)),
            layers.Conv2D(8, 3, data_format="channels_first"),
            layers.MaxPooling2D(data_format="channels_first"),
            layers.UpSampling2D(data_format="channels_first"),
            layers.GlobalAveragePooling2D(data_format="channels_first"),
        ])""",
    "Sequential spellings: input_shape, InputLayer, add, build": """
        model = keras.Sequential()
        model.add(layers.InputLayer(shape=(28, 28, 1)))
        model.add(layers.Conv2D(4, 3, activation="relu"))
        model.add(layers.Flatten())
        model.add(layers.Dense(10, activation="softmax"))""",
    "Sequential built with build()": """
        model = keras.Sequential([layers.Conv1D(4, 3), layers.GlobalMaxPool1D(), layers.Dense(2)])
        model.build((None, 20, 5))""",
    "functional autoencoder": """
        inputs = keras.Input((28, 28, 1))
        x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)
        x = layers.MaxPooling2D(2, padding="same")(x)
        x = layers.Conv2D(8, 3, activation="relu", padding="same")(x)
        x = layers.MaxPooling2D(2, padding="same")(x)
        x = layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same")(x)
        x = layers.Conv2DTranspose(16, 3, strides=2, activation="relu", padding="same")(x)
        model = keras.Model(inputs, layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x))
        """,
    "padded autoencoder of the traps": """
        model = keras.Sequential([
            keras.Input((30, 30, 3)),
            layers.ZeroPadding2D(2),
            layers.Conv2D(8, 3, strides=2),
            layers.UpSampling2D(),
            layers.Cropping2D(((1, 1), (0, 2))),
            layers.Conv2D(3, 1),
        ])""",
}

# name -> (code, the static shape expected): unknown axes stay unknown, and only they.
UNKNOWN = {
    "a variable length": (
        "model = keras.Sequential([keras.Input((None, 3)), layers.LSTM(4, return_sequences=True),"
        " layers.Conv1D(2, 3), layers.Dense(5)])",
        (None, None, 5),
    ),
    "a Lambda, then a recurrent layer": (
        "model = keras.Sequential([keras.Input((6, 3)), layers.Lambda(lambda t: t * 2),"
        " layers.LSTM(4)])",
        (None, 4),
    ),
    "a Lambda keeps everything after it unknown up to Flatten": (
        "model = keras.Sequential([keras.Input((6, 3)), layers.Lambda(lambda t: t[:, :2]),"
        " layers.Dense(4), layers.Flatten(), layers.Dense(2)])",
        (None, 2),
    ),
    "an unknown width": (
        "model = keras.Sequential([keras.Input((10, 4)), layers.Conv1D(UNITS, 3),"  # noqa: F821
        " layers.Dense(2)])",
        (None, 8, 2),
    ),
    "an unknown kernel size keeps 'same' lengths": (
        "model = keras.Sequential([keras.Input((10, 4)), layers.Conv1D(3, SIZE, padding='same'),"
        " layers.Conv1D(3, SIZE)])",
        (None, None, 3),
    ),
    "an unknown data format": (
        "model = keras.Sequential([keras.Input((8, 8, 3)),"
        " layers.Conv2D(4, 3, data_format=keras.backend.image_data_format()),"
        " layers.GlobalAveragePooling2D(), layers.Dense(2)])",
        (None, 2),
    ),
}
UNKNOWN_PRELUDE = "UNITS = int(input())\nSIZE = int(input())\n"


def static(code: str) -> list[tuple | None]:
    source = PRELUDE + UNKNOWN_PRELUDE + textwrap.dedent(code)
    program = Program(cst.parse_module(source))
    shapes = program.facts.models[-1].output_shapes()
    assert shapes is not None
    return [shape.dims if shape is not None else None for shape in shapes]


def built(code: str) -> list[tuple]:
    keras = pytest.importorskip("keras")
    scope = {"keras": keras, "layers": keras.layers, "UNITS": 8, "SIZE": 3}
    exec(textwrap.dedent(code), scope)
    shape = scope["model"].output_shape
    return list(shape) if isinstance(shape, list) else [shape]


@pytest.mark.parametrize("code", KNOWN.values(), ids=KNOWN.keys())
def test_every_axis_matches_keras(code: str):
    expected = built(code)
    assert static(code) == [tuple(dims) for dims in expected]


@pytest.mark.parametrize("case", UNKNOWN.values(), ids=UNKNOWN.keys())
def test_unknown_axes_stay_unknown_and_only_they(case):
    code, wanted = case
    (found,) = static(code)
    assert found == wanted
    (real,) = built(code)
    assert all(a is None or a == b for a, b in zip(found, real, strict=True))


def test_unknown_layers_leave_the_rank_unknown():
    code = """
        from mylib import Attention
        model = keras.Sequential([keras.Input((6, 3)), Attention(), layers.Dense(4)])
        """
    assert static(code) == [None]


def test_a_sequential_without_input_is_built_on_the_data():
    source = PRELUDE + textwrap.dedent("""
        import numpy as np
        model = keras.Sequential([layers.Conv1D(4, 3), layers.Dense(2)])
        model.compile(loss="mse")
        model.fit(np.random.rand(10, 20, 5), np.random.rand(10, 18, 2))
        model.fit(unknown_x, unknown_y)
        """)
    program = Program(cst.parse_module(source))
    first, second = program.facts.fits
    assert [s.dims for s in first.output_shapes] == [(None, 18, 2)]
    assert second.output_shapes == [None]


def test_a_sequential_without_input_is_built_on_a_datasets_batches():
    source = PRELUDE + textwrap.dedent("""
        images = keras.utils.image_dataset_from_directory("photos", image_size=(48, 40))
        model = keras.Sequential([layers.Conv2D(4, 3), layers.MaxPooling2D(), layers.Dense(2)])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(images)
        """)
    (fit,) = Program(cst.parse_module(source)).facts.fits
    assert [s.dims for s in fit.output_shapes] == [(None, 23, 19, 2)]


def test_the_layer_that_made_the_axes_is_kept():
    source = PRELUDE + textwrap.dedent("""
        model = keras.Sequential([
            keras.Input((12, 3)),
            layers.GRU(8, return_sequences=True),
            layers.Dropout(0.1),
            layers.TimeDistributed(layers.Dense(4)),
        ])
        """)
    (shape,) = Program(cst.parse_module(source)).facts.models[-1].output_shapes()
    assert shape.axes_layer is not None and shape.axes_layer.kind == "GRU"
    assert show(shape.dims) == "(None, 12, 4)"


def test_deep_graphs_do_not_recurse():
    lines = ["x = inputs = keras.Input((4,))"]
    lines += ["x = layers.Dense(4)(x)"] * 3000
    lines.append("model = keras.Model(inputs, x)")
    assert static("\n".join(lines)) == [(None, 4)]
