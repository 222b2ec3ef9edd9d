"""In the dry-run process: run a script with ``runpy``, probe a clone of each model it fits
(up to a limit) on a sample of the data, write JSON, and stop the script.

The real ``fit`` never runs: the first ``fit`` of each model is probed and answered with an
empty ``History`` so the script goes on to its next model; a second ``fit`` of a model
already seen, or the limit of fits, stops the script with a private ``BaseException``.

Run by a pool worker in a forked process (``zerolint.verify.worker``) or on its own:
``python -m zerolint.verify.harness SCRIPT RESULT_JSON [--sample N] [--steps K]``.
Only the dry-run processes import TensorFlow.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import os
import runpy
import sys
import traceback
import warnings
from pathlib import Path

from zerolint.verify.runner import MAX_FITS

MAX_WARNINGS = 20


class _StopScript(BaseException):
    """Raised from the patched ``fit``: nothing after the last probed ``fit`` runs."""


def _quote(error: BaseException) -> str:
    """``ValueError: <the message's first telling line>``: Keras's multi-line errors put the
    summary first and end with code fences or argument dumps that say nothing alone."""
    lines = traceback.format_exception_only(type(error), error)
    text = "".join(lines).strip().splitlines()
    if not text:
        return type(error).__name__
    head, rest = text[0], text[1:]
    name, _, message = head.partition(": ")
    telling = [line.strip() for line in [message, *rest] if any(c.isalnum() for c in line)]
    quoted = f"{name}: {telling[0]}" if message or telling else head
    return quoted[:300]


def _is_download(error: BaseException, quoted: str) -> bool:
    """A failed download (keras.datasets, get_file, urllib): no network in the dry run."""
    import urllib.error

    return isinstance(error, urllib.error.URLError) or "URL fetch failure" in quoted


def _script_line(script: str) -> int | None:
    """The line of the script that called ``fit`` (innermost frame in the script file).
    Walks the frames itself: ``inspect.stack`` looks up every frame's module (~0.5 s with
    TensorFlow loaded)."""
    frame = sys._getframe(1)
    seen: dict[str, bool] = {}
    while frame is not None:
        name = frame.f_code.co_filename
        if name not in seen:
            seen[name] = os.path.realpath(name) == script
        if seen[name]:
            return frame.f_lineno
        frame = frame.f_back
    return None


def _empty_history(model_class, model):
    """What the skipped ``fit`` returns: a ``History`` of the model's own Keras, empty."""
    module = "tf_keras" if model_class.__module__.startswith("tf_keras") else "keras"
    try:
        callbacks = __import__(f"{module}.callbacks", fromlist=["History"])
        history = callbacks.History()
        history.set_model(model)
    except Exception:  # an odd Keras: the script gets None, as from a bare function
        return None
    history.history, history.epoch, history.params = {}, [], {}
    with contextlib.suppress(Exception):
        model.history = history
    return history


class Harness:
    def __init__(
        self,
        script: str,
        sample: int,
        steps: int,
        result_path: str | None = None,
        max_fits: int = MAX_FITS,
    ) -> None:
        self.script = os.path.realpath(script)
        self.sample = sample
        self.steps = steps
        self.result_path = result_path
        self.max_fits = max_fits
        self.fits: list[dict] = []
        self.models: list = []  # fitted models, by identity
        self.stopped: str | dict = ""  # why the script stopped after its last probed fit
        self.warnings: list[str] = []  # since the last probed fit

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
            return _empty_history(model_class, model)

        model_class.fit = fit

    def on_fit(self, model, arguments: dict) -> None:
        from zerolint.verify.probes import run_probes

        line = _script_line(self.script)
        for seen, fit in zip(self.models, self.fits, strict=True):
            if seen is model:  # lines, so that a notebook's can be given in cells
                self.stopped = {"refit": line, "first": fit["line"]}
                raise _StopScript
        try:
            probes = run_probes(model, arguments, self.sample, self.steps)
        except Exception as error:  # a probe bug is not the script's failure
            probes = {"errors": {"probes": f"internal error: {error!r}"}}
        self.fits.append({"line": line, "probes": probes, "warnings": self.warnings})
        self.models.append(model)
        self.warnings = []
        self.save(self.result())  # a later crash or timeout keeps what was probed
        if len(self.fits) >= self.max_fits:
            self.stopped = f"the dry run stops after {self.max_fits} fits"
            raise _StopScript

    def result(self, after: str = "") -> dict:
        result = {"outcome": "fit", "fits": self.fits}
        if self.stopped or after:
            result["stopped"] = self.stopped or after
        return result

    def save(self, result: dict) -> None:
        if self.result_path is None:
            return
        partial = f"{self.result_path}.partial"
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(result, out, default=str)
        os.replace(partial, self.result_path)

    def run(self, folder: str | None = None) -> dict:
        """Run the script as ``__main__`` from ``folder`` (default: the script's) on
        ``sys.path``; the caller has set the working directory."""
        sys.argv = [self.script]
        sys.path.insert(0, folder or os.path.dirname(self.script))
        with contextlib.suppress(Exception):  # repeatable runs: the same numbers every time
            import keras

            keras.utils.set_random_seed(0)
        try:
            runpy.run_path(self.script, run_name="__main__")
        except _StopScript:
            pass
        except SystemExit as exit_:
            if self.fits:
                return self.result(f"the script called sys.exit({exit_.code!r})")
            return {
                "outcome": "exit",
                "reason": f"the script called sys.exit({exit_.code!r}) before fit",
            }
        except MemoryError:
            if self.fits:
                return self.result("the script ran out of memory after its last fit")
            return {"outcome": "memory", "reason": "the script ran out of memory before fit"}
        except BaseException as error:  # the script's own failure: quote it
            quoted = _quote(error)
            if self.fits:
                return self.result(f"the script raised after its last fit: {quoted}")
            if _is_download(error, quoted):
                return {
                    "outcome": "download",
                    "reason": f"the script needs a download before fit (no network?): {quoted}",
                }
            return {"outcome": "error", "reason": f"the script raised before fit: {quoted}"}
        if not self.fits:
            return {"outcome": "no-fit", "reason": "the script finished without calling fit"}
        return self.result()


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


def dry_run(
    script: str,
    result_path: str,
    sample: int,
    steps: int,
    folder: str | None = None,
    max_fits: int = MAX_FITS,
) -> None:
    """Patch Keras, run the script, write the JSON result (also partial ones on the way)."""
    harness = Harness(script, sample, steps, result_path, max_fits)
    warnings.simplefilter("always")
    warnings.showwarning = harness.record_warning
    try:
        for model_class in _keras_classes():
            harness.patch(model_class)
    except Exception as error:
        result = {"outcome": "error", "reason": f"cannot import Keras: {_quote(error)}"}
    else:
        result = harness.run(folder)
    harness.save(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zerolint.verify.harness")
    parser.add_argument("script")
    parser.add_argument("result")
    parser.add_argument("--sample", type=int, default=256)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--folder", help="sys.path[0] (default: the script's folder)")
    parser.add_argument("--max-fits", type=int, default=MAX_FITS)
    args = parser.parse_args(argv)
    dry_run(
        args.script, str(Path(args.result)), args.sample, args.steps, args.folder, args.max_fits
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
