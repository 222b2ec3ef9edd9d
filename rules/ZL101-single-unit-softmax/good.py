"""Correct output layers, and cases the analysis cannot be sure of (it stays silent)."""

import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense, Input, Softmax

x = np.random.rand(64, 8)

# Binary: one sigmoid unit
binary = tf.keras.Sequential([Dense(16, activation="relu"), Dense(1, activation="sigmoid")])
binary.compile(optimizer="adam", loss="binary_crossentropy")

# Multi-class: softmax over several units
multi = tf.keras.Sequential([Dense(16, activation="relu"), Dense(3, activation="softmax")])
multi.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

# Softmax over another axis than the units is not always 1
inputs = Input(shape=(5, 8))
scores = Dense(1)(inputs)
attention = Softmax(axis=1)(scores)
pooled = tf.keras.Model(inputs, attention)

# Units unknown: read from the data at run time
n_classes = int(np.max(x)) + 1
dynamic = tf.keras.Sequential([Dense(n_classes, activation="softmax")])

# Layers added in a loop the analysis cannot count
looped = tf.keras.Sequential()
for width in get_widths():  # noqa: F821
    looped.add(Dense(width))
looped.add(Dense(1))
looped.add(tf.keras.layers.Activation("softmax"))

# A softmax written on purpose and suppressed
wanted = tf.keras.Sequential([Dense(1, activation="softmax")])  # noqa: ZL101
