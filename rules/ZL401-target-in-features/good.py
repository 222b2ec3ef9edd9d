"""The target is kept out of the features, or cannot be shown to be in them."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.model_selection import train_test_split

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# The target popped out of the frame
df = pd.read_csv("customers.csv")
target = df.pop("churned")
model.fit(df, target, validation_split=0.2)

# The target dropped, the features as a NumPy array
frame = pd.read_csv("customers.csv")
X = frame.drop(columns=["churned", "customer_id"]).values
y = frame["churned"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
model.fit(X_train, y_train, validation_data=(X_test, y_test))

# Every column but the last (the label)
model.fit(frame.values[:, :-1], frame["churned"])

# Named feature columns
model.fit(frame[["age", "tenure", "calls"]], frame["churned"])

# A synthetic target computed from the features (functional API, tf.keras)
rng = np.random.default_rng(0)
points = rng.uniform(-1, 1, (500, 2))
inside = (points[:, 0] > 0.2).astype("float32")
inputs = tf.keras.Input(shape=(2,))
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(tf.keras.layers.Dense(8, activation="relu")(inputs))
functional = tf.keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss="binary_crossentropy")
functional.fit(points, inside)

# A regression target that is a function of one feature
levels = np.column_stack([rng.uniform(0, 1, 200), rng.uniform(0, 1, 200)])
regressor = keras.Sequential([keras.layers.Dense(1)])
regressor.compile(optimizer="adam", loss="mse")
regressor.fit(levels, 3 * levels[:, 0] + 0.5)

# The label column stacked next to other features, but not given as x
amount = rng.lognormal(3, 1, 1000)
is_fraud = (amount > 100).astype("float32")
report = np.column_stack([amount, is_fraud])
model.fit(np.log1p(amount).reshape(-1, 1) / 10.0, is_fraud)

# Data written out: a regression target that is a function of one feature (y = 2 x), a
# feature that only thresholds the classes, a logic gate, too few rows to tell
xs = np.tile([[1.0, 0.3], [2.0, 0.1], [3.0, 0.7]], (50, 1))
regressor.fit(xs, np.tile([2.0, 4.0, 6.0], 50))
hours = np.array([[1, 0.2], [2, 0.4], [3, 0.1], [4, 0.9], [5, 0.3], [6, 0.5]] * 5)
model.fit(hours, np.array([0, 0, 0, 1, 1, 1] * 5))
model.fit(np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 25), np.array([0, 1, 1, 0] * 25))
model.fit(np.array([[0.3, 0], [0.6, 1], [0.2, 1], [0.9, 0]]), np.array([0, 1, 1, 0]))
