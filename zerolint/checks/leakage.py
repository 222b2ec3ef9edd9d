"""ZL4xx: what the model is trained or scored on leaks the answer.

Each rule follows data provenance (``zerolint.facts.data``): which samples a value holds
(``Rows``), which columns a DataFrame keeps, where a scaler learned its statistics. Only
calls on Keras models built in the file are judged, and only what the facts prove is
reported: data read from files the analysis cannot see, or changed by code it cannot
follow, is unknown, and unknown stays silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from zerolint.checks.common import as_array, describe_data, training_fits, x_node
from zerolint.diagnostics import clip, headline
from zerolint.facts.values import Seq, Tensor, Value
from zerolint.rules.rule import Rule

if TYPE_CHECKING:
    import libcst as cst

    from zerolint.diagnostics import Finding, Verdict
    from zerolint.facts.data import Array, DataEvent, Frame, Rows
    from zerolint.facts.model import Fit, Layer, Model
    from zerolint.facts.program import Program

# libcst and the data facts are imported when a rule runs (see ``checks.scaling``).


def code_of(node: cst.CSTNode) -> str:
    import libcst as cst

    return cst.Module(body=[]).code_for_node(node)


def is_frame(value: object) -> bool:
    from zerolint.facts.data import Frame

    return isinstance(value, Frame)


def is_dataset(value: object) -> bool:
    from zerolint.facts.data import Dataset

    return isinstance(value, Dataset)


def dataset_rows(dataset: Value) -> Rows | None:
    """The samples in a dataset's batches: its inputs', else its labels' (a ``map`` the
    analysis cannot read may have made the inputs unknown and kept the labels)."""
    from zerolint.facts.pipelines import fit_view

    inputs, labels = fit_view(dataset)
    return rows_of(inputs) or rows_of(labels)


def rows_of(value: Value | None) -> Rows | None:
    if is_frame(value):
        return value.rows
    array = as_array(value)
    return array.rows if array is not None else None


def path_to(rows: Rows, ancestor: Rows) -> list[Rows] | None:
    """The rows from ``rows`` up to (not including) ``ancestor``; None if not within it."""
    chain = []
    current: Rows | None = rows
    while current is not None and current is not ancestor:
        chain.append(current)
        current = current.parent
    return chain if current is ancestor else None


def split_part(chain: list[Rows]) -> Rows | None:
    """The part of a ``train_test_split`` on the way (the one nearest the source)."""
    for rows in reversed(chain):
        if rows.part in ("train", "test"):
            return rows
    return None


def split_event(events: list[DataEvent], part: Rows) -> DataEvent | None:
    for event in events:
        if event.kind == "split" and any(rows_of(out) is part for out in event.outputs):
            return event
    return None


# -- ZL401 -----------------------------------------------------------------------------------


def _label_shaped(array: Array) -> bool:
    shape = array.shape
    return shape is None or len(shape) <= 1 or tuple(shape[1:]) == (1,)


def _is_target(column: Array, y: Array) -> bool:
    """A feature column that holds the target's values (not a function of them)."""
    from zerolint.facts.data import same_values

    if column is y:
        return True
    if not same_values(column, y):
        return False
    # Same source expression: require the known values to agree too, so that a target
    # computed from a feature (``y = 3 * X[:, 0] + 2``) is not mistaken for the feature.
    if column.distinct is not None and column.distinct == y.distinct:
        return True
    bounds = (column.low, column.high)
    return None not in bounds and bounds == (y.low, y.high)


def _frame_of_features(x: Value) -> Frame | None:
    """The DataFrame whose every column ``x`` holds (``df``, ``df.drop(...)``, ``.values``)."""
    from zerolint.facts.data import Array, Frame

    if isinstance(x, Frame):
        return x
    # The frame's values, not a slice of its columns (``df.values[:, :-1]``: another node).
    if isinstance(x, Array) and x.frame is not None and x.name is None and x.node is x.frame.node:
        return x.frame
    return None


class TargetInFeatures(Rule):
    code = "ZL401"
    name = "target-in-features"
    severity = "error"
    summary = "The target is also one of the features, so the model learns to copy it"

    def check(self, program: Program) -> Iterator[Finding]:
        for fit in training_fits(program):
            y = as_array(fit.labels)
            if y is None or not _label_shaped(y):
                continue
            found = self.evidence(fit, y, program)
            if found is None:
                continue
            brief, evidence = found
            title = headline(
                f"the target is among the features given to {fit.method}: {brief}",
                f"the target is among the features: {brief}",
            )
            yield self.finding(
                program,
                x_node(fit),
                f"the features given to {fit.method} at {program.where(fit.node)} contain the "
                f"target — {evidence}: the model learns to read the answer from its input, so "
                "training and validation scores are near perfect and mean nothing on new data "
                "— remove the target from the features",
                help='X = df.drop(columns=["target"]) (or y = df.pop("target")) before '
                "building the features",
                headline=title,
            )

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        absent = ev.missing(probes, "correlation")
        if absent is not None:
            return absent
        c = probes["correlation"]
        if not c.get("available"):
            return ev.Verdict(
                ev.INCONCLUSIVE, "no correlation: x is not a numeric table or y is constant"
            )
        rows = probes.get("rows")
        metrics = {
            "rows": rows,
            "max_abs_corr": c["max_abs_corr"],
            "max_column": c["max_column"],
            "identical_columns": c["identical_columns"],
        }
        if c["identical_columns"]:
            column = c["identical_columns"][0]
            return ev.Verdict(
                ev.CONFIRMED,
                f"column {column} of x equals y on all {rows} sample rows (|corr| = "
                f"{c['abs_corr'][column] if column < len(c['abs_corr']) else 1.0:.4f})",
                metrics,
            )
        relabelled = c.get("class_columns") or []
        if relabelled:
            column = relabelled[0]
            return ev.Verdict(
                ev.CONFIRMED,
                f"column {column} of x takes exactly one value per class of y, a different "
                f"one for each, on all {rows} sample rows",
                metrics,
            )
        if c["max_abs_corr"] >= 0.999:
            return ev.Verdict(
                ev.CONFIRMED,
                f"column {c['max_column']} of x has |corr| = {c['max_abs_corr']:.4f} with y on "
                f"{rows} sample rows",
                metrics,
            )
        return ev.Verdict(
            ev.NOT_CONFIRMED,
            f"no column of x matches y on {rows} sample rows: the highest |corr| is "
            f"{c['max_abs_corr']:.4f} (column {c['max_column']})",
            metrics,
        )

    def evidence(self, fit: Fit, y: Array, program: Program) -> tuple[str, str] | None:
        """Where the features hold the target: briefly (for the headline), and in full."""
        found = self._provenance(fit, y, program)
        return found if found is not None else _written_twice(fit, y, program)

    def _provenance(self, fit: Fit, y: Array, program: Program) -> tuple[str, str] | None:
        """The target's own data among the features: the same column, value or source."""
        frame = _frame_of_features(fit.inputs)
        if frame is not None and y.name is not None and frame.holds(y) is True:
            return f'x still holds y\'s column, "{clip(y.name)}"', (
                f'y is the column "{y.name}" ({describe_data(y, program)}), and x is '
                f"{frame.origin or 'the same data'} at {program.where(frame.node)} "
                f"{_kept(frame, y.name)}"
            )
        x = as_array(fit.inputs)
        if x is None or x.columns is None:
            return None
        for index, column in enumerate(x.columns):
            if _is_target(column, y):
                name = f'"{column.name}"' if column.name else str(index)
                written = fit.argument("y", 1)
                target = code_of(written).strip() if written is not None else "y"
                made = f" ({program.where(y.node)})" if y.node is not None else ""
                return f"column {clip(name, 20)} of x holds y, {clip(target, 20)}", (
                    f"column {name} of x ({describe_data(x, program)}) holds the values of "
                    f"y, {target}{made}"
                )
        return None


# Literal data: at least this many rows before identical columns count as a copy (a few
# rows of 0/1 agree by chance), and class labels repeat before a monotone map counts.
_MIN_ROWS = 8
_CLASSIFICATION = frozenset({"hinge", "squared_hinge", "categorical_hinge"})


def _written_twice(fit: Fit, y: Array, program: Program) -> tuple[str, str] | None:
    """A feature column whose exact values are the labels', or a strictly monotone map of
    class labels (``1 - y``, ``y / 2``), in data written out separately (literals, tiles,
    ranges): the features hold the answer even though no code copied it."""
    x = as_array(fit.inputs)
    if x is None or x.columns is None or len(x.columns) < 2 or y.values is None:
        return None
    labels = y.values
    if len(labels) < _MIN_ROWS or len(set(labels)) < 2:
        return None
    candidates = [
        (index, column)
        for index, column in enumerate(x.columns)
        if column.values is not None
        and len(column.values) == len(labels)
        and not _related(column, y)  # one computed from the other: a synthetic target
    ]
    written = fit.argument("y", 1)
    target = code_of(written).strip() if written is not None else "y"
    made = f" at {program.where(y.node)}" if y.node is not None else ""
    data = f"of x ({describe_data(x, program)})"
    for index, column in candidates:
        if all(a == b for a, b in zip(column.values, labels, strict=True)):
            labelled = f"({target}{made}) on all {len(labels)} rows"
            brief = f"column {index} of x holds exactly the labels, {clip(target, 20)}"
            return brief, f"column {index} {data} holds exactly the labels {labelled}"
    if not _classification(fit):
        return None  # a regression target may well be a function of one feature
    for index, column in candidates:
        if _monotone_copy(column.values, labels):
            return f"column {index} of x is a per-class copy of {clip(target, 20)}", (
                f"column {index} {data} has one value per class of the labels ({target}{made}), "
                f"in the classes' order ({_mapping(column.values, labels)}), on all "
                f"{len(labels)} rows"
            )
    return None


def _related(column: Array, y: Array) -> bool:
    """Whether the two share their source data (so one may be computed from the other)."""
    if column.rows is None or y.rows is None:
        return True  # not known: assume the worst for precision
    return column.rows.root is y.rows.root


def _classification(fit: Fit) -> bool:
    from zerolint.facts import keras_api
    from zerolint.facts.program import loss_spec

    compiled = fit.compile
    if compiled is None or compiled.loss_node is None:
        return False
    spec = loss_spec(compiled.loss, compiled.loss_node)
    name = spec.name if spec is not None else None
    return name in keras_api.CROSS_ENTROPIES or name in _CLASSIFICATION


def _monotone_copy(values: tuple, labels: tuple) -> bool:
    """Integer class labels, each repeated, and a column with one value per class in the
    classes' order (rising or falling): ``1 - y`` or ``y * 0.5`` written out."""
    classes = set(labels)
    if not all(float(label).is_integer() for label in labels) or len(labels) < 2 * len(classes):
        return False
    mapping: dict = {}
    for label, value in zip(labels, values, strict=True):
        if mapping.setdefault(label, value) != value:
            return False
    images = [mapping[label] for label in sorted(mapping)]
    rising = all(a < b for a, b in zip(images, images[1:], strict=False))
    falling = all(a > b for a, b in zip(images, images[1:], strict=False))
    return rising or falling


def _mapping(values: tuple, labels: tuple) -> str:
    pairs = dict(zip(labels, values, strict=True))
    shown = [f"{_number(k)} -> {_number(pairs[k])}" for k in sorted(pairs)[:4]]
    return ", ".join(shown) + (", ..." if len(pairs) > 4 else "")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _kept(frame: Frame, name: str) -> str:
    if frame.dropped:
        dropped = ", ".join(f'"{n}"' for n in sorted(frame.dropped))
        return f'with only {dropped} dropped, so "{name}" is still a column'
    return f'with every column, "{name}" included'


# -- ZL402 -----------------------------------------------------------------------------------

# Estimators that learn from features without scaling them (no Scaling step to follow).
_FEATURE_LEARNERS = frozenset(
    {"SimpleImputer", "KNNImputer", "IterativeImputer", "OneHotEncoder", "OrdinalEncoder"}
)


# Scaling steps whose statistics come from many samples (see ``Scaling.kind``): the sklearn
# scalers but ``Normalizer`` (``facts.preprocessing.SCALERS``), and manual standardisation.
_LEARNED_SCALINGS = frozenset(
    {
        "StandardScaler",
        "MinMaxScaler",
        "MaxAbsScaler",
        "RobustScaler",
        "QuantileTransformer",
        "PowerTransformer",
        "standardize",
        "min-max",
        "max",
    }
)


def model_layers(model: Model) -> list[Layer]:
    """Every layer of a model built in the file, as far as it is known."""
    if model.kind == "sequential":
        return list(model.layers)
    found: list[Layer] = []
    seen: set[int] = set()
    pending: list[Value] = list(model.outputs or ())
    while pending:
        value = pending.pop()
        if isinstance(value, Seq):
            pending.extend(value.items)
        elif isinstance(value, Tensor) and id(value) not in seen:
            seen.add(id(value))
            if value.producer is not None:
                found.append(value.producer)
            pending.extend(value.inputs)
    return found


class PreprocessingBeforeSplit(Rule):
    code = "ZL402"
    name = "preprocessing-before-split"
    severity = "warning"
    summary = "A scaler, imputer or Normalization layer learns from the data before it is split"

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        return ev.fit_before_split(message, probes)

    def check(self, program: Program) -> Iterator[Finding]:
        reported: set[int] = set()
        for node, (title, message) in self.leaks(program):
            if id(node) not in reported:
                reported.add(id(node))
                yield self.finding(
                    program,
                    node,
                    message,
                    help="X_train, X_test, ... = train_test_split(X, y); "
                    "scaler.fit(X_train); X_train = scaler.transform(X_train); "
                    "X_test = scaler.transform(X_test)",
                    headline=title,
                )

    def leaks(self, program: Program) -> Iterator[tuple[cst.CSTNode, tuple[str, str]]]:
        events = program.facts.data_events
        fits = list(training_fits(program, frozenset({"fit", "fit_generator"})))
        for fit in fits:
            x = fit.inputs if is_frame(fit.inputs) else as_array(fit.inputs)
            if x is None or x.rows is None:
                continue
            yield from self._scalings(fit, x, events, program)
            yield from self._adapts(fit, x, events, program)
        yield from self._learners(fits, events, program)

    def _scalings(self, fit: Fit, x: Array | Frame, events, program: Program):
        for step in x.scaling:
            if step.kind not in _LEARNED_SCALINGS or step.axis not in (0, None):
                continue  # a per-sample step (Normalizer, x / norm(x, axis=1)) learns nothing
            seen = rows_of(step.fitted_on)
            chain = path_to(x.rows, seen) if seen is not None else None
            part = split_part(chain) if chain else None
            split = split_event(events, part) if part is not None else None
            if split is None:
                continue
            learned = next(
                (
                    e
                    for e in events
                    if e.kind == "fit"
                    and e.inputs
                    and e.inputs[0] is step.fitted_on
                    and e.estimator is not None
                    and e.estimator.kind == step.kind
                ),
                None,
            )
            if learned is not None:
                what = f"{step.kind} fit at {program.where(learned.node)}"
                node = learned.node
            elif step.kind[:1].isupper():  # an estimator whose fit was not found
                continue
            else:
                what = f"the scaling at {program.where(step.node)}"
                node = step.node
            learns = _STATISTIC.get(step.kind, "statistics")
            yield node, _message(what, step.fitted_on, split, fit, learns, program)

    def _adapts(self, fit: Fit, x: Array | Frame, events, program: Program):
        layers = {id(layer) for layer in model_layers(fit.model)}
        for event in events:
            if event.kind != "adapt" or event.layer is None or id(event.layer) not in layers:
                continue
            data = event.inputs[0] if event.inputs else None
            seen = rows_of(data)
            chain = path_to(x.rows, seen) if seen is not None else None
            part = split_part(chain) if chain else None
            split = split_event(events, part) if part is not None else None
            if split is not None:
                what = f"{event.layer.kind}.adapt at {program.where(event.node)}"
                learns = (
                    "mean and variance" if event.layer.kind == "Normalization" else "statistics"
                )
                yield event.node, _message(what, data, split, fit, learns, program)

    def _learners(self, fits: list[Fit], events: list[DataEvent], program: Program):
        from zerolint.facts.data import fits_before_split

        for learned, split in fits_before_split(events):
            estimator = learned.estimator
            if learned.kind != "fit" or estimator is None:
                continue
            if estimator.kind not in _FEATURE_LEARNERS:
                continue
            outputs = [
                out
                for e in events
                if e.kind == "transform"
                and e.estimator is not None
                and e.estimator.fit_node is learned.node
                for out in e.outputs
            ]
            encoded = [value for value in split.inputs if any(out is value for out in outputs)]
            if not encoded:
                continue  # the transformed data is not what is split
            trains = [rows_of(out) for out in split.outputs]
            for fit in fits:
                if _encodes_labels(fit, encoded):
                    continue  # the labels' vocabulary is learned, nothing reaches x
                rows = rows_of(fit.inputs)
                if rows is not None and any(
                    part is not None and part.part == "train" and rows.within(part)
                    for part in trains
                ):
                    what = f"{estimator.kind} fit at {program.where(learned.node)}"
                    kind = "categories" if "Encoder" in estimator.kind else "statistics"
                    yield (
                        learned.node,
                        _message(what, learned.inputs[0], split, fit, kind, program),
                    )
                    break


def _encodes_labels(fit: Fit, encoded: list[Value]) -> bool:
    """The learner's output reaches this fit as its labels: an encoder fit on the target
    learns the classes' names, which says nothing about any test row's features.

    The labels carry the encoded data when they are it, or a part of it that splits and
    row subsets cut (a part keeps the expression and origin it was cut from, its rows
    within the whole's) — through a train/validation/test chain of splits too.
    """
    labels = as_array(fit.labels)
    if labels is None:
        return False
    for value in encoded:
        source = as_array(value)
        if source is not None and _carries(labels, source):
            return True
    return False


def _carries(value: Array, source: Array) -> bool:
    if value is source:
        return True
    return (
        value.node is not None
        and value.node is source.node
        and value.origin == source.origin
        and value.rows is not None
        and source.rows is not None
        and value.rows.within(source.rows)
    )


_STATISTIC = {
    "standardize": "mean and standard deviation",
    "min-max": "minimum and maximum",
    "max": "maximum",
    "StandardScaler": "mean and standard deviation",
    "MinMaxScaler": "minimum and maximum",
    "MaxAbsScaler": "maximum",
    "RobustScaler": "median and quantiles",
    "QuantileTransformer": "quantiles",
}


def _message(
    what: str, data: Value | None, split: DataEvent, fit: Fit, learns: str, program: Program
) -> tuple[str, str]:
    """The headline and the message of a transform learned before the split."""
    array = None if is_frame(data) else as_array(data)
    if array is not None:
        source = describe_data(array, program)
    elif is_frame(data):
        source = f"{data.origin} at {program.where(data.node)}"
    else:
        source = "the data"
    title = headline(
        f"{what} learns from the test rows too: the data is split only at "
        f"{program.where(split.node)}",
        f"{what} learns from the test rows too: it runs before the split",
    )
    return title, (
        f"{what} learns its {learns} from all of {source}, which is split only afterwards "
        f"(train_test_split at {program.where(split.node)}): the test rows' {learns} leak "
        f"into the data the model is trained on ({fit.method} at {program.where(fit.node)}), "
        "so the test score is optimistic — split first, then fit on the training part only "
        "and apply the fitted transform to both parts"
    )


# -- ZL403 -----------------------------------------------------------------------------------


def _same_reference(a: cst.BaseExpression | None, b: cst.BaseExpression | None) -> bool:
    """Two expressions of one call that name the same variable (``x_train`` twice)."""
    import libcst as cst

    simple = (cst.Name, cst.Attribute, cst.Subscript)
    if not isinstance(a, simple) or not isinstance(b, simple):
        return False
    if any(isinstance(n, cst.Call) for n in _walk(a)):
        return False
    return code_of(a).strip() == code_of(b).strip()


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _relation(checked: Rows | None, trained: Rows | None) -> str | None:
    """How the samples of ``checked`` relate to the training samples, if they overlap."""
    if checked is None or trained is None:
        return None
    if checked is trained:
        return "the same samples as"
    if checked.within(trained):
        return "a subset of"
    if trained.within(checked):
        return "data containing all of"
    return None


_VERBS = {
    "the same samples as": "holds the same samples as",
    "a subset of": "holds a subset of",
    "data containing all of": "contains all of",
    "the same variable as": "names the same variable as",
}
_HELD_OUT = frozenset({"val", "valid", "validation", "holdout", "unseen"})


def _held_out_words(text: str) -> list[str]:
    words = re.split(r"[^a-z0-9]+", text.lower())
    return [w for w in words if w.startswith("test") or w in _HELD_OUT]


class ValidationOnTrainingData(Rule):
    code = "ZL403"
    name = "validation-on-training-data"
    severity = "warning"
    summary = "Validation or a test score is computed on the training data"

    def check(self, program: Program) -> Iterator[Finding]:
        yield from self.validation(program)
        yield from self.evaluation(program)

    def verdict(self, message: str, probes: dict) -> Verdict | None:
        from zerolint.checks import evidence as ev

        if message.startswith("evaluate at"):
            return ev.evaluated_on_training(probes)
        o = probes.get("overlap")
        if not o:
            error = probes.get("errors", {}).get("overlap")
            reason = (
                f"the overlap probe failed: {error}"
                if error
                else (
                    "fit was given no validation_data of arrays to compare with the training rows"
                )
            )
            return ev.Verdict(ev.INCONCLUSIVE, reason)
        metrics = {key: o[key] for key in ("validation_rows", "in_training", "fraction")}
        share = (
            f"{o['in_training']} of {o.get('sampled', o['validation_rows'])} sampled "
            f"validation rows ({o['fraction']:.0%}) are also training rows"
        )
        if o["fraction"] >= 0.5:
            return ev.Verdict(ev.CONFIRMED, share, metrics)
        return ev.Verdict(ev.NOT_CONFIRMED, share, metrics)

    def validation(self, program: Program) -> Iterator[Finding]:
        for fit in training_fits(program, frozenset({"fit", "fit_generator"})):
            given = fit.validation_data
            node = fit.argument("validation_data")
            if is_dataset(given):
                checked, written = dataset_rows(given), node
            elif isinstance(given, Seq) and len(given.items) >= 2:
                elements = getattr(node, "elements", None)  # a tuple or list display
                checked, written = rows_of(given.items[0]), elements[0].value if elements else None
            else:
                continue
            x_written = fit.argument("x", 0)
            trained = dataset_rows(fit.x) if fit.from_dataset else rows_of(fit.inputs)
            relation = _relation(checked, trained)
            if relation is None and _same_reference(written, x_written):
                relation = "the same variable as"
            if relation is None:
                continue
            trained_on = f"the training data ({clip(_name(x_written), 24)})"
            title = headline(
                f"validation_data {_VERBS[relation]} {trained_on}: no held-out score",
                f"validation_data {_VERBS[relation]} {trained_on}",
            )
            yield self.finding(
                program,
                node if node is not None else fit.node,
                f"validation_data at {program.where(node or fit.node)} {_VERBS[relation]} the "
                f"training data ({_name(x_written)}, the x of {fit.method} at "
                f"{program.where(fit.node)}): the validation loss and metrics measure how well "
                "the model memorised its training samples, not how it generalises, so early "
                "stopping and model selection on them are meaningless — validate on held-out "
                "data",
                help="X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2); "
                "model.fit(X_train, y_train, validation_data=(X_val, y_val)), or "
                "validation_split=0.2",
                headline=title,
            )

    def evaluation(self, program: Program) -> Iterator[Finding]:
        trained: list[Fit] = []
        evaluations: list[tuple[Fit, Fit, str]] = []
        seen: set[int] = set()
        for fit in program.facts.fits:
            if fit.model is None:
                continue
            if fit.method in ("fit", "fit_generator"):
                trained.append(fit)
            elif fit.method == "evaluate" and id(fit.node) not in seen:
                for earlier in reversed(trained):
                    relation = None
                    if earlier.model is fit.model:
                        relation = _relation(rows_of(fit.inputs), rows_of(earlier.inputs))
                    if relation is not None:
                        seen.add(id(fit.node))
                        evaluations.append((fit, earlier, relation))
                        break
        if not evaluations:
            return
        presented = _Presentation(program.module)
        for evaluation, earlier, relation in evaluations:
            words = list(dict.fromkeys(presented.words(evaluation.node)))
            if not words:
                continue
            on = f"{relation} its training data ({clip(_name(earlier.argument('x', 0)), 24)})"
            title = headline(
                f"evaluate scores the model on {on}, presented as a held-out score",
                f"evaluate scores the model on {on}",
            )
            yield self.finding(
                program,
                x_node(evaluation),
                f"evaluate at {program.where(evaluation.node)} scores the model on {relation} "
                f"its training data ({_name(earlier.argument('x', 0))}, the x of "
                f"{earlier.method} at {program.where(earlier.node)}), and the result is "
                f"presented as a held-out score ({', '.join(repr(w) for w in words[:2])}): it "
                "measures memorisation, not generalisation — evaluate on a test split the "
                "model never trained on",
                help="X_train, X_test, y_train, y_test = train_test_split(X, y); "
                "model.fit(X_train, y_train); model.evaluate(X_test, y_test)",
                headline=title,
            )


def _name(node: cst.CSTNode | None) -> str:
    if node is None:
        return "x"
    text = code_of(node).strip()
    return text if len(text) <= 40 else text[:37] + "..."


class _Presentation:
    """Whether an ``evaluate`` result is presented as a test or validation score.

    It is when the names it is assigned to say so (``test_acc = model.evaluate(...)``), when
    its statement says so (``print("Test accuracy", model.evaluate(...))``), or when a later
    statement uses those names next to such a string (``print(f"test: {score}")``). An
    ``evaluate`` outside a simple statement (an ``if`` test, a ``return``... of a compound
    statement) is not judged.
    """

    def __init__(self, module: cst.Module) -> None:
        import libcst as cst

        self.statements = [
            node for node in _walk(module) if isinstance(node, cst.SimpleStatementLine)
        ]
        self.index = {
            id(node): position
            for position, statement in enumerate(self.statements)
            for node in _walk(statement)
            if isinstance(node, cst.Call)
        }

    def words(self, call: cst.Call) -> list[str]:
        import libcst as cst

        index = self.index.get(id(call))
        if index is None:
            return []
        statement = self.statements[index]
        names = set(_assigned(statement))
        found = [w for name in sorted(names) for w in _held_out_words(name)]
        found += [w for text in _strings(statement) for w in _held_out_words(text)]
        if found:
            return found
        for later in self.statements[index + 1 :]:
            used = {n.value for n in _walk(later) if isinstance(n, cst.Name)} & names
            if used:
                said = [w for text in _strings(later) for w in _held_out_words(text)]
                if said:
                    return said
            names -= set(_assigned(later))
            if not names:
                break
        return []


def _assigned(statement: cst.CSTNode) -> Iterable[str]:
    import libcst as cst

    for small in getattr(statement, "body", ()):
        targets: list[cst.CSTNode] = []
        if isinstance(small, cst.Assign):
            targets = [t.target for t in small.targets]
        elif isinstance(small, cst.AnnAssign | cst.AugAssign):
            targets = [small.target]
        for target in targets:
            for node in _walk(target):
                if isinstance(node, cst.Name):
                    yield node.value


def _strings(statement: cst.CSTNode) -> Iterator[str]:
    import libcst as cst

    for node in _walk(statement):
        if isinstance(node, cst.SimpleString):
            yield str(node.evaluated_value)
        elif isinstance(node, cst.FormattedStringText):
            yield node.value
