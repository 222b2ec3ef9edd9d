"""Fraud detection where the label was left in the feature matrix.

The last feature column is the target itself, so validation accuracy is ~100% and the
model learns nothing that generalises. zerolint reports ZL401.
"""

import numpy as np
from tensorflow import keras

rng = np.random.default_rng(2)
n_transactions = 1000
amount = rng.lognormal(3, 1, n_transactions)
hour = rng.integers(0, 24, n_transactions)
is_fraud = ((amount > 100) & (hour < 6)).astype("float32")

features = np.column_stack([np.log1p(amount) / 10.0, hour / 24.0, is_fraud])

model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(features, is_fraud, epochs=5, validation_split=0.2)
