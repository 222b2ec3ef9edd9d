"""Raw 0..255 pixels reach the model's first weighted layer."""

import keras
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

# 28x28 grayscale digits as uint8 arrays (the shape and dtype of MNIST) through Flatten into
# Dense, keras 3
rng = np.random.default_rng(0)
x_train = rng.integers(0, 256, size=(512, 28, 28), dtype=np.uint8)
y_train = rng.integers(0, 10, size=512)
mlp = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
mlp.fit(x_train, y_train, epochs=5)  # expect: ZL302

# CIFAR-10 cast to float but not divided, a CNN with tf.keras submodules
(images, labels), _ = tf.keras.datasets.cifar10.load_data()
images = images.astype("float32")
cnn = models.Sequential([layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)), layers.Flatten(), layers.Dense(10)])
cnn.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
cnn.fit(images, labels, epochs=3)  # expect: ZL302

# Fashion-MNIST with a channel axis, the functional API
(clothes, kinds), _ = keras.datasets.fashion_mnist.load_data()
clothes = np.expand_dims(clothes, -1)
inputs = keras.Input(shape=(28, 28, 1))
hidden = keras.layers.Flatten()(keras.layers.Conv2D(8, 3, activation="relu")(inputs))
functional = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(hidden))
functional.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
functional.fit(clothes, kinds)  # expect: ZL302

# uint8 images made up in the script
frames = np.random.randint(0, 256, (64, 32, 32, 3)).astype(np.uint8)
frame_labels = np.random.randint(0, 2, 64)
detector = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Conv2D(4, 3), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1, activation="sigmoid")])
detector.compile(optimizer="adam", loss="binary_crossentropy")
detector.fit(frames, frame_labels)  # expect: ZL302

# uint8 images through an ImageDataGenerator that augments but does not rescale
augment = tf.keras.preprocessing.image.ImageDataGenerator(horizontal_flip=True)
augmented = keras.Sequential([keras.Input(shape=(32, 32, 3)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(), keras.layers.Dense(1, activation="sigmoid")])
augmented.compile(optimizer="adam", loss="binary_crossentropy")
augmented.fit(augment.flow(frames, frame_labels, batch_size=16))  # expect: ZL302
