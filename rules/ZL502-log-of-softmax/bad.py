"""log(softmax(x)): -inf as soon as one probability underflows."""

import keras
import numpy as np
import scipy.special
import tensorflow as tf
from keras import backend as K


# A cross-entropy on logits written out by hand, tf.math
def cross_entropy(y_true, logits):
    return -tf.reduce_sum(y_true * tf.math.log(tf.nn.softmax(logits)), axis=-1)  # expect: ZL502


rng = np.random.default_rng(0)
x = rng.normal(size=(256, 16)).astype("float32")
y = keras.utils.to_categorical(rng.integers(0, 10, size=256), num_classes=10)
classifier = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)])
classifier.compile(optimizer="adam", loss=cross_entropy)
classifier.fit(x, y, epochs=5)


# keras.ops through an intermediate name, in a custom layer
class LogProbabilities(keras.layers.Layer):
    def call(self, inputs):
        probabilities = keras.ops.softmax(inputs, axis=-1)
        return keras.ops.log(probabilities)  # expect: ZL502


# The functional API: the log of a softmax layer's output
inputs = keras.Input(shape=(16,))
hidden = keras.layers.Dense(32, activation="relu")(inputs)
log_probabilities = keras.ops.log(keras.layers.Dense(10, activation="softmax")(hidden))  # expect: ZL502

# keras.backend, with a cast in between
scores = K.placeholder(shape=(None, 5))
picked = K.log(K.cast(K.softmax(scores), "float32"))  # expect: ZL502

# numpy / scipy on model outputs
logits = np.random.normal(size=(8, 5))
log_p = np.log(scipy.special.softmax(logits, axis=1))  # expect: ZL502
