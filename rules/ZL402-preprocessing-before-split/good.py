"""Statistics learned on the training part only, or steps that learn nothing across rows."""

import keras
import numpy as np
import tensorflow as tf
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder, Normalizer, OneHotEncoder, StandardScaler

X = np.random.uniform(0, 1000, (200, 3))
y = np.random.randint(0, 2, 200)
model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")

# StandardScaler fit on the training split only
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
scaler = StandardScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_test_scaled = scaler.transform(X_test)
model.fit(X_train_scaled, y_train, validation_data=(X_test_scaled, y_test))

# Normalization adapted after the split (keras 3, Sequential)
normalizer = keras.layers.Normalization()
normalizer.adapt(X_train)
adapted = keras.Sequential([keras.Input(shape=(3,)), normalizer, keras.layers.Dense(1, activation="sigmoid")])
adapted.compile(optimizer="adam", loss="binary_crossentropy")
adapted.fit(X_train, y_train, validation_data=(X_test, y_test))

# Training statistics applied to both parts by hand
mean, std = X_train.mean(axis=0), X_train.std(axis=0)
model.fit((X_train - mean) / std, y_train, validation_data=((X_test - mean) / std, y_test))

# Per-sample scaling learns nothing across rows
rows = X / X.max(axis=1, keepdims=True)
R_train, R_test, r_train, r_test = train_test_split(rows, y)
model.fit(R_train, r_train)
unit = Normalizer().fit_transform(X)
U_train, U_test, u_train, u_test = train_test_split(unit, y)
model.fit(U_train, u_train)

# Labels encoded before the split: the label vocabulary is not a leak
names = np.random.choice(["cat", "dog"], 200)
encoded = LabelEncoder().fit_transform(names)
E_train, E_test, e_train, e_test = train_test_split(X / 1000.0, encoded)
model.fit(E_train, e_train)

# One-hot labels encoded before the split: the encoder learns the class names only
kinds = np.random.randint(0, 3, 200).reshape(-1, 1)
one_hot_kinds = OneHotEncoder(sparse_output=False).fit_transform(kinds)
K_train, K_test, k_train, k_test = train_test_split(X / 1000.0, one_hot_kinds)
three_way = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
three_way.compile(optimizer="adam", loss="categorical_crossentropy")
three_way.fit(K_train, k_train)

# Scaled on everything, but no split: Keras holds out the last rows itself
everything = StandardScaler().fit_transform(X)
model.fit(everything, y, validation_split=0.2)

# Scaled for a plot; the model trains on raw data split separately
plotted = StandardScaler().fit_transform(X)
P_train, P_test, p_train, p_test = train_test_split(X, y)
model.fit(P_train / 1000.0, p_train)
