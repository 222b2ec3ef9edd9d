"""``zerolint lsp`` as a raw JSON-RPC peer: requests it cannot read are answered, input that
once killed it does not, and one large document does not hold up the others."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import BUGGY

pytest.importorskip("pygls")

TIMEOUT = 60  # seconds for any one answer: a dead or stuck server fails, never hangs


class RawSession:
    """``python -m zerolint lsp`` in a subprocess, spoken to in framed JSON-RPC."""

    def __init__(self, cwd: Path) -> None:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "zerolint", "lsp"]
        self.proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        self.messages: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header.lower().startswith(b"content-length:"):
                    length = int(header.split(b":")[1])
                if header in (b"\r\n", b"\n"):
                    break
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict | bytes) -> None:
        body = message if isinstance(message, bytes) else json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, msg_id: int, method: str, params) -> dict:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
        return self.response(msg_id)

    def response(self, msg_id) -> dict:
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if "method" not in message and message.get("id") == msg_id:
                return message

    def published(self) -> tuple[str, list[str]]:
        """The next publishDiagnostics: (uri, the codes)."""
        while True:
            message = self.messages.get(timeout=TIMEOUT)
            if message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                return params["uri"], sorted(d["code"] for d in params["diagnostics"])

    def open(self, uri: str, text: str) -> None:
        document = {"uri": uri, "languageId": "python", "version": 1, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def close(self) -> str:
        """Shut down and exit; the server's stderr."""
        try:
            self.request(999, "shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        return self.proc.stderr.read().decode("utf-8", "replace")


@pytest.fixture
def session(tmp_path):
    sessions = []

    def start() -> RawSession:
        sessions.append(RawSession(tmp_path))
        return sessions[-1]

    yield start
    for started in sessions:
        if started.proc.poll() is None:
            started.proc.kill()
            started.proc.wait()


ACTION_PARAMS = {
    "textDocument": {"uri": "file:///x.py"},
    "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
    "context": {"diagnostics": []},
}


def test_every_request_with_an_id_gets_a_response_and_no_traceback(session):
    server = session()
    bad_range = {**ACTION_PARAMS, "range": {"start": {"line": "a"}}}
    cases = [
        ({"jsonrpc": "2.0", "id": 2}, -32600),  # no method
        ({"jsonrpc": "2.0", "id": 3, "method": 7}, -32600),  # a method that is no name
        ({"jsonrpc": "2.0", "id": 4, "method": "textDocument/codeAction", "params": "x"}, -32602),
        (
            {"jsonrpc": "2.0", "id": 5, "method": "textDocument/codeAction", "params": bad_range},
            -32602,
        ),
        ({"jsonrpc": "2.0", "id": 6, "method": "no/such"}, -32601),  # unknown, no params
        ({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {}}, -32602),
    ]
    for message, code in cases:
        server.send(message)
        answer = server.response(message["id"])
        assert answer["error"]["code"] == code, answer
    # A notification that cannot be read has no answer; the server goes on.
    server.notify("textDocument/didOpen", "not an object")
    assert "result" in server.request(8, "textDocument/codeAction", ACTION_PARAMS)

    stderr = server.close()

    assert server.proc.returncode == 0
    assert "Traceback" not in stderr
    assert all(line.startswith("zerolint lsp: ") for line in stderr.splitlines()), stderr


def test_a_document_that_crashed_libcst_does_not_kill_the_server(session, tmp_path):
    server = session()
    server.open((tmp_path / "deep.py").as_uri(), "import keras\nx = " + "(" * 1500 + ")" * 1500)
    server.open((tmp_path / "chain.py").as_uri(), "import keras\nx = " + " and ".join("a" * 20000))
    good = (tmp_path / "good.py").as_uri()
    server.open(good, BUGGY)

    # deep.py is a syntax error (the server keeps its last diagnostics: none are published),
    # chain.py too large to analyse (no findings), good.py has its two.
    published = dict(server.published() for _ in range(2))

    assert published[good] == ["ZL101", "ZL102"]
    assert server.proc.poll() is None
    server.close()


def test_a_large_document_does_not_delay_the_diagnostics_of_the_others(session, tmp_path):
    # ~1,000 lines of real code within the limits: about a second to lint, the small
    # document a fraction of that. Opened first, it must not be answered first.
    large = (tmp_path / "large.py").as_uri()
    body = "\n".join(
        f"layer_{n} = tf.keras.layers.Dense({n + 1}, activation='relu', name='d{n}')"
        for n in range(1_200)
    )
    server = session()
    server.open(large, BUGGY + body + "\n")
    small = (tmp_path / "small.py").as_uri()
    server.open(small, BUGGY)

    first, second = server.published(), server.published()

    assert first == (small, ["ZL101", "ZL102"])
    assert second == (large, ["ZL101", "ZL102"])
    server.close()
