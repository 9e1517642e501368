"""The lab's point marks: drawn on, clicked on, replotted, and nothing left behind."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt


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


def test_the_marks_and_axes_are_kept_as_pixmaps_while_the_heatmap_changes(qtbot, lab):
    from PySide6.QtWidgets import QGraphicsItem

    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    for panel in lab.panels.values():
        marks = panel.plot.points
        scatters = [*marks.scatters.values(), *marks.halos.values()]
        assert scatters
        for item in scatters:
            assert item.cacheMode() == cached
        for name in ("left", "bottom"):
            assert panel.plot.getAxis(name).cacheMode() == cached
