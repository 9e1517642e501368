"""The network diagram: one disc per unit, clickable hidden units, weights drawn from the model."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from bpviz.app.labs.boundary.network_diagram import NetworkDiagram


def test_units_are_laid_out_per_layer_and_hidden_ones_report_clicks(qtbot):
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(360, 160)
    diagram.show()
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(4, 2)), rng.normal(size=(3, 4)), rng.normal(size=(2, 3))]
    diagram.show_network((2, 4, 3, 2), weights, ["#E69F00", "#0072B2"])
    assert len(diagram.units) == 11
    hidden = diagram.hidden_units()
    assert [(u.layer, u.index) for u in hidden] == [(1, 0), (1, 1), (1, 2), (1, 3),
                                                    (2, 0), (2, 1), (2, 2)]
    xs = sorted({round(u.centre.x()) for u in diagram.units})
    assert len(xs) == 4 and xs[0] > 0 and xs[-1] < 360
    with qtbot.waitSignal(diagram.unit_clicked) as signal:
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=hidden[5].centre.toPoint())
    assert signal.args == [2, 1]
    inputs = [u for u in diagram.units if u.layer == 0]
    with qtbot.assertNotEmitted(diagram.unit_clicked):
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=inputs[0].centre.toPoint())
    diagram.set_selected((2, 1))
    diagram.grab()  # paints without complaint, selection ring included


def test_a_64_unit_layer_shows_distinct_discs_and_its_first_and_last_units(qtbot,
                                                                          save_screenshot):
    diagram = NetworkDiagram()
    qtbot.addWidget(diagram)
    diagram.resize(360, 160)  # as tall as the lab gives it
    diagram.show()
    rng = np.random.default_rng(1)
    weights = [rng.normal(size=(64, 2)), rng.normal(size=(64, 64)), rng.normal(size=(3, 64))]
    diagram.show_network((2, 64, 64, 3), weights, ["#E69F00", "#0072B2", "#009E73"])
    for layer in (1, 2):
        column = sorted((u for u in diagram.units if u.layer == layer),
                        key=lambda u: u.centre.y())
        assert 8 <= len(column) < 64
        assert column[0].index == 0 and column[-1].index == 63
        for upper, lower in zip(column, column[1:]):  # no disc touches the next
            assert lower.centre.y() - upper.centre.y() >= upper.radius + lower.radius + 1
        assert all(diagram.rect().contains(u.centre.toPoint()) for u in column)
    assert len(diagram.gaps) == 2
    last = next(u for u in diagram.hidden_units() if (u.layer, u.index) == (2, 63))
    with qtbot.waitSignal(diagram.unit_clicked) as signal:
        qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=last.centre.toPoint())
    assert signal.args == [2, 63]
    save_screenshot(diagram, "network_diagram_64_units")
    diagram.show_network((2, 8, 3), [rng.normal(size=(8, 2)), rng.normal(size=(3, 8))],
                         ["#E69F00", "#0072B2", "#009E73"])
    assert len(diagram.units) == 13 and diagram.gaps == []  # small layers: every unit
