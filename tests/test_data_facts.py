"""Value provenance: where x and y come from, and what is known about them."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from zerolint.facts.data import (
    Array,
    Estimator,
    Frame,
    as_array,
    column_holding,
    fits_before_split,
    same_values,
)
from zerolint.facts.program import Program
from zerolint.facts.record import Facts
from zerolint.facts.values import UNKNOWN, Seq, Value


def facts(code: str) -> Facts:
    return Program(cst.parse_module(textwrap.dedent(code))).facts


def values(code: str, *names: str) -> list[Value]:
    """The abstract values of ``names`` at the end of one run of a script (read by ``fit``)."""
    reads = "".join(f"\n_model.fit({name})" for name in names)
    fits = facts(textwrap.dedent(code) + reads + "\n").fits
    return [fit.x for fit in fits[-len(names) :]]


def value(code: str, name: str = "x") -> Value:
    return values(code, name)[0]


def arrays(code: str, *names: str) -> list[Array]:
    found = [as_array(v) for v in values(code, *names)]
    assert all(isinstance(a, Array) for a in found), found
    return found


def array(code: str, name: str = "x") -> Array:
    return arrays(code, name)[0]


# -- literals -----------------------------------------------------------------------------


def test_np_array_literal_is_evaluated_exactly():
    x = array(
        """
        import numpy as np
        x = np.array([[1, 200.5], [3, 100], [2, 150]])
        """
    )
    assert x.shape == (3, 2) and x.dtype == "float"
    assert (x.low, x.high) == (1, 200.5)
    first, second = x.columns
    assert (first.low, first.high, first.distinct) == (1, 3, {1, 2, 3})
    assert (second.low, second.high) == (100, 200.5)
    assert x.one_hot is False and x.origin.startswith("np.array(")


def test_plain_list_literal_passed_to_fit():
    (fit,) = facts("model.fit([[0.5, 1.5], [2.5, 3.5]], [0, 1])").fits
    x, y = as_array(fit.x), as_array(fit.y)
    assert x.shape == (2, 2) and (x.low, x.high) == (0.5, 3.5)
    assert y.distinct == {0, 1} and y.n_classes == 2 and y.dtype == "int"


def test_literal_one_hot_rows_and_dtype_argument():
    y = array(
        """
        import numpy
        y = numpy.asarray([[0, 0, 1], [1, 0, 0]], dtype="float32")
        """,
        "y",
    )
    assert y.one_hot is True and y.n_classes == 3 and y.dtype == "float"
    assert y.distinct == {0.0, 1.0}


def test_literal_bool_and_string_labels():
    labels = array("import numpy as np\ny = np.array([True, False, True])", "y")
    assert labels.dtype == "bool" and labels.n_classes == 2
    names = array('import numpy as np\ny = np.array(["cat", "dog", "cat"])', "y")
    assert names.dtype is None and names.distinct == {"cat", "dog"} and names.n_classes is None


def test_huge_literal_is_not_evaluated():
    items = ", ".join(["1"] * 10_001)
    assert value(f"import numpy as np\nx = np.array([{items}])") is UNKNOWN


# -- exact values of data written out (issue 12) -------------------------------------------


@pytest.mark.parametrize(
    ("expression", "shape", "flat"),
    [
        ("np.array([[0, 1], [1, 0]] * 2)", (4, 2), (0, 1, 1, 0, 0, 1, 1, 0)),
        ("np.array([1, 2] + [3])", (3,), (1, 2, 3)),
        ("np.tile([[0.5, 1], [2, 0]], (2, 1))", (4, 2), (0.5, 1.0, 2.0, 0.0, 0.5, 1.0, 2.0, 0.0)),
        ("np.tile([1, 2], 3)", (6,), (1, 2, 1, 2, 1, 2)),
        ("np.tile([1, 2], (2, 2))", (2, 4), (1, 2, 1, 2, 1, 2, 1, 2)),
        ("np.repeat([1, 2, 3], 2)", (6,), (1, 1, 2, 2, 3, 3)),
        ("np.repeat([[1, 2], [3, 4]], 2, axis=0)", (4, 2), (1, 2, 1, 2, 3, 4, 3, 4)),
        ("np.repeat([[1, 2], [3, 4]], 2, axis=1)", (2, 4), (1, 1, 2, 2, 3, 3, 4, 4)),
        ("np.concatenate([np.array([1, 2]), np.array([3])])", (3,), (1, 2, 3)),
        ("np.hstack([np.ones((2, 1)), np.array([[5], [6]])])", (2, 2), (1.0, 5.0, 1.0, 6.0)),
        ("np.column_stack([[1, 2], [3.0, 4.0]])", (2, 2), (1.0, 3.0, 2.0, 4.0)),
        ("np.c_[np.array([1, 2]), np.array([3, 4])]", (2, 2), (1, 3, 2, 4)),
        ("np.r_[np.array([1, 2]), np.array([3])]", (3,), (1, 2, 3)),
        ("np.vstack([[1, 2], [3, 4]])", (2, 2), (1, 2, 3, 4)),
        ("np.array([np.array([1, 2, 3]), np.array([4, 5, 6])]).T", (3, 2), (1, 4, 2, 5, 3, 6)),
        ("np.arange(0, 1, 0.25)", (4,), (0.0, 0.25, 0.5, 0.75)),
        ("np.arange(5)", (5,), (0, 1, 2, 3, 4)),
        ("np.linspace(0, 1, 5)", (5,), (0.0, 0.25, 0.5, 0.75, 1.0)),
        ("np.linspace(0, 1, 4, endpoint=False)", (4,), (0.0, 0.25, 0.5, 0.75)),
        ("np.array([1, 2, 3]) * 2 + 1", (3,), (3, 5, 7)),
        ("np.array([1, 2, 3]) / 2", (3,), (0.5, 1.0, 1.5)),
        ("np.array([1, 2]) + np.array([10, 20])", (2,), (11, 22)),
        ("np.array([[1, 2], [3, 4]]).reshape(-1)", (4,), (1, 2, 3, 4)),
        ("np.array([[1, 2], [3, 4], [5, 6]])[:2]", (2, 2), (1, 2, 3, 4)),
        ("np.array([1.7, 2.2]).astype(int)", (2,), (1, 2)),
    ],
)
def test_data_written_out_is_known_element_by_element(expression, shape, flat):
    x = array(f"import numpy as np\nx = {expression}")
    assert x.shape == shape
    assert x.values == flat


def test_columns_of_data_written_out_carry_their_values():
    x, y = arrays(
        """
        import numpy as np
        x = np.tile([[0.1, 0], [0.9, 1]], (3, 1))
        y = x[:, 1]
        """,
        "x",
        "y",
    )
    assert [c.values for c in x.columns] == [(0.1, 0.9) * 3, (0.0, 1.0) * 3]
    assert y.values == (0.0, 1.0) * 3


def test_big_repeats_keep_their_shape_and_bounds_without_values():
    """A tile of a billion elements is computed by its shape, never materialised."""
    x = array("import numpy as np\nx = np.tile(np.arange(10), 100_000_000)")
    assert x.shape == (1_000_000_000,) and (x.low, x.high) == (0, 9) and x.values is None
    assert value("import numpy as np\nx = np.array([[0, 1]] * 100_000)") is UNKNOWN
    big = array("import numpy as np\nx = np.repeat(np.linspace(0, 1, 1000), 1000)")
    assert big.shape == (1_000_000,) and big.values is None and (big.low, big.high) == (0, 1)


def test_values_are_dropped_by_operations_that_do_not_compute_them():
    x = array("import numpy as np\nx = np.log1p(np.array([3, 1, 2]))")
    assert x.shape == (3,) and x.values is None
    shuffled = array(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        a = np.array([1, 2, 3, 4, 5, 6, 7, 8])
        x, _ = train_test_split(a)
        """
    )
    assert shuffled.values is None


def test_ragged_literal_is_unknown():
    assert value("import numpy as np\nx = np.array([[1, 2], [3]])") is UNKNOWN


@pytest.mark.parametrize(
    ("call", "shape", "constant", "dtype"),
    [
        ("np.zeros((10, 3))", (10, 3), 0.0, "float"),
        ("np.ones(5)", (5,), 1.0, "float"),
        ("np.ones((4, 1), dtype=int)", (4, 1), 1, "int"),
        ("np.full((2, 2), 7)", (2, 2), 7, "int"),
        ("np.full(3, 0.5, dtype=np.float32)", (3,), 0.5, "float"),
    ],
)
def test_constant_arrays(call, shape, constant, dtype):
    x = array(f"import numpy as np\nx = {call}")
    assert x.shape == shape and x.dtype == dtype
    assert (x.low, x.high, x.distinct) == (constant, constant, {constant})


def test_zeros_like_keeps_the_shape():
    x = array("import numpy as np\nbase = np.random.rand(8, 2)\nx = np.zeros_like(base)")
    assert x.shape == (8, 2) and x.distinct == {0}


def test_eye_indexed_by_labels_is_one_hot():
    y = array(
        """
        import numpy as np
        labels = np.random.randint(0, 4, size=50)
        y = np.eye(4)[labels]
        """,
        "y",
    )
    assert y.shape == (50, 4) and y.one_hot is True and y.n_classes == 4


# -- random numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "shape", "low", "high", "dtype"),
    [
        ("np.random.randint(0, 5, size=(100,))", (100,), 0, 4, "int"),
        ("np.random.randint(3, size=20)", (20,), 0, 2, "int"),
        ("np.random.randint(1, 11, (6, 1))", (6, 1), 1, 10, "int"),
        ("np.random.random_integers(1, 6, 10)", (10,), 1, 6, "int"),
        ("np.random.rand(100, 8)", (100, 8), 0.0, 1.0, "float"),
        ("np.random.random((30, 2))", (30, 2), 0.0, 1.0, "float"),
        ("np.random.uniform(-1, 1, size=(10, 4))", (10, 4), -1.0, 1.0, "float"),
        ("np.random.uniform(size=7)", (7,), 0.0, 1.0, "float"),
        ("np.random.normal(0, 1, (50, 3))", (50, 3), None, None, "float"),
        ("np.random.randn(12, 5)", (12, 5), None, None, "float"),
        ("np.random.choice(3, 40)", (40,), 0, 2, "int"),
        ("np.random.choice([2, 4, 8], size=9)", (9,), 2, 8, "int"),
        ("np.random.binomial(1, 0.5, 25)", (25,), 0, 1, "int"),
        ("np.random.RandomState(0).randint(0, 3, 10)", (10,), 0, 2, "int"),
        ("np.random.default_rng(0).integers(0, 7, size=(5, 1))", (5, 1), 0, 6, "int"),
        ("np.random.default_rng(1).integers(4, size=3, endpoint=True)", (3,), 0, 4, "int"),
        ("np.random.default_rng().random((3, 2))", (3, 2), 0.0, 1.0, "float"),
        ("np.random.default_rng(2).uniform(10, 20, 4)", (4,), 10.0, 20.0, "float"),
        ("np.random.default_rng(3).normal(5.0, 2.0, size=(8,))", (8,), None, None, "float"),
        ("tf.random.uniform((4, 2), 0, 10, dtype=tf.int32)", (4, 2), 0, 9, "int"),
        ("tf.random.uniform([3])", (3,), 0, 1.0, "float"),
    ],
)
def test_random_sources(code, shape, low, high, dtype):
    x = array(f"import numpy as np\nimport tensorflow as tf\nx = {code}")
    assert (x.shape, x.low, x.high, x.dtype) == (shape, low, high, dtype)
    assert x.one_hot is False


def test_randint_gives_classes_and_values():
    y = array("import numpy as np\ny = np.random.randint(0, 5, 100)", "y")
    assert y.n_classes == 5 and y.distinct == {0, 1, 2, 3, 4}
    assert y.origin == "np.random.randint(0, 5, 100)"


def test_generator_bound_to_a_name_and_import_spellings():
    y = array(
        """
        from numpy.random import default_rng
        rng = default_rng(42)
        y = rng.integers(0, 3, size=64)
        """,
        "y",
    )
    assert y.n_classes == 3
    y = array("from numpy.random import randint\ny = randint(0, 2, 10)", "y")
    assert y.distinct == {0, 1}
    y = array("import numpy.random as npr\ny = npr.randint(2, size=10)", "y")
    assert y.distinct == {0, 1}


def test_constants_flow_into_random_arguments():
    y = array(
        """
        import numpy as np
        N_CLASSES = 4
        N = 200
        y = np.random.randint(0, N_CLASSES, size=(N,))
        """,
        "y",
    )
    assert y.shape == (200,) and y.n_classes == 4


# -- one-hot encoders -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prelude",
    [
        "from tensorflow.keras.utils import to_categorical",
        "from keras.utils import to_categorical",
        "import tensorflow as tf\nto_categorical = tf.keras.utils.to_categorical",
        "import keras\nto_categorical = keras.utils.to_categorical",
        "from keras.utils.np_utils import to_categorical",
        "from tf_keras.utils import to_categorical",
    ],
)
def test_to_categorical_every_spelling(prelude):
    y = array(
        f"""
{prelude}
import numpy as np
labels = np.random.randint(0, 3, size=(100,))
y = to_categorical(labels, num_classes=3)
""",
        "y",
    )
    assert y.one_hot is True and y.n_classes == 3 and y.shape == (100, 3)
    assert y.origin == "to_categorical(labels, num_classes=3)"


def test_to_categorical_without_num_classes_uses_the_largest_label():
    y = array(
        """
        from keras.utils import to_categorical
        y = to_categorical([0, 2, 1, 4])
        """,
        "y",
    )
    assert y.n_classes == 5 and y.shape == (4, 5)


def test_to_categorical_squeezes_a_trailing_unit_axis():
    y = array(
        """
        import numpy as np
        from keras.utils import to_categorical
        labels = np.random.randint(0, 6, size=(40, 1))
        y = to_categorical(labels, 6)
        """,
        "y",
    )
    assert y.shape == (40, 6)


def test_to_categorical_of_unknown_labels_is_one_hot_with_unknown_classes():
    y = array("from keras.utils import to_categorical\ny = to_categorical(load())", "y")
    assert y.one_hot is True and y.n_classes is None


def test_tf_one_hot_and_keras_ops_one_hot():
    y = array(
        """
        import numpy as np
        import tensorflow as tf
        labels = np.random.randint(0, 10, size=(32,))
        y = tf.one_hot(labels, depth=10)
        """,
        "y",
    )
    assert y.one_hot is True and y.n_classes == 10 and y.shape == (32, 10)
    y = array("import keras\ny = keras.ops.one_hot([0, 1, 1], 2)", "y")
    assert y.one_hot is True and y.n_classes == 2


def test_get_dummies_of_a_column():
    y = array(
        """
        import pandas as pd
        df = pd.DataFrame({"colour": ["red", "green", "blue", "red"], "size": [1, 2, 3, 4]})
        y = pd.get_dummies(df["colour"]).values
        """,
        "y",
    )
    assert y.one_hot is True and y.n_classes == 3 and y.shape == (4, 3)


def test_sklearn_encoders():
    y = array(
        """
        from sklearn.preprocessing import LabelEncoder
        y = LabelEncoder().fit_transform(["cat", "dog", "cat", "bird"])
        """,
        "y",
    )
    assert y.dtype == "int" and y.distinct == {0, 1, 2} and y.n_classes == 3
    y = array(
        """
        import numpy as np
        from sklearn.preprocessing import OneHotEncoder
        labels = np.array([[1], [2], [3], [1]])
        encoder = OneHotEncoder(sparse_output=False)
        y = encoder.fit_transform(labels)
        """,
        "y",
    )
    assert y.one_hot is True and y.n_classes == 3 and y.shape == (4, 3)


# -- operations -------------------------------------------------------------------------------


def test_comparison_then_astype_gives_binary_labels():
    y = array(
        """
        import numpy as np
        x = np.random.rand(100, 3)
        y = (x[:, 0] > 0.5).astype("float32")
        """,
        "y",
    )
    assert y.dtype == "float" and y.distinct == {0.0, 1.0} and y.n_classes == 2
    assert y.shape == (100,) and y.one_hot is False


def test_comparison_decided_by_the_range():
    y = array("import numpy as np\nx = np.random.rand(10)\ny = (x >= 0).astype(int)", "y")
    assert y.distinct == {1}


def test_astype_with_builtin_and_numpy_dtypes():
    assert array("import numpy as np\nx = np.random.rand(5) * 10\nx = x.astype(int)").dtype == "int"
    x = array("import numpy as np\nx = np.random.randint(0, 3, 5).astype(np.float32)")
    assert x.dtype == "float" and x.distinct == {0.0, 1.0, 2.0}


def test_reshape_resolves_minus_one_and_keeps_values():
    x = array(
        """
        from keras.datasets import mnist
        (x, y), _ = mnist.load_data()
        x = x.reshape(-1, 28 * 28)
        """
    )
    assert x.shape == (60000, 784) and (x.low, x.high) == (0, 255) and x.dtype == "uint8"


def test_expand_dims_and_new_axis():
    x = array("from keras.datasets import mnist\n(x, y), _ = mnist.load_data()\nx = x[..., None]")
    assert x.shape == (60000, 28, 28, 1)
    x = array(
        "import numpy as np\nfrom keras.datasets import mnist\n"
        "(x, y), _ = mnist.load_data()\nx = np.expand_dims(x, -1)"
    )
    assert x.shape == (60000, 28, 28, 1)


def test_column_stack_keeps_per_column_ranges():
    x = array(
        """
        import numpy as np
        age = np.random.randint(18, 90, size=500)
        income = np.random.uniform(1000, 200000, size=500)
        x = np.column_stack([age, income])
        """
    )
    assert x.shape == (500, 2)
    age, income = x.columns
    assert (age.low, age.high) == (18, 89)
    assert (income.low, income.high) == (1000.0, 200000.0)
    assert (x.low, x.high) == (18, 200000.0)


def test_hstack_and_concatenate_of_2d_arrays():
    code = """
        import numpy as np
        a = np.random.rand(10, 2)
        b = np.random.randint(0, 100, (10, 1))
        x = np.{call}
        """
    for call in ("hstack([a, b])", "concatenate([a, b], axis=1)"):
        x = array(code.format(call=call))
        assert x.shape == (10, 3) and len(x.columns) == 3
        assert (x.columns[2].low, x.columns[2].high) == (0, 99)


def test_columns_of_a_literal_table_by_index():
    code = """
        import numpy as np
        data = np.array([[1.0, 500.0, 0], [2.0, 900.0, 1], [1.5, 700.0, 1]])
        X = data[:, :2]
        y = data[:, -1]
        """
    x, y = arrays(code, "X", "y")
    assert x.shape == (3, 2) and (x.columns[1].low, x.columns[1].high) == (500.0, 900.0)
    assert y.shape == (3,) and y.distinct == {0.0, 1.0} and y.n_classes == 2


def test_argmax_of_one_hot_rows():
    y = array(
        """
        import numpy as np
        from keras.utils import to_categorical
        onehot = to_categorical(np.random.randint(0, 5, 20), 5)
        y = np.argmax(onehot, axis=1)
        """,
        "y",
    )
    assert y.dtype == "int" and y.n_classes == 5 and y.one_hot is False


def test_where_and_series_map():
    y = array(
        "import numpy as np\nx = np.random.rand(9)\ny = np.where(x > 0.5, 1, 0)",
        "y",
    )
    assert y.distinct == {0, 1} and y.shape == (9,)
    y = array(
        """
        import pandas as pd
        df = pd.DataFrame({"label": ["yes", "no", "no"]})
        y = df["label"].map({"yes": 1, "no": 0})
        """,
        "y",
    )
    assert y.distinct == {0, 1}


def test_labels_shifted_by_a_constant():
    y = array("import numpy as np\ny = np.random.randint(1, 6, 30) - 1", "y")
    assert (y.low, y.high, y.n_classes) == (0, 4, 5)


def test_shape_attribute_is_a_constant():
    (fit,) = facts(
        """
        import numpy as np
        x = np.random.rand(64, 12)
        n_features = x.shape[1]
        model.fit(x, n_features)
        """
    ).fits
    assert fit.y.value == 12


# -- scaling ----------------------------------------------------------------------------------


@pytest.mark.parametrize("divisor", ["255.0", "255", "255.", "np.float32(255)"])
def test_dividing_pixels_scales_them(divisor):
    x = array(
        f"""
        import numpy as np
        import tensorflow as tf
        (x, y), (xt, yt) = tf.keras.datasets.mnist.load_data()
        x = x.astype("float32") / {divisor}
        """
    )
    assert x.scaled and (x.low, x.high) == (0.0, 1.0) and x.dtype == "float"
    assert x.origin.endswith("x_train")


def test_multiplying_by_a_small_factor_scales():
    x = array("import numpy as np\nx = np.random.randint(0, 256, (4, 4)) * (1.0 / 255)")
    assert x.scaled and x.high == 1.0


def test_standardization_by_hand():
    x = array(
        """
        import numpy as np
        raw = np.random.uniform(0, 1000, size=(100, 4))
        x = (raw - raw.mean(axis=0)) / raw.std(axis=0)
        """
    )
    assert x.scaled and x.scaling[-1].kind == "standardize"
    assert x.low is None and x.high is None


def test_standardization_with_named_statistics_and_epsilon():
    x = array(
        """
        import numpy as np
        raw = np.random.uniform(0, 1000, size=(100, 4))
        mean = np.mean(raw, axis=0)
        std = np.std(raw, axis=0) + 1e-8
        x = (raw - mean) / std
        """
    )
    assert x.scaled


def test_min_max_by_hand_and_divide_by_max():
    x = array(
        """
        import numpy as np
        raw = np.random.uniform(5, 500, size=(10, 2))
        x = (raw - raw.min(axis=0)) / (raw.max(axis=0) - raw.min(axis=0))
        """
    )
    assert x.scaled and x.scaling[-1].kind == "min-max"
    x = array("import numpy as np\nraw = np.random.uniform(5, 500, 10)\nx = raw / raw.max()")
    assert x.scaled and (x.low, x.high) == (0.0, 1.0)


def test_centering_alone_is_not_scaling():
    x = array("import numpy as np\nraw = np.random.uniform(0, 9, 10)\nx = raw - raw.mean()")
    assert not x.scaled and (x.low, x.high) == (-9.0, 9.0)


def test_unscaled_data_is_reported_as_such():
    x = array("import numpy as np\nx = np.random.uniform(0, 1000, (10, 3)) + 5")
    assert not x.scaled and (x.low, x.high) == (5.0, 1005.0)


@pytest.mark.parametrize(
    ("scaler", "low", "high"),
    [
        ("StandardScaler()", None, None),
        ("RobustScaler()", None, None),
        ("MinMaxScaler()", 0.0, 1.0),
        ("MinMaxScaler(feature_range=(-1, 1))", -1.0, 1.0),
        ("MaxAbsScaler()", 0.0, 1.0),
        ("Normalizer()", 0.0, 1.0),
    ],
)
def test_sklearn_scalers(scaler, low, high):
    x = array(
        f"""
        import numpy as np
        from sklearn.preprocessing import {scaler.split("(")[0]}
        raw = np.random.uniform(0, 1000, size=(100, 4))
        scaler = {scaler}
        x = scaler.fit_transform(raw)
        """
    )
    assert x.scaled and x.shape == (100, 4) and (x.low, x.high) == (low, high)
    assert x.scaling[-1].kind == scaler.split("(")[0]


def test_min_max_range_only_on_the_data_it_was_fit_on():
    code = """
        import numpy as np
        from sklearn.preprocessing import MinMaxScaler
        train = np.random.uniform(0, 10, (10, 2))
        test = np.random.uniform(0, 20, (5, 2))
        scaler = MinMaxScaler().fit(train)
        a = scaler.transform(train)
        b = scaler.transform(test)
        """
    a, b = arrays(code, "a", "b")
    assert a.high == 1.0
    assert b.scaled and b.high is None


def test_scaler_records_what_it_was_fit_on():
    program = facts(
        """
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        raw = np.random.rand(10, 2)
        scaler = StandardScaler()
        scaler.fit(raw)
        model.fit(scaler, raw)
        """
    )
    (fit,) = program.fits
    assert isinstance(fit.x, Estimator) and fit.x.fitted
    assert fit.x.fitted_on is fit.y


def test_keras_preprocess_input_and_normalize_scale():
    x = array(
        """
        import numpy as np
        from tensorflow.keras.applications.resnet50 import preprocess_input
        x = preprocess_input(np.random.randint(0, 256, (2, 224, 224, 3)).astype("float32"))
        """
    )
    assert x.scaled and x.high is None
    x = array("import numpy as np\nimport keras\nx = keras.utils.normalize(np.random.rand(3, 3))")
    assert x.scaled and (x.low, x.high) == (0.0, 1.0)


# -- keras.datasets ---------------------------------------------------------------------------

DATASETS = {
    # name: (x_train shape, x range, y_train shape, classes, x_test rows)
    "mnist": ((60000, 28, 28), (0, 255), (60000,), 10, 10000),
    "fashion_mnist": ((60000, 28, 28), (0, 255), (60000,), 10, 10000),
    "cifar10": ((50000, 32, 32, 3), (0, 255), (50000, 1), 10, 10000),
    "cifar100": ((50000, 32, 32, 3), (0, 255), (50000, 1), 100, 10000),
    "imdb": ((25000,), (None, None), (25000,), 2, 25000),
    "reuters": ((8982,), (None, None), (8982,), 46, 2246),
    "boston_housing": ((404, 13), (0.0, 711.0), (404,), None, 102),
}
SPELLINGS = {
    "tf.keras": "import tensorflow as tf\nload = tf.keras.datasets.{name}.load_data",
    "from tensorflow.keras.datasets": "from tensorflow.keras.datasets import {name}\n"
    "load = {name}.load_data",
    "keras": "import keras\nload = keras.datasets.{name}.load_data",
    "from keras.datasets": "from keras.datasets import {name}\nload = {name}.load_data",
    "from keras.datasets.name": "from keras.datasets.{name} import load_data as load",
    "from tensorflow import keras": "from tensorflow import keras\n"
    "load = keras.datasets.{name}.load_data",
    "from keras import datasets": "from keras import datasets\nload = datasets.{name}.load_data",
    "tf_keras": "import tf_keras\nload = tf_keras.datasets.{name}.load_data",
}


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_keras_datasets(name, spelling):
    x_shape, (low, high), y_shape, classes, n_test = DATASETS[name]
    code = spelling.format(name=name) + "\n(x_train, y_train), (x_test, y_test) = load()\n"
    x, y, x_test = arrays(code, "x_train", "y_train", "x_test")
    assert x.shape == x_shape and (x.low, x.high) == (low, high)
    assert y.shape == y_shape and y.n_classes == classes and y.one_hot is False
    assert x_test.shape[0] == n_test
    if classes:
        assert y.is_integer and (y.low, y.high) == (0, classes - 1)
    if name in ("mnist", "fashion_mnist", "cifar10", "cifar100"):
        assert x.dtype == "uint8" and not x.scaled
    assert x.rows is y.rows and x.rows is not x_test.rows


def test_dataset_arguments_change_the_table():
    assert (
        array(
            "from keras.datasets import cifar100\n"
            "(x, y), _ = cifar100.load_data(label_mode='coarse')",
            "y",
        ).n_classes
        == 20
    )
    assert array(
        "from keras.datasets import boston_housing\n"
        "(x, y), _ = boston_housing.load_data(test_split=0.1)"
    ).shape == (455, 13)
    assert array(
        "from keras.datasets import imdb\n(x, y), _ = imdb.load_data(maxlen=100)"
    ).shape == (None,)
    assert array(
        "from keras.datasets import california_housing\n"
        "(x, y), _ = california_housing.load_data(version='small')"
    ).shape == (480, 8)


def test_dataset_tuple_kept_whole_then_unpacked():
    y = array(
        """
        from keras.datasets import mnist
        train, test = mnist.load_data()
        x, y = train
        """,
        "y",
    )
    assert y.n_classes == 10


def test_unknown_dataset_is_unknown():
    assert value("from keras.datasets import emnist\n(x, y), _ = emnist.load_data()") is UNKNOWN


# -- DataFrames -------------------------------------------------------------------------------


def test_csv_column_without_hint_stays_unknown():
    y = array(
        """
        import pandas as pd
        df = pd.read_csv("data.csv")
        y = df["label"]
        """,
        "y",
    )
    assert y.name == "label" and y.origin == 'df["label"]'
    assert (y.low, y.high, y.distinct, y.dtype, y.n_classes) == (None,) * 5


def test_literal_frame_columns_and_selection():
    code = """
        import pandas as pd
        df = pd.DataFrame({"age": [20, 30, 40], "income": [1000.0, 5000.0, 9000.0],
                           "bought": [0, 1, 1]})
        X = df[["age", "income"]]
        y = df["bought"]
        """
    x, y = values(code, "X", "y")
    assert isinstance(x, Frame) and x.columns == ("age", "income")
    table = as_array(x)
    assert table.shape == (3, 2)
    assert (table.columns[1].low, table.columns[1].high) == (1000.0, 9000.0)
    assert y.distinct == {0, 1} and y.n_classes == 2 and y.name == "bought"


@pytest.mark.parametrize(
    "drop",
    [
        'df.drop(columns=["target"])',
        'df.drop("target", axis=1)',
        'df.drop(["target"], axis="columns")',
        'df.drop(labels="target", axis=1)',
    ],
)
def test_drop_removes_the_column(drop):
    code = f"""
        import pandas as pd
        df = pd.read_csv("train.csv")
        y = df["target"]
        X = {drop}
        """
    x, y = values(code, "X", "y")
    assert isinstance(x, Frame) and x.contains("target") is False and x.holds(y) is False


def test_target_left_in_the_features_is_visible():
    code = """
        import pandas as pd
        df = pd.read_csv("train.csv")
        y = df["target"].values
        X = df.values
        """
    x, y = arrays(code, "X", "y")
    assert x.frame is not None and x.frame.holds(y) is True
    assert y.name == "target"


def test_pop_changes_the_frame():
    code = """
        import pandas as pd
        df = pd.read_csv("train.csv")
        y = df.pop("price")
        X = df.to_numpy()
        """
    x, y = arrays(code, "X", "y")
    assert y.name == "price" and x.frame.contains("price") is False and x.frame.holds(y) is False


def test_drop_inplace_changes_the_frame():
    x = value(
        """
        import pandas as pd
        df = pd.read_csv("train.csv")
        df.drop(columns=["id"], inplace=True)
        x = df
        """
    )
    assert isinstance(x, Frame) and x.dropped == {"id"}


def test_read_csv_with_names_knows_its_columns():
    x = value('import pandas as pd\nx = pd.read_csv("d.csv", names=["a", "b", "label"])')
    assert x.columns == ("a", "b", "label")


def test_frame_from_array_with_column_names():
    x = value(
        """
        import numpy as np
        import pandas as pd
        x = pd.DataFrame(np.array([[1, 2], [3, 4]]), columns=["a", "b"])
        """
    )
    assert x.columns == ("a", "b") and x.column_data("b").distinct == {2, 4}


def test_dividing_a_frame_scales_it():
    x = value('import pandas as pd\ndf = pd.read_csv("a.csv")\nx = df / 255.0')
    assert isinstance(x, Frame) and x.scaled
    x = value('import pandas as pd\ndf = pd.read_csv("a.csv")\nx = (df - df.mean()) / df.std()')
    assert isinstance(x, Frame) and x.scaled


# -- train_test_split -------------------------------------------------------------------------


def test_train_test_split_outputs_inherit_their_inputs():
    code = """
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 100, size=(1000, 5))
        y = np.random.randint(0, 3, size=1000)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        """
    x_train, x_test, y_train, y_test, x, y = arrays(
        code, "X_train", "X_test", "y_train", "y_test", "X", "y"
    )
    assert x_train.shape == (800, 5) and x_test.shape == (200, 5)
    assert (x_train.low, x_train.high) == (0.0, 100.0)
    assert y_train.n_classes == 3 and y_test.distinct == {0, 1, 2}
    assert x_train.rows.part == "train" and x_test.rows.part == "test"
    assert x_train.rows.within(x.rows) and not x_train.rows.within(x_test.rows)
    assert y_train.rows.within(y.rows)


def test_split_of_a_frame_and_default_sizes():
    code = """
        import pandas as pd
        import sklearn.model_selection as ms
        df = pd.DataFrame({"a": [1, 2, 3, 4], "t": [0, 1, 0, 1]})
        X_train, X_test, y_train, y_test = ms.train_test_split(df[["a"]], df["t"])
        """
    x_train, y_train = values(code, "X_train", "y_train")
    assert isinstance(x_train, Frame) and x_train.columns == ("a",) and x_train.n_rows == 3
    assert y_train.shape == (3,) and y_train.distinct == {0, 1} and y_train.name == "t"
    assert x_train.rows is y_train.rows  # one frame, one split: the same training rows


def test_split_of_unknown_data_keeps_the_positions():
    code = """
        from sklearn.model_selection import train_test_split
        X_train, X_test, y_train, y_test = train_test_split(load_x(), [0, 1, 1, 0])
        """
    assert value(code, "X_train") is UNKNOWN
    assert array(code, "y_test").distinct == {0, 1}


def test_validation_data_is_a_tuple_of_arrays():
    (fit,) = facts(
        """
        import numpy as np
        x = np.random.rand(10, 2)
        y = np.random.randint(0, 2, 10)
        model.fit(x, y, validation_data=(x, y))
        """
    ).fits
    validation = fit.keywords["validation_data"]
    assert isinstance(validation, Seq) and validation.items[0] is fit.x


# -- scaling relative to the split ------------------------------------------------------------


def test_scaler_fit_before_split_is_detected():
    program = facts(
        """
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        X = StandardScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model.fit(X_train, y_train)
        """
    )
    kinds = [event.kind for event in program.data_events]
    assert kinds == ["fit", "transform", "split"]
    ((learned, split),) = fits_before_split(program.data_events)
    assert learned.estimator.kind == "StandardScaler" and split.kind == "split"
    (fit,) = program.fits
    step = fit.x.scaling[-1]
    assert step.kind == "StandardScaler" and fit.x.rows.within(step.fitted_on.rows)
    assert fit.x.rows is not step.fitted_on.rows  # fit on more than the training part


def test_scaler_fit_after_split_is_fine():
    program = facts(
        """
        import numpy as np
        from sklearn.preprocessing import StandardScaler
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        scaler = StandardScaler()
        X_train = scaler.fit_transform(X_train)
        X_test = scaler.transform(X_test)
        model.fit(X_train, y_train)
        """
    )
    assert [e.kind for e in program.data_events] == ["split", "fit", "transform", "transform"]
    assert fits_before_split(program.data_events) == []
    (fit,) = program.fits
    assert fit.x.scaled and fit.x.scaling[-1].fitted_on.rows is fit.x.rows


def test_normalization_adapt_before_split_is_detected():
    program = facts(
        """
        import numpy as np
        import tensorflow as tf
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 1000, (200, 3))
        y = np.random.randint(0, 2, 200)
        norm = tf.keras.layers.Normalization()
        norm.adapt(X)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model = tf.keras.Sequential([norm, tf.keras.layers.Dense(1, activation="sigmoid")])
        model.fit(X_train, y_train)
        """
    )
    ((learned, _),) = fits_before_split(program.data_events)
    assert learned.kind == "adapt" and learned.layer.kind == "Normalization"
    (fit,) = program.fits
    assert isinstance(fit.x, Array) and fit.x.shape == (150, 3)  # adapt did not hide x


def test_adapt_on_training_part_is_fine():
    program = facts(
        """
        import numpy as np
        from keras import layers
        from sklearn.model_selection import train_test_split
        X = np.random.rand(100, 2)
        X_train, X_test = train_test_split(X, test_size=0.5)
        norm = layers.Normalization()
        norm.adapt(X_train)
        """
    )
    assert [e.kind for e in program.data_events] == ["split", "adapt"]
    assert fits_before_split(program.data_events) == []


def test_manual_standardization_with_whole_data_statistics():
    (fit,) = facts(
        """
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.random.uniform(0, 50, (100, 2))
        y = np.random.randint(0, 2, 100)
        X = (X - X.mean(axis=0)) / X.std(axis=0)
        X_train, X_test, y_train, y_test = train_test_split(X, y)
        model.fit(X_train, y_train)
        """
    ).fits
    step = fit.x.scaling[-1]
    assert step.kind == "standardize" and fit.x.rows.within(step.fitted_on.rows)


# -- unknown stays unknown --------------------------------------------------------------------


def test_sys_argv_leaves_classes_unknown():
    y = array(
        """
        import sys
        import numpy as np
        k = int(sys.argv[1])
        y = np.random.randint(0, k, size=100)
        """,
        "y",
    )
    assert y.high is None and y.n_classes is None and y.distinct is None
    y = array(
        "import sys\nfrom keras.utils import to_categorical\n"
        "y = to_categorical([0, 1], num_classes=int(sys.argv[1]))",
        "y",
    )
    assert y.one_hot is True and y.n_classes is None


UNKNOWN_DATA = {
    "changed by an unknown function": """
        import numpy as np
        from helpers import augment
        x = np.random.rand(10, 2)
        augment(x)
        """,
    "replaced by an unknown function": """
        import numpy as np
        from helpers import augment
        x = np.random.rand(10, 2)
        x = augment(x)
        """,
    "different in two branches": """
        import numpy as np
        x = np.random.rand(10, 2)
        if scale:
            x = x / 255.0
        """,
    "unknown method": """
        import numpy as np
        x = np.random.rand(10, 2)
        x.custom_inplace_thing()
        """,
    "written into": """
        import pandas as pd
        x = pd.read_csv("a.csv")
        x["new"] = 1
        """,
    "loaded from disk": """
        import numpy as np
        x = np.load("x.npy")
        """,
    "not numpy": """
        from mylib import np
        x = np.array([1, 2, 3])
        """,
    "augmented assignment": """
        import numpy as np
        x = np.random.rand(3)
        x += 1
        """,
    "random size": """
        import numpy as np
        x = np.random.randint(0, 3, size=n)
        """,
}


@pytest.mark.parametrize("code", UNKNOWN_DATA.values(), ids=UNKNOWN_DATA.keys())
def test_unknown_stays_unknown(code):
    result = value(code)
    if isinstance(result, Array):  # only the random-size case yields an Array
        assert result.shape is None
        return
    assert result is UNKNOWN


def test_functions_that_only_read_data_keep_it():
    x = array(
        """
        import numpy as np
        import matplotlib.pyplot as plt
        x = np.random.rand(10, 2)
        plt.hist(x)
        print(x.shape, len(x))
        np.log(x)
        """
    )
    assert x.shape == (10, 2)


def test_data_through_a_function_of_the_file():
    x = array(
        """
        import numpy as np

        def preprocess(a):
            return a.astype("float32") / 255.0

        x = preprocess(np.random.randint(0, 256, (5, 5)))
        """
    )
    assert x.scaled and x.high == 1.0


CHANGED_IN_A_FUNCTION = {
    "augmented assignment on a parameter": """
        import numpy as np
        def normalize(a):
            a /= 255.0
        x = np.random.randint(0, 256, (10, 4))
        normalize(x)
        """,
    "slice assignment on a parameter": """
        import numpy as np
        def normalize(a):
            a[:] = a / 255.0
        x = np.random.randint(0, 256, (10, 4))
        normalize(x)
        """,
    "handed on to unknown code": """
        import numpy as np
        from helpers import augment
        def prepare(a):
            augment(a)
        x = np.random.randint(0, 256, (10, 4))
        prepare(x)
        """,
}


@pytest.mark.parametrize("code", CHANGED_IN_A_FUNCTION.values(), ids=CHANGED_IN_A_FUNCTION.keys())
def test_data_changed_in_place_by_a_function_of_the_file_becomes_unknown(code):
    assert value(code) is UNKNOWN


def test_a_function_reading_its_argument_keeps_it():
    x = array(
        """
        import numpy as np
        def show(a):
            print(a.shape, a.max())
        x = np.random.randint(0, 256, (10, 4))
        show(x)
        """
    )
    assert (x.high, x.scaled) == (255, False)


def test_a_global_rebound_in_a_function_is_followed():
    x = array(
        """
        import numpy as np
        x = np.random.randint(0, 256, (10, 4))
        def normalize():
            global x
            x = x / 255.0
        normalize()
        """
    )
    assert x.scaled and x.high == 1.0


def test_sklearn_models_are_not_keras_fits():
    program = facts(
        """
        import numpy as np
        from sklearn.ensemble import RandomForestClassifier
        X = np.random.rand(50, 3)
        y = np.random.randint(0, 2, 50)
        forest = RandomForestClassifier(n_estimators=10)
        forest.fit(X, y)
        predictions = forest.predict(X)
        """
    )
    assert program.fits == [] and program.data_events == []


def test_library_calls_that_only_read_keep_the_data():
    x = array(
        """
        import numpy as np
        import pandas as pd
        import tensorflow as tf
        x = np.random.rand(10, 2)
        dataset = tf.data.Dataset.from_tensor_slices((x, x)).batch(2)
        frame = pd.DataFrame(x[:, 0])
        np.random.exponential(1.0, 3)
        """
    )
    assert x.shape == (10, 2)


def test_clip_narrows_the_range():
    x = array("import numpy as np\nx = np.clip(np.random.uniform(-5, 5, 9), 0, 1)")
    assert (x.low, x.high) == (0, 1)
    x = array("import numpy as np\nx = np.random.uniform(-5, 5, 9).clip(max=1)")
    assert (x.low, x.high) == (-5.0, 1)
    x = array("import numpy as np\nx = np.random.uniform(-5, 5, 9).clip(0, limit)")
    assert (x.low, x.high) == (None, None)


def test_target_column_kept_through_the_split():
    code = """
        import pandas as pd
        from sklearn.model_selection import train_test_split
        df = pd.read_csv("d.csv")
        X_train, X_test, y_train, y_test = train_test_split(df, df["label"])
        clean = df.drop(columns=["label"])
        """
    x_train, y_train, clean = values(code, "X_train", "y_train", "clean")
    assert x_train.holds(y_train) is True
    assert clean.holds(y_train) is False


def test_get_dummies_of_a_whole_frame_is_not_followed():
    frame, dummies = values(
        'import pandas as pd\nframe = pd.read_csv("a.csv")\ndummies = pd.get_dummies(frame)',
        "frame",
        "dummies",
    )
    assert isinstance(frame, Frame) and dummies is UNKNOWN


def test_pop_origin_names_the_call():
    y = array('import pandas as pd\ndf = pd.read_csv("a.csv")\ny = df.pop("price")', "y")
    assert y.origin == 'df.pop("price")'


def test_scaler_fit_on_a_frame_before_the_split():
    program = facts(
        """
        import pandas as pd
        from sklearn.preprocessing import MinMaxScaler
        from sklearn.model_selection import train_test_split
        df = pd.read_csv("d.csv")
        X = df.drop("y", axis=1)
        X = MinMaxScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(X, df["y"], test_size=0.3)
        """
    )
    ((learned, split),) = fits_before_split(program.data_events)
    assert learned.estimator.kind == "MinMaxScaler"
    assert split.outputs[0].scaled and split.outputs[0].rows.part == "train"


def test_labels_from_combined_conditions():
    y = array(
        """
        import numpy as np
        rng = np.random.default_rng(0)
        calls = rng.poisson(2, 100)
        tenure = rng.uniform(0, 72, 100)
        y = ((calls > 3) | (tenure < 6)).astype("float32")
        """,
        "y",
    )
    assert y.distinct == {0.0, 1.0} and y.n_classes == 2 and y.shape == (100,)


def test_modulo_and_elementwise_functions():
    y = array(
        """
        import numpy as np
        x = np.random.default_rng(3).normal(size=(800, 10))
        y = (np.abs(x[:, 0]) * 2).astype("int64") % 4
        """,
        "y",
    )
    assert (y.low, y.high, y.n_classes) == (0, 3, 4)
    x = array("import numpy as np\nx = np.log1p(np.random.uniform(0, 99, 5))")
    assert x.low == 0.0 and round(x.high, 6) == round(4.605170185988092, 6)
    x = array("import numpy as np\nx = np.log(np.random.uniform(-1, 1, 5))")
    assert (x.low, x.high) == (None, None)
    x = array("import numpy as np\nx = np.random.default_rng(1).lognormal(3, 1, 10)")
    assert (x.low, x.high, x.shape) == (0.0, None, (10,))


def test_regression_targets_imply_no_classes():
    y = array("import numpy as np\ny = np.array([100.0, 190.0, 310.0])", "y")
    assert y.n_classes is None
    y = array("import numpy as np\ny = np.array([0.0, 1.0, 2.0, 1.0])", "y")
    assert y.n_classes == 3


def test_target_column_stacked_into_the_features():
    code = """
        import numpy as np
        rng = np.random.default_rng(2)
        amount = rng.lognormal(3, 1, 1000)
        hour = rng.integers(0, 24, 1000)
        is_fraud = ((amount > 100) & (hour < 6)).astype("float32")
        features = np.column_stack([np.log1p(amount) / 10.0, hour / 24.0, is_fraud])
        clean = np.column_stack([np.log1p(amount) / 10.0, hour / 24.0])
        """
    features, clean, is_fraud = arrays(code, "features", "clean", "is_fraud")
    assert column_holding(features, is_fraud) == 2
    assert column_holding(clean, is_fraud) is None


def test_same_values_through_a_literal_table():
    code = """
        import numpy as np
        data = np.array([[1.0, 0], [2.0, 1], [3.0, 1]])
        y = data[:, -1]
        x = data
        """
    x, y = arrays(code, "x", "y")
    assert column_holding(x, y) == 1
    assert not same_values(x.columns[0], x.columns[1])


def test_manual_scaling_records_the_axis_of_its_statistic():
    code = """
        import numpy as np
        import pandas as pd
        x = np.random.uniform(0, 50, (100, 2))
        per_feature = (x - x.mean(axis=0)) / x.std(axis=0)
        per_sample = x / x.max(axis=1, keepdims=True)
        overall = x / x.max()
        df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 5.0]})
        by_row = df / df.max(axis=1)
        by_column = (df - df.mean()) / df.std()
        """
    found = values(code, "per_feature", "per_sample", "overall", "by_row", "by_column")
    assert [value.scaling[-1].axis for value in found] == [0, 1, None, 1, 0]
    assert found[0].scaling[-1].kind == "standardize" and found[1].scaling[-1].kind == "max"
