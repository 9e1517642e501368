"""A model's column of the lab: its scores say when they are measured on a sample."""

from __future__ import annotations

import numpy as np

from bpviz.data import Dataset, save_csv
from bpviz.labs.boundary.session import MEASURED
from bpviz.labs.boundary.settings import DataSpec


def open_points(model, tmp_path, rows: int) -> None:
    rng = np.random.default_rng(0)
    data = Dataset(rng.normal(size=(rows, 2)), np.arange(rows) % 3, ("a", "b", "c"), "big")
    assert model.open_data(save_csv(data, tmp_path / "big.csv"))


def test_scores_of_a_big_data_set_say_they_are_over_a_sample(qtbot, lab, model, tmp_path):
    open_points(model, tmp_path, 3 * MEASURED)  # 7,500 points a part
    lab.show_training()
    for panel in lab.panels.values():
        assert panel.sample_note.isVisible()
        assert panel.sample_note.text() == f"Accuracies and losses on samples of {MEASURED:,} points"
        assert panel.sample_note.toolTip() == (
            f"Accuracy and loss measured on a fixed sample of {MEASURED:,} of the 7,500 train "
            f"points and a fixed sample of {MEASURED:,} of the 7,500 test points.")
        assert panel.sample_note.geometry().bottom() < panel.legend.geometry().top()
    model.set_data_spec(DataSpec(kind="spiral", points=150))  # every point measured again
    assert not any(panel.sample_note.isVisible() for panel in lab.panels.values())


def test_only_a_part_past_the_sample_size_is_said_to_be_sampled(qtbot, lab, model, tmp_path):
    open_points(model, tmp_path, 2 * MEASURED)
    model.set_train_fraction(0.9)  # 9,000 training points, 1,000 test points
    note = lab.panels["mlp"].sample_note
    qtbot.waitUntil(note.isVisible)  # a big data set's panels are drawn a turn apart
    assert note.text() == f"Train accuracy and loss on a sample of {MEASURED:,} points"
    assert note.toolTip().endswith("and all 1,000 test points.")
    assert lab.data_controls.source_label.text().endswith(
        f"scores measured on a sample of {MEASURED:,} train points")


def test_the_note_never_widens_the_column(qtbot, lab, model, tmp_path):
    panel = lab.panels["softmax"]
    narrow = panel.minimumSizeHint().width()
    open_points(model, tmp_path, 3 * MEASURED)
    assert panel.sample_note.isVisible() and panel.minimumSizeHint().width() <= narrow
