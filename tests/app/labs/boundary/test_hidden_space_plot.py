"""The hidden-space plot names its axes after the data's header, shown as text."""

from __future__ import annotations

import numpy as np

from bpviz.app.labs.boundary.hidden_space_plot import HiddenSpacePlot
from bpviz.labs.boundary.hidden_space import HiddenSpace


def test_header_names_with_tags_are_axis_labels_as_text(qtbot):
    plot = HiddenSpacePlot()
    qtbot.addWidget(plot)
    space = HiddenSpace(points=np.zeros((2, 2)), labels=np.array([0, 1]),
                        is_train=np.array([True, False]),
                        grid_lines=(np.zeros((3, 2)),), axes=("<img src=x>", "a & <b>b</b>"))
    plot.show_space(space, ["#ff0000", "#0000ff"])
    assert plot.getAxis("bottom").label.toPlainText().strip() == "<img src=x>"
    assert plot.getAxis("left").label.toPlainText().strip() == "a & <b>b</b>"
