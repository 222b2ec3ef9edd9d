"""Linting one source (``lint``): what may reach libcst (``precheck``), the ``ast`` screen
that skips files no rule can fire on (``screen``), one libcst parse (``parsing``), the
facts and every enabled rule, then ``# noqa`` (``suppressions``)."""
