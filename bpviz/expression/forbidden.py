"""What to tell a user who wrote Python that is not a formula."""

from __future__ import annotations

import ast

# Every syntax-tree node type a formula must not contain, as the user would call it.
FORBIDDEN_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.') is",
    ast.Subscript: "indexing ('[...]') is",
    ast.Lambda: "lambda is",
    ast.ListComp: "comprehensions are",
    ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are",
    ast.Compare: "comparisons are",
    ast.BoolOp: "'and' and 'or' are",
    ast.IfExp: "conditional expressions ('if ... else') are",
    ast.NamedExpr: "assignments (':=') are",
    ast.JoinedStr: "f-strings are",
    ast.Tuple: "tuples (',') are",
    ast.List: "lists are",
    ast.Set: "sets are",
    ast.Dict: "dictionaries are",
    ast.Starred: "'*' arguments are",
    ast.Await: "'await' is",
    ast.Yield: "'yield' is",
    ast.YieldFrom: "'yield' is",
}


def forbidden_node(node: ast.AST) -> str:
    """`... is not allowed` for a node type a formula cannot contain."""
    what = FORBIDDEN_NODES.get(type(node), f"{type(node).__name__} is")
    return f"{what} not allowed"


def forbidden_constant(value: object) -> str:
    """Why a literal that is not a plain number is refused."""
    if isinstance(value, (str, bytes)):
        return "strings are not allowed"
    if isinstance(value, complex):
        return "complex numbers are not allowed"
    return f"'{value!r}' is not allowed"  # True, False, None, ...
