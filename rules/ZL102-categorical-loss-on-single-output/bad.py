"""Categorical losses compiled onto a single output unit: the loss is always 0."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from tensorflow.keras.losses import CategoricalCrossentropy

x = np.random.rand(64, 8)
y = np.random.randint(0, 2, size=(64, 1))

# The loss as a string
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL102
model.fit(x, y, epochs=2)

# The loss as a class instance, positional compile arguments
logits = tf.keras.Sequential()
logits.add(tf.keras.layers.Dense(8, activation="relu"))
logits.add(tf.keras.layers.Dense(1))
logits.compile(
    "adam",
    CategoricalCrossentropy(from_logits=True),  # expect: ZL102
)

# The loss as a function, functional API
inputs = keras.Input(shape=(8,))
score = layers.Dense(1, activation="sigmoid")(layers.Dense(4)(inputs))
functional = keras.Model(inputs, score)
functional.compile(optimizer="adam", loss=keras.losses.categorical_crossentropy)  # expect: ZL102

# Sparse categorical loss on one unit, loss name held in a constant
LOSS = "sparse_categorical_crossentropy"
sparse = keras.Sequential([layers.Dense(1, activation="sigmoid")])
sparse.compile(optimizer="adam", loss=LOSS)  # expect: ZL102
