"""Probability losses on outputs with no activation: raw scores clipped as probabilities."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)
y = np.random.randint(0, 2, size=(64, 1))

# Sequential given a list, binary output without an activation
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL105
model.fit(x, y, epochs=2)

# Functional API, tf.keras, ten logits and a sparse loss as a function
inputs = tf.keras.Input(shape=(8,))
hidden = tf.keras.layers.Dense(32, activation="relu")(inputs)
logits = tf.keras.layers.Dense(10, activation=None)(hidden)
functional = tf.keras.Model(inputs=inputs, outputs=logits)
functional.compile(optimizer="adam", loss=tf.keras.losses.sparse_categorical_crossentropy)  # expect: ZL105

# A builder, the loss class with the default from_logits=False
def build_model(n_classes):
    model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(n_classes, activation="linear")])
    model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())  # expect: ZL105
    return model


built = build_model(5)

# from_logits=False written out through a constant, an explicit linear Activation layer
FROM_LOGITS = False
stacked = keras.Sequential()
stacked.add(layers.Dense(1))
stacked.add(layers.Activation("linear"))
stacked.compile(loss=keras.losses.BinaryFocalCrossentropy(from_logits=FROM_LOGITS))  # expect: ZL105

# Two heads: the logits head has a probability loss, the softmax head is fine
shared = keras.Input(shape=(8,))
features = layers.Dense(16, activation="relu")(shared)
kind = layers.Dense(4, activation="softmax", name="kind")(features)
score = layers.Dense(1, name="score")(features)
heads = keras.Model(shared, [kind, score])
heads.compile(
    optimizer="adam",
    loss=[
        "categorical_crossentropy",
        "binary_crossentropy",  # expect: ZL105
    ],
)
