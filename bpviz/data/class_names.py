"""The order of classes read from a file: integer labels numerically, text labels as first seen."""

from __future__ import annotations

import re
from collections.abc import Sequence

# ASCII only: int() also reads other scripts' digits, which nobody means as numbers here.
_INTEGER = re.compile(r"[+-]?[0-9]+")


def ordered_class_names(first_seen: Sequence[str]) -> tuple[str, ...]:
    """`first_seen` (distinct labels, in order of first appearance) in the order classes get.

    When every label is an integer they are sorted by value (so '10' follows '9'),
    ties such as '1' and '01' by their text; otherwise the order of first appearance stays.
    """
    if all(_INTEGER.fullmatch(label) for label in first_seen):
        return tuple(sorted(first_seen, key=lambda label: (_integer_key(label), label)))
    return tuple(first_seen)


def _integer_key(label: str) -> tuple[int, int, str]:
    """Sorts integers written in ASCII by value, without int(): a label of thousands of
    digits is past Python's int-conversion limit, yet still just a class name."""
    digits = label.lstrip("+-").lstrip("0") or "0"
    if label.startswith("-") and digits != "0":
        # Negative: the longer (and then the larger) the digits, the smaller the number.
        return (0, -len(digits), digits.translate(_COMPLEMENT))
    return (1, len(digits), digits)


_COMPLEMENT = str.maketrans("0123456789", "9876543210")
