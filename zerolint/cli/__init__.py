"""The command line: argument parsing and dispatch (``main``), the ``rule``/``rules``
commands (``rule_command``), exit codes (``exits``) and guarded standard streams
(``streams``). Nothing else in zerolint imports this package."""
