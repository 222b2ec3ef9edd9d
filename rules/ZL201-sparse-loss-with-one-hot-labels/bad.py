"""Sparse categorical losses trained on one-hot labels."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)
labels = np.random.randint(0, 3, size=64)

# to_categorical labels, Sequential, the loss as a string
y = keras.utils.to_categorical(labels, num_classes=3)
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
model.fit(x, y, epochs=2)

# tf.one_hot labels, functional API with tf.keras, the loss as a class on logits
inputs = tf.keras.Input(shape=(8,))
logits = tf.keras.layers.Dense(3)(tf.keras.layers.Dense(16, activation="relu")(inputs))
functional = tf.keras.Model(inputs, logits)
functional.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),  # expect: ZL201
)
functional.fit(x, tf.one_hot(labels, depth=3), epochs=2)

# pd.get_dummies labels, a builder function
frame = pd.DataFrame({"species": ["a", "b", "c", "a"]})


def build(n_classes):
    net = keras.Sequential([layers.Dense(n_classes, activation="softmax")])
    net.compile(optimizer="adam", loss=keras.losses.sparse_categorical_crossentropy)  # expect: ZL201
    return net


built = build(3)
built.fit(np.random.rand(4, 8), pd.get_dummies(frame["species"]).values)

# A one-hot literal, train_on_batch
tiny = keras.Sequential([layers.Dense(2, activation="softmax")])
tiny.compile(loss="sparse_categorical_crossentropy")  # expect: ZL201
tiny.train_on_batch(np.random.rand(3, 8), [[1, 0], [0, 1], [1, 0]])

# Labels one-hot encoded in a tf.data pipeline
pipeline = tf.data.Dataset.from_tensor_slices((np.random.rand(64, 8), np.random.randint(0, 4, 64)))
pipeline = pipeline.batch(16).map(lambda features, label: (features, tf.one_hot(label, 4)))
streamed = keras.Sequential([keras.Input((8,)), layers.Dense(4, activation="softmax")])
streamed.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
streamed.fit(pipeline)
