"""The lecture's circuits as presets of the expression lesson: a list of their titles that
puts one on stage (formula and values), or opens it straight into practice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from bpviz.app.stage_model import StageModel
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.presets import PRESETS, Preset


class PresetChooser(QWidget):
    """A combo box of PRESETS with Load and Practise; `practise(on)` turns practice on."""

    def __init__(self, model: StageModel, practise: Callable[[bool], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.practise = practise
        self.box = QComboBox()
        self.box.setObjectName("presets")
        # As narrow as a short title: the long ones are elided, whole in the drop-down.
        self.box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(10)
        self.box.setToolTip("The lecture's circuits: pick one, then Load it or Practise on it")
        for index, item in enumerate(PRESETS):
            self.box.addItem(item.title, item.name)
            self.box.setItemData(index, f"{item.formula} at "
                                 f"{_values_text(item)}" + (f": {item.note}" if item.note else ""),
                                 Qt.ItemDataRole.ToolTipRole)
        self.load_button = QPushButton("Load")
        self.load_button.setToolTip("Put the chosen preset on stage (its formula and values)")
        self.load_button.clicked.connect(lambda: self.load())
        self.practise_button = QPushButton("Practise")
        self.practise_button.setToolTip("Put the chosen preset on stage and turn practice on")
        self.practise_button.clicked.connect(lambda: self.load(practise=True))
        row = QHBoxLayout()
        row.addWidget(QLabel("Preset:"))
        row.addWidget(self.box, 1)
        buttons = QHBoxLayout()  # under the list: the settings dock stays narrow
        buttons.addStretch(1)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.practise_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addLayout(buttons)

    @property
    def chosen(self) -> Preset:
        return PRESETS[max(self.box.currentIndex(), 0)]

    def choose(self, name: str) -> None:
        """Pick the preset called `name` in the list (nothing is loaded yet)."""
        self.box.setCurrentIndex(self.box.findData(name))

    def load(self, practise: bool = False) -> None:
        """Put the chosen preset on stage from its start; in practice if `practise`."""
        chosen = self.chosen
        self.model.set_lesson(ExpressionLesson(chosen.formula, dict(chosen.values)))
        if practise:
            self.practise(True)


def _values_text(item: Preset) -> str:
    return ", ".join(f"{name} = {value:g}" for name, value in item.values.items())
