"""Ten-class classifier trained with mean squared error on one-hot labels, with plain SGD.

MSE on a softmax output gives weak, vanishing gradients: each wrong class contributes a
squared error of about (1/10)^2, and the softmax's saturation shrinks it further. With
SGD the loss falls a little and stalls near chance (about 10% accuracy here), where
categorical cross-entropy reaches about 85% in the same 10 epochs. (Adam rescales the
small gradients and hides much of the damage; zerolint --verify measures which case a
script is in.) zerolint reports ZL106.
"""

import numpy as np
from tensorflow import keras

rng = np.random.default_rng(1)
n_samples, n_classes, n_features = 2000, 10, 20
centres = rng.normal(0, 1, (n_classes, n_features))
digit = rng.integers(0, n_classes, n_samples)
x = (centres[digit] + rng.normal(0, 1, (n_samples, n_features))).astype("float32")
y = keras.utils.to_categorical(digit, num_classes=n_classes)

model = keras.Sequential(
    [
        keras.Input(shape=(n_features,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(n_classes, activation="softmax"),
    ]
)
model.compile(optimizer="sgd", loss="mse", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)
