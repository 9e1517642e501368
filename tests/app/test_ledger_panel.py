"""The chain-rule ledger panel driven through whole passes: its lines are the lecture's
closed forms with the real shapes, and its numbers are the trace's."""


import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bpviz.app.ledger_panel import LedgerPanel
from bpviz.app.rich_html import rich_html
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import DARK, LIGHT
from bpviz.app.transport_bar import TransportBar
from bpviz.engine import BackwardStep
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.formatting import number, preview
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.rich_text import plain, shape, symbol
from bpviz.lessons.model_lessons import WindowScorerLesson

DOCK_SIZE = (380, 400)  # the main window docks the ledger about this size




def make_panel(qtbot, lesson, theme=LIGHT):
    model = StageModel(lesson)
    panel = LedgerPanel(model, theme)
    qtbot.addWidget(panel)
    panel.resize(*DOCK_SIZE)
    panel.show()
    qtbot.waitExposed(panel)
    return model, panel


def active_text(panel):
    """The active (last) entry's lines, from its heading on."""
    lines = panel.plain_text().splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith(("forward ", "backward ")))
    return "\n".join(lines[start:])


def one_line(text):
    """A continuation row `= …` joined back onto its line."""
    return text.replace("\n= ", " = ")


def node_id(trace, label):
    return next(info.id for info in trace.nodes if info.label == label)


def shown(value):
    return number(value) if not np.ndim(value) else preview(value)


@pytest.fixture
def scorer(qtbot):
    return make_panel(qtbot, WindowScorerLesson())


def test_the_start_explains_how_to_read_it(scorer, save_screenshot):
    _, panel = scorer
    text = panel.plain_text()
    assert "How to read the ledger" in text
    assert "downstream = upstream × local" in text
    assert "∂J/∂W (8×20) has the shape of W (8×20)" in text
    save_screenshot(panel, "ledger_start_light")
    panel.set_theme(DARK)
    save_screenshot(panel, "ledger_start_dark")


def test_a_whole_backward_pass_writes_the_lectures_closed_forms(scorer, save_screenshot):
    model, panel = scorer
    trace = model.trace
    ledger = Ledger(trace, "J")
    for index, step in enumerate(trace.steps, 1):
        model.step()
        text = one_line(active_text(panel))
        entry = ledger.entries[index - 1]
        assert text.startswith(f"{entry.position}  ·  {entry.title.plain}")
        for line in entry.lines + entry.sums:
            assert line.text in text
        if isinstance(step, BackwardStep):
            assert f"upstream  {entry.upstream.plain}" in text
            for contribution in step.contributions:  # every number is the trace's
                assert shown(contribution.downstream) in text
        else:
            assert shown(step.value) in text
        if index == len(trace.steps) - 1:  # backward 10/11: W x + … gets ∂J/∂W
            save_screenshot(panel, "ledger_matmul_light")
    everything = one_line(panel.plain_text())
    assert "∂s/∂W (8×20) = δ (8×1) xᵀ (1×20)" in everything
    assert "∂s/∂x (20) = Wᵀ (20×8) δ (8×1)" in everything
    assert "∂s_c/∂W (8×20) = δ_c (8×1) x_cᵀ (1×20)" in everything
    grad_w = model.picture.grads[node_id(trace, "W")]
    assert (f"∂J/∂W (8×20) = (∂J/∂s) ∂s/∂W + (∂J/∂s_c) ∂s_c/∂W = {preview(grad_w)}"
            in everything)
    panel.set_theme(DARK)
    save_screenshot(panel, "ledger_matmul_dark")


def test_the_tanh_line_multiplies_by_f_prime_elementwise(scorer, save_screenshot):
    model, panel = scorer
    trace = model.trace
    h = node_id(trace, "h")
    index = next(i for i, step in enumerate(trace.steps, 1)
                 if isinstance(step, BackwardStep) and step.node == h)
    model.seek(index)
    text = one_line(active_text(panel))
    z_grad = model.picture.grads[node_id(trace, "z")]
    assert f"δ (8) = ∂s/∂z = ∂s/∂h (8) ∘ f′(z) (8) = {preview(-z_grad)}" in text
    assert f"∂J/∂z (8) = ∂J/∂s × δ (8) = {preview(z_grad)}" in text
    h_value = model.picture.values[h]
    assert f"f′(z) = 1 − tanh²(z) = {preview(1 - h_value ** 2)}" in text
    assert "δ = ∂s/∂z is the lecture's error signal for the score s" in text
    save_screenshot(panel, "ledger_tanh_light")


def test_the_max_margin_step_and_the_satisfied_margin(scorer):
    model, panel = scorer
    model.seek(model.trace.forward_count + 1)
    text = active_text(panel)
    assert "∂J/∂s = ∂max(0, 1 − s + s_c)/∂s = −1" in text
    assert "∂J/∂s_c = ∂max(0, 1 − s + s_c)/∂s_c = 1" in text
    for _ in range(40):  # train until the margin is met: then no gradient flows
        model.update(0.5)
        if float(model.trace.output_value) == 0.0:
            break
    assert float(model.trace.output_value) == 0.0
    model.seek(model.trace.forward_count + 1)
    assert "no gradient flows" in active_text(panel)


def test_stepping_back_removes_the_entry_and_the_phase_switches(scorer):
    model, panel = scorer
    forward = model.trace.forward_count
    model.seek(3)
    three = panel.plain_text()
    model.step()
    assert panel.plain_text().startswith(three)
    model.back()
    assert panel.plain_text() == three
    model.seek(forward + 1)
    assert panel.plain_text().startswith("Backward pass · downstream = upstream × local")
    assert "forward 1/" not in panel.plain_text()
    model.reset()
    assert "How to read the ledger" in panel.plain_text()


def test_an_update_is_reported_at_the_start_of_the_next_pass(scorer):
    model, panel = scorer
    before = float(model.trace.output_value)
    model.seek(len(model.trace.steps))
    model.update(0.1)
    after = float(model.trace.output_value)
    assert model.index == 0
    text = panel.plain_text()
    assert f"J {before:.4f} → {after:.4f}".replace("-", "−") in text
    assert "α = 0.1" in text


def test_the_lecture_circuit_sums_y_to_5(qtbot, save_screenshot):
    model, panel = make_panel(qtbot, ExpressionLesson())
    model.seek(len(model.trace.steps))
    text = active_text(panel)
    assert "∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2" in text
    assert "∂f/∂y = 2 + 3 = 5" in text  # in the order the circuit's card adds them
    save_screenshot(panel, "ledger_expression_light")
    panel.set_theme(DARK)
    save_screenshot(panel, "ledger_expression_dark")



def test_rich_text_sets_subscripts_and_mutes_shapes_without_parsing():
    assert rich_html(plain("∂J/∂") + symbol("s_c") + " " + shape((8, 20))) == (
        "∂J/∂s<sub>c</sub> <span class='shape'>(8×20)</span>")
    assert rich_html(plain("a < b"), shapes=False) == "a &lt; b"
    # A label's own text is never read as notation: only the ledger's symbols are.
    assert rich_html(plain("s_c (8×20)")) == "s_c (8×20)"


# ----------------------------------------------------------------- layout in a narrow dock

def open_ledger_stage(qtbot, lesson, size):
    """The ledger beside the transport in one window: stepped with the keys, as a user does."""
    model = StageModel(lesson)
    window = QWidget()
    panel = LedgerPanel(model)
    transport = TransportBar(model)
    layout = QVBoxLayout(window)
    layout.addWidget(panel, 1)
    layout.addWidget(transport)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    panel.setFocus()
    panel.window_ = window
    return model, panel, transport


def key(qtbot, panel, which, times=1):
    for _ in range(times):
        qtbot.keyClick(panel, which)


def laid_out_lines(panel, cell):
    """Each line a cell's text was broken into, as (block text, where the line starts)."""
    panel.text_area.document().documentLayout().documentSize()  # lay everything out now
    found = []
    blocks = cell.begin()
    while not blocks.atEnd():
        block = blocks.currentBlock()
        layout = block.layout()
        found.extend((block.text(), layout.lineAt(i).textStart())
                     for i in range(layout.lineCount()))
        blocks += 1
    return found


def math_cells(panel):
    """Every right-hand side and upstream row of every entry on show."""
    for table in panel._tables():
        for row in range(table.rows()):
            cell = table.cellAt(row, 3)
            if cell.row() == row and cell.column() == 3:
                yield cell
            first = table.cellAt(row, 1)
            if first.columnSpan() == 3 and "upstream" in _cell_text(first):
                yield first


def _cell_text(cell):
    blocks, texts = cell.begin(), []
    while not blocks.atEnd():
        texts.append(blocks.currentBlock().text())
        blocks += 1
    return " ".join(texts)


@pytest.mark.parametrize("lesson", [
    WindowScorerLesson, lambda: ExpressionLesson("(x - y/3)*max(x/3, y)", {"x": -0.0216, "y": 2}),
], ids=["scorer", "division"])
def test_a_narrow_ledger_breaks_lines_only_between_tokens(qtbot, lesson, save_screenshot):
    model, panel, _ = open_ledger_stage(qtbot, lesson(), (300, 700))  # a narrow dock
    breaks = 0

    def check_breaks() -> int:
        found = 0
        for cell in math_cells(panel):
            for text, start in laid_out_lines(panel, cell):
                if start:
                    found += 1
                    assert text[start - 1] == " ", (text[:start], text[start:])
        assert panel.text_area.horizontalScrollBar().maximum() == 0  # nothing sticks out
        return found

    for _ in range(len(model.trace.steps)):
        key(qtbot, panel, Qt.Key.Key_Right)
        breaks += check_breaks()
    assert breaks  # the dock is narrow enough to wrap
    save_screenshot(panel, f"ledger_narrow_{model.lesson.output}")
    panel.window().resize(260, 700)  # narrower still: laid out again once the resize settles
    qtbot.waitUntil(lambda: panel._laid_out_width == panel._text_width())
    check_breaks()
    key(qtbot, panel, Qt.Key.Key_Left)
    check_breaks()


def fragment_sizes(table):
    """The point size of every piece of math in a table (the monospaced text)."""
    sizes = set()
    for row in range(table.rows()):
        for column in range(table.columns()):
            blocks = table.cellAt(row, column).begin()
            while not blocks.atEnd():
                pieces = blocks.currentBlock().begin()
                while not pieces.atEnd():
                    char_format = pieces.fragment().charFormat()
                    if "Mono" in " ".join(char_format.fontFamilies() or []):
                        sizes.add(char_format.font().pointSizeF())
                    pieces += 1
                blocks += 1
    return sizes


def test_the_current_step_is_set_as_large_as_the_earlier_ones(qtbot):
    model, panel, _ = open_ledger_stage(qtbot, WindowScorerLesson(), (380, 700))
    key(qtbot, panel, Qt.Key.Key_Right, 3)
    model.seek(model.index)  # a whole new layout, as after a scrub
    key(qtbot, panel, Qt.Key.Key_Right, 2)  # two entries appended after it
    tables = panel._tables()
    assert len(tables) == 5
    first = fragment_sizes(tables[0])
    assert max(first) == 11.0  # the lines; the titles are 10 pt
    for table in tables[1:]:
        assert fragment_sizes(table) == first


def test_after_an_update_or_a_rebuild_the_help_reads_from_its_top(qtbot):
    model, panel, transport = open_ledger_stage(qtbot, WindowScorerLesson(), (380, 300))
    transport.lr_box.setValue(0.01)
    bar = panel.text_area.verticalScrollBar()
    key(qtbot, panel, Qt.Key.Key_Right, len(model.trace.steps))
    assert bar.value() == bar.maximum() > 0
    key(qtbot, panel, Qt.Key.Key_U)
    assert model.stepper.cycle == 1 and "How to read the ledger" in panel.plain_text()
    assert bar.maximum() > 0 and bar.value() == 0
    key(qtbot, panel, Qt.Key.Key_Right, len(model.trace.steps))
    model.set_lesson(WindowScorerLesson())  # the settings' Apply: the lesson rebuilt
    assert bar.value() == 0


def test_a_seek_to_the_end_of_a_long_pass_sets_only_the_latest_entries(qtbot):
    from bpviz.app.ledger_panel import SHOWN_ENTRIES
    model, panel = make_panel(qtbot, ExpressionLesson("+".join(["x*x"] * 60), {"x": 0.5}))
    model.seek(len(model.trace.steps))
    backward = len(panel.view.entries)
    assert backward > 2 * SHOWN_ENTRIES
    assert len(panel._tables()) == panel.shown_entries == SHOWN_ENTRIES
    lines = panel.plain_text().splitlines()
    assert lines[1] == f"▲ {backward - SHOWN_ENTRIES} earlier steps: scroll up to show them"
    assert lines[2].startswith(f"backward {backward - SHOWN_ENTRIES + 1}/{backward}")
    model.back()  # one step back and on: still one entry removed, one appended
    assert panel.shown_entries == SHOWN_ENTRIES - 1
    model.step()
    assert panel.shown_entries == SHOWN_ENTRIES


def test_scrolling_to_the_top_adds_the_earlier_entries_where_they_belong(qtbot):
    model, panel = make_panel(qtbot, ExpressionLesson("+".join(["x*x"] * 60), {"x": 0.5}))
    model.seek(len(model.trace.steps))
    bar = panel.text_area.verticalScrollBar()
    entries = panel.view.entries
    while panel.shown_entries < len(entries):
        before = panel.shown_entries
        bar.setValue(bar.minimum())  # the user scrolls up to the note
        assert panel.shown_entries > before
        assert bar.value() > bar.minimum()  # what was on screen stays there
    text = one_line(panel.plain_text())
    assert "earlier step" not in text
    positions = [text.index(f"{entry.position}  ·  {entry.title.plain}") for entry in entries]
    assert positions == sorted(positions)  # every entry, in the pass's order
    for entry in entries:
        for line in entry.lines + entry.sums:
            assert line.text in text


def test_a_text_is_glued_once_however_often_its_entry_comes_back():
    from bpviz.app.ledger_panel import glued_text

    text = "∂s/∂x = (∂J/∂x)[0:4] · a / b"
    first = glued_text(text)
    hits = glued_text.cache_info().hits
    assert glued_text(text) is first
    assert glued_text.cache_info().hits == hits + 1
