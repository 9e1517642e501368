"""The ledger handout: the whole pass as Markdown with LaTeX math or as plain text, every
number and shape, with a teacher's notes beside their steps, written atomically."""

from __future__ import annotations

import re

import numpy as np
import pytest

from bpviz.app.lesson_catalog import CATALOG
from bpviz.data.errors import FileWriteError
from bpviz.expression import build_circuit, trace_circuit
from bpviz.lessons.ledger import Ledger
from bpviz.lessons.ledger_handout import (
    MARKDOWN, TEXT, kind_for, latex, latex_array, markdown_handout, text_handout, write_handout,
)
from bpviz.lessons.model_lessons import WindowScorerLesson
from bpviz.lessons.rich_text import symbol
from bpviz.lessons.stepper import Stepper

COMMANDS = {
    "partial", "times", "cdot", "circ", "top", "ldots", "Sigma", "sigma", "delta", "alpha",
    "theta", "ell", "geq", "leq", "leftarrow", "rightarrow", "hat", "tilde", "bar", "mathbb",
    "in", "approx", "sim", "backslash", "mathrm", "text", "left", "right", "begin",
    "end", "scriptstyle", ",", " ", "{", "}", "%", "#", "&", "$", "_", "\\",
    "textasciicircum", "textasciitilde", "textbackslash"}
# What a subscript may hold: a name's tail (x_{1}, s_{c}, x_{\mathrm{museums}}).
SUBSCRIPT = re.compile(r"[A-Za-z0-9]+|\\mathrm\{[A-Za-z0-9]+\}")


def _braced(source: str, start: int) -> str:
    """The text inside the braces that open at `start`."""
    depth = 0
    for index in range(start, len(source)):
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start + 1:index]
    return source[start + 1:]


def structure_problems(source: str) -> list[str]:
    """What is valid LaTeX but misreads a name or a power: a subscript that holds more than
    a name's tail, an underscore or caret printed as a character in maths."""
    maths = re.sub(r"\\text\{[^{}]*\}", "", source)
    problems = [f"a subscript that is not a name: _{{{inner}}}"
                for inner in (_braced(maths, match.end() - 1)
                              for match in re.finditer(r"_\{", maths))
                if not SUBSCRIPT.fullmatch(inner)]
    if "\\_" in maths:
        problems.append("an underscore printed in maths")
    if "wedge" in maths or "**" in maths or re.search(r"(?<!\\)\^(?!\{)", maths):
        problems.append("a power not set as a superscript")
    return problems


def latex_problems(source: str) -> list[str]:
    """What makes `source` not valid LaTeX math (empty if it is): non-ASCII characters, an
    unknown command, unbalanced braces, \\left without \\right, an unmatched environment,
    a double superscript or subscript, an unescaped $."""
    problems = [f"not ASCII: {char!r}" for char in set(source) if not char.isascii()]
    depth, scripts, environments, lefts = 0, [set()], [], 0
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", source[position:])
            if not match:
                return problems + ["a lone backslash at the end"]
            name = match.group(1)
            if name not in COMMANDS:
                problems.append(f"unknown command \\{name}")
            if name == "left":
                lefts += 1
            elif name == "right":
                lefts -= 1
            elif name in ("begin", "end"):
                env = re.match(r"\{([a-z]+)\}", source[position + match.end():])
                if not env:
                    problems.append(f"\\{name} without an environment")
                elif name == "begin":
                    environments.append(env.group(1))
                elif not environments or environments.pop() != env.group(1):
                    problems.append(f"\\end{{{env.group(1)}}} unmatched")
            position += match.end()
            if name not in ("^", "_"):
                scripts[-1] = set()
            continue
        if char == "{":
            depth += 1
            scripts.append(set())
        elif char == "}":
            depth -= 1
            if depth < 0:
                return problems + ["a } closes nothing"]
            scripts.pop()
        elif char in "^_":
            if char in scripts[-1]:
                problems.append(f"a double {'superscript' if char == '^' else 'subscript'}")
            scripts[-1].add(char)
            position += 1
            continue
        elif char == "$":
            problems.append("an unescaped $")
        elif char != " ":
            scripts[-1] = set()  # a new atom, which may take its own scripts
        position += 1
    if depth:
        problems.append("unbalanced braces")
    if lefts:
        problems.append("\\left without \\right")
    if environments:
        problems.append(f"\\begin{{{environments[-1]}}} not ended")
    return problems + structure_problems(source)


def display_math(markdown: str) -> list[str]:
    """Every `$$ … $$` block's LaTeX and every inline `$…$`."""
    blocks = re.findall(r"^\$\$\n(.*?)\n\$\$$", markdown, flags=re.M | re.S)
    inline = re.findall(r"(?<!\$)\$(?!\$)(.+?)(?<!\\)\$", re.sub(r"^\$\$\n.*?\n\$\$$", "",
                                                                 markdown, flags=re.M | re.S))
    return blocks + inline


@pytest.fixture(scope="module")
def lecture():
    """(x+y)·max(y,z) at x=1, y=2, z=0, the lecture's example."""
    return Ledger(trace_circuit(build_circuit("(x+y)*max(y,z)", {"x": 1, "y": 2, "z": 0})), "f")


def test_the_checker_refuses_what_is_not_latex():
    assert latex_problems(r"\partial f/\partial x = 2") == []
    assert latex_problems(r"\frac{1}{2}")  # not a command the handout writes
    assert latex_problems("x_{c") and latex_problems("∂f") and latex_problems("x^{2}^{3}")
    assert latex_problems(r"\left[ 1") and latex_problems(r"\begin{array}{r} 1")
    assert latex_problems("a $ b")
    assert latex_problems(r"x_{1**2*\mathrm{exp}(-x\_2)}")  # a subscript past its name
    assert latex_problems(r"\mathrm{exp}(-x_{2)}") and latex_problems(r"x_{1}{}^{\wedge}2")
    assert latex_problems(r"x\_2") and latex_problems("x**2")
    assert latex_problems(r"x_{1}^{2}\cdot \text{a\_b} x_{\mathrm{museums}}") == []


def test_the_lecture_example_holds_its_value_and_gradients_in_valid_latex(lecture):
    text = markdown_handout(lecture, "(x+y)*max(y,z) at x=1, y=2, z=0")
    blocks = display_math(text)
    assert blocks and all(latex_problems(block) == [] for block in blocks), \
        [(block, latex_problems(block)) for block in blocks if latex_problems(block)]
    assert r"f = (x+y)\cdot \mathrm{max}(y,z) = 6" in blocks
    assert r"\partial f/\partial x = \partial f/\partial (x+y) \times  1 = 2 \times  1 = 2" \
        in blocks
    assert r"\partial f/\partial y = 2 + 3 = 5" in blocks
    assert any(block.startswith(r"\partial f/\partial z = ") and block.endswith("= 0")
               for block in blocks)
    assert text.startswith(r"# (x+y)\*max(y,z) at x=1, y=2, z=0")
    assert "## Forward pass" in text and "## Backward pass" in text
    assert "*× switches: each input gets the upstream times the other input*" in text


def test_the_plain_text_reads_the_same_numbers(lecture):
    text = text_handout(lecture)
    assert "  f = (x+y)·max(y,z) = 6" in text
    assert "  ∂f/∂x = ∂f/∂(x+y) × 1 = 2 × 1 = 2" in text
    assert "  ∂f/∂y = 2 + 3 = 5" in text
    assert "  ∂f/∂z = ∂f/∂max(y,z) × (1 where z > y, else 0) = 3 × 0 = 0" in text
    assert "$" not in text and "\\" not in text


def test_teacher_notes_stand_beside_their_step(lecture):
    notes = {0: "Read the forward pass first", 5: "Which input won?\n*y* did",
             99: "past the end"}
    text = markdown_handout(lecture, "heading", "Week 3", notes)
    assert text.startswith("# Week 3\n\n*heading*")
    start = text.index("> **Teacher's note:** Read the forward pass first")
    assert start < text.index("## Forward pass")
    step5, step6 = text.index("### Step 5 "), text.index("### Step 6 ")
    assert step5 < text.index("> **Teacher's note:** Which input won?\n> \\*y\\* did") < step6
    assert "past the end" not in text
    plain = text_handout(lecture, "", "Week 3", notes)
    assert plain.index("Step 5,") < plain.index("  Teacher's note: Which input won?") \
        < plain.index("Step 6,")


def test_user_text_is_not_read_as_markdown_or_html(lecture):
    text = markdown_handout(lecture, "", "<b>x</b> # _y_", {1: "[link](javascript:x) `code`"})
    assert "<b>" not in text and "\\<b\\>x\\</b\\> \\# \\_y\\_" in text
    assert "\\[link\\](javascript:x) \\`code\\`" in text


@pytest.fixture(scope="module")
def scorer():
    lesson = WindowScorerLesson()
    return Ledger(Stepper(lesson).trace, lesson.output)


def test_the_window_scorers_handout_lists_every_step_with_shapes_and_numbers(scorer):
    text = markdown_handout(scorer, "Window scorer")
    for entry in scorer.entries:
        assert f"### Step {entry.index} · {entry.position} · " in text
    assert len(re.findall(r"^### Step ", text, flags=re.M)) == len(scorer.entries) == 22
    assert r"\partial J/\partial W \,{\scriptstyle (8\times 20)}" in text
    assert "All 160 numbers (8×20):" in text and "All 20 numbers (20):" in text
    for block in display_math(text):
        assert latex_problems(block) == [], block
    # every number of ∂J/∂W is there, to six digits
    grad = next(line.value for entry in scorer.entries for line in entry.sums
                if np.shape(line.value) == (8, 20))
    assert latex_array(grad) in text
    assert latex_array(grad).count(r" \\ ") == 7 and latex_array(grad).count("&") == 8 * 19


def test_the_window_scorers_plain_text_spells_out_every_array(scorer):
    text = text_handout(scorer)
    assert len(re.findall(r"^Step \d+, (forward|backward) ", text, flags=re.M)) == 22
    assert "all 160 numbers of ∂J/∂W (8×20), row by row:" in text
    assert "    row 8: " in text


@pytest.mark.parametrize("item", [item for item in CATALOG if item.make],
                         ids=lambda item: item.key)
def test_every_lessons_handout_is_valid_latex(item):
    lesson = item.make()
    ledger = Ledger(Stepper(lesson).trace, lesson.output)
    blocks = display_math(markdown_handout(ledger, item.title))
    assert len(blocks) > len(ledger.entries)
    bad = [(block, latex_problems(block)) for block in blocks if latex_problems(block)]
    assert bad == []


@pytest.mark.parametrize("formula", ["x**y + exp(-x)/sqrt(y) - abs(x)",
                                     "tanh(x*y) * sigmoid(y) / (1 + log(x))"])
def test_a_typed_formulas_handout_is_valid_latex(formula):
    ledger = Ledger(trace_circuit(build_circuit(formula, {"x": 1.5, "y": 2})), "f")
    blocks = display_math(markdown_handout(ledger, formula))
    assert [(block, latex_problems(block)) for block in blocks if latex_problems(block)] == []
    assert ("**" not in formula) or any(r"x^{y} = x^{y}" in block for block in blocks)


@pytest.mark.parametrize("formula, expected", [
    ("x_1**2*exp(-x_2)/sqrt(abs(x_1))",
     r"f = (x_{1}^{2}*\mathrm{exp}(-x_{2}))/\mathrm{sqrt}(\mathrm{abs}(x_{1}))"),
    ("a_b**(c_d+1) - c_d", r"f = (a_{b}^{(c_{d}+1)}) - c_{d}"),
    ("x_1**-x_2 + x_1", r"f = (x_{1}^{-x_{2}}) + x_{1}"),
    ("exp(x_1)**2 * x_1**0.5", r"\mathrm{exp}(x_{1})^{2} = \mathrm{exp}(x_{1})^{2}"),
    ("w_in*x_in + b_out**3", r"w_{\mathrm{in}}*x_{\mathrm{in}}"),
])
def test_names_with_underscores_and_powers_are_valid_latex(formula, expected):
    names = {name: 1.5 for name in re.findall(r"[a-z]_[a-z0-9]+", formula)}
    ledger = Ledger(trace_circuit(build_circuit(formula, names)), "f")
    blocks = display_math(markdown_handout(ledger, formula))
    assert [(block, latex_problems(block)) for block in blocks if latex_problems(block)] == []
    assert any(block.startswith(expected + " = ") for block in blocks), blocks


def test_latex_sets_subscripts_shapes_and_words_without_reading_them():
    assert latex(symbol("s_c") + " (8)") == r"s_{c} (8)"
    assert latex(symbol("x_museums")) == r"x_{\mathrm{museums}}"
    assert latex("w̃ᵀ") == r"\tilde{w}^{\top}"
    assert latex("WW̃ᵀ") == r"W\tilde{W}^{\top}"  # the mark is over the last letter only
    assert latex("UvW̃x") == r"\mathrm{Uv}\tilde{W}x"
    assert latex("1 where y ≥ z") == r"1\ \mathrm{where}\ y \geq  z"
    assert latex("so far ") == r"\mathrm{so}\ \mathrm{far}"
    assert latex("é") == r"\text{é}"  # a user's own letter, kept as text
    assert latex_array(np.array([[1.0, -2.5], [1e-7, 0.0]])) == (
        r"\left[\begin{array}{rr}1 & -2.5 \\ 1 \times 10^{-7} & 0\end{array}\right]")


def test_the_file_is_written_atomically_in_the_kind_its_name_asks_for(lecture, tmp_path):
    assert kind_for("a.md") == kind_for("a.MARKDOWN") == MARKDOWN and kind_for("a.txt") == TEXT
    write_handout(tmp_path / "sheet.md", lecture)
    write_handout(tmp_path / "sheet.txt", lecture)
    assert (tmp_path / "sheet.md").read_text(encoding="utf-8").startswith("# ")
    assert "$$" not in (tmp_path / "sheet.txt").read_text(encoding="utf-8")
    old = tmp_path / "old.md"
    old.write_text("kept", encoding="utf-8")
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(FileWriteError):
        write_handout(tmp_path / "folder.md", lecture)
    with pytest.raises(FileWriteError):
        write_handout(tmp_path / "missing" / "x.md", lecture)
    assert old.read_text(encoding="utf-8") == "kept"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "folder.md", "old.md", "sheet.md", "sheet.txt"]
