"""Features that are scaled on the way to the model, or whose scale cannot be known."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from keras import layers
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

age = np.random.randint(18, 90, size=500)
income = np.random.uniform(1000, 200000, size=500)
X = np.column_stack([age, income])
y = np.random.randint(0, 2, size=500)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

# A Normalization layer adapted on the training data, first in the model
normalizer = layers.Normalization()
normalizer.adapt(X_train)
adapted = keras.Sequential([keras.Input(shape=(2,)), normalizer, layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
adapted.compile(optimizer="adam", loss="binary_crossentropy")
adapted.fit(X_train, y_train, validation_data=(X_test, y_test))

# StandardScaler fit on the training split only
scaler = StandardScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_test_scaled = scaler.transform(X_test)
plain = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
plain.compile(optimizer="adam", loss="binary_crossentropy")
plain.fit(X_train_scaled, y_train, validation_data=(X_test_scaled, y_test))

# Standardised by hand with the training statistics
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
plain.fit((X_train - mean) / std, y_train)

# Each column divided by a constant
plain.fit(np.column_stack([age / 100.0, income / 100000.0]), y)

# BatchNormalization as the first layer (functional API, tf.keras)
inputs = tf.keras.Input(shape=(2,))
hidden = tf.keras.layers.BatchNormalization()(inputs)
hidden = tf.keras.layers.Dense(8, activation="relu")(hidden)
batch_normed = tf.keras.Model(inputs, tf.keras.layers.Dense(1, activation="sigmoid")(hidden))
batch_normed.compile(optimizer="adam", loss="binary_crossentropy")
batch_normed.fit(X_train, y_train)

# Features that are already on a small, common scale
plain.fit(np.random.rand(500, 4), y)

# Token indices into an Embedding: their scale does not matter
tokens = np.random.randint(0, 5000, (500, 20))
embedded = keras.Sequential([layers.Embedding(5000, 16), layers.GlobalAveragePooling1D(), layers.Dense(1, activation="sigmoid")])
embedded.compile(optimizer="adam", loss="binary_crossentropy")
embedded.fit(tokens, y)

# A Lambda layer first: it may scale, so nothing is claimed
scaled_inside = keras.Sequential([layers.Lambda(lambda t: t / 1000.0), layers.Dense(1, activation="sigmoid")])
scaled_inside.compile(optimizer="adam", loss="binary_crossentropy")
scaled_inside.fit(X, y)

# Data read from a file: its ranges are not known
table = pd.read_csv("houses.csv")
plain.fit(table.drop(columns=["sold"]).values, table["sold"].values)
