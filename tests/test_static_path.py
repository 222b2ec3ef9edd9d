"""The static path never imports TensorFlow or Keras (nor numpy: ~100 ms of start-up).

Only ``--verify`` may import TensorFlow, and only in a child process. Linting, in a fresh
interpreter as pre-commit and editors run it, must stay cheap: these tests run zerolint
in a subprocess and look at every module it imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"tensorflow", "keras", "tf_keras"}
NOT_NEEDED = {"numpy"}

BUGGY = """\
import numpy as np
import tensorflow as tf
from tensorflow import keras

x = np.random.rand(64, 8)
y = np.random.randint(0, 2, size=(64, 1))
model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=1)
other = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
"""


def _targets(tmp_path: Path) -> list[str]:
    """A buggy script, plus the examples and the rule catalog when the checkout has them."""
    script = tmp_path / "train.py"
    script.write_text(BUGGY, encoding="utf-8")
    targets = [str(script)]
    if (REPO_ROOT / "examples").is_dir():
        targets.append(str(REPO_ROOT / "examples"))
    targets.extend(str(path) for path in sorted((REPO_ROOT / "rules").glob("*/*.py")))
    return targets


def _imported(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` lines: ``import time: self | cumulative | name``."""
    names = set()
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        fields = line[len("import time:") :].split("|")
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue  # the header line
        names.add(fields[2].strip())
    return names


def _top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """What the bare interpreter imports (site, .pth files): not zerolint's doing."""
    result = _run(["-X", "importtime", "-c", "pass"], tmp_path_factory.mktemp("baseline"))
    assert result.returncode == 0, result.stderr
    imported = _top_level(_imported(result.stderr))
    if imported & (HEAVY | NOT_NEEDED):
        pytest.skip(f"the interpreter itself imports {sorted(imported & (HEAVY | NOT_NEEDED))}")
    return imported


def test_importtime_shows_no_tensorflow_keras_or_numpy(tmp_path: Path, baseline: set[str]) -> None:
    targets = _targets(tmp_path)
    result = _run(
        ["-X", "importtime", "-m", "zerolint", "--output-format", "concise", *targets], tmp_path
    )
    assert result.returncode == 1, result.stdout + result.stderr  # findings, not an error
    assert "ZL101" in result.stdout
    imported = _imported(result.stderr)
    assert any(name.startswith("zerolint.") for name in imported), "importtime output not parsed"
    assert "libcst" in _top_level(imported)
    heavy = sorted(name for name in imported if name.split(".")[0] in HEAVY)
    assert not heavy, f"the static path imported {heavy}"
    unneeded = sorted(name for name in imported if name.split(".")[0] in NOT_NEEDED)
    assert not unneeded, f"the static path imported {unneeded[:5]}... (~100 ms of start-up)"


def test_sys_modules_after_main_has_no_tensorflow_keras_or_numpy(tmp_path: Path) -> None:
    targets = _targets(tmp_path)
    snippet = (
        "import json, sys\n"
        "import zerolint.cli.main\n"
        f"code = zerolint.cli.main.main({['--output-format', 'json', *targets]!r})\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(HEAVY | NOT_NEEDED)!r})\n"
        "sys.stderr.write('LOADED=' + json.dumps(loaded) + '\\n')\n"
        "sys.exit(code)\n"
    )
    result = _run(["-c", snippet], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    assert any(d["code"] == "ZL101" for d in findings["diagnostics"]), result.stdout
    line = next(line for line in result.stderr.splitlines() if line.startswith("LOADED="))
    loaded = json.loads(line[len("LOADED=") :])
    heavy = [name for name in loaded if name.split(".")[0] in HEAVY]
    assert heavy == [], f"cli.main.main() imported {heavy}"
    unneeded = [name for name in loaded if name.split(".")[0] in NOT_NEEDED]
    assert unneeded == [], f"cli.main.main() imported {unneeded[:5]}... (~100 ms of start-up)"


def test_files_without_keras_skip_libcst_but_keep_syntax_errors(tmp_path: Path) -> None:
    """The textual pre-check: no keras/tensorflow in the text, no libcst parse (or import)."""
    (tmp_path / "util.py").write_text("import os\n\nHOME = os.environ.get('HOME')\n")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    snippet = (
        "import sys\n"
        "import zerolint.cli.main\n"
        "code = zerolint.cli.main.main(['--output-format', 'concise', '.'])\n"
        "sys.stderr.write('LIBCST=%s\\n' % ('libcst' in sys.modules))\n"
        "sys.exit(code)\n"
    )
    result = _run(["-c", snippet], tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "LIBCST=False" in result.stderr
    assert "broken.py:1:7: error: syntax error: invalid syntax" in result.stderr
