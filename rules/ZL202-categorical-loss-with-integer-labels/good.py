"""Categorical losses on one-hot labels, and labels that cannot be resolved (silent)."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from keras import layers
from xgboost import XGBClassifier

x = np.random.rand(64, 8)
labels = np.random.randint(0, 5, size=64)

# One-hot labels for the categorical loss
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, keras.utils.to_categorical(labels, num_classes=5), epochs=2)

# Integer labels for the sparse loss, on a Keras data set
(x_train, y_train), _ = keras.datasets.mnist.load_data()
digits = keras.Sequential([layers.Flatten(), layers.Dense(10, activation="softmax")])
digits.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
digits.fit(x_train / 255.0, y_train)

# A CSV column with no hint of its type
frame = pd.read_csv("flowers.csv")
csv = keras.Sequential([layers.Dense(3, activation="softmax")])
csv.compile(optimizer="adam", loss="categorical_crossentropy")
csv.fit(frame.drop(columns=["species"]).values, frame["species"])

# fit on something that is not a Keras model
booster = XGBClassifier()
booster.fit(x, labels)

# Multi-label targets: several 0/1 columns per sample are not class indices
tags = keras.Sequential([layers.Dense(4, activation="softmax")])
tags.compile(optimizer="adam", loss="categorical_crossentropy")
tags.fit(x, np.random.randint(0, 2, size=(64, 4)))

# A tf.data pipeline of integer labels with the sparse loss
pipeline = tf.data.Dataset.from_tensor_slices((x, labels)).shuffle(64).batch(16)
streamed = keras.Sequential([keras.Input((8,)), layers.Dense(5, activation="softmax")])
streamed.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
streamed.fit(pipeline)

# One-hot labels made in the pipeline, with the categorical loss
encoded = pipeline.map(lambda features, label: (features, tf.one_hot(label, 5)))
streamed.compile(optimizer="adam", loss="categorical_crossentropy")
streamed.fit(encoded)
