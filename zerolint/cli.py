"""Argument parsing, dispatch and exit codes (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from zerolint import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
COMMANDS = ("check", "rule", "rules", "lsp")


class UsageError(Exception):
    """A bad option value: printed as one line, exit 2."""


def _codes(value: str) -> list[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zerolint",
        description="Lint Keras training code for mistakes that make the loss meaningless.",
        epilog="Other commands: 'zerolint rule CODE' (a rule's documentation), "
        "'zerolint rules' (all rules), 'zerolint lsp' (the language server).",
    )
    parser.add_argument("--version", action="version", version=f"zerolint {__version__}")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    parser.add_argument(
        "--select",
        type=_codes,
        action="append",
        metavar="CODES",
        help="only these rule codes or prefixes (comma-separated), e.g. ZL1",
    )
    parser.add_argument(
        "--extend-select",
        type=_codes,
        action="append",
        metavar="CODES",
        help="enable these in addition to the selected rules",
    )
    parser.add_argument(
        "--ignore",
        type=_codes,
        action="append",
        metavar="CODES",
        help="disable these rule codes or prefixes",
    )
    parser.add_argument(
        "--output-format",
        choices=("full", "concise", "json", "sarif", "github"),
        default="full",
        help="how findings are printed (default: full)",
    )
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    parser.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply exclusions to paths given explicitly (for pre-commit)",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="use this pyproject.toml (or a TOML file of zerolint keys)"
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per rule instead of the findings",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print findings only, no summary"
    )
    parser.add_argument(
        "--stdin-filename", metavar="PATH", help="the name of the file read from stdin (PATH '-')"
    )
    _verify_options(parser)
    return parser


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, not {text}")
        return value

    return parse


def _verify_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dry run (--verify; runs the scripts, needs TensorFlow)")
    group.add_argument(
        "--verify",
        action="store_true",
        help="run each file with findings up to its first fit and confirm each finding",
    )
    group.add_argument(
        "--verify-timeout",
        type=_positive(float),
        default=120.0,
        metavar="SECONDS",
        help="per-script time limit (default: 120)",
    )
    group.add_argument(
        "--verify-sample",
        type=_positive(int),
        default=256,
        metavar="ROWS",
        help="rows of the script's data the probes use (default: 256)",
    )
    group.add_argument(
        "--verify-steps",
        type=_positive(int),
        default=20,
        metavar="STEPS",
        help="training steps the probes take (default: 20)",
    )
    group.add_argument(
        "--verify-memory",
        type=_positive(float),
        default=4.0,
        metavar="GIB",
        help="per-script memory cap in GiB, TensorFlow included (default: 4)",
    )


def _flatten(groups: list[list[str]] | None) -> list[str] | None:
    if groups is None:
        return None
    return [code for group in groups for code in group]


def _cli_layer(args: argparse.Namespace):
    from zerolint.registry import UnknownSelector, check_selector
    from zerolint.selection import Layer

    layer = Layer(
        _flatten(args.select),
        _flatten(args.extend_select) or [],
        _flatten(args.ignore) or [],
    )
    for option, selectors in (
        ("--select", layer.select or []),
        ("--extend-select", layer.extend_select),
        ("--ignore", layer.ignore),
    ):
        for selector in selectors:
            try:
                check_selector(selector)
            except UnknownSelector:
                raise UsageError(f"unknown rule code or prefix {selector!r} in {option}") from None
    return layer


def _config_start(args: argparse.Namespace) -> Path:
    if args.stdin_filename:
        return Path(args.stdin_filename).absolute().parent
    first = Path(args.paths[0]) if args.paths else Path(".")
    first = first.absolute()
    return first if first.is_dir() else first.parent


def _run_check(args: argparse.Namespace) -> int:
    from zerolint.config import load_settings
    from zerolint.diagnostics import Report
    from zerolint.runner import check_files, check_stdin
    from zerolint.selection import enabled_rules, settings_layer

    # As in ruff, --stdin-filename without a path reads stdin (editors call it so).
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    settings = load_settings(args.config, _config_start(args))
    rules = enabled_rules([settings_layer(settings), _cli_layer(args)])

    report = Report()
    if paths == ["-"]:
        check_stdin(
            report,
            sys.stdin.buffer.read(),
            args.stdin_filename,
            settings,
            rules,
            args.force_exclude,
        )
    else:
        check_files(report, paths, settings, rules, args.force_exclude)
    report.sort()
    if args.verify:
        _verify(args, report, rules, settings)
    _print_report(args, report, rules)

    if report.errors:
        return EXIT_ERROR
    if report.diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _verify(args: argparse.Namespace, report, rules, settings) -> None:
    # Never import TensorFlow here: the dry run happens in child processes.
    from importlib.util import find_spec

    if find_spec("tensorflow") is None:
        raise UsageError("--verify needs TensorFlow: pip install 'zerolint[verify]'")
    from zerolint.verify.runner import Limits
    from zerolint.verify.verdicts import terminal_progress, verify_report

    limits = Limits(
        args.verify_timeout,
        args.verify_sample,
        args.verify_steps,
        int(args.verify_memory * 2**30),
    )
    verify_report(report, rules, settings.rule_options, limits, terminal_progress)
    if sys.stderr.isatty() and report.diagnostics:
        sys.stderr.write("\n")


def _print_report(args: argparse.Namespace, report, rules) -> None:
    from zerolint.report import location, render, summary

    text_format = args.output_format in ("full", "concise")
    if args.statistics:
        counts = Counter((d.code, d.name) for d in report.diagnostics)
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if args.output_format == "json":  # as ruff: a list of {code, name, count}
            listed = [{"code": c, "name": n, "count": count} for (c, n), count in rows]
            sys.stdout.write(json.dumps(listed, indent=2) + "\n")
        else:
            for (code, name), count in rows:
                sys.stdout.write(f"{count:>5}\t{code}\t{name}\n")
    else:
        sys.stdout.write(render(args.output_format, report, rules))
    if text_format or args.statistics:
        for error in report.errors:
            where = location(error.path, error.cell, error.line, error.column)
            sys.stderr.write(f"{where}: error: {error.message}\n")
        if not args.quiet and (text_format or args.output_format != "json"):
            if report.diagnostics and args.output_format == "full" and not args.statistics:
                sys.stdout.write("\n")
            sys.stdout.write(summary(report) + "\n")
            if report.errors:
                count = len(report.errors)
                noun = "path" if count == 1 else "paths"
                sys.stderr.write(f"{count} {noun} could not be checked.\n")
    sys.stdout.flush()


def _run_rule(argv: list[str]) -> int:
    from zerolint.registry import documentation, rule_by_code

    parser = argparse.ArgumentParser(prog="zerolint rule", description="Show a rule's docs.")
    parser.add_argument("code", help="a rule code (ZL101) or name (single-unit-softmax)")
    args = parser.parse_args(argv)
    rule = rule_by_code(args.code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r}; 'zerolint rules' lists them")
    sys.stdout.write(documentation(rule))
    if rule.options:
        sys.stdout.write(f"\n## Options\n\nSet in `[tool.zerolint.options.{rule.code}]`:\n\n")
        for key, default in sorted(rule.options.items()):
            shown = str(default).lower() if isinstance(default, bool) else repr(default)
            sys.stdout.write(f"- `{key}` (default: `{shown}`)\n")
    return EXIT_CLEAN


def _run_rules(argv: list[str]) -> int:
    from zerolint.registry import all_rules

    argparse.ArgumentParser(prog="zerolint rules", description="List all rules.").parse_args(argv)
    rows = [("code", "name", "category", "severity", "fix")]
    for rule in all_rules():
        rows.append(
            (rule.code, rule.name, rule.category(), rule.severity, rule.fix_applicability or "-")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        sys.stdout.write(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n"
        )
    return EXIT_CLEAN


def _run_lsp(argv: list[str]) -> int:
    argparse.ArgumentParser(
        prog="zerolint lsp",
        description="Run the language server over stdio (started by editors; never runs --verify).",
    ).parse_args(argv)
    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError:
        from zerolint.lsp import INSTALL_HINT

        raise UsageError(INSTALL_HINT) from None
    from zerolint.lsp import serve

    return serve()


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "rule":
        return _run_rule(argv[1:])
    if argv and argv[0] == "rules":
        return _run_rules(argv[1:])
    if argv and argv[0] == "lsp":
        return _run_lsp(argv[1:])
    if argv and argv[0] == "check":
        argv = argv[1:]
    return _run_check(_check_parser().parse_args(argv))


def main(argv: list[str] | None = None) -> int:
    """Run zerolint; every failure becomes a one-line message and exit code 2."""
    from zerolint.config import ConfigError

    try:
        return _dispatch(sys.argv[1:] if argv is None else argv)
    except (UsageError, ConfigError) as error:
        sys.stderr.write(f"zerolint: error: {error}\n")
        return EXIT_ERROR
    except SystemExit as exit_:  # argparse's usage errors and --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:  # never a traceback for the user
        sys.stderr.write(f"zerolint: internal error: {error!r} (please report this)\n")
        return EXIT_ERROR
