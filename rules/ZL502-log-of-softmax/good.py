"""log_softmax, and softmaxes that are not logged."""

import keras
import numpy as np
import scipy.special
import tensorflow as tf


def cross_entropy(y_true, logits):
    return -tf.reduce_sum(y_true * tf.nn.log_softmax(logits), axis=-1)


class LogProbabilities(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.log_softmax(inputs, axis=-1)


# A softmax output used as probabilities, a log of something else
inputs = keras.Input(shape=(16,))
probabilities = keras.layers.Dense(10, activation="softmax")(keras.layers.Dense(32, activation="relu")(inputs))
model = keras.Model(inputs, probabilities)
model.compile(optimizer="adam", loss="categorical_crossentropy")

logits = np.random.normal(size=(8, 5))
log_p = scipy.special.log_softmax(logits, axis=1)
log_counts = np.log(np.random.uniform(1, 10, size=8))

# A softmax clipped away from 0 before the log is finite (a log of a clip, not of a softmax)
safe = tf.math.log(tf.clip_by_value(tf.nn.softmax(logits), 1e-7, 1.0))
