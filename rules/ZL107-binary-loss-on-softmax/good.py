"""Binary losses on outputs they fit, and what the analysis cannot resolve."""

import sys

import keras
from keras import layers

# Multi-label: several sigmoid units with binary cross-entropy
tagger = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(10, activation="sigmoid")])
tagger.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])

# Binary: one sigmoid unit
binary = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")

# Two softmax units with one-hot labels: the pair works (see the README)
pair = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(2, activation="softmax")])
pair.compile(optimizer="adam", loss="binary_crossentropy")

# One class per sample: softmax with the categorical loss
classifier = keras.Sequential([layers.Dense(10, activation="softmax")])
classifier.compile(optimizer="adam", loss="categorical_crossentropy")

# The width is decided at run time
dynamic = keras.Sequential([layers.Dense(int(sys.argv[1]), activation="softmax")])
dynamic.compile(loss="binary_crossentropy")
