"""``zerolint lsp``: the server end to end with pygls's client; its position and noqa helpers."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import BUGGY, ONLY_ZL101, write

from zerolint.diagnostics import HEADLINE_LIMIT, Edit, Fix, Span
from zerolint.fix.noqa import apply_edit, noqa_edit, split_lines
from zerolint.lsp.server import Configs, lint_text, notebook_cells, notebook_json, place, to_units

TIMEOUT = 30  # seconds for any one step: a broken server fails the test, never hangs it
DOCS = "https://github.com/zerolint/zerolint/blob/main/rules/"

# --- positions -------------------------------------------------------------------------


def test_utf16_columns_count_surrogate_pairs():
    line = 'x = "é😀"; y = 1'
    assert to_units(line, 5) == 5  # "é" is one UTF-16 unit
    assert to_units(line, 6) == 6
    assert to_units(line, 7) == 8  # the emoji is two
    assert to_units(line, len(line)) == len(line) + 1
    assert to_units(line, 7, "utf-8") == 11  # "é" 2 bytes, emoji 4
    assert to_units(line, 7, "utf-32") == 7


def test_place_converts_one_based_code_points_to_zero_based_units():
    lines = split_lines('a = "😀é"; model.compile(loss="x")\nb = 1\n')
    # zerolint column 11 (1-based, code points) is "model" at index 10: 11 UTF-16 units.
    assert place(lines, 1, 11).line == 0
    assert place(lines, 1, 11).character == 11
    assert place(lines, 2, 1).character == 0
    assert place(lines, 1, 11, "utf-32").character == 10


def test_split_lines_breaks_only_where_the_lsp_does():
    assert split_lines("a\x0cb\r\nc\rd\ne") == ["a\x0cb", "c", "d", "e"]


# --- noqa ------------------------------------------------------------------------------


def _noqa(code: str, line: int, rule: str = "ZL105") -> str | None:
    edit = noqa_edit(code, line, rule)
    return None if edit is None else apply_edit(code, edit)


def test_noqa_appended_at_the_end_of_the_line():
    code = "x = 1   \ny = 2\n"
    assert _noqa(code, 1) == "x = 1  # noqa: ZL105\ny = 2\n"


def test_noqa_merges_with_an_existing_code_list():
    assert _noqa("x = 1  # noqa: ZL101\n", 1) == "x = 1  # noqa: ZL101, ZL105\n"
    assert _noqa("x = 1  # NOQA:ZL101,ZL102 why\n", 1) == "x = 1  # NOQA:ZL101,ZL102, ZL105 why\n"
    assert _noqa("x = 1  # zerolint: ignore[ZL101]\n", 1) == (
        "x = 1  # zerolint: ignore[ZL101, ZL105]\n"
    )
    assert _noqa("x = 1  # noqa:\n", 1) == "x = 1  # noqa: ZL105\n"


def test_noqa_does_nothing_when_the_line_is_already_covered():
    assert noqa_edit("x = 1  # noqa\n", 1, "ZL105") is None
    assert noqa_edit("x = 1  # noqa: zl105\n", 1, "ZL105") is None
    assert noqa_edit("x = 1  # zerolint: ignore\n", 1, "ZL105") is None


def test_noqa_after_another_comment_and_not_inside_strings():
    assert _noqa("x = 1  # keep me\n", 1) == "x = 1  # keep me  # noqa: ZL105\n"
    # A "#" inside a string is not a comment.
    assert _noqa('x = "# noqa"\n', 1) == 'x = "# noqa"  # noqa: ZL105\n'
    # Inside a multi-line string or after a backslash the comment moves down the statement.
    code = 'f(a, """\ntext\n""")\n'
    assert _noqa(code, 1) == 'f(a, """\ntext\n""")  # noqa: ZL105\n'
    assert _noqa("x = 1 + \\\n    2\n", 1) == "x = 1 + \\\n    2  # noqa: ZL105\n"


def test_noqa_edit_keeps_crlf_line_breaks():
    assert _noqa("x = 1\r\ny = 2\r\n", 2) == "x = 1\r\ny = 2  # noqa: ZL105\r\n"


def test_noqa_edit_suppresses_the_finding():
    from zerolint.checks.registry import all_rules
    from zerolint.engine.lint import lint_source
    from zerolint.inputs.sources import from_text

    def codes(code: str) -> list[str]:
        diagnostics, errors = lint_source(from_text(code, "t.py"), all_rules())
        assert not errors
        return sorted(d.code for d in diagnostics)

    assert codes(BUGGY) == ["ZL101", "ZL102"]
    fixed = _noqa(BUGGY, 2, "ZL101")
    assert fixed is not None
    assert codes(fixed) == ["ZL102"]


def test_configuration_is_cached_per_folder_until_the_file_changes(tmp_path: Path):
    import os

    config = write(tmp_path, "pyproject.toml", "[tool.zerolint]\nignore = ['ZL101']\n")
    configs = Configs()
    first = configs.get(tmp_path)
    assert "ZL101" not in [rule.code for rule in first.rules]
    assert configs.get(tmp_path) is first
    config.write_text("[tool.zerolint]\nignore = ['XX1']\n", encoding="utf-8")
    stat = config.stat()
    os.utime(config, (stat.st_atime, stat.st_mtime + 5))
    broken = configs.get(tmp_path)
    assert broken.error is not None and "XX1" in broken.error and broken.rules == []
    # An error is read again on the next lint: fixing the file is seen at once.
    config.write_text("[tool.zerolint]\nignore = ['ZL102']\n", encoding="utf-8")
    fixed = configs.get(tmp_path)
    assert fixed.error is None
    assert "ZL101" in [rule.code for rule in fixed.rules]
    assert "ZL102" not in [rule.code for rule in fixed.rules]


def test_configuration_created_later_is_found_after_the_recheck_delay(tmp_path: Path):
    folder = tmp_path / "project" / "src"
    folder.mkdir(parents=True)
    configs = Configs(recheck=60.0)
    assert configs.get(folder).settings.path is None
    created = write(tmp_path, "project/pyproject.toml", "[tool.zerolint]\nignore = ['ZL1']\n")
    assert configs.get(folder).settings.path is None  # cached for a minute
    configs.recheck = 0.0
    assert configs.get(folder).settings.path == created.resolve()


# --- the command -----------------------------------------------------------------------


def test_lsp_without_pygls_prints_a_hint_and_exits_2():
    script = (
        "import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
        "from zerolint.cli.main import main; sys.exit(main(['lsp']))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip().splitlines() == [
        "zerolint: error: zerolint lsp needs pygls: pip install 'zerolint[lsp]'"
    ]


# --- end to end ------------------------------------------------------------------------


class Session:
    """A pygls client talking to ``python -m zerolint lsp`` in a subprocess."""

    def __init__(self, root: Path, notebooks: bool = False, links: bool = False) -> None:
        from lsprotocol import types
        from pygls.lsp.client import LanguageClient

        self.types = types
        self.root = root
        self.client = LanguageClient("zerolint-tests", "0")
        self.published: asyncio.Queue = asyncio.Queue()
        self.notebooks = notebooks
        self.links = links  # the client shows codeDescription links (as VS Code does)
        self.logs: list[str] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def on_log(params: types.LogMessageParams) -> None:
            self.logs.append(params.message)

    async def start(self) -> None:
        types = self.types
        await self.client.start_io(sys.executable, "-m", "zerolint", "lsp", cwd=str(self.root))
        result = await asyncio.wait_for(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(
                        notebook_document=types.NotebookDocumentClientCapabilities(
                            synchronization=types.NotebookDocumentSyncClientCapabilities()
                        )
                        if self.notebooks
                        else None,
                        text_document=types.TextDocumentClientCapabilities(
                            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                                code_description_support=True
                            )
                        )
                        if self.links
                        else None,
                    ),
                    root_uri=self.root.as_uri(),
                    workspace_folders=[types.WorkspaceFolder(uri=self.root.as_uri(), name="root")],
                )
            ),
            TIMEOUT,
        )
        self.capabilities = result.capabilities
        self.client.initialized(types.InitializedParams())

    async def next_published(self, uri: str):
        """The next publishDiagnostics for ``uri``."""
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri:
                return params

    async def diagnostics(self, uri: str):
        return (await self.next_published(uri)).diagnostics

    def open(self, uri: str, text: str) -> None:
        """Open a Python document (version 1) with ``text``."""
        item = self.types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        self.client.text_document_did_open(self.types.DidOpenTextDocumentParams(item))

    async def code_actions(self, uri: str, diagnostics: list, only: list | None = None):
        """The code actions offered for ``diagnostics`` (at the first one's range)."""
        types = self.types
        where = (
            diagnostics[0].range
            if diagnostics
            else types.Range(types.Position(0, 0), types.Position(0, 0))
        )
        params = types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
        return await asyncio.wait_for(self.client.text_document_code_action_async(params), TIMEOUT)

    async def hover(self, uri: str, position):
        params = self.types.HoverParams(
            text_document=self.types.TextDocumentIdentifier(uri=uri), position=position
        )
        return await asyncio.wait_for(self.client.text_document_hover_async(params), TIMEOUT)

    def change(self, uri: str, version: int, text: str) -> None:
        """Replace the whole document with ``text`` as ``version``."""
        types = self.types
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def stop(self) -> None:
        try:
            await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
            self.client.exit(None)
            await asyncio.wait_for(self.client.stop(), TIMEOUT)
        finally:
            server = self.client._server
            if server is not None and server.returncode is None:
                server.kill()


def _run(coroutine) -> None:
    asyncio.run(asyncio.wait_for(coroutine, 4 * TIMEOUT))


def test_lsp_end_to_end(tmp_path: Path):
    # What is on disk is clean: the server must lint the editor's buffer.
    path = write(tmp_path, "train.py", "")
    uri = path.as_uri()

    async def scenario():
        session = Session(tmp_path)
        types = session.types
        await session.start()
        try:
            sync = session.capabilities.text_document_sync
            assert sync.open_close and sync.save
            assert session.capabilities.code_action_provider

            session.open(uri, BUGGY)
            found = await session.diagnostics(uri)
            by_code = {d.code: d for d in found}
            assert sorted(by_code) == ["ZL101", "ZL102"]
            zl101 = by_code["ZL101"]
            assert zl101.range == types.Range(types.Position(1, 29), types.Position(1, 75))
            assert zl101.severity == types.DiagnosticSeverity.Error
            assert zl101.source == "zerolint"
            assert zl101.code_description.href == DOCS + "ZL101-single-unit-softmax/README.md"
            # The message is the one-line headline (and, for this client, which declares no
            # codeDescriptionSupport, the docs line); hovering over it gives the explanation.
            headline, docs = zl101.message.split("\n")
            assert headline.startswith("softmax on a 1-unit output (Dense(1) at line 2)")
            assert len(headline) <= HEADLINE_LIMIT and docs.startswith("ZL101 docs: ")
            assert by_code["ZL102"].range.start == types.Position(2, 37)
            hover = await session.hover(uri, types.Position(1, 40))
            assert hover.contents.kind == types.MarkupKind.Markdown
            assert hover.range == zl101.range
            text = hover.contents.value
            assert text.startswith(f"**ZL101** {headline}")
            assert "always outputs 1.0: every prediction is the same whatever the input" in text
            assert "help: Dense(1, activation=" in text and "ZL101-single-unit-softmax" in text
            assert await session.hover(uri, types.Position(0, 0)) is None  # no finding there

            # Disable for this line: the edit appends the noqa comment to line 2.
            actions = await session.code_actions(uri, [zl101])
            titles = [action.title for action in actions]
            assert titles == ["Disable ZL101 for this line"]
            action = actions[0]
            assert action.kind == types.CodeActionKind.QuickFix
            (edit,) = action.edit.changes[uri]
            line = BUGGY.splitlines()[1]
            assert edit.range == types.Range(
                types.Position(1, len(line)), types.Position(1, len(line))
            )
            assert edit.new_text == "  # noqa: ZL101"

            def change(version: int, text: str) -> None:
                session.change(uri, version, text)

            # An edit that fixes ZL102 (and keeps ZL101), then one that fixes both.
            change(2, ONLY_ZL101)
            assert [d.code for d in await session.diagnostics(uri)] == ["ZL101"]
            change(3, "x = 1\n")
            assert list(await session.diagnostics(uri)) == []

            # Quick changes are debounced: the newer one cancels the pending lint, so the
            # next diagnostics are those of version 5, with nothing published for 4.
            change(4, BUGGY)
            change(5, ONLY_ZL101)
            params = await session.next_published(uri)
            assert params.version == 5
            assert [d.code for d in params.diagnostics] == ["ZL101"]

            # Saving lints at once (cancelling the change's pending lint); closing clears.
            change(6, BUGGY)
            session.client.text_document_did_save(
                types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri=uri))
            )
            params = await session.next_published(uri)
            assert params.version == 6 and len(params.diagnostics) == 2
            session.client.text_document_did_close(
                types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri))
            )
            assert list(await session.diagnostics(uri)) == []
            await asyncio.sleep(1)  # no late lint of a closed document re-publishes
            assert session.published.empty()
        finally:
            await session.stop()

    _run(scenario())


def test_lsp_uses_the_folder_configuration_and_utf16_columns(tmp_path: Path):
    write(
        tmp_path,
        "pyproject.toml",
        textwrap.dedent(
            """\
            [tool.zerolint]
            per-file-ignores = {"ignored_*.py" = ["ZL102"]}
            """
        ),
    )
    write(tmp_path, "broken/pyproject.toml", "[tool.zerolint]\nselect = ['XX999']\n")
    # "é" and an emoji before the Dense call shift the UTF-16 columns by 3.
    shifted = BUGGY.replace("model = ", 'model = {"é😀": 0} and ', 1)

    async def scenario():
        session = Session(tmp_path)
        types = session.types
        await session.start()
        try:
            documents = {
                "ignored_a.py": BUGGY,
                "shifted.py": shifted,
                "broken/train.py": BUGGY,
            }
            uris = {name: (tmp_path / name).as_uri() for name in documents}
            for name, text in documents.items():
                session.open(uris[name], text)
            seen = {}
            while len(seen) < len(documents):
                params = await asyncio.wait_for(session.published.get(), TIMEOUT)
                seen[params.uri] = params.diagnostics

            assert [d.code for d in seen[uris["ignored_a.py"]]] == ["ZL101"]

            by_code = {d.code: d for d in seen[uris["shifted.py"]]}
            prefix = 'model = {"é😀": 0} and tf.keras.Sequential(['
            units = len(prefix.encode("utf-16-le")) // 2
            assert units == len(prefix) + 1
            assert by_code["ZL101"].range.start == types.Position(1, units)
            assert by_code["ZL101"].range.end == types.Position(1, units + 46)

            (problem,) = seen[uris["broken/train.py"]]
            assert problem.severity == types.DiagnosticSeverity.Error
            assert "XX999" in problem.message and problem.source == "zerolint"
        finally:
            await session.stop()

    _run(scenario())


def test_lsp_publishes_notebook_diagnostics_to_their_cells(tmp_path: Path):
    notebook_uri = (tmp_path / "train.ipynb").as_uri()
    cell_uris = [f"vscode-notebook-cell:{tmp_path / 'train.ipynb'}#cell{n}" for n in range(3)]
    first, model_line, compile_line = BUGGY.splitlines()
    texts = [first + "\n", "# Training", model_line + "\n" + compile_line + "\n"]

    async def scenario():
        session = Session(tmp_path, notebooks=True)
        types = session.types
        await session.start()
        try:
            assert session.capabilities.notebook_document_sync is not None
            kinds = [types.NotebookCellKind.Code, types.NotebookCellKind.Markup]
            session.client.notebook_document_did_open(
                types.DidOpenNotebookDocumentParams(
                    notebook_document=types.NotebookDocument(
                        uri=notebook_uri,
                        notebook_type="jupyter-notebook",
                        version=1,
                        cells=[
                            types.NotebookCell(kind=kinds[n == 1], document=cell_uris[n])
                            for n in range(3)
                        ],
                    ),
                    cell_text_documents=[
                        types.TextDocumentItem(
                            uri=cell_uris[n],
                            language_id="markdown" if n == 1 else "python",
                            version=1,
                            text=texts[n],
                        )
                        for n in range(3)
                    ],
                )
            )
            seen = {}
            while len(seen) < 2:  # the two code cells
                params = await asyncio.wait_for(session.published.get(), TIMEOUT)
                seen[params.uri] = params.diagnostics
            assert list(seen[cell_uris[0]]) == []
            by_code = {d.code: d for d in seen[cell_uris[2]]}
            assert sorted(by_code) == ["ZL101", "ZL102"]
            # Lines and columns are the cell's own.
            assert by_code["ZL101"].range.start == types.Position(0, 29)
            assert by_code["ZL102"].range.start == types.Position(1, 37)

            # The noqa action edits the cell.
            actions = await session.code_actions(cell_uris[2], [by_code["ZL102"]])
            (edit,) = actions[0].edit.changes[cell_uris[2]]
            assert edit.range.start == types.Position(1, len(compile_line))
            assert edit.new_text == "  # noqa: ZL102"

            # Editing the cell to the fixed code clears its diagnostics.
            fixed = BUGGY.replace('"softmax"', '"sigmoid"').replace('"categorical', '"binary')
            fixed_cell = "\n".join(fixed.splitlines()[1:]) + "\n"
            session.client.notebook_document_did_change(
                types.DidChangeNotebookDocumentParams(
                    notebook_document=types.VersionedNotebookDocumentIdentifier(
                        version=2, uri=notebook_uri
                    ),
                    change=types.NotebookDocumentChangeEvent(
                        cells=types.NotebookDocumentCellChanges(
                            text_content=[
                                types.NotebookDocumentCellContentChanges(
                                    document=types.VersionedTextDocumentIdentifier(
                                        uri=cell_uris[2], version=2
                                    ),
                                    changes=[
                                        types.TextDocumentContentChangeWholeDocument(
                                            text=fixed_cell
                                        )
                                    ],
                                )
                            ]
                        )
                    ),
                )
            )
            assert list(await session.diagnostics(cell_uris[2])) == []

            session.client.notebook_document_did_close(
                types.DidCloseNotebookDocumentParams(
                    notebook_document=types.NotebookDocumentIdentifier(uri=notebook_uri),
                    cell_text_documents=[
                        types.TextDocumentIdentifier(uri=uri) for uri in cell_uris
                    ],
                )
            )
            cleared = set()
            while len(cleared) < 3:
                params = await asyncio.wait_for(session.published.get(), TIMEOUT)
                assert list(params.diagnostics) == []
                cleared.add(params.uri)
        finally:
            await session.stop()

    _run(scenario())


# --- fixes -----------------------------------------------------------------------------

# ZL502 (safe fix) on line 5, after non-ASCII text that shifts its UTF-16 columns; ZL104
# (unsafe fix) on line 8.
FIXABLE = """\
import tensorflow as tf


def loss(y_true, logits):
    return -tf.reduce_sum({"é😀": y_true}["é😀"] * tf.math.log(tf.nn.softmax(logits)), axis=-1)
keras = tf.keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
"""
LOG_SOFTMAX_FIXED = FIXABLE.replace(
    "tf.math.log(tf.nn.softmax(logits))", "tf.nn.log_softmax(logits)"
)


def apply_text_edits(text: str, edits) -> str:
    """What a client does with a TextEdit list: UTF-16 positions, applied back to front."""
    lines = text.split("\n")

    def offset(position) -> int:
        line = lines[position.line]
        units, index = 0, 0
        while index < len(line) and units < position.character:
            units += len(line[index].encode("utf-16-le")) // 2
            index += 1
        return sum(len(before) + 1 for before in lines[: position.line]) + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character))[::-1]:
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
        lines = text.split("\n")
    return text


def test_lsp_lints_jupyterlab_lsps_document_of_a_notebook(tmp_path: Path):
    """jupyterlab-lsp sends a notebook as one Python document at the notebook's own uri
    (cells joined, two empty lines after each, a markdown cell one empty line) and places
    what it gets back in the cells itself; it shows no codeDescription."""
    import json

    cells = [
        ("code", "import tensorflow as tf\n%matplotlib inline"),
        ("markdown", "## Model"),
        (
            "code",
            "model = tf.keras.Sequential([\n"
            '    tf.keras.layers.Dense(1, activation="softmax"),\n'
            "])",
        ),
        ("code", 'model.compile(optimizer="adam", loss="binary_crossentropy")'),
        ("code", "log_p = tf.math.log(tf.nn.softmax(tf.zeros((2, 3))))"),  # ZL502: a safe fix
    ]
    saved = {"cells": [{"cell_type": kind, "source": text} for kind, text in cells]}
    path = write(tmp_path, "train.ipynb", json.dumps(saved))
    uri = path.as_uri()
    text = (
        'import tensorflow as tf\nget_ipython().run_line_magic("matplotlib", " inline")\n\n\n'
        "\n\n\n" + "\n\n\n".join(text for _, text in cells[2:]) + "\n"
    )

    async def scenario():
        session = Session(tmp_path)
        types = session.types
        await session.start()
        try:
            session.open(uri, text)
            by_code = {d.code: d for d in await session.diagnostics(uri)}
            assert sorted(by_code) == ["ZL101", "ZL502"]
            zl101 = by_code["ZL101"]
            # On the document's line (the client maps it to cell 3, line 2) ...
            assert zl101.range.start == types.Position(8, 4)
            # ... and the message cites the cell, and names the code and its documentation.
            assert "(Dense(1) at cell 3, line 2)" in zl101.message
            assert f"\nZL101 docs: {DOCS}ZL101-single-unit-softmax/README.md" in zl101.message

            # The fix and "disable" edit one line of one cell; "fix all" is not offered (it
            # would replace the whole document).
            actions = await session.code_actions(uri, [zl101])
            titles = [action.title for action in actions]
            assert titles[1:] == ["Disable ZL101 for this line"]
            (fix,) = actions[0].edit.changes[uri]
            assert fix.range.start.line == fix.range.end.line == 8 and fix.new_text == '"sigmoid"'
            assert not await session.code_actions(uri, [], only=["source.fixAll"])

            # Typing the fix clears it.
            session.change(uri, 2, text.replace('"softmax"', '"sigmoid"'))
            assert [d.code for d in await session.diagnostics(uri)] == ["ZL502"]
        finally:
            await session.stop()

        # A client that shows links gets the message alone.
        session = Session(tmp_path, links=True)
        await session.start()
        try:
            session.open(uri, text)
            zl101 = next(d for d in await session.diagnostics(uri) if d.code == "ZL101")
            assert "docs:" not in zl101.message and zl101.code_description is not None
        finally:
            await session.stop()

    _run(scenario())


def test_fix_edits_are_placed_in_notebook_cells_and_never_on_ipython_lines():
    from zerolint.checks.registry import all_rules
    from zerolint.engine.lint import lint_source
    from zerolint.inputs.sources import from_text
    from zerolint.lsp.server import Target, fix_edits

    cells = ["%matplotlib inline\nimport tensorflow as tf", "\n".join(FIXABLE.splitlines()[3:5])]
    source = from_text(notebook_json(cells), "nb.ipynb")
    targets = [Target(f"cell{n}", 1, split_lines(cell)) for n, cell in enumerate(cells)]
    diagnostics, _ = lint_source(source, all_rules())
    (found,) = diagnostics
    (edit,) = fix_edits(found.fix, source, targets)
    line = targets[1].lines[1]
    start = line.index("tf.math.log")
    assert edit.uri == "cell1" and edit.text == "tf.nn.log_softmax(logits)"
    assert (edit.start.line, edit.start.character) == (1, to_units(line, start))
    assert to_units(line, start) == start + 2  # each of the two emoji is two UTF-16 units
    # An edit on the line the program replaced by "pass" (the magic) has no place.
    magic = Fix("safe", "x", (Edit(Span(1, 1, 1, 3), "y"),))
    assert fix_edits(magic, source, targets) is None
    # Ending at the start of the next cell is ending at the end of this one.
    whole = Fix("safe", "x", (Edit(Span(2, 1, 3, 1), "import numpy"),))
    (edit,) = fix_edits(whole, source, targets)
    assert edit.uri == "cell0" and (edit.end.line, edit.end.character) == (1, 23)


def test_lsp_offers_the_rules_fixes_and_fix_all(tmp_path: Path):
    path = write(tmp_path, "train.py", "")
    uri = path.as_uri()

    async def scenario():
        session = Session(tmp_path)
        types = session.types
        await session.start()
        try:
            kinds = session.capabilities.code_action_provider.code_action_kinds
            assert "source.fixAll.zerolint" in kinds

            session.open(uri, FIXABLE)
            by_code = {d.code: d for d in await session.diagnostics(uri)}
            assert sorted(by_code) == ["ZL104", "ZL502"]

            async def actions(diagnostics, only=None):
                return await session.code_actions(uri, diagnostics, only)

            offered = await actions([by_code["ZL502"]])
            assert [a.title for a in offered] == [
                "zerolint (ZL502): use log_softmax",
                "Disable ZL502 for this line",
                "zerolint: fix all safe fixes",
            ]
            fix, _, fix_all = offered
            assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
            assert list(fix.diagnostics) == [by_code["ZL502"]]
            assert fix_all.kind == "source.fixAll.zerolint"
            fixed = apply_text_edits(FIXABLE, fix.edit.changes[uri])
            assert fixed == LOG_SOFTMAX_FIXED
            assert apply_text_edits(FIXABLE, fix_all.edit.changes[uri]) == LOG_SOFTMAX_FIXED

            # The unsafe fix is offered, not preferred; only=["source.fixAll"] is fix-all only.
            (unsafe, _, _) = await actions([by_code["ZL104"]])
            assert unsafe.title.startswith("zerolint (ZL104): ") and not unsafe.is_preferred
            (only_all,) = await actions([], only=["source.fixAll"])
            assert only_all.title == "zerolint: fix all safe fixes"

            # Applying the fix clears its diagnostic; then the unsafe one clears ZL104.
            session.change(uri, 2, fixed)
            (remaining,) = await session.diagnostics(uri)
            assert remaining.code == "ZL104"
            (unsafe, _) = await actions([remaining])
            clean = apply_text_edits(fixed, unsafe.edit.changes[uri])
            assert "from_logits" not in clean
            session.change(uri, 3, clean)
            assert list(await session.diagnostics(uri)) == []
        finally:
            await session.stop()

    _run(scenario())


def test_fix_all_in_a_notebook_changes_only_the_cells_it_fixes(tmp_path: Path):
    cells = ["%matplotlib inline\nimport tensorflow as tf", "\n".join(FIXABLE.splitlines()[3:8])]
    result = lint_text(notebook_json(cells), None, "nb.ipynb", Configs(), fix_all=True)
    assert sorted(d.code for d in result.diagnostics) == ["ZL104", "ZL502"]
    assert result.fixed is not None and result.fixed.applied == 1  # the safe one only
    first, second = notebook_cells(result.fixed.text)
    assert first == cells[0]
    assert second == cells[1].replace(
        "tf.math.log(tf.nn.softmax(logits))", "tf.nn.log_softmax(logits)"
    )


def test_a_code_action_reuses_the_last_lint_of_the_same_text_and_configuration(tmp_path):
    configs = Configs()
    path = tmp_path / "train.py"
    published = lint_text(FIXABLE, path, str(path), configs)
    assert published.fixed is None  # publishing never computes "fix all"
    # The same buffer and configuration: the published lint serves, "fix all" is added.
    asked = lint_text(FIXABLE, path, str(path), configs, fix_all=True, previous=published)
    assert asked is published and asked.fixed is not None
    fresh = lint_text(FIXABLE, path, str(path), Configs(), fix_all=True)
    assert asked.fixed.text == fresh.fixed.text == LOG_SOFTMAX_FIXED
    # Another text, or another configuration: linted afresh.
    edited = lint_text(FIXABLE + "\n", path, str(path), configs, previous=published)
    assert edited is not published and edited.text == FIXABLE + "\n"
    (tmp_path / "pyproject.toml").write_text('[tool.zerolint]\nignore = ["ZL502"]\n', "utf-8")
    reconfigured = lint_text(FIXABLE, path, str(path), Configs(), previous=published)
    assert reconfigured is not published
    assert "ZL502" not in {d.code for d in reconfigured.diagnostics}
