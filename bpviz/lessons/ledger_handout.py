"""The ledger as a handout: the whole pass, every line, number and shape, as Markdown with
LaTeX math (for a problem sheet) or as plain text (for a screen reader), with a teacher's
title and notes beside their steps.

Nothing here reads maths out of text: each run of the ledger's rich text is set character
by character (∂ → \\partial, a subscript run → _{…}); the numbers are the engine's arrays.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from bpviz.data.atomic_write import write_text_atomically
from bpviz.formatting import number, shape_text
from bpviz.engine import Trace
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.ledger import BACKWARD, FORWARD, Ledger, LedgerEntry, LedgerLine
from bpviz.lessons.rich_text import SHAPE, SUB, Rich

MARKDOWN, TEXT = "markdown", "text"
FORMATS = (MARKDOWN, TEXT)
SUFFIXES = {".md": MARKDOWN, ".markdown": MARKDOWN, ".txt": TEXT}
PHASES = {FORWARD: "Forward pass", BACKWARD: "Backward pass"}

# Characters of the ledger's notation and their LaTeX (math mode); ASCII letters, digits and
# most punctuation stand for themselves.
_LATEX = {
    "∂": r"\partial ", "−": "-", "×": r"\times ", "·": r"\cdot ", "∘": r"\circ ",
    "ᵀ": r"^{\top}", "²": "^{2}", "³": "^{3}", "′": "'", "…": r"\ldots ", "Σ": r"\Sigma ",
    "σ": r"\sigma ", "δ": r"\delta ", "α": r"\alpha ", "θ": r"\theta ", "ℓ": r"\ell ",
    "≥": r"\geq ", "≤": r"\leq ", "←": r"\leftarrow ", "→": r"\rightarrow ", "ₒ": "_{o}",
    "ₖ": "_{k}", "ᵢ": "_{i}", "ⱼ": "_{j}", "ŷ": r"\hat{y}", "ℝ": r"\mathbb{R}", "∈": r"\in ",
    "≈": r"\approx ", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&",
    "$": r"\$", "_": r"\_", "~": r"\sim ", "\\": r"\backslash ",
}
_COMBINING = {"\u0303": r"\tilde", "\u0302": r"\hat", "\u0304": r"\bar"}  # over the letter before


# ---------------------------------------------------------------- LaTeX

def latex(text: Rich | str) -> str:
    """Rich text (or plain text) as LaTeX math: `∂J/∂s_c (8)` →
    `\\partial J/\\partial s_{c}\\,{\\scriptstyle (8)}`."""
    runs = text.runs if isinstance(text, Rich) else ((text, "text"),)
    return _trim(_latex_runs(list(runs)))


def _latex_runs(runs: list[tuple[str, str]]) -> str:
    """Runs as LaTeX; a power (`^` or `**` in plain text) raises the operand after it."""
    parts = []
    while runs:
        run, role = runs.pop(0)
        if role == SUB:
            parts.append("_{" + _latex_run(run) + "}")
        elif role == SHAPE:
            parts.append(r"\,{\scriptstyle " + _latex_run(run) + "}")
        else:
            cut, width = _power_in(run)
            if width == 0:
                parts.append(_latex_run(run))
                continue
            parts.append(_latex_run(run[:cut]))
            operand, runs = _operand([(run[cut + width:], TEXT), *runs])
            parts.append("^{" + (_trim(_latex_runs(operand)) or "{}") + "}")
    return "".join(parts)


def _power_in(run: str) -> tuple[int, int]:
    """Where the first power mark of a plain run is, and its width (0: none)."""
    marks = [(run.find(mark), len(mark)) for mark in ("**", "^") if mark in run]
    return min(marks) if marks else (len(run), 0)


def _operand(runs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The runs split after the operand they start with (what a power raises to): a
    bracketed group, a signed number, or a name with its subscript and any call after it."""
    chars = [(char, role) for text, role in runs for char in text]
    end = _operand_end(chars, 0)
    return _regroup(chars[:end]), _regroup(chars[end:])


def _operand_end(chars: list[tuple[str, str]], at: int) -> int:
    while at < len(chars) and chars[at][0] == " ":
        at += 1
    if at >= len(chars):
        return at
    char, role = chars[at]
    if char in "+-−":
        return _operand_end(chars, at + 1)
    if char == "(":
        return _group_end(chars, at)
    if role == SUB or char.isdigit() or char == ".":
        kind = role
        while at < len(chars) and chars[at][1] == kind and (
                kind == SUB or chars[at][0].isdigit() or chars[at][0] == "."):
            at += 1
        return at
    if char.isalnum() or char == "_":
        while at < len(chars) and chars[at][1] == TEXT and (chars[at][0].isalnum()
                                                             or chars[at][0] == "_"):
            at += 1
        while at < len(chars) and chars[at][1] == SUB:
            at += 1
        return _group_end(chars, at) if at < len(chars) and chars[at][0] == "(" else at
    return at + 1


def _group_end(chars: list[tuple[str, str]], at: int) -> int:
    """Just past the bracket that closes the one at `at` (or the end)."""
    depth = 0
    for index in range(at, len(chars)):
        depth += {"(": 1, ")": -1}.get(chars[index][0], 0) if chars[index][1] == TEXT else 0
        if depth == 0:
            return index + 1
    return len(chars)


def _regroup(chars: list[tuple[str, str]]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for char, role in chars:
        if runs and runs[-1][1] == role:
            runs[-1] = (runs[-1][0] + char, role)
        else:
            runs.append((char, role))
    return runs


def _trim(text: str) -> str:
    """Without spaces at either end (an escaped space `\\ ` included)."""
    while text.startswith((" ", "\\ ")):
        text = text[1:] if text[0] == " " else text[2:]
    while text.endswith(" "):
        text = text[:-2] if text.endswith("\\ ") else text[:-1]
    return text


def _latex_run(text: str) -> str:
    """One run: words of two or more letters upright, spaces kept only beside them."""
    tokens: list[str] = []
    kinds: list[str] = []  # "word", "space" or "math" for each token
    words: list[str] = []  # each token's letters, for a mark over a word's last one
    position = 0
    while position < len(text):
        char = text[position]
        if char.isascii() and char.isalpha():
            end = position
            while end < len(text) and text[end].isascii() and text[end].isalpha():
                end += 1
            word = text[position:end]
            tokens.append(_letters(word))
            kinds.append("math" if len(word) == 1 else "word")
            words.append(word)
            position = end
            continue
        words.append("")
        tail = _name_tail(text, position + 1) if char == "_" else ""
        if tail:  # `softmax(f)_y`: an underscore before a name's tail sets it as a subscript
            tokens.append("_{" + _letters(tail) + "}")
            kinds.append("math")
            position += 1 + len(tail)
            continue
        if char == " ":
            tokens.append(" ")
            kinds.append("space")
        elif char in _COMBINING and tokens and kinds[-1] != "space":
            words.pop()  # the mark goes on the last letter only: W W̃ᵀ, not (WW)̃ᵀ
            word = words[-1]
            over = word[-1] if word else tokens[-1]
            tokens[-1] = _letters(word[:-1]) + _COMBINING[char] + "{" + over + "}"
            kinds[-1], words[-1] = "math", ""
        elif char in _LATEX:
            tokens.append(_LATEX[char])
            kinds.append("math")
        elif char.isascii():
            tokens.append(char)
            kinds.append("math")
        else:  # a letter of a user's own name: kept as text
            tokens.append(r"\text{" + char + "}")
            kinds.append("word")
        position += 1
    out = []
    for index, (token, kind) in enumerate(zip(tokens, kinds)):
        if kind == "space":
            before = kinds[index - 1] if index else ""
            after = kinds[index + 1] if index + 1 < len(kinds) else ""
            out.append(r"\ " if "word" in (before, after) else " ")
        else:
            out.append(token)
    return "".join(out)


def _name_tail(text: str, start: int) -> str:
    """The ASCII letters and digits of `text` from `start` (a subscript's text)."""
    end = start
    while end < len(text) and text[end].isascii() and text[end].isalnum():
        end += 1
    return text[start:end]


def _letters(word: str) -> str:
    """A single letter as a variable, a longer word upright."""
    return word if len(word) <= 1 else r"\mathrm{" + word + "}"


def latex_array(value: np.ndarray, digits: int = 6) -> str:
    """Every number of `value`: a scalar as it is, a vector or matrix as a bracketed array
    (LaTeX's array has no column limit, unlike amsmath's bmatrix)."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return _latex_number(array, digits)
    rows = array.reshape(1, -1) if array.ndim == 1 else array.reshape(array.shape[0], -1)
    body = r" \\ ".join(" & ".join(_latex_number(v, digits) for v in row) for row in rows)
    return (r"\left[\begin{array}{" + "r" * rows.shape[1] + "}" + body
            + r"\end{array}\right]")


def _latex_number(value: float, digits: int) -> str:
    text = number(value, digits, minus="-")
    mantissa, exponent = text.split("e") if "e" in text else (text, "")
    return f"{mantissa} \\times 10^{{{int(exponent)}}}" if exponent else mantissa


def line_latex(line: LedgerLine) -> str:
    """The line as it shows: `lhs = symbolic = numeric = result` (or its words, as text)."""
    if line.prose:
        return r"\text{" + _text_escape(line.prose.plain) + "}"
    return " = ".join(latex(part) for part in (line.lhs, *line.parts))


def values_latex(line: LedgerLine) -> str:
    """The line's left side with every number of its value: `∂J/∂W (8×20) = [[…]]`."""
    return latex(line.lhs) + " = " + latex_array(line.value)


_TEXT_MODE = {"{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$",
              "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
              "\\": r"\textbackslash{}"}


def _text_escape(text: str) -> str:
    """Prose inside \\text{…}: LaTeX's special characters as text-mode commands."""
    return "".join(_TEXT_MODE.get(char, char) for char in text)


# ---------------------------------------------------------------- headings

def formula_heading(formula: str, values: Mapping[str, float]) -> str:
    """What a formula's handout is of: `Chain-rule ledger of (x+y)*max(y,z) at x=1, y=2,
    z=0` (the same from the window and from `bpviz ledger`)."""
    inputs = ", ".join(f"{name}={number(value, minus='-')}" for name, value in values.items())
    return f"Chain-rule ledger of {formula}" + (f" at {inputs}" if inputs else "")


def model_heading(name: str, config: object) -> str:
    """What a model's handout is of: `Chain-rule ledger of the NAME with d=4, hidden=8, …`,
    every setting of its (dataclass) `config`; empty ones are left out."""
    settings = []
    for item in dataclasses.fields(config):  # type: ignore[arg-type]
        value = getattr(config, item.name)
        if isinstance(value, tuple):
            value = " ".join(str(part) for part in value)
        elif isinstance(value, float):
            value = number(value, minus="-")
        if value != "":
            settings.append(f"{item.name}={value}")
    return f"Chain-rule ledger of the {name}" + (f" with {', '.join(settings)}"
                                                  if settings else "")



def lesson_heading(lesson: object, title: str, trace: Trace) -> str:
    """The heading of a stage lesson's handout: a formula with the inputs of the pass
    `trace` recorded, or a model lesson titled `title` with its settings."""
    if isinstance(lesson, ExpressionLesson):
        return formula_heading(lesson.circuit.text, lesson.values_in(trace))
    config = getattr(getattr(lesson, "model", None), "config", None)
    if dataclasses.is_dataclass(config):
        return model_heading(title, config)
    return title


# ---------------------------------------------------------------- Markdown

def markdown_handout(ledger: Ledger, heading: str = "", title: str = "",
                     notes: Mapping[int, str] | None = None) -> str:
    """The whole pass as Markdown: each step's equations in `$$…$$`, each array-valued line
    followed by all its numbers, the ledger's notes in italics and a teacher's notes beside
    their step (step 0: before the first)."""
    notes = notes or {}
    out = [f"# {_md_escape(title or heading or 'Chain-rule ledger')}", ""]
    if title and heading:
        out += [f"*{_md_escape(heading)}*", ""]
    out += ["How to read it:", ""]
    out += [f"- {_md_escape(line.plain)}" for line in ledger.view(0).hint]
    out += [""] + _md_note(notes.get(0, ""))
    phase = ""
    for entry in ledger.entries:
        if entry.phase != phase:
            phase = entry.phase
            out += [f"## {PHASES[phase]}", ""]
        out += _md_entry(entry) + _md_note(notes.get(entry.index, ""))
    return "\n".join(out).rstrip("\n") + "\n"


def _md_entry(entry: LedgerEntry) -> list[str]:
    out = [f"### Step {entry.index} · {entry.position} · {_md_escape(entry.title.plain)}", ""]
    if entry.upstream:
        out += [f"Upstream: ${latex(entry.upstream)}$", ""]
    for line in entry.lines + entry.sums:
        out += ["$$", line_latex(line), "$$", ""]
        if np.ndim(line.value):
            out += [f"All {np.size(line.value)} numbers "
                    f"({shape_text(np.shape(line.value))}):", "", "$$", values_latex(line),
                    "$$", ""]
    out += [f"- *{_md_escape(note.plain)}*" for note in entry.notes]
    return out + ([""] if entry.notes else [])


def _md_note(text: str) -> list[str]:
    if not text:
        return []
    lines = [_md_escape(line) for line in text.splitlines()]
    return ["> **Teacher's note:** " + lines[0], *(f"> {line}" for line in lines[1:]), ""]


def _md_escape(text: str) -> str:
    """User and ledger text shown as typed: Markdown's and HTML's marks escaped."""
    return "".join("\\" + char if char in "\\`*_[]<>#|$" else char for char in text)


# ---------------------------------------------------------------- plain text

def text_handout(ledger: Ledger, heading: str = "", title: str = "",
                 notes: Mapping[int, str] | None = None) -> str:
    """The whole pass as plain text, one statement a line, every number of every array
    spelled out row by row (for a screen reader or a plain-text sheet)."""
    notes = notes or {}
    out = [title or heading or "Chain-rule ledger"]
    if title and heading:
        out.append(heading)
    out += ["", "How to read it:"] + [f"  {line.plain}" for line in ledger.view(0).hint]
    out += _text_note(notes.get(0, ""))
    phase = ""
    for entry in ledger.entries:
        if entry.phase != phase:
            phase = entry.phase
            out += ["", PHASES[phase]]
        out += ["", f"Step {entry.index}, {entry.position}: {entry.title.plain}"]
        if entry.upstream:
            out.append(f"  upstream {entry.upstream.plain}")
        for line in entry.lines + entry.sums:
            out.append(f"  {line.text}")
            if np.ndim(line.value):
                out += _text_values(line)
        out += [f"  ({note.plain})" for note in entry.notes]
        out += _text_note(notes.get(entry.index, ""))
    return "\n".join(out) + "\n"


def _text_values(line: LedgerLine) -> list[str]:
    array = np.asarray(line.value, dtype=float)
    head = f"    all {array.size} numbers of {line.lhs.plain}" + (":" if array.ndim == 1 else
                                                                 ", row by row:")
    if array.ndim == 1:
        return [head, "    " + ", ".join(number(v) for v in array)]
    rows = array.reshape(array.shape[0], -1)
    return [head, *(f"    row {k}: " + ", ".join(number(v) for v in row)
                    for k, row in enumerate(rows, 1))]


def _text_note(text: str) -> list[str]:
    if not text:
        return []
    return ["  Teacher's note: " + line if k == 0 else "  " + line
            for k, line in enumerate(text.splitlines())]


# ---------------------------------------------------------------- files

def handout(ledger: Ledger, kind: str, heading: str = "", title: str = "",
            notes: Mapping[int, str] | None = None) -> str:
    """The handout in `kind` (MARKDOWN or TEXT)."""
    writer = {MARKDOWN: markdown_handout, TEXT: text_handout}[kind]
    return writer(ledger, heading, title, notes)


def kind_for(path: str | os.PathLike[str], default: str = MARKDOWN) -> str:
    """The handout's kind a file name asks for: `.md` Markdown, `.txt` plain text."""
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def write_handout(path: str | os.PathLike[str], ledger: Ledger, kind: str | None = None,
                  heading: str = "", title: str = "",
                  notes: Mapping[int, str] | None = None) -> Path:
    """Write the handout to `path` atomically (FileWriteError says why not; the old file
    stays whole); `kind` defaults to what the file's suffix asks for."""
    text = handout(ledger, kind or kind_for(path), heading, title, notes)
    return write_text_atomically(path, text)
