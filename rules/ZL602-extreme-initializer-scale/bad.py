"""Random initializers whose scale is far from what the layer's fan-in calls for."""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
images = rng.random((256, 784), dtype=np.float32)
digits = rng.integers(0, 10, size=256)

# Sequential, keras 3: unit-variance weights on 256 inputs (He scale: 0.09)
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(128, activation="relu", kernel_initializer=keras.initializers.RandomNormal(stddev=1.0)),  # expect: ZL602
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, digits, epochs=5)

# The functional API, tf.keras: a uniform initializer over [-1, 1] on 1024 inputs
inputs = tf.keras.Input(shape=(1024,))
wide = tf.keras.layers.Dense(
    512,
    activation="tanh",
    kernel_initializer=tf.keras.initializers.RandomUniform(minval=-1.0, maxval=1.0),  # expect: ZL602
)(inputs)
outputs = tf.keras.layers.Dense(1)(wide)
functional = tf.keras.Model(inputs, outputs)

# TensorFlow 1's random_normal_initializer defaults to stddev=1.0
legacy = tf.keras.Sequential(
    [
        tf.keras.layers.Dense(300, input_shape=(500,), kernel_initializer=tf.compat.v1.random_normal_initializer()),  # expect: ZL602
        tf.keras.layers.Dense(1),
    ]
)

# Far too small: the signal shrinks ~10,000x per layer
TINY = keras.initializers.TruncatedNormal(stddev=1e-5)
vanishing = keras.Sequential(
    [keras.layers.Dense(64, input_dim=100), keras.layers.Dense(64, kernel_initializer=TINY), keras.layers.Dense(1)]  # expect: ZL602
)
