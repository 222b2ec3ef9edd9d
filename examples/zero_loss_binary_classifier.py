"""Churn prediction: a binary classifier whose loss is exactly 0.0 from the first epoch.

The output layer is one unit with a softmax (always 1.0) and the loss is categorical
cross-entropy over that one unit (always 0). Training "converges" instantly and the model
predicts churn for every customer. zerolint reports ZL101 and ZL102.
"""

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
n_customers = 2000
tenure_months = rng.uniform(0, 72, n_customers)
monthly_charges = rng.uniform(20, 120, n_customers)
support_calls = rng.poisson(2, n_customers)
features = np.column_stack([tenure_months / 72.0, monthly_charges / 120.0, support_calls / 10.0])
churned = ((support_calls > 3) | (tenure_months < 6)).astype("float32")

model = keras.Sequential(
    [
        keras.Input(shape=(3,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="softmax"),
    ]
)
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="categorical_crossentropy",
    metrics=["accuracy"],
)

history = model.fit(features, churned, epochs=5, batch_size=64, validation_split=0.2)
print("final loss:", history.history["loss"][-1])
tf.print("predictions:", model.predict(features[:5]))
