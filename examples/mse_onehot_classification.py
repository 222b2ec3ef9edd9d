"""Three-class flower classifier trained with mean squared error on one-hot labels.

MSE on a softmax output gives weak, vanishing gradients once the softmax saturates; the
loss falls a little and stalls. The right loss for one-hot labels is categorical
cross-entropy. zerolint reports ZL106.
"""

import numpy as np
from tensorflow import keras

rng = np.random.default_rng(1)
n_samples = 600
species = rng.integers(0, 3, n_samples)
petal_length = 1.5 + 2.0 * species + rng.normal(0, 0.4, n_samples)
petal_width = 0.3 + 0.8 * species + rng.normal(0, 0.2, n_samples)
sepal_length = 5.0 + 0.6 * species + rng.normal(0, 0.5, n_samples)
x = np.column_stack([petal_length, petal_width, sepal_length]) / 8.0
y = keras.utils.to_categorical(species, num_classes=3)

model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, validation_split=0.2)
