"""Options that pick and set up one of the lectures' models: --model, --seed, --activation, …"""

from __future__ import annotations

import argparse

from bpviz.models.activations import ACTIVATIONS
from bpviz.models.window_scorer import WindowConfig, WindowScorer


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {number}")
    return number


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """--seed, --activation, --d, --hidden and the two windows of the window scorer."""
    defaults = WindowConfig()
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--activation", choices=tuple(ACTIVATIONS), default=defaults.activation,
                        help=f"the non-linearity f (default {defaults.activation})")
    parser.add_argument("--d", type=positive_int, default=defaults.d,
                        help=f"word-vector size (default {defaults.d})")
    parser.add_argument("--hidden", type=positive_int, default=defaults.hidden,
                        help=f"hidden units of the window scorer (default {defaults.hidden})")
    parser.add_argument("--window", default=" ".join(defaults.true_window),
                        help="the true window's words (default: %(default)s)")
    parser.add_argument("--corrupt", default=" ".join(defaults.corrupt_window),
                        help="the corrupt window's words (default: %(default)s)")


def window_scorer(args: argparse.Namespace) -> WindowScorer:
    """The window scorer the options describe."""
    config = WindowConfig(true_window=tuple(args.window.split()),
                          corrupt_window=tuple(args.corrupt.split()), d=args.d,
                          hidden=args.hidden, activation=args.activation, seed=args.seed)
    return WindowScorer(config)
