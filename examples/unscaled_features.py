"""House-price regression on raw features whose scales differ by a factor of 1000.

The first column counts rooms (1-8), the second is the floor area in square feet
(500-8000). Without standardisation the gradients are dominated by the large column and
the loss plateaus or diverges. zerolint reports ZL301.
"""

import numpy as np
import tensorflow as tf

X = np.array(
    [
        [1, 1000],
        [2, 2000],
        [3, 3000],
        [4, 4100],
        [5, 5200],
        [6, 6000],
        [7, 7100],
        [8, 8000],
    ],
    dtype="float32",
)
y = np.array([100, 190, 310, 400, 515, 590, 720, 800], dtype="float32")

model = tf.keras.Sequential(
    [
        tf.keras.Input(shape=(2,)),
        tf.keras.layers.Dense(8, activation="relu"),
        tf.keras.layers.Dense(1),
    ]
)
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01), loss="mse")
model.fit(X, y, epochs=50, verbose=0)
print(model.evaluate(X, y, verbose=0))
