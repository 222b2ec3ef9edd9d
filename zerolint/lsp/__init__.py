"""The language server (``zerolint lsp``, the ``lsp`` extra): the server (``server``) and
its JSON-RPC layer (``protocol``)."""
