"""File → Export image: one view of the page on show (or the whole window) as PNG at 1×, 2×
or a chosen width, or as SVG. A file that cannot be written is named in the dialog, which
stays open with everything chosen, so nothing is lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialogButtonBox, QFormLayout, QSpinBox, QWidget,
)

from bpviz.app.export.export_dialog import ExportDialog
from bpviz.data.picture_limits import MAX_SIDE
from bpviz.app.export.picture import save_picture
from bpviz.app.export.views import ExportView, bring_forward
from bpviz.errors import BpvizError

SIZES = ("1× (as on screen)", "2× (sharper, for slides)", "A chosen width")
FILTERS = {".png": "PNG pictures (*.png)", ".svg": "SVG pictures (*.svg)"}
FORMATS = {".png": "PNG (pixels)", ".svg": "SVG (vector, text kept as text)"}


class ExportImageDialog(ExportDialog):
    """Choose a view, a format and a size, and the file to write."""

    def __init__(self, views: list[ExportView], folder: str, parent: QWidget | None = None,
                 chosen: str = "window") -> None:
        super().__init__("Export image", views, FORMATS, FILTERS, folder, parent)
        self.view_box.setCurrentIndex(max(0, self.view_box.findData(chosen)))
        self.size_box = QComboBox()
        self.size_box.addItems(SIZES)
        self.width_box = QSpinBox()
        self.width_box.setRange(16, MAX_SIDE)
        self.width_box.setSuffix(" px")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("View:", self.view_box)
        form.addRow("Format:", self.format_box)
        form.addRow("Size:", self.size_box)
        form.addRow("Width:", self.width_box)
        form.addRow("File:", self.file_row())
        form.addRow(self.error_label)
        form.addRow(buttons)
        self.view_box.currentIndexChanged.connect(self._sync)
        self.size_box.currentIndexChanged.connect(self._sync)
        self._sync()

    def set_choice(self, view: str, suffix: str = ".png", size: int = 0,
                   width: int | None = None) -> None:
        """Choose the view by key, the format by suffix, the size by its index in SIZES."""
        self.view_box.setCurrentIndex(self.view_box.findData(view))
        self.format_box.setCurrentIndex(self.format_box.findData(suffix))
        self.size_box.setCurrentIndex(size)
        if width is not None:
            self.width_box.setValue(width)

    def export(self) -> bool:
        """Write the picture; on success close, else say why and keep every choice."""
        scale = (1.0, 2.0, None)[self.size_box.currentIndex()]
        width = self.width_box.value() if scale is None else None
        try:
            path = self.chosen_path()
            bring_forward(self.view.widget)  # a dock's view behind another tab: to the front
            QApplication.processEvents()
            self.written = save_picture(self.view.widget, path, scale=scale, width=width,
                                        title=f"bpviz — {self.view.title}")
        except BpvizError as problem:
            self.say(str(problem))
            return False
        self.accept()
        return True

    def _format_changed(self) -> None:
        super()._format_changed()
        self._sync()

    def _sync(self) -> None:
        png = self.suffix == ".png"
        self.size_box.setEnabled(png)
        self.width_box.setEnabled(png and self.size_box.currentIndex() == 2)
        if not self.width_box.isEnabled():
            self.width_box.setValue(max(16, min(MAX_SIDE, self.view.widget.width() * 2)))
