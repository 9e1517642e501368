"""Every page fits a laptop or a projector: at 1280×720 and at 1024×700 the window keeps
the size asked for, and no control overlaps another or is cut off by its parent (a column
too long for the height scrolls instead)."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from bpviz.app.lesson_catalog import CATALOG
from bpviz.app.main_window import MainWindow

SIZES = [(1280, 720), (1024, 700)]
LESSONS = [entry.key for entry in CATALOG]  # every lesson and page the chooser offers
SLACK = 1  # pixels: a shared border is not an overlap


def scrolled(widget: QWidget) -> bool:
    """Whether the widget lies inside a scroll area's content (which may be larger)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def shown(widget: QWidget) -> bool:
    """Visible and on screen (a dock behind another's tab is neither)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def layout_problems(window: QWidget) -> list[str]:
    """Visible controls placed by a layout that overlap a sibling or leave their parent."""
    problems = []
    for parent in [window, *window.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not parent.isVisible():
            continue
        placed = [child for child in parent.findChildren(QWidget)
                  if child.parentWidget() is parent and shown(child)
                  and layout.indexOf(child) >= 0]
        bounds = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        for child in placed:
            if not scrolled(child) and not bounds.contains(child.geometry()):
                problems.append(f"{name(child)} {rect(child.geometry())} leaves {name(parent)} "
                                f"{rect(parent.rect())}")
        for index, first in enumerate(placed):
            for second in placed[index + 1:]:
                overlap = first.geometry().adjusted(SLACK, SLACK, -SLACK, -SLACK).intersected(
                    second.geometry().adjusted(SLACK, SLACK, -SLACK, -SLACK))
                if overlap.isValid() and overlap.width() > 0 and overlap.height() > 0:
                    problems.append(f"{name(first)} overlaps {name(second)} in {name(parent)}")
    return problems


def name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) and isinstance(text(), str) else ""
    return f"{type(widget).__name__}({widget.objectName() or label[:20]})"


def rect(area: QRect) -> str:
    return f"{area.x()},{area.y()} {area.width()}×{area.height()}"


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window(None)
    return window


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_every_page_fits_and_nothing_overlaps(window, qtbot, size, save_screenshot):
    for key in LESSONS:
        window.choose_lesson(key)
        window.resize(*size)
        qtbot.wait(20)
        QApplication.processEvents()
        assert window.size().toTuple() == size, key
        assert layout_problems(window) == [], key
        save_screenshot(window, f"small_screen_{key}_{size[0]}x{size[1]}")


def test_the_check_sees_an_overlap(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QLabel

    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QHBoxLayout(parent)
    first, second = QLabel("first"), QLabel("second")
    layout.addWidget(first)
    layout.addWidget(second)
    parent.show()
    second.setGeometry(first.geometry())  # what a cramped layout does
    assert any("overlaps" in problem for problem in layout_problems(parent))
