"""Inside the neural net: its last hidden layer's view of the data, and one unit's activation."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.control_widgets import hint, section_title
from bpviz.app.labs.boundary.hidden_space_plot import HiddenSpacePlot
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.labs.boundary.unit_plot import UnitPlot
from bpviz.app.theme import LIGHT, Theme, class_colours
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.point_density import SCATTER_LIMIT

PROJECTION, TWO_UNITS = "projection", "units"
UNIT_AXIS_ROOM = 16  # px: the bottom axis below the square heatmap, less the left axis


class InsideView(QWidget):
    """The hidden-space plot (a 2-D projection or two chosen units) over the selected unit's heatmap.

    Redrawn by its owner after training (`show_training`), at most once a frame; new data
    past SCATTER_LIMIT points too (`show_everything`), in an event-loop turn of its own.

    `unit_selected(layer, unit)`: the unit shown changed (layer from 1), or (0, 0) for none.
    """

    unit_selected = Signal(int, int)

    def __init__(self, model: LabModel, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self.unit: tuple[int, int] | None = None
        self._prepared: tuple | None = None  # (session, units, space) for the next show_space
        self.space_plot = HiddenSpacePlot(theme)
        self.space_plot.setToolTip("Every point and a grid of the input plane, mapped through the "
                                   "net's last hidden layer: training bends the grid until "
                                   "straight lines separate the classes")
        self.mode_box = QComboBox()
        self.mode_box.addItem("2-D projection (PCA)", PROJECTION)
        self.mode_box.addItem("Two units", TWO_UNITS)
        self.mode_box.setToolTip("Show the last hidden layer by its first two principal components, "
                                 "or by two of its units")
        self.first_unit, self.second_unit = QSpinBox(), QSpinBox()
        for box, value in ((self.first_unit, 0), (self.second_unit, 1)):
            box.setValue(value)
            box.setKeyboardTracking(False)
            box.setToolTip("A unit of the last hidden layer")
            box.valueChanged.connect(self.show_space)
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.unit_title = QLabel()
        self.unit_title.setObjectName("unitTitle")
        self.unit_plot = UnitPlot(theme)
        self.unit_plot.setToolTip("The chosen unit's activation over the input plane: orange "
                                  "positive, blue negative")
        self.unit_hint = hint("Click a hidden unit in the neural net's diagram to see what it "
                              "computes over the plane.")
        self._build_layout()
        model.changed.connect(self._model_changed)
        self._model_changed()

    def _build_layout(self) -> None:
        mode = QHBoxLayout()
        mode.addWidget(self.mode_box, 1)
        mode.addWidget(self.first_unit)
        mode.addWidget(self.second_unit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(section_title("Hidden space"))
        layout.addWidget(hint("The points and a grid of the plane as the net's last hidden "
                              "layer sees them: training bends the grid until straight lines "
                              "separate the classes."))
        layout.addLayout(mode)
        layout.addWidget(self.space_plot, 1)
        layout.addSpacing(4)
        layout.addWidget(section_title("One hidden unit"))
        layout.addWidget(self.unit_title)
        layout.addWidget(self.unit_plot, 1)
        layout.addWidget(self.unit_hint)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The unit's plot keeps a square aspect: taller than wide, it would float in a gap.
        self.unit_plot.setMaximumHeight(self.width() + UNIT_AXIS_ROOM)
        super().resizeEvent(event)

    # -- public ----------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.space_plot.set_theme(theme)
        self.unit_plot.set_theme(theme)
        self._show_data()
        self.show_training()

    def select_unit(self, layer: int, unit: int) -> None:
        """Show hidden unit `unit` of layer `layer` (from 1) of the neural net."""
        hidden = self.model.net.hidden
        if not (1 <= layer <= len(hidden) and 0 <= unit < hidden[layer - 1]):
            return
        self.unit = (layer, unit)
        self.unit_selected.emit(layer, unit)
        self.show_unit()

    def show_training(self) -> None:
        """New weights: the mapped space and the unit's heatmap."""
        self._prepared = None  # all of it now, of these weights
        self.show_space()
        self.show_unit()

    def prepare_space(self) -> None:
        """Map the hidden space now, to draw it at the next `show_space` (while playing,
        one frame maps it and the next draws it, a little behind the weights)."""
        session, units = self.model.session, self._units()
        self._prepared = (session, units, session.hidden_space(units))

    def show_space(self) -> None:
        """The session's hidden space in the chosen mode (as prepared, if it was)."""
        session, units = self.model.session, self._units()
        prepared, self._prepared = self._prepared, None
        space = (prepared[2] if prepared is not None and prepared[0] is session
                 and prepared[1] == units
                 else session.hidden_space(units))
        self.space_plot.show_space(space, self._colours())

    def _units(self) -> tuple[int, int] | None:
        """The two units the space is shown by, or None for its projection."""
        if self.mode_box.currentData() == TWO_UNITS and self.model.net.hidden:
            return (self.first_unit.value(), self.second_unit.value())
        return None

    def show_unit(self) -> None:
        """The selected unit's activation over the grid, as the session computed it."""
        shown = self.unit is not None
        self.unit_plot.setVisible(shown)
        self.unit_hint.setVisible(not shown)
        if not shown:
            self.unit_title.setText("")
            return
        layer, unit = self.unit
        self.model.check_pictures()  # a click between frames: the weights may overflow
        session = self.model.session
        self.unit_plot.show_unit(session.unit_heatmap(layer, unit), session.extent)
        self.unit_title.setText(f"h{layer}[{unit}] = {self.model.net.activation}"
                                f"(z{layer}[{unit}]) over the input plane")

    # -- inside ----------------------------------------------------------------------

    def _colours(self) -> list[str]:
        return list(class_colours(self.theme, self.model.dataset.num_classes))

    def _model_changed(self) -> None:
        self._prepared = None  # new data or settings: a space mapped before is not theirs
        hidden = self.model.net.hidden
        last = hidden[-1] if hidden else 0
        for box in (self.first_unit, self.second_unit):
            box.blockSignals(True)
            box.setRange(0, max(last - 1, 0))
            box.blockSignals(False)
        self._show_mode()  # the space itself is drawn once, by show_training below
        if self.unit is not None and not (self.unit[0] <= len(hidden)
                                          and self.unit[1] < hidden[self.unit[0] - 1]):
            self.unit = None
            self.unit_selected.emit(0, 0)
        if len(self.model.dataset) <= SCATTER_LIMIT:
            self.show_everything()  # else the owner does, after its own plots are painted

    def show_everything(self) -> None:
        """New data: the sample of points on the unit's plot, the space and the unit."""
        self._show_data()
        self.show_training()

    def _mode_changed(self) -> None:
        self._show_mode()
        self.show_space()

    def _show_mode(self) -> None:
        two = self.mode_box.currentData() == TWO_UNITS
        self.first_unit.setVisible(two)
        self.second_unit.setVisible(two)

    def _show_data(self) -> None:
        session = self.model.session
        train, test = session.shown_points()  # a sample of a big data set
        shown = Dataset(np.concatenate([train.X, test.X]), np.concatenate([train.y, test.y]),
                        train.class_names, train.name, train.header)
        self.unit_plot.show_points(shown, session.extent)
