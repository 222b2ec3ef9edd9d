"""The screen (``zerolint.engine.screen``) skips libcst only where no rule can fire.

Its promise is exact: a file it skips would have given no finding. These tests hold it to
that on real code (the rule catalog, the examples, and the shared corpus of keras.io
scripts, read in place): every file the screen skips is analysed in full anyway, and must
record no fact at all. Then each kind of root is checked on a small program, and so are
the library-code shapes the screen exists to skip.
"""

from __future__ import annotations

import ast
import dataclasses
import textwrap
import warnings
from pathlib import Path

import pytest

from zerolint.checks.registry import all_rules
from zerolint.engine.lint import lint_source, may_use_keras
from zerolint.engine.screen import may_fire
from zerolint.facts.interpreter import interpret
from zerolint.facts.record import Facts
from zerolint.inputs.sources import from_text

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS = REPO_ROOT.parent.parent / "shared" / "corpus" / "keras-io"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/keras-io")
# Every kind of fact the interpreter records; a new one must be taught to the screen.
FACT_KINDS = {
    "models",
    "compiles",
    "fits",
    "data_events",
    "op_calls",
    "custom_losses",
    "optimizers",
    "optimizer_uses",
}


def _inputs() -> list[Path]:
    files = sorted((REPO_ROOT / "rules").glob("*/*.py"))
    files += sorted((REPO_ROOT / "examples").glob("*.py"))
    files += sorted((REPO_ROOT / "examples").glob("*.ipynb"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.py")) + sorted(CORPUS.rglob("*.ipynb"))
    return files


def _tree(code: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences in the corpus
        return compile(code, "<test>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)


def _facts(code: str) -> set[str]:
    """The kinds of fact the full analysis records for ``code``."""
    import libcst as cst

    facts = interpret(cst.parse_module(code))
    return {kind for kind in FACT_KINDS if getattr(facts, kind)}


def test_the_screen_knows_every_kind_of_fact():
    recorded = {field.name for field in dataclasses.fields(Facts)} - {"functions"}
    assert recorded == FACT_KINDS, (
        "the facts layer records a new kind of fact: teach zerolint/engine/screen.py its roots, "
        "then add it to FACT_KINDS"
    )


def test_every_file_the_screen_skips_records_no_fact():
    """Over the catalog, the examples and the corpus: skipped means nothing to find."""
    skipped, checked = [], 0
    for path in _inputs():
        source = from_text(path.read_text(encoding="utf-8"), str(path))
        if not may_use_keras(source.code):
            continue
        checked += 1
        if not may_fire(_tree(source.code)):
            skipped.append(path)
            assert _facts(source.code) == set(), f"the screen skipped {path}, which has facts"
    assert checked > 40  # the catalog alone
    if CORPUS.is_dir():
        assert skipped, "the corpus has helper modules the screen should skip"


def test_the_screen_never_changes_what_the_catalog_finds(monkeypatch):
    """The same findings and errors with and without the screen, file by file."""
    import zerolint.engine.screen

    rules = list(all_rules())
    files = sorted((REPO_ROOT / "rules").glob("*/*.py")) + sorted(
        (REPO_ROOT / "examples").glob("*.*")
    )
    screened = [lint_source(from_text(p.read_text("utf-8"), str(p)), rules) for p in files]
    monkeypatch.setattr(zerolint.engine.screen, "may_fire", lambda tree: True)
    full = [lint_source(from_text(p.read_text("utf-8"), str(p)), rules) for p in files]
    assert screened == full
    assert any(diagnostics for diagnostics, _ in full)


# Each root on its own, in a file that names keras so the textual check lets it through.
ROOTS = {
    "sequential": """
        import tensorflow as tf
        model = tf.keras.Sequential()
    """,
    "layer through from-import": """
        from keras.layers import Dense
        head = Dense(1, activation="softmax")
    """,
    "star import": """
        from tensorflow.keras.layers import *
        head = Dense(1)
    """,
    "compile on anything": """
        # keras
        def train(model):
            model.compile(loss="mse")
    """,
    "fit on a closure's self": """
        import keras
        class Trainer:
            def run(self):
                def step():
                    self.fit(x, y)
                return step
    """,
    "custom loss by signature": """
        import keras
        def loss(y_true, y_pred):
            return y_true / y_pred
    """,
    "model base class": """
        from tensorflow import keras
        class Net(keras.Model):
            pass
    """,
    "loss base class": """
        import keras
        class Focal(keras.losses.Loss):
            pass
    """,
    "module alias": """
        import keras
        L = keras.layers
        head = L.Dense(1)
    """,
    "module passed to the file's function": """
        import keras
        def head(layers):
            return layers.Dense(1)
        head(keras.layers)
    """,
    "module as a default": """
        import keras
        def head(layers=keras.layers):
            return layers.Dense(1)
    """,
    "module in a container": """
        import keras
        modules = [keras.layers]
        modules[0].Dense(1)
    """,
    "module stored on an object": """
        import keras
        class Builder:
            def __init__(self):
                self.layers = keras.layers
    """,
    "activation applied": """
        import tensorflow as tf
        p = tf.nn.softmax(logits)
    """,
    "optimizer": """
        import keras
        opt = keras.optimizers.SGD(learning_rate=10.0)
    """,
    "scikit-learn": """
        # keras
        from sklearn.preprocessing import StandardScaler
        scaler = StandardScaler().fit(x)
    """,
    "scipy softmax": """
        # keras
        from scipy.special import softmax
        p = softmax(x)
    """,
    "an import after the code that uses it": """
        # keras
        pattern = re.compile("x")
        import re
    """,
}


@pytest.mark.parametrize("code", ROOTS.values(), ids=ROOTS.keys())
def test_each_root_needs_the_full_analysis(code: str):
    assert may_fire(_tree(textwrap.dedent(code)))


# Library code that mentions Keras and records nothing.
SKIPPED = {
    "dtypes and isinstance": """
        import tensorflow as tf
        from tensorflow.python.framework import dtypes
        DEFAULT = dtypes.float32
        def cast(x, dtype=tf.float32):
            if isinstance(x, (tf.Tensor, tf.Variable)) and dtype == tf.int32:
                return tf.cast(x, dtype)
            return [tf.float32, dtype]
    """,
    "re.compile after import re": """
        import re
        import keras
        PATTERN = re.compile("keras")
    """,
    "evaluate on a test case's self": """
        import tensorflow as tf
        class OpsTest(tf.test.TestCase):
            def test_add(self):
                self.assertAllClose(self.evaluate(tf.add(1, 2)), 3)
    """,
    "keras internals": """
        from keras.src import backend
        from keras.src.api_export import keras_export
        @keras_export("keras.ops.add")
        def add(x1, x2):
            return backend.numpy.add(x1, x2)
    """,
    "a layer class": """
        from keras.src.layers.layer import Layer
        class Scale(Layer):
            def call(self, inputs):
                return inputs * self.scale
    """,
}


@pytest.mark.parametrize("code", SKIPPED.values(), ids=SKIPPED.keys())
def test_library_code_is_skipped(code: str):
    code = textwrap.dedent(code)
    assert not may_fire(_tree(code))
    assert _facts(code) == set()


def test_a_source_too_deep_to_screen_is_analysed():
    code = "import keras\nx = " + " + ".join(["a"] * 2000) + "\n"
    try:
        tree = _tree(code)
    except RecursionError:
        pytest.skip("CPython itself refuses this depth")
    assert may_fire(tree)  # the screen's own recursion gave up: libcst decides


def test_a_large_file_with_nothing_to_find_is_skipped_not_refused():
    """The bounds on what libcst analyses apply to files a rule could fire in: a large
    library module that only mentions Keras is neither analysed nor an error."""
    code = "import keras\n" + "x = keras.backend.floatx()\n" * 20_000
    assert lint_source(from_text(code, "big.py"), list(all_rules())) == ([], [])
