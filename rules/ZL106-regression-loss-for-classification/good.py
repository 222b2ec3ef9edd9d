"""Regression losses on regressions, and classifiers with a classification loss (silent)."""

import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 8)

# Regression: a linear output with MSE
regression = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
regression.compile(optimizer="adam", loss="mse", metrics=["mae"])
regression.fit(x, np.random.rand(64) * 100.0)

# Sigmoid regression onto targets in [0, 1]
ratio = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
ratio.compile(optimizer="adam", loss="mse")
ratio.fit(x, np.random.rand(64))

# An autoencoder: a sigmoid output fit on its own inputs, even with an accuracy metric
inputs = keras.Input(shape=(8,))
code = layers.Dense(3, activation="relu")(inputs)
autoencoder = keras.Model(inputs, layers.Dense(8, activation="sigmoid")(code))
autoencoder.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
autoencoder.fit(x, x, epochs=2)

# A softmax autoencoder over one-hot rows
rows = keras.utils.to_categorical(np.random.randint(0, 4, size=64), num_classes=4)
onehot_ae = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(4, activation="softmax")])
onehot_ae.compile(optimizer="adam", loss="mse")
onehot_ae.fit(rows, rows)

# A classifier with the matching cross-entropy
classifier = keras.Sequential([layers.Dense(3, activation="softmax")])
classifier.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
classifier.fit(x, keras.utils.to_categorical(np.random.randint(0, 3, size=64), num_classes=3))

# Labels read from a file, a linear output: nothing says it is a classifier
scores = keras.Sequential([layers.Dense(1)])
scores.compile(optimizer="adam", loss="huber", metrics=["accuracy"])
scores.fit(x, np.load("targets.npy"))
