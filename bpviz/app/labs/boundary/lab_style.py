"""The lab's look in a theme: a palette for its controls and a style sheet for its text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from bpviz.app.palette import qt_palette
from bpviz.app.theme import Theme


def lab_palette(theme: Theme) -> QPalette:
    """The app's palette, with the lab's page background and lifted fields on dark."""
    palette = qt_palette(theme)
    role = QPalette.ColorRole
    # On a dark window, fields and check boxes are lifted to the panel colour to stand out.
    base = theme.panel if theme.name == "dark" else theme.background
    for name, colour in ((role.Window, theme.background), (role.Base, base),
                         (role.Button, theme.panel), (role.Highlight, theme.negative),
                         (role.HighlightedText, "#ffffff")):
        palette.setColor(name, QColor(colour))
    return palette


def lab_style_sheet(theme: Theme) -> str:
    """Headings, captions, scores and buttons, scoped to the lab."""
    return f"""
    QWidget#BoundaryLab, QWidget#labContent, QWidget#labColumn, QScrollArea#labScroll {{
        background: {theme.background}; }}
    #BoundaryLab QLabel {{ color: {theme.text}; }}
    #BoundaryLab QLabel#sectionTitle {{ color: {theme.muted}; font-size: 9pt; font-weight: bold;
        letter-spacing: 1px; padding-top: 4px; border-bottom: 1px solid {theme.edge}; }}
    #BoundaryLab QLabel#caption {{ color: {theme.muted}; font-size: 8pt; }}
    #BoundaryLab QLabel#hint {{ color: {theme.muted}; font-size: 8.5pt; }}
    #BoundaryLab QLabel#source {{ font-size: 9pt; }}
    #BoundaryLab QLabel#panelTitle {{ font-size: 13pt; font-weight: bold; }}
    #BoundaryLab QLabel#panelSubtitle {{ color: {theme.muted}; font-size: 9pt; }}
    #BoundaryLab QLabel#accuracy {{ font-size: 12pt; font-weight: bold; }}
    #BoundaryLab QLabel#details {{ color: {theme.muted}; font-size: 9pt; }}
    #BoundaryLab QLabel#epoch {{ font-size: 15pt; font-weight: bold; }}
    #BoundaryLab QLabel#unitTitle {{ font-size: 9pt; }}
    #BoundaryLab QLabel#layersLabel {{ font-weight: bold; min-width: 14px; qproperty-alignment: AlignCenter; }}
    #BoundaryLab #TrainingBar {{ background: {theme.panel}; border-bottom: 1px solid {theme.edge}; }}
    #BoundaryLab QToolButton#transportButton, #BoundaryLab QToolButton#roundButton {{
        background: {theme.background}; border: 1px solid {theme.edge}; border-radius: 17px; }}
    #BoundaryLab QToolButton#roundButton {{ border-radius: 13px; font-weight: bold; }}
    #BoundaryLab QToolButton#playButton {{
        background: {theme.negative}; border: none; border-radius: 22px; }}
    #BoundaryLab QToolButton#playButton:checked {{ background: {theme.gradient}; }}
    #BoundaryLab QToolButton#transportButton:hover, #BoundaryLab QToolButton#roundButton:hover {{
        border-color: {theme.text}; }}
    #BoundaryLab QToolButton#textButton {{ background: {theme.panel}; border: 1px solid {theme.edge};
        border-radius: 4px; padding: 4px 8px; }}
    #BoundaryLab QToolButton#textButton:checked {{ background: {theme.text}; color: {theme.background}; }}
    #BoundaryLab QToolButton#kindButton {{ border: 2px solid transparent; border-radius: 4px;
        font-size: 8pt; color: {theme.muted}; padding: 1px; }}
    #BoundaryLab QToolButton#kindButton:checked {{ border-color: {theme.text}; color: {theme.text}; }}
    #BoundaryLab QToolButton#kindButton:hover {{ border-color: {theme.muted}; }}
    #BoundaryLab QCheckBox::indicator {{ width: 13px; height: 13px; border-radius: 3px;
        border: 1px solid {theme.muted}; background: {theme.background}; }}
    #BoundaryLab QCheckBox::indicator:checked {{ background: {theme.negative};
        border-color: {theme.negative}; }}
    #BoundaryLab QFrame#separator {{ color: {theme.edge}; }}
    """
