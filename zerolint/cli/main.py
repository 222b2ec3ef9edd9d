"""Argument parsing, dispatch and exit codes (0 clean, 1 findings, 2 errors)."""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import signal
import sys
from collections import Counter
from pathlib import Path

from zerolint import __version__
from zerolint.cli.exits import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError
from zerolint.cli.streams import StreamError, guarded, read_stdin

COMMANDS = ("check", "rule", "rules", "lsp", "clean")


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zerolint",
        description="Lint Keras training code for mistakes that make the loss meaningless.",
        epilog="Other commands: 'zerolint rule CODE' (a rule's documentation), "
        "'zerolint rules' (all rules), 'zerolint lsp' (the language server), "
        "'zerolint clean' (remove the cache).",
    )
    parser.add_argument("--version", action="version", version=f"zerolint {__version__}")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="only these rule codes or prefixes (comma-separated), e.g. ZL1",
    )
    parser.add_argument(
        "--extend-select",
        action="append",
        metavar="CODES",
        help="enable these in addition to the selected rules",
    )
    parser.add_argument(
        "--ignore",
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
    parser.add_argument(
        "--jobs",
        metavar="N",
        help="worker processes: files linted at a time (default: one per core; a run of a few "
        "files stays in one process), and dry runs at a time under --verify (default: one per "
        "core, at most one per 2 GiB of memory)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache (.zerolint_cache at the project root, "
        "'cache-dir' in the configuration or ZEROLINT_CACHE_DIR)",
    )
    _fix_options(parser)
    _verify_options(parser)
    return parser


def _fix_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fixes")
    group.add_argument(
        "--fix",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the safe fixes and write the files, then report what remains",
    )
    group.add_argument(
        "--unsafe-fixes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also apply (with --fix or --diff) the unsafe fixes, which change what the model "
        "computes",
    )
    group.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and write nothing (exit 1 if there are any)",
    )
    group.add_argument(
        "--add-noqa",
        action="store_true",
        help="add a '# noqa: CODE' comment for every current finding",
    )


# The numeric options: (kind, largest value). Every value must be finite and above 0: nan,
# inf or 1e300 seconds used to be accepted and then made every verdict an internal error.
_NUMBERS = {
    "--verify-timeout": (float, 24 * 3600),
    "--verify-sample": (int, 1_000_000),
    "--verify-steps": (int, 100_000),
    "--verify-memory": (float, 1024),
    "--jobs": (int, 1024),
}


def _number(option: str, text: str) -> int | float:
    """The value of a numeric option, or a one-line usage error."""
    kind, largest = _NUMBERS[option]
    try:
        value = kind(text)
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise UsageError(f"{option} must be {noun}, not {text!r}") from None
    if not (math.isfinite(value) and 0 < value <= largest):
        raise UsageError(f"{option} must be above 0 and at most {largest:,}, not {text}")
    return value


def _check_numbers(args: argparse.Namespace) -> None:
    """Convert the numeric options given (defaults are numbers already)."""
    for option in _NUMBERS:
        name = option.removeprefix("--").replace("-", "_")
        value = getattr(args, name)
        if isinstance(value, str):
            setattr(args, name, _number(option, value))


def _verify_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dry run (--verify; runs the scripts, needs TensorFlow)")
    group.add_argument(
        "--verify",
        action="store_true",
        help="run each file with findings up to its first fit and confirm each finding. "
        "On Linux each script sees a copy-on-write view of your files (nothing it writes "
        "reaches the disk) or, without user namespaces, has its writes refused (Landlock), "
        "and every process it starts ends with it; elsewhere only writes made through "
        "Python are refused, and zerolint says so (README: what --verify does to your files)",
    )
    group.add_argument(
        "--verify-timeout",
        default=120.0,
        metavar="SECONDS",
        help="per-script time limit (default: 120)",
    )
    group.add_argument(
        "--verify-sample",
        default=256,
        metavar="ROWS",
        help="rows of the script's data the probes use (default: 256)",
    )
    group.add_argument(
        "--verify-steps",
        default=20,
        metavar="STEPS",
        help="training steps the probes take (default: 20)",
    )
    group.add_argument(
        "--verify-memory",
        default=4.0,
        metavar="GIB",
        help="per-script memory cap in GiB, TensorFlow included (default: 4)",
    )
    group.add_argument(
        "--verify-fail-on",
        choices=("any", "confirmed"),
        help="with --verify, which findings make the exit status 1: any finding (default), "
        "or only those the dry run confirmed",
    )
    group.add_argument(
        "--verify-offline-data",
        choices=("stand-in", "cache", "never"),  # zerolint.verify.runner.OFFLINE_POLICIES
        help="with --verify, what a script gets for a keras.datasets or scikit-learn data set "
        "it would download: your cached copy, else a seeded stand-in with its shapes and "
        "ranges (stand-in, the default); your cached copy, else the download (cache); or "
        "the download (never)",
    )


def _codes(option: str, values: list[str] | None) -> list[str] | None:
    """The codes of each use of a comma-separated option; one without any (``--select ,``
    would select nothing, silently) is an error."""
    if values is None:
        return None
    codes = []
    for value in values:
        found = [code.strip().upper() for code in value.split(",") if code.strip()]
        if not found:
            raise UsageError(f"{option} needs rule codes or prefixes, not {value!r}")
        codes += found
    return codes


def _cli_layer(args: argparse.Namespace):
    from zerolint.checks.registry import UnknownSelector, check_selector
    from zerolint.config.selection import Layer

    layer = Layer(
        _codes("--select", args.select),
        _codes("--extend-select", args.extend_select) or [],
        _codes("--ignore", args.ignore) or [],
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
    try:
        return first if first.is_dir() else first.parent
    except OSError:  # in a folder that cannot be entered: discovery reports it
        return first.parent


def _run_check(args: argparse.Namespace) -> int:
    _check_numbers(args)
    from zerolint.config.selection import enabled_rules, settings_layer
    from zerolint.config.settings import load_settings
    from zerolint.diagnostics import Report
    from zerolint.run.runner import check_files, check_stdin

    # As in ruff, --stdin-filename without a path reads stdin (editors call it so).
    paths = args.paths or (["-"] if args.stdin_filename else ["."])
    if "-" in paths and len(paths) > 1:
        raise UsageError("'-' (stdin) cannot be combined with other paths")
    settings = load_settings(args.config, _config_start(args))
    rules = enabled_rules([settings_layer(settings), _cli_layer(args)])
    mode = _fix_mode(args, settings, paths)
    cache = _cache(args, settings)
    if mode == "add-noqa":
        return _run_add_noqa(args, paths, settings, rules, cache)
    if mode is not None:
        return _run_fix(args, mode, paths, settings, rules, cache)

    report = Report()
    stdin = None
    if paths == ["-"]:
        stdin = read_stdin()
        check_stdin(report, stdin, args.stdin_filename, settings, rules, args.force_exclude, cache)
    else:
        check_files(report, paths, settings, rules, args.force_exclude, _jobs(args), cache)
    report.sort()
    if args.verify:
        _verify(args, report, rules, settings, stdin)
    _print_report(args, report, rules, _unsafe(args, settings))
    return _exit_code(args, report)


def _cache(args: argparse.Namespace, settings):
    if args.no_cache:
        return None
    from zerolint.run.cache import Cache

    return Cache.open(settings)


def _jobs(args: argparse.Namespace) -> int:
    from zerolint.run.parallel import default_jobs

    return args.jobs or default_jobs()


def _exit_code(args: argparse.Namespace, report) -> int:
    if report.errors:
        return EXIT_ERROR
    failing = report.diagnostics
    if args.verify_fail_on == "confirmed":
        failing = [
            d
            for d in failing
            if d.verification is not None and d.verification.status == "confirmed"
        ]
    if failing and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _unsafe(args: argparse.Namespace, settings) -> bool:
    return settings.unsafe_fixes if args.unsafe_fixes is None else args.unsafe_fixes


def _fix_mode(args: argparse.Namespace, settings, paths: list[str]) -> str | None:
    """The mode: "add-noqa", "diff", "fix" or None (lint only), from the options and the
    `fix` key of the configuration; refuses combinations that make no sense."""
    if args.add_noqa:
        if args.fix or args.diff:
            raise UsageError("--add-noqa cannot be combined with --fix or --diff")
        if paths == ["-"]:
            raise UsageError("--add-noqa edits files; it cannot read stdin")
    if (args.add_noqa or args.diff) and args.verify:
        raise UsageError("--verify cannot be combined with --diff or --add-noqa")
    if args.verify_fail_on is not None and not args.verify:
        raise UsageError("--verify-fail-on needs --verify")
    if args.verify_offline_data is not None and not args.verify:
        raise UsageError("--verify-offline-data needs --verify")
    if args.add_noqa:
        return "add-noqa"
    if args.diff:
        return "diff"
    return "fix" if (settings.fix if args.fix is None else args.fix) else None


def _run_fix(args: argparse.Namespace, mode: str, paths: list[str], settings, rules, cache) -> int:
    from zerolint.diagnostics import Report
    from zerolint.fix.fix_files import fix_files, fix_stdin

    unsafe = _unsafe(args, settings)
    report = Report()
    out, stdin = sys.stdout, None
    if paths == ["-"]:
        data = read_stdin()
        run, stdin = fix_stdin(
            report, data, args.stdin_filename, settings, rules, args.force_exclude, unsafe, cache
        )
        if mode == "fix":  # as ruff: the fixed source on stdout, the findings on stderr
            sys.stdout.buffer.write(stdin)
            out = sys.stderr
    else:
        write = mode == "fix"
        run = fix_files(report, paths, settings, rules, args.force_exclude, unsafe, write, cache)
    report.sort()
    if mode == "diff":
        return _print_diff(args, run, report, unsafe)
    if args.verify:
        _verify(args, report, rules, settings, stdin)
    _print_report(args, report, rules, unsafe, run.applied, out)
    return _exit_code(args, report)


def _print_diff(args: argparse.Namespace, run, report, unsafe: bool) -> int:
    """--diff: the diffs on stdout, the summary on stderr; exit 1 when a fix would apply."""
    from zerolint.fix.fix_files import unified_diff
    from zerolint.report.summary import diff_summary

    for fixed in sorted(run.changed, key=lambda fixed: fixed.display):
        sys.stdout.write(unified_diff(fixed))
    _print_errors(report)
    if not args.quiet:
        sys.stderr.write(diff_summary(report, run.applied, unsafe) + "\n")
    if report.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if run.changed else EXIT_CLEAN


def _run_add_noqa(args: argparse.Namespace, paths: list[str], settings, rules, cache) -> int:
    from zerolint.diagnostics import Report
    from zerolint.fix.fix_files import add_noqa_files

    report = Report()
    added = add_noqa_files(report, paths, settings, rules, args.force_exclude, cache)
    report.sort()
    _print_errors(report)
    if not args.quiet:
        noun = "directive" if added == 1 else "directives"
        sys.stderr.write(f"Added {added} noqa {noun}.\n")
    return EXIT_ERROR if report.errors else EXIT_CLEAN


def _verify(args: argparse.Namespace, report, rules, settings, stdin: bytes | None) -> None:
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
        offline_data=args.verify_offline_data or "stand-in",
    )
    with _interrupted_by(signal.SIGTERM, signal.SIGHUP):
        verify_report(
            report, rules, settings.rule_options, limits, terminal_progress, args.jobs, stdin
        )
    if sys.stderr.isatty() and report.diagnostics:
        sys.stderr.write("\n")


class Interrupted(KeyboardInterrupt):
    """A termination signal, handled like Ctrl-C: the dry runs end their workers, scripts
    and scratch directory on the way out."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = number


@contextlib.contextmanager
def _interrupted_by(*numbers: int):
    """While the dry runs go, ``numbers`` (SIGTERM from a CI timeout, SIGHUP from a closed
    terminal) raise ``Interrupted`` as Ctrl-C raises KeyboardInterrupt; a second one during
    the clean-up is ignored. A signal ignored when zerolint started (``nohup``, a
    background job) stays ignored, as Python leaves SIGINT then."""

    def stop(number, frame):
        for each in numbers:
            signal.signal(each, signal.SIG_IGN)
        raise Interrupted(number)

    try:
        numbers = tuple(n for n in numbers if signal.getsignal(n) != signal.SIG_IGN)
        previous = {number: signal.signal(number, stop) for number in numbers}
    except ValueError:  # not the main thread: leave the signals alone
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _print_errors(report) -> None:
    from zerolint.report.text import location

    for error in report.errors:
        where = location(error.path, error.cell, error.line, error.column)
        sys.stderr.write(f"{where}: error: {error.message}\n")


def _print_report(
    args: argparse.Namespace, report, rules, unsafe: bool, fixed: int | None = None, out=None
) -> None:
    """The findings (on ``out``, stdout unless stdin was fixed) and the summary; ``fixed``
    is the number of fixes applied under --fix."""
    from zerolint.report.render import render
    from zerolint.report.summary import summary, verify_summary

    out = out or sys.stdout
    text_format = args.output_format in ("full", "concise")
    if args.statistics:
        counts = Counter((d.code, d.name) for d in report.diagnostics)
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if args.output_format == "json":  # as ruff: a list of {code, name, count}
            listed = [{"code": c, "name": n, "count": count} for (c, n), count in rows]
            out.write(json.dumps(listed, indent=2) + "\n")
        else:
            for (code, name), count in rows:
                out.write(f"{count:>5}\t{code}\t{name}\n")
    else:
        out.write(render(args.output_format, report, rules, unsafe))
    if text_format or args.statistics:
        _print_errors(report)
        if not args.quiet and (text_format or args.output_format != "json"):
            if report.diagnostics and args.output_format == "full" and not args.statistics:
                out.write("\n")
            out.write(summary(report, fixed, unsafe, not args.statistics) + "\n")
            verified = verify_summary(report) if args.verify else ""
            if verified:
                out.write(verified + "\n")
            if report.errors:
                count = len(report.errors)
                noun = "path" if count == 1 else "paths"
                sys.stderr.write(f"{count} {noun} could not be checked.\n")
    out.flush()


def _run_lsp(argv: list[str]) -> int:
    argparse.ArgumentParser(
        prog="zerolint lsp",
        description="Run the language server over stdio (started by editors; never runs --verify).",
    ).parse_args(argv)
    try:
        import lsprotocol.types  # noqa: F401
        import pygls.lsp.server  # noqa: F401
    except ImportError:
        from zerolint.lsp.server import INSTALL_HINT

        raise UsageError(INSTALL_HINT) from None
    from zerolint.lsp.server import serve

    return serve()


def _run_clean(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="zerolint clean",
        description="Remove the project's cache (.zerolint_cache at the project root, or "
        "'cache-dir' of the configuration, or ZEROLINT_CACHE_DIR).",
    )
    parser.add_argument(
        "--config", metavar="FILE", help="use this pyproject.toml (or a TOML file of zerolint keys)"
    )
    args = parser.parse_args(argv)
    from zerolint.config.settings import load_settings
    from zerolint.run.cache import CacheError, clean, directory

    folder = directory(load_settings(args.config, Path.cwd()))
    try:
        removed = clean(folder)
    except CacheError as error:
        raise UsageError(str(error)) from None
    sys.stderr.write(f"Removed {folder}\n" if removed else f"No cache at {folder}\n")
    return EXIT_CLEAN


def _dispatch(argv: list[str]) -> int:
    if argv and argv[0] == "clean":
        return _run_clean(argv[1:])
    if argv and argv[0] in ("rule", "rules"):
        from zerolint.cli import rule_command

        run = rule_command.run_rule if argv[0] == "rule" else rule_command.run_rules
        return run(argv[1:])
    if argv and argv[0] == "lsp":
        return _run_lsp(argv[1:])
    if argv and argv[0] == "check":
        argv = argv[1:]
    return _run_check(_check_parser().parse_args(argv))


def _error_line(message: str) -> None:
    from zerolint.report.text import printable

    sys.stderr.write(f"zerolint: {printable(message)}\n")


def _main(argv: list[str]) -> int:
    from zerolint.config.settings import ConfigError

    try:
        return _dispatch(argv)
    except (UsageError, ConfigError, StreamError) as error:
        _error_line(f"error: {error}")
        return EXIT_ERROR
    except SystemExit as exit_:  # argparse's usage errors and --help
        return exit_.code if isinstance(exit_.code, int) else EXIT_ERROR
    except KeyboardInterrupt as interrupt:
        return 128 + getattr(interrupt, "signal", signal.SIGINT)
    except Exception as error:  # never a traceback for the user
        _error_line(f"internal error: {error!r} (please report this)")
        return EXIT_ERROR


def main(argv: list[str] | None = None) -> int:
    """Run zerolint; every failure becomes a one-line message and exit code 2."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["lsp"]:
        return _main(argv)  # the protocol owns stdin and stdout
    try:
        with guarded():  # closed, full or cut-short streams: see zerolint.cli.streams
            return _main(argv)
    except StreamError as error:  # stdout failed at the last flush
        with guarded():
            _error_line(f"error: {error}")
        return EXIT_ERROR
