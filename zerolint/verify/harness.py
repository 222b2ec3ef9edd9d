"""The child process: run a script with ``runpy`` until its first ``fit``, probe a clone of
the model on a sample of the data, write JSON, and stop the script.

Usage: ``python -m zerolint.verify.harness SCRIPT RESULT_JSON [--sample N] [--steps K]``.
Only this process imports TensorFlow.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import runpy
import sys
import traceback
import warnings
from pathlib import Path

MAX_WARNINGS = 20


class _StopScript(BaseException):
    """Raised from the patched ``fit``: nothing after the first ``fit`` runs."""


def _last_line(error: BaseException) -> str:
    lines = traceback.format_exception_only(type(error), error)
    text = "".join(lines).strip().splitlines()
    return text[-1] if text else type(error).__name__


def _is_download(error: BaseException, quoted: str) -> bool:
    """A failed download (keras.datasets, get_file, urllib): no network in the dry run."""
    import urllib.error

    return isinstance(error, urllib.error.URLError) or "URL fetch failure" in quoted


def _script_line(script: str) -> int | None:
    """The line of the script that called ``fit`` (innermost frame in the script file)."""
    line = None
    for info in inspect.stack(context=0):
        if os.path.realpath(info.filename) == script:
            line = info.lineno
            break
    return line


class Harness:
    def __init__(self, script: str, sample: int, steps: int) -> None:
        self.script = os.path.realpath(script)
        self.sample = sample
        self.steps = steps
        self.warnings: list[str] = []
        self.result: dict | None = None

    def record_warning(self, message, category, filename, lineno, file=None, line=None):
        text = f"{category.__name__}: {message}"
        if len(self.warnings) < MAX_WARNINGS and text not in self.warnings:
            self.warnings.append(text)

    def patch(self, model_class) -> None:
        original = model_class.fit
        signature = inspect.signature(original)
        harness = self

        def fit(model, *args, **kwargs):
            try:
                bound = signature.bind(model, *args, **kwargs)
            except TypeError:
                return original(model, *args, **kwargs)  # let Keras raise its own error
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            arguments.update(arguments.pop("kwargs", {}) or {})
            harness.on_fit(model, arguments)
            raise _StopScript

        model_class.fit = fit

    def on_fit(self, model, arguments: dict) -> None:
        from zerolint.verify.probes import run_probes

        line = _script_line(self.script)
        probes = run_probes(model, arguments, self.sample, self.steps)
        self.result = {"outcome": "fit", "fit_line": line, "probes": probes}

    def run(self) -> dict:
        sys.argv = [self.script]
        sys.path.insert(0, os.path.dirname(self.script))
        try:
            runpy.run_path(self.script, run_name="__main__")
        except _StopScript:
            pass
        except SystemExit as exit_:
            return {
                "outcome": "exit",
                "reason": f"the script called sys.exit({exit_.code!r}) before fit",
            }
        except MemoryError:
            return {"outcome": "memory", "reason": "the script ran out of memory before fit"}
        except BaseException as error:  # the script's own failure: quote it
            if self.result is not None:
                return self.result
            quoted = _last_line(error)
            if _is_download(error, quoted):
                return {
                    "outcome": "download",
                    "reason": f"the script needs a download before fit (no network?): {quoted}",
                }
            return {"outcome": "error", "reason": f"the script raised before fit: {quoted}"}
        if self.result is None:
            return {"outcome": "no-fit", "reason": "the script finished without calling fit"}
        return self.result


def _keras_classes() -> list:
    classes = []
    import keras

    classes.append(keras.Model)
    try:  # Keras 2 (tf_keras) keeps its own Model class
        import tf_keras

        classes.append(tf_keras.Model)
    except ImportError:
        pass
    return classes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zerolint.verify.harness")
    parser.add_argument("script")
    parser.add_argument("result")
    parser.add_argument("--sample", type=int, default=256)
    parser.add_argument("--steps", type=int, default=20)
    args = parser.parse_args(argv)

    harness = Harness(args.script, args.sample, args.steps)
    warnings.simplefilter("always")
    warnings.showwarning = harness.record_warning
    try:
        for model_class in _keras_classes():
            harness.patch(model_class)
    except Exception as error:
        result = {"outcome": "error", "reason": f"cannot import Keras: {_last_line(error)}"}
    else:
        result = harness.run()
    result["warnings"] = harness.warnings
    Path(args.result).write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
