"""The look shared by the lab's pyqtgraph plots: quiet axes, no menus, no mouse zoom."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsItem

from bpviz.app.theme import Theme

AXIS_FONT_PT = 8


def quiet_plot(plot: pg.PlotWidget) -> None:
    """No context menu, no zoom/pan by mouse, no 'A' button: the plot only shows."""
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    plot.getPlotItem().setDefaultPadding(0.0)
    font = QFont()
    font.setPointSize(AXIS_FONT_PT)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setStyle(tickFont=font, tickLength=4)
        axis.enableAutoSIPrefix(False)  # "0.5", never "500 (×0.001)"
        # Kept as a pixmap until its ticks change: a heatmap repainted every frame would
        # otherwise redraw the axes' text with it (about 1.5 ms an axis on a busy machine).
        axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def heatmap_base(plot: pg.PlotWidget, image: pg.GraphicsObject | None = None) -> pg.ImageItem:
    """Make `plot` a quiet, square-scaled heatmap and add its row-major image (row 0 at the
    bottom; by default a pyqtgraph ImageItem) under everything drawn later."""
    quiet_plot(plot)
    # The grid's cells are drawn larger than a pixel: interpolate between them, so that a
    # boundary between hard class regions is a smooth edge, not a staircase of cells.
    plot.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    plot.getViewBox().setAspectLocked(True)
    image = pg.ImageItem(axisOrder="row-major") if image is None else image
    image.setZValue(-10)
    plot.addItem(image)
    return image


def square_data_area(plot: pg.PlotWidget) -> None:
    """Centre a square data area in `plot`, its axes beside it: an aspect-locked heatmap then
    fills the area exactly, with no empty bands, however the widget is shaped. Call it
    after every resize and whenever the axes' labels may change width."""
    item = plot.getPlotItem()
    if item is None:
        return  # pyqtgraph resizes the view before its plot exists
    item.setContentsMargins(0, 0, 0, 0)
    item.layout.activate()  # measure the area the axes leave now, not at the next event
    area = plot.getViewBox().geometry()
    side = min(area.width(), area.height())
    dx, dy = (area.width() - side) / 2, (area.height() - side) / 2
    item.setContentsMargins(dx, dy, dx, dy)
    item.layout.activate()


def theme_plot(plot: pg.PlotWidget, theme: Theme) -> None:
    """Background and axes in `theme`'s colours."""
    plot.setBackground(theme.background)
    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(theme.muted))
        axis.setTextPen(pg.mkPen(theme.muted))


def faded(colour: str, alpha: float) -> QColor:
    """`colour` with opacity `alpha` (0–1)."""
    result = QColor(colour)
    result.setAlphaF(alpha)
    return result


def show_unit_on_axes(plot: pg.PlotWidget, unit: float) -> None:
    """Say under and beside the axes that their ticks count in `unit` (e.g. × 1e+308), or
    nothing when it is 1: a plot draws coordinates past ±1e100 divided by a power of ten."""
    for name in ("left", "bottom"):
        if unit == 1:
            plot.getAxis(name).showLabel(False)
        else:
            plot.setLabel(name, f"× {unit:g}")
