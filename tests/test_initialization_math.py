"""ZL601 against TensorFlow: the rule fires exactly where a constant kernel never learns.

Each case is a small Sequential model whose layer named ``probe`` has a constant kernel.
The static rule either reports that layer or not; a real training run (Adam, a few steps
on random data) then measures whether the layer's kernel receives a gradient and whether
its units become different. A reported layer must not learn; an unreported one must.
"""

from __future__ import annotations

import importlib.util
import textwrap

import pytest

from zerolint.checks.registry import rule_by_code
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import from_text

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tensorflow") is None, reason="needs TensorFlow"
)

# (name, layers after a 12-feature input; the first is the probed layer)
CASES = {
    "dead: zeros under a ReLU, zero bias": """
        Dense(16, activation="relu", kernel_initializer="zeros", name="probe"),
        Dense(1, activation="sigmoid"),
        """,
    "dead: zeros under a ReLU, negative bias": """
        Dense(16, "relu", True, "zeros", Constant(-0.1), name="probe"),
        Dense(1, activation="sigmoid"),
        """,
    "silenced: a linear zero layer before a ReLU layer": """
        Dense(16, kernel_initializer="zeros", name="probe"),
        Dense(8, activation="relu"),
        Dense(1, activation="sigmoid"),
        """,
    "symmetric: constant kernels on both layers": """
        Dense(16, activation="tanh", kernel_initializer=Constant(0.1), name="probe"),
        Dense(1, activation="sigmoid", kernel_initializer="zeros"),
        """,
    "learns: zeros under tanh, the next layer random": """
        Dense(16, activation="tanh", kernel_initializer="zeros", name="probe"),
        Dropout(0.2),
        Dense(1, activation="sigmoid"),
        """,
    "learns: ones under a ReLU, the next layer random": """
        Dense(16, activation="relu", kernel_initializer="ones", name="probe"),
        Dense(1, activation="sigmoid"),
        """,
    "learns: zeros under a ReLU with a positive bias": """
        Dense(16, "relu", True, "zeros", Constant(0.1), name="probe"),
        Dense(1, activation="sigmoid"),
        """,
    "learns: constant kernels with Dropout between them": """
        Dense(16, activation="tanh", kernel_initializer=Constant(0.1), name="probe"),
        Dropout(0.3),
        Dense(1, activation="sigmoid", kernel_initializer=Constant(0.1)),
        """,
}


def script(layers: str) -> str:
    return (
        "import keras\n"
        "from keras.initializers import Constant\n"
        "from keras.layers import Dense, Dropout\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(12,)),\n"
        f"{textwrap.indent(textwrap.dedent(layers).strip(), '    ')}\n"
        "])\n"
    )


def reported(code: str) -> bool:
    rule = rule_by_code("ZL601")
    diagnostics, errors = lint_source(from_text(code, "case.py"), [rule])
    assert errors == []
    return any(d.line == 6 for d in diagnostics)  # the probed layer's line


def learns(code: str) -> bool:
    """Whether the probed layer's kernel gets a gradient and its units drift apart."""
    import keras
    import numpy as np
    import tensorflow as tf

    keras.utils.set_random_seed(0)
    namespace: dict = {}
    exec(code, namespace)
    model = namespace["model"]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(128, 12)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")[:, None]
    optimizer = keras.optimizers.Adam(1e-2)
    kernel = model.get_layer("probe").kernel
    gradient = None
    for _ in range(20):
        with tf.GradientTape() as tape:
            loss = keras.losses.binary_crossentropy(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        if gradient is None:
            index = next(i for i, v in enumerate(model.trainable_variables) if v is kernel)
            gradient = float(tf.norm(grads[index]))
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    weights = kernel.numpy()
    spread = float(np.max(np.abs(weights - weights[:, :1])))
    return gradient > 0 and spread > 1e-4


@pytest.mark.parametrize("name", CASES)
def test_the_rule_fires_exactly_where_the_layer_does_not_learn(name):
    code = script(CASES[name])
    assert reported(code) == (not name.startswith("learns")), code
    assert learns(code) == name.startswith("learns"), code
