"""The retraining pitfall (lecture §7) as a page, built the first time it is chosen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

from bpviz.app.export.views import ExportView
from bpviz.app.pages.page import Page
from bpviz.app.theme import Theme
from bpviz.labs.pitfall import TITLES, PitfallSession
from bpviz.sessions import Session, pitfall_session


class PitfallPage(Page):
    """Fine-tuned against frozen word vectors, on small and large data, side by side."""

    name = "pitfall"
    menu_title = "&Pitfall"
    can_save = True

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        super().__init__(window, theme)
        from bpviz.app.labs.pitfall.pitfall_lab import PitfallLab

        self.lab = PitfallLab(theme=theme)

    @property
    def widget(self) -> QWidget:
        return self.lab

    def menu_actions(self) -> list[QAction]:
        return [self.lab.play_action, self.lab.step_action, self.lab.reset_action]

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.lab.set_theme(theme)

    def deactivate(self) -> None:
        self.lab.pause()
        super().deactivate()

    def close(self) -> None:
        self.lab.pause()

    def capture_session(self, title: str, notes: dict[int, str], saved_by: str,
                        data_beside: Path | None = None) -> Session:
        return pitfall_session(self.lab.session, title, notes, saved_by)

    def restore(self, session: PitfallSession) -> None:
        """Show the opened runs, paused, at their step."""
        self.lab.show_session(session)

    def changed_signals(self) -> list:
        return [self.lab.stepped]

    def export_views(self) -> list[ExportView]:
        return [*super().export_views(),
                *(ExportView(name.replace("_", "-"), f"The plot: {TITLES[name]}", plot)
                  for name, plot in self.lab.plots.items())]
