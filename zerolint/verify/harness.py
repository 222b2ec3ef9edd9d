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
import functools
import inspect
import json
import os
import re
import runpy
import sys
import traceback
import warnings
from pathlib import Path

from zerolint.verify.offline_data import OfflineData
from zerolint.verify.runner import MAX_FITS, OFFLINE_POLICIES, STAND_IN

MAX_WARNINGS = 20
MAX_HELD_OUT = 8  # evaluate()/predict() calls noted per model


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


_MISSING_WORDS = ("no such file", "not found", "does not exist", "could not find", "no images")
_QUOTED = re.compile(r"'([^'\n]+)'|\"([^\"\n]+)\"")
_PATHLIKE = re.compile(r"[^\s'\"]*(?:/[^\s'\"]*|\.[A-Za-z][A-Za-z0-9]{0,4})(?=[.,:;]?(?:\s|$))")


def _missing_path(error: BaseException, quoted: str) -> str | None:
    """The data file or folder the script tried to read and that does not exist, when the
    error is about a missing path (open, pandas, numpy, PIL, tf.io, Keras's loaders)."""
    text = quoted.lower()
    if not isinstance(error, FileNotFoundError) and not any(w in text for w in _MISSING_WORDS):
        return None
    candidates = [getattr(error, "filename", None)]
    message = str(error)
    quoted_paths = [a or b for a, b in _QUOTED.findall(message)]
    candidates += [q for q in quoted_paths if _PATHLIKE.fullmatch(q)]
    candidates += _PATHLIKE.findall(message)
    for candidate in candidates:
        if isinstance(candidate, os.PathLike):
            candidate = os.fspath(candidate)
        if not isinstance(candidate, str) or not candidate.strip() or "://" in candidate:
            continue
        candidate = candidate.strip().rstrip(".,:;")
        if candidate and not os.path.exists(candidate):
            return candidate
    return None


def _raised_in_keras(error: BaseException) -> bool:
    """Keras (or TensorFlow) itself raised the error: the innermost frame is theirs."""
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    if trace is None:
        return False
    name = trace.tb_frame.f_code.co_filename.replace(os.sep, "/")
    return any(f"/{package}/" in name for package in ("keras", "tf_keras", "tensorflow"))


def _script_line(script: str, frame=None, constructing=None) -> int | None:
    """The line of the script that made the current call (innermost frame in the script
    file), from ``frame`` up (default: the caller's). With ``constructing``, the frames of
    that object's own ``__init__`` chain are skipped, so that a layer class defined in the
    script is placed where it is built, not at its ``super().__init__()``. Walks the frames
    itself: ``inspect.stack`` looks up every frame's module (~0.5 s with TensorFlow loaded)."""
    frame = frame or sys._getframe(1)
    seen: dict[str, bool] = {}
    while frame is not None:
        name = frame.f_code.co_filename
        if name not in seen:
            seen[name] = os.path.realpath(name) == script
        if seen[name] and not (
            constructing is not None
            and frame.f_code.co_name == "__init__"
            and frame.f_locals.get("self") is constructing
        ):
            return frame.f_lineno
        frame = frame.f_back
    return None


def _traceback_line(script: str, error: BaseException) -> int | None:
    """The script line the exception came through last (innermost frame in the script)."""
    line = None
    seen: dict[str, bool] = {}
    trace = error.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name not in seen:
            seen[name] = os.path.realpath(name) == script
        if seen[name]:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


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


class Channel:
    """The pipe on which a forked dry-run process sends its messages to the worker, one JSON
    object a line. A script that closed its descriptor (and perhaps opened a file under the
    same number) gets nothing written into its file."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        status = os.fstat(fd)
        self.identity = (status.st_dev, status.st_ino)

    def send(self, message: dict) -> None:
        try:
            status = os.fstat(self.fd)
            if (status.st_dev, status.st_ino) != self.identity:
                return
            data = (json.dumps(message, default=str) + "\n").encode()
            while data:
                data = data[os.write(self.fd, data) :]
        except OSError:  # the worker is gone
            pass


class Harness:
    def __init__(
        self,
        script: str,
        sample: int,
        steps: int,
        results: str | Channel | None = None,
        max_fits: int = MAX_FITS,
        offline_data: str = STAND_IN,
    ) -> None:
        self.script = os.path.realpath(script)
        self.offline = OfflineData(offline_data, lambda: _script_line(self.script))
        self.sample = sample
        self.steps = steps
        self.results = results  # a file's path, or the worker's channel
        self.max_fits = max_fits
        self.fits: list[dict] = []
        self.models: list = []  # fitted models, by identity
        self.arguments: list[dict] = []  # what each probed fit received
        # Per model (fitted or not yet), the data passed to its evaluate() and predict()
        # with what and where ({"what": "evaluate()", "line": 30}): the held-out rows a
        # scaler fit before the split has seen (ZL402), or training rows scored as a test.
        self.held_out: dict[int, tuple[object, list[tuple[dict, object]]]] = {}
        self.probing = False  # the probes' own clones and calls are not the script's
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
        for method in ("evaluate", "predict"):
            self._record_held_out(model_class, method)

    def _record_held_out(self, model_class, method: str) -> None:
        """Wrap ``evaluate``/``predict``: note their ``x``, then run them as written."""
        original = getattr(model_class, method)
        harness = self

        @functools.wraps(original)
        def wrapper(model, *args, **kwargs):
            x = args[0] if args else kwargs.get("x")
            if x is not None and not harness.probing:
                with contextlib.suppress(Exception):  # never the script's failure
                    harness.on_held_out(model, f"{method}()", x)
            return original(model, *args, **kwargs)

        setattr(model_class, method, wrapper)

    def patch_layers(self, layer_class) -> None:
        """Note the script line that builds each layer (``_zerolint_line``), so that a
        finding on one of two identical layers is judged on its own."""
        original = layer_class.__init__
        harness = self

        # No functools.wraps: Keras reads a layer's constructor arguments for its config from
        # ``__init__``'s signature, and the wrapped one's names make model.save raise KeyError.
        def __init__(layer, *args, **kwargs):
            original(layer, *args, **kwargs)
            if harness.probing or "_zerolint_line" in vars(layer):
                return
            with contextlib.suppress(Exception):
                line = _script_line(harness.script, sys._getframe(1), constructing=layer)
                object.__setattr__(layer, "_zerolint_line", line)

        layer_class.__init__ = __init__

    def on_fit(self, model, arguments: dict) -> None:
        from zerolint.verify.probes import run_probes

        line = _script_line(self.script)
        for seen, fit, given in zip(self.models, self.fits, self.arguments, strict=True):
            # The same model on the same data again (a loop of fits, another cell): nothing
            # new to measure. On other data (a second split, a scaled copy) it is probed.
            if seen is model and all(given.get(k) is arguments.get(k) for k in ("x", "y")):
                self.stopped = {"refit": line, "first": fit["line"]}  # lines: cells later
                raise _StopScript
        held = self.held_out.setdefault(id(model), (model, []))[1]
        self.probing = True
        try:
            probes = run_probes(model, arguments, self.sample, self.steps, held)
        except Exception as error:  # a probe bug is not the script's failure
            probes = {"errors": {"probes": f"internal error: {error!r}"}}
        finally:
            self.probing = False
        fit = {"line": line, "probes": probes, "warnings": self.warnings}
        if self.offline.used:  # the data sets loaded so far that are stand-ins
            fit["stand_ins"] = list(self.offline.used)
        self.fits.append(fit)
        self.models.append(model)
        self.arguments.append(arguments)
        self.warnings = []
        self.save(self.result())  # a later crash or timeout keeps what was probed
        if len(self.fits) >= self.max_fits:
            self.stopped = f"the dry run stops after {self.max_fits} fits"
            raise _StopScript

    def on_held_out(self, model, how: str, x) -> None:
        """Data passed to ``evaluate``/``predict``: pooled with the training rows of the
        model's fit (already probed, or still to come) for ZL402's statistics."""
        from zerolint.verify.probes import held_out_probes

        held = self.held_out.setdefault(id(model), (model, []))[1]
        if len(held) >= MAX_HELD_OUT or any(seen is x for _, seen in held):
            return  # predict() in a loop: the first calls tell the story
        held.append(({"what": how, "line": _script_line(self.script)}, x))
        fitted = [i for i, seen in enumerate(self.models) if seen is model]
        self.probing = True
        try:
            for index in fitted:
                probes = self.fits[index]["probes"]
                held_out_probes(probes, model, self.arguments[index], held, self.sample)
        finally:
            self.probing = False
        if fitted:
            self.save(self.result())

    def failure(self, error: BaseException, quoted: str) -> dict:
        """The result of a script that raised before its first fit: what it raised, at
        which of its lines, whether Keras raised it, and the data file it could not find."""
        found = {"error": quoted, "line": _traceback_line(self.script, error)}
        if _raised_in_keras(error):
            import keras

            found["keras"] = keras.__version__
        if _is_download(error, quoted):
            return {
                "outcome": "download",
                "reason": f"the script needs a download before fit (no network?): {quoted}",
                **found,
            }
        path = _missing_path(error, quoted)
        if path is not None:
            return {
                "outcome": "missing-file",
                "reason": f"the script could not find {path} before fit: {quoted}",
                "path": path,
                "resolved": os.path.abspath(path),
                **found,
            }
        return {"outcome": "error", "reason": f"the script raised before fit: {quoted}", **found}

    def result(self, after: str = "") -> dict:
        result = {"outcome": "fit", "fits": self.fits}
        if self.stopped or after:
            result["stopped"] = self.stopped or after
        return result

    def save(self, result: dict) -> None:
        if self.results is None:
            return
        if isinstance(self.results, Channel):
            self.results.send({"result": result})
            return
        partial = f"{self.results}.partial"
        with open(partial, "w", encoding="utf-8") as out:
            json.dump(result, out, default=str)
        os.replace(partial, self.results)

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
            return self.failure(error, quoted)
        if not self.fits:
            return {"outcome": "no-fit", "reason": "the script finished without calling fit"}
        return self.result()


def _keras_classes() -> list[tuple]:
    """(Model, Layer) of Keras 3, and of Keras 2 (tf_keras, its own classes) if present."""
    import keras

    classes = [(keras.Model, keras.layers.Layer)]
    try:
        import tf_keras

        classes.append((tf_keras.Model, tf_keras.layers.Layer))
    except ImportError:
        pass
    return classes


def dry_run(
    script: str,
    results: str | Channel,
    sample: int,
    steps: int,
    folder: str | None = None,
    max_fits: int = MAX_FITS,
    offline_data: str = STAND_IN,
) -> None:
    """Patch Keras, run the script, write the JSON result (also partial ones on the way).
    ``offline_data`` is the policy for data sets the script downloads (``offline_data``)."""
    harness = Harness(script, sample, steps, results, max_fits, offline_data)
    warnings.simplefilter("always")
    warnings.showwarning = harness.record_warning
    try:
        for model_class, layer_class in _keras_classes():
            harness.patch(model_class)
            harness.patch_layers(layer_class)
        harness.offline.install()
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
    parser.add_argument("--offline-data", choices=OFFLINE_POLICIES, default=STAND_IN)
    args = parser.parse_args(argv)
    dry_run(
        args.script,
        str(Path(args.result)),
        args.sample,
        args.steps,
        args.folder,
        args.max_fits,
        args.offline_data,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
