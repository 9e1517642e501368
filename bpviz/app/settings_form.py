"""The parts every stage lesson's settings form is made of: fields of one width, the Apply
button, the red "Not applied: …" note under the form, and the column that holds them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout,
    QWidget,
)

from bpviz.app.palette import error_colour
from bpviz.app.plain_text import plain

FIELD_WIDTH = 150  # the spin boxes and lists share one width, so the form lines up


def int_field(low: int, high: int, tip: str, on_enter: Callable[[], object]) -> QSpinBox:
    """A whole-number field from `low` to `high`; Enter calls `on_enter` (Apply)."""
    box = QSpinBox()
    box.setRange(low, high)
    _finish_field(box, tip, on_enter)
    return box


def real_field(low: float, high: float, decimals: int, tip: str,
               on_enter: Callable[[], object]) -> QDoubleSpinBox:
    """A real-number field shown with `decimals` places; Enter calls `on_enter`."""
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setDecimals(decimals)
    _finish_field(box, tip, on_enter)
    return box


def _finish_field(box: QSpinBox | QDoubleSpinBox, tip: str,
                  on_enter: Callable[[], object]) -> None:
    box.setToolTip(tip)
    box.setFixedWidth(FIELD_WIDTH)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    box.lineEdit().returnPressed.connect(on_enter)


def apply_button(tip: str, on_click: Callable[[], object]) -> QPushButton:
    """The form's Apply button."""
    button = QPushButton("Apply")
    button.setToolTip(tip)
    button.clicked.connect(on_click)
    return button


def note_label(name: str) -> QLabel:
    """A wrapped, selectable label of plain text (messages quote the user's words)."""
    label = plain(QLabel())
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_error(label: QLabel, message: str) -> None:
    """Show `message` in red as "Not applied: …" (the lesson on stage is untouched), or hide."""
    label.setText(f"Not applied: {message}" if message else "")
    label.setStyleSheet(f"color: {error_colour(label.palette()).name()};")
    label.setVisible(bool(message))


def form_layout() -> QFormLayout:
    """A form with its labels right-aligned beside the fields."""
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(8)
    return form


def settings_column(owner: QWidget, form: QFormLayout, button: QPushButton,
                    *below: QWidget) -> QVBoxLayout:
    """`owner`'s layout: the form, Apply on the right under it, then `below` (notes) at the top."""
    buttons = QHBoxLayout()
    buttons.addStretch()
    buttons.addWidget(button)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(10, 10, 10, 10)
    layout.setSpacing(10)
    layout.addLayout(form)
    layout.addLayout(buttons)
    for widget in below:
        layout.addWidget(widget)
    layout.addStretch()
    return layout
