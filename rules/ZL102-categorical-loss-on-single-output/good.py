"""Losses that fit their outputs, and cases the analysis cannot resolve (silent)."""

import keras
import numpy as np
from keras import layers

# Binary: one sigmoid unit with binary cross-entropy
binary = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")

# Categorical loss over several classes
multi = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(4, activation="softmax")])
multi.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())

# Regression on one unit
regression = keras.Sequential([layers.Dense(1)])
regression.compile(optimizer="adam", loss="mse")

# The model comes from elsewhere: its output is unknown
pretrained = keras.models.load_model("classifier.keras")
pretrained.compile(optimizer="adam", loss="categorical_crossentropy")

# The loss is chosen at run time
loss_name = "categorical_crossentropy" if np.random.rand() > 2 else "binary_crossentropy"
chosen = keras.Sequential([layers.Dense(1, activation="sigmoid")])
chosen.compile(optimizer="adam", loss=loss_name)

# Two heads with a loss each: the one-unit head has a binary loss
inputs = keras.Input(shape=(8,))
hidden = layers.Dense(16, activation="relu")(inputs)
kind = layers.Dense(5, activation="softmax", name="kind")(hidden)
flag = layers.Dense(1, activation="sigmoid", name="flag")(hidden)
heads = keras.Model(inputs, [kind, flag])
heads.compile(optimizer="adam", loss={"kind": "categorical_crossentropy", "flag": "binary_crossentropy"})
