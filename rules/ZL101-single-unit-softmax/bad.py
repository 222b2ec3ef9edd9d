"""Binary classifiers whose one output unit goes through a softmax."""

import numpy as np
import tensorflow as tf
from keras import layers
from tensorflow.keras.layers import Activation, Dense, Input, Softmax

x = np.random.rand(64, 8)
y = np.random.randint(0, 2, size=(64, 1))

# Sequential given a list
model = tf.keras.Sequential(
    [
        Dense(16, activation="relu", input_shape=(8,)),
        Dense(1, activation="softmax"),  # expect: ZL101
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=2)

# Sequential built with .add and a separate Activation layer
stacked = tf.keras.models.Sequential()
stacked.add(Dense(16, activation="relu"))
stacked.add(Dense(1))
stacked.add(Activation("softmax"))  # expect: ZL101
stacked.compile(optimizer="adam", loss="binary_crossentropy")

# A Softmax layer after the output unit, keras 3 spelling
layered = tf.keras.Sequential([layers.Dense(1), layers.Dropout(0.1), layers.Softmax()])  # expect: ZL101
layered.compile(optimizer="sgd", loss="binary_crossentropy")

# Functional API, activation given as a function
inputs = Input(shape=(8,))
hidden = Dense(16, activation="relu")(inputs)
outputs = Dense(1, activation=tf.nn.softmax)(hidden)  # expect: ZL101
functional = tf.keras.Model(inputs=inputs, outputs=outputs)
functional.compile(optimizer="adam", loss="binary_crossentropy")

# Units and activation through constants
N_OUTPUTS = 1
ACTIVATION = "softmax"
constants = tf.keras.Sequential([Dense(N_OUTPUTS, activation=ACTIVATION)])  # expect: ZL101
