"""Configuration: ``[tool.zerolint]`` read and validated (``settings``), which rules
run on each file (``selection``: select / extend-select / ignore, per-file-ignores), and
the glob patterns both use (``globs``)."""
