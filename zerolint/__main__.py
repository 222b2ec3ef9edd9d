"""``python -m zerolint`` and the ``zerolint`` console script."""

import sys


def main() -> None:
    from zerolint.cli import main as run

    sys.exit(run())


if __name__ == "__main__":
    main()
