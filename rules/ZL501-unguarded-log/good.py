"""Logs of predictions guarded by a clip, a maximum or an epsilon, and logs that are not of predictions."""

import keras
import numpy as np
import tensorflow as tf
from keras import backend as K

EPSILON = 1e-7


# Clipped into (0, 1) first: both logs are finite
def binary_crossentropy(y_true, y_pred):
    p = tf.clip_by_value(y_pred, EPSILON, 1 - EPSILON)
    return -tf.reduce_mean(y_true * tf.math.log(p) + (1 - y_true) * tf.math.log(1 - p))


# An epsilon inside the log (a literal, or keras.backend.epsilon())
def categorical_crossentropy(y_true, y_pred):
    return -K.sum(y_true * K.log(y_pred + 1e-7), axis=-1)


def soft_dice_log(y_true, y_pred):
    return -K.log(K.sum(y_true * y_pred) + K.epsilon())


# A maximum with a positive floor
def log_likelihood(labels, probabilities):
    return keras.ops.mean(keras.ops.log(keras.ops.maximum(probabilities, 1e-6)))


model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=binary_crossentropy, metrics=[log_likelihood])


# An epsilon the analysis cannot see (a factory argument) still counts as a guard
def make_loss(eps):
    def loss(y_true, y_pred):
        return -tf.reduce_mean(y_true * tf.math.log(y_pred + eps))

    return loss


# Computed from logits: log_sigmoid never reaches -inf
def focal_from_logits(y_true, logits):
    return -tf.reduce_mean(y_true * tf.math.log_sigmoid(logits))


# A helper with a (y_true, y_pred) signature, only ever called with clipped values
def _cross_entropy(y_true, y_pred):
    return -tf.reduce_sum(y_true * tf.math.log(y_pred), axis=-1)


def safe_cross_entropy(y_true, y_pred):
    return _cross_entropy(y_true, tf.clip_by_value(y_pred, 1e-7, 1.0))


# Logs of labels and of data are not logs of predictions
def log_target(y_true, y_pred):
    return tf.reduce_mean(tf.square(tf.math.log(y_true + 1.0) - y_pred))


prices = np.random.uniform(10, 100, size=(64, 1))
log_prices = np.log(prices)
