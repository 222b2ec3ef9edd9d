"""Output formats, one module each (``full_format``, ``concise_format``, ``json_format``,
``sarif_format``, ``github_format``); ``render`` picks one by name, ``text`` is what
they share, ``summary`` the closing lines of text output. This package imports none
of them itself."""
