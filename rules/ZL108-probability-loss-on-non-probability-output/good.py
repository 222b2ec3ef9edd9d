"""Probability outputs for probability losses, and non-probability outputs trained otherwise."""

import sys

import keras
import tensorflow as tf
from keras import layers

# ReLU in the hidden layers, a sigmoid / softmax output
binary = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")
classes = keras.Sequential([layers.Dense(16, activation="tanh"), layers.Dense(4, activation="softmax")])
classes.compile(optimizer="adam", loss="categorical_crossentropy")

# A ReLU output for a non-negative regression target, trained with MSE
counts = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="relu")])
counts.compile(optimizer="adam", loss="mse")

# A tanh output for targets in [-1, 1], trained with MAE (functional API, tf.keras)
inputs = tf.keras.Input(shape=(8,))
angle = tf.keras.layers.Dense(2, activation="tanh")(tf.keras.layers.Dense(16, activation="relu")(inputs))
steering = tf.keras.Model(inputs, angle)
steering.compile(optimizer="adam", loss="mae")

# hard_sigmoid outputs values in [0, 1]: a probability
gate = keras.Sequential([layers.Dense(1, activation="hard_sigmoid")])
gate.compile(loss="binary_crossentropy")

# An output activation chosen at run time is unknown
chosen = keras.Sequential([layers.Dense(3, activation=sys.argv[1])])
chosen.compile(loss="categorical_crossentropy")
