"""Categorical (one-hot) losses trained on integer class labels."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_iris
from sklearn.preprocessing import LabelEncoder

x = np.random.rand(64, 8)

# randint labels, Sequential, the loss as a string
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(5, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
model.fit(x, np.random.randint(0, 5, size=64), epochs=2)

# A Keras data set's labels, functional API with tf.keras, the loss as a class
(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
inputs = tf.keras.Input(shape=(28, 28))
flat = tf.keras.layers.Flatten()(inputs)
functional = tf.keras.Model(inputs, tf.keras.layers.Dense(10, activation="softmax")(flat))
functional.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())  # expect: ZL202
functional.fit(x_train / 255.0, y_train, epochs=1)

# LabelEncoder output, a builder function, the loss as a function
frame = pd.read_csv("flowers.csv")
encoded = LabelEncoder().fit_transform(frame["species"])


def build(n_classes):
    net = keras.Sequential([layers.Dense(n_classes, activation="softmax")])
    net.compile(optimizer="adam", loss=keras.losses.categorical_crossentropy)  # expect: ZL202
    return net


built = build(3)
built.fit(frame.drop(columns=["species"]).values, encoded)

# An (N, 1) integer literal, the focal variant
tiny = keras.Sequential([layers.Dense(3, activation="softmax")])
tiny.compile(loss=keras.losses.CategoricalFocalCrossentropy())  # expect: ZL202
tiny.fit(np.random.rand(4, 8), np.array([[0], [2], [1], [2]]))

# scikit-learn's iris labels (integers 0..2)
features, species = load_iris(return_X_y=True)
iris = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="softmax")])
iris.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
iris.fit(features, species)

# Integer labels through a tf.data pipeline
pipeline = tf.data.Dataset.from_tensor_slices((x, np.random.randint(0, 5, size=64))).batch(16)
streamed = keras.Sequential([keras.Input((8,)), layers.Dense(5, activation="softmax")])
streamed.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
streamed.fit(pipeline)
