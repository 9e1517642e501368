"""User text (file names, CSV headers, class names, words, messages quoting them) shown as
text, never read as HTML: Qt renders anything that looks like a tag as rich text otherwise,
so `<img src=…>` in a header would load an image and a file name could restyle a panel."""

from __future__ import annotations

from PySide6.QtGui import Qt  # QtGui's Qt also has mightBeRichText
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain(label: QLabel) -> QLabel:
    """`label`, set to show its text literally; returned for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally, as Qt shows plain text.

    Qt guesses a tooltip's format (Qt.mightBeRichText); text it would take for HTML is
    escaped, with its spaces and line breaks kept, and all other text is left as it is.
    """
    if not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def button_text(text: str) -> str:
    """`text` for a button or action: a '&' is shown, not taken for a keyboard mnemonic."""
    return text.replace("&", "&&")


def show_warning(parent: QWidget | None, title: str, message: str) -> None:
    """A modal warning that shows `message` (which may quote user text) literally."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok,
                      parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
