"""What every command shares with ``cli``: the exit codes and the usage error.

Commands (``rule_command``) import these from here, not from ``cli``, which imports them.
"""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A bad option value: printed as one line, exit 2."""
