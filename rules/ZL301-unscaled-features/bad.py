"""Features on very different or very large scales reach a model's first Dense layer unscaled."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_breast_cancer

# The seed case: a literal table of rooms (1-8) and square feet (1000-8000), tf.keras
X = np.array([[1, 1000], [2, 2000], [3, 3000], [4, 4100], [5, 5200]], dtype="float32")
prices = np.array([100, 190, 310, 400, 515], dtype="float32")
regressor = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1)])
regressor.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01), loss="mse")
regressor.fit(X, prices, epochs=50)  # expect: ZL301

# Stacked columns from generators with known ranges, a builder function, keras 3
age = np.random.randint(18, 90, size=500)
income = np.random.uniform(1000, 200000, size=500)
features = np.column_stack([age, income])
churned = np.random.randint(0, 2, size=500)


def build_classifier(n_features):
    return keras.Sequential([keras.Input(shape=(n_features,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])


classifier = build_classifier(2)
classifier.compile(optimizer="adam", loss="binary_crossentropy")
classifier.fit(features, churned, epochs=5)  # expect: ZL301

# A DataFrame built from literals, the functional API
houses = pd.DataFrame({"rooms": [1, 2, 3, 4], "area": [900.0, 1500.0, 2100.0, 3000.0]})
inputs = keras.Input(shape=(2,))
hidden = layers.Dense(8, activation="relu")(inputs)
functional = keras.Model(inputs, layers.Dense(1)(hidden))
functional.compile(optimizer="adam", loss="mse")
functional.fit(houses[["rooms", "area"]], np.array([1.0, 2.0, 3.0, 4.0]))  # expect: ZL301

# Large values in every column (0..5000), a Sequential built with add()
readings = np.random.uniform(0, 5000, (100, 3))
sensor = keras.Sequential()
sensor.add(layers.Dense(4, activation="relu"))
sensor.add(layers.Dense(1))
sensor.compile(optimizer="adam", loss="mse")
sensor.fit(readings, np.random.rand(100))  # expect: ZL301

# scikit-learn's breast cancer features, from 0.0009 to 4254
cells, diagnosis = load_breast_cancer(return_X_y=True)
screen = keras.Sequential([keras.Input((30,)), layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
screen.compile(optimizer="adam", loss="binary_crossentropy")
screen.fit(cells, diagnosis)  # expect: ZL301
