"""Class order: integer labels by value, anything else in order of first appearance."""

from __future__ import annotations

import pytest

from bpviz.data.class_names import ordered_class_names


@pytest.mark.parametrize("first_seen, ordered", [
    (["10", "9", "2"], ("2", "9", "10")),
    (["1", "-3", "+2", "0"], ("-3", "0", "1", "+2")),
    (["1", "01", "001"], ("001", "01", "1")),  # equal values: by text, so the order is stable
    (["b", "a", "c"], ("b", "a", "c")),
    (["2", "b", "1"], ("2", "b", "1")),  # one text label makes them all text
    (["1.0", "0.5"], ("1.0", "0.5")),  # decimals are text: 1.0 is not the class 1
    (["٣", "1"], ("٣", "1")),  # other scripts' digits are text too
])
def test_class_order(first_seen, ordered):
    assert ordered_class_names(first_seen) == ordered


def test_integers_of_any_length_are_ordered_by_value():
    """A label of thousands of digits is past Python's int() limit, yet only a class name."""
    huge, negative = "7" * 5000, "-" + "3" * 4400
    first_seen = [huge, "12", "-5", negative, "0", "+12", "-0", "1" + "0" * 4400]
    assert ordered_class_names(first_seen) == (negative, "-5", "-0", "0", "+12", "12",
                                               "1" + "0" * 4400, huge)
