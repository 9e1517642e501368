"""Reading the window's saved settings so that a damaged settings file can never stop the app.

Every value is checked (its type, its size, a known name) before it is used; a bad
one is replaced by its default with one line in the log ("bpviz.settings"), never an
exception. Qt's own complaints while it reads the file go to the same log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QSettings, qInstallMessageHandler

log = logging.getLogger("bpviz.settings")

MAX_STATE_BYTES = 1 << 16  # a saved geometry or layout takes well under 1 KB


def checked_settings(settings: QSettings) -> QSettings:
    """`settings` as given; if its file cannot be read whole, the log says so once."""
    with _qt_messages_logged(settings):
        status = settings.status()
    if status != QSettings.Status.NoError:
        what = ("is damaged" if status == QSettings.Status.FormatError else "cannot be read")
        log.warning("settings file %s %s; what cannot be read is reset to its default",
                    settings.fileName(), what)
    return settings


def read_choice(settings: QSettings, key: str, known: Collection[str], default: str) -> str:
    """The saved name under `key` if it is one of `known`, else `default`."""
    value = _value(settings, key)
    if value is None:
        return default
    if not isinstance(value, str) or value not in known:
        _reset(settings, key, f"{_describe(value)}, not one of {', '.join(sorted(known))}")
        return default
    return value


def restore_state(settings: QSettings, key: str, restore: Callable[[QByteArray], bool]) -> bool:
    """Give the saved bytes under `key` to `restore` (e.g. restoreGeometry); True if it took them.

    Anything but a byte array of sane size is not even offered; a `restore` that
    refuses the bytes or raises leaves things at their defaults.
    """
    value = _value(settings, key)
    if value is None:
        return False
    if not isinstance(value, QByteArray) or not 0 < value.size() <= MAX_STATE_BYTES:
        _reset(settings, key, f"{_describe(value)}, not a saved layout")
        return False
    try:
        restored = bool(restore(value))
    except Exception as error:  # noqa: BLE001 - any failure only means "use the default"
        _reset(settings, key, f"refused by Qt ({type(error).__name__}: {error})")
        return False
    if not restored:
        _reset(settings, key, "not a layout Qt can restore")
    return restored


def _value(settings: QSettings, key: str) -> object:
    """The raw value, or None when there is none or it cannot even be converted."""
    try:
        with _qt_messages_logged(settings):
            value = settings.value(key)
            if value is None and settings.contains(key):  # a saved type Qt does not know
                _reset(settings, key, "unreadable")
            return value
    except Exception as error:  # noqa: BLE001 - PySide may fail to convert an odd QVariant
        _reset(settings, key, f"unreadable ({type(error).__name__}: {error})")
        return None


def _reset(settings: QSettings, key: str, why: str) -> None:
    log.warning("settings file %s: %r is %s; using the default", settings.fileName(), key, why)


def _describe(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else f"a {type(value).__name__} of {len(shown):,} characters"


@contextmanager
def _qt_messages_logged(settings: QSettings) -> Iterator[None]:
    """Qt's warnings while reading (e.g. about an unknown saved type) go to the log."""
    def to_log(_mode, _context, message: str) -> None:
        log.warning("settings file %s: %s", settings.fileName(), message)

    previous = qInstallMessageHandler(to_log)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
