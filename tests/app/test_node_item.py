"""A circuit card's tooltips show the user's words as text: a word such as <b>bold</b> is
shown with its brackets, not rendered."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, Qt

from bpviz.app.circuit_view import CircuitView
from bpviz.app.stage_model import StageModel
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.models.window_scorer import WindowConfig

WORDS = ("<img src=x>", "<b>bold</b>", "x&amp;y")


def as_qt_shows(tooltip: str) -> str:
    """The text a tooltip shows: Qt reads it as HTML when it might be rich text."""
    if not Qt.mightBeRichText(tooltip):
        return tooltip
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_word_cards_name_their_word_literally(qtbot):
    model = StageModel(WindowScorerLesson(WindowConfig(true_window=WORDS,
                                                       corrupt_window=("p", "q", "r"))))
    view = CircuitView(model)
    qtbot.addWidget(view)
    model.seek(len(model.trace.steps))  # values and gradients everywhere
    cards = {card.facts.info.label: card for card in view.node_items().values()
             if card.facts.info.label in WORDS}
    assert set(cards) == set(WORDS)
    for word, card in cards.items():
        shown = as_qt_shows(card.toolTip())
        assert word in shown, (word, shown)
