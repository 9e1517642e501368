"""Lets a plain `pytest` run these tests headless too (tools/run-tests sets it anyway)."""

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


@pytest.fixture
def open_window(qtbot, tmp_path):
    """open_window(size=(1360, 860), animations=True, settings=None): the real main window
    on a settings file of its own (tmp_path/bpviz.ini unless given), shown at `size` (None:
    the size its settings give), circuit animations on or off."""
    from bpviz.app.main_window import MainWindow

    def open_main_window(size: tuple[int, int] | None = (1360, 860), animations: bool = True,
                         settings: Path | None = None):
        path = settings or tmp_path / "bpviz.ini"
        window = MainWindow(QSettings(str(path), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if not animations:
            window.circuit_view.set_animations_enabled(False)
        return window
    return open_main_window


@pytest.fixture
def save_screenshot(pytestconfig):
    """save(widget, name): `widget` as it looks now, under test-output/screenshots/<name>.png."""
    def save(widget, name: str):
        QApplication.processEvents()  # let pending layout requests land, as the app would
        out = pytestconfig.rootpath / "test-output" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{name}.png"
        assert widget.grab().save(str(path))
        return path
    return save


def _as_qt_shows(tooltip: str) -> str:
    """The text a tooltip shows: Qt reads it as HTML when it might be rich text."""
    from PySide6.QtGui import QTextDocument, Qt  # QtGui's Qt has mightBeRichText

    if not Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


@pytest.fixture
def qt_shows():
    """qt_shows(tooltip): the text a user sees for a tooltip (for hostile-text tests)."""
    return _as_qt_shows

