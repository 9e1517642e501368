"""The chain-rule ledger panel: `downstream = upstream × local` written out at every step.

It only lays out what `bpviz.lessons.ledger` wrote from the trace; it computes nothing.
"""

from __future__ import annotations

import functools
import html

from PySide6.QtGui import (
    QColor, QFont, QFontMetrics, QPainter, QPalette, QTextBlock, QTextCharFormat, QTextCursor,
    QTextDocument, QTextOption, QTextTable,
)
from PySide6.QtCore import QTextBoundaryFinder, QTimer
from PySide6.QtWidgets import QTextEdit, QVBoxLayout, QWidget

from bpviz.app.presentation import scaled_points
from bpviz.app.rich_html import rich_html
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import LIGHT, Theme
from bpviz.lessons.ledger import (
    BACKWARD, FORWARD, Ledger, LedgerEntry, LedgerLine, LedgerView, update_for_cycle,
)
from bpviz.lessons.practice_hiding import view_without
from bpviz.lessons.rich_text import Rich

MONO = "'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace"
SANS = "'DejaVu Sans', 'Segoe UI', sans-serif"
ONE_ROW = 36     # a right side up to this many characters stays on one row
STACK_INDENT = 16  # a left side set on its own row: how far its `= …` rows are indented
ROW_CHROME = 40    # the accent bar, the `=` column and the cells' padding, in pixels
MIN_RIGHT_SIDE = 140  # narrower than this, a right side reads a number a line: stack instead
RELAYOUT_MS = 120  # after a resize, lay the entries out again once it settles
# A jump (a seek, a new layout) sets only the latest entries, more than any panel shows;
# scrolling to the top adds the earlier ones, this many at a time. A pass of 1,000 steps
# took seconds to set whole, almost all of it out of sight.
SHOWN_ENTRIES = 30
PHASE_HEADINGS = {
    FORWARD: "Forward pass · each node computes its value from its inputs",
    BACKWARD: "Backward pass · downstream = upstream × local",
}

ACCENT_BAR = 6  # pixels: the active entry's accent bar, at its left
BODY_FONT = ("DejaVu Sans", 11)  # the body's font: entries appended later get it too
WORD_JOINER = "\u2060"  # invisible; no line may break where it stands
_BAR = "<td width='4'></td>"  # the active entry's accent bar
_EQUALS = "<td class='math' align='center' width='22'>=</td>"


def _mix(theme: Theme, colour: str, amount: float) -> str:
    """`colour` laid over the background at `amount` opacity, as #rrggbb."""
    base, top = QColor(theme.background), QColor(colour)
    blend = [round(b + (t - b) * amount) for b, t in
             zip(base.getRgb()[:3], top.getRgb()[:3])]
    return QColor(*blend).name()


def _style_sheet(theme: Theme) -> str:
    return f"""
        body {{ font-family: {SANS}; font-size: 11pt; color: {theme.text}; }}
        .phase {{ color: {theme.muted}; font-size: 10pt; }}
        .hint {{ color: {theme.text}; }}
        .update {{ color: {theme.text}; font-family: {MONO}; }}
        .title {{ color: {theme.text}; font-size: 10pt; font-weight: bold; }}
        .math {{ font-family: {MONO}; }}
        .shape {{ color: {theme.muted}; }}
        .grad {{ color: {theme.gradient}; }}
        .value {{ color: {theme.forward}; }}
        .upstream {{ color: {theme.muted}; font-size: 10pt; padding-left: 16px; }}
        .note {{ color: {theme.muted}; font-style: italic; font-size: 10pt; }}
    """


class LedgerText(QTextEdit):
    """The ledger's text, its last table (the active entry) drawn on a tinted background
    with an accent bar. Painted under the text, not set in the document: formatting the
    table's cells made Qt lay the table out again twice a step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.active_colours: tuple[QColor, QColor] | None = None  # (accent, background)

    def set_active_colours(self, colours: tuple[QColor, QColor] | None) -> None:
        """Tint the last table (None: no active entry) and repaint."""
        self.active_colours = colours
        self.viewport().update()

    def active_rect(self):
        """The last table's rectangle in the viewport, or None."""
        frames = self.document().rootFrame().childFrames()
        if self.active_colours is None or not frames or not isinstance(frames[-1], QTextTable):
            return None
        rect = self.document().documentLayout().frameBoundingRect(frames[-1])
        return rect.translated(-self.horizontalScrollBar().value(),
                               -self.verticalScrollBar().value())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's)
        rect = self.active_rect()
        if rect is not None and rect.intersects(event.rect().toRectF()):
            accent, background = self.active_colours
            painter = QPainter(self.viewport())
            painter.fillRect(rect, background)
            painter.fillRect(rect.adjusted(0, 0, ACCENT_BAR - rect.width(), 0), accent)
            painter.end()
        super().paintEvent(event)


class LedgerPanel(QWidget):
    """A read-only rich-text ledger of the current pass; the active step is highlighted.

    Stepping one step on or back appends or removes one entry's table instead of laying
    out the whole history again, so a step stays well under a frame. A jump sets the last
    SHOWN_ENTRIES entries; the earlier ones are added as the user scrolls up to them.
    """

    def __init__(self, model: StageModel, theme: Theme = LIGHT,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.theme = theme
        self._ledger: Ledger | None = None
        self.view: LedgerView | None = None
        self.hidden_grads: frozenset[int] = frozenset()  # practice asks for these: "?"
        self.text_area = LedgerText()  # the dock's title names the panel; no heading here
        self.text_area.setReadOnly(True)
        # Two documents, the panel's own: the pass's entries, and the help shown at a pass's
        # start, kept laid out so that going back to the start shows it at once.
        self._entries, self._help = QTextDocument(self), QTextDocument(self)
        self._help_html: str | None = None  # what the help document holds
        self.text_area.setDocument(self._entries)
        # An entry appended after the first layout is set without the <body> style: it
        # takes the document's default font, which must be the body's (not the app's 9 pt).
        self._entries.setDefaultFont(QFont(*BODY_FONT))
        # Break lines only where a word may end, never inside a number or a name (a token
        # wider than its column widens the table instead: the panel scrolls sideways).
        self.text_area.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_area)
        self._laid_out_width = 0  # the text width the entries on show were laid out for
        self._first_shown = 0  # the view's first entry in the document (earlier ones wait)
        self.text_area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(RELAYOUT_MS)
        self._relayout.timeout.connect(self._lay_out_again)
        model.position_changed.connect(self.refresh)
        model.lesson_changed.connect(self.refresh)
        self.set_theme(theme)

    zoom = 1.0  # the presentation zoom: every font size of the ledger times this

    def set_zoom(self, factor: float) -> None:
        """Set the ledger's fonts `factor` times their size and lay it out again."""
        if factor != self.zoom:  # the same size: nothing to lay out again
            self.zoom = factor
            self.set_theme(self.theme)

    def set_theme(self, theme: Theme) -> None:
        """Recolour the panel for `theme`."""
        self.theme = theme
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(theme.panel))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.text_area.setStyleSheet(
            f"QTextEdit {{ background: {theme.background}; color: {theme.text}; "
            f"border: 1px solid {theme.edge}; border-radius: 4px; }}")
        family, size = BODY_FONT
        for document in (self._entries, self._help):
            document.setDefaultStyleSheet(scaled_points(_style_sheet(theme), self.zoom))
            document.setDefaultFont(QFont(family, round(size * self.zoom)))
        self.view, self._help_html = None, None  # lay everything out again in the new colours
        self.refresh()

    def set_hidden_grads(self, node_ids: frozenset[int]) -> None:
        """Write these nodes' gradients (and the parts arrived so far) as "?"."""
        if node_ids != self.hidden_grads:
            self.hidden_grads = frozenset(node_ids)
            self.view = None  # lay everything out again, the lines answered now shown
            self.refresh()

    def ledger(self) -> Ledger:
        """The ledger of the trace on stage, built once per trace."""
        trace = self.model.trace
        if self._ledger is None or self._ledger.trace is not trace:
            self._ledger = Ledger(trace, self.model.lesson.output)
        return self._ledger

    def refresh(self) -> None:
        """Show the ledger at the model's position, scrolled to the active step."""
        stepper = self.model.stepper
        shown, view = self.view, view_without(self.ledger().view(
            self.model.index, update_for_cycle(stepper.updates, stepper.cycle)),
            self.hidden_grads)
        self.view = view
        bar = self.text_area.verticalScrollBar()
        bar.blockSignals(True)  # the document is changing: no earlier entries for now
        if not view.entries:  # a pass's start: the help, set again only if it changed
            help_html = self._html(view)
            if help_html != self._help_html:
                self._help.setHtml(help_html)
                self._help_html = help_html
        elif _one_more(shown, view):
            self._append(view.entries[-1])
        elif _one_more(view, shown) and len(shown.entries) - self._first_shown > 1:
            self._remove_last()
        else:
            self._laid_out_width = self._text_width()
            self._first_shown = max(0, len(view.entries) - SHOWN_ENTRIES)
            self._entries.setHtml(self._html(view))  # before it is shown: laid out once
        shown_document = self._entries if view.entries else self._help
        if self.text_area.document() is not shown_document:
            self.text_area.setDocument(shown_document)
        self.text_area.set_active_colours(self._active_colours() if view.entries else None)
        if view.entries:
            bar.setValue(bar.maximum())  # the active step is the last one shown
        else:
            bar.setValue(0)  # the start of a pass: the help reads from its top
        bar.blockSignals(False)

    @property
    def shown_entries(self) -> int:
        """How many of the view's entries the document holds (the latest ones)."""
        return len(self.view.entries) - self._first_shown if self.view else 0

    def show_earlier(self) -> None:
        """Add up to SHOWN_ENTRIES entries before the first one shown, keeping what is on
        screen where it is (the user is scrolling up to them)."""
        if self.view is None or self._first_shown == 0:
            return
        start = max(0, self._first_shown - SHOWN_ENTRIES)
        bar = self.text_area.verticalScrollBar()
        document = self.text_area.document()
        height, value = document.size().height(), bar.value()
        note = document.findBlockByNumber(1)  # under the phase's heading, over the entries
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        cursor.setPosition(note.position())
        cursor.setPosition(note.position() + note.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertHtml(self._earlier_note(start)
                          + "".join(self._entry_html(entry)
                                    for entry in self.view.entries[start:self._first_shown]))
        cursor.endEditBlock()
        self._first_shown = start
        bar.blockSignals(True)
        bar.setValue(value + round(document.size().height() - height))
        bar.blockSignals(False)

    def _scrolled(self, value: int) -> None:
        if value == self.text_area.verticalScrollBar().minimum():
            self.show_earlier()

    def plain_text(self) -> str:
        """What the panel shows, as plain text: one line per table row, its cells joined by
        spaces, subscripts written back as `s_c`."""
        lines = []
        frames = self.text_area.document().rootFrame().begin()
        while not frames.atEnd():
            table, block = frames.currentFrame(), frames.currentBlock()
            if isinstance(table, QTextTable):
                lines.extend(_table_lines(table))
            elif block.isValid() and block.text().strip():
                lines.append(_block_text(block))
            frames += 1
        return "\n".join(lines)

    # ------------------------------------------------------------ the document

    def _tables(self) -> list[QTextTable]:
        return [frame for frame in self._entries.rootFrame().childFrames()
                if isinstance(frame, QTextTable)]

    def _append(self, entry: LedgerEntry) -> None:
        cursor = QTextCursor(self._entries)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(self._entry_html(entry))

    def _remove_last(self) -> None:
        table = self._tables()[-1]
        cursor = QTextCursor(self._entries)
        cursor.setPosition(table.firstPosition() - 1)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()

    def _active_colours(self) -> tuple[QColor, QColor]:
        """The active entry's accent bar and background: the phase's colour, and a tint of it."""
        accent = QColor(self.theme.forward if self.view.phase == FORWARD
                        else self.theme.gradient)
        return accent, QColor(_mix(self.theme, accent.name(), 0.10))

    # ------------------------------------------------------------ rich text

    def _html(self, view: LedgerView) -> str:
        if not view.entries:
            parts = []
            if view.update:
                parts.append(f"<p class='update'><b>Update</b> &nbsp; {html.escape(view.update)}"
                             "</p>")
            parts.append("<p class='phase'>How to read the ledger</p><ul class='hint'>")
            parts.extend(f"<li style='margin-bottom: 6px'>{rich_html(line)}</li>"
                         for line in view.hint)
            parts.append("</ul>")
            return "<body>" + "".join(parts) + "</body>"
        tables = "".join(self._entry_html(entry) for entry in view.entries[self._first_shown:])
        return (f"<body><p class='phase'>{html.escape(PHASE_HEADINGS[view.phase])}</p>"
                f"{self._earlier_note(self._first_shown)}{tables}</body>")

    @staticmethod
    def _earlier_note(earlier: int) -> str:
        """The line over the first entry shown: how many earlier ones scrolling up adds."""
        if not earlier:
            return "<p class='note'></p>"
        steps = "step" if earlier == 1 else "steps"
        return f"<p class='note'>▲ {earlier:,} earlier {steps}: scroll up to show them</p>"

    @staticmethod
    def _lhs_width(entry: LedgerEntry) -> int:
        """Pixels for the entry's left-hand sides, so its lines align on `=` and leave the
        right-hand sides as much of a narrow dock as they can have."""
        metrics = QFontMetrics(QFont("DejaVu Sans Mono", 11))
        sides = [line.lhs.plain for line in entry.lines + entry.sums if not line.prose]
        return max((metrics.horizontalAdvance(side) for side in sides), default=0) + 12

    @staticmethod
    def _widest_token(entry: LedgerEntry) -> int:
        """Pixels of the widest unbreakable piece of the entry's right-hand sides."""
        metrics = QFontMetrics(QFont("DejaVu Sans Mono", 11))
        tokens = [token for line in entry.lines + entry.sums if not line.prose
                  for part in line.parts
                  for token in glued_text(part.plain).replace(WORD_JOINER, "").split(" ")]
        return max((metrics.horizontalAdvance(token) for token in tokens), default=0)

    def _text_width(self) -> int:
        """The width the document's text is laid out in, in pixels, the scroll bar counted
        as shown (whether it shows depends on this very layout)."""
        area = self.text_area
        margin = area.document().documentMargin()
        scroll_bar = area.verticalScrollBar().sizeHint().width()
        return max(0, area.width() - 2 * area.frameWidth() - scroll_bar - round(2 * margin))

    def _lay_out_again(self) -> None:
        if self._text_width() != self._laid_out_width:
            self.view = None
            self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout.start()  # whether a long left side gets a row of its own may change

    def _entry_html(self, entry: LedgerEntry) -> str:
        """One entry as its own table: title, upstream, lines, sums, notes."""
        rows = [f"<tr>{_BAR}<td colspan='3' class='title' style='padding-top: 6px'>"
                f"{html.escape(entry.position)} &nbsp;·&nbsp; "
                f"<span class='math'>{rich_html(entry.title)}</span></td></tr>"]
        if entry.upstream:
            rows.append(f"<tr>{_BAR}<td colspan='3' class='upstream'>upstream &nbsp;"
                        f"<span class='math'>{rich_html(glued(entry.upstream))}</span></td></tr>")
        value_class = "value" if entry.phase == FORWARD else "grad"
        width = self._lhs_width(entry)
        # Where the right-hand sides would not fit beside the left sides (their widest
        # number, or a few numbers a line), each left side gets a row of its own and its
        # `= …` rows the width under it.
        right_side = max(self._widest_token(entry), MIN_RIGHT_SIDE)
        stacked = width + right_side + ROW_CHROME > self._laid_out_width
        for line in entry.lines:
            rows.extend(_line_rows(line, width, value_class, is_sum=False, stacked=stacked))
        for line in entry.sums:
            rows.extend(_line_rows(line, width, value_class, is_sum=True, stacked=stacked))
        for note in entry.notes:
            rows.append(f"<tr>{_BAR}<td colspan='3' class='note' style='padding-left: 16px'>"
                        f"{rich_html(note, shapes=False)}</td></tr>")
        return ("<table width='100%' cellspacing='0' cellpadding='2' style='margin-top: 4px'>"
                + "".join(rows) + "</table>")


def _block_text(block: QTextBlock) -> str:
    """A block's text with subscripts written as `_c` and no-break spaces as spaces."""
    parts = []
    fragments = block.begin()
    while not fragments.atEnd():
        fragment = fragments.fragment()
        subscript = (fragment.charFormat().verticalAlignment()
                     == QTextCharFormat.VerticalAlignment.AlignSubScript)
        parts.append(("_" if subscript else "") + fragment.text())
        fragments += 1
    return "".join(parts).replace("\u00a0", " ").replace(WORD_JOINER, "")


def _table_lines(table: QTextTable) -> list[str]:
    """Each row of a ledger table as one line, its non-empty cells joined by spaces."""
    lines = []
    for row in range(table.rows()):
        cells = []
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            if cell.row() != row or cell.column() != column:
                continue  # a cell spanning several columns is read once
            blocks = cell.begin()
            texts = []
            while not blocks.atEnd():
                texts.append(_block_text(blocks.currentBlock()))
                blocks += 1
            text = " ".join(texts).strip()
            if text:
                cells.append(text)
        if cells:
            lines.append(" ".join(cells))
    return lines


def _one_more(shorter: LedgerView | None, longer: LedgerView | None) -> bool:
    """Whether `longer` is `shorter` with one more entry (the same entry objects)."""
    if shorter is None or longer is None or not shorter.entries:
        return False
    return (longer.phase == shorter.phase and len(longer.entries) == len(shorter.entries) + 1
            and all(a is b for a, b in zip(shorter.entries, longer.entries)))


def _line_rows(line: LedgerLine, lhs_width: int, value_class: str, is_sum: bool,
               stacked: bool = False) -> list[str]:
    """`lhs = symbolic = numbers = result`, aligned on the first `=`; a long right side
    continues on a second row under it. `stacked`: the left side on a row of its own, the
    right side's rows under it, indented."""
    if line.prose:
        return [f"<tr>{_BAR}<td colspan='3' class='math' style='padding-left: 16px'>"
                f"<span class='{value_class}'>{rich_html(line.prose)}</span></td></tr>"]
    lhs = f"<span class='{value_class}'>{rich_html(line.lhs)}</span>"
    if is_sum:
        lhs = f"<b>{lhs}</b>"
    result = (f"<b class='{value_class}'>{html.escape(glued_text(line.result))}</b>"
              if line.result else "")
    parts = [rich_html(glued(line.symbolic))] if line.symbolic else []
    parts += [html.escape(glued_text(line.numeric))] if line.numeric else []
    parts += [result] if result else []
    plain = " = ".join(part.plain for part in line.parts)
    if len(plain) <= ONE_ROW or len(parts) == 1:
        right = [" = ".join(parts)]
    else:
        right = [parts[0], " = ".join(parts[1:])]
    if stacked:
        rows = [f"<tr>{_BAR}<td colspan='3' class='math' style='white-space: pre'>{lhs}</td></tr>"]
        rows += [f"<tr>{_BAR}<td width='{STACK_INDENT}'></td>{_EQUALS}<td class='math'>{side}</td>"
                 "</tr>" for side in right]
        return rows
    rows = [f"<tr>{_BAR}<td align='right' class='math' width='{lhs_width}' "
            f"style='white-space: pre'>{lhs}</td>{_EQUALS}<td class='math'>{right[0]}</td></tr>"]
    if len(right) > 1:
        rows.append(f"<tr>{_BAR}<td></td>{_EQUALS}<td class='math'>{right[1]}</td></tr>")
    return rows


@functools.lru_cache(maxsize=4096)  # a pass's texts come back with each step back and replay
def glued_text(text: str) -> str:
    """`text` that a narrow column may wrap only at its spaces, never inside a token:
    not after the / of ∂s/∂x, not between (∂J/∂x) and [0:4], not around the / of a / b."""
    text = text.replace(" / ", "\u00a0/\u00a0")
    if any(ord(char) > 0xFFFF for char in text):  # Qt counts these as two: glue everywhere
        return "".join(char + WORD_JOINER if char != " " and following not in " " else char
                       for char, following in zip(text, text[1:] + " "))
    # A joiner only where Qt's line breaking would otherwise allow a break (after a /, a
    # bracket, a minus): a joiner after every character made each entry's table a third
    # slower to lay out.
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, text)
    pieces, start = [], 0
    position = finder.toNextBoundary()
    while 0 < position < len(text):
        if text[position - 1] != " " and text[position] != " ":
            pieces += [text[start:position], WORD_JOINER]
            start = position
        position = finder.toNextBoundary()
    return "".join(pieces) + text[start:]


def glued(text: Rich) -> Rich:
    """Rich text glued as `glued_text` does, across the seams between its runs too."""
    runs = [run for run in text.runs if run[0]]
    glued_runs = []
    for index, (run, role) in enumerate(runs):
        after = runs[index + 1][0][0] if index + 1 < len(runs) else " "
        joined = glued_text(run)
        if run[-1] != " " and after != " ":
            joined += WORD_JOINER  # the next run goes on the same token
        glued_runs.append((joined, role))
    return Rich(tuple(glued_runs))
