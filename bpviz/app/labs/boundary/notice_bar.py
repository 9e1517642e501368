"""A message across the lab, under its training bar: why training stopped and what to try.

It stays until the user closes it or training goes on; the text is plain, never HTML.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from bpviz.app.theme import Theme


class NoticeBar(QWidget):
    """A closable, word-wrapped line of text in the theme's warning colour; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.label = QLabel()
        self.label.setObjectName("notice")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setToolTip("Dismiss this message")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def text(self) -> str:
        """The message shown, or "" when none is."""
        return self.label.text() if not self.isHidden() else ""

    def show_message(self, message: str) -> None:
        """Show `message` (plain text) until it is dismissed or cleared."""
        self.label.setText(message)
        self.show()

    def clear(self) -> None:
        """Hide the message."""
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        """A band in the gradient (warning) colour, readable in either theme."""
        self.setStyleSheet(
            f"QWidget#NoticeBar {{ background: {theme.panel}; "
            f"border-left: 4px solid {theme.gradient}; border-bottom: 1px solid {theme.edge}; }}"
            f"QLabel#notice {{ color: {theme.text}; }}"
            f"QToolButton {{ border: none; color: {theme.muted}; font-size: 12pt; }}")
