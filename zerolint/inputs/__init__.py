"""Finding and reading the files a run checks: discovery with excludes and .gitignore
(``files``, ``gitignore``), and each input read into a ``Source`` of Python text
(``sources``; notebooks joined into one program by ``notebook``)."""
