"""Categorical losses on outputs of several sigmoid units: the outputs are not a distribution."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)
y = keras.utils.to_categorical(np.random.randint(0, 3, size=64), num_classes=3)

# Sequential given a list, the loss as a string
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3, activation="sigmoid")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])  # expect: ZL103
model.fit(x, y, epochs=2)

# Functional API with a separate Activation layer, tf.keras, sparse loss class
inputs = tf.keras.Input(shape=(8,))
scores = tf.keras.layers.Dense(5)(tf.keras.layers.Dense(16, activation="relu")(inputs))
probabilities = tf.keras.layers.Activation("sigmoid")(scores)
functional = tf.keras.Model(inputs, probabilities)
functional.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())  # expect: ZL103

# A builder function, the width in a constant, the loss as a function
N_CLASSES = 4


def build_model(n_outputs):
    return keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(n_outputs, activation="sigmoid")])


built = build_model(N_CLASSES)
built.compile(optimizer="adam", loss=keras.losses.categorical_crossentropy)  # expect: ZL103

# from_logits=False written out, through a constant
FROM_LOGITS = False
explicit = keras.Sequential([layers.Dense(6, activation=tf.nn.sigmoid)])
explicit.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=FROM_LOGITS))  # expect: ZL103

# Two heads, each with its own loss: only the sigmoid head with a categorical loss is wrong
shared = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(shared)
kind = layers.Dense(4, activation="sigmoid", name="kind")(hidden)
tags = layers.Dense(6, activation="sigmoid", name="tags")(hidden)
heads = keras.Model(shared, [kind, tags])
heads.compile(
    optimizer="adam",
    loss={
        "kind": "categorical_crossentropy",  # expect: ZL103
        "tags": "binary_crossentropy",
    },
)
