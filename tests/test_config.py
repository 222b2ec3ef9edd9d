"""``[tool.zerolint]``: discovery, rule selection with ruff's semantics, files, errors."""

from __future__ import annotations

import pytest
from conftest import BUGGY, error_lines, findings, write

BOTH = {"ZL101", "ZL102"}


def codes(stdout: str) -> set[str]:
    return {code for *_, code in findings(stdout)}


def paths(stdout: str) -> set[str]:
    return {path for path, *_ in findings(stdout)}


def pyproject(body: str) -> str:
    return "[tool.zerolint]\n" + body


# --- where the configuration comes from ------------------------------------------------


def test_config_is_found_by_walking_up_and_tables_of_other_tools_are_skipped(
    run_zerolint, tmp_path
):
    write(tmp_path, "pyproject.toml", pyproject('ignore = ["ZL102"]\n'))
    # Nearer, but without [tool.zerolint] (even though it names zerolint): skipped.
    write(
        tmp_path,
        "app/pyproject.toml",
        '[project]\nname = "app"\ndependencies = ["zerolint"]\n[tool.ruff]\nline-length = 99\n',
    )
    write(tmp_path, "app/src/train.py", BUGGY)

    code, out, err = run_zerolint(["--output-format", "concise", "train.py"], tmp_path / "app/src")
    assert (code, err) == (1, "")
    assert findings(out) == [("train.py", 2, 30, "ZL101")]

    code, out, _ = run_zerolint(["--output-format", "concise", "app/src/train.py"])
    assert findings(out) == [("app/src/train.py", 2, 30, "ZL101")]


def test_config_option_names_the_file_to_use(run_zerolint, tmp_path):
    write(tmp_path, "pyproject.toml", pyproject('ignore = ["ZL102"]\n'))
    write(tmp_path, "ci/zerolint.toml", 'ignore = ["ZL101"]\n')  # keys at top level
    write(tmp_path, "ci/pyproject.toml", pyproject('select = ["ZL102"]\n'))
    write(tmp_path, "train.py", BUGGY)

    _, out, _ = run_zerolint(["--output-format", "concise", "train.py"])
    assert codes(out) == {"ZL101"}
    _, out, _ = run_zerolint(["--config", "ci/zerolint.toml", "--output-format", "concise", "."])
    assert codes(out) == {"ZL102"}
    _, out, _ = run_zerolint(["--config", "ci/pyproject.toml", "--output-format", "concise", "."])
    assert codes(out) == {"ZL102"}


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        pytest.param(
            {"pyproject.toml": pyproject('select = ["ZL1"]\nmax-line-length = 3\n')},
            [],
            "unknown key 'max-line-length' in [tool.zerolint]",
            id="unknown-key",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('select = ["ZL199"]\n')},
            [],
            "unknown rule code or prefix 'ZL199' in 'select'",
            id="unknown-code-select",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('extend-select = ["E501"]\n')},
            [],
            "unknown rule code or prefix 'E501' in 'extend-select'",
            id="unknown-code-other-tool",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('ignore = ["ZL9"]\n')},
            [],
            "unknown rule code or prefix 'ZL9' in 'ignore'",
            id="unknown-prefix-ignore",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('per-file-ignores = {"tests/*" = ["ZL777"]}\n')},
            [],
            "unknown rule code or prefix 'ZL777' in 'per-file-ignores.tests/*'",
            id="unknown-code-per-file-ignores",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('select = "ZL1"\n')},
            [],
            "'select' must be a list of strings",
            id="wrong-type",
        ),
        pytest.param(
            {"pyproject.toml": pyproject("respect-gitignore = 1\n")},
            [],
            "'respect-gitignore' must be true or false",
            id="wrong-type-bool",
        ),
        pytest.param(
            {"pyproject.toml": '[tool.zerolint\nselect = ["ZL1"]\n'},
            [],
            "invalid TOML",
            id="invalid-toml",
        ),
        pytest.param(
            {"pyproject.toml": "[tool]\nzerolint = 3\n"},
            [],
            "[tool.zerolint] must be a table",
            id="not-a-table",
        ),
        pytest.param(
            {"pyproject.toml": 'tool = "zerolint"\n'},
            [],
            "'tool' must be a table; zerolint reads [tool.zerolint]",
            id="tool-is-a-string",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('select = ["ZL1"]\n').encode() + b"# \xff\n"},
            [],
            "not valid UTF-8 (byte 0xff at offset 35); TOML files are UTF-8",
            id="not-utf8",
        ),
        pytest.param(
            {"pyproject.toml": pyproject('select = [""]\n')},
            [],
            "unknown rule code or prefix '' in 'select'",
            id="empty-code",
        ),
        pytest.param(
            {"pyproject.toml": "[tool.zerolint.options.ZL301]\nmax-scale-ratio = -5\n"},
            [],
            "ZL301 option 'max-scale-ratio' must be a number above 0, not -5",
            id="negative-option",
        ),
        pytest.param(
            {"pyproject.toml": "[tool.zerolint.options.ZL301]\nmax-scale-ratio = nan\n"},
            [],
            "ZL301 option 'max-scale-ratio' must be a number above 0, not nan",
            id="nan-option",
        ),
        pytest.param(
            {"pyproject.toml": "[tool.zerolint.options.ZL701]\nmin-rate = inf\n"},
            [],
            "ZL701 option 'min-rate' must be a number above 0, not inf",
            id="infinite-option",
        ),
        pytest.param({}, ["--config", "nope.toml"], "configuration file not found", id="missing"),
        pytest.param(
            {"other/pyproject.toml": "[tool.ruff]\n"},
            ["--config", "other/pyproject.toml"],
            "no [tool.zerolint] table",
            id="config-without-table",
        ),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(run_zerolint, tmp_path, files, args, message):
    for name, text in files.items():
        write(tmp_path, name, text)
    write(tmp_path, "train.py", BUGGY)

    code, out, err = run_zerolint([*args, "train.py"])

    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("zerolint: error: ")
    assert message in err
    config = args[1] if args else "pyproject.toml"
    assert config in err  # names the file


# --- which rules run ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "args", "expected"),
    [
        pytest.param("", [], BOTH, id="defaults"),
        pytest.param('select = ["ZL101"]\n', [], {"ZL101"}, id="select"),
        pytest.param('select = ["zl101"]\n', [], {"ZL101"}, id="select-lower-case"),
        pytest.param('select = [" ZL101 "]\n', [], {"ZL101"}, id="select-spaces"),
        pytest.param('ignore = [" ZL1 "]\n', [], set(), id="ignore-spaces"),
        pytest.param(
            'per-file-ignores = {"train.py" = [" ZL101"]}\n', [], {"ZL102"}, id="per-file-spaces"
        ),
        pytest.param('select = ["ALL"]\n', [], BOTH, id="select-all"),
        pytest.param('ignore = ["ZL1"]\n', [], set(), id="ignore-prefix"),
        pytest.param('select = ["ALL"]\nignore = ["ZL102"]\n', [], {"ZL101"}, id="all-minus-one"),
        pytest.param(
            'select = ["ZL102"]\nignore = ["ZL1"]\n', [], {"ZL102"}, id="specific-select-wins"
        ),
        pytest.param(
            'select = ["ZL1"]\nignore = ["ZL102"]\n', [], {"ZL101"}, id="specific-ignore-wins"
        ),
        pytest.param('select = ["ZL1"]\nignore = ["ZL1"]\n', [], set(), id="tie-ignore-wins"),
        pytest.param(
            'select = ["ZL101"]\n', ["--extend-select", "ZL102"], BOTH, id="cli-extend-select"
        ),
        pytest.param('select = ["ZL101"]\n', ["--select", "ZL102"], {"ZL102"}, id="cli-select"),
        pytest.param(
            'ignore = ["ZL101"]\n', ["--select", "ZL1"], BOTH, id="cli-select-resets-config"
        ),
        pytest.param(
            'ignore = ["ZL1"]\n', ["--extend-select", "ZL101"], {"ZL101"}, id="cli-after-config"
        ),
        pytest.param('select = ["ZL101"]\n', ["--ignore", "ZL101"], set(), id="cli-ignore"),
        pytest.param("", ["--select", "zl1", "--ignore", "ZL102"], {"ZL101"}, id="cli-lower-case"),
        pytest.param("", ["--select", "ZL101,ZL102"], BOTH, id="cli-comma-list"),
        pytest.param(
            'extend-select = ["ZL101"]\nignore = ["ALL"]\n',
            [],
            {"ZL101"},
            id="extend-select-beats-ignore-all",
        ),
    ],
)
def test_rule_selection_follows_ruff(run_zerolint, tmp_path, config, args, expected):
    write(tmp_path, "pyproject.toml", pyproject(config))
    write(tmp_path, "train.py", BUGGY)
    code, out, err = run_zerolint([*args, "--output-format", "concise", "train.py"])
    assert err == ""
    assert code == (1 if expected else 0)
    assert codes(out) == expected


def test_per_file_ignores_globs(run_zerolint, tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        pyproject(
            "[tool.zerolint.per-file-ignores]\n"
            '"tests/*.py" = ["ZL101"]\n'
            '"legacy_*.py" = ["ZL1"]\n'
            '"notebooks/**" = ["ALL"]\n'
        ),
    )
    for name in ("train.py", "tests/t.py", "tests/deeper/t.py", "legacy_a.py", "src/legacy_b.py"):
        write(tmp_path, name, BUGGY)
    write(tmp_path, "notebooks/deep/er/n.py", BUGGY)

    code, out, err = run_zerolint(["--output-format", "concise", "."])
    assert (code, err) == (1, "")
    assert {(path, code) for path, _, _, code in findings(out)} == {
        ("train.py", "ZL101"),
        ("train.py", "ZL102"),
        ("tests/t.py", "ZL102"),
        # "*" does not cross folders: tests/*.py does not match tests/deeper/t.py
        ("tests/deeper/t.py", "ZL101"),
        ("tests/deeper/t.py", "ZL102"),
        # legacy_a.py and src/legacy_b.py: a pattern without "/" also matches the name
    }

    # Globs are relative to the configuration file, not to the working directory.
    code, out, _ = run_zerolint(["--output-format", "concise", "t.py"], tmp_path / "tests")
    assert findings(out) == [("t.py", 3, 38, "ZL102")]


# --- which files are checked ------------------------------------------------------------------


def test_exclude_and_extend_exclude(run_zerolint, tmp_path):
    write(
        tmp_path,
        "pyproject.toml",
        pyproject('extend-exclude = ["generated", "sub/deep", "./.cache/data", "*_pb2.py"]\n'),
    )
    for name in (
        "train.py",
        "generated/a.py",  # a name, anywhere
        "src/generated/b.py",
        "sub/deep/c.py",  # a path, relative to the configuration file
        "other/sub/deep/d.py",  # ... so this one is not excluded
        ".cache/data/e.py",
        ".cache/f.py",  # hidden folders are not excluded by default
        "proto/model_pb2.py",
        ".venv/g.py",  # extend-exclude keeps the defaults
    ):
        write(tmp_path, name, BUGGY)

    expected = {"train.py", "other/sub/deep/d.py", ".cache/f.py"}
    _, out, err = run_zerolint(["--output-format", "concise", "."])
    assert err == ""
    assert paths(out) == expected

    # From a subfolder, path patterns are still relative to the configuration file.
    _, out, _ = run_zerolint(["--output-format", "concise", "."], tmp_path / "sub")
    assert paths(out) == set()
    _, out, _ = run_zerolint(["--output-format", "concise", "."], tmp_path / "other")
    assert paths(out) == {"sub/deep/d.py"}

    # exclude replaces the defaults.
    write(tmp_path, "pyproject.toml", pyproject('exclude = ["generated"]\n'))
    _, out, _ = run_zerolint(["--output-format", "concise", "."])
    assert paths(out) == expected | {
        "sub/deep/c.py",
        ".cache/data/e.py",
        "proto/model_pb2.py",
        ".venv/g.py",
    }


def test_default_excludes(run_zerolint, tmp_path):
    write(tmp_path, "train.py", BUGGY)
    for folder in (
        ".venv",
        "venv",
        "build",
        "dist",
        "__pycache__",
        "node_modules",
        ".git",
        ".tox",
        "lib/site-packages",
        "nb/.ipynb_checkpoints",
        "src/__pycache__",
    ):
        write(tmp_path, f"{folder}/x.py", BUGGY)
    code, out, err = run_zerolint(["--output-format", "concise"])
    assert (code, err) == (1, "")
    assert paths(out) == {"train.py"}


def test_gitignore_is_respected_with_negation_and_nesting(run_zerolint, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "out/\nscratch_*.py\ndata/*\n!data/keep.py\n")
    write(tmp_path, "src/.gitignore", "/local.py\n")
    names = (
        "train.py",
        "out/a.py",
        "scratch_1.py",
        "src/scratch_2.py",
        "data/drop.py",
        "data/keep.py",
        "src/local.py",
        "src/deeper/local.py",  # "/local.py" is anchored to src/
    )
    for name in names:
        write(tmp_path, name, BUGGY)

    _, out, err = run_zerolint(["--output-format", "concise"])
    assert err == ""
    assert paths(out) == {"train.py", "data/keep.py", "src/deeper/local.py"}

    write(tmp_path, "pyproject.toml", pyproject("respect-gitignore = false\n"))
    _, out, _ = run_zerolint(["--output-format", "concise"])
    assert paths(out) == set(names)


def test_explicit_paths_are_linted_unless_force_exclude(run_zerolint, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "ignored/\n")
    write(tmp_path, "pyproject.toml", pyproject('extend-exclude = ["legacy", "old_*.py"]\n'))
    explicit = ["legacy/a.py", "legacy/deep/b.py", "old_c.py", "ignored/d.py", ".venv/e.py"]
    for name in [*explicit, "train.py"]:
        write(tmp_path, name, BUGGY)

    _, out, err = run_zerolint(["--output-format", "concise", *explicit, "train.py"])
    assert err == ""
    assert paths(out) == {*explicit, "train.py"}

    code, out, err = run_zerolint(
        ["--force-exclude", "--output-format", "concise", *explicit, "train.py"]
    )
    assert (code, err) == (1, "")
    assert paths(out) == {"train.py"}

    # An excluded folder named explicitly: walked without the option, skipped with it.
    _, out, _ = run_zerolint(["--output-format", "concise", "legacy"])
    assert paths(out) == {"legacy/a.py", "legacy/deep/b.py"}
    code, out, _ = run_zerolint(["--force-exclude", "--output-format", "concise", "legacy"])
    assert (code, findings(out)) == (0, [])

    # And the name given with stdin.
    code, out, _ = run_zerolint(
        ["--force-exclude", "-", "--stdin-filename", "legacy/x.py"], stdin=BUGGY
    )
    assert (code, findings(out)) == (0, [])


def test_force_exclude_without_a_configuration_file(run_zerolint, tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, ".gitignore", "out/\n")
    for name in (".venv/lib/x.py", "build/y.py", "out/z.py", "train.py"):
        write(tmp_path, name, BUGGY)
    args = ["--force-exclude", "--output-format", "concise"]

    _, out, _ = run_zerolint([*args, ".venv/lib/x.py", "build/y.py", "out/z.py", "train.py"])
    assert paths(out) == {"train.py"}
    # The first path's folder must not become the root that stops the search.
    _, out, _ = run_zerolint([*args, "build/y.py"])
    assert paths(out) == set()
    _, out, _ = run_zerolint([*args, "y.py"], tmp_path / "build")
    assert paths(out) == {"y.py"}  # the working directory itself is never excluded


def test_bad_configuration_stops_the_run_before_files_are_read(run_zerolint, tmp_path):
    # A bad configuration stops the run before any file is read: nothing on stdout.
    write(tmp_path, "pyproject.toml", pyproject('ignore = ["ZL000"]\n'))
    write(tmp_path, "bad.py", b"x = '\xff'\n")
    code, out, err = run_zerolint(["bad.py"])
    assert (code, out) == (2, "")
    assert error_lines(err) == [err.strip()]
    assert "ZL000" in err
