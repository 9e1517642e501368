"""A heatmap item that draws a ready 32-bit image: no levels, no lookup table, no conversion.

pyqtgraph's ImageItem turns every new array into a QImage through its levels and lookup
table at paint time; the lab's heatmaps arrive already coloured (see heatmap_image), so
this item wraps them as they are and only draws the image, scaled once, each frame.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QTransform


class HeatmapItem(pg.GraphicsObject):
    """A (G, G) image, row 0 at the bottom of the plot and a cell a unit of its own
    coordinates, placed over the data by `setRect` (as pyqtgraph's ImageItem is).

    `image`: the (G, G, 3) red, green, blue pixels shown (None before the first);
    `qimage`: the QImage drawn, which reads `pixels` (G, G, 4: blue, green, red, 255)."""

    def __init__(self) -> None:
        super().__init__()
        self.pixels: np.ndarray | None = None
        self.image: np.ndarray | None = None
        self.qimage: QImage | None = None

    def set_pixels(self, pixels: np.ndarray) -> None:
        """Show (G, G, 4) uint8 pixels in blue, green, red, 255 order, kept as they are
        (the caller hands over a fresh array each time)."""
        if pixels.ndim != 3 or pixels.shape[2] != 4 or pixels.dtype != np.uint8:
            raise ValueError(f"heatmap pixels must be (G, G, 4) uint8, not {pixels.shape} "
                             f"{pixels.dtype}")
        pixels = np.ascontiguousarray(pixels)
        if self.pixels is None or pixels.shape != self.pixels.shape:
            self.prepareGeometryChange()
        self.pixels, self.image = pixels, pixels[..., 2::-1]
        rows, cols = pixels.shape[:2]
        self.qimage = QImage(pixels.data, cols, rows, cols * 4, QImage.Format.Format_RGB32)
        self.update()

    def set_image(self, rgb: np.ndarray) -> None:
        """Show (G, G, 3) uint8 red, green, blue pixels."""
        pixels = np.empty((*rgb.shape[:2], 4), dtype=np.uint8)
        pixels[..., 2::-1] = rgb
        pixels[..., 3] = 255
        self.set_pixels(pixels)

    def setRect(self, rect: QRectF) -> None:  # noqa: N802 (ImageItem's name)
        """Cover `rect` of the data (its top is the image's row 0); set pixels first."""
        rows, cols = self.pixels.shape[:2]
        transform = QTransform.fromTranslate(rect.left(), rect.top())
        self.setTransform(transform.scale(rect.width() / cols, rect.height() / rows))

    def boundingRect(self) -> QRectF:
        if self.pixels is None:
            return QRectF()
        rows, cols = self.pixels.shape[:2]
        return QRectF(0.0, 0.0, float(cols), float(rows))

    def paint(self, painter: QPainter, *args) -> None:
        if self.qimage is not None:
            painter.drawImage(self.boundingRect(), self.qimage)
