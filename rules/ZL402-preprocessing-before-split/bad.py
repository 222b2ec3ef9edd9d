"""Statistics learned on the whole data set before train_test_split."""

import keras
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

np.random.seed(0)
X = np.random.uniform(0, 1000, (200, 3))
y = np.random.randint(0, 2, 200)
model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# fit_transform on everything, then split (numpy, tf.keras)
X_scaled = StandardScaler().fit_transform(X)  # expect: ZL402
X_train, X_test, y_train, y_test = train_test_split(X_scaled, y, test_size=0.2)
model.fit(X_train, y_train, validation_data=(X_test, y_test))

# A scaler fit on a DataFrame, split afterwards (pandas)
df = pd.DataFrame({"length": X[:, 0], "width": X[:, 1], "height": X[:, 2], "label": y})
features = df.drop(columns=["label"])
scaler = MinMaxScaler()
scaler.fit(features)  # expect: ZL402
F_train, F_test, l_train, l_test = train_test_split(features, df["label"], test_size=0.25)
model.fit(scaler.transform(F_train), l_train.to_numpy())

# Normalization adapted on all the data, inside a functional keras model
normalizer = keras.layers.Normalization()
normalizer.adapt(X)  # expect: ZL402
N_train, N_test, m_train, m_test = train_test_split(X, y)
inputs = keras.Input(shape=(3,))
outputs = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8, activation="relu")(normalizer(inputs)))
functional = keras.Model(inputs, outputs)
functional.compile(optimizer="adam", loss="binary_crossentropy")
functional.fit(N_train, m_train)

# Standardised by hand with the statistics of every row
mean = X.mean(axis=0)
std = X.std(axis=0)
standardized = (X - mean) / std  # expect: ZL402
S_train, S_test, s_train, s_test = train_test_split(standardized, y)
model.fit(S_train, s_train)

# Missing values imputed with means over every row
imputer = SimpleImputer(strategy="mean")
X_filled = imputer.fit_transform(X / 1000.0)  # expect: ZL402
I_train, I_test, i_train, i_test = train_test_split(X_filled, y)
model.fit(I_train, i_train)

# A scaler fit on all of scikit-learn's breast cancer data
cells, diagnosis = load_breast_cancer(return_X_y=True)
scaled_cells = StandardScaler().fit_transform(cells)  # expect: ZL402
C_train, C_test, d_train, d_test = train_test_split(scaled_cells, diagnosis)
model.fit(C_train, d_train)
