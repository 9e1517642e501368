"""The lab's commands as QActions with shortcuts, for its buttons and the main window's menus."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence


def lab_action(parent: QObject, text: str, keys: Sequence[str], tip: str,
               slot: Callable[..., None], checkable: bool = False) -> QAction:
    """An action with window-wide shortcuts and a tooltip that names them."""
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    shown = " or ".join(QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
                        for key in keys)
    action.setToolTip(f"{tip} ({shown})" if keys else tip)
    action.setStatusTip(tip)
    (action.toggled if checkable else action.triggered).connect(slot)
    return action
