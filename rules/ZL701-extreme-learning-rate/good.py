"""Learning rates that train, and rates the analysis cannot know."""

import argparse

import keras
import tensorflow as tf

model = keras.Sequential([keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1)])

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9), loss="mse")
model.compile(optimizer="adam", loss="mse")

# High but trainable: Adam at 0.1 and Adagrad at 0.3 still train the models measured
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
model.compile(optimizer=keras.optimizers.Adagrad(learning_rate=0.3), loss="mse")

# Adadelta's paper uses a rate of 1.0
model.compile(optimizer=keras.optimizers.Adadelta(learning_rate=1.0), loss="mse")

# A warm-up from 0 to a sane target
warmup = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=10_000, warmup_target=3e-4, warmup_steps=500)
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=warmup), loss="mse")

# A rate from the command line is unknown
parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
args = parser.parse_args()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=args.lr), loss="mse")


# Style transfer (and DeepDream, adversarial examples) optimises an input image, not a
# model's weights: a rate of 100 is normal there
schedule = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=100.0, decay_steps=100, decay_rate=0.96)
image_optimizer = keras.optimizers.SGD(learning_rate=schedule)
combination = tf.Variable(tf.random.uniform((1, 64, 64, 3)))
for step in range(10):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(tf.reshape(combination, (-1, 16))) - 1.0))
    grads = tape.gradient(loss, combination)
    image_optimizer.apply_gradients([(grads, combination)])

# An optimizer the file never uses to train anything is not judged
unused = keras.optimizers.Adam(learning_rate=10.0)


def make_optimizer(rate):
    return keras.optimizers.SGD(learning_rate=rate)


tuned = make_optimizer(0.05)
