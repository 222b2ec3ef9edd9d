"""CPU cost of the facts layer (parse + facts) on real code nobody here wrote.

    python bench/facts_speed.py [--package keras] [--runs 20]

Runs ``Program(libcst.parse_module(text))`` in this process over every ``.py`` file of the
installed ``keras`` package (found with ``importlib.util.find_spec``, without importing
it) and prints files/s and lines/s, the parse/facts split, the per-file CPU time
distribution (median, p95, max and the slowest files), files the facts layer failed on,
and the share of files the pre-check (``zerolint.engine.lint.may_use_keras``, then the screen
``zerolint.engine.screen.may_fire``) skips. Then it times a ~200-line training script against the
issue's budget:

    facts for a 200-line training script in at most 150 ms of CPU (parse included)

and exits 1 when the budget does not hold. CPU time is ``time.process_time``; imports
are not counted (``bench/startup.py`` measures them). Needs keras installed
(``pip install keras``); keras itself is never imported.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

BUDGET_MS = 150.0

# A ~200-line training script of the usual shape: arguments, a CSV, a split, scaling,
# one-hot labels, a model builder called with arguments, compile, callbacks, fit,
# evaluation, plots. It is clean; a copy with a planted single-unit softmax is timed too.
TRAINING_SCRIPT = '''\
"""Train a tabular classifier on a CSV export and write metrics and plots."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import tensorflow as tf
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

SEED = 42
N_CLASSES = 4
BATCH_SIZE = 64
EPOCHS = 30
LEARNING_RATE = 1e-3
TARGET = "segment"
DROP_COLUMNS = ["customer_id", "signup_date"]
OUTPUT_DIR = Path(os.environ.get("OUTPUT_DIR", "runs/segments"))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", default="data/customers.csv")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--no-plots", action="store_true")
    return parser.parse_args(argv)


def load_frame(path):
    frame = pd.read_csv(path)
    frame = frame.drop(columns=DROP_COLUMNS)
    frame = frame.dropna(subset=[TARGET])
    for column in frame.select_dtypes("object").columns:
        if column != TARGET:
            frame[column] = frame[column].astype("category").cat.codes
    return frame


def split(frame):
    y = frame.pop(TARGET).astype("category").cat.codes.to_numpy()
    x = frame.to_numpy(dtype="float32")
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.2, random_state=SEED, stratify=y
    )
    x_train, x_val, y_train, y_val = train_test_split(
        x_train, y_train, test_size=0.1, random_state=SEED, stratify=y_train
    )
    return x_train, x_val, x_test, y_train, y_val, y_test


def scale(x_train, x_val, x_test):
    scaler = StandardScaler()
    x_train = scaler.fit_transform(x_train)
    x_val = scaler.transform(x_val)
    x_test = scaler.transform(x_test)
    return x_train, x_val, x_test, scaler


def build_model(n_features, n_classes, hidden=(128, 64), dropout=0.2):
    inputs = keras.Input(shape=(n_features,), name="features")
    x = inputs
    for width in hidden:
        x = layers.Dense(width, activation="relu", kernel_initializer="he_normal")(x)
        x = layers.BatchNormalization()(x)
        x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="segment")(x)
    return keras.Model(inputs=inputs, outputs=outputs, name="segments")


def make_callbacks(output_dir, patience=5):
    output_dir.mkdir(parents=True, exist_ok=True)
    return [
        keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=patience, restore_best_weights=True
        ),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
        keras.callbacks.ModelCheckpoint(
            str(output_dir / "best.keras"), monitor="val_loss", save_best_only=True
        ),
        keras.callbacks.CSVLogger(str(output_dir / "history.csv")),
    ]


def make_dataset(x, y, training):
    dataset = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        dataset = dataset.shuffle(len(x), seed=SEED)
    return dataset.batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)


def class_weights(y):
    counts = np.bincount(y, minlength=N_CLASSES)
    total = counts.sum()
    return {i: total / (N_CLASSES * max(c, 1)) for i, c in enumerate(counts)}


def plot_history(history, output_dir):
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for axis, metric in zip(axes, ("loss", "accuracy")):
        axis.plot(history.history[metric], label="train")
        axis.plot(history.history["val_" + metric], label="validation")
        axis.set_title(metric)
        axis.set_xlabel("epoch")
        axis.legend()
    fig.tight_layout()
    fig.savefig(output_dir / "history.png", dpi=120)
    plt.close(fig)


def plot_confusion(matrix, output_dir):
    fig, axis = plt.subplots(figsize=(5, 5))
    axis.imshow(matrix, cmap="Blues")
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            axis.text(j, i, str(matrix[i, j]), ha="center", va="center")
    axis.set_xlabel("predicted")
    axis.set_ylabel("true")
    fig.savefig(output_dir / "confusion.png", dpi=120)
    plt.close(fig)


def evaluate(model, x_test, y_test_onehot, y_test):
    loss, accuracy = model.evaluate(x_test, y_test_onehot, verbose=0)
    predicted = np.argmax(model.predict(x_test, verbose=0), axis=1)
    report = classification_report(y_test, predicted, output_dict=True)
    matrix = confusion_matrix(y_test, predicted)
    return {"loss": float(loss), "accuracy": float(accuracy), "report": report}, matrix


def set_seeds(seed):
    os.environ["PYTHONHASHSEED"] = str(seed)
    tf.random.set_seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)


def save_artifacts(model, scaler, metrics, output_dir):
    output_dir.mkdir(parents=True, exist_ok=True)
    model.save(output_dir / "model.keras")
    np.save(output_dir / "scaler_mean.npy", scaler.mean_)
    np.save(output_dir / "scaler_scale.npy", scaler.scale_)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2))
    summary = {"accuracy": metrics["accuracy"], "loss": metrics["loss"]}
    (output_dir / "summary.json").write_text(json.dumps(summary))


def main(argv=None):
    args = parse_args(argv)
    set_seeds(SEED)

    frame = load_frame(args.data)
    x_train, x_val, x_test, y_train, y_val, y_test = split(frame)
    x_train, x_val, x_test, scaler = scale(x_train, x_val, x_test)
    y_train_onehot = to_categorical(y_train, N_CLASSES)
    y_val_onehot = to_categorical(y_val, N_CLASSES)
    y_test_onehot = to_categorical(y_test, N_CLASSES)

    model = build_model(x_train.shape[1], N_CLASSES, dropout=args.dropout)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=args.learning_rate),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.summary()

    history = model.fit(
        make_dataset(x_train, y_train_onehot, training=True),
        validation_data=make_dataset(x_val, y_val_onehot, training=False),
        epochs=args.epochs,
        class_weight=class_weights(y_train),
        callbacks=make_callbacks(OUTPUT_DIR),
        verbose=2,
    )

    metrics, matrix = evaluate(model, x_test, y_test_onehot, y_test)
    save_artifacts(model, scaler, metrics, OUTPUT_DIR)
    if not args.no_plots:
        plot_history(history, OUTPUT_DIR)
        plot_confusion(matrix, OUTPUT_DIR)
    print(f"test accuracy {metrics['accuracy']:.3f}, loss {metrics['loss']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
'''
# The same script with the classic bug: one output unit through a softmax (ZL101, ZL102).
BUGGY_SCRIPT = TRAINING_SCRIPT.replace("N_CLASSES = 4", "N_CLASSES = 1")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def package_files(name: str) -> tuple[Path, list[Path]] | None:
    """The package's folder and its .py files, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    roots = [Path(location) for location in spec.submodule_search_locations]
    files = sorted(path for root in roots for path in root.rglob("*.py"))
    return roots[0], files


def time_facts(text: str) -> tuple[float, float]:
    """CPU seconds of (parse, facts) for one source."""
    import libcst as cst

    from zerolint.facts.program import Program

    start = time.process_time()
    module = cst.parse_module(text)
    parsed = time.process_time()
    Program(module)
    return parsed - start, time.process_time() - parsed


def bench_tree(name: str, root: Path, files: list[Path], top: int) -> None:
    from zerolint.engine.lint import may_use_keras
    from zerolint.engine.precheck import precheck
    from zerolint.engine.screen import may_fire
    from zerolint.inputs.sources import from_text

    parse_times, fact_times, totals = [], [], []
    rows: list[tuple[float, Path, int]] = []
    skipped: list[Path] = []
    skip_cost = 0.0
    failures: list[tuple[Path, str]] = []
    lines = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            failures.append((path, f"unreadable: {error}"))
            continue
        count = text.count("\n") + 1
        lines += count
        start = time.process_time()
        # What the engine does before libcst: CPython's syntax check, the textual check
        # and the screen; a file either one rules out is only syntax-checked.
        tree = precheck(from_text(text, str(path)))
        if isinstance(tree, ast.Module) and not (may_use_keras(text) and may_fire(tree)):
            skipped.append(path)
        skip_cost += time.process_time() - start
        try:
            parse, facts = time_facts(text)
        except Exception as error:  # report, never stop: real code finds real bugs
            failures.append((path, f"{type(error).__name__}: {error}"[:160]))
            continue
        parse_times.append(parse)
        fact_times.append(facts)
        totals.append(parse + facts)
        rows.append((parse + facts, path, count))

    analysed = len(totals)
    cpu = sum(totals)
    print(f"{name} {root}")
    print(f"  {len(files)} files, {lines} lines; facts layer ran on {analysed}")
    print(
        f"  parse + facts: {cpu:.2f} s CPU = {analysed / cpu:.0f} files/s, "
        f"{lines / cpu:,.0f} lines/s"
    )
    print(
        f"  split: parse {sum(parse_times):.2f} s ({sum(parse_times) / cpu:.0%}), "
        f"facts {sum(fact_times):.2f} s ({sum(fact_times) / cpu:.0%})"
    )
    print(
        f"  per file: median {ms(statistics.median(totals))}, "
        f"p95 {ms(percentile(totals, 0.95))}, max {ms(max(totals))}"
    )
    for seconds, path, count in sorted(rows, key=lambda row: row[0], reverse=True)[:top]:
        print(f"    {ms(seconds):>10}  {count:6d} lines  {path.relative_to(root.parent)}")
    share = len(skipped) / len(files) if files else 0.0
    print(
        f"  pre-check (may_use_keras, then the screen): skips {len(skipped)}/{len(files)} "
        f"files ({share:.1%}); checking every file costs {ms(skip_cost)} in all"
    )
    if skipped:
        skipped_set = set(skipped)
        saved = sum(seconds for seconds, path, _ in rows if path in skipped_set)
        print(f"    the skipped files would have cost {ms(saved)} of parse + facts")
    if failures:
        print(f"  facts layer FAILED on {len(failures)} files:")
        for path, message in failures[:top]:
            print(f"    {path.relative_to(root.parent)}: {message}")
    else:
        print("  facts layer failed on no file")


def bench_script(runs: int) -> bool:
    from zerolint.checks.registry import all_rules
    from zerolint.engine.lint import lint_source
    from zerolint.inputs.sources import from_text

    rules = list(all_rules())
    lines = TRAINING_SCRIPT.count("\n")
    time_facts(TRAINING_SCRIPT)  # warm-up: first-call caches are not the steady state
    samples = [time_facts(TRAINING_SCRIPT) for _ in range(runs)]
    totals = [parse + facts for parse, facts in samples]
    median = statistics.median(totals)
    print()
    print(f"training script ({lines} lines), {runs} runs")
    print(
        f"  parse + facts: median {ms(median)}, min {ms(min(totals))}, max {ms(max(totals))}"
        f" (parse {ms(statistics.median(p for p, _ in samples))}, "
        f"facts {ms(statistics.median(f for _, f in samples))})"
    )
    for label, text in (("clean", TRAINING_SCRIPT), ("with a planted ZL101", BUGGY_SCRIPT)):
        source = from_text(text, "train.py")
        found: list[str] = []
        times = []
        for _ in range(runs):
            start = time.process_time()
            diagnostics, _errors = lint_source(source, rules)
            times.append(time.process_time() - start)
            found = [f"{d.code}:{d.line}" for d in diagnostics]
        print(
            f"  lint_source, {label}: median {ms(statistics.median(times))} "
            f"(findings: {', '.join(found) or 'none'})"
        )
    holds = median * 1000 <= BUDGET_MS
    verdict = "HOLDS" if holds else "DOES NOT HOLD"
    print(
        f"budget: facts for a 200-line training script <= {BUDGET_MS:.0f} ms CPU "
        f"(parse included): {verdict} (median {ms(median)})"
    )
    return holds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="keras", help="installed package to read")
    parser.add_argument("--runs", type=int, default=20, help="runs of the training script")
    parser.add_argument("--top", type=int, default=5, help="slowest files to list")
    args = parser.parse_args()

    start = time.process_time()
    import libcst  # noqa: F401

    import zerolint.facts.program  # noqa: F401

    print(f"imports (libcst, zerolint.facts): {ms(time.process_time() - start)} CPU, not counted")
    found = package_files(args.package)
    if found is None:
        print(
            f"bench: the {args.package!r} package is not installed here, so there is no "
            "source tree to read; install it to run this benchmark "
            f"(e.g. {Path(sys.executable).name} -m pip install {args.package})"
        )
    else:
        bench_tree(args.package, *found, top=args.top)
    return 0 if bench_script(args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
