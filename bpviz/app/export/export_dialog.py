"""What the image and animation export dialogs share: the list of views, the list of
formats, the file row with Choose…, a file name checked against the format, and the red
note naming what went wrong (the dialog stays open with every choice kept)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget,
)

from bpviz.app.export.views import ExportView
from bpviz.app.palette import error_colour
from bpviz.app.settings_form import note_label
from bpviz.errors import BpvizError


class ExportDialog(QDialog):
    """A dialog that writes one view of the page to a file in one of `formats`
    (suffix → the name shown); `filters` are the save dialog's, by suffix."""

    def __init__(self, title: str, views: list[ExportView], formats: dict[str, str],
                 filters: dict[str, str], folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.views, self.filters = views, filters
        self.written: Path | None = None
        self.view_box = QComboBox()
        for view in views:
            self.view_box.addItem(view.title, view.key)
        self.format_box = QComboBox()
        for suffix, name in formats.items():
            self.format_box.addItem(name, suffix)
        self.path_field = QLineEdit(str(Path(folder) / f"bpviz{next(iter(formats))}"))
        self.error_label = note_label("error")
        self.error_label.hide()
        self.format_box.currentIndexChanged.connect(self._format_changed)

    @property
    def view(self) -> ExportView:
        return self.views[self.view_box.currentIndex()]

    @property
    def suffix(self) -> str:
        return self.format_box.currentData()

    def file_row(self) -> QHBoxLayout:
        """The file's name, and Choose… to pick it in a save dialog."""
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_field, 1)
        row.addWidget(choose)
        return row

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.windowTitle(), self.path_field.text(),
                                                self.filters[self.suffix])
        if chosen:
            self.path_field.setText(chosen)

    def chosen_path(self) -> Path:
        """The file typed, the format's suffix added if it has none (BpvizError if another)."""
        path = Path(self.path_field.text().strip())
        if not path.suffix:
            path = path.with_suffix(self.suffix)
        if path.suffix.lower() != self.suffix:
            raise BpvizError(f"{path.name}: for {self.format_box.currentText()} the file's "
                             f"name ends in {self.suffix}")
        return path

    def say(self, message: str) -> None:
        """Name what went wrong, in the theme's error colour, under the form."""
        self.error_label.setText(message)
        self.error_label.setStyleSheet(f"color: {error_colour(self.palette()).name()};")
        self.error_label.show()
        self.fit_note()

    def fit_note(self) -> None:
        """Grow the dialog so the wrapped note shows whole (a dialog does not size itself
        for a label's height at its width)."""
        layout = self.layout()
        if layout is None:
            return
        label = self.error_label
        label.setMinimumHeight(0)  # an earlier, longer note's height does not stay
        layout.activate()
        label.setMinimumHeight(label.heightForWidth(max(label.width(), 1)))
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def _format_changed(self) -> None:
        path = Path(self.path_field.text().strip() or "bpviz")
        if path.suffix.lower() in self.filters:
            self.path_field.setText(str(path.with_suffix(self.suffix)))
