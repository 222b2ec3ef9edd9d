"""Pixels divided by 255, rescaled inside the model, or not known to be raw."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# Divided by 255 before fit
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
mlp = keras.Sequential([layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
mlp.fit(x_train, y_train, validation_data=(x_test, y_test))

# Rescaling(1/255) as the first layer of the model (functional API, tf.keras)
(images, labels), _ = tf.keras.datasets.cifar10.load_data()
inputs = tf.keras.Input(shape=(32, 32, 3))
hidden = tf.keras.layers.Rescaling(1.0 / 255)(inputs)
hidden = tf.keras.layers.Conv2D(16, 3, activation="relu")(hidden)
outputs = tf.keras.layers.Dense(10, activation="softmax")(tf.keras.layers.Flatten()(hidden))
cnn = tf.keras.Model(inputs, outputs)
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.fit(images, labels)

# Augmentation then Rescaling, both before the first convolution
(photos, classes), _ = keras.datasets.cifar100.load_data()
augmented = keras.Sequential([layers.RandomFlip("horizontal"), layers.Rescaling(1.0 / 255), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(100, activation="softmax")])
augmented.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
augmented.fit(photos, classes)

# A preprocessing model nested in front: not followed, so nothing is claimed
preprocess = keras.Sequential([layers.Rescaling(1.0 / 255)])
nested = keras.Sequential([preprocess, layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(100, activation="softmax")])
nested.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
nested.fit(photos, classes)

# Standardised per image by TensorFlow
standardised = tf.image.per_image_standardization(images)
cnn.fit(standardised, labels)

# Images loaded from disk: their range is not known
arrays = np.load("images.npy")
cnn.fit(arrays, labels)
