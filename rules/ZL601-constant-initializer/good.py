"""Random kernel initializers, constant biases, and zero-initialised output layers."""

import os

import keras
import tensorflow as tf
from tensorflow.keras import layers

# Glorot (the default) and He initializers; a zero bias is the default and fine
model = tf.keras.Sequential(
    [
        layers.Dense(64, activation="relu", kernel_initializer="he_normal", bias_initializer="zeros"),
        layers.Dense(64, activation="tanh", kernel_initializer=tf.keras.initializers.GlorotUniform()),
        layers.Dense(1, activation="sigmoid"),
    ]
)

# Zero init of the output layer (a residual-branch / policy-head trick): nothing after it
inputs = keras.Input(shape=(20,))
hidden = keras.layers.Dense(32, activation="relu", kernel_initializer="he_uniform")(inputs)
outputs = keras.layers.Dense(3, kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(0.1))(hidden)
functional = keras.Model(inputs, outputs)

# The last layer of a residual branch (an adapter) may start at zero: the block starts as the identity
x = keras.Input(shape=(16,))
branch = keras.layers.Dense(16, kernel_initializer="zeros")(keras.layers.Dense(4, activation="relu")(x))
residual = keras.Model(x, keras.layers.Dense(1)(keras.layers.Add()([x, branch])))

# A Constant initializer holding a matrix loads weights: the units differ
pretrained = keras.Sequential(
    [keras.layers.Dense(3, kernel_initializer=keras.initializers.Constant([[0.1, -0.2, 0.3]])), keras.layers.Dense(1)]
)

# A single layer is the output layer
linear = keras.Sequential([keras.layers.Dense(1, kernel_initializer="zeros")])

# An initializer chosen at run time is unknown
chosen = keras.Sequential(
    [keras.layers.Dense(8, kernel_initializer=os.environ.get("INIT", "glorot_uniform")), keras.layers.Dense(1)]
)
