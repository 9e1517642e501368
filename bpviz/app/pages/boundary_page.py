"""The decision-boundary lab as a page: built the first time it is shown (pyqtgraph and the
lab add ~0.3 s to a launch that never opens it)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from bpviz.app.pages.page import Page
from bpviz.app.theme import Theme


class BoundaryLabPage(Page):
    """Train softmax regression and a small net side by side and watch their boundaries."""

    name = "lab"
    menu_title = "L&ab"

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        super().__init__(window, theme)
        from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
        from bpviz.app.labs.boundary.lab_model import LabModel

        self.lab = BoundaryLab(LabModel(parent=window), theme)

    @property
    def widget(self) -> QWidget:
        return self.lab

    def file_actions(self) -> list[QAction]:
        return self.lab.actions()[:2]  # Open and Save a data set

    def menu_actions(self) -> list[QAction]:
        return self.lab.actions()[2:]

    def focus_widget(self) -> QWidget:
        return self.lab

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.lab.set_theme(theme)

    def set_zoom(self, factor: float) -> None:
        self.lab.set_zoom(factor)

    def deactivate(self) -> None:
        self.lab.model.pause()
        super().deactivate()

    def close(self) -> None:
        self.lab.model.pause()
