"""The neuron view driven like a user would: stepping, toggling windows, selecting, clicking,
hovering and switching themes; what it draws is checked against the engine's trace."""

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QFontInfo, QHelpEvent, QImage
from PySide6.QtWidgets import (
    QApplication, QGraphicsSimpleTextItem, QToolButton, QToolTip, QVBoxLayout, QWidget,
)

from bpviz.app.neuron_items import EDGE_ALPHA, EDGE_WIDTH, EdgeBundle, EdgeItem, UnitItem
from bpviz.app.neuron_scene import DIMMED_EDGE, MIN_TEXT_PX
from bpviz.app.neuron_view import NO_UNITS_MESSAGE, NeuronView
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.app.transport_bar import TransportBar
from bpviz.engine import picture_at
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.lessons.neuron_state import edge_text, number, unit_text
from bpviz.lessons.neurons import Highlight, step_windows
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig


def ids(trace):
    return {info.label: info.id for info in trace.nodes}


def first_index_with_grad(trace, node_id):
    return next(i for i in range(len(trace.steps) + 1) if node_id in picture_at(trace, i).grads)


def forward_index(trace, node_id):
    return next(i + 1 for i, step in enumerate(trace.steps)
                if step.phase == "forward" and step.node == node_id)




def make_view(qtbot, lesson, theme=LIGHT, size=(900, 500)):
    model = StageModel(lesson)
    view = NeuronView(model, theme)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return model, view


def texts(view):
    return {item.text() for item in view.scene.items() if hasattr(item, "text")}


def edges(view):
    return [item for item in view.scene.items() if isinstance(item, EdgeItem)]


def units(view):
    return [item for item in view.scene.items() if isinstance(item, UnitItem)]


def same_rgb(colour: QColor, name: str) -> bool:
    return colour.rgb() == QColor(name).rgb()


def assert_edges_follow(view, connection, matrix, theme):
    """Each edge's colour is its entry's sign, its width and opacity its |entry| / max."""
    matrix = np.reshape(matrix, view.network.connections[connection].shape)
    largest = np.abs(matrix).max()
    for row, col in [(0, 0), (3, 17), (7, 19), (5, 2), (1, 11)][:matrix.size]:
        row, col = row % matrix.shape[0], col % matrix.shape[1]
        value = matrix[row, col]
        pen = view.scene.edge_item(connection, row, col).pen()
        strength = abs(value) / largest
        assert same_rgb(pen.color(), theme.positive if value >= 0 else theme.negative)
        assert pen.widthF() == pytest.approx(EDGE_WIDTH[0] + EDGE_WIDTH[1] * strength)
        assert pen.color().alphaF() == pytest.approx(
            EDGE_ALPHA[0] + EDGE_ALPHA[1] * strength ** 2, abs=1 / 255)


def click_scene(qtbot, view, point: QPointF):
    qtbot.mouseClick(view.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.canvas.mapFromScene(point))


def test_draws_every_unit_grouped_by_word_and_168_edges(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    assert len(edges(view)) == 168 == view.network.edge_count
    assert len(units(view)) == 20 + 8 + 1
    assert {"museums", "in", "Paris", "are", "amazing"} <= texts(view)
    assert {"x ∈ ℝ²⁰", "s = uᵀh"} <= texts(view)
    # The four units of a word sit inside its box, in order, top to bottom.
    ys = [view.scene.unit_item(0, unit).pos().y() for unit in range(20)]
    assert ys == sorted(ys)
    paris_box = view.scene.boxes[2].rect()
    for unit in range(8, 12):
        assert paris_box.contains(view.scene.unit_item(0, unit).pos())
    assert not paris_box.contains(view.scene.unit_item(0, 7).pos())
    assert view.edges_text == "edges: W, u"
    assert_edges_follow(view, 0, model.trace.leaf_values[ids(model.trace)["W"]], LIGHT)
    assert_edges_follow(view, 1, model.trace.leaf_values[ids(model.trace)["u"]], LIGHT)


def test_edge_count_follows_d_and_hidden(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson(WindowConfig(d=3, hidden=5)))
    assert len(edges(view)) == 5 * 3 * 5 + 5 == 80
    assert len(units(view)) == 15 + 5 + 1
    model.set_lesson(WindowScorerLesson())
    assert len(edges(view)) == 168


def test_mid_forward_the_hidden_units_fill_and_pulse_in_forward_colour(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    hidden = view.scene.unit_item(1, 3)
    dimmed_pen = hidden.pen()
    model.seek(forward_index(model.trace, node["z"]))
    assert same_rgb(hidden.pen().color(), LIGHT.forward) and hidden.pen().widthF() == 3.0
    assert hidden.pen() != dimmed_pen
    z = model.picture.values[node["z"]]
    assert hidden.label.text() == f"{z[3]:.2f}".replace("-", "−")
    assert "z = Wx + b ∈ ℝ⁸" in {t.text() for t in view.scene.titles[1].values() if t.isVisible()}
    assert view.scene.unit_item(2, 0).label.text() == ""  # s: not computed yet
    assert not same_rgb(view.scene.unit_item(0, 0).pen().color(), LIGHT.forward)
    save_screenshot(view, "neuron_view_forward_light")
    model.seek(forward_index(model.trace, node["h"]))
    h = model.picture.values[node["h"]]
    assert hidden.label.text() == f"{h[3]:.2f}".replace("-", "−")


def window_part(trace, product, weight):
    """What the backward step at `product` sent to `weight`: one window's part."""
    step = next(step for step in trace.steps if step.phase == "backward" and step.node == product)
    return next(part.downstream for part in step.contributions if part.to == weight)


def test_edges_show_the_true_windows_part_after_its_W_x_step(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    index = next(i + 1 for i, step in enumerate(model.trace.steps)
                 if step.phase == "backward" and step.node == node["Wx"])
    model.seek(index - 1)
    assert view.edges_text == "edges: W, (∂J/∂s) ∂s/∂u"
    assert_edges_follow(view, 0, model.trace.leaf_values[node["W"]], LIGHT)
    assert_edges_follow(view, 1, window_part(model.trace, node["s"], node["u"]), LIGHT)
    model.step()
    assert view.edges_text == "edges: (∂J/∂s) ∂s/∂W, (∂J/∂s) ∂s/∂u"
    assert view.mode_label.isVisible()
    true_part = window_part(model.trace, node["Wx"], node["W"])
    assert_edges_follow(view, 0, true_part, LIGHT)
    model.seek(len(model.trace.steps))
    assert_edges_follow(view, 0, true_part, LIGHT)  # never the corrupt window's δ_c x_cᵀ
    for unit in range(20):  # the last step, through x, works on every input unit
        assert same_rgb(view.scene.unit_item(0, unit).pen().color(), LIGHT.gradient)
    save_screenshot(view, "neuron_view_backward_light")
    model.back()
    model.seek(0)
    assert view.edges_text == "edges: W, u"


def test_dark_theme_screenshots_and_theme_switch(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson(), theme=DARK)
    node = ids(model.trace)
    model.seek(forward_index(model.trace, node["h"]))
    assert view.scene.backgroundBrush().color().rgb() == QColor(DARK.background).rgb()
    assert_edges_follow(view, 0, model.trace.leaf_values[node["W"]], DARK)
    assert same_rgb(view.scene.texts[0].brush().color(), DARK.text)
    save_screenshot(view, "neuron_view_forward_dark")
    model.seek(len(model.trace.steps))
    true_part = window_part(model.trace, node["Wx"], node["W"])
    assert_edges_follow(view, 0, true_part, DARK)
    save_screenshot(view, "neuron_view_backward_dark")
    view.set_theme(LIGHT)
    assert view.scene.backgroundBrush().color().rgb() == QColor(LIGHT.background).rgb()
    assert_edges_follow(view, 0, true_part, LIGHT)
    assert same_rgb(view.scene.texts[0].brush().color(), LIGHT.text)


def test_the_toggle_shows_the_corrupt_window_with_the_same_weights(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    switched = []
    view.window_changed.connect(switched.append)
    corrupt_button = next(button for button in view.findChildren(QToolButton)
                          if button.text() == "corrupt window")
    model.seek(forward_index(model.trace, node["h_c"]))  # a step of the corrupt window
    assert view.shown_window == "corrupt" and switched == ["corrupt"]
    qtbot.mouseClick(corrupt_button, Qt.MouseButton.LeftButton)
    assert view.shown_window == "corrupt" and switched == ["corrupt"]
    assert corrupt_button.isChecked()
    assert {"Not", "all", "museums", "in", "Paris"} <= texts(view)
    assert "amazing" not in texts(view)
    h_c = model.picture.values[node["h_c"]]
    assert view.scene.unit_item(1, 0).label.text() == f"{h_c[0]:.2f}".replace("-", "−")
    assert view.describe_item(view.scene.unit_item(1, 0)).startswith(f"h_c[0] = {number(h_c[0])}")
    assert_edges_follow(view, 0, model.trace.leaf_values[node["W"]], LIGHT)
    assert len(edges(view)) == 168
    save_screenshot(view, "neuron_view_corrupt_light")
    view.show_window("true")
    assert view.shown_window == "true" and "amazing" in texts(view)
    with pytest.raises(ValueError):
        view.show_window("sideways")


def test_a_step_in_the_other_window_brings_that_window_and_a_look_back_is_pointed_out(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    model.seek(forward_index(model.trace, node["z_c"]))
    assert view.shown_window == "corrupt" and view.step_hint.text() == ""
    assert same_rgb(view.scene.unit_item(1, 0).pen().color(), LIGHT.forward)
    true_button = next(button for button in view.findChildren(QToolButton)
                       if button.text() == "true window")
    qtbot.mouseClick(true_button, Qt.MouseButton.LeftButton)  # the user looks back
    assert view.shown_window == "true"
    assert "this step is in the corrupt window" in view.step_hint.text()
    model.seek(forward_index(model.trace, node["z"]))
    assert view.shown_window == "true" and view.step_hint.text() == ""


def view_with_transport(qtbot, model):
    """A neuron view above the transport bar, as the stage lays them out, active for keys."""
    window = QWidget()
    view = NeuronView(model)
    layout = QVBoxLayout(window)
    layout.addWidget(view, 1)
    layout.addWidget(TransportBar(model))
    qtbot.addWidget(window)
    window.resize(1000, 600)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window, view


def test_stepping_through_a_pass_with_the_keys_shows_each_steps_window(qtbot):
    model = StageModel(WindowScorerLesson())
    _window, view = view_with_transport(qtbot, model)  # the window must outlive the test
    shown = []
    for _ in range(model.stepper.last_index):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        windows = step_windows(view.structure, model.trace, model.picture.step)
        if windows:
            assert view.shown_window in windows, (model.index, windows)
        checked = [button.text() for button in view.window_buttons.buttons() if button.isChecked()]
        assert checked == [f"{view.shown_window} window"]
        assert view.step_hint.text() == ""
        shown.append(view.shown_window)
    assert "corrupt" in shown and "true" in shown


def test_a_satisfied_hinge_shows_no_gradient_on_any_edge(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson(WindowConfig(seed=8)))
    assert float(model.trace.output_value) == 0.0
    model.seek(len(model.trace.steps))
    assert view.edges_text == "edges: (∂J/∂s) ∂s/∂W, (∂J/∂s) ∂s/∂u"
    for item in edges(view):
        assert item.pen().widthF() == pytest.approx(EDGE_WIDTH[0])
        assert item.pen().color().alphaF() == pytest.approx(EDGE_ALPHA[0], abs=1 / 255)
    save_screenshot(view, "neuron_view_no_gradient_light")


def test_selecting_a_circuit_node_highlights_its_units(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    model.select(node["Paris"])
    haloed = {item.key for item in units(view) if item.halo.isVisible()}
    assert haloed == {(0, unit) for unit in range(8, 12)}
    assert same_rgb(view.scene.unit_item(0, 8).halo.brush().color(), LIGHT.selection)
    model.select(node["h"])
    assert {item.key for item in units(view) if item.halo.isVisible()} == {
        (1, unit) for unit in range(8)}
    model.select(node["s"])
    assert {item.key for item in units(view) if item.halo.isVisible()} == {(2, 0)}
    model.select(node["W"])
    assert view.scene.highlight == Highlight(connections=frozenset({0}))
    assert not any(item.halo.isVisible() for item in units(view))
    u_alpha = view.scene.edge_item(1, 0, 0).pen().color().alphaF()
    u = model.trace.leaf_values[node["u"]]
    strength = abs(u[0]) / np.abs(u).max()
    assert u_alpha == pytest.approx(DIMMED_EDGE * (EDGE_ALPHA[0] + EDGE_ALPHA[1] * strength ** 2),
                                    abs=1 / 255)
    save_screenshot(view, "neuron_view_selected_W_light")
    model.select(node["h_c"])  # only in the corrupt window: the view goes there
    assert view.shown_window == "corrupt"
    assert {item.key for item in units(view) if item.halo.isVisible()} == {
        (1, unit) for unit in range(8)}
    model.select(node["amazing"])
    assert view.shown_window == "true"
    model.select(None)
    assert not any(item.halo.isVisible() for item in units(view))


def test_clicking_units_and_edges_selects_their_circuit_nodes(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    scene = view.scene
    click_scene(qtbot, view, scene.unit_item(0, 9).pos())
    assert model.selected == node["Paris"]
    click_scene(qtbot, view, scene.unit_item(0, 17).pos())
    assert model.selected == node["amazing"]
    click_scene(qtbot, view, scene.unit_item(1, 4).pos())
    assert model.selected == node["h"]
    click_scene(qtbot, view, scene.unit_item(2, 0).pos())
    assert model.selected == node["s"]
    click_scene(qtbot, view, scene.edge_item(1, 0, 2).line().center())
    assert model.selected == node["u"]
    click_scene(qtbot, view, scene.edge_item(0, 6, 3).line().pointAt(0.3))
    assert model.selected == node["W"]
    click_scene(qtbot, view, QPointF(880, 450))
    assert model.selected is None
    view.show_window("corrupt")
    click_scene(qtbot, view, view.scene.unit_item(0, 1).pos())
    assert model.selected == node["Not"]
    click_scene(qtbot, view, view.scene.unit_item(1, 0).pos())
    assert model.selected == node["h_c"]



def test_in_a_wide_pane_the_spread_network_is_still_clicked_where_it_is_drawn(qtbot):
    """The columns move apart to fill a wide pane: units, edges (and their hit areas) and
    titles move with them, so a click still finds what is under the cursor."""
    model, view = make_view(qtbot, WindowScorerLesson(), size=(1400, 300))
    node, scene = ids(model.trace), view.scene
    assert scene.width > 1.5 * 900  # spread, not the 900-wide layout fitted by its height
    for layer, column in enumerate(scene.columns):
        assert scene.unit_item(layer, 0).pos().x() == pytest.approx(column.x)
    line = scene.edge_item(0, 6, 3).line()  # from input unit 3 to hidden unit 6, rim to rim
    assert line.p1().x() == pytest.approx(scene.columns[0].x + scene.columns[0].radius, abs=2)
    assert line.p2().x() == pytest.approx(scene.columns[1].x - scene.columns[1].radius, abs=2)
    click_scene(qtbot, view, scene.unit_item(1, 4).pos())
    assert model.selected == node["h"]
    click_scene(qtbot, view, line.pointAt(0.5))
    assert model.selected == node["W"]
    click_scene(qtbot, view, scene.edge_item(1, 0, 2).line().center())
    assert model.selected == node["u"]
    view.resize(700, 500)  # narrower than the layout: back to SCENE_WIDTH, fitted by width
    qtbot.wait(1)
    assert scene.width == 900
    click_scene(qtbot, view, scene.unit_item(2, 0).pos())
    assert model.selected == node["s"]

# Offscreen Qt cannot raise the tooltip window; it says so, harmlessly.
@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_hovering_shows_exact_values_and_gradients(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    model.seek(len(model.trace.steps))
    edge = view.scene.edge_item(0, 3, 17)
    text = view.describe_item(edge)
    W, gW = model.trace.leaf_values[node["W"]], model.picture.grads[node["W"]]
    assert text.startswith(f"W[3, 17] = {number(W[3, 17])} · ∂J/∂W[3, 17] = (∂J/∂s) δ[3] x[17]"
                           " + (∂J/∂s_c) δ_c[3] x_c[17] = ")
    assert text.endswith(f" = {number(gW[3, 17])}")
    assert text == edge_text(view.network, model.trace, model.picture, 0, 3, 17)
    unit = view.scene.unit_item(1, 2)
    assert view.describe_item(unit) == unit_text(view.network, model.trace, model.picture, 1, 2)
    # A real tooltip event over a unit shows its text.
    point = view.canvas.mapFromScene(unit.pos())
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.canvas.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.canvas.viewport(), event)
    assert QToolTip.text() == view.describe_item(unit)
    QToolTip.hideText()


def test_the_classifier_labels_its_class_units(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowClassifierLesson())
    assert len(edges(view)) == 4 * 20
    assert {"PER", "LOC", "ORG", "NONE"} <= {text.split()[0] for text in texts(view) if text}
    assert not any(button.isVisible() for button in view.findChildren(QToolButton))
    model.seek(len(model.trace.steps))
    f = model.picture.values[ids(model.trace)["f"]]
    assert view.scene.unit_item(1, 1).label.text() == f"{f[1]:.2f}".replace("-", "−")
    assert view.edges_text == "edges: ∂J/∂W"
    model.set_lesson(WindowClassifierLesson(WindowClassifierConfig(hidden=8)))
    node = ids(model.trace)
    assert len(edges(view)) == 8 * 20 + 4 * 8
    model.seek(forward_index(model.trace, node["f"]))
    click_scene(qtbot, view, view.scene.edge_item(1, 2, 5).line().center())
    assert model.selected == node["U"]
    save_screenshot(view, "neuron_view_classifier_light")


def test_the_expression_lesson_shows_a_friendly_message(qtbot, save_screenshot):
    model, view = make_view(qtbot, ExpressionLesson(), theme=DARK)
    assert view.showing_message and view.network is None and view.scene is None
    assert view.message.text() == NO_UNITS_MESSAGE and view.message.isVisible()
    model.step()
    model.select(0)  # nothing to highlight, nothing breaks
    save_screenshot(view, "neuron_view_expression_dark")
    model.set_lesson(WindowScorerLesson())
    assert not view.showing_message and len(edges(view)) == 168


def test_an_update_redraws_the_new_weights(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    items_before = edges(view)
    model.update(0.5)
    assert model.index == 0 and edges(view) == items_before  # same items, new pens
    assert_edges_follow(view, 0, model.trace.leaf_values[node["W"]], LIGHT)


def test_the_scene_fits_the_widget_on_resize(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson(), size=(600, 340))
    for size in ((600, 340), (1400, 820), (900, 500)):
        view.resize(*size)
        qtbot.wait(1)
        shown = view.canvas.mapFromScene(view.scene.sceneRect()).boundingRect()
        assert view.canvas.viewport().rect().adjusted(-2, -2, 2, 2).contains(shown)
        # It fills the viewport in one direction (KeepAspectRatio).
        assert (shown.width() >= view.canvas.viewport().width() - 4
                or shown.height() >= view.canvas.viewport().height() - 4)


def test_a_step_restyles_in_place(qtbot):
    """Speed lives in `bpviz bench` (UI-stage); here: no item is made or destroyed per step."""
    model, view = make_view(qtbot, WindowScorerLesson())
    items = set(view.scene.items())
    for index in range(len(model.trace.steps) + 1):
        model.seek(index)
        view.canvas.viewport().repaint()
    assert set(view.scene.items()) == items  # nothing created or destroyed per step


def test_the_softmax_classifier_shows_y_hat_and_the_target_class(qtbot, save_screenshot):
    model = StageModel(WindowClassifierLesson(WindowClassifierConfig(hidden=8)))
    _window, view = view_with_transport(qtbot, model)  # the window must outlive the test
    labels = {label.text().split()[0]: label for label in view.scene.class_labels}
    assert set(labels) == {"PER", "LOC", "ORG", "NONE"}
    assert labels["LOC"].text() == "LOC  ◂ target" and labels["LOC"].font().bold()
    assert labels["PER"].text() == "PER" and not labels["PER"].font().bold()
    for _ in range(model.trace.forward_count):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    ledger_parts = next(step for step in model.trace.steps[model.trace.forward_count:]
                        if step.node == model.trace.output).contributions[0].local.parts
    for k, name in enumerate(("PER", "LOC", "ORG", "NONE")):
        shown = f"{name}  ŷ {ledger_parts['ŷ'][k]:.2f}" + ("  ◂ target" if name == "LOC" else "")
        assert labels[name].text() == shown
        assert view.scene.sceneRect().contains(labels[name].sceneBoundingRect())
    assert same_rgb(labels["LOC"].brush().color(), LIGHT.forward)
    save_screenshot(view, "neuron_view_classifier_y_hat")
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert labels["ORG"].text() == "ORG"


def drawn_box(canvas) -> tuple[int, int, int, int]:
    """The rendered pixels' bounding box (left, top, right, bottom) in the canvas's
    viewport: every pixel not of the background colour."""
    image = canvas.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    background = image.pixel(1, image.height() - 2)  # a corner: no content there
    width, height = image.width(), image.height()
    # Rows may be padded: read them at their stride.
    pixels = np.array(image.constBits(), copy=True).view(np.uint32).reshape(
        height, image.bytesPerLine() // 4)[:, :width]
    rows, cols = np.nonzero(pixels != np.uint32(background))
    return int(cols.min()), int(rows.min()), int(cols.max()), int(rows.max())


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_network_fills_its_pane_in_the_main_window(open_window, qtbot, size, save_screenshot):
    """At a laptop's or a projector's size the network spreads over its whole pane (it
    filled less than half of its width at 1440×900), for each lesson chosen, and the
    presentation zoom still magnifies it on top."""
    window = open_window(size)
    canvas = window.neuron_view.canvas
    for key in ("window-scorer", "window-classifier", "window-scorer"):
        window.choose_lesson(key)
        qtbot.wait(20)
        left, top, right, bottom = drawn_box(canvas)
        viewport = canvas.viewport().rect()
        assert (right - left) / viewport.width() >= 0.85, (key, left, right, viewport)
        assert (bottom - top) / viewport.height() >= 0.85, (key, top, bottom, viewport)
        assert viewport.contains(left, top) and viewport.contains(right, bottom)
        save_screenshot(window, f"neuron_view_fills_pane_{key}_{size[0]}x{size[1]}")
    fitted = canvas.transform().m11()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert canvas.transform().m11() == pytest.approx(fitted * window.zoom, rel=0.01)
    assert window.zoom > 1
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.transform().m11() == pytest.approx(fitted, rel=0.01)


class PaintCounter(QObject):
    """Counts a widget's paint events."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's)
        self.paints += event.type() == QEvent.Type.Paint
        return False


def count_bundle_drawings(monkeypatch) -> list:
    """Every bundle that draws its lines from now on (not: shows its kept picture)."""
    drawn = []
    original = EdgeBundle.draw_lines

    def draw_lines(self, painter):
        drawn.append(self)
        original(self, painter)

    monkeypatch.setattr(EdgeBundle, "draw_lines", draw_lines)
    return drawn


def test_a_step_that_changes_only_units_repaints_them_over_the_kept_edge_pictures(
        qtbot, monkeypatch):
    """The edges (hundreds of lines) are one kept picture per connection and look: a
    forward step repaints the units it changed over it without drawing a line; a step that
    changes a connection's edges (its gradient arrives) draws that picture once; the next
    pass, whose looks were all seen, draws no line at all."""
    model, view = make_view(qtbot, WindowScorerLesson())
    node = ids(model.trace)
    viewport_paints = PaintCounter(view.canvas.viewport())
    drawn = count_bundle_drawings(monkeypatch)
    model.seek(forward_index(model.trace, node["z"]) - 1)
    QApplication.processEvents()
    drawn.clear()
    before = viewport_paints.paints
    for _ in range(3):  # z, h, s: new unit values, the same weights on the edges
        model.step()
        QApplication.processEvents()
    assert viewport_paints.paints > before  # the units were repainted
    assert drawn == []
    index = next(i + 1 for i, step in enumerate(model.trace.steps)
                 if step.phase == "backward" and step.node == node["Wx"])
    model.seek(index - 1)
    QApplication.processEvents()
    drawn.clear()
    model.step()  # ∂J/∂W arrives: the W edges change, the u edges do not
    QApplication.processEvents()
    assert drawn == [view.scene.bundles[0]]
    for _ in range(2):  # to the pass's end, then every step of the next pass
        while not model.stepper.at_end:
            model.step()
            QApplication.processEvents()
        model.reset()
        QApplication.processEvents()
    drawn.clear()
    while not model.stepper.at_end:
        model.step()
        QApplication.processEvents()
    model.reset()
    QApplication.processEvents()
    assert drawn == []


def shown_labels(scene) -> list[QGraphicsSimpleTextItem]:
    """Every label on show: titles, weight labels, word and class labels, unit values."""
    return [item for item in scene.items()
            if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text()]


def pixels_high(label, canvas) -> float:
    """The label's font size on screen, in pixels: its size times every magnification."""
    return QFontInfo(label.font()).pixelSize() * label.sceneTransform().m11() \
        * canvas.transform().m11()


@pytest.mark.parametrize("size", [(1280, 720), (1360, 860)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_label_is_drawn_readable_and_clear_of_the_others(open_window, qtbot, size,
                                                                save_screenshot):
    """In the main window's short neuron pane the fitted network is drawn at about a third
    of its size: its labels stay at least MIN_TEXT_PX high on screen (they were 5 px), none
    over another or over a unit, and a unit's value shows only where it fits inside it."""
    window = open_window(size, animations=False)
    canvas = window.neuron_view.canvas
    for key in ("window-scorer", "window-classifier"):
        window.choose_lesson(key)
        model = window.model
        for index in (0, model.trace.forward_count, len(model.trace.steps)):
            model.seek(index)
            qtbot.wait(1)
            scene = window.neuron_view.scene
            labels = shown_labels(scene)
            assert len(labels) >= 8, key
            for label in labels:
                assert pixels_high(label, canvas) >= MIN_TEXT_PX - 0.05, (key, label.text())
            values = {id(unit.label) for unit in scene.units.values()}
            loose = [label for label in labels if id(label) not in values]
            for first, second in itertools.combinations(loose, 2):
                assert not first.sceneBoundingRect().intersects(second.sceneBoundingRect()), \
                    (key, index, first.text(), second.text())
            for label in loose:
                for unit in scene.units.values():
                    assert not label.sceneBoundingRect().intersects(unit.sceneBoundingRect()), \
                        (key, label.text(), unit.key)
            for unit in scene.units.values():
                if unit.label is not None and unit.label.isVisible():
                    assert unit.label.sceneBoundingRect().width() <= 2 * unit.radius
        save_screenshot(window, f"neuron_view_labels_{key}_{size[0]}x{size[1]}")


def test_a_deep_zoom_draws_the_edges_without_keeping_a_huge_picture(qtbot, monkeypatch):
    """Zoomed far in, a connection's picture would take tens of megabytes: its lines are
    drawn straight onto the screen instead, each paint."""
    model, view = make_view(qtbot, WindowScorerLesson())
    drawn = count_bundle_drawings(monkeypatch)
    view.canvas.set_presentation_zoom(8.0)
    view.canvas.centerOn(view.scene.edge_item(0, 4, 10).line().center())
    qtbot.wait(10)
    assert view.scene.bundles[0] in drawn
    assert not view.scene.bundles[0]._pictures  # nothing that size kept
    left, top, right, bottom = drawn_box(view.canvas)
    assert right > left and bottom > top  # lines on screen


def test_a_step_repaints_the_main_window_once(open_window, tmp_path):
    """The neuron scene's changes reach the window's one repaint of a step, not a second
    one after the circuit scene's (each scene's queued hand-over repaints the window)."""
    from PySide6.QtCore import QSettings

    path = tmp_path / "stage.ini"
    QSettings(str(path), QSettings.Format.IniFormat).setValue("lesson", "window-scorer")
    window = open_window(animations=False, settings=path)
    assert window.neuron_view.network is not None
    QApplication.processEvents()

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802 (Qt's)
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    window_paints, canvas_paints = Paints(), Paints()
    window.installEventFilter(window_paints)
    window.neuron_view.canvas.viewport().installEventFilter(canvas_paints)
    steps = 6
    for _ in range(steps):
        window.model.step()
        QApplication.processEvents()
    assert canvas_paints.count == steps  # each step changed the neuron view, and it showed
    assert window_paints.count == steps
