"""Guards the PySide6 pin: 6.12.0 loses a reference to True on every emit (Python 3.11)."""

import sys

import PySide6
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(int)


def test_pyside6_version_is_pinned_range():
    assert (6, 11, 3) <= tuple(PySide6.__version_info__[:3]) < (6, 12)


def test_signal_emit_keeps_refcount_of_true():
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    floor = sys.getrefcount(True) - 5  # a few references may come and go
    for i in range(5000):
        emitter.fired.emit(i)
        # Stop early: left to run, the broken build kills the interpreter.
        if sys.getrefcount(True) < floor:
            raise AssertionError(f"Signal.emit() leaks references to True ({i + 1} emits)")
    assert len(received) == 5000
