"""Learning rates that cannot train."""

import keras
import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.normal(size=(256, 8)).astype("float32")
y = x @ rng.normal(size=(8, 1)).astype("float32")

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])

# An adaptive optimizer at 10: every weight moves by ~10 per step
model.compile(optimizer=keras.optimizers.Adam(learning_rate=10.0), loss="mse")  # expect: ZL701
model.fit(x, y, epochs=5)

# RMSprop at 0.3: the classifiers measured there all ended at chance level
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.3), loss="mse")  # expect: ZL701

# SGD far past any stable step
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=50.0), loss="mse")  # expect: ZL701

# A schedule whose initial rate is vanishingly small
schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=1e-9,  # expect: ZL701
    decay_steps=1000,
    decay_rate=0.96,
)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=schedule), loss="mse")

# A negative rate through a constant climbs the loss (reported where the value is written)
LEARNING_RATE = -0.001  # expect: ZL701
model.compile(optimizer=tf.keras.optimizers.Adam(LEARNING_RATE), loss="mse")

# A custom training loop's optimizer is checked too: it steps the model's weights
loop_optimizer = keras.optimizers.Nadam(learning_rate=2.0)  # expect: ZL701
for step in range(10):
    with tf.GradientTape() as tape:
        loss = keras.ops.mean(keras.ops.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    loop_optimizer.apply_gradients(zip(grads, model.trainable_variables))
