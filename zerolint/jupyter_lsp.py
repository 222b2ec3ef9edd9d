"""zerolint's language server for JupyterLab: the spec jupyter-lsp finds by entry point.

jupyter-lsp (the server half of jupyterlab-lsp) calls every ``jupyter_lsp_spec_v1`` entry
point when Jupyter starts; this one describes ``zerolint lsp`` for Python notebooks and
files. It runs with the Jupyter server's own Python, so the zerolint installed beside
JupyterLab is the one that lints. Importing this module is cheap: it imports no Jupyter and
no pygls.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

DOCS = "https://github.com/zerolint/zerolint#jupyterlab"


def spec(manager: Any = None) -> dict[str, dict[str, Any]]:
    """The language server spec keyed by its name; none where pygls is missing (the
    server could not start), so a plain ``pip install zerolint`` beside JupyterLab adds
    nothing to it."""
    if importlib.util.find_spec("pygls") is None:
        return {}
    return {
        "zerolint": {
            "version": 2,
            "display_name": "zerolint",
            "argv": [sys.executable, "-m", "zerolint", "lsp"],
            "languages": ["python"],
            "mime_types": ["text/python", "text/x-ipython"],
            # zerolint lints the text it is sent: no copies of unsaved notebooks on disk
            # (and the document keeps the notebook's own path, so its configuration and
            # per-file-ignores apply).
            "requires_documents_on_disk": False,
            "urls": {"home": DOCS, "issues": "https://github.com/zerolint/zerolint/issues"},
            "install": {"pip": "pip install 'zerolint[jupyter]'"},
        }
    }
