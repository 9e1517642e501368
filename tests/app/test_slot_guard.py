"""The app's last resort: an exception escaping a slot, a timer or an event handler becomes a
message in the window and one log line, and the event loop goes on."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from bpviz.app.slot_guard import SlotGuard, install_slot_guard


def fail() -> None:
    raise ValueError("no such unit")


@pytest.mark.qt_no_exception_capture  # the guard, not pytest-qt, handles what escapes
def test_an_exception_in_a_timer_becomes_a_message_and_one_log_line(qtbot, monkeypatch, capfd,
                                                                  caplog):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    shown = []
    install_slot_guard(shown.append)
    ticks = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: (ticks.append(1), fail()))
    with caplog.at_level(logging.INFO, logger="bpviz.app"):
        timer.start()
        qtbot.waitUntil(lambda: len(ticks) >= 3)
        timer.stop()
    assert shown[0] == ("Something went wrong: ValueError: no such unit. That action was "
                        "stopped; the rest of the window works as before.")
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    line = fail.__code__.co_firstlineno + 1
    assert errors == [f"unexpected error at test_slot_guard.py:{line} in fail: ValueError: "
                      "no such unit"]  # the same failure again is not logged again
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_an_event_handler_too(qtbot, monkeypatch, capfd):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    install_slot_guard(shown.append)

    class Broken(QWidget):
        armed = False

        def resizeEvent(self, event):  # noqa: N802 (Qt's name)
            if self.armed:
                fail()

    widget = Broken()
    qtbot.addWidget(widget)
    widget.show()
    widget.armed = True
    QTimer.singleShot(0, lambda: widget.resize(321, 123))  # from the event loop
    qtbot.waitUntil(lambda: widget.width() == 321)
    qtbot.waitUntil(lambda: len(shown) >= 1)
    assert shown[0].startswith("Something went wrong: ValueError: no such unit.")
    assert "Traceback" not in capfd.readouterr().err


def test_a_window_that_cannot_show_it_leaves_the_log_line(caplog):
    def broken_window(message):
        raise RuntimeError("window gone")
    guard = SlotGuard(broken_window)
    with caplog.at_level(logging.ERROR, logger="bpviz.app"):
        guard(ValueError, ValueError("x"), None)
    assert [record.getMessage() for record in caplog.records] == [
        "unexpected error at an unknown place: ValueError: x",
        "the window could not show the error either: window gone"]


def test_ctrl_c_quits_quietly(qtbot, monkeypatch):
    quits = []
    monkeypatch.setattr("bpviz.app.slot_guard._quit", lambda: quits.append(True))
    shown = []
    SlotGuard(shown.append)(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert quits == [True] and shown == []
