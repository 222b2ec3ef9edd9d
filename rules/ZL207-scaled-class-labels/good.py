"""Inputs scaled, class labels left as integer class ids."""

import keras
import numpy as np
from sklearn.datasets import load_digits

rng = np.random.default_rng(0)

# scikit-learn's digits: pixels 0..16 divided by 16, the labels untouched
digits = load_digits()
X = digits.data / 16.0
y = digits.target
model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=2)

# A float cast keeps whole numbers: still class indices
model.fit(X, y.astype("float32"))

# Labels shifted from 1..10 to 0..9: whole numbers
model.fit(X, rng.integers(1, 11, size=len(X)) - 1)

# Regression targets may be scaled: the loss is not a sparse categorical one
regressor = keras.Sequential([keras.layers.Dense(1)])
regressor.compile(optimizer="adam", loss="mse")
regressor.fit(X, y / 9.0)
