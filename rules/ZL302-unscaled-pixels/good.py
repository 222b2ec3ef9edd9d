"""Pixels divided by 255, rescaled inside the model, or not known to be raw."""

import pathlib
import tempfile

import keras
import numpy as np
import tensorflow as tf
from keras import layers
from sklearn.datasets import load_digits

# Divided by 255 before fit
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
mlp = keras.Sequential([layers.Flatten(), layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
mlp.fit(x_train, y_train, validation_data=(x_test, y_test))

# Rescaling(1/255) as the first layer of the model (functional API, tf.keras)
(images, labels), _ = tf.keras.datasets.cifar10.load_data()
inputs = tf.keras.Input(shape=(32, 32, 3))
hidden = tf.keras.layers.Rescaling(1.0 / 255)(inputs)
hidden = tf.keras.layers.Conv2D(16, 3, activation="relu")(hidden)
outputs = tf.keras.layers.Dense(10, activation="softmax")(tf.keras.layers.Flatten()(hidden))
cnn = tf.keras.Model(inputs, outputs)
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.fit(images, labels)

# Augmentation then Rescaling, both before the first convolution
(photos, classes), _ = keras.datasets.cifar100.load_data()
augmented = keras.Sequential([layers.RandomFlip("horizontal"), layers.Rescaling(1.0 / 255), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(100, activation="softmax")])
augmented.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
augmented.fit(photos, classes)

# A preprocessing model nested in front: not followed, so nothing is claimed
preprocess = keras.Sequential([layers.Rescaling(1.0 / 255)])
nested = keras.Sequential([preprocess, layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(100, activation="softmax")])
nested.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
nested.fit(photos, classes)

# Standardised per image by TensorFlow
standardised = tf.image.per_image_standardization(images)
cnn.fit(standardised, labels)

# Images loaded from disk: their range is not known
arrays = np.load("images.npy")
cnn.fit(arrays, labels)

# A folder of class subfolders read by image_dataset_from_directory (float32 pixels in
# 0..255), with a Rescaling layer first in the model; the folder is made here
root = pathlib.Path(tempfile.mkdtemp())
for label in ("cats", "dogs"):
    (root / label).mkdir()
    for i in range(4):
        pixels = np.random.randint(0, 256, (32, 32, 3), dtype=np.uint8)
        tf.io.write_file(str(root / label / f"{i}.png"), tf.io.encode_png(pixels))
photos = keras.utils.image_dataset_from_directory(root, image_size=(32, 32), batch_size=4)
pets = keras.Sequential([keras.Input((32, 32, 3)), layers.Rescaling(1.0 / 255), layers.Conv2D(8, 3), layers.GlobalAveragePooling2D(), layers.Dense(2, activation="softmax")])
pets.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
pets.fit(photos)

# An ImageDataGenerator that rescales what it reads
rescaled = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255, horizontal_flip=True)
frames = np.random.randint(0, 256, (64, 32, 32, 3)).astype(np.uint8)
pets.fit(rescaled.flow(frames, np.random.randint(0, 2, 64), batch_size=16))

# scikit-learn's 8x8 digits: pixels 0..16, divided by 16
digit_pixels, digit_labels = load_digits(return_X_y=True)
small = keras.Sequential([keras.Input((64,)), layers.Dense(32, activation="relu"), layers.Dense(10, activation="softmax")])
small.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
small.fit(digit_pixels / 16.0, digit_labels)
