"""Constant targets where they are the method, and labels that vary (silent)."""

import keras
import numpy as np
from keras import layers

x = np.random.rand(64, 8)
batch = 32

# A GAN's discriminator: all-real then all-fake batches
discriminator = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(1, activation="sigmoid")])
discriminator.compile(optimizer="adam", loss="binary_crossentropy")
for step in range(100):
    discriminator.train_on_batch(x[:batch], np.ones((batch, 1)))
    discriminator.train_on_batch(np.random.rand(batch, 8), np.zeros((batch, 1)))

# The same model fit on both constants in turn
critic = keras.Sequential([layers.Dense(1, activation="sigmoid")])
critic.compile(optimizer="adam", loss="binary_crossentropy")
critic.fit(x, np.ones(64))
critic.fit(np.random.rand(64, 8), np.zeros(64))

# Dummy targets for a loss that ignores them
def identity_loss(y_true, y_pred):
    return keras.ops.mean(y_pred)


siamese = keras.Sequential([layers.Dense(1)])
siamese.compile(optimizer="adam", loss=identity_loss)
siamese.fit(x, np.zeros(64))

# Labels filled in after they were created
y = np.zeros(64)
y[x[:, 0] > 0.5] = 1
filled = keras.Sequential([layers.Dense(1, activation="sigmoid")])
filled.compile(optimizer="adam", loss="binary_crossentropy")
filled.fit(x, y)

# Labels that vary
varied = keras.Sequential([layers.Dense(1, activation="sigmoid")])
varied.compile(optimizer="adam", loss="binary_crossentropy")
varied.fit(x, np.random.randint(0, 2, size=64))
