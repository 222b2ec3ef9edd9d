"""Applying fixes: edits by position (``fixing``), the ``--fix``/``--diff``/``--add-noqa``
commands (``fix_files``) that write a file whole or not at all (``atomic_write``),
notebooks edited cell by cell (``notebook_edit``), and ``# noqa`` comments written
(``noqa``). The rules build their fixes with ``zerolint.checks.fixes``."""
