"""Integer class labels scaled like the inputs, under a sparse categorical loss."""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, size=(256, 28, 28)).astype("uint8")
y_train = rng.integers(0, 10, size=256).astype("uint8")

# The labels divided by 255 with the pixels: every label truncates to class 0 (keras 3)
x_train = x_train / 255.0
y_train = y_train / 255.0
model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: ZL207
model.fit(x_train, y_train, epochs=2)

# Halved class ids: 0 and 0.5 become class 0, 1 and 1.5 class 1, so pairs of classes
# merge (the functional API, tf.keras, the loss class)
classes = rng.integers(0, 6, size=500)
inputs = tf.keras.Input(shape=(4,))
outputs = tf.keras.layers.Dense(6, activation="softmax")(tf.keras.layers.Dense(16, activation="relu")(inputs))
functional = tf.keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())  # expect: ZL207
functional.fit(rng.normal(size=(500, 4)), classes * 0.5)


# Labels min-max scaled by hand in a builder's training call
def train(features, labels):
    net = keras.Sequential([keras.layers.Dense(8, activation="softmax")])
    net.compile(loss="sparse_categorical_crossentropy")  # expect: ZL207
    net.fit(features, labels / labels.max())
    return net


trained = train(rng.normal(size=(300, 5)), rng.integers(0, 8, size=300))
