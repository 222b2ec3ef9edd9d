"""ZL501-ZL503 (numerics), ZL601-ZL602 (initialization), ZL701 (optimizer): issue 5.

Bad cases carry ``# expect:`` markers on the lines the findings must point at; the tests
assert the findings of these rules exactly (other families may rightly fire on the same
snippets). Good cases are the precision traps: they must yield none of these codes. The
facts the rules stand on (tensor ops, custom losses, ranges, initializers, optimizers)
are tested directly at the end, with the options that reach ZL602 and ZL701.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from conftest import findings, markers, message, write

from zerolint.checks.registry import all_rules
from zerolint.config.settings import load_settings
from zerolint.engine.lint import lint_source
from zerolint.facts import tensors
from zerolint.facts.program import Program
from zerolint.facts.values import InitializerValue, LossInput, Op
from zerolint.inputs.sources import from_text

FAMILIES = ("ZL5", "ZL6", "ZL7")


def lint(code: str, options=None):
    source = from_text(textwrap.dedent(code), "snippet.py")
    diagnostics, errors = lint_source(source, list(all_rules()), options)
    assert errors == []
    return [d for d in diagnostics if d.code.startswith(FAMILIES)]


def codes(code: str, options=None) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint(code, options))


def program(code: str) -> Program:
    return Program(cst.parse_module(textwrap.dedent(code)))


# -- bad: each rule in several API styles ------------------------------------------------------

BAD = {
    # ZL501: log of a prediction with no guard
    "ZL501 tf.math, y_pred and 1 - y_pred, compiled loss": """
        import tensorflow as tf
        def bce(y_true, y_pred):
            a = y_true * tf.math.log(y_pred)  # expect: ZL501
            b = (1 - y_true) * tf.math.log(1.0 - y_pred)  # expect: ZL501
            return -tf.reduce_mean(a + b)
        model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss=bce)
        """,
    "ZL501 keras.ops through names, a metric with other parameter names": """
        import keras
        def likelihood(labels, scores):
            chosen = keras.ops.sum(labels * scores, axis=-1)
            flat = keras.ops.reshape(chosen, (-1,))
            return keras.ops.mean(keras.ops.log(flat))  # expect: ZL501
        model = keras.Sequential([keras.layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", metrics=["accuracy", likelihood])
        """,
    "ZL501 K.log in a Loss subclass, sigmoid inside the loss": """
        import tensorflow as tf
        from tensorflow.keras import backend as K
        class Focal(tf.keras.losses.Loss):
            def call(self, y_true, logits):
                p = K.sigmoid(logits)
                return -K.mean(y_true * K.log(p))  # expect: ZL501
        """,
    "ZL501 tf.log (TF1) and np.log, by signature": """
        import numpy as np
        import tensorflow as tf
        def loss(y_true, y_pred):
            return -tf.reduce_sum(y_true * tf.log(y_pred[:, 1]))  # expect: ZL501
        def metric(y_true, y_pred):
            return np.mean(np.log(y_pred))  # expect: ZL501
        """,
    "ZL501 clip to [0, 1] or up to 1.0 does not guard": """
        import tensorflow as tf
        def loss(y_true, y_pred):
            p = tf.clip_by_value(y_pred, 0.0, 1.0)
            q = tf.clip_by_value(y_pred, 1e-7, 1.0)
            a = tf.math.log(p)  # expect: ZL501
            b = tf.math.log(q)
            return a + b + tf.math.log(1 - q)  # expect: ZL501
        """,
    "ZL501 a helper the loss calls with the raw prediction": """
        import keras
        def _log(x):
            return keras.ops.log(x)  # expect: ZL501
        def loss(y_true, y_pred):
            return -keras.ops.mean(y_true * _log(y_pred))
        """,
    # ZL502: log of a softmax
    "ZL502 tf.nn.softmax in a loss on logits": """
        import tensorflow as tf
        def ce(y_true, logits):
            log_p = tf.math.log(tf.nn.softmax(logits))  # expect: ZL502
            return -tf.reduce_sum(y_true * log_p, axis=-1)
        """,
    "ZL502 keras.ops through a name, at module level": """
        import keras
        logits = keras.random.normal((4, 3))
        probabilities = keras.ops.softmax(logits)
        log_probabilities = keras.ops.log(probabilities)  # expect: ZL502
        """,
    "ZL502 functional softmax layer and Activation layer": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(8,))
        a = tf.math.log(tf.keras.layers.Dense(4, activation="softmax")(inputs))  # expect: ZL502
        b = tf.math.log(tf.keras.layers.Activation("softmax")(inputs))  # expect: ZL502
        """,
    "ZL502 K.log of K.softmax, indexed": """
        from keras import backend as K
        def loss(y_true, y_pred):
            return -K.log(K.softmax(y_pred)[:, 0])  # expect: ZL502
        """,
    # ZL503: division by an aggregate of predictions
    "ZL503 dice without smoothing, tf": """
        import tensorflow as tf
        def dice(y_true, y_pred):
            inter = tf.reduce_sum(y_true * y_pred)
            union = tf.reduce_sum(y_true) + tf.reduce_sum(y_pred)
            return 1.0 - 2.0 * inter / union  # expect: ZL503
        """,
    "ZL503 keras.ops norm and divide, a compiled metric": """
        import keras
        def cosine(a, b):
            return keras.ops.divide(keras.ops.sum(a * b), keras.ops.norm(b))  # expect: ZL503
        model = keras.Sequential([keras.layers.Dense(2)])
        model.compile(loss="mse", metrics=[cosine])
        """,
    "ZL503 keras.ops.mean of predictions, in-place division": """
        import keras
        def share(y_true, y_pred):
            weighted = keras.ops.sum(y_true * y_pred, axis=-1)
            weighted /= keras.ops.mean(y_pred, axis=-1)  # expect: ZL503
            return -keras.ops.mean(weighted)
        """,
    # ZL601: constant kernel initializer on a hidden layer
    "ZL601 Sequential tf.keras, string zeros": """
        import tensorflow as tf
        model = tf.keras.Sequential([
            tf.keras.layers.Dense(32, "relu", kernel_initializer="zeros"),  # expect: ZL601
            tf.keras.layers.Dense(1),
        ])
        """,
    "ZL601 functional keras, Ones() on a layer feeding a constant layer, positional": """
        import keras
        inputs = keras.Input(shape=(4,))
        h = keras.layers.Dense(8, "tanh", True, keras.initializers.Ones())(inputs)  # expect: ZL601
        out = keras.layers.Dense(1, kernel_initializer="zeros")(keras.layers.Activation("relu")(h))
        model = keras.Model(inputs, out)
        """,
    "ZL601 a linear zero layer silences the ReLU after it, add, builder": """
        import tensorflow as tf
        def build(width):
            model = tf.keras.Sequential()
            init = tf.zeros_initializer()
            model.add(tf.keras.layers.Dense(width, kernel_initializer=init))  # expect: ZL601
            model.add(tf.keras.layers.Dense(8, activation="relu"))
            model.add(tf.keras.layers.Dense(1))
            return model
        model = build(16)
        """,
    "ZL601 zeros under a ReLU with a negative constant bias, Conv2D": """
        import keras
        model = keras.Sequential([
            keras.layers.Conv2D(
                8, 3, activation="relu",
                kernel_initializer="zeros",  # expect: ZL601
                bias_initializer=keras.initializers.Constant(-0.1),
            ),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(10, activation="softmax"),
        ])
        """,
    # ZL602: extreme initializer scale
    "ZL602 Sequential keras, input_shape, RandomNormal(stddev=1)": """
        import keras
        model = keras.Sequential([
            keras.layers.Dense(
                64,
                input_shape=(1000,),
                kernel_initializer=keras.initializers.RandomNormal(stddev=1.0),  # expect: ZL602
            ),
            keras.layers.Dense(1),
        ])
        """,
    "ZL602 functional tf.keras, string random_uniform is fine, RandomUniform(-2, 2) is not": """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(256,))
        h = tf.keras.layers.Dense(128, kernel_initializer="random_uniform")(inputs)
        h = tf.keras.layers.BatchNormalization()(h)
        wide = tf.keras.initializers.RandomUniform(-3, 3)
        out = tf.keras.layers.Dense(10, kernel_initializer=wide)(h)  # expect: ZL602
        model = tf.keras.Model(inputs, out)
        """,
    "ZL602 VarianceScaling with a huge scale, too-small normal": """
        import keras
        HUGE = keras.initializers.VarianceScaling(scale=1000.0)
        TINY = keras.initializers.RandomNormal(stddev=1e-6)
        model = keras.Sequential([
            keras.layers.InputLayer(shape=(400,)),
            keras.layers.Dense(50, kernel_initializer=HUGE),  # expect: ZL602
            keras.layers.Dense(50, kernel_initializer=TINY),  # expect: ZL602
        ])
        """,
    # ZL701: extreme learning rate
    "ZL701 Adam class at 5, tf.keras": """
        import tensorflow as tf
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        adam = tf.keras.optimizers.Adam(learning_rate=5.0)  # expect: ZL701
        model.compile(optimizer=adam, loss="mse")
        """,
    "ZL701 schedule's initial rate, keras 3, and legacy SGD lr=": """
        import keras
        schedule = keras.optimizers.schedules.PolynomialDecay(1e-8, 1000)  # expect: ZL701
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.RMSprop(schedule), loss="mse")
        sgd = keras.optimizers.legacy.SGD(lr=20)  # expect: ZL701
        sgd.minimize(lambda: model(x), var_list=model.trainable_weights)
        """,
    "ZL701 PiecewiseConstantDecay's first value, negative rate through arithmetic": """
        from tensorflow import keras
        BASE = 0.01
        schedules = keras.optimizers.schedules
        piecewise = schedules.PiecewiseConstantDecay([100], [2.0, 1e-3])  # expect: ZL701
        opt = keras.optimizers.Adagrad(learning_rate=piecewise)
        neg = keras.optimizers.SGD(learning_rate=-BASE)  # expect: ZL701
        model = keras.Sequential([keras.layers.Dense(1)])
        weights = model.trainable_variables
        opt.apply_gradients(zip(grads, weights))
        neg.apply_gradients((g, v) for g, v in zip(grads, model.trainable_variables))
        """,
    "ZL701 a builder called with an extreme rate": """
        import keras
        def make(rate):
            return keras.optimizers.Adam(learning_rate=rate)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer=make(3), loss="mse")  # expect: ZL701
        """,
    "ZL701 a GAN's compile takes two optimizers, a train step over two models' weights": """
        import keras
        import tensorflow as tf
        d_opt = keras.optimizers.Adam(learning_rate=3.0)  # expect: ZL701
        g_opt = keras.optimizers.RMSprop(learning_rate=1e-9)  # expect: ZL701
        gan.compile(d_optimizer=d_opt, g_optimizer=g_opt)
        both = tf.keras.optimizers.SGD(200.0)  # expect: ZL701
        generator = keras.Sequential([keras.layers.Dense(4)])
        critic = keras.Sequential([keras.layers.Dense(1)])
        @tf.function
        def step(noise):
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(critic(generator(noise)))
            variables = generator.trainable_variables + critic.trainable_variables
            both.apply_gradients(zip(tape.gradient(loss, variables), variables))
        """,
}


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    assert markers(code), "a bad case needs at least one marker"
    assert codes(code) == markers(code)


def test_every_rule_has_at_least_two_bad_cases():
    counts: dict[str, int] = {}
    for code in BAD.values():
        for rule in {rule for _, rule in markers(code)}:
            counts[rule] = counts.get(rule, 0) + 1
    own = [r.code for r in all_rules() if r.code.startswith(FAMILIES)]
    assert sorted(own) == ["ZL501", "ZL502", "ZL503", "ZL601", "ZL602", "ZL701"]
    assert all(counts.get(rule, 0) >= 2 for rule in own), counts


# -- good: the precision traps -----------------------------------------------------------------

GOOD = {
    "ZL501 clip_by_value before log, through a name": """
        import tensorflow as tf
        def bce(y_true, y_pred):
            p = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)
            return -tf.reduce_mean(y_true * tf.math.log(p) + (1 - y_true) * tf.math.log(1 - p))
        """,
    "ZL501 log(y_pred + 1e-7), K.epsilon(), maximum": """
        import keras
        from keras import backend as K
        def a(y_true, y_pred):
            return -K.sum(y_true * K.log(y_pred + 1e-7))
        def b(y_true, y_pred):
            eps = K.epsilon()
            return -K.sum(y_true * K.log(y_pred + eps) + (1 - y_true) * K.log(1 - y_pred + eps))
        def c(y_true, y_pred):
            return keras.ops.log(keras.ops.maximum(y_pred, 1e-6))
        """,
    "ZL501 unknown epsilon and unknown clip bounds count as guards": """
        import tensorflow as tf
        import sys
        EPS = float(sys.argv[1])
        def loss(y_true, y_pred, eps=EPS):
            p = tf.clip_by_value(y_pred, EPS, 1 - EPS)
            return tf.math.log(p) + tf.math.log(1 - p) + tf.math.log(y_pred + eps)
        """,
    "ZL501 helper called only with clipped values": """
        import tensorflow as tf
        def _ce(y_true, y_pred):
            return -tf.reduce_sum(y_true * tf.math.log(y_pred))
        def loss(y_true, y_pred):
            return _ce(y_true, tf.clip_by_value(y_pred, 1e-7, 1.0))
        """,
    "ZL501 a branch that may clip makes the value unknown": """
        import tensorflow as tf
        CLIP = True
        def loss(y_true, y_pred, clip=CLIP):
            if clip:
                y_pred = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)
            return -tf.reduce_mean(y_true * tf.math.log(y_pred))
        """,
    "ZL501 logs of labels, of exp, of data, outside losses": """
        import numpy as np
        import tensorflow as tf
        def loss(y_true, y_pred):
            error = tf.math.log(y_true + 1.0) - tf.math.log(tf.exp(y_pred))
            return tf.reduce_mean(tf.square(error))
        x = np.random.uniform(1, 2, size=(8, 2))
        logged = np.log(x)
        logits = tf.zeros((2, 2))
        outside = tf.math.log(tf.nn.sigmoid(logits))
        """,
    "ZL501 a function called with real arguments is not a Keras loss": """
        import tensorflow as tf
        def score(y_true, y_pred):
            return tf.math.log(y_pred)
        value = score(tf.ones(3), tf.ones(3) * 0.5)
        """,
    "ZL502 log_softmax, sparse CE from logits, clipped softmax": """
        import keras
        import tensorflow as tf
        def ce(y_true, logits):
            return -tf.reduce_sum(y_true * tf.nn.log_softmax(logits), axis=-1)
        x = keras.random.normal((4, 3))
        a = keras.ops.log_softmax(x)
        b = tf.math.log(tf.clip_by_value(tf.nn.softmax(x), 1e-7, 1.0))
        c = tf.math.log(tf.nn.softmax(x) + 1e-9)
        """,
    "ZL503 standardising by a batch statistic (Barlow Twins, Pearson): 0 only if collapsed": """
        import tensorflow as tf
        from keras import backend as K
        def normalize(output):
            return (output - tf.reduce_mean(output, axis=0)) / tf.math.reduce_std(output, axis=0)
        def standardised(y_true, y_pred):
            centred = y_pred - K.mean(y_pred)
            centred /= K.std(y_pred)
            return K.mean(K.square(centred - y_true))
        def corr(y_true, y_pred):
            d = y_pred - tf.reduce_mean(y_pred)
            return tf.reduce_sum(d * y_true) / tf.sqrt(tf.reduce_sum(tf.square(d)))
        def barlow(y_true, y_pred):
            z = normalize(y_pred)
            return tf.reduce_sum(tf.square(tf.matmul(z, z, transpose_a=True) - 1.0))
        """,
    "ZL503 smoothing, divide_no_nan, renormalising, label-only denominators": """
        import tensorflow as tf
        from keras import backend as K
        def dice(y_true, y_pred, smooth=1.0):
            inter = tf.reduce_sum(y_true * y_pred)
            union = tf.reduce_sum(y_true) + tf.reduce_sum(y_pred)
            return 1 - (2 * inter + smooth) / (union + smooth)
        def iou(y_true, y_pred):
            inter = tf.reduce_sum(y_true * y_pred)
            return tf.math.divide_no_nan(inter, tf.reduce_sum(y_true + y_pred) - inter)
        def cce(y_true, y_pred):
            y_pred /= K.sum(y_pred, axis=-1, keepdims=True)
            y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())
            return -K.sum(y_true * K.log(y_pred), axis=-1)
        def masked(y_true, y_pred):
            mask = tf.cast(tf.not_equal(y_true, 0), "float32")
            return tf.reduce_sum(mask * tf.abs(y_true - y_pred)) / tf.reduce_sum(mask)
        def cosine(y_true, y_pred):
            return tf.reduce_sum(y_true * y_pred) / tf.maximum(tf.norm(y_pred), 1e-8)
        def scaled(y_true, y_pred):
            return tf.reduce_mean(tf.square(y_true - y_pred)) / 2.0
        """,
    "ZL601 He/Glorot, bias zeros, zero output layer, Constant(matrix)": """
        import keras
        import numpy as np
        weights = np.load("pretrained.npy")
        inputs = keras.Input(shape=(8,))
        h = keras.layers.Dense(16, "relu", True, "he_normal", bias_initializer="zeros")(inputs)
        h = keras.layers.Dense(16, kernel_initializer=keras.initializers.GlorotUniform())(h)
        h = keras.layers.Dense(16, kernel_initializer=keras.initializers.Constant(weights))(h)
        out = keras.layers.Dense(1, kernel_initializer="zeros")(h)
        model = keras.Model(inputs, out)
        D = keras.layers.Dense
        last = keras.Sequential([D(4), D(2, kernel_initializer="zeros"), keras.layers.Softmax()])
        """,
    "ZL601 constant kernels the next layer's random weights tell apart (they learn)": """
        import keras
        import tensorflow as tf
        inputs = keras.Input(shape=(4,))
        h = keras.layers.Dense(8, "tanh", True, keras.initializers.Ones())(inputs)
        out = keras.layers.Dense(1)(keras.layers.Dropout(0.5)(h))
        model = keras.Model(inputs, out)
        stacked = tf.keras.Sequential()
        stacked.add(tf.keras.layers.Dense(16, kernel_initializer=tf.constant_initializer(0.5)))
        stacked.add(tf.keras.layers.Dense(1))
        dropped = keras.Sequential([
            keras.layers.Dense(8, activation="tanh", kernel_initializer="ones"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(1, kernel_initializer="zeros"),
        ])
        positive = keras.Sequential([
            keras.layers.Dense(8, "relu", kernel_initializer="zeros", bias_initializer="ones"),
            keras.layers.Dense(1),
        ])
        """,
    "ZL601 a T-Net head starts at the identity transform (zero kernel, identity bias)": """
        import keras
        import numpy as np
        points = keras.Input(shape=(64, 3))
        conv = keras.layers.Conv1D(32, 1, activation="relu")(points)
        features = keras.layers.GlobalMaxPooling1D()(conv)
        identity = keras.initializers.Constant(np.eye(3).flatten())
        head = keras.layers.Dense(9, kernel_initializer="zeros", bias_initializer=identity)
        transform = head(features)
        matrix = keras.layers.Reshape((3, 3))(transform)
        aligned = keras.layers.Dot(axes=(2, 1))([points, matrix])
        hidden = keras.layers.Conv1D(32, 1, activation="relu")(aligned)
        pooled = keras.layers.GlobalMaxPooling1D()(hidden)
        model = keras.Model(points, keras.layers.Dense(1)(pooled))
        """,
    "ZL601 the end of a residual branch (an adapter) may start at zero": """
        import keras
        x = keras.Input(shape=(16,))
        down = keras.layers.Dense(4, activation="relu")(x)
        up = keras.layers.Dense(16, kernel_initializer="zeros")(down)
        block = keras.layers.Add()([x, up])
        model = keras.Model(x, keras.layers.Dense(1)(block))
        """,
    "ZL602 default-like scales, unknown fan-in, unknown stddev": """
        import keras
        import sys
        STD = float(sys.argv[1])
        D, normal = keras.layers.Dense, keras.initializers.RandomNormal
        a = keras.Sequential([D(64, input_shape=(784,), kernel_initializer=normal(0, 0.05)), D(1)])
        b = keras.Sequential([D(64, kernel_initializer=normal(stddev=1.0)), D(1)])
        c = keras.Sequential([D(64, input_dim=784, kernel_initializer=normal(stddev=STD)), D(1)])
        d = keras.Sequential([D(64, input_dim=784, kernel_initializer="he_normal"), D(1)])
        """,
    "ZL701 an optimizer that steps an input image, not a model (style transfer), or is unused": """
        import keras
        import tensorflow as tf
        schedules = keras.optimizers.schedules
        optimizer = keras.optimizers.SGD(schedules.ExponentialDecay(100.0, 100, 0.96))
        combination = tf.Variable(base_image)
        for i in range(4000):
            with tf.GradientTape() as tape:
                loss = compute_loss(combination, base_image, style_image)
            grads = tape.gradient(loss, combination)
            optimizer.apply_gradients([(grads, combination)])
        adversarial = tf.keras.optimizers.Adam(learning_rate=10.0)
        delta = tf.Variable(tf.zeros_like(image))
        adversarial.minimize(lambda: -loss_of(image + delta), var_list=[delta])
        spare = keras.optimizers.Adam(learning_rate=50.0)
        """,
    "ZL701 Adam at 1e-3, SGD at 0.1, Adadelta at 1.0, rate from the command line, warm-up": """
        import argparse
        import keras
        import tensorflow as tf
        args = argparse.ArgumentParser().parse_args()
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse")
        model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse")
        model.compile(optimizer=keras.optimizers.Adadelta(learning_rate=1.0), loss="mse")
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=args.lr), loss="mse")
        schedules = keras.optimizers.schedules
        warm = schedules.CosineDecay(0.0, 1000, warmup_target=1e-3, warmup_steps=100)
        model.compile(optimizer=keras.optimizers.Adam(warm), loss="mse")
        model.compile(optimizer="sgd", loss="mse")
        """,
}


@pytest.mark.parametrize("code", GOOD.values(), ids=GOOD.keys())
def test_good_case_yields_nothing(code: str):
    assert codes(code) == []


# -- messages ------------------------------------------------------------------------------------


def test_zl501_message_names_the_value_the_loss_and_the_fix():
    text = message(
        BAD["ZL501 tf.math, y_pred and 1 - y_pred, compiled loss"].replace(
            "        b = (1 - y_true) * tf.math.log(1.0 - y_pred)  # expect: ZL501\n",
            "        b = 0\n",
        ),
        "ZL501",
    )
    assert "`y_pred`" in text and "custom loss `bce` (compiled at line 8)" in text
    assert "tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)" in text


def test_zl501_one_minus_prediction_is_zero_at_one():
    code = """
        import keras
        def loss(y_true, y_pred):
            return keras.ops.log(1 - y_pred)
        """
    assert "`1 - y_pred` is 0 when the prediction `y_pred` is 1" in message(code, "ZL501")


def test_zl502_message_suggests_the_matching_log_softmax():
    assert "keras.ops.log_softmax" in message(
        BAD["ZL502 keras.ops through a name, at module level"], "ZL502"
    )
    assert "tf.nn.log_softmax" in message(BAD["ZL502 tf.nn.softmax in a loss on logits"], "ZL502")


def test_zl503_message_names_the_aggregate():
    text = message(BAD["ZL503 keras.ops.mean of predictions, in-place division"], "ZL503")
    assert "the mean of the predictions" in text
    assert "keras.ops.mean(y_pred, axis=-1) + 1e-7" in text


def test_zl601_message_names_the_consumer_and_the_dead_relu():
    text = message(BAD["ZL601 Sequential tf.keras, string zeros"], "ZL601")
    assert "Dense(1) at line 5 only ever receives 0" in text and "relu(0) = 0" in text
    silenced = message(
        BAD["ZL601 a linear zero layer silences the ReLU after it, add, builder"], "ZL601"
    )
    assert "Dense(8) at line 7, the layer its output feeds (ReLU, zero bias)" in silenced
    symmetric = message(
        BAD["ZL601 functional keras, Ones() on a layer feeding a constant layer, positional"],
        "ZL601",
    )
    assert "same gradient at every step" in symmetric and "one unit copied 8 times" in symmetric


def test_zl602_message_names_the_fan_in():
    text = message(BAD["ZL602 Sequential keras, input_shape, RandomNormal(stddev=1)"], "ZL602")
    assert "fan-in of 1000 (from the input shape at line 6)" in text


def test_zl701_points_at_where_the_rate_is_written():
    code = """
        import keras
        LR = 50.0
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=LR), loss="mse")
        """
    (found,) = lint(code)
    assert (found.line, found.code) == (3, "ZL701")
    assert (
        "the learning rate 50 (written at line 3) of SGD at line 5 is at least 10" in found.message
    )


# -- options -------------------------------------------------------------------------------------

ADAM_01 = """
    import keras
    model = keras.Sequential([keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")
    """


def test_zl701_bounds_per_optimizer_family():
    """Adam-like at 0.3, Lion at 0.1, Adagrad/Ftrl/Adamax at 1.0 (the README's numbers)."""
    rated = {
        "Adam(learning_rate=0.3)": True,
        "RMSprop(learning_rate=0.3)": True,
        "Nadam(learning_rate=0.25)": False,
        "Lion(learning_rate=0.1)": True,
        "Lion(learning_rate=0.01)": False,
        "Adagrad(learning_rate=0.3)": False,
        "Adagrad(learning_rate=1.0)": True,
        "Adamax(learning_rate=0.5)": False,
        "Ftrl(learning_rate=1.0)": True,
        "Adadelta(learning_rate=3.0)": False,
    }
    for call, reported in rated.items():
        code = ADAM_01.replace("Adam(learning_rate=0.1)", call)
        assert codes(code) == ([(4, "ZL701")] if reported else []), call
    lion = ADAM_01.replace("Adam(learning_rate=0.1)", "Lion(learning_rate=0.05)")
    assert codes(lion, {"ZL701": {"max-lion-rate": 0.05}}) == [(4, "ZL701")]
    adagrad = ADAM_01.replace("Adam(learning_rate=0.1)", "Adagrad(learning_rate=1.0)")
    assert codes(adagrad, {"ZL701": {"max-accumulating-rate": 3.0}}) == []


def test_zl701_options_reach_the_rule():
    assert codes(ADAM_01) == []
    assert codes(ADAM_01, {"ZL701": {"max-adaptive-rate": 0.05}}) == [(4, "ZL701")]
    assert codes(ADAM_01, {"ZL701": {"min-rate": 0.5, "max-adaptive-rate": 2.0}}) == [(4, "ZL701")]
    sgd = ADAM_01.replace("Adam(learning_rate=0.1)", "SGD(learning_rate=20)")
    assert codes(sgd) == [(4, "ZL701")]
    assert codes(sgd, {"ZL701": {"max-sgd-rate": 100}}) == []


def test_zl602_options_reach_the_rule():
    code = """
        import keras
        NORMAL = keras.initializers.RandomNormal
        model = keras.Sequential([
            keras.layers.Dense(8, input_dim=200, kernel_initializer=NORMAL(stddev=0.5)),
            keras.layers.Dense(1),
        ])
        """
    assert codes(code) == []  # 0.5 is 5x the He scale 0.1
    assert codes(code, {"ZL602": {"max-factor": 4}}) == [(5, "ZL602")]
    tiny = code.replace("stddev=0.5", "stddev=0.005")  # 1/14 of the LeCun scale 0.07
    assert codes(tiny) == []
    assert codes(tiny, {"ZL602": {"min-factor": 10.0}}) == [(5, "ZL602")]


def test_zl701_option_from_pyproject(tmp_path, run_zerolint):
    write(tmp_path, "train.py", textwrap.dedent(ADAM_01))
    write(tmp_path, "pyproject.toml", "[tool.zerolint.options.ZL701]\nmax-adaptive-rate = 0.05\n")
    settings = load_settings(None, tmp_path)
    assert settings.rule_options == {"ZL701": {"max-adaptive-rate": 0.05}}
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert code == 1
    assert [(line, rule) for _, line, _, rule in findings(out)] == [(4, "ZL701")]
    write(
        tmp_path, "pyproject.toml", "[tool.zerolint.options.extreme-learning-rate]\nmin-rate = 1\n"
    )
    code, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert [(line, rule) for _, line, _, rule in findings(out)] == [(4, "ZL701")]


# -- the facts under the rules -------------------------------------------------------------------


def test_custom_losses_and_how_they_are_known():
    facts = program(
        """
        import keras
        def compiled(a, b):
            return a
        def by_signature(y_true, y_pred):
            return y_pred
        def called(y_true, y_pred):
            return y_pred
        def metric(t, p):
            return p
        class Focal(keras.losses.Loss):
            def call(self, y_true, y_pred):
                return y_pred
        class Mean(keras.metrics.Metric):
            def update_state(self, truth, guess, sample_weight=None):
                pass
        called(1, 2)
        model = keras.Sequential([keras.layers.Dense(1)])
        model.compile(loss=compiled, metrics={"out": [metric]})
        """
    ).facts
    found = {loss.name: (loss.kind, loss.evidence, loss.method) for loss in facts.custom_losses}
    assert found == {
        "compiled": ("loss", "compile", False),
        "metric": ("metric", "compile", False),
        "call": ("loss", "subclass", True),
        "update_state": ("metric", "subclass", True),
        "by_signature": ("loss", "signature", False),
    }


def test_ops_follow_names_and_record_their_loss():
    facts = program(
        """
        import tensorflow as tf
        def loss(y_true, y_pred):
            p = tf.clip_by_value(y_pred, 1e-7, 1 - 1e-7)
            q = 1 - p
            return tf.math.log(q)
        """
    ).facts
    logs = [c for c in facts.op_calls if c.op.name == "log" and c.loss is not None]
    (log,) = logs
    assert log.loss.name == "loss"
    q = log.op.args[0]
    assert isinstance(q, Op) and q.name == "sub"
    clip = q.args[1]
    assert (
        isinstance(clip, Op) and clip.name == "clip" and clip.dotted == "tensorflow.clip_by_value"
    )
    assert isinstance(clip.args[0], LossInput) and clip.args[0].role == "y_pred"
    span = tensors.value_range(q)
    assert (
        not span.zero and span.low == pytest.approx(1e-7) and span.high == pytest.approx(1 - 1e-7)
    )


@pytest.mark.parametrize(
    ("expression", "zero", "zero_at"),
    [
        ("y_pred", True, 0.0),
        ("1 - y_pred", True, 1.0),
        ("2 * (y_pred - 0.5)", True, 0.5),
        ("y_pred + 1e-7", False, None),
        ("y_true * y_pred", True, None),
        ("tf.reduce_sum(y_true) + tf.reduce_sum(y_pred)", True, None),
        ("tf.reduce_sum(y_true) + tf.reduce_sum(y_pred) + 1.0", False, None),
        ("tf.maximum(y_pred, 1e-6)", False, None),
        ("tf.maximum(y_pred, 0.0)", True, None),
        ("tf.clip_by_value(y_pred, 0.1, 0.9) - 0.5", True, None),
        ("tf.math.reduce_std(tf.clip_by_value(y_pred, 0.1, 0.9))", True, None),
        ("tf.norm(y_pred + 0.1)", False, None),
        ("tf.sqrt(tf.reduce_sum(tf.square(y_pred)))", True, None),
        ("tf.reduce_max(y_pred)", False, None),
        ("tf.exp(y_pred)", False, None),
    ],
)
def test_value_ranges(expression: str, zero: bool, zero_at: float | None):
    facts = program(
        f"""
        import tensorflow as tf
        def loss(y_true, y_pred):
            return tf.math.log({expression})
        """
    ).facts
    (log,) = [c.op for c in facts.op_calls if c.op.name == "log" and c.loss is not None]
    span = tensors.value_range(log.args[0])
    assert span.zero is zero
    if zero_at is not None:
        assert span.zero_at == pytest.approx(zero_at)


def test_initializers_inputs_schedules_and_optimizers_are_values():
    facts = program(
        """
        import keras
        import tensorflow as tf
        inputs = keras.Input(shape=(12,))
        init = tf.compat.v1.truncated_normal_initializer()
        h = keras.layers.Dense(4, kernel_initializer=init)(inputs)
        model = keras.Model(inputs, h)
        warm = keras.optimizers.schedules.CosineDecay(0.0, 100, warmup_target=5e-4)
        opt = keras.optimizers.Adam(warm)
        loop = keras.optimizers.SGD(0.3)
        """
    ).facts
    (model,) = facts.models
    (tensor,) = model.outputs
    initializer = tensor.producer.arg("kernel_initializer")
    assert isinstance(initializer, InitializerValue)
    assert (initializer.name, initializer.tf1) == ("truncated_normal", True)
    assert tensors.initializer_args("truncated_normal", (), {}, tf1=True)["stddev"].value == 1.0
    assert tensor.inputs[0].shape.items[0].value == 12
    rates = [(o.name, o.learning_rate, o.schedule) for o in facts.optimizers]
    assert rates == [("adam", 5e-4, "CosineDecay"), ("sgd", 0.3, None)]


def test_functional_models_still_resolve_their_activations():
    """Known ops on symbolic tensors stay layers of the model (ZL104 still sees them)."""
    facts = program(
        """
        import tensorflow as tf
        inputs = tf.keras.Input(shape=(8,))
        out = tf.nn.softmax(tf.keras.layers.Dense(4)(inputs))
        model = tf.keras.Model(inputs, out)
        model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        """
    ).facts
    (head,) = facts.models[0].heads
    assert head.activation == "softmax" and head.units == 4
