"""A theme as a Qt palette, for the window's own widgets (docks, menus, forms)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from bpviz.app.theme import Theme

ERROR_ON_LIGHT = "#c62828"
ERROR_ON_DARK = "#ff6b6b"


def qt_palette(theme: Theme) -> QPalette:
    """Qt's palette roles filled from `theme`; disabled text in the muted colour."""
    palette = QPalette(QColor(theme.panel), QColor(theme.panel))
    role = QPalette.ColorRole
    for name, colour in ((role.Base, theme.background), (role.AlternateBase, theme.panel),
                         (role.WindowText, theme.text), (role.Text, theme.text),
                         (role.ButtonText, theme.text), (role.PlaceholderText, theme.muted),
                         (role.ToolTipBase, theme.panel), (role.ToolTipText, theme.text),
                         (role.Highlight, theme.selection), (role.HighlightedText, theme.background),
                         (role.Link, theme.negative)):
        palette.setColor(name, QColor(colour))
    for name in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, name, QColor(theme.muted))
    return palette


def error_colour(palette: QPalette) -> QColor:
    """A red that reads on the palette's background, light or dark."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(ERROR_ON_DARK if dark else ERROR_ON_LIGHT)
