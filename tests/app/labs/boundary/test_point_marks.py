"""The lab's point marks: drawn on, clicked on, replotted, and nothing left behind."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor


def spot_items() -> int:
    """pyqtgraph's per-point wrappers alive now (each leaks with its scatter's old data)."""
    gc.collect()
    return sum(type(thing).__name__ == "SpotItem" for thing in gc.get_objects())


def test_drawing_on_top_of_points_leaves_no_per_point_objects(qtbot, lab, model):
    lab.draw_action.setChecked(True)
    plot = lab.panels["mlp"].plot
    x, y = model.dataset.X[0]
    before = spot_items()
    for _ in range(5):  # a student clicking on a crowd: each click adds a point, replots
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=plot.view_to_widget(float(x), float(y)).toPoint())
    assert len(model.dataset) == 150 + 5  # every click drew, none was swallowed by a mark
    assert spot_items() == before


def test_the_marks_are_stamped_once_and_kept_while_the_heatmap_changes(qtbot, lab, model):
    from PySide6.QtWidgets import QGraphicsItem

    plot = lab.panels["mlp"].plot
    layer = plot.points.layer
    scatters = [*plot.points.scatters.values(), *plot.points.halos.values()]
    assert scatters and all(item.parentItem() is layer for item in scatters)
    assert not any(item.isVisible() for item in scatters)  # the scene never paints them
    plot.viewport().repaint()
    stamped = layer.renders
    for _ in range(4):  # frames: new weights, new heatmaps, the same points
        model.session.step(5)
        lab.show_training(details=False)
        plot.viewport().repaint()
    assert layer.renders == stamped  # one blit of the kept pixmap a paint
    # A training point's mark is on screen, in its class colour, over the heatmap.
    x, y = model.session.train_set.X[0]
    label = int(model.session.train_set.y[0])
    at = plot.view_to_widget(float(x), float(y)).toPoint()
    colour = QColor(plot.viewport().grab().toImage().pixel(at))
    assert colour == QColor(lab.panels["mlp"].colours[label]) or colour == QColor(
        lab.theme.text)  # its fill, or the ring of a point drawn over it
    model.add_point(float(x), float(y), 0)  # new data: stamped anew
    plot.viewport().repaint()
    assert layer.renders == stamped + 1
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for name in ("left", "bottom"):
        assert plot.getAxis(name).cacheMode() == cached
