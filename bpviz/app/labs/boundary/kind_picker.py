"""The built-in data sets as a row of thumbnails, each drawn from a small sample of its points."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from bpviz.app.labs.boundary.choice_names import KIND_NAMES
from bpviz.app.theme import LIGHT, Theme, class_colours
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.datasets import make_dataset
from bpviz.labs.boundary.settings import KINDS, DataSpec

THUMBNAIL = 40       # pixels square
SAMPLE_POINTS = 120  # enough to recognise the shape, few enough to stay crisp
SHORT_NAMES = {"gauss": "Blobs"}


class KindPicker(QWidget):
    """One checkable thumbnail per built-in data set. `kind_chosen(kind)` when one is clicked."""

    kind_chosen = Signal(str)

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.samples = {kind: make_dataset(DataSpec(kind=kind, points=SAMPLE_POINTS))
                        for kind in KINDS}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for kind in KINDS:
            button = QToolButton()
            button.setObjectName("kindButton")
            button.setCheckable(True)
            button.setText(SHORT_NAMES.get(kind, KIND_NAMES[kind]))
            button.setToolTip(f"Train on {KIND_NAMES[kind].lower()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, chosen=kind: self.kind_chosen.emit(chosen))
            self.group.addButton(button)
            self.buttons[kind] = button
            layout.addWidget(button)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Redraw the thumbnails in `theme`'s class colours."""
        for kind, button in self.buttons.items():
            button.setIcon(QIcon(_thumbnail(self.samples[kind], theme)))

    def show_kind(self, kind: str | None) -> None:
        """Check the thumbnail of `kind`, or none (the data came from a file or drawing)."""
        self.group.setExclusive(False)
        for name, button in self.buttons.items():
            button.setChecked(name == kind)
        self.group.setExclusive(True)


def _thumbnail(data: Dataset, theme: Theme) -> QPixmap:
    """The data set's points as dots on the theme's background, framed to ±1.3."""
    scale = 2  # drawn at twice the size for high-density screens
    pixmap = QPixmap(THUMBNAIL * scale, THUMBNAIL * scale)
    pixmap.setDevicePixelRatio(scale)
    pixmap.fill(QColor(theme.background))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    colours = [QColor(colour) for colour in class_colours(theme, data.num_classes)]
    half = THUMBNAIL / 2
    for (x, y), label in zip(data.X.tolist(), data.y.tolist()):
        painter.setBrush(colours[label])
        painter.drawEllipse(QPointF(half + x / 1.3 * half, half - y / 1.3 * half), 1.6, 1.6)
    painter.end()
    return pixmap
