"""Random kernel initializers, constant kernels that still learn, zero-initialised outputs."""

import os

import numpy as np

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

# A T-Net (PointNet's spatial transformer) starts at the identity transform: a zero kernel
# and the identity matrix as bias. Its kernel's gradient is not zero: it learns
points = keras.Input(shape=(64, 3))
features = keras.layers.GlobalMaxPooling1D()(keras.layers.Conv1D(32, 1, activation="relu")(points))
transform = keras.layers.Dense(9, kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(np.eye(3).flatten()))(features)
aligned = keras.layers.Dot(axes=(2, 1))([points, keras.layers.Reshape((3, 3))(transform)])
tnet = keras.Model(points, keras.layers.Dense(1)(keras.layers.GlobalMaxPooling1D()(aligned)))

# Constant kernels whose units the next layer's random weights tell apart: each unit gets
# its own gradient from the first step (tanh(0) has slope 1; a positive bias keeps ReLU open)
through_dropout = keras.Sequential(
    [keras.layers.Dense(32, activation="tanh", kernel_initializer="zeros"), keras.layers.Dropout(0.2), keras.layers.Dense(3, activation="softmax")]
)
ones = keras.Sequential([keras.layers.Dense(16, activation="relu", kernel_initializer="ones"), keras.layers.Dense(3, activation="softmax")])
open_relu = keras.Sequential(
    [
        keras.layers.Dense(8, activation="relu", kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(0.1)),
        keras.layers.Dense(3, activation="softmax"),
    ]
)

# A single layer is the output layer
linear = keras.Sequential([keras.layers.Dense(1, kernel_initializer="zeros")])

# An initializer chosen at run time is unknown
chosen = keras.Sequential(
    [keras.layers.Dense(8, kernel_initializer=os.environ.get("INIT", "glorot_uniform")), keras.layers.Dense(1)]
)
