"""Output widths that do not match the number of classes in the labels."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from tensorflow.keras.preprocessing.image import ImageDataGenerator
from sklearn.datasets import make_blobs

x = np.random.rand(64, 8)

# 1-based labels 1..5 with five softmax units and the sparse loss, Sequential
labels = np.random.randint(1, 6, size=64)
model = keras.Sequential([
    layers.Dense(16, activation="relu"),
    layers.Dense(5, activation="softmax"),  # expect: ZL203
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, labels, epochs=2)

# One-hot labels over 4 classes, a 3-unit output, functional API with tf.keras
y = tf.keras.utils.to_categorical(np.random.randint(0, 4, size=64), num_classes=4)
inputs = tf.keras.Input(shape=(8,))
scores = tf.keras.layers.Dense(3, activation="softmax")(inputs)  # expect: ZL203
functional = tf.keras.Model(inputs, scores)
functional.compile(optimizer="adam", loss="categorical_crossentropy")
functional.fit(x, y)

# A data set with 10 classes, a builder function with 100 units
(x_train, y_train), _ = keras.datasets.cifar10.load_data()


def build(n_classes):
    return keras.Sequential([
        layers.Flatten(),
        layers.Dense(n_classes, activation="softmax"),  # expect: ZL203
    ])


built = build(100)
built.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy())
built.fit(x_train / 255.0, y_train)

# One sigmoid unit with binary cross-entropy, but the labels were one-hot encoded
binary = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])  # expect: ZL203
binary.compile(optimizer="adam", loss="binary_crossentropy")
binary.fit(x, keras.utils.to_categorical(np.random.randint(0, 2, size=64)))

# Two sigmoid units with binary cross-entropy, one 0/1 label per sample
answers = np.random.randint(0, 2, 64)
twice = keras.Sequential([layers.Dense(8, activation="relu"), layers.Dense(2, activation="sigmoid")])  # expect: ZL203
twice.compile(optimizer="adam", loss="binary_crossentropy")
twice.fit(x, answers)

# A 2-unit softmax with binary cross-entropy on the same 1-D labels, functional API
softmax_pair = tf.keras.layers.Dense(2, activation="softmax")(inputs)  # expect: ZL203
pair_model = tf.keras.Model(inputs, softmax_pair)
pair_model.compile(optimizer="adam", loss="binary_crossentropy")
pair_model.fit(x, answers)

# Four blobs of scikit-learn's make_blobs, three units
points, blob = make_blobs(n_samples=300, centers=4)
blobs = keras.Sequential([
    keras.Input((2,)),
    layers.Dense(3, activation="softmax"),  # expect: ZL203
])
blobs.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
blobs.fit(points, blob)

# class_mode="binary" (one 0/1 label per image) into two sigmoid units
photos = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
    "photos/train", target_size=(64, 64), class_mode="binary"
)
cats_dogs = keras.Sequential([
    keras.Input((64, 64, 3)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2, activation="sigmoid"),  # expect: ZL203
])
cats_dogs.compile(optimizer="adam", loss="binary_crossentropy")
cats_dogs.fit(photos)
