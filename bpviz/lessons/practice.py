"""Practice mode: the student predicts each gradient of a backward pass before it is shown.

The questions follow the backward pass: one per node, asked at the step where its gradient
∂f/∂node is complete (for a branch, once every path has arrived: the sum). A scalar asks
for its value; a vector or matrix for its shape first, then one cell (or its sign
pattern), then shows the whole. Every expected value is the ledger's; `hint` gives one
factor of the ledger line at a time; a wrong answer is named when it is a common mistake
(see practice_mistakes). The score of a pass counts first-try, corrected and revealed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpviz.engine import BackwardStep, Trace
from bpviz.formatting import shape_text
from bpviz.lessons.ledger import Ledger, LedgerLine
from bpviz.lessons.practice_grading import (
    AnswerError, close, parse_answer, parse_shape, parse_signs, shown, signs_text,
)
from bpviz.lessons.practice_mistakes import (
    DESCRIPTIONS, Arrival, Mistake, forward_values, mistakes_for, shape_matches, shape_mistake,
    which_mistake, which_sign_mistake,
)

SHAPE, CELL, SIGNS, VALUE = "shape", "cell", "signs", "value"
FIRST_TRY, CORRECTED, REVEALED = "first_try", "corrected", "revealed"


@dataclass(frozen=True)
class Question:
    """∂output/∂node, asked at trace step `step_index` (1-based) where it became complete."""

    node: int
    label: str                  # the node's label, as `bpviz trace --json` names it
    name: str                   # `∂f/∂(x+y)`, in the lecture's notation
    expected: np.ndarray
    arrivals: tuple[Arrival, ...]
    step_index: int
    line: LedgerLine | None     # the ledger line whose value this is (the sum for a branch)
    mistakes: tuple[Mistake, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(np.shape(self.expected))

    @property
    def is_branch(self) -> bool:
        """Whether gradients arrive from several places and add up."""
        return len(self.arrivals) > 1

    def stages(self, detail: str = CELL) -> tuple[str, ...]:
        """What is asked in turn: a scalar's value; an array's shape, then `detail`
        (one CELL or the SIGNS pattern), after which the whole is shown."""
        return (VALUE,) if not self.shape else (SHAPE, detail)


@dataclass(frozen=True)
class Feedback:
    """How one answer (or a reveal) went; `finished` when the question is over."""

    question: Question
    stage: str
    correct: bool
    answer: Any
    expected: Any
    mistake: str | None = None   # the kind of a named mistake (see practice_mistakes.KINDS)
    finished: bool = False
    revealed: bool = False

    @property
    def mistake_text(self) -> str:
        """What the named mistake is, in one sentence; "" if none was named."""
        return DESCRIPTIONS[self.mistake] if self.mistake else ""

    @property
    def answer_text(self) -> str:
        """The answer as practice writes it: a shape as 8×20, signs as +-0, else a number."""
        return _written(self.stage, self.answer)

    @property
    def expected_text(self) -> str:
        """What was expected at this stage, written as `answer_text` is."""
        return _written(self.stage, self.expected)

    @property
    def message(self) -> str:
        """One or two sentences for the student, numbers as practice shows them."""
        if self.revealed:
            return f"{self.question.name} = {shown(self.question.expected)}"
        if self.correct:
            text = "correct"
            if self.stage == SHAPE and len(self.question.shape) == 1:
                size = self.question.shape[0]
                text += f": {self.question.name} is a vector of {size} ({size}×1 as a column)"
            if self.finished and self.question.shape:
                text += f": {self.question.name} = {shown(self.question.expected)}"
            return text
        if self.stage == SHAPE and self.mistake is not None:
            given, right = shape_text(self.answer), shape_text(self.expected)
            if len(self.expected) == 1:
                right += f" ({right}×1 as a column)"
            return (f"not {given}: {self.mistake_text}; "
                    f"{self.question.name} is {right}, not {given}")
        return f"not right: {self.mistake_text}" if self.mistake else "not right"


def _written(stage: str, value: Any) -> str:
    if stage == SHAPE:
        return shape_text(value)
    return str(value) if stage == SIGNS else shown(value)


@dataclass
class Score:
    """A pass's tally: answered right first time, right after a wrong try, revealed."""

    first_try: int = 0
    corrected: int = 0
    revealed: int = 0

    @property
    def done(self) -> int:
        return self.first_try + self.corrected + self.revealed

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def practice_questions(trace: Trace, output_name: str | None = None) -> tuple[Question, ...]:
    """One question per node that gets a gradient, in the order the pass completes them."""
    ledger = Ledger(trace, output_name)
    values = forward_values(trace)
    remaining: dict[int, int] = {}
    for step in trace.steps:
        if isinstance(step, BackwardStep):
            for part in step.contributions:
                remaining[part.to] = remaining.get(part.to, 0) + 1
    arrived: dict[int, list[Arrival]] = {}
    questions = []
    for index, step in enumerate(trace.steps, 1):
        if not isinstance(step, BackwardStep):
            continue
        for part in step.contributions:
            arrived.setdefault(part.to, []).append(Arrival(step, part))
            remaining[part.to] -= 1
            if remaining[part.to] == 0:
                arrivals = tuple(arrived[part.to])
                line = _line_for(ledger, index, part.to)
                questions.append(Question(
                    part.to, trace.node(part.to).label, ledger.names.gradient(part.to).plain,
                    np.asarray(part.accumulated, dtype=float), arrivals, index, line,
                    mistakes_for(trace, part.to, arrivals, values)))
    return tuple(questions)


def _line_for(ledger: Ledger, index: int, target: int) -> LedgerLine | None:
    """The ledger line of step `index` that gives the target's whole gradient."""
    entry = ledger.entries[index - 1]
    for lines in (entry.sums, entry.lines):
        found = [line for line in lines if line.target == target]
        if found:
            return found[-1]
    return None


@dataclass
class _State:
    """Where the student is within one question."""

    stage_index: int = 0
    wrong: int = 0
    hints: int = 0


class Practice:
    """One pass of practice over a trace: the current question, its stage, the score.

    `detail` is what an array asks after its shape: CELL (one cell, chosen by `rng` or,
    without one, the cell of largest magnitude) or SIGNS (the sign of every cell).
    """

    def __init__(self, trace: Trace, output_name: str | None = None, detail: str = CELL,
                 rng: np.random.Generator | None = None) -> None:
        if detail not in (CELL, SIGNS):
            raise ValueError(f"detail must be {CELL!r} or {SIGNS!r}")
        self.trace = trace
        self.detail = detail
        self.rng = rng
        self.questions = practice_questions(trace, output_name)
        self.position = 0
        self.score = Score()
        self.outcomes: list[str] = []
        self._state = _State()
        self._cell = self._choose_cell()

    @property
    def current(self) -> Question | None:
        """The question being asked; None once the pass is done."""
        return self.questions[self.position] if self.position < len(self.questions) else None

    @property
    def done(self) -> bool:
        return self.current is None

    def hidden(self) -> frozenset[int]:
        """The nodes whose gradient the stage still hides: asked now or later."""
        return frozenset(question.node for question in self.questions[self.position:])

    def blocks(self, step_index: int) -> bool:
        """Whether the stage must wait before showing trace step `step_index` (1-based):
        a gradient that step completes has not been answered or revealed yet."""
        return any(question.step_index <= step_index
                   for question in self.questions[self.position:])

    @property
    def stage(self) -> str | None:
        question = self.current
        return question.stages(self.detail)[self._state.stage_index] if question else None

    @property
    def cell(self) -> tuple[int, ...] | None:
        """The cell asked at the CELL stage (row, column for a matrix)."""
        return self._cell

    def prompt(self) -> str:
        """What is asked now: `∂f/∂(x+y) = ?`, `shape of ∂J/∂W?`, `∂J/∂W[2, 5] = ?`."""
        question, stage = self.current, self.stage
        if question is None:
            return ""
        if stage == SHAPE:
            return f"shape of {question.name}?"
        if stage == CELL:
            return f"{question.name}[{', '.join(map(str, self._cell))}] = ? (counting from 0)"
        if stage == SIGNS:
            return f"signs of {question.name} ({question.expected.size} of +, -, 0)?"
        return f"{question.name} = ?"

    def answer(self, text: Any) -> Feedback:
        """Grade an answer to the current stage; AnswerError if it cannot be read (no try
        counted). A right answer moves on; a wrong one stays, to try again or reveal."""
        question, stage = self._asked()
        grade = {SHAPE: self._shape, SIGNS: self._signs}.get(stage, self._number)
        given, expected, correct, mistake = grade(question, stage, text)
        if not correct:
            self._state.wrong += 1
            return Feedback(question, stage, False, given, expected, mistake)
        finished = self._advance_stage()
        return Feedback(question, stage, True, given, expected, finished=finished)

    def _shape(self, question: Question, stage: str, text: Any) -> tuple:
        given = parse_shape(str(text))
        correct = shape_matches(given, question.shape)
        return given, question.shape, correct, None if correct else shape_mistake(
            given, question.shape)

    def _signs(self, question: Question, stage: str, text: Any) -> tuple:
        given = parse_signs(str(text), question.expected.size)
        expected = np.sign(question.expected).ravel()
        correct = bool(np.array_equal(given, expected))
        mistake = None if correct else which_sign_mistake(given, question.mistakes)
        return signs_text(given), signs_text(expected), correct, _kind(mistake)

    def _number(self, question: Question, stage: str, text: Any) -> tuple:
        if isinstance(text, str) and _reads_as_shape(text):  # 8x20 where a number is asked
            asked = "a cell" if stage == CELL else question.name
            raise AnswerError(f"{asked} is a single number (a scalar), not a shape such as "
                              f"{text.strip()!r}; answer with its value")
        given = parse_answer(text)
        cell = self._cell if stage == CELL else None
        expected = float(question.expected[cell] if cell is not None else question.expected)
        correct = close(given, expected)
        mistake = None if correct else which_mistake(np.asarray(given), question.mistakes, cell)
        return given, expected, correct, _kind(mistake)

    def hint(self) -> str | None:
        """The next factor of the ledger line, `∂f/∂(x+y) = 2`; None when all are shown."""
        question, _ = self._asked()
        factors = question.line.factors if question.line is not None else ()
        if self._state.hints >= len(factors):
            return None
        factor = factors[self._state.hints]
        self._state.hints += 1
        return f"{factor.name} = {shown(factor.value)}"

    def hints_left(self) -> int:
        question, _ = self._asked()
        factors = question.line.factors if question.line is not None else ()
        return len(factors) - self._state.hints

    def reveal(self) -> Feedback:
        """Show the whole gradient and move on; the question counts as revealed."""
        question, stage = self._asked()
        self._finish(REVEALED)
        return Feedback(question, stage, False, None, question.expected, finished=True,
                        revealed=True)

    def _asked(self) -> tuple[Question, str]:
        """The current question and stage; AnswerError once the pass is over."""
        question = self.current
        if question is None:
            raise AnswerError("the practice pass is over")
        return question, self.stage

    def _advance_stage(self) -> bool:
        self._state.stage_index += 1
        if self._state.stage_index < len(self.current.stages(self.detail)):
            return False
        self._finish(CORRECTED if self._state.wrong else FIRST_TRY)
        return True

    def _finish(self, outcome: str) -> None:
        self.score.add(outcome)
        self.outcomes.append(outcome)
        self.position += 1
        self._state = _State()
        self._cell = self._choose_cell()

    def _choose_cell(self) -> tuple[int, ...] | None:
        question = self.current
        if question is None or not question.shape:
            return None
        if self.rng is not None:
            flat = int(self.rng.integers(question.expected.size))
        else:
            flat = int(np.argmax(np.abs(question.expected)))
        return tuple(int(i) for i in np.unravel_index(flat, question.shape))


def _kind(mistake: Mistake | None) -> str | None:
    return mistake.kind if mistake is not None else None


# ------------------------------------------------------------- a file of answers

@dataclass(frozen=True)
class GradedAnswer:
    """One answer of an answers file: its node's label, the answer read, the right value;
    for a SHAPE answer, `answer` and `expected` are shapes (tuples)."""

    label: str
    answer: np.ndarray | tuple[int, ...]
    expected: np.ndarray | tuple[int, ...]
    correct: bool
    mistake: str | None = None
    stage: str = VALUE


@dataclass(frozen=True)
class Grading:
    """Every answered node, in the order of the backward pass."""

    steps: tuple[GradedAnswer, ...] = field(default=())

    @property
    def correct(self) -> int:
        return sum(step.correct for step in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)


def grade_answers(trace: Trace, answers: Mapping[str, Any], output_name: str | None = None,
                  aliases: Mapping[str, str] | None = None) -> Grading:
    """Grade `{node label: ∂output/∂node}` (a number, an expression of numbers, or nested
    lists of them for an array; for an array also its shape, `"8x20"`, or both as
    `{"shape": "8x20", "value": [[…], …]}`); `aliases` maps other keys to labels
    (`W_tilde` → `W̃`). AnswerError for an unknown or ambiguous label, a node without a
    gradient, or an answer that cannot be read."""
    questions = {question.node: question for question in practice_questions(trace, output_name)}
    order = {node: position for position, node in enumerate(questions)}
    by_label: dict[str, list[int]] = {}
    for info in trace.nodes:
        by_label.setdefault(info.label, []).append(info.id)
    graded = []
    named: dict[int, str] = {}  # the key each node was answered under
    for label, given in answers.items():
        node = _node_for(trace, by_label, questions, (aliases or {}).get(label, label))
        if node in named:
            raise AnswerError(f"the answers name one node twice, as {named[node]!r} and "
                              f"{label!r}: give one answer for it")
        named[node] = label
        if node == trace.output:
            expected, mistakes = np.ones(trace.node(node).shape), ()
        else:
            expected, mistakes = questions[node].expected, questions[node].mistakes
        for stage, part in _answer_parts(given, np.ndim(expected), label):
            if stage == SHAPE:
                shape, want = _shape_answer(part, label), tuple(np.shape(expected))
                right = shape_matches(shape, want)
                step = GradedAnswer(label, shape, want, right,
                                    None if right else shape_mistake(shape, want), SHAPE)
            else:
                answer = _answer_array(part, label)
                correct = close(answer, expected)
                mistake = None if correct else which_mistake(answer, mistakes)
                step = GradedAnswer(label, answer, expected, correct, _kind(mistake))
            graded.append((order.get(node, -1), step))
    graded.sort(key=lambda item: item[0])
    return Grading(tuple(step for _, step in graded))


def _node_for(trace: Trace, by_label: dict[str, list[int]], questions: dict[int, Question],
              label: str) -> int:
    ids = by_label.get(label)
    if not ids:
        raise AnswerError(f"no node is labelled {label!r} (the labels are those of "
                          "`bpviz trace --json`)")
    if len(ids) > 1:
        raise AnswerError(f"{len(ids)} nodes are labelled {label!r}: its gradient is ambiguous")
    node = ids[0]
    if node != trace.output and node not in questions:
        raise AnswerError(f"{label!r} gets no gradient (a constant)")
    return node


def _answer_parts(given: Any, ndim: int, label: str) -> list[tuple[str, Any]]:
    """An answer as (stage, text) parts: an array's shape and/or its value. For an array,
    a string of sizes joined by x, × or commas is its shape (`"8x20"`, `"(8,)"`): one
    number is never an array's value."""
    if isinstance(given, dict):
        unknown = sorted(set(given) - {SHAPE, VALUE})
        if unknown or not given:
            raise AnswerError(f"the answer for {label!r}: an answer object holds \"shape\" "
                              "and/or \"value\"" + (f", not {unknown[0]!r}" if unknown else ""))
        if SHAPE in given and not isinstance(given[SHAPE], str):
            raise AnswerError(f"the answer for {label!r}: its shape is a string such as "
                              "\"8x20\"")
        return [(stage, given[stage]) for stage in (SHAPE, VALUE) if stage in given]
    if ndim and isinstance(given, str) and _reads_as_shape(given):
        return [(SHAPE, given)]
    if not ndim and isinstance(given, str) and _reads_as_shape(given):
        raise AnswerError(f"the answer for {label!r}: it is a scalar, a single number, not "
                          f"a shape such as {given.strip()!r}")
    return [(VALUE, given)]


def _reads_as_shape(text: str) -> bool:
    """Sizes joined by x, × or commas, in parentheses or not: `8x20`, `(8, 20)`, `(8,)`."""
    signs = set("".join(text.split()))
    return bool(signs & set("x×,")) and signs <= set("0123456789x×,()")


def _shape_answer(text: str, label: str) -> tuple[int, ...]:
    try:
        return parse_shape(text)
    except AnswerError as error:
        raise AnswerError(f"the answer for {label!r}: {error}") from None


def _answer_array(given: Any, label: str) -> np.ndarray:
    """An answer as an array of floats: a number, an expression, or nested lists of them."""
    try:
        return _cells(given)
    except AnswerError as error:
        raise AnswerError(f"the answer for {label!r}: {error}") from None


def _cells(given: Any) -> np.ndarray:
    if isinstance(given, list):
        cells = [_cells(item) for item in given]
        if len({cell.shape for cell in cells}) > 1:
            raise AnswerError("its rows have different lengths")
        return np.array(cells, dtype=float)
    return np.asarray(parse_answer(given), dtype=float)
