"""From a formula's text to a checked list of terms, operands first: the whitelist walk.

The walk uses an explicit stack, never recursion, so a long formula cannot exhaust
Python's call stack; nothing is ever evaluated, only inspected.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

from bpviz.engine.ops import Neg, Op
from bpviz.expression.errors import ExpressionError
from bpviz.expression.forbidden import forbidden_constant, forbidden_node
from bpviz.expression.source import Source
from bpviz.expression.syntax import read_tree
from bpviz.expression.whitelist import (
    ALLOWED_OPERATORS, BINARY_OPERATORS, FORBIDDEN_OPERATORS, FUNCTIONS, function_list,
)

NUMBER, VARIABLE, OPERATION = "number", "variable", "operation"


@dataclass(frozen=True)
class Term:
    """One number, variable occurrence or operation of a formula.

    `label` is the variable's name, or else the source text of the number or
    subexpression; `column` is where that text starts (1-based). An operation applies
    `op` to the terms at positions `args` of the formula's term list.
    """

    kind: str
    label: str
    column: int
    value: float = 0.0
    op: type[Op] | None = None
    args: tuple[int, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A checked formula: its terms, each after its operands (the last is the whole formula)."""

    text: str
    terms: tuple[Term, ...]
    variables: tuple[str, ...]  # in order of first appearance
    # What building its graph can work out once (see bpviz.expression.build); not compared.
    cache: dict = field(default_factory=dict, compare=False, repr=False)


def parse(text: str, max_nodes: int | None = None) -> Formula:
    """Check `text` against the whitelist and list its terms; raise ExpressionError if it fails.

    With `max_nodes`, a formula whose graph would have more nodes (operations, numbers
    and distinct variables) is refused where it passes the limit, before more work.
    """
    root, source = read_tree(text)
    terms: list[Term] = []
    position: dict[int, int] = {}  # id of a syntax-tree node -> index of its term
    nodes = _NodeCount(max_nodes)
    stack: list[tuple[ast.expr, bool]] = [(root, False)]
    while stack:
        node, operands_done = stack.pop()
        if operands_done:
            count = len(terms)
            position[id(node)] = _close(node, source, terms, position)
            if len(terms) > count:  # +a is a itself: no new term
                nodes.add(terms[-1])
            continue
        leaf = _leaf(node, source)
        if leaf is not None:
            position[id(node)] = len(terms)
            terms.append(leaf)
            nodes.add(leaf)
            continue
        operands = _checked_operands(node, source)
        stack.append((node, True))
        stack.extend((operand, False) for operand in reversed(operands))
    variables = dict.fromkeys(term.label for term in terms if term.kind == VARIABLE)
    return Formula(text, tuple(terms), tuple(variables))


def variable_names(text: str, max_nodes: int | None = None) -> tuple[str, ...]:
    """The variables of a formula, in order of first appearance; ExpressionError if it is bad
    (or makes more than `max_nodes` nodes)."""
    return parse(text, max_nodes).variables


class _NodeCount:
    """The graph nodes the terms so far make (a variable used again makes no new one),
    refusing the formula once they pass `limit`."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.nodes = 0
        self.names: set[str] = set()

    def add(self, term: Term) -> None:
        if term.kind == VARIABLE:
            if term.label in self.names:
                return
            self.names.add(term.label)
        self.nodes += 1
        if self.limit is not None and self.nodes > self.limit:
            raise ExpressionError(f"the circuit would have more than {self.limit:,} nodes (at "
                                  f"most {self.limit:,}: one per operation, number and "
                                  "variable)", term.column)


def _leaf(node: ast.expr, source: Source) -> Term | None:
    """A number (with its sign, if any) or a variable as a term; None for anything else."""
    literal = _signed_literal(node)
    if literal is not None:
        return _number(node, literal, source)
    if isinstance(node, ast.Name):
        return _variable(node, source)
    return None


def _signed_literal(node: ast.expr) -> ast.Constant | None:
    """The number literal that `node` is, perhaps with a sign in front; None otherwise."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        node = node.operand
    # bool is an int subclass, but True is no number for a formula.
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node
    return None


def _number(node: ast.expr, literal: ast.Constant, source: Source) -> Term:
    """A literal as a term; `-2` is one number, so it becomes one constant, not a negation."""
    label = source.label(node)
    try:
        value = float(literal.value)
    except OverflowError:
        value = math.inf
    if not math.isfinite(value):
        raise ExpressionError(f"the number {label} is too large", source.column(node))
    negative = isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
    return Term(NUMBER, label, source.column(node), value=-value if negative else value)


def _variable(node: ast.Name, source: Source) -> Term:
    name, column = node.id, source.column(node)
    if name in FUNCTIONS:
        raise ExpressionError(f"'{name}' is a function; call it as {name}(...)", column)
    if name.startswith("__"):
        raise ExpressionError("names starting with '__' are not allowed", column)
    return Term(VARIABLE, name, column)


def _checked_operands(node: ast.expr, source: Source) -> list[ast.expr]:
    """The operands of an allowed operation; raise ExpressionError for anything else."""
    if isinstance(node, ast.BinOp):
        if type(node.op) not in BINARY_OPERATORS:
            _refuse_operator(node, source)
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.UAdd, ast.USub)):
            symbol = FORBIDDEN_OPERATORS[type(node.op)]
            raise ExpressionError(f"'{symbol}' is not allowed", source.column(node))
        return [node.operand]
    if isinstance(node, ast.Call):
        _check_call(node, source)
        return list(node.args)
    if isinstance(node, ast.Constant):
        raise ExpressionError(forbidden_constant(node.value), source.column(node))
    raise ExpressionError(forbidden_node(node), source.column(node))


def _refuse_operator(node: ast.BinOp, source: Source) -> None:
    symbol = FORBIDDEN_OPERATORS.get(type(node.op), "this operator")
    hint = " (use '/')" if symbol == "//" else f" (only {ALLOWED_OPERATORS})"
    raise ExpressionError(f"'{symbol}' is not allowed{hint}", source.operator_column(node, symbol))


def _check_call(node: ast.Call, source: Source) -> None:
    """A call must be of a whitelisted name, with the right number of plain arguments."""
    column = source.column(node)
    if not isinstance(node.func, ast.Name):
        raise ExpressionError(f"only the functions {function_list()} can be called", column)
    name = node.func.id
    if name not in FUNCTIONS:
        raise ExpressionError(f"unknown function '{name}'", column)
    if node.keywords:
        keyword = node.keywords[0]
        what = "'**' arguments are" if keyword.arg is None else "keyword arguments are"
        raise ExpressionError(f"{what} not allowed", source.column(keyword))
    for argument in node.args:
        if isinstance(argument, ast.Starred):
            raise ExpressionError("'*' arguments are not allowed", source.column(argument))
    arity, given = FUNCTIONS[name].arity, len(node.args)
    if given != arity:
        plural = "argument" if arity == 1 else "arguments"
        raise ExpressionError(f"{name}() takes exactly {arity} {plural} ({given} given)", column)


def _close(node: ast.expr, source: Source, terms: list[Term], position: dict[int, int]) -> int:
    """Append the term of an operation whose operands are done; return its index."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return position[id(node.operand)]  # +a is a itself
    if isinstance(node, ast.UnaryOp):
        op, operands = Neg, [node.operand]
    elif isinstance(node, ast.BinOp):
        op, operands = BINARY_OPERATORS[type(node.op)], [node.left, node.right]
    else:
        op, operands = FUNCTIONS[node.func.id].op, node.args
    args = tuple(position[id(operand)] for operand in operands)
    terms.append(Term(OPERATION, source.label(node), source.column(node), op=op, args=args))
    return len(terms) - 1
