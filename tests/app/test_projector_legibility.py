"""Legible on a projector: text and marks that stand for something not reached yet (a
circuit card the forward pass has not computed, a neuron whose value is unknown) and the
lab's data points on their class regions keep a WCAG contrast ratio of at least 3:1
against what is drawn behind them. Measured on rendered pixels, in both themes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage

from bpviz.app.circuit_view import CircuitView
from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.neuron_view import NeuronView
from bpviz.app.palette import contrast_ratio
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.labs.boundary.settings import DataSpec, NetSpec
from bpviz.lessons.model_lessons import WindowScorerLesson

LEGIBLE = 3.0  # WCAG 2's least contrast for large text and graphical objects
SECTORS = 16  # directions around a mark its outline is read in
THEMES = pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda theme: theme.name)


def pixels(widget) -> np.ndarray:
    """The widget as rendered offscreen: (H, W, 3) uint8 RGB."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rows = np.array(image.constBits(), copy=True).view(np.uint8).reshape(
        image.height(), image.bytesPerLine())[:, :image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[..., 2::-1]  # BGRA → RGB


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of each pixel."""
    channel = rgb.astype(np.float64) / 255
    linear = np.where(channel <= 0.04045, channel / 12.92, ((channel + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def ratios(rgb: np.ndarray, behind: np.ndarray) -> np.ndarray:
    """Each pixel's contrast ratio against the colour `behind`."""
    pixel, back = luminance(rgb), luminance(behind[None])[0]
    return (np.maximum(pixel, back) + 0.05) / (np.minimum(pixel, back) + 0.05)


def most_common(rgb: np.ndarray) -> np.ndarray:
    """The colour most pixels of (N, 3) have: the background around or behind a mark."""
    colours, counts = np.unique(rgb.reshape(-1, 3), axis=0, return_counts=True)
    return colours[counts.argmax()]


def text_contrast(image: np.ndarray, area: QRect) -> float:
    """A text's contrast: its ink (the pixel that differs most, the core of a stroke)
    against the colour filling most of its box (what the text is written on)."""
    box = image[max(area.top(), 0):area.bottom() + 1, max(area.left(), 0):area.right() + 1]
    return float(ratios(box.reshape(-1, 3), most_common(box)).max())


def mark_contrast(image: np.ndarray, centre: tuple[float, float], radius: float) -> float:
    """A round mark's contrast against the colour around it, read where its outline is
    drawn: in each of SECTORS directions the strongest pixel of the outline's band
    (an antialiased line's core), then the median over the directions, so that a faint,
    dotted or broken outline does not pass on a few strong pixels."""
    ys, xs = np.mgrid[0:image.shape[0], 0:image.shape[1]]
    dx, dy = xs + 0.5 - centre[0], ys + 0.5 - centre[1]
    distance = np.hypot(dx, dy)
    around = most_common(image[(distance >= radius + 3) & (distance <= radius + 6)])
    band = (distance >= radius - 1.5) & (distance <= radius + 1.5)
    sector = ((np.arctan2(dy, dx) + np.pi) / (2 * np.pi) * SECTORS).astype(int) % SECTORS
    contrast = ratios(image[band], around)
    strongest = [contrast[sector[band] == k].max() for k in range(SECTORS)
                 if np.any(sector[band] == k)]
    return float(np.median(strongest))


def stage(qtbot, widget_class, theme, size):
    model = StageModel(WindowScorerLesson())
    widget = widget_class(model, theme)
    if hasattr(widget, "set_animations_enabled"):
        widget.set_animations_enabled(False)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return model, widget


@THEMES
def test_cards_the_forward_pass_has_not_reached_keep_legible_text(qtbot, theme,
                                                                   save_screenshot):
    model, view = stage(qtbot, CircuitView, theme, (1000, 560))
    qtbot.wait(10)
    dimmed = [card for card in view.node_items().values() if card.dimmed]
    assert len(dimmed) >= 10  # at the start every operation waits for the forward pass
    image = pixels(view.viewport())
    for card in dimmed:
        for text in (card.title, card.meta, card.value_label):
            if text is None or not text.text():
                continue
            area = view.mapFromScene(text.sceneBoundingRect()).boundingRect()
            assert text_contrast(image, area) >= LEGIBLE, (card.facts.heading, text.text())
    save_screenshot(view, f"legibility_dimmed_cards_{theme.name}")


@THEMES
def test_neurons_whose_value_is_not_known_yet_keep_a_legible_outline(qtbot, theme,
                                                                      save_screenshot):
    model, view = stage(qtbot, NeuronView, theme, (1000, 260))  # the main window's pane
    qtbot.wait(10)
    state = view.scene.state
    unknown = [item for (layer, _), item in view.scene.units.items()
               if state.layers[layer].values is None]
    assert unknown  # at the start the hidden units and the score are not computed
    image = pixels(view.canvas.viewport())
    scale = view.canvas.transform().m11()
    for item in unknown:
        centre = view.canvas.mapFromScene(item.scenePos())
        contrast = mark_contrast(image, (centre.x() + 0.5, centre.y() + 0.5),
                                 item.radius * scale)
        assert contrast >= LEGIBLE, (item.key, contrast)
    save_screenshot(view, f"legibility_unknown_units_{theme.name}")


@THEMES
def test_lab_points_stand_out_from_their_class_regions(qtbot, theme, save_screenshot):
    """Above all the third class (green) on its green region in the dark theme."""
    model = LabModel(DataSpec(kind="spiral", points=60), NetSpec(hidden=(16, 16)))
    lab = BoundaryLab(model)
    qtbot.addWidget(lab)
    lab.resize(1360, 860)
    lab.show()
    qtbot.waitExposed(lab)
    lab.set_theme(theme)
    for _ in range(20):
        model.run_epoch()
    qtbot.wait(50)
    plot = lab.panels["mlp"].plot
    image = pixels(plot)
    session = model.session
    radius = plot.points.size / 2
    parts = ((session.train_set, True), (session.test_set, False))
    centres = {filled: np.array([[(at := plot.view_to_widget(float(x), float(y))).x(), at.y()]
                                 for x, y in part.X]) for part, filled in parts}
    everyone = np.concatenate(list(centres.values()))
    for part, filled in parts:
        measured = []
        for centre, label in zip(centres[filled], part.y):
            nearest = np.sort(np.hypot(*(everyone - centre).T))[1]
            # A point on its own: another one close by would be part of what is around it.
            if label == 2 and nearest > 2 * radius + 6:
                measured.append(mark_contrast(image, (centre[0] + 0.5, centre[1] + 0.5),
                                              radius))
        assert len(measured) >= 2, (filled, len(measured))
        assert min(measured) >= LEGIBLE, (filled, sorted(measured)[:10])
    save_screenshot(plot, f"legibility_lab_points_{theme.name}")
