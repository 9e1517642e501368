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


def relative_luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour: 0 for black, 1 for white."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white); text and
    marks a projector shows should reach 3."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
