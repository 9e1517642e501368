"""A panel's loss curves: the epoch axis starts at 0 (never a negative epoch) and reaches the
latest evaluation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


def epoch_axis(lab, panel):
    return lab.panels[panel].curves.getViewBox().viewRange()[0]


def tick_values(lab, panel):
    axis = lab.panels[panel].curves.getAxis("bottom")
    low, high = epoch_axis(lab, panel)
    return [value for _, values in axis.tickValues(low, high, axis.width()) for value in values]


def test_at_epoch_0_and_after_training_the_epochs_run_from_0(qtbot, lab, model, save_screenshot):
    with qtbot.waitActive(lab):
        lab.activateWindow()
    for panel in ("softmax", "mlp"):
        assert model.session.curve(panel).epochs.tolist() == [0.0]
        assert epoch_axis(lab, panel) == pytest.approx([0.0, 1.0])
        assert min(tick_values(lab, panel)) >= 0
    save_screenshot(lab.panels["mlp"].curves, "loss_curves_epoch_0")
    for _ in range(3):
        qtbot.keyClick(lab, Qt.Key.Key_E)  # one epoch each
    qtbot.waitUntil(lambda: epoch_axis(lab, "mlp")[1] == pytest.approx(3.0), timeout=2000)
    for panel in ("softmax", "mlp"):
        assert epoch_axis(lab, panel) == pytest.approx([0.0, 3.0])
        assert min(tick_values(lab, panel)) >= 0
    qtbot.keyClick(lab, Qt.Key.Key_Home)  # back to the start: the axis too
    qtbot.waitUntil(lambda: epoch_axis(lab, "mlp")[1] == pytest.approx(1.0), timeout=2000)
