"""A page of the main window: the stage or a lab. Each brings its widget, its own menu of
actions and keys, its File and View actions, its docks, its theme handling, and what
happens when it is shown or hidden; the window only switches between them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSizePolicy, QWidget

from bpviz.app.theme import Theme

if TYPE_CHECKING:  # exports and session files load when first used, not at the start
    from bpviz.app.export.views import ExportView
    from bpviz.sessions import Session


class Page:
    """The base of every page. `name` is the catalog's page name ("stage", "lab")."""

    name = ""
    menu_title = ""  # the page's own menu: "&Step", "L&ab"
    can_save = False  # whether File → Save session can capture the page (capture_session)

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        self.window = window
        self.theme = theme
        self._docks_shown: list[bool] = []

    @property
    def widget(self) -> QWidget:
        """The page's central widget."""
        raise NotImplementedError

    def menu_actions(self) -> list[QAction]:
        """The page's own menu, in order (None-free)."""
        return []

    def file_actions(self) -> list[QAction]:
        """What the File menu offers while the page shows (Open, Save…)."""
        return []

    def view_actions(self) -> list[QAction]:
        """The page's entries in the View menu (its views and docks)."""
        return [dock.toggleViewAction() for dock in self.docks()]

    def docks(self) -> list[QDockWidget]:
        """Docks that belong to this page: shown only with it."""
        return []

    def shortcut_actions(self) -> list[QAction]:
        """Every action the page answers to, for the keyboard help (F1)."""
        return [*self.file_actions(), *self.menu_actions(), *self.view_actions()]

    def focus_widget(self) -> QWidget:
        """Where the keys go back to once a field has been confirmed with Enter."""
        return self.widget

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme

    def set_zoom(self, factor: float) -> None:
        """The presentation zoom: the page's views and text `factor` times their size."""

    def activate(self) -> None:
        """The page is shown: its docks as they were left, its keys on."""
        for dock, shown in zip(self.docks(), self._docks_shown or [True] * len(self.docks())):
            dock.setVisible(shown)
        for action in self.shortcut_actions():
            action.setEnabled(True)
        _take_part_in_size(self.widget, True)

    def deactivate(self) -> None:
        """The page is hidden: its docks step aside, its keys go quiet, nothing runs."""
        self._docks_shown = [not dock.isHidden() for dock in self.docks()]
        for dock in self.docks():
            dock.hide()
        for action in [*self.file_actions(), *self.menu_actions()]:
            action.setEnabled(False)
        _take_part_in_size(self.widget, False)

    def restore_docks(self) -> None:
        """Put the docks back as the user left them (before the window saves its state)."""
        if self._docks_shown:
            for dock, shown in zip(self.docks(), self._docks_shown):
                dock.setVisible(shown)

    def close(self) -> None:
        """The window closes: stop whatever runs."""

    def capture_session(self, title: str, notes: dict[int, str], saved_by: str,
                        data_beside: Path | None = None) -> Session:
        """What is on the page, as a session file holds it (bpviz.sessions captures it).
        With `data_beside` (the session file's path), a page's data set goes to a CSV file
        beside it, which the session links to, rather than into the session."""
        from bpviz.sessions import SessionFileError  # loaded when a session is first saved

        raise SessionFileError(f"the {self.name} page cannot be saved as a session")

    def changed_signals(self) -> list:
        """Signals that mean what a session file holds of the page has changed."""
        return []

    def export_views(self) -> list[ExportView]:
        """What File → Export image and `bpviz render --view` can take a picture of: the
        whole page by default; pages add their views (circuit, ledger, a lab panel…)."""
        from bpviz.app.export.views import PAGE_KEY, ExportView  # loaded at the first export

        return [ExportView(PAGE_KEY, "The whole page", self.widget)]


def _take_part_in_size(widget: QWidget, shown: bool) -> None:
    """A hidden page must not set the window's minimum size: its size policy is Ignored
    while it is hidden, so the stacked layout counts only the page on show."""
    policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
    widget.setSizePolicy(policy, policy)
