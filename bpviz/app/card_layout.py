"""Where everything sits on a node's card, from what it will show: title and caption,
value, gradient and the lines of a gradient sum. Pure geometry, measured with the fonts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFontMetricsF

from bpviz.app.cells import cells_size
from bpviz.app.circuit_style import (
    LINE_GAP, META_FONT_PT, NUMBER_FONT_PT, PADDING, SIDE_BY_SIDE, SMALL_FONT_PT, TITLE_FONT_PT,
    font,
)
from bpviz.app.circuit_text import array_sum_terms, caption_text, wrap_terms

TITLE_GAP = 7.0      # between the title and its caption on one line
SUM_MIN_WIDTH = 96.0  # a sum may widen a narrow card to this before it wraps


@dataclass(frozen=True)
class CardLayout:
    """Positions (card coordinates) of a card's parts; None for a part it does not have."""

    width: float
    height: float
    title: tuple[float, float]
    meta: tuple[float, float]
    value: tuple[float, float]
    grad: tuple[float, float] | None
    sum: tuple[float, float] | None
    sum_width: float
    sum_lines: int

    def holds(self, other: CardLayout) -> bool:
        """Whether `other`'s content fits in this card without moving anything."""
        return (other.width <= self.width and other.height <= self.height
                and other.sum_lines <= self.sum_lines and other.value == self.value
                and other.grad == self.grad)


def _metrics(points: float, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(points, bold))


def card_layout(facts) -> CardLayout:
    """The layout of the card for `facts` (a NodeFacts)."""
    info = facts.info
    title, meta = _metrics(TITLE_FONT_PT, bold=True), _metrics(META_FONT_PT)
    title_w = title.horizontalAdvance(facts.heading)
    meta_w = meta.horizontalAdvance(caption_text(info))
    title_h = title.height()
    if info.shape == ():
        return _scalar_card(facts, title_w, meta_w, title_h)
    cells_w, cells_h = cells_size(info.shape)
    grad_h = (LINE_GAP + 1 + cells_h) if facts.receives_grad else 0.0
    if cells_w <= SIDE_BY_SIDE:
        # Title over caption on the left, the two short strips on the right.
        head_w = max(title_w, meta_w)
        left = PADDING + head_w + TITLE_GAP
        body_h = max(title_h + meta.height(), cells_h + grad_h)
        return _with_sum(facts, head_w + TITLE_GAP + cells_w, PADDING + body_h,
                         (PADDING, PADDING), (PADDING, PADDING + title_h), (left, PADDING),
                         (left, PADDING + cells_h + LINE_GAP + 1) if facts.receives_grad else None)
    one_line = title_w + TITLE_GAP + meta_w <= cells_w
    meta_pos = ((PADDING + title_w + TITLE_GAP, PADDING + title_h - meta.height() - 1)
                if one_line else (PADDING, PADDING + title_h))
    y = PADDING + title_h + (0 if one_line else meta.height()) + LINE_GAP
    inner_w = max(cells_w, title_w + TITLE_GAP + meta_w if one_line else max(title_w, meta_w))
    grad = (PADDING, y + cells_h + LINE_GAP + 1) if facts.receives_grad else None
    return _with_sum(facts, inner_w, y + cells_h + grad_h, (PADDING, PADDING), meta_pos,
                     (PADDING, y), grad)


def _with_sum(facts, inner_w: float, bottom: float, title, meta, value, grad) -> CardLayout:
    """Add the lines of an array's gradient sum under the rest, if it has one."""
    sum_pos, lines, sum_w = None, 0, inner_w
    if grad is not None and facts.fan_out > 1 and facts.widest_grad_sources:
        small = _metrics(SMALL_FONT_PT)
        terms = array_sum_terms(facts.widest_grad_sources)
        sum_w = max(inner_w, min(SUM_MIN_WIDTH, small.horizontalAdvance(" ".join(terms))),
                    *(small.horizontalAdvance(term) + small.horizontalAdvance("  ")
                      for term in terms))
        lines = len(wrap_terms(terms, small.horizontalAdvance, sum_w))
        sum_pos = (PADDING, bottom + LINE_GAP)
        bottom += LINE_GAP + lines * small.height()
    width = max(inner_w, sum_w)
    return CardLayout(width + 2 * PADDING, bottom + PADDING, title, meta, value, grad, sum_pos,
                      sum_w, lines)


def _scalar_card(facts, title_w: float, meta_w: float, title_h: float) -> CardLayout:
    """A scalar: title and caption, its value in bold, its gradient line."""
    number, grad_font = _metrics(NUMBER_FONT_PT, bold=True), _metrics(NUMBER_FONT_PT)
    meta = _metrics(META_FONT_PT)
    numbers_w = max(number.horizontalAdvance(facts.widest_value or "?"),
                    grad_font.horizontalAdvance(facts.widest_grad) + 2
                    if facts.receives_grad else 0)
    one_line = title_w + TITLE_GAP + meta_w <= max(numbers_w, 60.0)
    meta_pos = ((PADDING + title_w + TITLE_GAP, PADDING + title_h - meta.height() - 1)
                if one_line else (PADDING, PADDING + title_h))
    y = PADDING + title_h + (0 if one_line else meta.height())
    inner_w = max(numbers_w, title_w + TITLE_GAP + meta_w if one_line else max(title_w, meta_w))
    grad = (PADDING, y + number.height() + 1) if facts.receives_grad else None
    bottom = y + number.height() + (grad_font.height() + 1 if facts.receives_grad else 0)
    return CardLayout(inner_w + 2 * PADDING, bottom + PADDING, (PADDING, PADDING), meta_pos,
                      (PADDING, y), grad, None, inner_w, 0)
