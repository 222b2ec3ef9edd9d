"""Test or new inputs not scaled like the inputs the model was trained on."""

import keras
import numpy as np
import tensorflow as tf
from sklearn.model_selection import train_test_split

rng = np.random.default_rng(0)
images = rng.integers(0, 256, size=(300, 28, 28)).astype("uint8")
digits = rng.integers(0, 10, size=300)

# Training pixels divided by 255, the test pixels left raw (keras 3)
x_train, x_test = images[:200], images[200:]
y_train, y_test = digits[:200], digits[200:]
x_train = x_train / 255.0
model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2)
model.evaluate(x_test, y_test)  # expect: ZL303
predictions = model.predict(x_test[:5])  # expect: ZL303

# A split of raw features, only the training part scaled (tf.keras, functional API)
readings = rng.uniform(0, 5000, size=(400, 6))
labels = rng.integers(0, 2, size=400)
r_train, r_test, l_train, l_test = train_test_split(readings, labels, test_size=0.25)
inputs = tf.keras.Input(shape=(6,))
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(tf.keras.layers.Dense(8, activation="relu")(inputs))
sensor = tf.keras.Model(inputs, outputs)
sensor.compile(optimizer="adam", loss="binary_crossentropy")
sensor.fit(r_train / 5000.0, l_train)
sensor.evaluate(r_test, l_test)  # expect: ZL303
