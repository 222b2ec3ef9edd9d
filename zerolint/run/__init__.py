"""Linting many files into one ``Report`` (``runner``): from the cache (``cache``), in this
process or on a pool of worker processes (``parallel``)."""
