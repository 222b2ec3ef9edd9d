"""Validation on held-out data, and training scores labelled as such."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split

x = np.random.rand(500, 4)
y = np.random.randint(0, 2, 500)
model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

# A held-out split
x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.2)
model.fit(x_train, y_train, validation_data=(x_val, y_val))

# Keras holds out the last 20% itself
model.fit(x, y, validation_split=0.2)

# Disjoint slices of one array
model.fit(x[:400], y[:400], validation_data=(x[400:], y[400:]))

# The data set's own test part (tf.keras, functional)
(images, labels), (test_images, test_labels) = tf.keras.datasets.mnist.load_data()
images, test_images = images / 255.0, test_images / 255.0
inputs = tf.keras.Input(shape=(28, 28))
hidden = tf.keras.layers.Dense(64, activation="relu")(tf.keras.layers.Flatten()(inputs))
digits = tf.keras.Model(inputs, tf.keras.layers.Dense(10, activation="softmax")(hidden))
digits.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
digits.fit(images, labels, validation_data=(test_images, test_labels))
test_loss, test_acc = digits.evaluate(test_images, test_labels)
print(f"Test accuracy: {test_acc:.3f}")

# A training score labelled as one
train_loss, train_acc = model.evaluate(x_train, y_train)
print("Training accuracy:", train_acc)

# Validation files read separately
train_df = pd.read_csv("train.csv")
val_df = pd.read_csv("validation.csv")
model.fit(train_df.drop(columns=["y"]), train_df["y"], validation_data=(val_df.drop(columns=["y"]), val_df["y"]))
