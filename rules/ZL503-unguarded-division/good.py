"""Denominators with an epsilon or smoothing term, safe divisions, and renormalisations."""

import keras
import tensorflow as tf
from keras import backend as K

SMOOTH = 1.0


def dice_loss(y_true, y_pred):
    intersection = tf.reduce_sum(y_true * y_pred)
    union = tf.reduce_sum(y_true) + tf.reduce_sum(y_pred)
    return 1 - (2 * intersection + SMOOTH) / (union + SMOOTH)


def cosine_loss(y_true, y_pred):
    dot = keras.ops.sum(y_true * y_pred, axis=-1)
    norms = keras.ops.norm(y_true, axis=-1) * keras.ops.norm(y_pred, axis=-1)
    return -keras.ops.mean(dot / keras.ops.maximum(norms, 1e-8))


def pearson_loss(y_true, y_pred):
    covariance = K.mean((y_true - K.mean(y_true)) * (y_pred - K.mean(y_pred)))
    return -covariance / (K.std(y_true) * K.std(y_pred) + K.epsilon())


def iou_loss(y_true, y_pred):
    intersection = tf.reduce_sum(y_true * y_pred)
    union = tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) - intersection
    return 1 - tf.math.divide_no_nan(intersection, union)


# Standardising by batch statistics (Barlow Twins, VICReg, a Pearson correlation): the
# standard deviation of a batch of predictions is 0 only when every prediction in it is the
# same, a collapsed model rather than an ordinary batch
class BarlowLoss(keras.losses.Loss):
    def normalize(self, output):
        return (output - tf.reduce_mean(output, axis=0)) / tf.math.reduce_std(output, axis=0)

    def call(self, y_true, y_pred):
        z = self.normalize(y_pred)
        correlation = tf.matmul(z, z, transpose_a=True) / tf.cast(tf.shape(z)[0], "float32")
        return tf.reduce_sum(tf.square(correlation - tf.eye(tf.shape(z)[1])))


def pearson_by_hand(y_true, y_pred):
    covariance = K.mean((y_true - K.mean(y_true)) * (y_pred - K.mean(y_pred)))
    return -covariance / (K.std(y_true) * K.std(y_pred))


# Renormalising probabilities (Keras's own categorical cross-entropy does this)
def categorical_crossentropy(y_true, y_pred):
    y_pred = y_pred / K.sum(y_pred, axis=-1, keepdims=True)
    y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())
    return -K.sum(y_true * K.log(y_pred), axis=-1)


# A masked mean divides by a sum of labels, not of predictions
def masked_mse(y_true, y_pred):
    mask = tf.cast(y_true > 0, "float32")
    return tf.reduce_sum(mask * tf.square(y_true - y_pred)) / tf.reduce_sum(mask)


model = keras.Sequential([keras.layers.Dense(8, activation="relu")])
model.compile(optimizer="adam", loss=dice_loss, metrics=[iou_loss])
