"""Binary cross-entropy on softmax outputs of three or more units."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

x = np.random.rand(64, 8)
y = keras.utils.to_categorical(np.random.randint(0, 10, size=64), num_classes=10)

# Sequential given a list, the loss as a string
model = keras.Sequential([layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL107
model.fit(x, y, epochs=2)

# Functional API, tf.keras, a Softmax layer after the output and the loss as a class
inputs = tf.keras.Input(shape=(8,))
scores = tf.keras.layers.Dense(3)(tf.keras.layers.Dense(16, activation="relu")(inputs))
functional = tf.keras.Model(inputs, tf.keras.layers.Softmax()(scores))
functional.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy())  # expect: ZL107

# A builder function, the width in a constant, the loss as a function
N_CLASSES = 5


def build_model(n_classes=N_CLASSES):
    return keras.Sequential([layers.Dense(n_classes, activation=keras.activations.softmax)])


built = build_model()
built.compile(loss=keras.losses.binary_crossentropy)  # expect: ZL107

# The focal variant, from_logits=False written out
focal = keras.Sequential([layers.Dense(4), layers.Activation("softmax")])
focal.compile(loss=keras.losses.BinaryFocalCrossentropy(from_logits=False))  # expect: ZL107
