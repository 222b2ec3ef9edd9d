"""jupyterlab-lsp's one document of a notebook's cells: which cell each line is, for the
places messages cite, from the saved notebook even while cells are edited."""

from __future__ import annotations

import json
from pathlib import Path

from zerolint.checks.registry import all_rules
from zerolint.diagnostics import Diagnostic, Edit, Fix, Span
from zerolint.engine.lint import lint_source
from zerolint.inputs.sources import Source
from zerolint.lsp.server import within_one_cell
from zerolint.lsp.virtual_notebook import SavedNotebooks, cell_map, saved_cells, virtual_source

# A notebook, and the document jupyterlab-lsp 5.3.0 (JupyterLab 4.6.6) sent for it,
# captured from a real session: a markdown cell is one empty line, each cell is followed by
# two empty lines, magics are rewritten, %%time gains an END line, %%bash becomes a string.
MIXED = [
    ("markdown", "# Title\n\nsome text"),
    ("code", "import numpy as np\nfrom tensorflow import keras\n%matplotlib inline"),
    ("code", ""),
    ("code", "%%time\nz = 1\n\n\nw = 2"),
    ("code", "%%bash\necho hi\nls"),
    ("code", "q = 1\n"),
    (
        "code",
        "model = keras.Sequential([\n"
        '    keras.layers.Dense(1, activation="softmax"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")',
    ),
]
MIXED_VIRTUAL = (
    "\n\n\n"
    "import numpy as np\nfrom tensorflow import keras\n"
    'get_ipython().run_line_magic("matplotlib", " inline")\n\n\n'
    "\n\n\n"
    '# START_CELL_MAGIC("time", "")\nz = 1\n\n\nw = 2\n# END_CELL_MAGIC\n\n\n'
    'get_ipython().run_cell_magic("bash", "", """echo hi\nls""")\n\n\n'
    "q = 1\n\n\n\n"
    "model = keras.Sequential([\n"
    '    keras.layers.Dense(1, activation="softmax"),\n'
    "])\n"
    'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
)


def notebook(cells: list[tuple[str, str]]) -> str:
    return json.dumps(
        {"cells": [{"cell_type": kind, "metadata": {}, "source": text} for kind, text in cells]}
    )


def virtual(cells: list[tuple[str, str]]) -> str:
    """The document jupyterlab-lsp writes for plain Python cells (no magics)."""
    blocks = ["" if kind != "code" else text for kind, text in cells]
    return "\n\n\n".join(blocks) + "\n"


def lint(source: Source) -> list[Diagnostic]:
    diagnostics, errors = lint_source(source, list(all_rules()))
    assert errors == []
    return diagnostics


def located(cells: list[tuple[str, str]], text: str) -> dict[str, tuple[int | None, int]]:
    """Where each non-empty line of ``text`` is, with ``cells`` saved."""
    saved = saved_cells(notebook(cells))
    lines = text.split("\n")
    return {line: where for line, where in zip(lines, cell_map(lines, saved), strict=True) if line}


def test_the_captured_document_maps_every_line_to_its_cell():
    where = located(MIXED, MIXED_VIRTUAL)
    assert where["import numpy as np"] == (2, 1)
    assert where['get_ipython().run_line_magic("matplotlib", " inline")'] == (2, 3)
    assert where['# START_CELL_MAGIC("time", "")'] == (4, 1)  # the %%time line
    assert where["w = 2"] == (4, 5)  # two empty lines inside the cell are not a boundary
    assert where['get_ipython().run_cell_magic("bash", "", """echo hi'] == (5, 2)
    assert where["q = 1"] == (6, 1)
    assert where['    keras.layers.Dense(1, activation="softmax"),'] == (7, 2)
    assert where['model.compile(optimizer="adam", loss="binary_crossentropy")'] == (7, 4)


SAVED = [
    ("code", "import tensorflow as tf"),
    ("markdown", "## Model"),
    ("code", "model = tf.keras.Sequential([\n    tf.keras.layers.Dense(1),\n])"),
    ("code", 'model.compile(loss="mse")'),
    ("code", "model.fit(x, y)"),
]


def test_one_cell_edited_since_the_save_keeps_every_cell_known():
    edited = list(SAVED)
    edited[2] = ("code", "model = tf.keras.Sequential([\n\n    tf.keras.layers.Dense(2),\n])")
    where = located(SAVED, virtual(edited))
    assert where["    tf.keras.layers.Dense(2),"] == (3, 3)
    assert where['model.compile(loss="mse")'] == (4, 1)
    assert where["model.fit(x, y)"] == (5, 1)


def test_a_cell_added_or_deleted_since_the_save_renumbers_the_cells_after_it():
    added = [*SAVED[:3], ("code", "x, y = load()"), *SAVED[3:]]
    where = located(SAVED, virtual(added))
    assert where["x, y = load()"] == (4, 1)
    assert where['model.compile(loss="mse")'] == (5, 1)
    deleted = [*SAVED[:1], *SAVED[2:]]  # the markdown cell
    where = located(SAVED, virtual(deleted))
    assert where["    tf.keras.layers.Dense(1),"] == (2, 2)
    assert where["model.fit(x, y)"] == (4, 1)


def test_cells_not_known_when_several_changed_or_nothing_is_saved():
    changed = list(SAVED)
    changed[2] = ("code", "model = tf.keras.Sequential([tf.keras.layers.Dense(1)])")
    changed[3] = ("code", 'model.compile(loss="mae")\n\n\nprint(1)')
    where = located(SAVED, virtual(changed))
    assert where["import tensorflow as tf"] == (1, 1)  # before the changes: known
    assert where['model.compile(loss="mae")'][0] is None
    assert where["model.fit(x, y)"][0] is None  # how many cells came before: not known
    text = virtual(SAVED)
    assert cell_map(text.split("\n"), []) == [(None, n) for n in range(1, text.count("\n") + 2)]


def test_messages_cite_cells_while_findings_stay_on_the_document_lines(tmp_path: Path):
    cells = [
        ("code", "import tensorflow as tf"),
        ("markdown", "## Model"),
        (
            "code",
            "model = tf.keras.Sequential([\n"
            '    tf.keras.layers.Dense(1, activation="softmax"),\n'
            "])\n"
            'model.compile(optimizer="adam", loss="binary_crossentropy")',
        ),
    ]
    path = tmp_path / "train.ipynb"
    path.write_text(notebook(cells), encoding="utf-8")
    text = virtual(cells)
    source = virtual_source(text, str(path), SavedNotebooks().cells(path))
    (finding,) = lint(source)
    assert (finding.code, finding.cell, finding.line) == ("ZL101", None, 8)  # the document's
    assert "(Dense(1) at cell 3, line 2)" in finding.message
    # Without the saved notebook the message cites the document's line.
    (alone,) = lint(virtual_source(text, str(path), None))
    assert "(Dense(1) at line 8)" in alone.message


def test_a_fix_is_placed_only_inside_one_known_cell(tmp_path: Path):
    cells = [("code", "a = 1\nb = 2"), ("code", "c = 3")]
    source = virtual_source(virtual(cells), "nb.ipynb", saved_cells(notebook(cells)))

    def fix(*spans: Span) -> Fix:
        return Fix("safe", "x", tuple(Edit(span, "") for span in spans))

    assert within_one_cell(fix(Span(1, 1, 2, 5)), source)
    assert within_one_cell(fix(Span(1, 1, 2, 1)), source)  # ends at the start of line 2
    assert not within_one_cell(fix(Span(2, 1, 5, 1)), source)  # into the separator
    assert not within_one_cell(fix(Span(1, 1, 1, 2), Span(5, 1, 5, 2)), source)
    unknown = virtual_source(virtual(cells), "nb.ipynb", None)
    assert not within_one_cell(fix(Span(1, 1, 1, 2)), unknown)
