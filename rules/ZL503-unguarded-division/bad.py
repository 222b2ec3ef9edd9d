"""Divisions by sums and norms of predictions, with no epsilon."""

import keras
import numpy as np
import tensorflow as tf
from keras import backend as K


# Dice loss without smoothing (tf): an empty mask and an all-zero prediction give 0/0
def dice_loss(y_true, y_pred):
    intersection = tf.reduce_sum(y_true * y_pred)
    return 1 - 2 * intersection / (tf.reduce_sum(y_true) + tf.reduce_sum(y_pred))  # expect: ZL503


# Cosine similarity by hand (keras.ops): a prediction of all zeros has norm 0
def cosine_loss(y_true, y_pred):
    dot = keras.ops.sum(y_true * y_pred, axis=-1)
    norms = keras.ops.norm(y_true, axis=-1) * keras.ops.norm(y_pred, axis=-1)
    return -keras.ops.mean(dot / norms)  # expect: ZL503


model = keras.Sequential([keras.layers.Dense(8, activation="relu")])
model.compile(optimizer="adam", loss=cosine_loss)
rng = np.random.default_rng(0)
x = rng.normal(size=(256, 4)).astype("float32")
model.fit(x, np.tile(x, 2), epochs=5)


# Jaccard (IoU) loss as a Loss subclass (keras.backend): an empty mask predicted empty is 0/0
class JaccardLoss(keras.losses.Loss):
    def call(self, y_true, y_pred):
        intersection = K.sum(y_true * y_pred)
        return 1 - intersection / (K.sum(y_true) + K.sum(y_pred) - intersection)  # expect: ZL503


# An in-place division by the prediction mass (a metric found through metrics=)
def coverage(labels, scores):
    hits = tf.reduce_sum(labels * scores)
    hits /= tf.reduce_sum(scores)  # expect: ZL503
    return hits


model.compile(optimizer="adam", loss="mse", metrics=[coverage])
