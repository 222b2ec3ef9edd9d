"""The language server's JSON-RPC layer: every request gets an answer, nothing a traceback.

pygls drops a request it cannot read (no method, params of the wrong shape, a malformed
range): it logs a traceback and sends no response, and an editor waits for one forever.
Here a request that cannot be read is answered with the JSON-RPC error that says why
(-32600 invalid request, -32601 method not found, -32602 invalid params); a notification
that cannot be read is logged and ignored. Logs go to stderr one line each.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from cattrs.errors import ClassValidationError
from cattrs.v import transform_error
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcMethodNotFound,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage

logger = logging.getLogger(__name__)
_NO_ID = object()


@dataclass(frozen=True)
class Unreadable:
    """A message that could not be read: answered with ``error`` when it has an id."""

    id: Any  # _NO_ID for a notification
    method: str
    error: JsonRpcException


def _short(error: Exception) -> str:
    """The first thing that went wrong, in one line (``invalid value for type, expected
    int @ $.params.range.start.line`` from cattrs's nested errors)."""
    if isinstance(error, ClassValidationError):
        problems = transform_error(error, path="$")
        if problems:
            return problems[0]
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


class ZerolintProtocol(LanguageServerProtocol):
    """pygls's protocol, answering the requests it cannot read instead of dropping them."""

    def structure_message(self, data: dict[str, Any]):
        if "jsonrpc" not in data or "result" in data or "error" in data:
            return super().structure_message(data)  # a nested object, or a response
        method = data.get("method")
        msg_id = data.get("id", _NO_ID)
        if msg_id is not _NO_ID and not isinstance(msg_id, int | str):
            msg_id = None  # JSON-RPC answers an unusable id with null
        if not isinstance(method, str):
            return Unreadable(msg_id, "", JsonRpcInvalidRequest("the request has no method"))
        known = self.get_message_type(method)
        handled = method in self.fm.features or method in self.fm.builtin_features
        if msg_id is not _NO_ID and known is None and not handled:
            return Unreadable(msg_id, method, JsonRpcMethodNotFound.of(method))
        fallback = JsonRPCNotification if msg_id is _NO_ID else JsonRPCRequestMessage
        try:
            return self._converter.structure({"params": None, **data}, known or fallback)
        except Exception as error:  # cattrs: a field of the wrong type or missing
            message = f"invalid params for {method}: {_short(error)}"
            return Unreadable(msg_id, method, JsonRpcInvalidParams(message))

    def handle_message(self, message):
        if isinstance(message, Unreadable):
            logger.warning("%s", message.error.message)
            if message.id is not _NO_ID:
                self._send_response(message.id, None, message.error.to_response_error())
            return
        super().handle_message(message)


class _OneLine(logging.Formatter):
    """``zerolint lsp: warning: message``: no traceback, whatever logged it."""

    def format(self, record: logging.LogRecord) -> str:
        lines = record.getMessage().strip().splitlines() or [""]
        message = lines[0]
        if record.exc_info and record.exc_info[1] is not None:
            message += f" ({_short(record.exc_info[1]) or type(record.exc_info[1]).__name__})"
        return f"zerolint lsp: {record.levelname.lower()}: {message}"


def configure_logging() -> None:
    """Warnings and errors of zerolint and pygls on stderr, one line each."""
    handler = logging.StreamHandler()
    handler.setFormatter(_OneLine())
    for name in ("pygls", "zerolint"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(logging.WARNING)
        log.propagate = False
