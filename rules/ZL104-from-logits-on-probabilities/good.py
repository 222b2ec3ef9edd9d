"""Logits with from_logits=True, probabilities without it, and what cannot be resolved."""

import os

import keras
import tensorflow as tf

# Logits and a loss that expects logits
logits = keras.Sequential([keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)])
logits.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))

# Functional, tf.keras, binary logits
inputs = tf.keras.Input(shape=(8,))
score = tf.keras.layers.Dense(1, activation=None)(tf.keras.layers.Dense(16, activation="relu")(inputs))
binary = tf.keras.Model(inputs, score)
binary.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))

# Probabilities and the default from_logits=False
probabilities = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
probabilities.compile(loss=keras.losses.SparseCategoricalCrossentropy())
explicit = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
explicit.compile(loss=keras.losses.BinaryCrossentropy(from_logits=False))

# log_softmax outputs are valid logits: softmax(log_softmax(x)) == softmax(x)
log_probabilities = keras.Sequential([keras.layers.Dense(5, activation="log_softmax")])
log_probabilities.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))

# from_logits decided at run time
runtime = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
runtime.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=os.environ.get("LOGITS") == "1"))
