"""Binary cross-entropy trained on labels outside [0, 1]."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import make_hastie_10_2

x = np.random.rand(64, 8)

# Classes numbered 1 and 2, Sequential, the loss as a string
model = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: ZL204
model.fit(x, np.random.randint(1, 3, size=64), epochs=2)

# Labels -1 and 1 in a literal, functional API with tf.keras, the loss as a class on logits
inputs = tf.keras.Input(shape=(8,))
logit = tf.keras.layers.Dense(1)(tf.keras.layers.Dense(16, activation="relu")(inputs))
functional = tf.keras.Model(inputs, logit)
functional.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))  # expect: ZL204
functional.fit(np.random.rand(4, 8), np.array([-1, 1, 1, -1]))

# Class indices of four classes, a builder function, the loss as a function
def build():
    net = keras.Sequential([layers.Dense(1, activation="sigmoid")])
    net.compile(optimizer="adam", loss=keras.losses.binary_crossentropy)  # expect: ZL204
    return net


built = build()
built.fit(x, np.random.randint(0, 4, size=64))

# Targets scaled beyond 1, the focal variant
scores = keras.Sequential([layers.Dense(1, activation="sigmoid")])
scores.compile(loss=keras.losses.BinaryFocalCrossentropy())  # expect: ZL204
scores.fit(x, np.random.rand(64) * 10.0)

# scikit-learn's make_hastie_10_2 labels are -1 and 1
points, sign = make_hastie_10_2(n_samples=1000)
hastie = keras.Sequential([keras.Input((10,)), layers.Dense(1, activation="sigmoid")])
hastie.compile(optimizer="adam", loss="binary_crossentropy")  # expect: ZL204
hastie.fit(points, sign)
