"""Constant kernel initializers on hidden layers that can never learn."""

import keras
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 20)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")

# Zeros under a ReLU with a zero bias: relu(0) = 0 and no gradient at 0 (Sequential, tf.keras)
model = tf.keras.Sequential(
    [
        layers.Dense(64, activation="relu", kernel_initializer="zeros", input_shape=(20,)),  # expect: ZL601
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(x, y, epochs=5)

# Every layer constant: the units of the hidden layer receive the same gradient forever
# (the functional API, keras 3, initializer objects)
inputs = keras.Input(shape=(20,))
hidden = keras.layers.Dense(32, activation="tanh", kernel_initializer=keras.initializers.Constant(0.1))(inputs)  # expect: ZL601
outputs = keras.layers.Dense(3, activation="softmax", kernel_initializer=keras.initializers.Zeros())(hidden)
functional = keras.Model(inputs, outputs)

# A linear zero layer outputs 0, so the ReLU layer after it has no gradient either
# (Sequential built with add, TensorFlow's own initializer through a name)
INIT = tf.zeros_initializer()
stacked = tf.keras.Sequential()
stacked.add(tf.keras.layers.Dense(16, kernel_initializer=INIT))  # expect: ZL601
stacked.add(tf.keras.layers.Dense(16, activation="relu"))
stacked.add(tf.keras.layers.Dense(1))


# A subclassed model: zeros under a ReLU with a negative bias on a convolution
class Classifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = keras.layers.Conv2D(
            8, 3, activation="relu", kernel_initializer="zeros", bias_initializer=keras.initializers.Constant(-0.1)  # expect: ZL601
        )
        self.pool = keras.layers.GlobalAveragePooling2D()
        self.head = keras.layers.Dense(10)

    def call(self, images):
        return self.head(self.pool(self.conv(images)))


classifier = Classifier()
