"""Ctrl-C while bpviz is still starting: one line and exit code 130, never a traceback.

Importing the subcommands (NumPy and the engine) takes about 0.2 s, before main()'s
own `except KeyboardInterrupt` is in place. The entry point calls `quit_on_ctrl_c()`
first thing, main() hands Ctrl-C back to Python's KeyboardInterrupt while it runs, and
takes it again when it returns, for the moments Python needs to shut down.
Standard library only, so that importing this module is instant.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

INTERRUPTED = 130  # the shell's code for "stopped by Ctrl-C" (128 + SIGINT)


def quit_on_ctrl_c() -> None:
    """When bpviz is the program being run, make Ctrl-C exit at once with one line.

    Left alone: a Ctrl-C the shell ignores (a background job), a handler someone else
    installed, and bpviz imported as a library (e.g. by a test runner).
    """
    if not _bpviz_is_the_program():
        return
    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _exit_interrupted)
    except ValueError:  # not the main thread: signals are not ours to handle
        pass


def raise_keyboard_interrupt() -> None:
    """From here on Ctrl-C raises KeyboardInterrupt again, for main() to report."""
    try:
        if signal.getsignal(signal.SIGINT) is _exit_interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:
        pass


def _exit_interrupted(signum: int, frame: object) -> None:
    for stream in (sys.stdout, sys.stderr):  # what a finished command printed stays printed
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed pipe, a flush already under way
            pass
    os.write(2, b"bpviz: interrupted\n")
    os._exit(INTERRUPTED)


def _bpviz_is_the_program() -> bool:
    """The `bpviz` command, or `python -m bpviz`."""
    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return (program.stem.lower() in ("bpviz", "bpviz-script")
            or program.parts[-2:] == ("bpviz", "__main__.py"))
