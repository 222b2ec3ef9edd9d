"""The dry run behind ``--verify``: run a script in a child process up to its first ``fit``,
probe the model on a sample of the script's own data, and let each rule judge its finding.

Nothing in this package imports TensorFlow except ``harness`` and ``probes``, which run only
in the child process.
"""
