"""What a rule is (``rule``) and where its documentation lives (``catalog``).

Nothing here imports a check: the checks import ``rule.Rule``, ``checks.rule_list`` lists
them, and the registry (``zerolint.checks.registry``) looks them up.
"""
