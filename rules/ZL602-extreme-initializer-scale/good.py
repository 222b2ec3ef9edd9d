"""Initializers at the fan-in scale, Keras's small defaults, and layers whose fan-in is unknown."""

import keras
import numpy as np
import tensorflow as tf

# He / Glorot / LeCun scale by the fan-in themselves
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(128, activation="relu", kernel_initializer=keras.initializers.VarianceScaling(scale=2.0)),
        keras.layers.Dense(10, activation="softmax", kernel_initializer="glorot_uniform"),
    ]
)

# Keras's RandomNormal default (stddev=0.05) and the classic 0.01 on a few hundred inputs
inputs = tf.keras.Input(shape=(784,))
hidden = tf.keras.layers.Dense(128, kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.01))(inputs)
hidden = tf.keras.layers.Dense(64, kernel_initializer="random_normal")(hidden)
functional = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(hidden))

# A unit-variance initializer on a small fan-in (2 inputs: the He scale is 1.0)
small = keras.Sequential(
    [keras.layers.Dense(8, input_shape=(2,), kernel_initializer=keras.initializers.RandomNormal(stddev=1.0)), keras.layers.Dense(1)]
)

# The fan-in is unknown: the input width comes from the data
x = np.load("features.npy")
unknown = keras.Sequential(
    [keras.layers.Dense(64, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0)), keras.layers.Dense(1)]
)
unknown.fit(x, np.zeros(len(x)))
