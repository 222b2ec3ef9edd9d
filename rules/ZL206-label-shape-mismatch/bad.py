"""Labels whose shape does not line up with the output's shape under the loss."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

# A per-sequence output (no return_sequences) trained on one label per step
steps = np.random.rand(40, 12, 3)
per_step = keras.utils.to_categorical(np.random.randint(0, 5, (40, 12)), 5)
tagger = keras.Sequential([
    keras.Input((12, 3)),
    layers.GRU(16),
    layers.Dense(5, activation="softmax"),
])
tagger.compile(optimizer="adam", loss="categorical_crossentropy")
tagger.fit(steps, per_step)  # expect: ZL206

# A per-step output (return_sequences=True) trained on one target per sequence: MSE
# broadcasts it silently against every step of every sample in the batch
inputs = tf.keras.Input((24, 3))
hidden = tf.keras.layers.GRU(16, return_sequences=True)(inputs)
forecast = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(hidden))
forecast.compile(optimizer="adam", loss="mse")
forecast.fit(np.random.rand(90, 24, 3), np.random.rand(90))  # expect: ZL206

# Conv1D into Dense with no Flatten or pooling, one label per sample
signals = np.random.rand(64, 50, 1)
classes = keras.utils.to_categorical(np.random.randint(0, 3, 64), 3)
conv = keras.Sequential([
    layers.Conv1D(8, 5, activation="relu", input_shape=(50, 1)),
    layers.Dense(3, activation="softmax"),
])
conv.compile(optimizer="adam", loss="categorical_crossentropy")
conv.fit(signals, classes)  # expect: ZL206


# A regression output of width 1 against three target columns (silently their mean)
def build_regressor():
    model = keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mean_absolute_error")
    return model


regressor = build_regressor()
regressor.fit(np.random.rand(60, 8), np.random.rand(60, 3))  # expect: ZL206

# An autoencoder whose output has one channel, trained to reproduce 3-channel images
images = np.random.rand(16, 32, 32, 3)
image = keras.Input((32, 32, 3))
features = layers.Conv2D(8, 3, padding="same", activation="relu")(image)
restored = layers.Conv2D(1, 3, padding="same", activation="sigmoid")(features)
autoencoder = keras.Model(image, restored)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(images, images)  # expect: ZL206


# Labels built by a helper with an extra axis: (N, 1, 4) against an (N, 4) output
def one_hot_labels(count):
    labels = keras.utils.to_categorical(np.random.randint(0, 4, count), 4)
    return np.expand_dims(labels, 1)


classifier = keras.Sequential([keras.Input((12,)), layers.Dense(4, activation="softmax")])
classifier.compile(optimizer="adam", loss="categorical_crossentropy")
classifier.fit(np.random.rand(64, 12), one_hot_labels(64))  # expect: ZL206
