"""The main window as a first-time user sees it; leaves a screenshot in test-output/."""

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from bpviz import __version__
from bpviz.app.main_window import MainWindow


def test_main_window(qtbot, pytestconfig):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    assert window.windowTitle() == "bpviz"
    texts = " ".join(label.text() for label in window.findChildren(QLabel))
    assert 'bpviz grad "(x+y)*max(y,z)" x=1 y=2 z=0' in texts
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    assert __version__ in window.about_text()

    out = pytestconfig.rootpath / "test-output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    png = out / "main_window.png"
    assert window.grab().save(str(png))
    assert png.stat().st_size > 0


def test_quit_action_closes_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.quit_action.trigger()
    assert not window.isVisible()
