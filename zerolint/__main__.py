"""``python -m zerolint`` and the ``zerolint`` console script."""

import sys


def main() -> None:
    from zerolint.cli.main import main as run

    sys.exit(run())


if __name__ == "__main__":
    main()
