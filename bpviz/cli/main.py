"""`bpviz`: no arguments start the desktop app, `bpviz FILE.bpviz` starts it with that session
file open, `bpviz --corpus FILE.txt` on the word-vector lab learning from that text;
subcommands work on the command line.

Every error is one line on stderr and a non-zero exit code: 2 for bad input, 1 for a
bug in bpviz; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from types import ModuleType

from bpviz import __version__
from bpviz.cli.display import HEADLESS_HINT, display_problem
from bpviz.cli.interrupt import quit_on_ctrl_c, raise_keyboard_interrupt
from bpviz.cli.parser import CliParser
from bpviz.cli.terminal_text import terminal_line
from bpviz.errors import BpvizError


def commands() -> tuple[ModuleType, ...]:
    """The subcommands, each a module with NAME, HELP, EXAMPLE, add_arguments(parser) and
    run(args). Imported here, not at the top: starting the app needs none of them (they
    bring the labs, data sets and session files, about half a second of imports)."""
    from bpviz.cli import (
        animate_command, bench_command, grad_command, gradcheck_command, ledger_command,
        pitfall_command, practice_command, render_command, trace_command, train_command,
    )
    return (grad_command, trace_command, ledger_command, practice_command, gradcheck_command,
            train_command, bench_command, pitfall_command, render_command, animate_command)


USAGE_ERROR, INTERNAL_ERROR, INTERRUPTED = 2, 1, 130
SESSION_SUFFIX = ".bpviz"  # a session file given alone opens in the app


def build_parser() -> CliParser:
    """The parser of `bpviz` and all its subcommands."""
    parser = CliParser(prog="bpviz", description="See backpropagation happen, step by step. "
                       "Without arguments, bpviz starts the desktop app; "
                       "bpviz --corpus FILE.txt starts it on the word-vector lab with that text.")
    parser.add_argument("--version", action="version", version=f"bpviz {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in commands():
        subparser = subcommands.add_parser(command.NAME, help=command.HELP,
                                           description=command.HELP, epilog=command.EXAMPLE,
                                           formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run bpviz with `argv` (default: this process's arguments); return the exit code."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        raise_keyboard_interrupt()  # Ctrl-C while starting quit at once; from here it is ours
        _replace_unencodable_output()
        with warnings.catch_warnings():
            # NumPy's warnings would break the one-line rule; what they warn of is checked.
            warnings.simplefilter("ignore", RuntimeWarning)
            if not arguments:
                return _start_app()
            if len(arguments) == 1 and arguments[0].lower().endswith(SESSION_SUFFIX):
                return _start_app(arguments[0])
            corpus = _corpus_argument(arguments)
            if corpus is not None:
                return _start_app(corpus=corpus)
            return _run_command(arguments)
    except BpvizError as error:
        return _fail(f"error: {error}", USAGE_ERROR)
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        return _fail("interrupted", INTERRUPTED)
    except MemoryError:
        return _fail("error: not enough memory for this; try smaller sizes", INTERNAL_ERROR)
    except OSError as error:  # e.g. the output cannot be written: a full disk
        return _fail(f"error: {error.strerror or error}", INTERNAL_ERROR)
    except Exception as error:  # the last resort: one line instead of a traceback
        return _fail(f"internal error: {type(error).__name__}: {error}", INTERNAL_ERROR)
    finally:
        quit_on_ctrl_c()  # while Python shuts down, Ctrl-C only ends it sooner


def _corpus_argument(arguments: list[str]) -> str | None:
    """PATH of `bpviz --corpus PATH` (or `--corpus=PATH`): the app opens the word-vector lab
    on that corpus; None for any other command line."""
    if len(arguments) == 2 and arguments[0] == "--corpus":
        return arguments[1]
    if len(arguments) == 1 and arguments[0].startswith("--corpus="):
        return arguments[0].removeprefix("--corpus=")
    return None


def _start_app(session: str | None = None, corpus: str | None = None) -> int:
    if corpus is not None and not os.path.isfile(corpus):
        return _fail(f"error: --corpus {corpus}: no such file", USAGE_ERROR)
    if session is not None:
        from bpviz.sessions import open_session

        open_session(session)  # a bad file: one line (SessionFileError), before any window
    problem = display_problem()  # Qt itself would abort with a core dump
    if problem is not None:
        return _fail(f"error: {problem}; {HEADLESS_HINT}", INTERNAL_ERROR)
    try:
        # Imported here, so that the subcommands never load Qt.
        from bpviz.app.launch import run_app
    except ImportError as error:
        return _fail(f"error: the desktop app cannot start: {error}", INTERNAL_ERROR)
    if corpus is not None:
        return run_app([], corpus=corpus)
    return run_app([]) if session is None else run_app([], session=session)


def _run_command(arguments: list[str]) -> int:
    parser = build_parser()
    try:
        args = parse_arguments(parser, arguments)
    except SystemExit as stop:  # --help and --version print and stop argparse
        return stop.code if isinstance(stop.code, int) else 0
    return args.run(args)


def parse_arguments(parser: CliParser, arguments: list[str]) -> argparse.Namespace:
    """Parse, letting NAME=VALUE pairs come after an option too (`EXPR x=1 --json y=2`)."""
    args, extras = parser.parse_known_args(arguments)
    # argparse fills a `nargs="*"` positional only once; later pairs come back as extras.
    if extras and (not hasattr(args, "assignments") or any(e.startswith("-") for e in extras)):
        parser.error(f"unrecognized arguments: {' '.join(extras)}")
    if extras:
        args.assignments = [*args.assignments, *extras]
    return args


def _reader_went_away() -> int:
    # `bpviz trace … | head`: the reader has all it wanted. Point stdout at /dev/null so
    # Python's own flush at exit does not complain either.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _fail(message: str, code: int) -> int:
    # One line, and a CSV header's escape sequences shown, not obeyed by the terminal.
    print("bpviz: " + terminal_line(message), file=sys.stderr)
    return code


def _replace_unencodable_output() -> None:
    # A console or pipe that cannot encode '∂' (e.g. cp1252) should show '?', not crash.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
