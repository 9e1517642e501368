"""The texts of the Help menu."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction, QKeySequence

ABOUT_HTML = (
    "<h3>bpviz {version}</h3>"
    "<p>Watch backpropagation happen, one step at a time: every value and gradient on "
    "screen is the true one, computed by bpviz's own NumPy engine.</p>"
    "<p>Made for the Stanford CS224n lectures on window classification, neural networks "
    "and backpropagation.</p>"
)


def shortcuts_html(actions: Iterable[QAction]) -> str:
    """A table of every action with a shortcut: key, then what it does."""
    rows = "".join(
        f"<tr><td><b>{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
        f"</b>&nbsp;&nbsp;</td><td>{action.text().replace('&', '')}</td></tr>"
        for action in actions if not action.shortcut().isEmpty())
    return f"<table cellpadding='3'>{rows}</table>"
