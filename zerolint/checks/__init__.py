"""The rules' logic, one module per category (``loss_activation`` ZL1xx, ``labels`` and
``label_shapes`` ZL2xx, ``scaling`` ZL3xx, ``leakage`` ZL4xx, ``numerics`` ZL5xx,
``initialization`` ZL6xx, ``optimizer`` ZL7xx).

A check module imports the ``Rule`` base (``zerolint.rules.rule``), the facts, and the
helpers checks share — ``common`` (how messages name layers, outputs and data, and which
calls train), ``labeled`` (which labels each output is trained on), ``fixes`` (the exact
edits of their fixes), ``evidence`` (reading the dry run's probes in ``verdict``) — never
another check module. ``rule_list`` lists the rules, ``registry`` looks them up by code,
name or selector. This package imports none of them itself, so importing one check does
not import them all.
"""
