"""Parsing formulas: the whitelist, the error messages and their columns, huge inputs."""

from __future__ import annotations

import ast
import builtins
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.errors import BpvizError
from bpviz.expression import MAX_LENGTH, ExpressionError, variable_names


def error_of(text: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        variable_names(text)
    return caught.value


# ---------------------------------------------------------------- what is accepted

@pytest.mark.parametrize("text, names", [
    ("(x+y)*max(y,z)", ("x", "y", "z")),
    ("b*a + b", ("b", "a")),
    ("exp(x) + log(x) + sqrt(x) + abs(x) + tanh(x) + sigmoid(x) + relu(x)", ("x",)),
    ("min(theta, 2) ** 2 / -w1", ("theta", "w1")),
    ("+x - -y", ("x", "y")),
    ("2 * 1e-3 + 0.5 + 1_000 + .5", ()),
    ("  (x +\n y)  ", ("x", "y")),
    ("α*β", ("α", "β")),
])
def test_variables_are_listed_in_order_of_first_appearance(text, names):
    assert variable_names(text) == names


def test_expression_error_is_a_user_facing_error():
    error = error_of("foo(x)")
    assert isinstance(error, BpvizError)
    assert error.column == 1


# ---------------------------------------------------------------- the whitelist

FORBIDDEN = [
    ("foo(x)", "unknown function 'foo' at column 1"),
    ("x + print(x)", "unknown function 'print' at column 5"),
    ("exp", "'exp' is a function; call it as exp(...) at column 1"),
    ("2*max", "'max' is a function; call it as max(...) at column 3"),
    ("__x + 1", "names starting with '__' are not allowed at column 1"),
    ("x.real", "attribute access ('.') is not allowed at column 1"),
    ("x[0]", "indexing ('[...]') is not allowed at column 1"),
    ("'abc'", "strings are not allowed at column 1"),
    ("x + b'abc'", "strings are not allowed at column 5"),
    ("f'{x}'", "f-strings are not allowed at column 1"),
    ("lambda: 1", "lambda is not allowed at column 1"),
    ("[x for x in y]", "comprehensions are not allowed at column 1"),
    ("sum(x for x in y)", "unknown function 'sum' at column 1"),
    ("exp(x for x in y)", "comprehensions are not allowed at column 4"),  # Python's position
    ("{x for x in y}", "comprehensions are not allowed"),
    ("{x: 1 for x in y}", "comprehensions are not allowed"),
    ("x < y", "comparisons are not allowed at column 1"),
    ("x == y", "comparisons are not allowed"),
    ("x and y", "'and' and 'or' are not allowed"),
    ("x or y", "'and' and 'or' are not allowed"),
    ("not x", "'not' is not allowed at column 1"),
    ("x if y else z", "conditional expressions ('if ... else') are not allowed"),
    ("(y := 2)", "assignments (':=') are not allowed at column 2"),
    ("max(x, y=2)", "keyword arguments are not allowed at column 8"),
    ("max(**d)", "'**' arguments are not allowed at column 5"),
    ("max(*a)", "'*' arguments are not allowed at column 5"),
    ("exp(x, *a)", "'*' arguments are not allowed at column 8"),
    ("x @ y", "'@' is not allowed (only + - * / **) at column 3"),
    ("x // y", "'//' is not allowed (use '/') at column 3"),
    ("(x)%(y)", "'%' is not allowed (only + - * / **) at column 4"),
    ("x & y", "'&' is not allowed"),
    ("x | y", "'|' is not allowed"),
    ("x ^ y", "'^' is not allowed"),
    ("x << y", "'<<' is not allowed"),
    ("x >> y", "'>>' is not allowed"),
    ("~x", "'~' is not allowed at column 1"),
    ("1j", "complex numbers are not allowed at column 1"),
    ("2 + 3j", "complex numbers are not allowed at column 5"),
    ("True", "'True' is not allowed at column 1"),
    ("x * None", "'None' is not allowed at column 5"),
    ("...", "is not allowed at column 1"),
    ("(x, y)", "tuples (',') are not allowed at column 1"),
    ("[x]", "lists are not allowed"),
    ("{x}", "sets are not allowed"),
    ("{x: y}", "dictionaries are not allowed"),
    ("x()", "unknown function 'x' at column 1"),
    ("(x+y)(2)", "only the functions exp, log, sqrt, abs, tanh, sigmoid, relu, max and min "
                 "can be called at column 1"),
    ("exp(x, y)", "exp() takes exactly 1 argument (2 given) at column 1"),
    ("x + sqrt()", "sqrt() takes exactly 1 argument (0 given) at column 5"),
    ("max(x)", "max() takes exactly 2 arguments (1 given) at column 1"),
    ("min(x, y, z)", "min() takes exactly 2 arguments (3 given) at column 1"),
    ("await x", "'await' is not allowed"),
    ("x # a comment", "comments ('#') are not allowed at column 3"),
    ("1e999", "the number 1e999 is too large at column 1"),
    ("x + " + "9" * 400, "is too large at column 5"),
]


@pytest.mark.parametrize("text, message", FORBIDDEN)
def test_forbidden_constructs_are_rejected_with_what_and_where(text, message):
    assert message in str(error_of(text))


def test_the_column_of_an_error_is_also_an_attribute():
    assert error_of("x + foo(y)").column == 5


# ---------------------------------------------------------------- syntax errors

@pytest.mark.parametrize("text, message", [
    ("", "empty expression"),
    ("   \n\t ", "empty expression"),
    ("(x+y)*)", "unmatched ')' at column 7"),
    ("x + )", "unmatched ')' at column 5"),
    ("(x+y", "'(' was never closed at column 1"),
    ("max(x,", "'(' was never closed at column 4"),
    ("x y", "unexpected 'y' at column 3"),
    ("x +* y", "unexpected '*' at column 4"),
    ("x = 1", "unexpected '=' at column 3"),
    ("$x", "unexpected '$' at column 1"),
    ("x+", "unexpected end of expression at column 3"),
    ("2x", "invalid decimal literal at column 1"),
    ("max(x y)", "invalid syntax; perhaps a ',' is missing at column 5"),
    ("'abc", "unterminated string literal at column 1"),
    ("x\0y", "unexpected character U+0000 at column 2"),
    ("x + \ud800", "unexpected character U+D800 at column 5"),
])
def test_syntax_errors_say_what_and_where(text, message):
    assert str(error_of(text)) == message


@pytest.mark.parametrize("text, column", [
    ("   foo(x)", 4),           # leading spaces count
    ("\t foo(x)", 3),
    ("x +\n  foo(y)", 7),      # a newline counts as one character
    ("αβ + foo(γ)", 6),         # characters, not UTF-8 bytes
    ("αβ + )", 6),
    ("(x\n+y)*)", 8),
])
def test_columns_count_the_characters_the_user_typed(text, column):
    assert error_of(text).column == column


@pytest.mark.parametrize("text, message", [
    ("1if 1else 2", "conditional expressions ('if ... else') are not allowed at column 1"),
    ("'\\d'", "strings are not allowed at column 1"),
    ('"\\N"', "strings are not allowed"),
])
def test_parser_warnings_neither_leak_nor_change_the_message(text, message):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert str(error_of(text)) == message


# ---------------------------------------------------------------- safety

def test_injection_attempts_are_rejected_without_side_effects(tmp_path):
    marker = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w')",
        f"eval(\"open('{marker}', 'w')\")",
        f"exec(\"open('{marker}', 'w')\")",
        "().__class__.__bases__[0].__subclasses__()",
        "[c for c in ().__class__.__base__.__subclasses__()]",
        "(lambda: __import__('os'))()",
        "__builtins__",
    ]
    for attempt in attempts:
        with pytest.raises(ExpressionError):
            variable_names(attempt)
    assert not marker.exists()


def test_nothing_is_compiled_to_code_or_evaluated(monkeypatch):
    real_compile = builtins.compile

    def only_syntax_trees(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "the formula was compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def forbidden(*args, **kwargs):
        raise AssertionError("eval or exec was called")

    monkeypatch.setattr(builtins, "compile", only_syntax_trees)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert variable_names("(x+y)*max(y,z)") == ("x", "y", "z")
    with pytest.raises(ExpressionError):
        variable_names("__import__('os').getcwd()")


# ---------------------------------------------------------------- huge inputs

def test_a_20000_term_sum_gives_a_clean_error_not_a_recursion_error():
    # CPython 3.11 builds its syntax tree recursively and stops at about 3000 levels;
    # if a later Python copes, the formula must simply work.
    text = "+".join(["x"] * 20000)
    try:
        assert variable_names(text) == ("x",)
    except ExpressionError as error:
        assert "too deeply nested" in str(error)


@pytest.mark.parametrize("text", [
    "(" * 300 + "x" + ")" * 300,
    "exp(" * 300 + "x" + ")" * 300,
    "-" * 20000 + "x",
    "**".join(["x"] * 20000),
])
def test_deep_nesting_gives_a_clean_error(text):
    assert "too deeply nested" in str(error_of(text))


def test_300_nested_parentheses_are_reported_where_the_limit_is_hit():
    assert error_of("(" * 300 + "x" + ")" * 300).column == 201


def test_a_long_chain_within_the_parser_limit_works():
    assert variable_names("+".join(f"x{i % 7}" for i in range(2500))) == tuple(
        f"x{i}" for i in range(7))


def test_a_formula_longer_than_the_limit_is_rejected():
    message = str(error_of("x" * (MAX_LENGTH + 1)))
    assert message == "the expression is too long (100,001 characters, at most 100,000)"


# ---------------------------------------------------------------- fuzzing

FORMULA_ALPHABET = st.sampled_from(list("xyz0123456789.+-*/()e, _'\"[]{}:;#@%&|^~<>=!\\\n\t")
                                   + ["exp", "max", "log", "**", "lambda", "__", "if", "é"])


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.lists(FORMULA_ALPHABET, max_size=30).map("".join)))
def test_any_text_gives_names_or_an_expression_error(text):
    try:
        names = variable_names(text)
    except ExpressionError as error:
        assert "\n" not in str(error)
        assert error.column is None or 1 <= error.column <= len(text) + 1
    else:
        assert all(name.isidentifier() for name in names)


# ---------------------------------------------------------------- the node limit

def test_a_formula_making_more_nodes_than_allowed_is_refused_where_it_passes_the_limit():
    text = "v0+v1+v2+v3+v4+v5"  # six variables and five additions: 11 nodes
    assert len(variable_names(text, max_nodes=11)) == 6
    with pytest.raises(ExpressionError) as caught:
        variable_names(text, max_nodes=9)  # v5, the tenth node, passes it
    assert str(caught.value) == ("the circuit would have more than 9 nodes (at most 9: one per "
                                 "operation, number and variable) at column 16")


def test_a_variable_used_again_and_a_unary_plus_make_no_new_node():
    assert variable_names("x+x+x+x", max_nodes=4) == ("x",)  # x and three additions
    assert variable_names("+x", max_nodes=1) == ("x",)
    with pytest.raises(ExpressionError, match="more than 3 nodes"):
        variable_names("x+x+x+x", max_nodes=3)


def test_without_a_node_limit_any_formula_the_parser_takes_is_fine():
    assert variable_names("+".join(f"x{i}" for i in range(1500))) == tuple(
        f"x{i}" for i in range(1500))
