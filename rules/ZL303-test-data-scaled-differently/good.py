"""Every split scaled the same way, or data the analysis cannot compare."""

import keras
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

# scikit-learn's digits divided by 16 before the split: both parts scaled
digits = load_digits()
X = digits.data / 16.0
X_train, X_test, y_train, y_test = train_test_split(X, digits.target, test_size=0.2)
model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X_train, y_train, epochs=2)
model.evaluate(X_test, y_test)

# Training and test pixels both divided by 255
rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(300, 28, 28)).astype("uint8")
x_train, x_test = images[:200] / 255.0, images[200:] / 255.0
net = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(x_train, rng.integers(0, 10, size=200))
net.predict(x_test)

# The model rescales its own input: raw pixels everywhere
rescaled = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(), keras.layers.Dense(10)])
rescaled.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
rescaled.fit(images[:200], rng.integers(0, 10, size=200))
rescaled.evaluate(images[200:], rng.integers(0, 10, size=100))

# New data from elsewhere: its scale is not known
new_images = np.load("incoming.npy")
net.predict(new_images)
