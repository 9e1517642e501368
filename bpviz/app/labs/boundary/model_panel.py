"""One model's column of the lab: its name, class regions with the data, accuracy, loss curves
and a small diagram of its network."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from bpviz.app.labs.boundary.boundary_plot import BoundaryPlot
from bpviz.app.labs.boundary.heatmap_image import (
    DARK_STRENGTH, LIGHT_STRENGTH, blend_table, blended_pixels, hard_image, rgb,
)
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.labs.boundary.loss_curves import LossCurves
from bpviz.app.labs.boundary.network_diagram import NetworkDiagram
from bpviz.app.theme import LIGHT, Theme, class_colours
from bpviz.labs.boundary.session import Curve, GridPicture, LabSession

TITLES = {"softmax": "Softmax regression", "mlp": "Neural net"}


class ModelPanel(QWidget):
    """Everything the lab shows about the model `panel` ("softmax" or "mlp") of `model`."""

    def __init__(self, model: LabModel, panel: str, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.panel = panel
        self.theme = theme
        self.hard_regions = False
        self.picture: GridPicture | None = None
        self._blend_key: tuple | None = None
        self._blend = np.empty((0, 4), dtype=np.float32)
        self.title = QLabel(TITLES[panel])
        self.title.setObjectName("panelTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("panelSubtitle")
        self.plot = BoundaryPlot(theme)
        self.test_accuracy = QLabel()
        self.test_accuracy.setObjectName("accuracy")
        self.test_accuracy.setToolTip("The share of test points (hollow) the model classifies right")
        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setToolTip("The share of training points (filled) classified right")
        # Past MEASURED points a part is scored on a fixed sample of it: this line says so.
        self.sample_note = QLabel()
        self.sample_note.setObjectName("details")
        # One line that never widens the column (a word-wrapped one upset the lab's layout).
        self.sample_note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.sample_note.hide()
        self.curves = LossCurves(theme)
        self.curves.setToolTip("Loss J against epochs: training solid, test dashed")
        self.legend = QLabel()
        self.legend.setObjectName("details")
        self.diagram = NetworkDiagram(theme)
        self._build_layout()
        self.set_theme(theme)

    def _build_layout(self) -> None:
        header = QVBoxLayout()
        header.setSpacing(0)
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        scores = QHBoxLayout()
        scores.addWidget(self.test_accuracy)
        scores.addStretch(1)
        scores.addWidget(self.details)
        curve_title = QHBoxLayout()
        curve_title.addWidget(self.legend)
        curve_title.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.plot, 5)
        layout.addLayout(scores)
        layout.addWidget(self.sample_note)
        layout.addLayout(curve_title)
        layout.addWidget(self.curves, 2)
        layout.addWidget(self.diagram, 2)

    # -- public ----------------------------------------------------------------------

    @property
    def colours(self) -> list[str]:
        return list(class_colours(self.theme, self.model.dataset.num_classes))

    def set_theme(self, theme: Theme) -> None:
        """Recolour plots, points, curves and diagram."""
        self.theme = theme
        for view in (self.plot, self.curves, self.diagram):
            view.set_theme(theme)
        self.show_data()
        self.show_training()

    def set_hard_regions(self, hard: bool) -> None:
        """Show each cell in its most likely class's colour instead of the blend."""
        self.hard_regions = hard
        self.show_predictions()

    def show_data(self) -> None:
        """New data or settings: points, subtitle and everything trained."""
        session = self.model.session
        self.plot.set_extent(session.extent)
        self.plot.show_points(session.train_set, session.test_set, self.colours,
                              session.density())
        self.subtitle.setText(self._subtitle())

    def show_training(self, diagram: bool = True) -> None:
        """New weights: heatmap, scores, curves and (unless told not to) the diagram."""
        self.show_predictions()
        self.show_scores(self.model.session.curve(self.panel))
        if diagram:
            self.show_diagram()

    def show_predictions(self) -> None:
        """The model's class probabilities on the session's grid, blended by class colour."""
        picture = self.model.session.grid(self.panel)
        self.picture = picture  # what the heatmap shows, as the session computed it
        colours = self.colours
        strength = DARK_STRENGTH if self.theme.name == "dark" else LIGHT_STRENGTH
        if self.hard_regions:
            image = hard_image(picture.probabilities, picture.argmax, rgb(colours),
                               self.theme.background, strength)
        else:
            image = blended_pixels(picture.probabilities,
                                   self._table(colours, self.theme.background, strength))
        self.plot.show_image(image, picture.extent)

    def _table(self, colours: list[str], background: str, strength: float) -> np.ndarray:
        """The faded class colours the heatmap mixes, made again only when they change."""
        key = (tuple(colours), background, strength)
        if self._blend_key != key:
            self._blend_key, self._blend = key, blend_table(rgb(colours), background, strength)
        return self._blend

    def show_scores(self, curve: Curve) -> None:
        """The last evaluation's accuracies and losses, and the curves so far."""
        self.curves.show_curve(curve)
        note, detail = _sample_note(self.model.session)
        self.sample_note.setText(note)
        self.sample_note.setToolTip(detail)
        self.sample_note.setVisible(bool(note))
        if len(curve.steps) == 0:
            self.test_accuracy.setText("Test accuracy —")
            self.details.setText("")
            self._show_legend("—", "—")
            return
        self.test_accuracy.setText(f"Test accuracy {_percent(curve.test_accuracy[-1])}")
        self.details.setText(f"train {_percent(curve.train_accuracy[-1])}")
        self._show_legend(_number(curve.train_loss[-1]), _number(curve.test_loss[-1]))

    # -- inside ----------------------------------------------------------------------

    def _show_legend(self, train_loss: str, test_loss: str) -> None:
        theme = self.theme
        self.legend.setText(
            f'Loss J by epoch &nbsp; <span style="color:{theme.text}">━━ train {train_loss}</span>'
            f' &nbsp; <span style="color:{theme.gradient}">╍╍ test {test_loss}</span>')

    def _subtitle(self) -> str:
        classifier = self.model.session.models[self.panel]
        shape = "-".join(str(size) for size in classifier.sizes)
        if self.panel == "softmax":
            return f"{shape} · ŷ = softmax(Wx + b): straight boundaries only"
        return f"{shape} · h = {self.model.net.activation}(Wh + b) per layer, then softmax"

    def show_diagram(self) -> None:
        """The network's diagram with its current weights."""
        classifier = self.model.session.models[self.panel]
        weights = [classifier.params[classifier.layer_names(layer)[0]]
                   for layer in range(1, classifier.num_layers + 1)]
        self.diagram.show_network(tuple(classifier.sizes), weights, self.colours)


def _sample_note(session: LabSession) -> tuple[str, str]:
    """A short line saying which parts' accuracy and loss are measured on a fixed sample,
    and the whole story for its tooltip; ('', '') when every point is measured."""
    sizes, told = {}, []
    for part, points in (("train", session.train_set), ("test", session.test_set)):
        measured = session.measured_points(part)
        if measured < len(points):
            sizes[part] = measured
            told.append(f"a fixed sample of {measured:,} of the {len(points):,} {part} points")
        else:
            told.append(f"all {len(points):,} {part} points")
    if not sizes:
        return "", ""
    if len(sizes) == 2 and sizes["train"] == sizes["test"]:
        note = f"Accuracies and losses on samples of {sizes['train']:,} points"
    else:
        (part, size), = sizes.items()  # sizes differ only when one part is small
        note = f"{part.capitalize()} accuracy and loss on a sample of {size:,} points"
    return note, f"Accuracy and loss measured on {told[0]} and {told[1]}."


def _percent(value: float) -> str:
    return "—" if np.isnan(value) else f"{100 * value:.1f} %"


def _number(value: float) -> str:
    return "—" if np.isnan(value) else f"{value:.3f}"
