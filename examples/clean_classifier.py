"""A correct multi-class classifier: zerolint has nothing to say about it.

Inputs are standardised, the output has one unit per class with a softmax, the labels are
integers and the loss is the sparse categorical cross-entropy.
"""

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

N_CLASSES = 4
rng = np.random.default_rng(3)
x = rng.normal(size=(800, 10)).astype("float32")
y = (np.abs(x[:, 0]) * 2).astype("int64") % N_CLASSES
x = (x - x.mean(axis=0)) / x.std(axis=0)

inputs = tf.keras.Input(shape=(10,))
hidden = layers.Dense(64, activation="relu")(inputs)
hidden = layers.Dropout(0.2)(hidden)
outputs = layers.Dense(N_CLASSES, activation="softmax")(hidden)
model = tf.keras.Model(inputs=inputs, outputs=outputs)

model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)
