"""Logs of predictions that can be exactly 0, in hand-written losses and metrics."""

import keras
import numpy as np
import tensorflow as tf
from keras import backend as K


# A hand-written binary cross-entropy with tf.math, compiled as the loss
def binary_crossentropy(y_true, y_pred):
    return -tf.reduce_mean(
        y_true * tf.math.log(y_pred)  # expect: ZL501
        + (1 - y_true) * tf.math.log(1 - y_pred)  # expect: ZL501
    )


# keras.ops through an intermediate name, in a metric (found through metrics=)
def log_likelihood(labels, probabilities):
    picked = keras.ops.sum(labels * probabilities, axis=-1)
    return keras.ops.mean(keras.ops.log(picked))  # expect: ZL501


model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=binary_crossentropy, metrics=[log_likelihood])
rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
model.fit(x, (x[:, 0] > 0).astype("float32"), epochs=5)


# keras.backend in a keras.losses.Loss subclass, the sigmoid applied inside the loss
class FocalLoss(keras.losses.Loss):
    def call(self, y_true, y_pred):
        p = K.sigmoid(y_pred)
        return -K.mean(y_true * K.pow(1 - p, 2) * K.log(p))  # expect: ZL501


# A clip up to 1.0 guards log(p) but not log(1 - p)
def clipped_below_only(y_true, y_pred):
    p = tf.clip_by_value(y_pred, 1e-7, 1.0)
    return -tf.reduce_mean(y_true * tf.math.log(p) + (1 - y_true) * tf.math.log(1 - p))  # expect: ZL501


# numpy in a metric with Keras's (y_true, y_pred) signature
def mean_log_error(y_true, y_pred):
    return np.mean(np.abs(np.log(y_pred) - np.log(y_true + 1)))  # expect: ZL501
