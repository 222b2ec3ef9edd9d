"""Models fit on labels that are all one value."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)

# A placeholder of zeros, Sequential, binary cross-entropy
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, np.zeros(64), epochs=2)  # expect: ZL205

# np.ones for a regression, functional API with tf.keras
inputs = tf.keras.Input(shape=(8,))
functional = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(inputs))
functional.compile(optimizer="adam", loss="mse")
y_ones = np.ones((64, 1))
functional.fit(x=x, y=y_ones)  # expect: ZL205

# np.full class indices, a builder function, the sparse loss
def build(n_classes):
    net = keras.Sequential([layers.Dense(n_classes, activation="softmax")])
    net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return net


built = build(3)
labels = np.full(64, 2)
built.fit(x, labels)  # expect: ZL205

# An all-equal literal
tiny = keras.Sequential([layers.Dense(1, activation="sigmoid")])
tiny.compile(loss="binary_crossentropy")
tiny.fit(np.random.rand(4, 8), np.array([1, 1, 1, 1]))  # expect: ZL205
