"""Regression losses that train a classifier."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)
labels = np.random.randint(0, 3, size=64)
y = keras.utils.to_categorical(labels, num_classes=3)

# A softmax output, one-hot labels and an accuracy metric, Sequential given a list
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])  # expect: ZL106
model.fit(x, y, epochs=2)

# A softmax output alone, functional API, tf.keras, the loss as a class
inputs = tf.keras.Input(shape=(8,))
hidden = tf.keras.layers.Dense(16, activation="relu")(inputs)
functional = tf.keras.Model(inputs, tf.keras.layers.Dense(4, activation="softmax")(hidden))
functional.compile(optimizer="adam", loss=tf.keras.losses.MeanAbsoluteError())  # expect: ZL106

# One-hot labels on an output without activation, a builder function, Huber
def build(n_classes):
    net = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(n_classes)])
    net.compile(optimizer="sgd", loss=keras.losses.Huber())  # expect: ZL106
    return net


built = build(3)
built.fit(x, tf.one_hot(labels, 3), epochs=2)

# A sigmoid output with an accuracy metric: a binary classifier trained with MSE
binary = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="mean_squared_error", metrics=["acc"])  # expect: ZL106
binary.fit(x, np.random.randint(0, 2, size=64), epochs=2)
