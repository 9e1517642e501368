"""Small building blocks of the lab's controls: named choice boxes, captions, section titles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget


def choice_box(choices: Sequence[object], names: Mapping[object, str], tip: str) -> QComboBox:
    """A combo box listing `choices` by their `names` (the choice itself as item data)."""
    box = QComboBox()
    for choice in choices:
        box.addItem(names.get(choice, str(choice)), choice)
    box.setToolTip(tip)
    return box


def select(box: QComboBox, choice: object) -> None:
    """Show `choice` in `box` without telling its listeners (the model already has it)."""
    index = box.findData(choice)
    if index < 0:  # a value not on the list (set from code): show it as an extra item
        box.addItem(f"{choice:g}" if isinstance(choice, float) else str(choice), choice)
        index = box.count() - 1
    box.blockSignals(True)
    box.setCurrentIndex(index)
    box.blockSignals(False)


def captioned(text: str, control: QWidget) -> QWidget:
    """`control` with a small caption above it, as a toolbar field."""
    field = QWidget()
    layout = QVBoxLayout(field)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    label = QLabel(text)
    label.setObjectName("caption")
    label.setBuddy(control)
    label.setToolTip(control.toolTip())
    layout.addWidget(label)
    layout.addWidget(control)
    return field


def section_title(text: str) -> QLabel:
    """A section's heading in small capitals, as in the lab's columns."""
    label = QLabel(text.upper())
    label.setObjectName("sectionTitle")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
    return label


def hint(text: str) -> QLabel:
    """A muted, wrapped line of help."""
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
