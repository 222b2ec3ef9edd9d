"""Sparse losses on class indices, categorical losses on one-hot labels (silent)."""

import keras
import numpy as np
import pandas as pd
from keras import layers

x = np.random.rand(64, 8)
labels = np.random.randint(0, 3, size=64)

# Sparse loss with the integer labels
sparse = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
sparse.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
sparse.fit(x, labels, epochs=2)

# Two softmax units, sparse loss, labels 0 and 1
pair = keras.Sequential([layers.Dense(2, activation="softmax")])
pair.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
pair.fit(x, np.random.randint(0, 2, size=(64, 1)))

# Categorical loss with one-hot labels; evaluate on test labels encoded the same way
onehot = keras.Sequential([layers.Dense(3, activation="softmax")])
onehot.compile(optimizer="adam", loss="categorical_crossentropy")
onehot.fit(x, keras.utils.to_categorical(labels, num_classes=3))
onehot.evaluate(x, keras.utils.to_categorical(labels, num_classes=3))

# Labels read from a CSV column: nothing is known about them
frame = pd.read_csv("train.csv")
unknown = keras.Sequential([layers.Dense(3, activation="softmax")])
unknown.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
unknown.fit(frame.drop(columns=["label"]).values, frame["label"].values)

# Labels changed by code the analysis cannot follow
y = keras.utils.to_categorical(labels, num_classes=3)
y = decode(y)  # noqa: F821
changed = keras.Sequential([layers.Dense(3, activation="softmax")])
changed.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
changed.fit(x, y)
