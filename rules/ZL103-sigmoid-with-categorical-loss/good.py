"""Sigmoid outputs with the losses that fit them, and what the analysis cannot resolve."""

import os

import keras
from keras import layers

# Multi-label: several sigmoid units, one yes/no each, binary cross-entropy
tagger = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(5, activation="sigmoid")])
tagger.compile(optimizer="adam", loss="binary_crossentropy")

# One class per sample: softmax with the categorical loss
classifier = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(5, activation="softmax")])
classifier.compile(optimizer="adam", loss="categorical_crossentropy")

# Autoencoder: sigmoid reconstruction of inputs in [0, 1] with MSE
inputs = keras.Input(shape=(784,))
code = layers.Dense(32, activation="relu")(inputs)
decoded = layers.Dense(784, activation="sigmoid")(code)
autoencoder = keras.Model(inputs, decoded)
autoencoder.compile(optimizer="adam", loss="mse")

# The width is decided at run time
n_outputs = int(os.environ["N_OUTPUTS"])
dynamic = keras.Sequential([layers.Dense(n_outputs, activation="sigmoid")])
dynamic.compile(loss="categorical_crossentropy")

# Two heads, each with the loss that fits it
shared = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(shared)
kind = layers.Dense(4, activation="softmax", name="kind")(hidden)
tags = layers.Dense(6, activation="sigmoid", name="tags")(hidden)
heads = keras.Model(shared, [kind, tags])
heads.compile(optimizer="adam", loss=["categorical_crossentropy", "binary_crossentropy"])
