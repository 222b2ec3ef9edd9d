"""Logits with from_logits=True, regression on a linear output, and unknown activations."""

import sys

import keras
import tensorflow as tf
from keras import layers

# Binary logits and a loss that expects logits
binary = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
binary.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))

# Ten logits, functional, tf.keras
inputs = tf.keras.Input(shape=(8,))
logits = tf.keras.layers.Dense(10)(tf.keras.layers.Dense(32, activation="relu")(inputs))
functional = tf.keras.Model(inputs, logits)
functional.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# Regression: a linear output with MSE
regression = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
regression.compile(optimizer="adam", loss="mse")

# The output activation is chosen at run time
ACTIVATION = sys.argv[1]
dynamic = keras.Sequential([layers.Dense(3, activation=ACTIVATION)])
dynamic.compile(loss="categorical_crossentropy")

# A Lambda the analysis cannot read applies the activation
wrapped = keras.Sequential([layers.Dense(1), layers.Lambda(lambda t: tf.math.sigmoid(t))])
wrapped.compile(loss="binary_crossentropy")

# from_logits passed positionally: not resolved, so not judged
positional = keras.Sequential([layers.Dense(4)])
positional.compile(loss=keras.losses.CategoricalCrossentropy(True))
