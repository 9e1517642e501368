"""A panel's plane as the user sees and draws on it: the heatmap fills the whole data area
whatever the panel's shape, and a click lands exactly where the cursor is, however often
the user clicks there."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from bpviz.app.theme import LIGHT


def data_area(plot):
    """The heatmap's data area in the scene (left, top, width, height)."""
    rect = plot.view.mapRectToScene(plot.view.rect())
    return rect.left(), rect.top(), rect.width(), rect.height()


def expected_point(plot, extent, pixel: QPoint) -> tuple[float, float]:
    """Where a viewport pixel is in data coordinates, read off the axes: the data area
    spans the grid's extent, y growing upwards."""
    left, top, width, height = data_area(plot)
    at = plot.mapToScene(pixel)
    xmin, xmax, ymin, ymax = extent
    x = xmin + (at.x() - left) / width * (xmax - xmin)
    y = ymax - (at.y() - top) / height * (ymax - ymin)
    return x, y


@pytest.fixture
def active_lab(qtbot, lab):
    with qtbot.waitActive(lab):
        lab.activateWindow()
    return lab


def test_clicking_one_pixel_four_times_draws_four_points_right_under_the_cursor(
        qtbot, active_lab, model, save_screenshot):
    lab = active_lab
    qtbot.mouseClick(lab.data_controls.clear_button, Qt.MouseButton.LeftButton)
    assert len(model.dataset) == 0
    qtbot.keyClick(lab, Qt.Key.Key_D)
    assert lab.data_controls.drawing
    plot = lab.panels["mlp"].plot
    left, top, width, height = data_area(plot)
    extent = model.session.extent
    pixel = QPoint(round(left + 0.3 * width), round(top + 0.7 * height))
    wanted = expected_point(plot, extent, pixel)
    for clicks in range(1, 5):
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
        assert len(model.dataset) == clicks
        assert model.session.extent == extent  # the axes stayed where they were
    one_pixel = (extent[1] - extent[0]) / width
    points = model.dataset.X
    assert np.ptp(points, axis=0) == pytest.approx([0, 0], abs=1e-12)  # one point, four times
    assert points[0] == pytest.approx(wanted, abs=one_pixel)
    drawn = plot.view_to_widget(*points[0])
    assert abs(drawn.x() - pixel.x()) <= 1 and abs(drawn.y() - pixel.y()) <= 1

    # Known pixels anywhere on the plane land on the coordinates the axes give them.
    for fx, fy in ((0.1, 0.1), (0.5, 0.5), (0.9, 0.25)):
        pixel = QPoint(round(left + fx * width), round(top + fy * height))
        wanted = expected_point(plot, extent, pixel)
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pixel)
        assert model.dataset.X[-1] == pytest.approx(wanted, abs=one_pixel)
        assert model.session.extent == extent
    save_screenshot(lab, "lab_drawn_points")


@pytest.mark.parametrize("size", [(1360, 860), (1100, 900), (1600, 700)])
def test_the_heatmap_fills_the_data_area_of_a_panel_of_any_shape(qtbot, lab, size):
    lab.resize(*size)
    qtbot.wait(20)
    for name in ("softmax", "mlp"):
        plot = lab.panels[name].plot
        left, top, width, height = data_area(plot)
        assert abs(width - height) <= 1, (name, size)
        assert np.ravel(plot.view.viewRange()) == pytest.approx(plot.extent, abs=1e-9)
        picture = plot.viewport().grab().toImage()
        background = QColor(LIGHT.background).rgb()
        middle = round(top + height / 2)
        for x in (round(left) + 2, round(left + width) - 3):  # just inside each side
            assert picture.pixel(x, middle) != background, (name, size, x)


def test_hard_regions_meet_at_smooth_edges_not_a_staircase_of_cells(qtbot, active_lab, model,
                                                                   save_screenshot):
    lab = active_lab
    qtbot.mouseClick(lab.data_controls.clear_button, Qt.MouseButton.LeftButton)  # no points
    qtbot.keyClick(lab, Qt.Key.Key_B)
    assert lab.regions_action.isChecked()
    plot = lab.panels["mlp"].plot
    picture = plot.viewport().grab().toImage()
    left, top, width, height = data_area(plot)
    colours = {}
    for y in range(round(top) + 3, round(top + height) - 3, 2):
        for x in range(round(left) + 3, round(left + width) - 3, 2):
            colour = picture.pixel(x, y)
            colours[colour] = colours.get(colour, 0) + 1
    regions = {QColor(*map(int, colour)).rgb() for colour in np.unique(
        plot.image.image.reshape(-1, 3), axis=0)}
    assert len(regions) >= 2  # there is a boundary in view
    pure = sum(count for colour, count in colours.items() if colour in regions)
    blended = sum(colours.values()) - pure
    assert blended > 0  # the edge pixels mix the two regions' colours
    assert blended < 0.1 * sum(colours.values())  # only along the edges
    save_screenshot(plot, "lab_hard_regions")
