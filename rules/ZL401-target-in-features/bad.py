"""The target is one of the features the model is trained on."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split

# The seed case: the label stacked into the feature matrix (numpy, keras 3)
rng = np.random.default_rng(2)
amount = rng.lognormal(3, 1, 1000)
hour = rng.integers(0, 24, 1000)
is_fraud = ((amount > 100) & (hour < 6)).astype("float32")
features = np.column_stack([np.log1p(amount) / 10.0, hour / 24.0, is_fraud])
fraud = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
fraud.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
fraud.fit(features, is_fraud, epochs=5, validation_split=0.2)  # expect: ZL401

# A DataFrame with only the id dropped (pandas, tf.keras)
n = 80
df = pd.DataFrame(
    {
        "customer_id": np.arange(n),
        "tenure_months": rng.integers(1, 72, n) / 72.0,
        "monthly_charges": rng.uniform(0.2, 1.2, n),
        "support_calls": rng.poisson(1.5, n) / 10.0,
        "contract_years": rng.integers(0, 3, n) / 2.0,
        "senior": rng.integers(0, 2, n),
        "partner": rng.integers(0, 2, n),
        "dependents": rng.integers(0, 2, n),
        "paperless": rng.integers(0, 2, n),
        "streaming": rng.integers(0, 2, n),
        "autopay": rng.integers(0, 2, n),
        "churned": rng.integers(0, 2, n),
    }
)
X = df.drop(columns=["customer_id"])
y = df["churned"]
churn = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
churn.compile(optimizer="adam", loss="binary_crossentropy")
churn.fit(X, y, epochs=5)  # expect: ZL401

# Every column as a NumPy array, split with the target still inside (functional API)
X_train, X_test, y_train, y_test = train_test_split(df.values, df["churned"], test_size=0.2)
inputs = keras.Input(shape=(12,))
outputs = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8, activation="relu")(inputs))
functional = keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss="binary_crossentropy")
functional.fit(X_train, y_train, validation_data=(X_test, y_test))  # expect: ZL401

# A literal table whose last column is the label, given whole as x
table = np.array([[0.5, 1.2, 0], [0.1, 0.8, 1], [0.9, 1.7, 0], [0.3, 0.2, 1]])
labels = table[:, -1]
tiny = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
tiny.compile(optimizer="adam", loss="binary_crossentropy")
tiny.fit(table, labels)  # expect: ZL401

# scikit-learn's iris as a DataFrame, given whole (the target column too)
flowers = load_iris(as_frame=True).frame
species = flowers["target"]
iris = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
iris.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
iris.fit(flowers, species)  # expect: ZL401

# The label written again as a column of data written out (list repetition, np.tile)
x = np.array([[0.1, 0.5, 0], [0.9, 0.2, 1], [0.4, 0.8, 1], [0.7, 0.3, 0]] * 25)
y = np.array([0, 1, 1, 0] * 25)
tiny.fit(x, y)  # expect: ZL401
features = np.tile([[0, 1], [1, 0]], (50, 1))
tiny.fit(features, np.tile([1, 0], 50))  # expect: ZL401

# The class ids relabelled in order in a column (np.c_, np.repeat, a sparse loss)
classes = np.repeat([0, 1, 2, 3], 10)
grid = np.c_[np.linspace(0, 1, 40), np.repeat([0.0, 0.5, 1.0, 1.5], 10)]
four = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
four.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
four.fit(grid, classes)  # expect: ZL401
