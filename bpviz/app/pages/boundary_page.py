"""The decision-boundary lab as a page: built the first time it is shown (pyqtgraph and the
lab add ~0.3 s to a launch that never opens it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from bpviz.app.export.views import ExportView
from bpviz.app.pages.lab_page import LabPage
from bpviz.app.theme import Theme
from bpviz.data.csv_format import save_csv
from bpviz.errors import BpvizError
from bpviz.sessions import LabState, Session, SessionFileError, lab_session

# In the window, Ctrl+O and Ctrl+S open and save session files; the data set's own
# Open and Save move to these keys.
DATA_KEYS = {"open_action": "Ctrl+Shift+O", "save_action": "Ctrl+Shift+D"}


class BoundaryLabPage(LabPage):
    """Train softmax regression and a small net side by side and watch their boundaries."""

    name = "lab"
    menu_title = "L&ab"
    can_save = True

    def __init__(self, window: QMainWindow, theme: Theme) -> None:
        super().__init__(window, theme)
        from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
        from bpviz.app.labs.boundary.lab_model import LabModel

        self.lab = BoundaryLab(LabModel(parent=window), theme)
        for name, key in DATA_KEYS.items():
            action = getattr(self.lab, name)
            old = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setShortcut(QKeySequence(key))
            new = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(action.toolTip().replace(f"({old})", f"({new})"))

    def file_actions(self) -> list[QAction]:
        return self.lab.actions()[:2]  # Open and Save a data set

    def menu_actions(self) -> list[QAction]:
        return self.lab.actions()[2:]

    def focus_widget(self) -> QWidget:
        return self.lab

    def capture_session(self, title: str, notes: dict[int, str], saved_by: str,
                        data_beside: Path | None = None) -> Session:
        # Not paused: the autosave runs while the lab trains, and a step never runs during
        # a capture (both in the window's thread), so what is saved is one consistent state.
        model = self.lab.model
        data_path = None
        if data_beside is not None:
            data_path = data_beside.with_suffix(".csv")
            try:
                save_csv(model.dataset, data_path)
            except (BpvizError, ValueError) as error:
                raise SessionFileError(f"the data set cannot be kept beside the session: "
                                       f"{error}") from None
        return lab_session(model.session, model.data_spec, model.source, data_path=data_path,
                           file_path=data_beside, title=title, notes=notes, saved_by=saved_by)

    def restore(self, state: LabState) -> None:
        """Show the restored lab session, paused, with the settings it was saved with."""
        model = self.lab.model
        model.pause()
        model.cancel_loading()
        model.session, model.source = state.session, state.source
        if state.generator is not None:
            model.data_spec = state.generator
        model.changed.emit()

    def changed_signals(self) -> list:
        return [self.lab.model.changed, self.lab.model.trained]

    def export_views(self) -> list[ExportView]:
        panels = self.lab.panels
        return [*super().export_views(),
                ExportView("softmax", "The softmax regression panel", panels["softmax"]),
                ExportView("mlp", "The neural net panel", panels["mlp"]),
                ExportView("inside", "Inside the net", self.lab.inside)]
