"""Validation and test scores computed on the training data."""

import keras
import numpy as np
import tensorflow as tf

# The same arrays as training and validation data (keras 3, Sequential)
x = np.random.rand(500, 4)
y = np.random.randint(0, 2, 500)
model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, validation_data=(x, y))  # expect: ZL403

# A slice of the training images as validation data (tf.keras, MNIST)
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train / 255.0
inputs = tf.keras.Input(shape=(28, 28))
hidden = tf.keras.layers.Dense(64, activation="relu")(tf.keras.layers.Flatten()(inputs))
digits = tf.keras.Model(inputs, tf.keras.layers.Dense(10, activation="softmax")(hidden))
digits.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
digits.fit(x_train, y_train, validation_data=(x_train[:5000], y_train[:5000]))  # expect: ZL403

# The same variable, loaded from disk
features = np.load("features.npy")
labels = np.load("labels.npy")
model.fit(features, labels, validation_data=(features, labels))  # expect: ZL403

# Scored on the training data and reported as a test score
test_loss, test_acc = model.evaluate(x, y)  # expect: ZL403
score = digits.evaluate(x_train, y_train, verbose=0)  # expect: ZL403
print(f"Test accuracy: {score[1]:.3f}")

# A tf.data pipeline validated on some of its own batches
pipeline = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(500).batch(32)
model.fit(pipeline, validation_data=pipeline.take(3))  # expect: ZL403
