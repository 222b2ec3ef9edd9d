"""Outputs with one unit per class, and what the analysis cannot resolve (silent)."""

import sys

import keras
import numpy as np
from keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator

x = np.random.rand(64, 8)

# Two softmax units, the sparse loss, labels 0 and 1
pair = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(2, activation="softmax")])
pair.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
pair.fit(x, np.random.randint(0, 2, size=64))

# One sigmoid unit, binary cross-entropy, labels 0 and 1 (two classes, one unit)
binary = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")
binary.fit(x, np.random.randint(0, 2, size=(64, 1)))

# Multi-label: five sigmoid units, five 0/1 columns
tags = keras.Sequential([layers.Dense(5, activation="sigmoid")])
tags.compile(optimizer="adam", loss="binary_crossentropy")
tags.fit(x, np.random.randint(0, 2, size=(64, 5)))

# One-hot labels as wide as the output
onehot = keras.Sequential([layers.Dense(4, activation="softmax")])
onehot.compile(optimizer="adam", loss="categorical_crossentropy")
onehot.fit(x, keras.utils.to_categorical(np.random.randint(0, 4, size=64), num_classes=4))

# A width decided at run time
dynamic = keras.Sequential([layers.Dense(int(sys.argv[1]), activation="softmax")])
dynamic.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
dynamic.fit(x, np.random.randint(0, 7, size=64))

# Labels from a file
loaded = keras.Sequential([layers.Dense(3, activation="softmax")])
loaded.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
loaded.fit(x, np.load("labels.npy"))

# A 2-unit softmax with binary cross-entropy on one-hot rows (as wide as the output)
two = keras.Sequential([layers.Dense(2, activation="softmax")])
two.compile(optimizer="adam", loss="binary_crossentropy")
two.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, size=64), num_classes=2))

# class_mode="binary" into one sigmoid unit
photos = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
    "photos/train", target_size=(64, 64), class_mode="binary"
)
cats_dogs = keras.Sequential([
    keras.Input((64, 64, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1, activation="sigmoid"),
])
cats_dogs.compile(optimizer="adam", loss="binary_crossentropy")
cats_dogs.fit(photos)
