"""``tf.data`` pipelines: what a ``Dataset`` yields, through the steps people chain on it.

A ``Dataset`` value keeps its elements in the *samples view*: the structure of one element
(``(x, y)``, a dict, one array) with arrays over all the samples, the way ``fit(x, y)`` would
be given them. Steps that keep the samples (``shuffle``, ``repeat``, ``prefetch``, ``cache``)
change nothing; ``batch`` turns single samples into batches, which is what ``fit`` needs
(it then reads the labels exactly as it reads a ``y`` array); ``take``/``skip``/``filter``
keep a subset of the samples; ``map`` runs a function of the file (a ``def`` or a
``lambda``) on one element, and a function the analysis cannot read makes the elements
unknown. ``Dataset.zip`` pairs datasets element by element.
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from zerolint.facts import arrays, indexing
from zerolint.facts.data_args import bind, describe, is_none
from zerolint.facts.data_values import Array, Dataset, union
from zerolint.facts.values import UNKNOWN, Mapping, Seq, Value

# ``call(function, arguments)``: the interpreter runs a function value of the file.
Caller = Callable[[Value, list[Value]], Value]

# Steps that yield the same samples in the same structure.
_SAME = frozenset({"shuffle", "repeat", "prefetch", "cache", "with_options", "assert_cardinality"})
# Steps that yield some of the samples.
_SUBSET = frozenset({"take", "skip", "shard", "filter", "take_while", "ignore_errors"})


# -- constructors -------------------------------------------------------------------------


def from_tensor_slices(named: dict[str, Value], node: cst.Call) -> Value:
    """``Dataset.from_tensor_slices(structure)``: one element per sample."""
    if "tensors" not in named:
        return UNKNOWN
    return Dataset(_structure(named["tensors"], node), False, describe(node), node)


def from_tensors(named: dict[str, Value], node: cst.Call) -> Value:
    """``Dataset.from_tensors(structure)``: one element holding every sample, a batch."""
    if "tensors" not in named:
        return UNKNOWN
    return Dataset(_structure(named["tensors"], node), True, describe(node), node)


def zip_datasets(named: dict[str, Value], node: cst.Call) -> Value:
    """``Dataset.zip((a, b))`` or ``Dataset.zip(a, b)``: elements paired into tuples."""
    given = named.get("datasets")
    parts = given.items if isinstance(given, Seq) else None
    if not parts or not all(isinstance(part, Dataset) for part in parts):
        return UNKNOWN
    states = {part.batched for part in parts}
    batched = states.pop() if len(states) == 1 else None
    samples = Seq(tuple(part.samples for part in parts), node)
    return Dataset(samples, batched, describe(node), node)


def _structure(value: Value, node: cst.Call) -> Value:
    """A structure of tensors as tf.data reads it: tuples and dicts nest, anything else
    (a list included: tf.data stacks it into one tensor) is one tensor."""
    if isinstance(value, Seq) and not isinstance(value.node, cst.List):
        return Seq(tuple(_structure(item, node) for item in value.items), value.node)
    if isinstance(value, Mapping):
        return Mapping(tuple((key, _structure(item, node)) for key, item in value.items))
    array = arrays.as_array(value, node)
    return array if array is not None else UNKNOWN


# -- steps --------------------------------------------------------------------------------


def method(
    dataset: Dataset,
    name: str,
    positional: list[Value],
    keywords: dict,
    node: cst.Call,
    call: Caller | None,
) -> tuple[Value, Value | None]:
    """A method of a dataset: (result, None); datasets never change in place."""
    if name in _SAME:
        return dataset, None
    if name in _SUBSET:
        return _renamed(dataset, _map_arrays(dataset.samples, _subset(node)), node), None
    if name == "batch":
        return _batch(dataset, node), None
    if name == "padded_batch":
        return _padded_batch(dataset, keywords, positional, node), None
    if name == "unbatch":
        batched = False if dataset.batched else None
        samples = dataset.samples if dataset.batched else UNKNOWN
        return Dataset(samples, batched, describe(node), node), None
    if name == "map" and call is not None:
        return _map(dataset, positional, keywords, node, call), None
    if name == "apply" and call is not None and positional:
        result = call(positional[0], [dataset])
        return (result if isinstance(result, Dataset) else UNKNOWN), None
    if name == "concatenate" and positional and isinstance(positional[0], Dataset):
        return _concatenate(dataset, positional[0], node), None
    if name == "zip":  # a static method, even when called on a dataset
        given = positional[0] if len(positional) == 1 else Seq(tuple(positional), node)
        return zip_datasets({"datasets": keywords.get("datasets", given)}, node), None
    return UNKNOWN, None  # cardinality(), as_numpy_iterator(), ...: nothing to follow


def _renamed(dataset: Dataset, samples: Value, node: cst.Call) -> Dataset:
    return Dataset(samples, dataset.batched, describe(node), node)


def _batch(dataset: Dataset, node: cst.Call) -> Dataset:
    if dataset.batched is False:
        return Dataset(dataset.samples, True, describe(node), node)
    return Dataset(UNKNOWN, None, describe(node), node)  # batches of batches


def _padded_batch(dataset: Dataset, keywords: dict, positional: list[Value], node) -> Dataset:
    """Batches whose samples of varying length are padded (with 0 unless told otherwise):
    scalars (labels, mostly) are unchanged; padded arrays keep only what padding keeps."""
    if dataset.batched is not False:
        return Dataset(UNKNOWN, None, describe(node), node)
    named = bind(("batch_size", "padded_shapes", "padding_values"), positional, keywords)
    zero = named is not None and is_none(named.get("padding_values"))

    def pad(array: Array) -> Value:
        if array.shape is not None and len(array.shape) == 1:
            return array
        if not zero or array.shape is None:
            return UNKNOWN
        low, high, distinct = union([array, _zero])
        return array.replace(
            shape=(array.shape[0], *(None for _ in array.shape[1:])),
            low=low,
            high=high,
            distinct=distinct,
            columns=None,
            one_hot=None,
        )

    return Dataset(_map_arrays(dataset.samples, pad), True, describe(node), node)


_zero = Array(shape=(), low=0, high=0, distinct=frozenset({0}))


def _subset(node: cst.Call) -> Callable[[Array], Value]:
    origin = describe(node)

    def keep_some(array: Array) -> Value:
        shape = (None, *array.shape[1:]) if array.shape else array.shape
        return _reshaped(array, shape, rows=indexing.row_subset(array.rows, origin))

    return keep_some


def _concatenate(first: Dataset, second: Dataset, node: cst.Call) -> Dataset:
    """One dataset after the other: what holds for both holds for every element."""
    batched = first.batched if first.batched == second.batched else None
    return Dataset(_joined(first.samples, second.samples), batched, describe(node), node)


def _joined(a: Value, b: Value) -> Value:
    if isinstance(a, Seq) and isinstance(b, Seq) and len(a.items) == len(b.items):
        return Seq(tuple(_joined(x, y) for x, y in zip(a.items, b.items, strict=True)), a.node)
    if not (isinstance(a, Array) and isinstance(b, Array)):
        return UNKNOWN
    if a.shape is None or b.shape is None or a.shape[1:] != b.shape[1:] or a.dtype != b.dtype:
        return UNKNOWN
    low, high, distinct = union([a, b])
    one_hot = a.one_hot if a.one_hot == b.one_hot else None
    count = a.shape[0] + b.shape[0] if a.shape[0] and b.shape[0] else None
    return a.replace(
        shape=(count, *a.shape[1:]),
        low=low,
        high=high,
        distinct=distinct,
        one_hot=one_hot,
        n_classes=None,
        scaling=a.scaling if a.scaling == b.scaling else (),
        columns=None,
        rows=None,
    )


# -- map ----------------------------------------------------------------------------------


def _map(
    dataset: Dataset, positional: list[Value], keywords: dict, node: cst.Call, call: Caller
) -> Dataset:
    """``dataset.map(function)``: the function runs on one element (a tuple is unpacked into
    its arguments); what it returns is the new element."""
    function = keywords.get("map_func", positional[0] if positional else None)
    origin = describe(node)
    if function is None or dataset.batched is None or dataset.samples is UNKNOWN:
        return Dataset(UNKNOWN, dataset.batched, origin, node)
    count = _count(dataset.samples)
    element = _map_arrays(dataset.samples, lambda a: _one_element(a, dataset.batched))
    arguments = list(element.items) if isinstance(element, Seq) else [element]
    result = call(function, arguments)
    if isinstance(result, Seq):  # a list returned by the function is a tuple to tf.data
        result = Seq(result.items, node)
    samples = _map_arrays(result, lambda a: _all_samples(a, dataset.batched, count))
    return Dataset(samples, dataset.batched, origin, node)


def _one_element(array: Array, batched: bool) -> Array:
    """An array over all samples as one element holds it: one sample, or a batch of them."""
    if not array.shape:
        return _reshaped(array, array.shape)  # a scalar: tf.data would not have sliced it
    if batched:
        return _reshaped(array, (None, *array.shape[1:]))
    return _reshaped(array, array.shape[1:])


def _all_samples(array: Array, batched: bool, count: int | None) -> Array:
    """An element's array as an array over all the samples (the inverse of ``_one_element``)."""
    if array.shape is None:
        return array
    if batched:
        if not array.shape:
            return _reshaped(array, None)  # one value per batch, not per sample
        return _reshaped(array, (count, *array.shape[1:]))
    return _reshaped(array, (count, *array.shape))


def _reshaped(array: Array, shape, **changes) -> Array:
    """The same values with another shape (the classes they encode unchanged)."""
    return array.replace(shape=shape, columns=None, n_classes=array.n_classes, **changes)


def _count(samples: Value) -> int | None:
    """The number of samples, when an array of the structure says it."""
    if isinstance(samples, Array):
        return samples.shape[0] if samples.shape else None
    items: tuple = ()
    if isinstance(samples, Seq):
        items = samples.items
    elif isinstance(samples, Mapping):
        items = tuple(value for _, value in samples.items)
    for item in items:
        count = _count(item)
        if count is not None:
            return count
    return None


def _map_arrays(value: Value, change: Callable[[Array], Value]) -> Value:
    """The structure with ``change`` applied to each array in it; other leaves are unknown."""
    if isinstance(value, Array):
        return change(value)
    if isinstance(value, Seq):
        return Seq(tuple(_map_arrays(item, change) for item in value.items), value.node)
    if isinstance(value, Mapping):
        return Mapping(tuple((key, _map_arrays(item, change)) for key, item in value.items))
    return UNKNOWN


# -- what fit reads ---------------------------------------------------------------------


def fit_view(dataset: Dataset) -> tuple[Value, Value]:
    """(inputs, labels) that ``fit(dataset)`` trains on, as if given as ``fit(x, y)``.

    Keras reads a tuple element as ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)``, and
    anything else as inputs alone. Elements that are not known to be batches (a dataset of
    single samples handed to ``fit``) are read with their first axis as the batch, which is
    not what the script means: both are unknown then.
    """
    if dataset.batched is not True:
        return UNKNOWN, UNKNOWN
    samples = dataset.samples
    if isinstance(samples, Seq):
        if not 1 <= len(samples.items) <= 3:
            return UNKNOWN, UNKNOWN
        labels = samples.items[1] if len(samples.items) > 1 else UNKNOWN
        return samples.items[0], labels
    return samples, UNKNOWN
