"""Losses told to expect logits, on outputs that already apply softmax or sigmoid."""

import keras
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

x = np.random.rand(64, 8)
y = np.random.randint(0, 10, size=64)

# Sequential given a list, tf.keras
model = tf.keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")])
model.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: ZL104
    metrics=["accuracy"],
)
model.fit(x, y, epochs=2)

# Functional API, keras 3, binary output with a sigmoid
inputs = keras.Input(shape=(8,))
hidden = keras.layers.Dense(16, activation="relu")(inputs)
score = keras.layers.Dense(1, activation="sigmoid")(hidden)
binary = keras.Model(inputs, score)
binary.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL104

# A builder with a Softmax layer, from_logits through a constant
LOGITS = True


def build_classifier(n_classes):
    return keras.Sequential([keras.layers.Dense(n_classes), keras.layers.Softmax()])


built = build_classifier(5)
built.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=LOGITS))  # expect: ZL104

# The softmax applied as a function to the output tensor
features = keras.Input(shape=(8,))
probabilities = tf.nn.softmax(keras.layers.Dense(4)(features))
applied = keras.Model(features, probabilities)
applied.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # expect: ZL104

# Several sigmoid units and a categorical loss on logits: only removing the sigmoid fixes it
tags = keras.Sequential([keras.layers.Dense(6, activation="sigmoid")])
tags.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # expect: ZL104
