"""The app's last resort for a bug: an exception escaping a slot, a timer or an event handler
becomes a message in the window and one log line, never a traceback on stderr.

Qt calls Python code from its event loop; what such code does not catch reaches
`sys.excepthook`. `install_slot_guard` replaces that hook for as long as the app runs
(the full traceback is logged at DEBUG level, for a developer who asks for it).
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType

LOG = logging.getLogger("bpviz.app")
REPEAT_S = 5.0  # the same failure again within this time is counted, not logged again
OVERRIDE_PREFIX = "Error calling Python override of "  # then `Class::method(): `


class SlotGuard:
    """A `sys.excepthook`: says what failed through `show` and logs one line per failure."""

    def __init__(self, show: Callable[[str], None]) -> None:
        self.show = show
        self._last: tuple[str, float] | None = None  # what failed last, and when
        self.repeats = 0

    def __call__(self, kind: type[BaseException], error: BaseException,
                 trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl-C in the terminal: just quit
            _quit()
            return
        where = _where(trace)
        text = _without_override_prefix(str(error))  # PySide's wording for an event handler
        summary = f"{kind.__name__}: {text}" if text else kind.__name__
        key, now = f"{summary} at {where}", time.monotonic()
        if self._last is not None and self._last[0] == key and now - self._last[1] < REPEAT_S:
            self.repeats += 1
        else:
            LOG.error("unexpected error at %s: %s", where, summary)
            LOG.debug("".join(traceback.format_exception(kind, error, trace)))
            self.repeats = 0
        self._last = (key, now)
        try:
            self.show(f"Something went wrong: {summary}. That action was stopped; the rest "
                      "of the window works as before.")
        except Exception as failure:  # the window itself cannot say it: the log line must do
            LOG.error("the window could not show the error either: %s", failure)


def install_slot_guard(show: Callable[[str], None]) -> SlotGuard:
    """Route exceptions from Qt's event loop to `show` and the log; returns the guard."""
    if not LOG.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("bpviz: %(message)s"))
        LOG.addHandler(handler)
        LOG.propagate = False
    guard = SlotGuard(show)
    sys.excepthook = guard
    return guard


def _where(trace: TracebackType | None) -> str:
    """file:line in function of the innermost frame, the place a bug report needs."""
    frames = traceback.extract_tb(trace)
    if not frames:
        return "an unknown place"
    frame = frames[-1]
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} in {frame.name}"


def _quit() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.quit()


def _without_override_prefix(text: str) -> str:
    """The message without PySide's `Error calling Python override of X::y(): ` prefix."""
    if not text.startswith(OVERRIDE_PREFIX):
        return text
    _, separator, rest = text.partition("(): ")
    return rest if separator else text
