"""The circuit view driven through whole passes of every lesson: what each card shows —
its texts, cells and tooltips — is checked against the engine's trace at that step."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QWheelEvent
from PySide6.QtTest import QTest

from bpviz.app.circuit_text import exact, meta_text, number, shape_text
from bpviz.app.circuit_view import MIN_FIT_ZOOM, CircuitView
from bpviz.app.edge_item import BACKWARD, BLOCKED, FORWARD, REST
from bpviz.app.gradcheck_look import error_text
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.engine import picture_at
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.models.window_classifier import WindowClassifierConfig
from bpviz.models.window_scorer import WindowConfig

PANE = (1000, 560)  # the circuit view's share of the main window
SATISFIED_SEED = 8  # the lecture's windows with s − s_c ≥ 1 at this seed
LESSONS = {
    "expression": ExpressionLesson,
    "scorer": WindowScorerLesson,
    "classifier": WindowClassifierLesson,
}
# Formulas whose edges skip columns, and a network with a hidden layer.
MORE_CIRCUITS = {
    "long formula": lambda: ExpressionLesson("tanh(x*w + y*v + b) * (x + y) + x",
                                             {"x": 1.0, "w": 2.0, "y": 3.0, "v": 0.5, "b": 0.1}),
    "reused input": lambda: ExpressionLesson("x*y + (x + y)*(x*x)", {"x": 2.0, "y": 3.0}),
    "neural classifier": lambda: WindowClassifierLesson(WindowClassifierConfig(hidden=8)),
}


def ids(trace):
    return {info.label: info.id for info in trace.nodes}




def make_view(qtbot, lesson, theme=LIGHT, animated=False, size=PANE):
    model = StageModel(lesson)
    view = CircuitView(model, theme)
    view.set_animations_enabled(animated)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return model, view


def view_point(view, item, at=None):
    """Where `item`'s point `at` (its centre by default) is in the viewport."""
    local = item.boundingRect().center() if at is None else at
    return view.mapFromScene(item.mapToScene(local))


def assert_cards_match(view, trace, index):
    """Every card shows exactly what the trace knows after `index` steps."""
    picture = picture_at(trace, index)
    for info in trace.nodes:
        card = view.node_item(info.id)
        value, grad = picture.values.get(info.id), picture.grads.get(info.id)
        assert card.shown_value() is value or np.array_equal(card.shown_value(), value)
        if grad is None:
            assert card.shown_grad() is None
        else:
            assert np.array_equal(card.shown_grad(), grad)
        assert card.dimmed == (value is None), info.label
        if info.shape == ():
            assert card.value_text() == ("?" if value is None else number(value))
            if value is not None:
                assert f"= {exact(value)}" in card.toolTip()
            if grad is not None:
                assert card.grad_text().endswith(f"= {number(grad)}")
                assert exact(grad) in card.toolTip()
        else:
            assert card.value_cells.array is picture.values.get(info.id)
            if card.grad_cells is not None:
                assert card.grad_cells.array is picture.grads.get(info.id)


def assert_edges_match(view, trace, index):
    """Only the step's edges are lit: into its node going forward, back to its parents."""
    step = picture_at(trace, index).step
    for edge in view.edge_items():
        link = edge.edge
        if step is None or link.target != step.node:
            assert edge.state == REST
        elif step.phase == "forward":
            assert edge.state == FORWARD
        else:
            sent = [part for part in step.contributions if part.to == link.source]
            flows = any(np.any(part.downstream) for part in sent)
            assert edge.state == (BACKWARD if flows else BLOCKED if sent else REST)


# ----------------------------------------------------------------- building

@pytest.mark.parametrize("name", sorted(LESSONS))
def test_one_card_per_node_with_label_op_and_shape(qtbot, name):
    model, view = make_view(qtbot, LESSONS[name]())
    trace = model.trace
    assert set(view.node_items()) == {info.id for info in trace.nodes}
    assert len(view.edge_items()) == sum(len(info.parents) for info in trace.nodes)
    for info in trace.nodes:
        card = view.node_item(info.id)
        assert card.title.text() in (info.label, model.lesson.output)
        if info.shape != () or info.kind != "op":
            assert card.meta.text().endswith(shape_text(info.shape))  # `8×20`, `add · 8`
        if info.kind == "op":  # `add`, `max-margin`, `softmax CE`
            assert card.meta.text().split(" · ")[0] == info.caption
        assert meta_text(info) in card.toolTip()
        assert (card.value_cells is None) == (info.shape == ())


def test_window_scorer_cards_use_the_lectures_notation(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    at = ids(model.trace)
    for label in ("x", "x_c", "z", "h", "s", "s_c", "J", "W", "b", "u", "museums", "Paris"):
        assert view.node_item(at[label]).title.text() == label
    assert view.node_item(at["W"]).meta.text() == "8×20"
    assert view.node_item(at["z"]).meta.text() == "add · 8"
    assert view.node_item(at["x"]).meta.text() == "concat · 20"
    assert view.node_item(at["J"]).meta.text() == "max-margin"
    assert "max-margin · scalar" in view.node_item(at["J"]).toolTip()
    assert view.node_item(at["museums"]).meta.text() == "4"
    assert view.node_item(at["W"]).facts.grad_name == "∂J/∂W"


def test_the_formulas_output_is_called_f(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    card = view.node_item(model.trace.output)
    assert card.title.text() == "f"
    assert card.meta.text() == "mul"
    assert view.node_item(ids(model.trace)["x"]).meta.text() == "scalar"
    assert card.toolTip().startswith("f = (x+y)*max(y,z)")


@pytest.mark.parametrize("name", sorted(LESSONS) + sorted(MORE_CIRCUITS))
def test_layout_reads_left_to_right_without_overlap_or_edges_through_cards(qtbot, name):
    _, view = make_view(qtbot, {**LESSONS, **MORE_CIRCUITS}[name]())
    cards = {node_id: item.card_rect().translated(item.pos())
             for node_id, item in view.node_items().items()}
    for edge in view.edge_items():
        assert cards[edge.edge.source].right() < cards[edge.edge.target].left()
        stroke = QPainterPathStroker()
        stroke.setWidth(1.0)
        line = stroke.createStroke(edge.path)
        for node_id, rect in cards.items():
            if node_id not in (edge.edge.source, edge.edge.target):
                box = QPainterPath()
                box.addRect(rect)
                assert not line.intersects(box), f"edge {edge.edge} crosses node {node_id}"
    rects = sorted(cards.values(), key=lambda rect: (rect.left(), rect.top()))
    for i, first in enumerate(rects):
        for second in rects[i + 1:]:
            assert not first.intersects(second)


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_the_whole_circuit_fits_the_pane_legibly(qtbot, name):
    _, view = make_view(qtbot, LESSONS[name]())
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.sceneRect().adjusted(1, 1, -1, -1))
    # At this zoom the smallest text (11 pt in the scene) still reads as about 9 pt.
    assert view.zoom() >= 0.8


def test_an_edge_that_skips_columns_runs_between_the_cards_there(qtbot, save_screenshot):
    model, view = make_view(qtbot, MORE_CIRCUITS["long formula"]())
    at = ids(model.trace)
    last = [edge for edge in view.edge_items()
            if edge.edge.source == at["x"] and edge.edge.target == model.trace.output]
    assert len(last) == 1
    x_right = view.node_item(at["x"]).card_rect().translated(view.node_item(at["x"]).pos()).right()
    f_left = view.node_item(model.trace.output).pos().x()
    assert last[0].path.boundingRect().width() >= f_left - x_right - 8
    model.seek(len(model.trace.steps))
    save_screenshot(view, "circuit_long_formula_end_light")


def test_the_same_lesson_gives_the_same_pixels(qtbot):
    _, first = make_view(qtbot, WindowScorerLesson())
    _, second = make_view(qtbot, WindowScorerLesson())
    positions = [{node_id: item.pos().toTuple() for node_id, item in view.node_items().items()}
                 for view in (first, second)]
    assert positions[0] == positions[1]
    assert first.grab().toImage() == second.grab().toImage()


# ----------------------------------------------------------------- stepping

@pytest.mark.parametrize("name", sorted(LESSONS))
def test_stepping_through_the_whole_pass_shows_the_trace_at_every_step(qtbot, name):
    model, view = make_view(qtbot, LESSONS[name]())
    trace = model.trace
    assert_cards_match(view, trace, 0)
    for index in range(1, len(trace.steps) + 1):
        model.step()
        assert model.index == index
        assert_cards_match(view, trace, index)
        assert_edges_match(view, trace, index)
        active = [item.node_id for item in view.node_items().values() if item.active]
        assert active == [trace.steps[index - 1].node]
    for index in range(len(trace.steps) - 1, -1, -1):
        model.back()
        assert_cards_match(view, trace, index)
        assert_edges_match(view, trace, index)


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_seeking_anywhere_shows_the_trace_there(qtbot, name, save_screenshot):
    model, view = make_view(qtbot, LESSONS[name]())
    trace = model.trace
    steps, forward = len(trace.steps), trace.forward_count
    for index in (steps, 1, forward, forward + 1, 0, steps // 2, steps):
        model.seek(index)
        assert_cards_match(view, trace, index)
        assert_edges_match(view, trace, index)
    for theme in (LIGHT, DARK):
        view.set_theme(theme)
        for tag, index in (("forward", max(1, forward // 2)),
                           ("backward", forward + (steps - forward) // 2), ("end", steps)):
            model.seek(index)
            assert_cards_match(view, trace, index)
            save_screenshot(view, f"circuit_{name}_{tag}_{theme.name}")


def test_the_lecture_circuit_ends_with_f_6_and_y_gradient_2_plus_3(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    at = ids(model.trace)
    f = view.node_item(model.trace.output)
    model.seek(model.trace.forward_count)
    assert f.value_text() == "6"
    assert view.node_item(at["y"]).grad_text() == ""
    model.seek(len(model.trace.steps))
    assert f.grad_text() == "∂f/∂f = 1"
    assert view.node_item(at["x"]).grad_text() == "∂f/∂x = 2"
    assert view.node_item(at["y"]).grad_text() == "∂f/∂y = 2 + 3 = 5"
    assert view.node_item(at["z"]).grad_text() == "∂f/∂z = 0"
    assert view.node_item(at["max(y,z)"]).grad_text() == "∂f/∂max(y,z) = 3"
    tooltip = view.node_item(at["y"]).toolTip()
    assert "from x+y: 2.0" in tooltip and "from max(y,z): 3.0" in tooltip


def test_y_gradient_shows_the_part_that_came_back_first(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    trace, at = model.trace, ids(model.trace)
    first = next(i for i in range(len(trace.steps) + 1) if at["y"] in picture_at(trace, i).grads)
    model.seek(first)
    # max(y,z) hands y its 3 before x+y hands it 2: the total so far is 3.
    assert view.node_item(at["y"]).grad_text() == "∂f/∂y = 3"


def test_max_routes_no_gradient_to_z_and_that_edge_is_crossed_out(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    trace, at = model.trace, ids(model.trace)
    through_max = next(i + 1 for i, step in enumerate(trace.steps)
                       if step.phase == "backward" and step.node == at["max(y,z)"])
    model.seek(through_max)
    states = {(edge.edge.source, edge.edge.target): edge.state for edge in view.edge_items()}
    assert states[(at["z"], at["max(y,z)"])] == BLOCKED
    assert states[(at["y"], at["max(y,z)"])] == BACKWARD


def test_a_word_in_both_windows_sums_its_gradient_as_it_arrives(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    trace, at = model.trace, ids(model.trace)
    museums = view.node_item(at["museums"])
    assert museums.grad_text() == "∂ = (from x) + (from x_c)"
    assert [arrived for _, arrived in museums.sum_terms] == [False, False]
    arrivals = [i for i in range(len(trace.steps) + 1)
                if museums.facts.info.id in picture_at(trace, i).grads]
    model.seek(arrivals[0])
    assert sum(arrived for _, arrived in museums.sum_terms) == 1
    assert "from x" in museums.sum_label.toolTip()
    model.seek(len(trace.steps))
    assert [arrived for _, arrived in museums.sum_terms] == [True, True]
    parts = [part.downstream for step in trace.steps[trace.forward_count:]
             for part in step.contributions if part.to == at["museums"]]
    assert np.allclose(sum(parts), museums.shown_grad())


def test_stepping_with_animation_moves_dots_then_shows_the_new_state(qtbot):
    model, view = make_view(qtbot, ExpressionLesson(), animated=True)
    trace, at = model.trace, ids(model.trace)
    model.step()  # x+y = 3 travels in from x and y
    assert view.animating
    assert view.node_item(at["x+y"]).value_text() == "?"  # not there yet
    assert view.node_item(at["x+y"]).active == "forward"
    qtbot.waitUntil(lambda: not view.animating, timeout=3000)
    assert view.node_item(at["x+y"]).value_text() == "3"
    model.seek(trace.forward_count)
    model.step()  # back from f to both gates
    assert view.animating
    model.step()  # a new step finishes the running animation first
    qtbot.waitUntil(lambda: not view.animating, timeout=3000)
    assert_cards_match(view, trace, trace.forward_count + 2)
    model.step()
    view.finish_animation()
    assert not view.animating
    assert_cards_match(view, trace, trace.forward_count + 3)


def test_nodes_not_reached_yet_are_dimmed(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    trace, at = model.trace, ids(model.trace)
    leaves = {info.id for info in trace.nodes if info.kind != "op"}
    assert {n for n, item in view.node_items().items() if not item.dimmed} == leaves
    assert view.node_item(at["J"]).title.brush().color() == QColor(LIGHT.muted)
    model.seek(trace.forward_count)
    assert not any(item.dimmed for item in view.node_items().values())
    assert view.node_item(at["J"]).title.brush().color() == QColor(LIGHT.text)


# ----------------------------------------------------------------- the hinge

def test_a_satisfied_hinge_shows_that_no_gradient_flows(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson(WindowConfig(seed=SATISFIED_SEED)))
    trace, at = model.trace, ids(model.trace)
    assert float(trace.output_value) == 0.0
    assert view.note_text() == ""
    model.seek(trace.forward_count)
    note = view.note_text()
    assert "s − s_c = " in note and "≥ 1" in note and "no gradient flows" in note
    into_j = [edge for edge in view.edge_items() if edge.edge.target == at["J"]]
    model.step()  # J's backward step: s and s_c get exactly 0
    assert {edge.state for edge in into_j} == {BLOCKED}
    assert view.node_item(at["s"]).grad_text() == "∂J/∂s = 0"
    save_screenshot(view, "circuit_hinge_satisfied")
    for index in range(trace.forward_count + 1, len(trace.steps) + 1):
        model.seek(index)
        assert {edge.state for edge in into_j} == {BLOCKED}
        assert BACKWARD not in {edge.state for edge in view.edge_items()}
        assert_cards_match(view, trace, index)
    for label in ("W", "b", "u", "museums"):
        assert view.node_item(at[label]).grad_cells.is_all_zero()


def test_an_unsatisfied_hinge_has_no_note_and_gradient_flows(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    model.seek(model.trace.forward_count + 1)
    assert view.note_text() == ""
    assert BACKWARD in {edge.state for edge in view.edge_items()}


# ----------------------------------------------------------------- interaction

def test_clicking_a_node_selects_it_and_clicking_empty_space_clears(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    at = ids(model.trace)
    z = view.node_item(at["z"])
    with qtbot.waitSignal(model.selection_changed) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=view_point(view, z, z.card_rect().center()))
    assert signal.args == [at["z"]] and model.selected == at["z"]
    assert z._selected and not view.node_item(at["h"])._selected
    # Clicking a cell strip inside a card selects the card too.
    W = view.node_item(at["W"])
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view_point(view, W.value_cells, QPointF(5, 5)))
    assert model.selected == at["W"] and W._selected and not z._selected
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert model.selected is None and not W._selected


def test_selection_from_elsewhere_is_shown(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    at = ids(model.trace)
    model.select(at["y"])
    assert view.node_item(at["y"])._selected


def test_hovering_a_cell_shows_its_exact_value(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    trace, at = model.trace, ids(model.trace)
    model.seek(len(trace.steps))
    W = view.node_item(at["W"])
    value = picture_at(trace, len(trace.steps)).values[at["W"]]
    grad = picture_at(trace, len(trace.steps)).grads[at["W"]]
    cells = W.value_cells
    for index in [(0, 0), (3, 17), (7, 19)]:
        assert cells.index_at(cells.cell_center(index)) == index
        QTest.mouseMove(view.viewport(), view_point(view, cells, cells.cell_center(index)))
        expected = f"W[{index[0]}, {index[1]}] ="
        qtbot.waitUntil(lambda expected=expected: cells.toolTip().startswith(expected))
        assert f"= {exact(value[index])}" in cells.toolTip()
    assert W.grad_cells.tooltip_at((2, 5)).startswith(f"∂J/∂W[2, 5] = {exact(grad[2, 5])}")
    model.seek(0)
    assert W.grad_cells.tooltip_at((2, 5)) == "∂J/∂W[2, 5]: not known yet"


def test_the_wheel_zooms_and_resizing_fits_again(qtbot):
    _, view = make_view(qtbot, WindowScorerLesson())
    fitted = view.zoom()
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(centre, view.mapToGlobal(centre), QPoint(), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(wheel)
    assert view.zoom() == pytest.approx(fitted * 1.15 ** 2)
    view.resize(800, 450)
    qtbot.waitUntil(lambda: view.zoom() < fitted)
    view.fit()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.sceneRect().adjusted(1, 1, -1, -1))


# ----------------------------------------------------------------- gradient check

@pytest.mark.parametrize("name", sorted(LESSONS))
def test_checking_gradients_badges_every_parameter(qtbot, name, save_screenshot):
    model, view = make_view(qtbot, LESSONS[name]())
    model.seek(len(model.trace.steps))
    assert not any(item.badge.isVisible() for item in view.node_items().values())
    model.check_gradients()
    report = model.gradcheck_report
    by_label = {check.label: check for check in report.parameters}
    for info in model.trace.nodes:
        card = view.node_item(info.id)
        check = by_label.get(info.label) if info.kind == "variable" else None
        if check is None:
            assert card.check is None and not card.badge.isVisible()
        else:
            assert card.badge.isVisible() and card.badge.text == error_text(check.rel_error)
            assert check.passed()  # the lessons' gradients are right: every badge is green
            assert card.check.colour == LIGHT.forward
            assert f"gradient check of {info.label}: relative error" in card.badge.toolTip()
    assert {c.label for c in report.parameters} <= {i.label for i in model.trace.nodes}
    save_screenshot(view, f"circuit_{name}_gradcheck")
    model.update(0.1)
    assert not any(item.badge.isVisible() for item in view.node_items().values())


def test_a_kink_is_flagged_with_a_warning_badge(qtbot):
    # max(y, z) at y = z sits on its kink.
    model, view = make_view(qtbot, ExpressionLesson("max(y,z)", {"y": 1.0, "z": 1.0}))
    model.check_gradients()
    flagged = [item for item in view.node_items().values() if item.kink_badge.isVisible()]
    assert flagged and all(item.kink_badge.text == "⚠" for item in flagged)
    assert "kink" in flagged[0].kink_badge.toolTip()
    model.update(0.1)  # new parameters: the old check no longer applies
    assert not any(item.kink_badge.isVisible() for item in view.node_items().values())


# ----------------------------------------------------------------- updates, lessons, themes

def test_an_update_shows_the_new_pass(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    old = model.trace
    model.seek(len(old.steps))
    model.update(0.5)
    assert model.trace is not old and model.index == 0
    assert_cards_match(view, model.trace, 0)
    model.seek(len(model.trace.steps))
    assert_cards_match(view, model.trace, len(model.trace.steps))
    model.back()
    model.seek(0)
    model.back()  # into the previous pass, at its end
    assert model.trace is old
    assert_cards_match(view, old, len(old.steps))


def test_an_update_that_meets_the_margin_brings_the_note(qtbot):
    model, view = make_view(qtbot, WindowScorerLesson())
    for _ in range(40):
        model.update(0.5)
        if float(model.trace.output_value) == 0.0:
            break
    assert float(model.trace.output_value) == 0.0
    model.seek(model.trace.forward_count)
    assert "no gradient flows" in view.note_text()
    assert_cards_match(view, model.trace, model.trace.forward_count)


def test_switching_lessons_rebuilds_the_circuit(qtbot):
    model, view = make_view(qtbot, ExpressionLesson())
    model.set_lesson(WindowClassifierLesson(WindowClassifierConfig(hidden=8)))
    assert set(view.node_items()) == {info.id for info in model.trace.nodes}
    assert "U" in {item.title.text() for item in view.node_items().values()}
    assert_cards_match(view, model.trace, 0)
    assert all(item.scene() is view.scene() for item in view.node_items().values())


def test_switching_theme_repaints_and_keeps_the_step(qtbot, save_screenshot):
    model, view = make_view(qtbot, WindowScorerLesson())
    trace, at = model.trace, ids(model.trace)
    model.seek(trace.forward_count + 3)
    model.select(at["h"])
    view.set_theme(DARK)
    assert view.scene().backgroundBrush().color() == QColor(DARK.background)
    assert view.node_item(at["s"]).value_label.brush().color() == QColor(DARK.forward)
    assert view.node_item(at["h"])._selected
    assert_cards_match(view, trace, trace.forward_count + 3)
    save_screenshot(view, "circuit_scorer_theme_dark")
    view.set_theme(LIGHT)
    assert view.scene().backgroundBrush().color() == QColor(LIGHT.background)
    assert_cards_match(view, trace, trace.forward_count + 3)


def test_a_circuit_too_big_to_fit_opens_on_its_inputs_at_the_smallest_zoom(qtbot):
    names = [f"v{i}" for i in range(150)]
    model, view = make_view(qtbot, ExpressionLesson("+".join(names), dict.fromkeys(names, 1.0)))
    assert view.zoom() == pytest.approx(MIN_FIT_ZOOM)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    first = view.node_item(ids(model.trace)["v0"])
    assert visible.contains(first.sceneBoundingRect())
    assert not visible.contains(view.node_item(model.trace.output).sceneBoundingRect())
