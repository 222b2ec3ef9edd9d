"""Jupyter notebooks: IPython syntax does not break parsing, findings are placed by cell."""

from __future__ import annotations

import json

from conftest import findings, write

PATH = "train.ipynb"


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code(text: str, as_list: bool = True) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": text.splitlines(keepends=True) if as_list else text,
    }


def notebook(*cells: dict) -> str:
    return json.dumps(
        {
            "cells": list(cells),
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


TRAINING_BUG_LINE = (
    'model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])\n'
)


# The bug is in cell 4 (the markdown cell counts, as in ruff), line 3, column 5.
# Without IPython handling, every code cell here but the last would be a syntax error.
TRAINING = notebook(
    markdown("# Training\nA binary classifier.\n"),
    code(
        "%matplotlib inline\n!pip install tensorflow\nimport tensorflow as tf\nfiles = !ls data\n"
    ),
    code("%%time\nx = tf.zeros((8, 4))\n%time y = 1\n", as_list=False),
    code(
        "tf.keras.Sequential?\n"
        "model = tf.keras.Sequential([\n"
        '    tf.keras.layers.Dense(1, activation="softmax"),\n'
        "])\n"
        "model?\n"
    ),
    code("%%bash\nfor f in data/*; do\n  echo $f\ndone\n"),
    code('model.compile(optimizer="adam", loss="binary_crossentropy")\n'),
)


def test_finding_in_a_notebook_is_placed_by_cell_and_line(run_zerolint, tmp_path):
    write(tmp_path, PATH, TRAINING)

    code_, out, err = run_zerolint(["--output-format", "concise", PATH])
    assert (code_, err) == (1, "")
    assert findings(out) == [("train.ipynb:cell 4", 3, 5, "ZL101")]
    assert out.startswith("train.ipynb:cell 4:3:5: ZL101 ")

    code_, out, err = run_zerolint([PATH])  # full
    assert (code_, err) == (1, "")
    lines = out.splitlines()
    assert lines[0].startswith("train.ipynb:cell 4:3:5: ZL101 ")
    assert lines[2] == '3 |     tf.keras.layers.Dense(1, activation="softmax"),'
    carets = "^" * len('tf.keras.layers.Dense(1, activation="softmax")')
    assert lines[3] == f"  |     {carets} ZL101"

    code_, out, err = run_zerolint(["--output-format", "json", PATH])
    assert (code_, err) == (1, "")
    (diagnostic,) = json.loads(out)["diagnostics"]
    assert diagnostic["path"] == PATH
    assert (diagnostic["cell"], diagnostic["line"], diagnostic["column"]) == (4, 3, 5)
    assert (diagnostic["end_line"], diagnostic["end_column"]) == (3, 51)
    assert diagnostic["code"] == "ZL101"


def test_folder_walk_finds_notebooks_and_cells_of_other_notebooks_do_not_mix(
    run_zerolint, tmp_path
):
    write(tmp_path, "nb/train.ipynb", TRAINING)
    clean = TRAINING.replace('\\"softmax\\"', '\\"sigmoid\\"')
    assert clean != TRAINING
    write(tmp_path, "nb/clean.ipynb", clean)
    write(tmp_path, "nb/.ipynb_checkpoints/train-checkpoint.ipynb", TRAINING)

    code_, out, err = run_zerolint(["--output-format", "concise", "."])
    assert (code_, err) == (1, "")
    assert findings(out) == [("nb/train.ipynb:cell 4", 3, 5, "ZL101")]


def test_python_lines_that_look_like_magics_are_kept(run_zerolint, tmp_path):
    # Continuation lines starting with % or != and text in a triple-quoted string are Python.
    write(
        tmp_path,
        PATH,
        notebook(
            code(
                "import tensorflow as tf\n"
                'label = ("%d units"\n'
                "         % 1)\n"
                "if (label\n"
                '        != "x"):\n'
                '    note = """\n'
                "!not a shell command\n"
                '"""\n'
                "def build():\n"
                "    %time tf.zeros(1)\n"
                "    return tf.keras.Sequential([\n"
                '        tf.keras.layers.Dense(1, activation="softmax")])\n'
            ),
            code("model = build()\nmodel.compile(loss='binary_crossentropy')\n"),
        ),
    )
    code_, out, err = run_zerolint(["--output-format", "concise", PATH])
    assert (code_, err) == (1, "")
    assert findings(out) == [("train.ipynb:cell 1", 12, 9, "ZL101")]


def test_syntax_error_in_a_cell_names_the_cell(run_zerolint, tmp_path):
    write(
        tmp_path,
        PATH,
        notebook(
            code("import tensorflow as tf\n"),
            markdown("Some text"),
            code("x = 1\nif x:\nprint(x)\n"),
        ),
    )
    write(tmp_path, "good.py", "import tensorflow as tf\n" + TRAINING_BUG_LINE)

    code_, out, err = run_zerolint(["--output-format", "concise", PATH, "good.py"])
    assert code_ == 2
    assert err.splitlines()[0].startswith("train.ipynb:cell 3:3:1: error: syntax error")
    assert findings(out) == [("good.py", 2, 30, "ZL101")]

    code_, out, err = run_zerolint(["--output-format", "json", PATH])
    assert code_ == 2
    (error,) = json.loads(out)["errors"]
    assert (error["path"], error["line"], error["column"]) == (PATH, 3, 1)
    assert error["message"].startswith("cell 3: syntax error")


def test_noqa_in_a_cell_suppresses(run_zerolint, tmp_path):
    write(
        tmp_path,
        PATH,
        notebook(
            code("import tensorflow as tf\n"),
            code(TRAINING_BUG_LINE.replace("\n", "  # noqa: ZL101\n")),
            code(TRAINING_BUG_LINE.replace("model", "other")),
        ),
    )
    code_, out, _ = run_zerolint(["--output-format", "concise", PATH])
    assert code_ == 1
    assert findings(out) == [("train.ipynb:cell 3", 1, 30, "ZL101")]


def test_notebook_without_code_cells_is_clean(run_zerolint, tmp_path):
    write(tmp_path, PATH, notebook(markdown("# Nothing to run")))
    assert run_zerolint([PATH]) == (0, "All checks passed!\n", "")


def test_syntax_error_message_cites_lines_of_the_cell(run_zerolint, tmp_path):
    write(tmp_path, PATH, notebook(code("x = 1\n"), code("y = 2\nif y:\nz = 3\n")))
    code_, _, err = run_zerolint([PATH])
    assert code_ == 2
    assert err.startswith("train.ipynb:cell 2:3:1: error: syntax error: expected an indented")
    assert "on line 3" not in err  # the `if` is on line 2 of cell 2 (line 3 of the program)
    assert "after 'if' statement on cell 2, line 2" in err
