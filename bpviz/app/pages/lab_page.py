"""What the lab pages share: the lab widget is the page, follows the theme and zoom, and its
model pauses when the page is hidden or the window closes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from bpviz.app.pages.page import Page
from bpviz.app.theme import Theme


class LabPage(Page):
    """A page showing one lab; subclasses set `lab` (its widget, with `model`, `set_theme`
    and `set_zoom`) in their constructor."""

    lab: Any  # imported late by each subclass: pyqtgraph costs a launch that never opens it

    @property
    def widget(self) -> QWidget:
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
