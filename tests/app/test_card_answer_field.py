"""The practice answer field lies at the card asked about: clicked where it is drawn and typed
into, Enter answers, Esc leaves it; it follows the circuit as it zooms and pans, and at
1280×720 it is inside the circuit view, not cut, on an expression and on the window scorer.
Nothing on screen gives the asked gradient away before it is answered."""

from __future__ import annotations


import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from bpviz.app.card_answer_field import FIELD_WIDTH, GAP, MARGIN, CardFieldPlacer
from bpviz.app.main_window import MainWindow


@pytest.fixture
def window(open_window) -> MainWindow:
    window = open_window((1280, 720), animations=False)
    return window


def right(qtbot, window, times: int) -> None:
    for _ in range(times):
        qtbot.keyClick(window.circuit_view, Qt.Key.Key_Right)


def field_on_screen(window) -> QLineEdit:
    """The answer field, found by what lies at its centre in the circuit view: it must be
    the topmost widget there, inside the view and drawn whole."""
    field = window.stage_page.practice.panel.field
    viewport = window.circuit_view.viewport()
    assert field.isVisible() and field.parent() is viewport
    assert viewport.rect().contains(field.geometry())
    assert field.visibleRegion().boundingRect() == field.rect()  # nothing cuts it
    assert viewport.childAt(field.geometry().center()) is field
    return field


def click_and_type(qtbot, window, text: str) -> None:
    """Click the field where it is drawn, type `text`, press Enter."""
    field = field_on_screen(window)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=field.rect().center())
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def card_rect(window, node: int) -> QRect:
    view = window.circuit_view
    return view.mapFromScene(view.node_item(node).sceneBoundingRect()).boundingRect()


def near(a: QRect, b: QRect, pixels: int) -> bool:
    return a.adjusted(-pixels, -pixels, pixels, pixels).intersects(b)


def at_card(window, field: QLineEdit, node: int) -> bool:
    """Whether the field touches (within a few pixels) the card or its `= ?` tag, or lies
    a row further out where other cards crowd it."""
    tag = window.stage_page.practice.placer.anchor_rect()
    return near(field.geometry(), card_rect(window, node).united(tag), 12 + field.height() + GAP)


def test_an_expression_is_answered_in_the_field_at_its_card(qtbot, window):
    window.choose_lesson("expression")
    page = window.stage_page
    page.presets.choose("lecture")
    qtbot.mouseClick(page.presets.practise_button, Qt.MouseButton.LeftButton)
    practice = page.practice
    right(qtbot, window, 6)
    question = practice.practice.current
    assert practice.asked_tag == "∂f/∂(x+y) = ?"
    field = field_on_screen(window)
    qtbot.waitUntil(field.hasFocus, timeout=2000)  # the question asked puts the keys in it
    assert at_card(window, field, question.node)
    assert not page.practice.panel.findChildren(QLineEdit)  # the strip has no second field
    click_and_type(qtbot, window, "4/2")
    assert practice.feedback == "correct" and practice.practice.score.first_try == 1
    click_and_type(qtbot, window, "2")  # ∂f/∂max(y,z): × swaps
    assert "× swaps" in practice.feedback
    click_and_type(qtbot, window, "3")
    assert window.model.index == 4  # both answered: the step shows
    assert window.circuit_view.node_item(question.node).grad_text() == "∂f/∂(x+y) = 2"
    nxt = practice.practice.current
    assert at_card(window, field_on_screen(window), nxt.node)


def test_esc_leaves_the_field_and_the_arrows_step_again(qtbot, window):
    window.choose_lesson("expression")
    window.stage_page.practice.set_active(True)
    right(qtbot, window, 6)
    field = field_on_screen(window)
    qtbot.keyClicks(field, "1")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert window.circuit_view.hasFocus() and not field.hasFocus()
    assert field.text() == "1" and field.isVisible()  # left, not lost
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_Left)
    assert window.model.index == 2  # the arrows step the pass again


def test_the_window_scorer_asks_a_shape_then_a_cell_at_the_card(qtbot, window):
    practice = window.stage_page.practice
    assert window.stage_page.entry.key == "window-scorer"
    qtbot.keyClick(window.circuit_view, Qt.Key.Key_P)
    right(qtbot, window, 30)
    asked = practice.practice
    click_and_type(qtbot, window, "-1")  # ∂J/∂s
    click_and_type(qtbot, window, "1")   # ∂J/∂s_c
    question = asked.current
    assert question.name == "∂J/∂h_c"
    field = field_on_screen(window)
    assert field.placeholderText() == "shape: n"  # a vector's form, not its size
    assert at_card(window, field, question.node)
    click_and_type(qtbot, window, "8x1")  # the column the ledger draws is its shape too
    assert practice.feedback == "correct: ∂J/∂h_c is a vector of 8 (8×1 as a column)"
    assert field_on_screen(window).placeholderText() == f"cell [{asked.cell[0]}]"
    click_and_type(qtbot, window, repr(float(question.expected[asked.cell[0]])))
    assert asked.score.first_try == 3
    assert window.circuit_view.node_item(question.node).shown_grad() is not None
    while asked.current.label != "W":
        qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
        right(qtbot, window, 30)
    assert field_on_screen(window).placeholderText() == "shape: m x n"


def wheel(view, notches: int) -> None:
    """Turn the mouse wheel over the middle of the circuit, as a student zooms."""
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_the_field_follows_the_card_as_the_circuit_zooms_and_pans(qtbot, window):
    window.choose_lesson("expression")
    window.stage_page.practice.set_active(True)
    right(qtbot, window, 6)
    view = window.circuit_view
    node = window.stage_page.practice.practice.current.node
    before = field_on_screen(window).geometry()
    wheel(view, 2)  # zoomed in: the card grows and moves
    qtbot.waitUntil(lambda: window.stage_page.practice.panel.field.geometry() != before)
    zoomed = field_on_screen(window).geometry()
    assert at_card(window, field_on_screen(window), node)
    bar = view.horizontalScrollBar()
    assert bar.maximum() > bar.minimum()  # zoomed in, the circuit can be dragged around
    bar.setValue(bar.value() + 40)  # panned
    panned = field_on_screen(window).geometry()
    assert panned != zoomed and at_card(window, field_on_screen(window), node)


def test_a_place_clear_of_the_other_cards_inside_the_view(qtbot):
    from PySide6.QtWidgets import QGraphicsScene, QGraphicsView
    view = QGraphicsView(QGraphicsScene())
    qtbot.addWidget(view)
    view.setFrameShape(QGraphicsView.Shape.NoFrame)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.viewport().rect() == QRect(0, 0, 400, 300)
    placer = CardFieldPlacer(QLineEdit(), view)
    height = placer.field.sizeHint().height()
    anchor, card = QRect(100, 100, 60, 20), QRect(90, 80, 80, 50)
    middle = anchor.center().y() - height // 2
    assert placer.position(anchor, card) == QPoint(anchor.right() + GAP, middle)
    beside = QRect(170, 90, 100, 40)  # a card right of the tag: below the card
    assert placer.position(anchor, card, [beside]) == QPoint(100, card.bottom() + GAP)
    below = QRect(90, 140, 80, 60)  # and one below: above the card
    assert placer.position(anchor, card, [beside, below]) == QPoint(100, 80 - GAP - height)
    edge, at_edge = QRect(340, 100, 40, 20), QRect(330, 30, 60, 250)  # no room right, above
    assert placer.position(edge, at_edge) == QPoint(330 - GAP - FIELD_WIDTH,
                                                    edge.center().y() - height // 2)
    everywhere = [QRect(0, 0, 400, 300)]  # no free place: the first not moved in
    assert placer.position(edge, at_edge, everywhere) == QPoint(330 - GAP - FIELD_WIDTH,
                                                                edge.center().y() - height // 2)
    # Every named place covered: the nearest free place of a finer search, below left.
    tops = [QRect(0, 0, 400, 140), QRect(180, 0, 220, 300)]
    found = QRect(placer.position(anchor, card, tops), QSize(FIELD_WIDTH, height))
    assert not any(found.intersects(top) for top in tops) and near(found, card, 12)
    assert found.bottom() <= 296 and found.left() >= 4  # inside the view


def test_the_outputs_local_factor_is_not_in_the_inspector_while_asked(qtbot, window):
    window.choose_lesson("expression")
    page = window.stage_page
    page.presets.choose("lecture")
    page.practice.set_active(True)
    right(qtbot, window, 6)
    output = window.model.trace.output
    window.model.select(output)
    text = page.inspector.plain_text()
    assert "∂f/∂(x+y) = max(y,z) = 2" not in text  # upstream 1: that would be the answer
    assert "into x+y: ? (kept back until its gradient is answered)" in text
    click_and_type(qtbot, window, "2")
    assert "∂f/∂(x+y) = max(y,z) = 2" in page.inspector.plain_text()


def test_every_question_of_the_window_scorer_has_its_field_whole_at_1280x720(qtbot, window):
    practice = window.stage_page.practice
    practice.set_active(True)
    right(qtbot, window, 30)
    asked = practice.practice
    places = set()
    while not asked.done:
        question = asked.current
        field = field_on_screen(window)  # inside the view, on top, not cut
        at = card_rect(window, question.node).united(practice.placer.anchor_rect())
        # beside the card, or a row further out where the cards lie close
        assert near(field.geometry(), at, 12 + field.height() + GAP), question.name
        places.add((field.x(), field.y()))
        qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
        while not asked.done and not practice.asking():
            right(qtbot, window, 1)
    assert len(places) > 5 and not practice.panel.field.isVisible()


@pytest.mark.parametrize("key", ["window-classifier", "skipgram", "sgns", "glove",
                                 "simple-glove"])
def test_each_matrix_lessons_first_questions_have_the_field_at_their_card(qtbot, window, key):
    window.choose_lesson(key)
    practice = window.stage_page.practice
    practice.set_active(True)
    right(qtbot, window, len(window.model.trace.steps))
    asked = practice.practice
    for _ in range(4):
        if asked.done:
            break
        assert at_card(window, field_on_screen(window), asked.current.node)
        qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
        while not asked.done and not practice.asking():  # on to where the next is asked
            assert not practice.panel.field.isVisible()  # no field while nothing is asked
            right(qtbot, window, 1)


def test_skipgrams_model_tab_keeps_its_dJ_dvc_note_back_until_answered(qtbot, window):
    window.choose_lesson("skipgram")
    practice = window.stage_page.practice
    inspector = window.stage_page.inspector
    note = inspector.data_page.note
    assert "observed minus expected" in note.text()
    practice.set_active(True)
    assert note.text().startswith("?") and "observed" not in note.text()
    right(qtbot, window, len(window.model.trace.steps))
    asked = practice.practice
    while not asked.done:
        assert asked.current.label == "v_c" or "observed" not in note.text()
        practice.reveal()
        while not asked.done and not practice.asking():
            right(qtbot, window, 1)
    assert "observed minus expected" in note.text()  # every gradient known: shown again
    practice.set_active(False)
    assert "observed minus expected" in note.text()


def test_the_field_covers_no_other_card_at_any_question_at_1280x720(qtbot, window):
    """On every question of the window scorer and the lecture's circuit, the field covers no
    other card and not its own card's name and value."""
    practice = window.stage_page.practice
    view = window.circuit_view
    for lesson in ("window-scorer", "lecture"):
        if lesson == "lecture":
            window.choose_lesson("expression")
            window.stage_page.presets.choose("lecture")
            window.stage_page.presets.load_button.click()
        practice.set_active(True)
        right(qtbot, window, 30)
        asked = practice.practice
        while not asked.done:
            question = asked.current
            field = field_on_screen(window).geometry()
            tag = practice.placer.anchor_rect()
            for node, item in view.node_items().items():
                card = card_rect(window, node)
                if node == question.node:  # its own card: only beside its `= ?` row
                    card.setBottom(tag.top() - 1)
                assert not field.intersects(card), (lesson, question.name, node)
            assert not field.intersects(tag)
            qtbot.mouseClick(practice.panel.reveal_button, Qt.MouseButton.LeftButton)
            while not asked.done and not practice.asking():
                right(qtbot, window, 1)
        practice.set_active(False)
