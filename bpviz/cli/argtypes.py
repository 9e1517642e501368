"""argparse types that check a number's range, so a bad value is named by its option."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

MAX_SEED = 2**32 - 1


def whole(low: int, high: int) -> Callable[[str], int]:
    """A type accepting whole numbers from `low` to `high`."""
    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low:,} to {high:,}, "
                                             f"got {number:,}")
        return number
    return parse


def real(low: float, high: float = math.inf, *, above_low: bool = False) -> Callable[[str], float]:
    """A type accepting finite numbers in [low, high] (or (low, high] with `above_low`)."""
    def parse(text: str) -> float:
        try:
            number = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        too_low = number <= low if above_low else number < low
        if not math.isfinite(number) or too_low or number > high:
            bound = f"more than {low:g}" if above_low else f"at least {low:g}"
            top = f" and at most {high:g}" if math.isfinite(high) else ""
            raise argparse.ArgumentTypeError(f"expected a finite number {bound}{top}, got {text!r}")
        return number
    return parse


positive_int = whole(1, 10**9)
seed = whole(0, MAX_SEED)
