"""The sources table: what each loader and pipeline step yields, in every import spelling.

A fit reads ``inputs`` and ``labels`` whatever their source; these tests look at those (and
at the ``Dataset`` values on the way) and check that what is not known stays unknown.
"""

from __future__ import annotations

import pytest
from test_data_facts import array, arrays, facts, value

from zerolint.checks.labeled import whole
from zerolint.facts.data import Array, Dataset, Frame, Record, as_array
from zerolint.facts.data_sources import SOURCES, canonical
from zerolint.facts.pipelines import fit_view
from zerolint.facts.values import UNKNOWN, Mapping, Seq


def trained(code: str):
    """(inputs, labels) of the script's last fit call, as Arrays (or None)."""
    fit = facts(code).fits[-1]
    return as_array(fit.inputs), as_array(fit.labels)


def dataset(code: str, name: str = "ds") -> Dataset:
    found = value(code, name)
    assert isinstance(found, Dataset), found
    return found


# -- the table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dotted", "name"),
    [
        ("tensorflow.keras.utils.image_dataset_from_directory", "image_dataset_from_directory"),
        ("keras.utils.image_dataset_from_directory", "image_dataset_from_directory"),
        ("keras.preprocessing.image_dataset_from_directory", "image_dataset_from_directory"),
        ("tf_keras.preprocessing.text_dataset_from_directory", "text_dataset_from_directory"),
        (
            "keras.src.utils.image_dataset_utils.image_dataset_from_directory",
            "image_dataset_from_directory",
        ),
        ("tensorflow.keras.preprocessing.image.ImageDataGenerator", "ImageDataGenerator"),
        ("keras.src.legacy.preprocessing.image.ImageDataGenerator", "ImageDataGenerator"),
        ("tensorflow.data.Dataset.from_tensor_slices", "from_tensor_slices"),
        ("tensorflow.compat.v2.data.Dataset.zip", "zip"),
        ("sklearn.datasets._samples_generator.make_blobs", "make_blobs"),
        ("keras.datasets.mnist.load_data", "load_data"),
    ],
)
def test_every_spelling_reaches_one_entry(dotted: str, name: str):
    entry = canonical(dotted)
    assert entry in SOURCES and entry.endswith(name)


def test_other_names_are_not_sources():
    for dotted in ("keras.utils.to_categorical", "numpy.load", "sklearn.datasets.fetch_openml"):
        assert canonical(dotted) not in SOURCES


# -- tf.data ------------------------------------------------------------------------------

ARRAYS = """
import numpy as np
import tensorflow as tf
x = np.random.rand(100, 4)
y = np.random.randint(0, 3, 100)
"""


def test_from_tensor_slices_keeps_the_samples_and_batch_makes_them_trainable():
    single = dataset(ARRAYS + "ds = tf.data.Dataset.from_tensor_slices((x, y))")
    assert single.batched is False and fit_view(single) == (UNKNOWN, UNKNOWN)
    x, y = trained(
        ARRAYS + "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).repeat()"
        ".batch(8).prefetch(2).cache()\nmodel.fit(ds)"
    )
    assert x.shape == (100, 4) and (x.low, x.high) == (0, 1)
    assert y.shape == (100,) and y.distinct == {0, 1, 2} and whole(y)


@pytest.mark.parametrize(
    "step", ["take(5)", "skip(2)", "filter(lambda a, b: b > 0)", "shard(2, 0)"]
)
def test_steps_that_drop_samples_keep_the_bounds_but_not_the_rows(step: str):
    _, y = trained(
        ARRAYS + f"ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).{step}\nmodel.fit(ds)"
    )
    assert y.distinct == {0, 1, 2} and y.shape == (None,) and not whole(y)


def test_from_tensors_is_one_batch_and_batching_it_again_is_unknown():
    x, y = trained(ARRAYS + "ds = tf.data.Dataset.from_tensors((x, y))\nmodel.fit(ds)")
    assert x.shape == (100, 4) and y.n_classes == 3
    assert trained(
        ARRAYS + "ds = tf.data.Dataset.from_tensors((x, y)).batch(2)\nmodel.fit(ds)"
    ) == (
        None,
        None,
    )
    twice = dataset(ARRAYS + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).batch(2)")
    assert twice.samples is UNKNOWN and twice.batched is None
    back = dataset(ARRAYS + "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).unbatch()")
    assert back.batched is False


def test_a_list_is_one_stacked_tensor_and_a_dict_is_a_structure():
    stacked = dataset(ARRAYS + "ds = tf.data.Dataset.from_tensor_slices([x, x])")
    assert stacked.samples is UNKNOWN
    named = dataset(ARRAYS + 'ds = tf.data.Dataset.from_tensor_slices(({"a": x}, y)).batch(2)')
    inputs, labels = fit_view(named)
    assert isinstance(inputs, Mapping) and isinstance(inputs.get("a"), Array)
    assert labels.n_classes == 3


def test_map_runs_a_lambda_or_a_def_on_one_element():
    code = ARRAYS + (
        "DEPTH = 3\n"
        "def encode(features, label):\n"
        "    features = tf.cast(features, tf.float32) * 2.0\n"
        "    return features, tf.one_hot(label, DEPTH)\n"
        "single = tf.data.Dataset.from_tensor_slices((x, y)).map(encode, num_parallel_calls=4)\n"
        "batched = tf.data.Dataset.from_tensor_slices((x, y)).batch(10)\n"
        "batched = batched.map(lambda a, b: [a / 2, tf.one_hot(b, depth=DEPTH)])\n"
    )
    for name in ("single", "batched"):
        found = dataset(code, name)
        if name == "single":
            found = Dataset(found.samples, True)  # as after .batch()
        x, y = fit_view(found)
        assert y.one_hot and y.n_classes == 3 and y.shape == (100, 3), name
        assert x.shape == (100, 4) and x.scaled is (name == "batched"), name


@pytest.mark.parametrize(
    "function",
    [
        "helper",  # imported: not readable
        "lambda a, b: tf.py_function(helper, [a, b], [tf.float32, tf.int64])",
        "lambda *parts: parts",
        "keras_layer",
    ],
)
def test_a_map_that_cannot_be_read_makes_the_elements_unknown(function: str):
    code = ARRAYS + (
        "from helpers import helper\nimport keras\nkeras_layer = keras.layers.Dense(2)\n"
        f"ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).map({function})\n"
        "model.fit(ds)"
    )
    assert trained(code) == (None, None)


def test_a_map_that_changes_the_inputs_only_keeps_the_labels():
    code = ARRAYS + (
        "import keras\nflip = keras.layers.RandomFlip()\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4).map(lambda a, b: (flip(a), b))\n"
        "model.fit(ds)"
    )
    x, y = trained(code)
    assert x is None and y.distinct == {0, 1, 2}


def test_zip_concatenate_and_padded_batch():
    code = ARRAYS + (
        "xs = tf.data.Dataset.from_tensor_slices(x)\n"
        "ys = tf.data.Dataset.from_tensor_slices(y)\n"
        "zipped = tf.data.Dataset.zip(xs, ys).batch(4)\n"
        "mixed = tf.data.Dataset.zip((xs.batch(4), ys))\n"
        "more = tf.data.Dataset.from_tensor_slices((x, y + 3))\n"
        "joined = tf.data.Dataset.from_tensor_slices((x, y)).concatenate(more).batch(4)\n"
        "padded = tf.data.Dataset.from_tensor_slices((x, y)).padded_batch(4)\n"
    )
    x, y = fit_view(dataset(code, "zipped"))
    assert x.shape == (100, 4) and y.n_classes == 3
    assert dataset(code, "mixed").batched is None
    _, y = fit_view(dataset(code, "joined"))
    assert y.shape == (200,) and y.distinct == set(range(6))
    x, y = fit_view(dataset(code, "padded"))
    assert x.shape == (100, None) and x.low == 0 and y.distinct == {0, 1, 2}


def test_labels_given_with_a_dataset_are_not_read():
    assert trained(
        ARRAYS + "ds = tf.data.Dataset.from_tensor_slices(x).batch(4)\nmodel.fit(ds, y)"
    ) == (None, None)


def test_datasets_never_change_in_place():
    code = ARRAYS + (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)\n"
        "print(ds.cardinality(), ds.element_spec)\nfor batch in ds.take(1):\n    pass\n"
    )
    assert dataset(code).batched is True


# -- Keras directory loaders ----------------------------------------------------------------


def test_image_dataset_defaults():
    ds = dataset('import keras\nds = keras.utils.image_dataset_from_directory("d")')
    images, labels = fit_view(ds)
    assert images.shape == (None, 256, 256, 3) and images.dtype == "float"
    assert (images.low, images.high) == (0, 255) and not images.scaled
    assert labels.shape == (None,) and labels.dtype == "int" and labels.low == 0
    assert labels.n_classes is None and not labels.one_hot  # the folders are not read
    assert 'label_mode="int", the default' in labels.origin


@pytest.mark.parametrize(
    ("arguments", "shape", "classes", "one_hot"),
    [
        ('label_mode="categorical"', (None, None), None, True),
        ('label_mode="categorical", class_names=["a", "b", "c"]', (None, 3), 3, True),
        ('label_mode="binary"', (None, 1), 2, False),
        ('label_mode="int", class_names=("a", "b", "c", "d")', (None,), 4, False),
    ],
)
def test_image_dataset_label_modes(arguments: str, shape, classes, one_hot):
    ds = dataset(
        "import tensorflow as tf\n"
        f'ds = tf.keras.utils.image_dataset_from_directory("d", {arguments})'
    )
    _, labels = fit_view(ds)
    assert labels.shape == shape and labels.n_classes == classes and labels.one_hot is one_hot


def test_image_dataset_options_and_what_stays_unknown():
    code = """
        import keras
        from keras.utils import image_dataset_from_directory as load
        MODE = "categorical" if keras.backend.backend() == "jax" else "int"
        gray = load("d", color_mode="grayscale", image_size=(28, 28), batch_size=None)
        first = load("d", data_format="channels_first", image_size=64)
        cubic = load("d", interpolation="bicubic")
        unlabeled = load("d", label_mode=None)
        no_labels = load("d", labels=None)
        unknown = load("d", label_mode=MODE)
        train, val = load("d", validation_split=0.2, subset="both", seed=1)
        """
    gray = dataset(code, "gray")
    assert gray.batched is False and gray.samples.items[0].shape == (None, 28, 28, 1)
    assert fit_view(dataset(code, "first"))[0].shape == (None, 3, 64, 64)
    cubic = fit_view(dataset(code, "cubic"))[0]
    assert cubic.low is None and cubic.high is None  # bicubic resizing overshoots 0..255
    for name in ("unlabeled", "no_labels"):
        inputs, labels = fit_view(dataset(code, name))
        assert isinstance(inputs, Array) and labels is UNKNOWN
    assert fit_view(dataset(code, "unknown"))[1] is UNKNOWN
    train, val = dataset(code, "train"), dataset(code, "val")
    assert train.samples.items[1].rows is not val.samples.items[1].rows


def test_text_and_audio_datasets():
    code = """
        import tensorflow as tf
        text = tf.keras.utils.text_dataset_from_directory("reviews", label_mode="binary")
        audio = tf.keras.utils.audio_dataset_from_directory("speech", label_mode="categorical")
        """
    texts, labels = fit_view(dataset(code, "text"))
    assert texts.shape == (None,) and texts.low is None and labels.shape == (None, 1)
    waves, labels = fit_view(dataset(code, "audio"))
    assert waves.shape == (None, None, None) and labels.one_hot


# -- ImageDataGenerator -------------------------------------------------------------------

GENERATOR = """
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator
images = np.random.randint(0, 256, (50, 16, 16, 3)).astype("uint8")
labels = np.random.randint(0, 4, 50)
"""


@pytest.mark.parametrize(
    ("arguments", "bounds", "scaled"),
    [
        ("", (0, 255), False),
        ("rotation_range=30, horizontal_flip=True", (0, 255), False),
        ("rescale=1.0 / 255", (0, 1), True),
        ("rescale=1 / 127.5", (0, 2), True),
        ("rescale=0", (0, 255), False),  # Keras skips a rescale of 0
        ("samplewise_center=True", (None, None), True),
        (
            "preprocessing_function=tf.keras.applications.vgg16.preprocess_input",
            (None, None),
            True,
        ),
    ],
)
def test_generator_pixels(arguments: str, bounds, scaled: bool):
    code = GENERATOR + f"ds = ImageDataGenerator({arguments}).flow(images, labels)"
    x, y = fit_view(dataset(code))
    assert (x.low, x.high) == pytest.approx(bounds) if bounds[0] is not None else x.low is None
    assert x.scaled is scaled and x.dtype == "float" and x.shape == (50, 16, 16, 3)
    assert y.distinct == {0, 1, 2, 3}


@pytest.mark.parametrize(
    "arguments",
    [
        "featurewise_center=True",
        "zca_whitening=True",
        "preprocessing_function=my_function",
        "rescale=SCALE",
    ],
)
def test_generator_options_that_are_not_followed(arguments: str):
    code = GENERATOR + (
        "from helpers import my_function, SCALE, options\n"
        f"ds = ImageDataGenerator({arguments}).flow(images, labels)"
    )
    x, y = fit_view(dataset(code))
    assert x is UNKNOWN and y.distinct == {0, 1, 2, 3}
    unknown = GENERATOR + "ds = ImageDataGenerator(**options).flow(images, labels)"
    assert value(unknown, "ds") is UNKNOWN


def test_generator_flow_structures():
    code = GENERATOR + (
        "gen = ImageDataGenerator(rescale=1 / 255)\n"
        "alone = gen.flow(images)\n"
        "weighted = gen.flow(images, labels, sample_weight=np.ones(50))\n"
    )
    assert isinstance(dataset(code, "alone").samples, Array)
    inputs, labels = fit_view(dataset(code, "weighted"))
    assert inputs.high == pytest.approx(1) and labels.n_classes == 4


@pytest.mark.parametrize(
    ("mode", "shape", "classes", "dtype"),
    [
        ("None", None, None, None),
        ('"categorical"', (None, None), None, "float"),
        ('"binary"', (None,), 2, "float"),
        ('"sparse"', (None,), None, "int"),  # class indices held in float32
    ],
)
def test_flow_from_directory_class_modes(mode: str, shape, classes, dtype):
    code = GENERATOR + (
        f'ds = ImageDataGenerator(rescale=1./255).flow_from_directory("d", class_mode={mode})'
    )
    x, y = fit_view(dataset(code))
    assert x.shape == (None, 256, 256, 3) and (x.low, x.high) == pytest.approx((0, 1))
    if shape is None:
        assert y is UNKNOWN
    else:
        assert (y.shape, y.n_classes, y.dtype) == (shape, classes, dtype)
    assert (
        'class_mode="categorical", the default'
        in fit_view(dataset(GENERATOR + 'ds = ImageDataGenerator().flow_from_directory("d")'))[
            1
        ].origin
    )


def test_flow_input_mode_is_an_autoencoder_and_classes_count_the_listed_folders():
    code = GENERATOR + (
        "gen = ImageDataGenerator()\n"
        'auto = gen.flow_from_directory("d", target_size=(8, 8), color_mode="grayscale", '
        'class_mode="input")\n'
        'listed = gen.flow_from_directory("d", classes=["a", "b", "c"])\n'
    )
    x, y = fit_view(dataset(code, "auto"))
    assert x is y and x.shape == (None, 8, 8, 1)
    assert fit_view(dataset(code, "listed"))[1].shape == (None, 3)


def test_flow_from_dataframe_labels():
    code = GENERATOR + (
        "import pandas as pd\n"
        'frame = pd.DataFrame({"file": ["a.png", "b.png"], "score": [0.5, 2.0]})\n'
        "gen = ImageDataGenerator(rescale=1 / 255)\n"
        'raw = gen.flow_from_dataframe(frame, x_col="file", y_col="score", class_mode="raw")\n'
        'categorical = gen.flow_from_dataframe(frame, x_col="file", y_col="score")\n'
        'binary = gen.flow_from_dataframe(frame, "images", "file", "score", class_mode="binary")\n'
    )
    raw = fit_view(dataset(code, "raw"))[1]
    assert (raw.low, raw.high) == (0.5, 2.0) and raw.shape == (None,)
    assert fit_view(dataset(code, "categorical"))[1] is UNKNOWN  # lists of tags: multi-label
    assert fit_view(dataset(code, "binary"))[1].n_classes == 2


def test_generator_spellings():
    for spelling in (
        "import tensorflow as tf\nG = tf.keras.preprocessing.image.ImageDataGenerator",
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator as G",
        "import tf_keras\nG = tf_keras.preprocessing.image.ImageDataGenerator",
        "from keras.src.legacy.preprocessing.image import ImageDataGenerator as G",
    ):
        code = spelling + '\nds = G(rescale=1/255).flow_from_directory("d", class_mode="binary")'
        assert fit_view(dataset(code))[1].n_classes == 2, spelling


# -- scikit-learn ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "from sklearn.datasets import load_iris\nbunch = load_iris()",
        "import sklearn.datasets as skd\nbunch = skd.load_iris()",
        "from sklearn import datasets\nbunch = datasets.load_iris()",
        "import sklearn\nbunch = sklearn.datasets.load_iris()",
    ],
)
def test_bunch_fields_by_attribute_and_by_key(spelling: str):
    code = spelling + '\nx = bunch.data\ny = bunch["target"]\nnone = bunch.frame'
    x, y = arrays(code, "x", "y")
    assert x.shape == (150, 4) and y.n_classes == 3 and x.rows is y.rows
    assert isinstance(value(code, "bunch"), Record) and value(code, "none").value is None
    assert value(code + "\nother = bunch.DESCR", "other") is UNKNOWN


def test_return_x_y_as_frame_gives_a_frame_and_a_series():
    code = (
        "from sklearn.datasets import load_wine\nX, y = load_wine(return_X_y=True, as_frame=True)"
    )
    frame, series = value(code, "X"), array(code, "y")
    assert isinstance(frame, Frame) and frame.columns[-1] == "proline"
    assert series.name == "target" and series.n_classes == 3


def test_linnerud_has_three_targets_and_digits_images():
    code = (
        "from sklearn.datasets import load_linnerud, load_digits\n"
        "x, y = load_linnerud(return_X_y=True)\nimages = load_digits().images\n"
        "targets = load_linnerud(as_frame=True).target"
    )
    assert array(code, "y").shape == (20, 3) and array(code, "y").n_classes is None
    assert array(code, "images").shape == (1797, 8, 8)
    assert value(code, "targets").columns == ("Weight", "Waist", "Pulse")


def test_generator_arguments():
    code = """
        from sklearn.datasets import make_blobs, make_regression, make_multilabel_classification
        X, y = make_blobs(200, 5, centers=6)
        X2, y2, centers = make_blobs(n_samples=[5, 5], return_centers=True)
        Xr, yr, coef = make_regression(20, 3, coef=True)
        Xm, Ym = make_multilabel_classification(return_indicator="sparse")
        """
    assert array(code, "X").shape == (200, 5) and array(code, "y").n_classes == 6
    assert array(code, "y2").n_classes == 2 and array(code, "X2").shape == (10, 2)
    assert array(code, "yr").shape == (20,) and array(code, "yr").n_classes is None
    assert value(code, "Ym") is UNKNOWN


def test_encoders_on_known_targets():
    code = """
        from sklearn.datasets import load_breast_cancer, load_iris
        from sklearn.preprocessing import LabelBinarizer, LabelEncoder, OneHotEncoder
        iris = load_iris()
        encoded = LabelEncoder().fit_transform(iris.target)
        one_hot = OneHotEncoder().fit_transform(iris.target.reshape(-1, 1))
        binary = LabelBinarizer().fit_transform(load_breast_cancer().target)
        """
    assert array(code, "encoded").n_classes == 3
    assert array(code, "one_hot").one_hot and array(code, "one_hot").n_classes == 3
    binary = array(code, "binary")
    assert binary.shape == (569, 1) and binary.distinct == {0, 1}


# -- lambdas ------------------------------------------------------------------------------


def test_a_lambda_called_directly_is_followed_and_recursion_stops():
    code = """
        import numpy as np
        scale = lambda a: a / 255.0
        x = scale(np.random.randint(0, 256, (4, 4)))
        again = lambda n: again(n)
        z = again(1)
        """
    x = array(code, "x")
    assert x.scaled and (x.low, x.high) == (0, 1)
    assert value(code, "z") is UNKNOWN


def test_seq_of_two_datasets_from_subset_both():
    code = (
        "import keras\n"
        'parts = keras.utils.image_dataset_from_directory("d", subset="both", validation_split=0.5)'
    )
    parts = value(code, "parts")
    assert isinstance(parts, Seq) and all(isinstance(p, Dataset) for p in parts.items)
