"""zerolint in a real JupyterLab, driven in headless Chromium: the README's "JupyterLab"
section, for real.

A JupyterLab server (with jupyterlab-lsp, from the ``jupyter`` extra) starts on 127.0.0.1 in
a temporary root and a temporary Jupyter home, with no token and no browser; jupyter-lsp
finds ``zerolint lsp`` by its entry point alone, as after a user's install. Debian's
Chromium, driven by selenium through Debian's chromedriver (nothing is downloaded), opens a
notebook whose third cell builds ``Dense(1, activation="softmax")`` under
``binary_crossentropy``. The test waits for the underline on that line, reads ZL101 in its
tooltip and in the diagnostics panel, types the fix and waits for both to go, then types
the bug and the fix again a few times, timing the underline after each bug, and saves a
screenshot (also to the file ``ZEROLINT_SCREENSHOT`` names: ``docs/jupyterlab.png`` is made
so). No process of the server or the browser may outlive the test.

Skipped where Chromium, chromedriver or the ``jupyter`` extra is absent; CI installs them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# Headless, as root in CI (no sandbox), and no connection of its own on a closed network.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,1000",
)
TIMEOUT = 120.0  # seconds for anything to appear: a loaded 2-core machine is slow
EDITS = 5  # times the bug is typed again and timed
SCREENSHOT_ENV = "ZEROLINT_SCREENSHOT"

CELLS = [
    (
        "code",
        "import numpy as np\n"
        "from tensorflow import keras\n"
        "from tensorflow.keras import layers\n"
        "%matplotlib inline",
    ),
    ("markdown", "## A binary classifier\n\nOne output unit for a 0/1 label."),
    (
        "code",
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        '    layers.Dense(16, activation="relu"),\n'
        '    layers.Dense(1, activation="softmax"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")',
    ),
    (
        "code",
        'x = np.random.rand(64, 8).astype("float32")\n'
        "y = np.random.randint(0, 2, size=(64, 1))\n"
        "!echo training\n"
        "model.fit(x, y, epochs=1)",
    ),
]
MODEL_CELL = 2  # 0-based: the third cell

# User settings: no toast over the notebook asking whether to fetch Jupyter's news.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    }
}


def _missing() -> str | None:
    """Why this test cannot run here, or None."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        return "Chromium is not installed (apt-get install chromium chromium-driver)"
    for module in ("selenium", "jupyterlab", "jupyter_lsp", "pygls"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (the dev extra: pip install -e '.[dev]')"
    labextension = Path(sys.prefix, "share/jupyter/labextensions/@jupyter-lsp/jupyterlab-lsp")
    if not labextension.is_dir():
        return "jupyterlab-lsp is not installed (pip install 'zerolint[jupyter]')"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


def wait_for(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    """Poll ``condition`` until it returns something true; fail naming ``what``. A page
    element replaced while it was read is "not yet"."""
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(StaleElementReferenceException):
            value = condition()
            if value:
                return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


# --- processes -------------------------------------------------------------------------


def descendants(pid: int) -> set[int]:
    """The processes ``pid`` started, and those they started (from /proc: Linux)."""
    children: dict[int, set[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, set()).add(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has ended)."""
    running = set()
    for pid in pids:
        with contextlib.suppress(OSError, IndexError):
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                running.add(pid)
    return running


def stop_all(stop: Callable[[], None], pid: int, what: str) -> None:
    """Run ``stop``, then check that ``pid`` and every process it started ended with it;
    any left is killed, and reported."""
    pids = {pid} | descendants(pid)
    stop()
    deadline = time.monotonic() + 30
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = alive(pids)
    for leftover in left:
        with contextlib.suppress(OSError):
            os.kill(leftover, signal.SIGKILL)
    assert not left, f"{what} left processes behind: {sorted(left)}"


@contextlib.contextmanager
def jupyterlab(root: Path, home: Path) -> Iterator[str]:
    """A JupyterLab server on 127.0.0.1 serving ``root``, configured only under ``home``:
    its URL. Stopped on exit, with its kernels and language servers."""
    env = dict(os.environ, HOME=str(home))
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(home / name.lower())
    env["JUPYTERLAB_SETTINGS_DIR"] = str(home / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "lab-workspaces")
    for name, values in SETTINGS.items():
        settings = home / "lab-settings" / name
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={root}",
        # Nothing from the network: no extension manager, news or update checks.
        "--LabApp.extension_manager=readonly",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log_path = home / "jupyterlab.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
        try:

            def url() -> str | None:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited:\n{log_path.read_text()}")
                # The server writes its URL (and the port it got) to its runtime folder.
                info = Path(env["JUPYTER_RUNTIME_DIR"], f"jpserver-{server.pid}.json")
                with contextlib.suppress(OSError, ValueError):
                    return json.loads(info.read_text())["url"]
                return None

            yield wait_for(url, "JupyterLab to start")
        finally:
            stop_all(lambda: _stop(server), server.pid, "JupyterLab")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server as Ctrl-C does: it shuts its kernels and language servers down."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """Debian's Chromium under Debian's chromedriver, with a new empty profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    service = Service(CHROMEDRIVER)  # a driver given: selenium downloads none
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        stop_all(driver.quit, service.process.pid, "Chromium")


# --- the notebook in the page ----------------------------------------------------------


class Notebook:
    """The notebook open in the page: its cells, underlines, tooltip, panel and typing."""

    def __init__(self, driver: Any) -> None:
        from selenium.webdriver.common.by import By

        self.driver = driver
        self.css = lambda root, selector: root.find_elements(By.CSS_SELECTOR, selector)

    def cells(self) -> list[Any]:
        return self.css(self.driver, ".jp-NotebookPanel .jp-Cell")

    def underlines(self, cell: int) -> list[Any]:
        """The diagnostics' underlines in cell ``cell`` (0-based); zerolint is the only
        language server here."""
        cells = self.cells()
        return self.css(cells[cell], ".cm-lintRange") if cell < len(cells) else []

    def line(self, cell: int, text: str) -> Any:
        """The editor line of cell ``cell`` that holds ``text``."""
        lines = self.css(self.cells()[cell], ".cm-line")
        return next((line for line in lines if text in line.text), None)

    def replace_word(self, cell: int, old: str, new: str) -> float:
        """Click the line ending with ``"old"),``, select the word backwards from its end
        and type ``new``, as a user does: when the last key was sent."""
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        line = wait_for(lambda: self.line(cell, f'"{old}"'), f"the line holding {old!r}")
        ActionChains(self.driver).click(line).send_keys(Keys.END, Keys.LEFT * 3).perform()
        select = ActionChains(self.driver).key_down(Keys.CONTROL).key_down(Keys.SHIFT)
        select.send_keys(Keys.LEFT).key_up(Keys.SHIFT).key_up(Keys.CONTROL).perform()
        ActionChains(self.driver).send_keys(new).perform()
        typed = time.monotonic()
        wait_for(lambda: self.line(cell, f'"{new}"'), f"{new!r} typed")
        return typed

    def tooltip(self, cell: int) -> str:
        """The text of the tooltip shown while the mouse rests on the cell's underline."""
        from selenium.webdriver.common.action_chains import ActionChains

        hovered = [0.0]

        def shown() -> str:
            if time.monotonic() - hovered[0] > 3:  # hover again if nothing came
                (underline,) = self.underlines(cell)
                ActionChains(self.driver).move_to_element(underline).perform()
                hovered[0] = time.monotonic()
            return " ".join(tip.text for tip in self.css(self.driver, ".cm-tooltip-lint"))

        return wait_for(shown, "the underline's tooltip")

    def open_diagnostics_panel(self, cell: int) -> None:
        """Open jupyterlab-lsp's diagnostics panel from the underline's context menu."""
        from selenium.webdriver.common.action_chains import ActionChains

        (underline,) = self.underlines(cell)
        ActionChains(self.driver).context_click(underline).perform()

        def item() -> Any:
            entries = self.css(self.driver, ".lm-Menu-item")
            return next((e for e in entries if "diagnostics panel" in e.text.lower()), None)

        wait_for(item, "the context menu's diagnostics panel item").click()

    def close_left_sidebar(self) -> None:
        """Collapse the file browser (for the screenshot): its tab toggles it."""
        selector = ".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current"
        for tab in self.css(self.driver, selector):
            tab.click()
        wait_for(lambda: not self.css(self.driver, selector), "the file browser to close")

    def panel_rows(self) -> list[list[str]]:
        """The rows of the diagnostics panel, each the text of its columns (message, code,
        severity, source, cell, line:column)."""
        rows = self.css(self.driver, ".lsp-diagnostics-listing tbody tr")
        return [[column.text for column in self.css(row, "td")] for row in rows]


def test_zerolint_underlines_the_bug_in_a_notebook_cell_as_it_is_typed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    notebook_json = {
        "cells": [
            {"cell_type": kind, "id": f"cell-{n}", "metadata": {}, "source": source}
            | ({"execution_count": None, "outputs": []} if kind == "code" else {})
            for n, (kind, source) in enumerate(CELLS)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "file_extension": ".py"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (root / "train.ipynb").write_text(json.dumps(notebook_json, indent=1), encoding="utf-8")

    with jupyterlab(root, tmp_path / "home") as url, chromium(tmp_path / "profile") as driver:
        driver.get(f"{url}lab/tree/train.ipynb?reset")
        notebook = Notebook(driver)
        wait_for(lambda: len(notebook.cells()) == len(CELLS), "the notebook's cells")

        # The finding, underlined on the line of the third cell that has it, and nowhere else.
        (underline,) = wait_for(lambda: notebook.underlines(MODEL_CELL), "the underline")
        assert 'Dense(1, activation="softmax")' in underline.text
        assert [notebook.underlines(n) for n in (0, 1, 3)] == [[], [], []]
        tooltip = notebook.tooltip(MODEL_CELL)
        assert "ZL101" in tooltip and "softmax" in tooltip, tooltip
        notebook.open_diagnostics_panel(MODEL_CELL)
        rows = wait_for(notebook.panel_rows, "the diagnostics panel's rows")
        assert [row[1:5] for row in rows] == [["ZL101", "Error", "zerolint", "3"]], rows

        # The fix typed in: the underline and the panel's row go.
        notebook.replace_word(MODEL_CELL, "softmax", "sigmoid")
        wait_for(lambda: not notebook.underlines(MODEL_CELL), "the underline to go")
        wait_for(lambda: not notebook.panel_rows(), "the diagnostics panel to empty")

        # The bug typed again: how long from the last key to the underline.
        latencies = []
        for _ in range(EDITS):
            typed = notebook.replace_word(MODEL_CELL, "sigmoid", "softmax")
            wait_for(lambda: notebook.underlines(MODEL_CELL), "the underline after the bug")
            latencies.append(time.monotonic() - typed)
            notebook.replace_word(MODEL_CELL, "softmax", "sigmoid")
            wait_for(lambda: not notebook.underlines(MODEL_CELL), "the underline to go")
        print(
            f"\ntyping the bug to the underline: median {statistics.median(latencies):.2f} s "
            f"over {EDITS} edits ({', '.join(f'{t:.2f}' for t in latencies)})"
        )

        notebook.close_left_sidebar()
        notebook.replace_word(MODEL_CELL, "sigmoid", "softmax")
        wait_for(lambda: notebook.underlines(MODEL_CELL), "the underline after the bug")
        wait_for(notebook.panel_rows, "the diagnostics panel's row")
        notebook.tooltip(MODEL_CELL)
        screenshot = tmp_path / "jupyterlab.png"
        assert driver.save_screenshot(str(screenshot))
        if os.environ.get(SCREENSHOT_ENV):
            _save_small(screenshot, Path(os.environ[SCREENSHOT_ENV]))


def _save_small(png: Path, target: Path) -> None:
    """The screenshot in 64 colours: a few tens of KB for the README."""
    from PIL import Image

    with Image.open(png) as image:
        image.convert("RGB").quantize(colors=64).save(target, optimize=True)
