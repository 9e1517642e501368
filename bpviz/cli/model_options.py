"""Options that set up the lecture's window scorer: --seed, --activation, --d, --hidden, …"""

from __future__ import annotations

import argparse

from bpviz.cli.argtypes import seed, whole
from bpviz.cli.common import add_formula_arguments
from bpviz.cli.parser import UsageError
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.window_scorer import WindowConfig, WindowScorer

MAX_D, MAX_HIDDEN = 64, 256  # enough to see anything; small enough to draw and check
MAX_WORDS = 64  # words a window: a trace of 2×2,500 words was 88 MB of JSON and 11 s
DEFAULTS = WindowConfig()
# The options only the window scorer reads, with their flags.
WINDOW_ONLY = {"d": "--d", "hidden": "--hidden", "window": "--window", "corrupt": "--corrupt"}


def add_seed_and_activation(parser: argparse.ArgumentParser) -> None:
    """--seed and --activation, which several models read."""
    parser.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    parser.add_argument("--activation", choices=tuple(ACTIVATIONS),
                        help=f"the non-linearity f (default {DEFAULTS.activation})")


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """--d, --hidden and the two windows of the window scorer."""
    parser.add_argument("--d", type=whole(1, MAX_D),
                        help=f"word-vector size, 1-{MAX_D} (default {DEFAULTS.d})")
    parser.add_argument("--hidden", type=whole(1, MAX_HIDDEN),
                        help=f"hidden units, 1-{MAX_HIDDEN} (default {DEFAULTS.hidden})")
    parser.add_argument("--window", help="the true window's words "
                        f"(default: {' '.join(DEFAULTS.true_window)})")
    parser.add_argument("--corrupt", help="the corrupt window's words "
                        f"(default: {' '.join(DEFAULTS.corrupt_window)})")


def add_formula_or_model_arguments(parser: argparse.ArgumentParser, models: tuple[str, ...],
                                   what: str) -> None:
    """EXPR NAME=VALUE ... or --model, with the window models' options: trace and ledger."""
    add_formula_arguments(parser, required=False)
    parser.add_argument("--model", choices=models, help=what)
    add_seed_and_activation(parser)
    add_window_arguments(parser)


def refuse_unused(args: argparse.Namespace, options: dict[str, str], why: str) -> None:
    """A usage error naming every option given that this command line does not use."""
    given = [flag for name, flag in options.items() if getattr(args, name, None) is not None]
    if given:
        raise UsageError(f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} {why}")


def window_words(text: str | None, flag: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A window's words from its option, at most MAX_WORDS of them (a usage error past it)."""
    if text is None:
        return default
    words = tuple(text.split())
    if len(words) > MAX_WORDS:
        raise UsageError(f"{flag} has {len(words):,} words; a window has at most {MAX_WORDS}")
    return words


def window_scorer(args: argparse.Namespace) -> WindowScorer:
    """The window scorer the options describe, defaults for what was not given."""
    def pick(name: str):
        value = getattr(args, name)
        return getattr(DEFAULTS, name) if value is None else value

    true_window = window_words(args.window, "--window", DEFAULTS.true_window)
    corrupt = window_words(args.corrupt, "--corrupt", DEFAULTS.corrupt_window)
    config = WindowConfig(true_window=true_window, corrupt_window=corrupt, d=pick("d"),
                          hidden=pick("hidden"), activation=pick("activation"), seed=args.seed)
    return WindowScorer(config)
