"""Property-based: any text (or bytes decoded as text) given to the formula parser is a
formula or an ExpressionError (a BpvizError), within a bounded time; nothing else escapes."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bpviz.errors import BpvizError
from bpviz.expression.parse import parse, variable_names

BOUNDED = settings(deadline=timedelta(seconds=2), max_examples=300)
PIECES = st.sampled_from(["x", "y", "z", "1", "2.5", "1e308", "+", "-", "*", "/", "**", "(",
                          ")", "max(", "min(", "exp(", "log(", "tanh(", ",", " ", "__import__",
                          "lambda", ".", "[", "]", "'", "\\", "\n", "#", "9" * 400, "x" * 300])


def parsed_or_refused(text: str, max_nodes: int | None) -> None:
    try:
        formula = parse(text, max_nodes)
    except BpvizError as refusal:
        assert str(refusal)
        return
    assert formula is not None
    assert isinstance(variable_names(text, max_nodes), tuple)


@BOUNDED
@given(text=st.text(max_size=300), max_nodes=st.sampled_from([None, 1000]))
def test_any_text_is_a_formula_or_a_clean_refusal(text, max_nodes):
    parsed_or_refused(text, max_nodes)


@BOUNDED
@given(data=st.binary(max_size=300))
def test_any_bytes_read_as_text_are_a_formula_or_a_clean_refusal(data):
    parsed_or_refused(data.decode("utf-8", "replace"), 1000)


@BOUNDED
@given(pieces=st.lists(PIECES, max_size=80), max_nodes=st.sampled_from([None, 1000]))
def test_formula_like_text_is_a_formula_or_a_clean_refusal(pieces, max_nodes):
    parsed_or_refused("".join(pieces), max_nodes)
