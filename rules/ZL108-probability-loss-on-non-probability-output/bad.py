"""Probability losses on outputs that are not probabilities: relu, tanh, softplus, elu."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")

# A ReLU output under binary_crossentropy: 0 for half the inputs, unbounded above (keras 3)
model = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="relu")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL108
model.fit(x, y, epochs=2)

# A tanh output: negative scores for a categorical loss (functional API, tf.keras)
inputs = tf.keras.Input(shape=(8,))
hidden = tf.keras.layers.Dense(32, activation="relu")(inputs)
scores = tf.keras.layers.Dense(10, activation="tanh")(hidden)
functional = tf.keras.Model(inputs, scores)
functional.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())  # expect: ZL108


# softplus under a sparse loss given as a function, in a builder
def build(n_classes):
    net = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(n_classes, activation="softplus")])
    net.compile(optimizer="adam", loss=keras.losses.sparse_categorical_crossentropy)  # expect: ZL108
    return net


built = build(5)

# An ELU applied by its own layer after the output, the loss class with from_logits=False
stacked = keras.Sequential()
stacked.add(layers.Dense(1))
stacked.add(layers.Activation("elu"))
stacked.compile(loss=keras.losses.BinaryCrossentropy(from_logits=False))  # expect: ZL108
