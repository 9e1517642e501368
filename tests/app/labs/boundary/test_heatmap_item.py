"""The heatmap item: coloured pixels shown as a ready 32-bit QImage, row 0 at the bottom."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage

from bpviz.app.labs.boundary.heatmap_image import blend_table, blended_pixels, rgb
from bpviz.app.labs.boundary.heatmap_item import HeatmapItem

# A known 2×2 grid of two classes: row 0 red then blue, row 1 a tie then red.
PROBABILITIES = np.array([[[1.0, 0.0], [0.0, 1.0]],
                          [[0.5, 0.5], [1.0, 0.0]]], dtype=np.float32)


def test_a_known_grid_becomes_a_qimage_of_its_class_colours():
    table = blend_table(rgb(["#ff0000", "#0000ff"]), "#000000", 1.0)
    item = HeatmapItem()
    item.set_pixels(blended_pixels(PROBABILITIES, table))
    image = item.qimage
    assert image.format() == QImage.Format.Format_RGB32  # drawn as is: no conversion
    assert (image.width(), image.height()) == (2, 2)
    assert image.pixelColor(0, 0) == QColor("#ff0000")
    assert image.pixelColor(1, 0) == QColor("#0000ff")
    assert image.pixelColor(0, 1) == QColor(127, 0, 127)
    assert image.pixelColor(1, 1) == QColor("#ff0000")
    assert item.image[1, 0].tolist() == [127, 0, 127]  # the red, green, blue shown


def test_faded_colours_come_from_the_table_made_once():
    table = blend_table(rgb(["#ff0000", "#0000ff"]), "#ffffff", 0.5)
    assert table.shape == (2, 4) and table.dtype == np.float32
    pixels = blended_pixels(PROBABILITIES, table)
    assert pixels[0, 1].tolist() == [255, 127, 127, 255]  # blue faded halfway to white
    assert (pixels[..., 3] == 255).all()


def test_the_image_covers_its_rect_with_row_0_at_the_bottom(qtbot):
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    item = HeatmapItem()
    plot.addItem(item)
    item.set_image(np.zeros((4, 8, 3), dtype=np.uint8))
    item.setRect(QRectF(-1.0, -2.0, 2.0, 4.0))
    rect = item.mapRectToView(item.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx(
        (-1.0, 1.0, -2.0, 2.0))
    assert item.mapToView(item.boundingRect().topLeft()).y() == pytest.approx(-2.0)  # row 0


def test_pixels_of_the_wrong_shape_are_refused_with_their_shape():
    with pytest.raises(ValueError, match=r"\(2, 2, 3\)"):
        HeatmapItem().set_pixels(np.zeros((2, 2, 3), dtype=np.uint8))
