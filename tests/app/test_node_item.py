"""A circuit card's tooltips show the user's words as text: a word such as <b>bold</b> is
shown with its brackets, not rendered; after an update a card shows only what the new
pass has reached."""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bpviz.app.circuit_view import CircuitView
from bpviz.app.stage_model import StageModel
from bpviz.app.transport_bar import TransportBar
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.models.window_scorer import WindowConfig

WORDS = ("<img src=x>", "<b>bold</b>", "x&amp;y")


def test_word_cards_name_their_word_literally(qtbot, qt_shows):
    model = StageModel(WindowScorerLesson(WindowConfig(true_window=WORDS,
                                                       corrupt_window=("p", "q", "r"))))
    view = CircuitView(model)
    qtbot.addWidget(view)
    model.seek(len(model.trace.steps))  # values and gradients everywhere
    cards = {card.facts.info.label: card for card in view.node_items().values()
             if card.facts.info.label in WORDS}
    assert set(cards) == set(WORDS)
    for word, card in cards.items():
        shown = qt_shows(card.toolTip())
        assert word in shown, (word, shown)


def open_stage(qtbot, lesson):
    """The circuit view over its transport bar in one window, as the stage lays them out."""
    model = StageModel(lesson)
    window = QWidget()
    view = CircuitView(model)
    view.set_animations_enabled(False)
    transport = TransportBar(model)
    layout = QVBoxLayout(window)
    layout.addWidget(view, 1)
    layout.addWidget(transport)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    view.window_ = window  # kept alive with the view
    return model, view, transport


def type_learning_rate(qtbot, transport, text: str) -> None:
    field = transport.lr_box.lineEdit()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_after_an_update_cards_the_new_pass_has_not_reached_show_no_old_numbers(
        qtbot, save_screenshot):
    model, view, transport = open_stage(qtbot, WindowScorerLesson())
    type_learning_rate(qtbot, transport, "0.01")
    assert transport.learning_rate == 0.01
    view.setFocus()
    for _ in range(len(model.trace.steps)):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert model.stepper.at_end
    cards = {card.facts.info.label: card for card in view.node_items().values()}
    assert cards["J"].value_text() == "0.8249" and cards["s_c"].grad_text()
    qtbot.keyClick(view, Qt.Key.Key_U)
    assert model.stepper.cycle == 1 and model.index == 0
    assert 0 < model.trace.output_value < 0.8249  # the hinge is still active: J fell a little
    for label in ("J", "s", "s_c"):
        assert cards[label].value_text() == "?", label
    for label, card in cards.items():  # no gradient is known at the start of a pass
        if card.is_scalar:
            assert card.grad_text() == "", (label, card.grad_text())
        elif card.grad_cells is not None:
            assert card.grad_cells.array is None, label
            assert not any(arrived for _, arrived in card.sum_terms), label
        if card.shown_value() is None:
            assert card.dimmed and (card.is_scalar or card.value_cells.array is None), label
    save_screenshot(view.window(), "stage_pass_2_start")


def test_the_softmax_classifiers_loss_card_lists_y_hat_and_the_target(qtbot, save_screenshot):
    """The J card of the softmax window classifier names each class, marks the target and,
    once the forward pass reaches J, writes the ŷ the loss recorded, as the neuron view does."""
    from bpviz.lessons.model_lessons import WindowClassifierLesson

    model, view, _transport = open_stage(qtbot, WindowClassifierLesson())
    trace = model.trace
    card = view.node_items()[trace.output]
    lines = {label.text().split()[0]: label for label in card.class_labels}
    assert set(lines) == {"PER", "LOC", "ORG", "NONE"}
    assert lines["LOC"].text() == "LOC  ◂ target" and lines["LOC"].font().bold()
    assert lines["PER"].text() == "PER" and not lines["PER"].font().bold()
    assert lines["LOC"].brush().color().name() == view.theme.forward.lower()
    view.setFocus()
    for _ in range(trace.forward_count):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    loss_step = next(step for step in trace.steps[trace.forward_count:]
                     if step.node == trace.output)
    y_hat = loss_step.contributions[0].local.parts["ŷ"]
    for k, name in enumerate(("PER", "LOC", "ORG", "NONE")):
        assert lines[name].text() == (f"{name}  ŷ {y_hat[k]:.2f}"
                                      + ("  ◂ target" if name == "LOC" else ""))
        # Under the card, inside the scene and on screen.
        box = lines[name].sceneBoundingRect()
        assert box.top() > card.sceneBoundingRect().top() + card.layout.height
        assert view.scene().sceneRect().contains(box)
        assert view.viewport().rect().contains(view.mapFromScene(box).boundingRect())
    save_screenshot(view.window(), "classifier_loss_card_y_hat")
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert lines["PER"].text() == "PER" and lines["LOC"].text() == "LOC  ◂ target"
