"""The sources table against the installed libraries: what each loader really yields.

The facts layer never imports these libraries; these tests do, to check that every entry's
shapes, dtypes, ranges, label encodings and defaults are the ones of the scikit-learn,
Keras and TensorFlow installed. TensorFlow runs in a child process, on a folder of tiny
images made here (no download).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from test_data_facts import array, arrays, value

from zerolint.facts.data import Dataset, Frame
from zerolint.facts.data_sources import SOURCES
from zerolint.facts.pipelines import fit_view

np = pytest.importorskip("numpy")
sklearn_datasets = pytest.importorskip("sklearn.datasets")

BUNDLED = sorted(name.rsplit(".", 1)[1] for name in SOURCES if ".datasets.load_" in name)


def test_every_scikit_learn_entry_is_a_scikit_learn_function():
    for name in SOURCES:
        if name.startswith("sklearn."):
            assert callable(getattr(sklearn_datasets, name.rsplit(".", 1)[1]))


@pytest.mark.parametrize("loader", BUNDLED)
def test_bundled_features_and_targets_are_those_shipped(loader: str):
    real = getattr(sklearn_datasets, loader)()
    x, y = arrays(
        f"from sklearn.datasets import {loader}\nx, y = {loader}(return_X_y=True)", "x", "y"
    )
    assert x.shape == real.data.shape and x.dtype == "float"
    assert x.low <= real.data.min() and x.high >= real.data.max()
    assert x.low == pytest.approx(real.data.min(), abs=1e-3)
    assert x.high == pytest.approx(real.data.max(), abs=1e-3)
    columns = x.columns or ()
    assert len(columns) in (0, real.data.shape[1])  # per column, or one range for all
    for column, low, high in zip(columns, real.data.min(0), real.data.max(0), strict=False):
        assert column.low <= low and column.high >= high  # bounds that hold
        assert (column.low, column.high) == pytest.approx((low, high), abs=1e-4)
    assert y.shape == real.target.shape
    if real.target.dtype.kind in "iu":
        classes = sorted(int(v) for v in np.unique(real.target))
        assert y.dtype == "int" and y.distinct == set(classes) and y.n_classes == len(classes)
    else:
        assert y.dtype == "float" and y.n_classes is None
        assert y.low <= real.target.min() and y.high >= real.target.max()


@pytest.mark.parametrize("loader", BUNDLED)
def test_bunch_fields_and_frames_match(loader: str):
    real = getattr(sklearn_datasets, loader)(as_frame=True)
    code = f"""
        import sklearn.datasets as skd
        bunch = skd.{loader}(as_frame=True)
        frame, features, target = bunch.frame, bunch["data"], bunch.target
        names = bunch.feature_names
        """
    frame, features, target = (value(code, name) for name in ("frame", "features", "target"))
    assert isinstance(frame, Frame) and frame.columns == tuple(real.frame.columns)
    assert isinstance(features, Frame) and features.columns == tuple(real.data.columns)
    assert frame.n_rows == len(real.frame)
    assert [item.value for item in value(code, "names").items] == list(real.feature_names)
    if isinstance(target, Frame):
        assert target.columns == tuple(real.target.columns)
    else:
        assert target.name == real.target.name


def test_diabetes_unscaled_and_digits_subsets_match():
    raw = sklearn_datasets.load_diabetes(scaled=False)
    x = array("from sklearn.datasets import load_diabetes\nx = load_diabetes(scaled=False).data")
    for column, low, high in zip(x.columns, raw.data.min(0), raw.data.max(0), strict=True):
        assert (column.low, column.high) == pytest.approx((low, high))
    for k in (2, 5, 10):
        real_x, real_y = sklearn_datasets.load_digits(n_class=k, return_X_y=True)
        x, y = arrays(
            f"from sklearn import datasets\nx, y = datasets.load_digits(n_class={k}, "
            "return_X_y=True)",
            "x",
            "y",
        )
        assert x.shape == real_x.shape and y.distinct == set(np.unique(real_y).tolist())
        assert (x.low, x.high) == (real_x.min(), real_x.max()) == (0, 16)
    images = array("from sklearn.datasets import load_digits\nx = load_digits().images")
    assert images.shape == sklearn_datasets.load_digits().images.shape


GENERATED = [
    ("make_classification", "n_samples=60, n_features=7, n_informative=4, n_classes=4"),
    ("make_classification", ""),
    ("make_blobs", "n_samples=50, n_features=3"),
    ("make_blobs", "centers=5"),
    ("make_blobs", "n_samples=[10, 20, 30]"),
    ("make_blobs", "centers=[[0, 0], [5, 5]]"),
    ("make_moons", "n_samples=80"),
    ("make_moons", "n_samples=(30, 20), noise=0.1"),
    ("make_circles", ""),
    ("make_gaussian_quantiles", "n_classes=4, n_samples=40"),
    ("make_hastie_10_2", "n_samples=100"),
    ("make_regression", "n_samples=30, n_features=4"),
    ("make_regression", "n_samples=30, n_features=4, n_targets=3"),
    ("make_multilabel_classification", "n_samples=40, n_classes=6"),
]


@pytest.mark.parametrize(("generator", "arguments"), GENERATED)
def test_generators_match_their_outputs(generator: str, arguments: str):
    real_x, real_y = eval(f"sklearn_datasets.{generator}({arguments})")  # noqa: S307
    x, y = arrays(
        f"import sklearn.datasets\nx, y = sklearn.datasets.{generator}({arguments})", "x", "y"
    )
    assert x.shape == real_x.shape and y.shape == real_y.shape
    for known, real in ((x, real_x), (y, real_y)):
        if known.low is not None:
            assert known.low <= real.min()
        if known.high is not None:
            assert known.high >= real.max()
        if known.distinct is not None:
            assert set(np.unique(real).tolist()) <= known.distinct
    assert (y.dtype == "int") == (real_y.dtype.kind in "iu")
    if y.n_classes is not None:
        assert y.n_classes == len(np.unique(real_y))
    if generator == "make_multilabel_classification":
        assert y.one_hot is False and (real_y.sum(axis=1) != 1).any()


# -- Keras and TensorFlow, in a child process ----------------------------------------------

_KERAS_PROBE = textwrap.dedent(
    """
    import inspect, json, os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import numpy as np
    import tensorflow as tf
    import keras
    from PIL import Image

    root = sys.argv[1]
    for label in ("cats", "dogs", "fish"):
        os.makedirs(os.path.join(root, label))
        for i in range(2):
            pixels = np.full((9, 7, 3), 255 if label == "dogs" else 0, "uint8")
            Image.fromarray(pixels).save(os.path.join(root, label, f"{i}.png"))
    two = os.path.join(root, "two")
    os.makedirs(os.path.join(two, "a")); os.makedirs(os.path.join(two, "b"))
    for label in ("a", "b"):
        Image.fromarray(np.full((9, 7, 3), 200, "uint8")).save(os.path.join(two, label, "0.png"))

    def spec(ds):
        def one(s):
            return [[d if d is not None else None for d in s.shape], s.dtype.name]
        element = ds.element_spec
        if isinstance(element, tuple):
            return [one(s) for s in element]
        return [one(element)]

    def values(ds):
        x = np.concatenate([np.asarray(b[0] if isinstance(b, tuple) else b) for b in ds])
        return [float(x.min()), float(x.max())]

    out = {"defaults": {}}
    for name in ("image_dataset_from_directory", "text_dataset_from_directory",
                 "audio_dataset_from_directory"):
        params = inspect.signature(getattr(keras.utils, name)).parameters
        out["defaults"][name] = {k: repr(v.default) for k, v in params.items()}
    loader = keras.utils.image_dataset_from_directory
    for mode in ("int", "categorical", None):
        ds = loader(root, label_mode=mode, image_size=(12, 10), verbose=False)
        out[f"image {mode}"] = spec(ds)
    out["image binary"] = spec(loader(two, label_mode="binary", verbose=False))
    out["image grayscale unbatched"] = spec(
        loader(root, color_mode="grayscale", batch_size=None, verbose=False))
    out["image values"] = values(loader(root, image_size=(12, 10), verbose=False))
    generator = tf.keras.preprocessing.image.ImageDataGenerator
    params = inspect.signature(generator.flow_from_directory).parameters
    out["defaults"]["flow_from_directory"] = {k: repr(v.default) for k, v in params.items()}
    flows = {}
    for mode in ("categorical", "binary", "sparse", "input", None):
        source = two if mode == "binary" else root
        it = generator().flow_from_directory(source, target_size=(12, 10), class_mode=mode,
                                             batch_size=6)
        batch = it[0]
        parts = batch if isinstance(batch, tuple) else (batch,)
        flows[str(mode)] = [[list(p.shape), p.dtype.name] for p in parts]
    out["flows"] = flows
    it = generator().flow_from_directory(root, target_size=(12, 10), batch_size=6)
    out["flow values"] = [float(it[0][0].min()), float(it[0][0].max())]
    it = generator(rescale=1 / 255).flow_from_directory(root, target_size=(12, 10), batch_size=6)
    out["rescaled values"] = [float(it[0][0].min()), float(it[0][0].max())]
    x = np.random.randint(0, 256, (8, 5, 5, 3)).astype("uint8")
    batch = generator().flow(x, np.arange(8), batch_size=4)[0]
    out["flow arrays"] = [[list(p.shape), p.dtype.name] for p in batch]
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((10, 3), "float32"), np.arange(10)))
    out["slices"] = spec(ds)
    out["batched"] = spec(ds.batch(4))
    out["mapped"] = spec(ds.batch(4).map(lambda a, b: (a / 255.0, tf.one_hot(b, 10))))
    out["from tensors"] = spec(tf.data.Dataset.from_tensors((np.zeros((10, 3)), np.arange(10))))
    out["list stacked"] = spec(tf.data.Dataset.from_tensor_slices([np.zeros((4, 3))] * 2))
    print(json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def keras_facts(tmp_path_factory) -> dict:
    pytest.importorskip("tensorflow")
    pytest.importorskip("PIL")
    folder = tmp_path_factory.mktemp("images")
    proc = subprocess.run(
        [sys.executable, "-c", _KERAS_PROBE, str(folder / "data")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _dataset(code: str) -> Dataset:
    found = value(code, "ds")
    assert isinstance(found, Dataset), found
    return found


def _spec(found: Dataset) -> list:
    """The known facts of a dataset's element as ``[shape, dtype kind]`` per part."""
    parts = found.samples.items if hasattr(found.samples, "items") else (found.samples,)
    return [[list(part.shape), part.dtype] for part in parts]


_KINDS = {"float32": "float", "int32": "int", "int64": "int", "string": None, "float64": "float"}


def _kinds(real: list) -> list:
    return [[shape, _KINDS[dtype]] for shape, dtype in real]


def test_directory_loader_defaults_are_keras_s(keras_facts):
    defaults = keras_facts["defaults"]
    image = defaults["image_dataset_from_directory"]
    assert image["label_mode"] == "'int'" and image["batch_size"] == "32"
    assert image["image_size"] == "(256, 256)" and image["color_mode"] == "'rgb'"
    assert image["interpolation"] == "'bilinear'" and image["labels"] == "'inferred'"
    for name in ("text_dataset_from_directory", "audio_dataset_from_directory"):
        assert defaults[name]["label_mode"] == "'int'" and defaults[name]["batch_size"] == "32"
    flow = defaults["flow_from_directory"]
    assert flow["class_mode"] == "'categorical'" and flow["target_size"] == "(256, 256)"
    assert flow["color_mode"] == "'rgb'" and flow["batch_size"] == "32"
    from zerolint.facts import loaders

    for name, params in (
        ("image_dataset_from_directory", loaders.IMAGE_DIRECTORY),
        ("text_dataset_from_directory", loaders.TEXT_DIRECTORY),
        ("audio_dataset_from_directory", loaders.AUDIO_DIRECTORY),
    ):
        assert tuple(defaults[name]) == params


@pytest.mark.parametrize("mode", ["int", "categorical", None])
def test_image_dataset_elements_match(keras_facts, mode):
    argument = f'"{mode}"' if mode else "None"
    found = _dataset(
        "import keras\nds = keras.utils.image_dataset_from_directory("
        f'"data", label_mode={argument}, image_size=(12, 10))'
    )
    real = _kinds(keras_facts[f"image {mode}"])
    known = _spec(found)
    assert len(known) == len(real)
    assert known[0] == [[None, 12, 10, 3], "float"] and real[0] == [[None, 12, 10, 3], "float"]
    if mode:  # the number of classes comes from the folders: unknown
        assert known[1][1] == real[1][1] and known[1][0][0] is None
        assert len(known[1][0]) == len(real[1][0])


def test_image_dataset_binary_grayscale_and_values_match(keras_facts):
    binary = _spec(
        _dataset(
            "from keras.utils import image_dataset_from_directory as load\n"
            'ds = load("data", label_mode="binary")'
        )
    )
    assert binary[1] == _kinds(keras_facts["image binary"])[1] == [[None, 1], "float"]
    gray = _dataset(
        "import tensorflow as tf\nds = tf.keras.utils.image_dataset_from_directory("
        '"data", color_mode="grayscale", batch_size=None)'
    )
    assert gray.batched is False
    real = keras_facts["image grayscale unbatched"][0][0]  # one sample: (256, 256, 1)
    assert [None, *real] == list(gray.samples.items[0].shape)
    low, high = keras_facts["image values"]
    images = gray.samples.items[0]
    assert images.low <= low and high <= images.high == 255


def test_image_data_generator_flows_match(keras_facts):
    flows = keras_facts["flows"]
    code = (
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        'ds = ImageDataGenerator().flow_from_directory("data", target_size=(12, 10), '
        "class_mode={mode})"
    )
    for mode, real in flows.items():
        argument = f'"{mode}"' if mode != "None" else "None"
        known = _spec(_dataset(code.format(mode=argument)))
        real_kinds = _kinds(real)
        assert len(known) == len(real_kinds), mode
        assert known[0] == [[None, 12, 10, 3], "float"]
        if len(known) > 1:
            assert len(known[1][0]) == len(real_kinds[1][0]), mode
            # sparse labels are float32 holding class indices: the facts keep "int" values
            expected = "int" if mode == "sparse" else real_kinds[1][1]
            assert known[1][1] == expected, mode
    low, high = keras_facts["flow values"]
    plain = _dataset(code.format(mode='"binary"')).samples.items[0]
    assert plain.low <= low and high <= plain.high == 255 and not plain.scaled
    rescaled = _dataset(
        code.replace("ImageDataGenerator()", "ImageDataGenerator(rescale=1/255)").format(
            mode="None"
        )
    ).samples
    real = _kinds(keras_facts["flow arrays"])  # x made float32, y as given
    flowed = _dataset(
        "import numpy as np\nimport tensorflow as tf\n"
        'x = np.random.randint(0, 256, (8, 5, 5, 3)).astype("uint8")\n'
        "ds = tf.keras.preprocessing.image.ImageDataGenerator().flow(x, np.arange(8))"
    )
    assert [kind for _, kind in _spec(flowed)] == [kind for _, kind in real] == ["float", "int"]
    low, high = keras_facts["rescaled values"]
    assert rescaled.low <= low and high <= rescaled.high == pytest.approx(1.0)
    assert rescaled.scaled


def test_tf_data_structures_match(keras_facts):
    base = (
        "import numpy as np\nimport tensorflow as tf\n"
        'x = np.zeros((10, 3), "float32")\ny = np.arange(10)\n'
        "slices = tf.data.Dataset.from_tensor_slices((x, y))\n"
    )
    batched = _dataset(base + "ds = slices.batch(4)")
    assert _spec(batched) == [[[10, 3], "float"], [[10], "int"]]  # all samples, as fit reads
    assert [shape[1:] for shape, _ in keras_facts["batched"]] == [[3], []]
    mapped = _dataset(
        base + "ds = slices.batch(4).map(lambda a, b: (a / 255.0, tf.one_hot(b, 10)))"
    )
    inputs, labels = fit_view(mapped)
    assert keras_facts["mapped"][1][0][1:] == [10] and labels.shape == (10, 10)
    assert labels.one_hot and inputs.scaled
    whole = _dataset(base + "ds = tf.data.Dataset.from_tensors((x, y))")
    real = keras_facts["from tensors"]  # one element: every sample, as one batch
    assert whole.batched and _spec(whole) == [[shape, _KINDS[kind]] for shape, kind in real]
    listed = _dataset(
        "import numpy as np\nimport tensorflow as tf\n"
        "ds = tf.data.Dataset.from_tensor_slices([np.zeros((4, 3)), np.zeros((4, 3))])"
    )
    assert keras_facts["list stacked"] == [[[4, 3], "float64"]]  # one tensor, not a pair
    assert not hasattr(listed.samples, "items")
