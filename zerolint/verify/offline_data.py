"""In the dry-run process: the data sets a script downloads, without a download.

The dry run gives each script a private ``KERAS_HOME``, so Keras would not find the copy of
a data set the user already has. ``--verify-offline-data`` says what happens instead:

- ``cache``: ``keras.utils.get_file`` serves the user's own Keras cache (``$KERAS_HOME``
  or ``~/.keras`` of the zerolint process) read only (an archive is extracted into the
  private cache, never next to the user's copy); what is not cached is downloaded as the
  script asks, if the machine can;
- ``stand-in`` (the default): the user's cache, and a data set that is not cached gets a
  seeded stand-in (``stand_ins``) with the real shapes, dtypes, ranges and class counts,
  without a download, from ``keras.datasets.<name>.load_data()`` and scikit-learn's
  documented ``fetch_*`` (which read their own cache, ``~/scikit_learn_data``); each use
  is reported with its line, and the verdicts of that fit say so. Any other file the
  script fetches is downloaded as the script asks, as under ``cache``;
- ``never``: nothing changes.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.util
import os
import sys
import urllib.error
import urllib.parse
from collections.abc import Callable

from zerolint.verify import stand_ins
from zerolint.verify.runner import NEVER, STAND_IN

USER_KERAS_HOME = "ZEROLINT_USER_KERAS_HOME"  # set by zerolint to its own Keras home
# Keras 2 extracted CIFAR under these names; Keras 3 asks for the first and reads the
# batches from a folder of the second's name inside it.
_LEGACY = {
    "cifar-10-batches-py-target": "cifar-10-batches-py",
    "cifar-100-python-target": "cifar-100-python",
}


class NotCached(urllib.error.URLError):
    """A data set with a stand-in is not cached: its loader gives the stand-in instead of
    downloading (raised inside the loader, never to the script)."""


def user_keras_home() -> str:
    """The user's Keras home: what zerolint saw in ``KERAS_HOME``, else ``~/.keras``."""
    return os.environ.get(USER_KERAS_HOME) or os.path.join(os.path.expanduser("~"), ".keras")


def is_download_failure(error: BaseException) -> bool:
    """The loader could not download (not cached under ``stand-in``, no network, a failed
    request), or was told not to (scikit-learn's ``download_if_missing=False``)."""
    if isinstance(error, urllib.error.URLError | ConnectionError | TimeoutError):
        return True
    text = str(error)
    return "URL fetch failure" in text or "download_if_missing" in text


def _replace(original: Callable, replacement: Callable, prefixes: tuple[str, ...]) -> None:
    """Bind ``replacement`` wherever a loaded module of these packages holds ``original``
    under its name (Keras's data set modules import ``get_file`` by name)."""
    name = original.__name__
    for module_name, module in list(sys.modules.items()):
        if module is None or not module_name.startswith(prefixes):
            continue
        with contextlib.suppress(Exception):
            if vars(module).get(name) is original:
                setattr(module, name, replacement)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs ``then(module)`` once the module ``name`` has been imported (executed)."""

    def __init__(self, name: str, then: Callable) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname, path=None, target=None):
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        execute, then = spec.loader.exec_module, self.then

        def exec_module(module) -> None:
            execute(module)
            with contextlib.suppress(Exception):
                then(module)

        spec.loader.exec_module = exec_module
        return spec


def _sklearn_home_exists(fetch: Callable, args: tuple, kwargs: dict) -> bool:
    """Whether scikit-learn's data home for this ``fetch_*`` call exists (its
    ``get_data_home``: ``data_home``, else $SCIKIT_LEARN_DATA, else ~/scikit_learn_data).
    Without it nothing is cached; the loader is not called, as it would create the folder,
    which the dry run refuses where it has no copy-on-write view."""
    home = stand_ins.bound_arguments(fetch, args, kwargs).get("data_home")
    if home is None:
        home = os.environ.get("SCIKIT_LEARN_DATA", os.path.join("~", "scikit_learn_data"))
    try:
        return os.path.isdir(os.path.expanduser(os.fspath(home)))
    except TypeError:  # not a path: scikit-learn's own error, as the script would get it
        return True


def after_import(name: str, then: Callable) -> None:
    """``then(module)`` now if ``name`` is imported, else when the script imports it: a
    script that never uses scikit-learn's data sets does not pay for their import."""
    if name in sys.modules:
        with contextlib.suppress(Exception):
            then(sys.modules[name])
        return
    sys.meta_path.insert(0, _AfterImport(name, then))


class OfflineData:
    """Installs the policy's patches; ``used`` lists the stand-ins handed out, each as
    ``{"name", "title", "line"}`` (the script line that loaded it)."""

    def __init__(self, policy: str, line_of: Callable[[], int | None]) -> None:
        self.policy = policy
        self.line_of = line_of
        self.home = user_keras_home()
        self.used: list[dict] = []
        self.loading = 0  # inside a loader that has a stand-in: no download there

    def install(self) -> None:
        if self.policy == NEVER:
            return
        with contextlib.suppress(ImportError):
            from keras.src.utils import file_utils

            for name in stand_ins.KERAS:  # their modules bind get_file at import
                importlib.import_module(f"keras.src.datasets.{name}")
            original = file_utils.get_file
            _replace(original, self._cached(original), ("keras",))
        if self.policy != STAND_IN:
            return
        for package in ("keras", "tf_keras"):
            for name, stand_in in stand_ins.KERAS.items():
                self._loader(package, name, "load_data", stand_in)
            for name in ("imdb", "reuters"):
                vocabulary = 88584 if name == "imdb" else 30979
                words = stand_ins.StandIn(name, lambda _, v=vocabulary: stand_ins.word_index(v))
                self._loader(package, name, "get_word_index", words, record=False)
        after_import("sklearn.datasets", self._patch_sklearn)

    def _patch_sklearn(self, datasets) -> None:
        for function, stand_in in stand_ins.SKLEARN.items():
            with contextlib.suppress(Exception):
                original = getattr(datasets, function)
                _replace(original, self._standing_in(original, function, stand_in), ("sklearn",))

    def _loader(self, package: str, name: str, function: str, stand_in, record=True) -> None:
        for module_name in (f"{package}.datasets.{name}", f"{package}.src.datasets.{name}"):
            try:
                module = importlib.import_module(module_name)
                original = getattr(module, function)
            except Exception:  # another Keras's layout, or not installed
                continue
            wrapped = self._standing_in(original, name, stand_in, record)
            _replace(original, wrapped, (package,))

    def _standing_in(self, original, name: str, stand_in, record: bool = True) -> Callable:
        offline = self
        sklearn = name.startswith("fetch_")

        def loader(*args, **kwargs):
            if sklearn:  # its own cache only: scikit-learn downloads nothing then
                kwargs = {**kwargs, "download_if_missing": False}
            cached = not sklearn or _sklearn_home_exists(original, args, kwargs)
            offline.loading += 1
            try:
                if cached:
                    return original(*args, **kwargs)
            except Exception as error:
                if not is_download_failure(error):
                    raise
            finally:
                offline.loading -= 1
            if record:
                line = offline.line_of()
                offline.used.append({"name": name, "title": stand_in.title, "line": line})
            return stand_in.make(stand_ins.bound_arguments(original, args, kwargs))

        loader.__wrapped__ = original
        return loader

    def _cached(self, original) -> Callable:
        """``get_file`` that returns the user's cached copy (read only); what is cached
        nowhere is downloaded, except by a loader that has a stand-in (``NotCached``)."""
        offline, home = self, self.home

        def get_file(*args, **kwargs):
            arguments = stand_ins.bound_arguments(original, args, kwargs)
            try:
                found = _from_user_cache(home, arguments)
            except Exception:  # an unreadable cache, a broken archive: Keras's own way
                found = None
            if found is not None:
                return found
            if not (offline.loading and offline.policy == STAND_IN):
                return original(*args, **kwargs)
            origin = arguments.get("origin") or arguments.get("fname")
            raise NotCached(f"{origin} is not in the Keras cache ({home})")

        get_file.__wrapped__ = original
        return get_file


def _from_user_cache(home: str, arguments: dict) -> str | None:
    """The path ``get_file`` would return, served from the user's cache under ``home``, or
    None (not cached, or not a default-cache call). Keras 3's naming: a file is
    ``<subdir>/<fname>``; an archive to extract is ``<fname>_archive`` (or ``<fname>`` when
    it has a suffix) and extracts to ``<fname>`` (or ``<stem>_extracted``)."""
    from keras.src.backend.config import keras_home
    from keras.src.utils.file_utils import extract_archive

    subdir = arguments.get("cache_subdir", "datasets")
    if arguments.get("cache_dir") is not None or arguments.get("force_download"):
        return None
    if os.path.isabs(subdir) or os.path.realpath(home) == os.path.realpath(keras_home()):
        return None
    fname = arguments.get("fname")
    origin = arguments.get("origin") or ""
    name = os.fspath(fname) if fname else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not name or os.sep in name:
        return None
    cached, private = os.path.join(home, subdir), os.path.join(keras_home(), subdir)
    if not (arguments.get("extract") or arguments.get("untar")):
        path = os.path.join(cached, name)
        return path if os.path.isfile(path) else None
    if fname and "." in name:
        archive, extracted = name, f"{name[: name.find('.')]}_extracted"
    else:
        archive, extracted = f"{name}_archive", name
    if os.path.isdir(os.path.join(cached, extracted)):
        return os.path.join(cached, extracted)
    legacy = _LEGACY.get(name)
    if legacy and os.path.isdir(os.path.join(cached, legacy)):
        return cached  # the loader reads <returned>/<legacy>
    for candidate in (archive, f"{legacy}.tar.gz" if legacy else None):
        if candidate and os.path.isfile(os.path.join(cached, candidate)):
            target = os.path.join(private, extracted)
            os.makedirs(target, exist_ok=True)
            fmt = "tar" if arguments.get("untar") else arguments.get("archive_format", "auto")
            if extract_archive(os.path.join(cached, candidate), target, fmt):
                return target
    return None
