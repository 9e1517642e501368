"""`bpviz practice EXPR NAME=VALUE ...` or `bpviz practice --model window|classifier|…`:
predict each gradient of the backward pass in a terminal, or grade a file of answers with
`--answers FILE.json --json` (an autograder)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bpviz.cli.common import format_number, one_line, parse_assignments
from bpviz.cli.model_options import (
    NEGATIVES_ONLY, WINDOW_ONLY, add_formula_or_model_arguments, model_trace, refuse_unused,
    word_model,
)
from bpviz.cli.parser import UsageError
from bpviz.engine import ForwardStep, Trace
from bpviz.expression import Circuit, build_circuit, trace_circuit
from bpviz.models.word_model_choices import OBJECTIVES, WORD_MODELS
from bpviz.lessons.practice import (
    SHAPE, Feedback, GradedAnswer, Grading, Practice, grade_answers,
)
from bpviz.formatting import number, shape_text
from bpviz.lessons.practice_grading import DISPLAY_DIGITS, AnswerError, shown
from bpviz.lessons.presets import PRESETS, preset

NAME = "practice"
HELP = ("predict each gradient of a formula's backward pass, graded as you go; or grade a "
        "JSON file of answers")
EXAMPLE = ("examples: bpviz practice '(x+y)*max(y,z)' x=1 y=2 z=0\n"
           "          bpviz practice --preset cs231n\n"
           "          bpviz practice '(x+y)*z' x=-2 y=5 z=-4 --answers answers.json --json\n"
           "          bpviz practice --model classifier --answers answers.json --json\n"
           f"presets: {', '.join(p.name for p in PRESETS)}")
MODELS = ("window", "classifier", *WORD_MODELS)
MODEL_HEADERS = {"window": "J = max(0, 1 − s + s_c), the window scorer's hinge loss",
                 "classifier": "J = −log ŷ_LOC, ŷ = softmax(f): the softmax window classifier",
                 **OBJECTIVES}

MAX_ANSWERS_BYTES = 1_000_000
HINT, REVEAL, QUIT = ("hint", "h"), ("reveal", "r", "?"), ("quit", "q", "exit")
INTERRUPTED = 130
LISTED_CELLS = 200  # a model's arrays up to this size are written out in full


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_formula_or_model_arguments(parser, MODELS,
                                   "practise the window scorer, the softmax window classifier "
                                   "or a word-vector objective instead of a formula")
    parser.add_argument("--preset", metavar="NAME",
                        help="a lecture circuit instead of a formula: "
                             + ", ".join(p.name for p in PRESETS))
    parser.add_argument("--answers", metavar="FILE",
                        help="grade this JSON file of answers, {\"<node label>\": answer, …}, "
                             "without prompting ('-' reads standard input)")


def run(args: argparse.Namespace) -> int:
    header, trace, aliases = _model(args) if args.model is not None else _formula(args)
    if args.answers is not None:
        grading = grade_answers(trace, _read_answers(args.answers), aliases=aliases)
        _print_grading(grading, args.json)
        return 0 if grading.correct == grading.total else 1
    if args.json:
        raise UsageError("--json grades a file of answers: give --answers FILE")
    return interactive(header, trace, input, "f" if args.model is None else "J")


def _formula(args: argparse.Namespace) -> tuple[str, Trace, dict[str, str]]:
    """The formula's (or preset's) header line and trace; its labels need no aliases."""
    refuse_unused(args, {**WINDOW_ONLY, **NEGATIVES_ONLY, "activation": "--activation"},
                  "for --model")
    if args.seed != 0:
        raise UsageError("--seed is for --model")
    circuit = _circuit(args)
    return _header(circuit), trace_circuit(circuit), {}


def _model(args: argparse.Namespace) -> tuple[str, Trace, dict[str, str]]:
    """A model's header line and trace, and the ASCII keys `bpviz trace --json` gives its
    gradients (W_tilde for W̃) as other names of those nodes."""
    if args.expr is not None or args.preset is not None:
        raise UsageError("give either a formula (EXPR NAME=VALUE ...), --preset or --model, "
                         "not two")
    trace = model_trace(args)
    aliases: dict[str, str] = {}
    if args.model in WORD_MODELS:
        model = word_model(args)
        aliases = {model.json_key(info.label): info.label for info in trace.nodes
                   if model.json_key(info.label) != info.label}
    return MODEL_HEADERS[args.model], trace, aliases


def _circuit(args: argparse.Namespace) -> Circuit:
    if args.preset is not None:
        if args.expr is not None or args.assignments:
            raise UsageError("give either a formula (EXPR NAME=VALUE ...) or --preset, not both")
        chosen = preset(args.preset)
        return build_circuit(chosen.formula, chosen.values)
    if args.expr is None:
        raise UsageError("give a formula (EXPR NAME=VALUE ...), --preset NAME or --model "
                         + "|".join(MODELS))
    return build_circuit(args.expr, parse_assignments(args.assignments))


# ------------------------------------------------------------- grading a file

def _read_answers(path_text: str) -> dict[str, Any]:
    """The answers file as a JSON object; UsageError saying what is wrong with it."""
    where = "standard input" if path_text == "-" else path_text
    try:
        if path_text == "-":
            text = sys.stdin.read(MAX_ANSWERS_BYTES + 1)
        else:
            path = Path(path_text)
            if path.is_dir():
                raise UsageError(f"the answers file {where} is a directory")
            with path.open("r", encoding="utf-8") as file:
                text = file.read(MAX_ANSWERS_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"no answers file {where}") from None
    except UnicodeDecodeError:
        raise UsageError(f"the answers file {where} is not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"cannot read the answers file {where}: "
                         f"{error.strerror or error}") from None
    if len(text) > MAX_ANSWERS_BYTES:
        raise UsageError(f"the answers file {where} is larger than {MAX_ANSWERS_BYTES:,} "
                         "characters")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise UsageError(f"the answers file {where} is not valid JSON: {error.msg} at line "
                         f"{error.lineno}, column {error.colno}") from None
    except RecursionError:
        raise UsageError(f"the answers file {where} is nested too deeply") from None
    if not isinstance(data, dict):
        raise UsageError(f"the answers file {where} must hold a JSON object "
                         "{\"<node label>\": answer, …}")
    if not data:
        raise UsageError(f"the answers file {where} has no answers")
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UsageError(f"the answers file gives {key!r} twice")
        result[key] = value
    return result


def _json_answer(step: GradedAnswer, value) -> Any:
    return shape_text(value) if step.stage == SHAPE else _json_value(value)


def _json_value(value: np.ndarray) -> Any:
    array = np.asarray(value, dtype=float)
    return array.tolist() if array.ndim else float(array)


def grading_json(grading: Grading) -> dict[str, Any]:
    """The JSON of `--answers … --json`: every answer, then the score; a shape answer's
    `answer` and `expected` are strings such as "8×20"."""
    return {
        "steps": [{"node": step.label, "answer": _json_answer(step, step.answer),
                   "expected": _json_answer(step, step.expected), "correct": step.correct,
                   "mistake": step.mistake} for step in grading.steps],
        "score": {"correct": grading.correct, "total": grading.total},
    }


def _print_grading(grading: Grading, as_json: bool) -> None:
    if as_json:
        print(json.dumps(grading_json(grading)))
        return
    for step in grading.steps:
        mark = "right" if step.correct else "wrong"
        written = (lambda value: f"shape {shape_text(value)}") if step.stage == SHAPE else shown
        text = f"{mark}  {step.label}: {written(step.answer)}"
        if not step.correct:
            text += f", expected {written(step.expected)}"
        if step.mistake:
            text += f" ({step.mistake})"
        print(text)
    print(f"score: {grading.correct}/{grading.total}")


# ------------------------------------------------------------- in a terminal

def interactive(header: str, trace: Trace, read: Callable[[str], str],
                output: str = "f") -> int:
    """Ask every gradient of ∂`output`/∂· in turn, reading answers with `read(prompt)`; EOF or
    'quit' ends the pass (exit 0), Ctrl-C too (exit 130); the score so far is printed."""
    practice = Practice(trace)
    _print_forward(header, trace, output)
    if practice.done:
        print("nothing to practise: no node of this formula gets a gradient")
        return 0
    print(f"Predict each gradient, backward from {output}. Answer with a number or an "
          "expression of numbers (4/2); for a vector or matrix, its shape first (8x20), then "
          "the cell asked for; 'hint' shows one factor of the chain rule, 'reveal' the answer, "
          "'quit' stops.")
    try:
        while not practice.done:
            position = f"[{practice.position + 1}/{len(practice.questions)}] "
            text = read(position + practice.prompt() + " ").strip()
            if text.lower() in QUIT:
                break
            for line in _respond(practice, text):
                print("  " + line)
    except EOFError:
        print()
    except KeyboardInterrupt:
        print()
        _print_score(practice)
        return INTERRUPTED
    _print_score(practice)
    return 0


def _header(circuit: Circuit) -> str:
    values = ", ".join(f"{name} = {format_number(node.item())}"
                       for name, node in circuit.variables.items())
    return f"f = {one_line(circuit.text)}" + (f" at {values}" if values else "")


def _print_forward(header: str, trace: Trace, output: str) -> None:
    """The header, a model's inputs (a formula's are in its header), then every forward
    value, arrays of up to LISTED_CELLS cells written out in full (a matrix a row a line)
    so that any cell asked for can be worked out from what is on screen."""
    print(header)
    if output != "f":
        for node, value in trace.leaf_values.items():
            _print_value("given", trace.node(node).label, value)
    for step in trace.steps:
        if isinstance(step, ForwardStep):
            name = output if step.node == trace.output else trace.node(step.node).label
            _print_value("forward", name, step.value)


def _print_value(kind: str, name: str, value: np.ndarray) -> None:
    array = np.asarray(value)
    if array.ndim == 0 or array.size > LISTED_CELLS:
        print(f"  {kind}: {name} = {shown(array)}")
    elif array.ndim == 1:
        print(f"  {kind}: {name} = ({shape_text(array.shape)}) {_row(array)}")
    else:
        print(f"  {kind}: {name} = ({shape_text(array.shape)}), row by row:")
        for row in array.reshape(-1, array.shape[-1]):
            print(f"    {_row(row)}")


def _row(values: np.ndarray) -> str:
    return "[" + ", ".join(number(v, DISPLAY_DIGITS) for v in values) + "]"


def _respond(practice: Practice, text: str) -> list[str]:
    """What to print for one line the student typed."""
    if not text:
        return []
    if text.lower() in HINT:
        hint = practice.hint()
        return [f"hint: {hint}" if hint else "no more hints; 'reveal' shows the answer"]
    if text.lower() in REVEAL:
        return _revealed(practice.reveal(), None)
    try:
        feedback = practice.answer(text)
    except AnswerError as error:
        return [f"{error}; try again"]
    if feedback.correct or feedback.mistake is not None:
        more = [] if feedback.correct else ["try again, or 'hint' / 'reveal'"]
        return [feedback.message, *more]
    return _revealed(practice.reveal(), feedback)


def _revealed(feedback: Feedback, wrong: Feedback | None) -> list[str]:
    """The ledger line, with the student's number beside the right one after a wrong try."""
    question = feedback.question
    lines = [question.line.text if question.line is not None else feedback.message]
    if wrong is not None:
        lines.insert(0, f"not right: you said {wrong.answer_text}, the ledger says "
                        f"{wrong.expected_text}")
    return lines


def _print_score(practice: Practice) -> None:
    score = practice.score
    print(f"score: {score.first_try} right first time, {score.corrected} corrected, "
          f"{score.revealed} revealed, of {len(practice.questions)}")
