"""What the Keras API names mean, whichever import spelling a script uses.

``tf.keras.layers.Dense``, ``keras.layers.Dense``, ``tf_keras.layers.Dense`` and
``keras.src.layers.core.dense.Dense`` are one thing; these tables turn any of them into the
one name rules reason about.
"""

from __future__ import annotations

from functools import cache

# Longest first: the first matching root is stripped.
_KERAS_ROOTS = (
    "tensorflow.python.keras.",
    "tensorflow.compat.v2.keras.",
    "tensorflow.compat.v1.keras.",
    "tensorflow.keras.",
    "keras.api._v2.keras.",
    "keras.api.",
    "keras.src.",
    "tf_keras.",
    "keras.",
)
_TF_ROOTS = ("tensorflow.compat.v2.", "tensorflow.compat.v1.", "tensorflow.")

# Model methods the facts layer records, on any receiver that may be a model.
FIT_METHODS = frozenset({"fit", "train_on_batch", "evaluate", "fit_generator"})
MODEL_METHODS = frozenset({"compile", *FIT_METHODS})
# The attributes holding a model's or layer's trainable weights (what an optimizer step
# over a model's weights is given).
WEIGHT_ATTRIBUTES = frozenset({"trainable_variables", "trainable_weights"})
# Keras base classes whose subclasses Keras calls with (y_true, y_pred), by keras_name.
LOSS_BASES = {
    "losses.Loss": "loss",
    "losses.loss.Loss": "loss",
    "metrics.Metric": "metric",
    "metrics.metric.Metric": "metric",
}

SEQUENTIAL = "Sequential"
MODEL = "Model"
INPUT = "Input"

_MODEL_NAMES = {
    "Sequential": SEQUENTIAL,
    "models.Sequential": SEQUENTIAL,
    "models.sequential.Sequential": SEQUENTIAL,
    "Model": MODEL,
    "models.Model": MODEL,
    "models.model.Model": MODEL,
    "models.functional.Functional": MODEL,
    "Input": INPUT,
    "layers.Input": INPUT,
    "layers.core.input_layer.Input": INPUT,
}

# Activation functions by every spelling, keyed by the name after the Keras/TF root.
_ACTIVATION_FUNCTIONS = {
    "activations.softmax": "softmax",
    "activations.sigmoid": "sigmoid",
    "activations.linear": "linear",
    "activations.relu": "relu",
    "activations.tanh": "tanh",
    "activations.log_softmax": "log_softmax",
    "ops.softmax": "softmax",
    "ops.sigmoid": "sigmoid",
    "ops.log_softmax": "log_softmax",
    "backend.softmax": "softmax",
    "backend.sigmoid": "sigmoid",
}
_TF_ACTIVATION_FUNCTIONS = {
    "nn.softmax": "softmax",
    "math.softmax": "softmax",
    "nn.sigmoid": "sigmoid",
    "math.sigmoid": "sigmoid",
    "sigmoid": "sigmoid",
    "nn.relu": "relu",
    "nn.tanh": "tanh",
    "math.tanh": "tanh",
    "tanh": "tanh",
    "nn.log_softmax": "log_softmax",
    "math.log_softmax": "log_softmax",
}

# Loss names: every string alias, function and class maps to the function's name.
_LOSS_ALIASES = {
    "categorical_crossentropy": "categorical_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "binary_crossentropy": "binary_crossentropy",
    "BinaryCrossentropy": "binary_crossentropy",
    "binary_focal_crossentropy": "binary_focal_crossentropy",
    "BinaryFocalCrossentropy": "binary_focal_crossentropy",
    "categorical_focal_crossentropy": "categorical_focal_crossentropy",
    "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mean_squared_error": "mean_squared_error",
    "MeanSquaredError": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mean_absolute_error": "mean_absolute_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "mean_absolute_percentage_error": "mean_absolute_percentage_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "mean_squared_logarithmic_error": "mean_squared_logarithmic_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "huber": "huber",
    "huber_loss": "huber",
    "Huber": "huber",
    "logcosh": "log_cosh",
    "log_cosh": "log_cosh",
    "LogCosh": "log_cosh",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "kl_divergence": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "KLDivergence": "kl_divergence",
    "hinge": "hinge",
    "Hinge": "hinge",
    "squared_hinge": "squared_hinge",
    "SquaredHinge": "squared_hinge",
    "categorical_hinge": "categorical_hinge",
    "CategoricalHinge": "categorical_hinge",
    "poisson": "poisson",
    "Poisson": "poisson",
    "cosine_similarity": "cosine_similarity",
    "CosineSimilarity": "cosine_similarity",
}
LOSS_CLASSES = frozenset(name for name in _LOSS_ALIASES if name[0].isupper() and name.isalnum())

CROSS_ENTROPIES = frozenset(
    {
        "binary_crossentropy",
        "binary_focal_crossentropy",
        "categorical_crossentropy",
        "categorical_focal_crossentropy",
        "sparse_categorical_crossentropy",
    }
)
BINARY_LOSSES = frozenset({"binary_crossentropy", "binary_focal_crossentropy"})
# The class of each canonical loss (for messages and fixes that spell the class).
LOSS_CLASS_OF = {
    _LOSS_ALIASES[name]: name
    for name in sorted(_LOSS_ALIASES)
    if name[0].isupper() and name.isalnum()
}
# Positional parameters of the loss classes, to read from_logits given by position.
LOSS_SIGNATURES = {
    "categorical_crossentropy": ("from_logits", "label_smoothing", "axis"),
    "sparse_categorical_crossentropy": ("from_logits", "ignore_class"),
    "binary_crossentropy": ("from_logits", "label_smoothing", "axis"),
    "binary_focal_crossentropy": ("apply_class_balancing", "alpha", "gamma", "from_logits"),
    "categorical_focal_crossentropy": ("alpha", "gamma", "from_logits"),
}

CATEGORICAL_LOSSES = frozenset(
    {
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "categorical_focal_crossentropy",
    }
)

# Layers that pass their input's last dimension through unchanged and apply no activation.
PASS_THROUGH_LAYERS = frozenset(
    {
        "Dropout",
        "AlphaDropout",
        "GaussianDropout",
        "GaussianNoise",
        "ActivityRegularization",
        "Identity",
    }
)

# Positional parameters of the layer constructors whose arguments rules read.
LAYER_SIGNATURES: dict[str, tuple[str, ...]] = {
    "Dense": ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer"),
    "Activation": ("activation",),
    "Softmax": ("axis",),
    "Dropout": ("rate", "noise_shape", "seed"),
    "Lambda": ("function", "output_shape"),
    "InputLayer": ("shape", "batch_size"),
    "Conv1D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate"),
    "Conv2D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate"),
    "Conv3D": ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate"),
    **{
        name: ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate")
        for name in ("SeparableConv1D", "SeparableConv2D")
    },
    **{
        name: ("kernel_size", "strides", "padding", "depth_multiplier", "data_format")
        for name in ("DepthwiseConv1D", "DepthwiseConv2D")
    },
    # Keras 2 and 3 order the transposes' later parameters differently: only these agree.
    **{f"Conv{n}DTranspose": ("filters", "kernel_size", "strides", "padding") for n in (1, 2, 3)},
    **{
        f"{kind}{n}D": ("pool_size", "strides", "padding", "data_format")
        for kind in ("MaxPooling", "MaxPool", "AveragePooling", "AvgPool")
        for n in (1, 2, 3)
    },
    **{
        f"{kind}{n}D": ("data_format", "keepdims")
        for kind in ("GlobalMaxPooling", "GlobalMaxPool", "GlobalAveragePooling", "GlobalAvgPool")
        for n in (1, 2, 3)
    },
    "Flatten": ("data_format",),
    "Reshape": ("target_shape",),
    "Permute": ("dims",),
    "RepeatVector": ("n",),
    "Embedding": ("input_dim", "output_dim"),
    "LSTM": ("units",),
    "GRU": ("units",),
    "SimpleRNN": ("units",),
    "CuDNNLSTM": ("units",),
    "CuDNNGRU": ("units",),
    "Bidirectional": ("layer", "merge_mode"),
    "TimeDistributed": ("layer",),
    "Concatenate": ("axis",),
    "UpSampling1D": ("size",),
    "UpSampling2D": ("size", "data_format"),
    "UpSampling3D": ("size", "data_format"),
    "ZeroPadding1D": ("padding",),
    "ZeroPadding2D": ("padding", "data_format"),
    "ZeroPadding3D": ("padding", "data_format"),
    "Cropping1D": ("cropping",),
    "Cropping2D": ("cropping", "data_format"),
    "Cropping3D": ("cropping", "data_format"),
    "Resizing": ("height", "width"),
    "CenterCrop": ("height", "width"),
    "RandomCrop": ("height", "width"),
}
# Layers whose output's last dimension is set by one argument (channels-last for convolutions).
UNIT_ARGUMENT = {"Dense": "units", "Conv1D": "filters", "Conv2D": "filters", "Conv3D": "filters"}


def keras_name(dotted: str) -> str | None:
    """The Keras API name after its package root (``layers.Dense``), or None if not Keras."""
    for root in _KERAS_ROOTS:
        if dotted.startswith(root):
            return dotted[len(root) :]
        if dotted == root[:-1]:
            return ""
    return None


def _leads_to(name: str, known: str) -> bool:
    """Whether ``known`` is ``name`` or a name read from it (``layers`` -> ``layers.Dense``)."""
    return known == name or known.startswith(f"{name}.")


# Keras modules in which any name may be one the functions below know.
_OPEN_MODULES = frozenset({"layers", "losses", "metrics", "optimizers", "initializers"})


@cache
def reachable(dotted: str) -> bool:
    """Whether ``dotted``, or a name read from it (``dotted.x.y``), can be a Keras model,
    input, layer, loss, metric, optimizer, schedule, initializer, activation function or loss
    base class. The screen (``zerolint.engine.screen``) ignores a reference that cannot: keep this
    in step with the tables and functions of this module."""
    if any(_leads_to(dotted, root[:-1]) for root in _KERAS_ROOTS):
        return True  # a root, or above one (``tensorflow`` -> ``tensorflow.keras``)
    name = keras_name(dotted)
    if name is not None:
        return name.split(".", 1)[0] in _OPEN_MODULES or any(
            _leads_to(name, known) for known in (*_MODEL_NAMES, *_ACTIVATION_FUNCTIONS, *LOSS_BASES)
        )
    return any(
        dotted.startswith(root) and _leads_to(dotted[len(root) :], known)
        for root in _TF_ROOTS
        for known in _TF_ACTIVATION_FUNCTIONS
    )


def model_constructor(dotted: str) -> str | None:
    """SEQUENTIAL, MODEL or INPUT for the names that build models and inputs."""
    name = keras_name(dotted)
    return _MODEL_NAMES.get(name) if name is not None else None


def layer_class(dotted: str) -> str | None:
    """The layer class name (``Dense``) for any spelling of a Keras layer class."""
    name = keras_name(dotted)
    if name is None or not name.startswith("layers."):
        return None
    last = name.rsplit(".", 1)[-1]
    if not last[:1].isupper() or last in _MODEL_NAMES or _MODEL_NAMES.get(name) == INPUT:
        return None
    return last


# The functional forms of the merge layers (``layers.concatenate([a, b])``).
_MERGE_FUNCTIONS = {
    "concatenate": "Concatenate",
    "add": "Add",
    "subtract": "Subtract",
    "multiply": "Multiply",
    "average": "Average",
    "maximum": "Maximum",
    "minimum": "Minimum",
}


def merge_function(dotted: str) -> str | None:
    """The merge layer class of ``keras.layers.concatenate`` and friends."""
    name = keras_name(dotted)
    if name is None or not name.startswith("layers."):
        return None
    return _MERGE_FUNCTIONS.get(name.rsplit(".", 1)[-1])


def activation_function(dotted: str) -> str | None:
    """The activation name of a function reference (``tf.nn.softmax`` -> ``softmax``)."""
    name = keras_name(dotted)
    if name is not None:
        return _ACTIVATION_FUNCTIONS.get(name)
    for root in _TF_ROOTS:
        if dotted.startswith(root):
            return _TF_ACTIVATION_FUNCTIONS.get(dotted[len(root) :])
    return None


def loss_name(alias: str) -> str | None:
    """The canonical loss name for a string alias, function name or class name."""
    return _LOSS_ALIASES.get(alias)


def loss_reference(dotted: str) -> tuple[str, bool] | None:
    """(canonical loss, is_class) for a reference into ``keras.losses``."""
    name = keras_name(dotted)
    if name is None:
        return None
    parts = name.split(".")
    if len(parts) < 2 or parts[0] not in ("losses", "metrics"):
        return None
    canonical = loss_name(parts[-1])
    if canonical is None:
        return None
    return canonical, parts[-1] in LOSS_CLASSES


def exports(module: str, name: str) -> bool:
    """Whether ``from module import *`` provides ``name`` (for the Keras modules we know)."""
    package = keras_name(module)
    candidate = f"{module}.{name}"
    if package in ("", "models"):
        return model_constructor(candidate) is not None
    if package == "layers":
        return layer_class(candidate) is not None or model_constructor(candidate) == INPUT
    if package == "losses":
        return loss_reference(candidate) is not None
    return False


# Keras's default learning rate of each optimizer (Keras 2 and 3 agree on these).
DEFAULT_LEARNING_RATES = {
    "adam": 0.001,
    "adamw": 0.001,
    "adamax": 0.001,
    "nadam": 0.001,
    "rmsprop": 0.001,
    "sgd": 0.01,
    "adagrad": 0.001,
    "adadelta": 0.001,
    "ftrl": 0.001,
    "lion": 0.001,
}


def optimizer_class(dotted: str) -> str | None:
    """``adam`` for ``keras.optimizers.Adam`` (also ``optimizers.legacy.Adam``)."""
    name = keras_name(dotted)
    if name is None or not name.startswith("optimizers.") or ".schedules." in f".{name}.":
        return None
    last = name.rsplit(".", 1)[-1]
    return last.lower() if last.lower() in DEFAULT_LEARNING_RATES else None


def schedule_class(dotted: str) -> str | None:
    """The class name of a learning-rate schedule (``ExponentialDecay``)."""
    name = keras_name(dotted)
    if name is None or not name.startswith("optimizers.schedules."):
        return None
    return name.rsplit(".", 1)[-1]
