"""The inspector driven like a user would: select a node, step, click cells and tabs, run a
gradient check; what it shows is checked against the engine's trace at that step."""


import pytest
from PySide6.QtCore import Qt

from bpviz.app.inspector_panel import (
    CHECK_TAB, NO_CHECK_HINT, NO_SELECTION_HINT, NODE_TAB, InspectorPanel,
)
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.engine import picture_at
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.formatting import exact, number
from bpviz.lessons.inspection import gradcheck_rows
from bpviz.lessons.model_lessons import WindowScorerLesson

DOCK_SIZE = (380, 400)  # the main window docks the inspector about this size


def node_id(trace, label):
    return next(info.id for info in trace.nodes if info.label == label)




def make_panel(qtbot, lesson, theme=LIGHT):
    model = StageModel(lesson)
    panel = InspectorPanel(model, theme)
    qtbot.addWidget(panel)
    panel.resize(*DOCK_SIZE)
    panel.show()
    qtbot.waitExposed(panel)
    return model, panel


def column_texts(panel, column):
    table = panel.node_page.arrays.table
    return [table.item(row, column).text() for row in range(table.rowCount())]


def click_cell(qtbot, table, row, column):
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def scorer(qtbot):
    return make_panel(qtbot, WindowScorerLesson())


def test_nothing_selected_shows_how_to_start(scorer, save_screenshot):
    _, panel = scorer
    assert panel.node_page.currentWidget() is panel.node_page.hint
    assert panel.plain_text() == NO_SELECTION_HINT
    assert "Click a node in the circuit or neuron view" in panel.node_page.hint.text()
    save_screenshot(panel, "inspector_empty_light")
    panel.set_theme(DARK)
    save_screenshot(panel, "inspector_empty_dark")


def test_stepping_with_z_selected_shows_the_trace(scorer, qtbot, save_screenshot):
    model, panel = scorer
    trace = model.trace
    z = node_id(trace, "z")
    model.select(z)
    assert panel.tabs.currentIndex() == NODE_TAB
    lines = panel.plain_text().splitlines()
    assert lines[:3] == ["z · operation · add", "z = Wx + b", "shape 8"]
    assert "value not computed yet: forward step 3 computes it" in lines
    assert column_texts(panel, 0) == ["·"] * 8
    for index in range(1, len(trace.steps) + 1):
        model.step()
        picture = picture_at(trace, index)
        assert model.index == index
        value, grad = picture.values.get(z), picture.grads.get(z)
        expected_values = [number(v, 4) for v in value] if value is not None else ["·"] * 8
        expected_grads = [number(g, 4) for g in grad] if grad is not None else ["·"] * 8
        assert column_texts(panel, 0) == expected_values
        assert column_texts(panel, 1) == expected_grads
        if index == trace.forward_count + 8:  # z's own backward step: δ has arrived
            save_screenshot(panel, "inspector_vector_light")
    header = panel.node_page.arrays.table.horizontalHeaderItem(1).text()
    assert header == "∂J/∂z"
    grad = picture_at(trace, len(trace.steps)).grads[z]
    click_cell(qtbot, panel.node_page.arrays.table, 5, 1)
    assert panel.node_page.arrays.exact_line.text() == f"∂J/∂z[5] = {exact(grad[5])}"
    assert panel.node_page.arrays.table.item(5, 1).toolTip() == f"∂J/∂z[5] = {exact(grad[5])}"


def test_a_matrix_shows_its_gradient_and_the_value_on_its_tab(scorer, qtbot, save_screenshot):
    model, panel = scorer
    trace = model.trace
    w = node_id(trace, "W")
    model.seek(len(trace.steps))
    model.select(w)
    arrays = panel.node_page.arrays
    assert arrays.switch.isVisible() and arrays.switch.currentIndex() == 1
    assert arrays.switch.tabText(1) == "gradient ∂J/∂W"
    table = arrays.table
    assert (table.rowCount(), table.columnCount()) == (8, 20)
    grad = picture_at(trace, len(trace.steps)).grads[w]
    assert table.item(3, 17).text() == number(grad[3, 17], 4)
    click_cell(qtbot, table, 3, 17)
    assert arrays.exact_line.text() == f"∂J/∂W[3, 17] = {exact(grad[3, 17])}"
    save_screenshot(panel, "inspector_matrix_gradient_light")

    qtbot.mouseClick(arrays.switch, Qt.MouseButton.LeftButton,
                     pos=arrays.switch.tabRect(0).center())
    assert arrays.switch.currentIndex() == 0
    value = trace.leaf_values[w]
    assert table.item(3, 17).text() == number(value[3, 17], 4)
    assert arrays.exact_line.text() == f"W[3, 17] = {exact(value[3, 17])}"
    model.back()  # the tab the user chose stays while stepping
    assert arrays.switch.currentIndex() == 0
    panel.set_theme(DARK)
    save_screenshot(panel, "inspector_matrix_value_dark")



def test_the_lecture_circuit_sums_y_to_5(qtbot, save_screenshot):
    model, panel = make_panel(qtbot, ExpressionLesson())
    trace = model.trace
    model.select(node_id(trace, "y"))
    assert not panel.node_page.arrays.table.isVisible()  # a scalar needs no table
    model.seek(trace.forward_count)
    assert "∂f/∂y not yet: backward step 2 brings it" in panel.plain_text()
    model.step()
    model.step()
    assert "∂f/∂y 3 so far (1 of 2 arrived; backward step 3 adds the next)" in (
        panel.plain_text())
    save_screenshot(panel, "inspector_scalar_partial_light")
    model.step()
    assert "∂f/∂y 5" in panel.plain_text().splitlines()
    assert panel.node_page.arrays.exact_line.text() == "exact: y = 2.0\n       ∂f/∂y = 5.0"
    model.select(node_id(trace, "(x+y)*max(y,z)"))
    lines = panel.plain_text().splitlines()
    assert lines[1] == "f = (x+y)*max(y,z)"
    assert "value 6" in lines and "∂f/∂f 1" in lines
    assert "local ∂f/∂(x+y) = max(y,z) = 2" in lines
    panel.set_theme(DARK)
    save_screenshot(panel, "inspector_scalar_dark")
    model.select(None)
    assert panel.plain_text() == NO_SELECTION_HINT


def test_check_gradients_fills_the_table(scorer, qtbot, save_screenshot):
    model, panel = scorer
    page = panel.check_page
    assert page.summary.text() == NO_CHECK_HINT and not page.table.isVisibleTo(panel)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    report = model.gradcheck_report
    assert report is not None
    assert panel.tabs.currentIndex() == CHECK_TAB
    assert panel.tabs.tabText(CHECK_TAB) == "Gradient check ✓"
    rows = gradcheck_rows(report)
    table = page.table
    assert table.rowCount() == len(rows) == 10
    for index, row in enumerate(rows):
        shown = [table.item(index, column).text() for column in range(4)]
        assert shown == [row.parameter, row.rel_error_text, "✓ pass", ""]
        assert float(row.rel_error_text.replace("−", "-")) == pytest.approx(
            report.parameters[index].rel_error, rel=1e-2)
    assert "every parameter passed ✓" in page.summary_text
    assert "W | " in panel.plain_text()
    save_screenshot(panel, "inspector_gradcheck_light")
    panel.set_theme(DARK)
    save_screenshot(panel, "inspector_gradcheck_dark")

    w_row = [row.parameter for row in rows].index("W")
    click_cell(qtbot, table, w_row, 0)
    assert model.selected == node_id(model.trace, "W")
    assert panel.tabs.currentIndex() == NODE_TAB

    model.update(0.1)  # new parameters: the old check no longer applies
    assert panel.tabs.tabText(CHECK_TAB) == "Gradient check"
    assert page.rows == () and page.summary.text() == NO_CHECK_HINT


def test_a_kink_is_flagged_in_amber_and_explained(qtbot, save_screenshot):
    model, panel = make_panel(qtbot, ExpressionLesson("max(x,y)*y", {"x": 1.0, "y": 1.0}))
    model.check_gradients()
    page = panel.check_page
    assert panel.tabs.tabText(CHECK_TAB) == "Gradient check ⚠"
    assert page.table.item(0, 2).text() == "⚠ kink"
    assert page.table.item(0, 3).text() == "⚠ 1 of 1 exempt"
    assert page.kinks.isVisible()
    assert "central differences are not valid there" in page.kinks.text()
    assert "flagged: x, y" in panel.plain_text()
    save_screenshot(panel, "inspector_gradcheck_kink_light")


def test_a_new_lesson_clears_the_selection(scorer):
    model, panel = scorer
    model.select(node_id(model.trace, "h"))
    assert panel.plain_text().startswith("h · operation · tanh")
    model.set_lesson(ExpressionLesson())
    assert panel.plain_text() == NO_SELECTION_HINT
    model.select(node_id(model.trace, "x"))
    assert panel.plain_text().startswith("x · variable")


def test_selecting_nodes_in_the_window_never_widens_the_dock_or_moves_the_graph(
        open_window, qtbot):
    window = open_window((1440, 860))
    view, model = window.circuit_view, window.model
    view.set_animations_enabled(False)
    model.seek(model.stepper.last_index)  # every value and gradient: the longest texts
    qtbot.wait(20)
    window.inspector_dock.raise_()  # its tab to the front, as the first click brings it
    qtbot.wait(1)
    dock, graph = window.inspector_dock.width(), view.geometry()
    assert window.ledger_dock.width() == dock
    for node_id, card in view.node_items().items():
        centre = view.mapFromScene(card.mapToScene(card.card_rect().center()))
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        assert model.selected == node_id
        qtbot.wait(1)  # let the layout settle, as the event loop would
        assert window.inspector_dock.width() == dock, card.facts.heading
        assert view.geometry() == graph, card.facts.heading
        assert window.inspector.plain_text().startswith(card.facts.info.label)


@pytest.mark.parametrize("size", [(1440, 900), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_long_summary_stays_readable_in_a_short_dock(open_window, qtbot, size, save_screenshot):
    """x_c has the most local lines of any lesson (one per word): in the main window's dock
    its summary is laid out whole, never squeezed or cut, and every line can be scrolled
    into view, the numbers' table below it."""
    window = open_window(size)
    model = window.model
    x_c = node_id(model.trace, "x_c")
    model.seek(len(model.trace.steps))
    model.select(x_c)
    qtbot.wait(20)
    page = window.stage_page.inspector.node_page
    summary = page.summary
    assert summary.isVisible()
    assert sum(1 for line in page.lines() if "∂x_c/∂x_" in line) == 5
    # Laid out whole: the label has the height its wrapped text needs at its width.
    assert summary.height() >= summary.heightForWidth(summary.width()) - 1
    # Every line can be brought into view: scroll to the summary's end, then its start.
    scroll = page.details_scroll
    for target in (summary.height() - 1, 0):
        scroll.ensureVisible(0, summary.mapTo(scroll.widget(), summary.rect().topLeft()).y()
                             + target, 0, 2)
        qtbot.wait(10)
        point = summary.mapTo(scroll.viewport(), summary.rect().topLeft())
        assert 0 <= point.y() + target < scroll.viewport().height()
    # The table of numbers still shows several rows.
    table = page.arrays.table
    assert table.isVisible() and table.height() >= 4 * table.verticalHeader().defaultSectionSize()
    save_screenshot(window, f"inspector_long_summary_{size[0]}x{size[1]}")
