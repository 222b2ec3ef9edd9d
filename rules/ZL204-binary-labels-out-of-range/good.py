"""Binary cross-entropy on labels in [0, 1], and labels that cannot be resolved (silent)."""

import keras
import numpy as np
import pandas as pd
from keras import layers

x = np.random.rand(64, 8)
classes = np.random.randint(1, 3, size=64)

# One sigmoid unit with 0/1 labels, including 1/2 classes shifted to 0/1
binary = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
binary.fit(x, np.random.randint(0, 2, size=64))
binary.fit(x, classes - 1)

# Multi-label: several sigmoid units with multi-hot labels
tags = keras.Sequential([layers.Dense(6, activation="sigmoid")])
tags.compile(optimizer="adam", loss="binary_crossentropy")
tags.fit(x, np.random.randint(0, 2, size=(64, 6)))

# Soft targets in [0, 1]
soft = keras.Sequential([layers.Dense(1, activation="sigmoid")])
soft.compile(optimizer="adam", loss="binary_crossentropy")
soft.fit(x, np.random.rand(64))

# Autoencoder on pixels scaled to [0, 1]
(images, _), _ = keras.datasets.mnist.load_data()
images = images.reshape(-1, 784) / 255.0
inputs = keras.Input(shape=(784,))
decoded = layers.Dense(784, activation="sigmoid")(layers.Dense(32, activation="relu")(inputs))
autoencoder = keras.Model(inputs, decoded)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(images, images)

# Labels from a CSV column
frame = pd.read_csv("reviews.csv")
csv = keras.Sequential([layers.Dense(1, activation="sigmoid")])
csv.compile(optimizer="adam", loss="binary_crossentropy")
csv.fit(frame.drop(columns=["label"]).values, frame["label"])
