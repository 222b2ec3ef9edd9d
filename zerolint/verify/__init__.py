"""The dry run behind ``--verify``: run each script with findings in a process forked by a
TensorFlow worker (``pool``, ``worker``), up to the ``fit`` of each model it trains, probe
the model on a sample of the script's own data, and let each rule judge its finding.

Only the modules that run in the worker and its forked processes import TensorFlow or numpy:
``worker``, ``harness``, ``offline_data``, ``stand_ins``, ``probes`` and the ``*_probes`` /
``counterfactuals`` modules. The zerolint process uses ``pool``, ``runner``, ``matching``,
``verdicts``, ``reasons`` and ``evidence``. ``sandbox`` (containment of files and
processes: namespaces, Landlock, an audit hook) runs in the worker and its forked
processes; zerolint reads only its constants.
"""
