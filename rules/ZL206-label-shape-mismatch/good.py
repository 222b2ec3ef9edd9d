"""Labels that line up with the output, and shapes the analysis cannot know (silent)."""

import keras
import numpy as np
from keras import layers
from mylib import Attention

steps = np.random.rand(40, 12, 3)

# A per-step model on per-step labels: return_sequences=True and TimeDistributed(Dense)
tagger = keras.Sequential([
    keras.Input((12, 3)),
    layers.GRU(16, return_sequences=True),
    layers.TimeDistributed(layers.Dense(5, activation="softmax")),
])
tagger.compile(optimizer="adam", loss="categorical_crossentropy")
tagger.fit(steps, keras.utils.to_categorical(np.random.randint(0, 5, (40, 12)), 5))

# Per-step class indices (N, T) against (N, T, C) with the sparse loss
sparse_tagger = keras.Sequential([
    keras.Input((12, 3)),
    layers.LSTM(16, return_sequences=True),
    layers.Dense(5, activation="softmax"),
])
sparse_tagger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
sparse_tagger.fit(steps, np.random.randint(0, 5, (40, 12)))

# Conv -> Flatten -> Dense, and Conv -> global pooling, on one label per sample
images = np.random.rand(64, 28, 28, 1)
flat = keras.Sequential([
    layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
flat.compile(optimizer="adam", loss="categorical_crossentropy")
flat.fit(images, keras.utils.to_categorical(np.random.randint(0, 10, 64), 10))
pooled = keras.Sequential([
    layers.Conv2D(8, 3, activation="relu", input_shape=(28, 28, 1)),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
pooled.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
pooled.fit(images, np.random.randint(0, 10, 64))  # (N,) against (N, 10): right for a sparse loss

# (N, 1) labels on an (N, 1) output, and a regression of the right width
x = np.random.rand(64, 8)
binary = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")
binary.fit(x, np.random.randint(0, 2, (64, 1)))
three = keras.Sequential([keras.Input((8,)), layers.Dense(3)])
three.compile(optimizer="adam", loss="mse")
three.fit(x, np.random.rand(64, 3))

# An autoencoder whose output has the input's channels and size
image = keras.Input((28, 28, 1))
code = layers.MaxPooling2D(padding="same")(layers.Conv2D(16, 3, padding="same")(image))
decoded = layers.Conv2DTranspose(16, 3, strides=2, padding="same")(code)
restored = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(decoded)
autoencoder = keras.Model(image, restored)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(images, images)

# A model with two outputs, each given its own labels
features = keras.Input((16,))
hidden = layers.Dense(32, activation="relu")(features)
kind = layers.Dense(3, activation="softmax", name="kind")(hidden)
size = layers.Dense(1, name="size")(hidden)
multi = keras.Model(features, [kind, size])
multi.compile(optimizer="adam", loss=["sparse_categorical_crossentropy", "mse"])
multi.fit(np.random.rand(64, 16), [np.random.randint(0, 3, 64), np.random.rand(64)])

# Shapes the analysis cannot know: a Lambda, a custom layer, labels from a file
last_step = keras.Sequential([
    keras.Input((12, 3)),
    layers.LSTM(8, return_sequences=True),
    layers.Lambda(lambda t: t[:, -1]),
    layers.Dense(5, activation="softmax"),
])
last_step.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
last_step.fit(steps, np.random.randint(0, 5, 40))
attention = keras.Sequential([
    keras.Input((12, 3)),
    layers.LSTM(8, return_sequences=True),
    Attention(),
    layers.Dense(5, activation="softmax"),
])
attention.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
attention.fit(steps, np.random.randint(0, 5, 40))
attention.fit(steps, np.load("labels.npy"))
