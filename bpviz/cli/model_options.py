"""Options that set up the lecture's window scorer (--seed, --activation, --d, --hidden, …)
and the word-vector objectives (--d, --negatives, --seed)."""

from __future__ import annotations

import argparse
from typing import Any

from bpviz.cli.argtypes import seed, whole
from bpviz.cli.common import add_formula_arguments
from bpviz.cli.parser import UsageError
from bpviz.engine import Trace, trace_json
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.window_classifier import WindowClassifier, WindowClassifierConfig
from bpviz.models.negative_sampling import MAX_NEGATIVES
from bpviz.models.window_scorer import WindowConfig, WindowScorer
from bpviz.models.word_model import WordModel
from bpviz.models.word_model_choices import WORD_MODELS, build_word_model

MAX_D, MAX_HIDDEN = 64, 256  # enough to see anything; small enough to draw and check
MAX_WORDS = 64  # words a window: a trace of 2×2,500 words was 88 MB of JSON and 11 s
DEFAULTS = WindowConfig()
# The options only the window scorer reads, with their flags.
WINDOW_ONLY = {"d": "--d", "hidden": "--hidden", "window": "--window", "corrupt": "--corrupt"}
# What the word-vector models read, and the option only negative sampling reads.
WORD_READS = {"d", "negatives"}
NEGATIVES_ONLY = {"negatives": "--negatives"}
MODEL_LIST = ", ".join(("window", *WORD_MODELS))


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
    add_word_arguments(parser)


def add_word_arguments(parser: argparse.ArgumentParser) -> None:
    """--negatives: how many negatives K negative sampling draws (--d is shared)."""
    parser.add_argument("--negatives", type=whole(1, MAX_NEGATIVES),
                        help=f"sgns: the number of negatives K, 1-{MAX_NEGATIVES} (default 3)")


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


def window_classifier(args: argparse.Namespace) -> WindowClassifier:
    """The softmax window classifier the options describe (--window, --d, --hidden, …)."""
    refuse_unused(args, {"corrupt": "--corrupt"}, "for --model window")
    defaults = WindowClassifierConfig()
    config = WindowClassifierConfig(
        window=window_words(args.window, "--window", defaults.window),
        d=args.d if args.d is not None else defaults.d,
        hidden=args.hidden if args.hidden is not None else defaults.hidden,
        activation=args.activation or defaults.activation, seed=args.seed)
    return WindowClassifier(config)


def model_trace(args: argparse.Namespace) -> Trace:
    """The recorded pass of --model window, classifier or a word-vector objective."""
    return model_of(args).record()


def model_of(args: argparse.Namespace) -> WindowScorer | WindowClassifier | WordModel:
    """The model --model names, built from its options (its `config` holds them)."""
    if args.assignments:
        raise UsageError(f"--model {args.model} takes no NAME=VALUE pairs")
    if args.model in WORD_MODELS:
        return word_model(args)
    refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    if args.model == "window":
        return window_scorer(args)
    return window_classifier(args)


def word_model(args: argparse.Namespace) -> WordModel:
    """The word-vector model --model names, from --d, --negatives (sgns) and --seed."""
    refuse_unused(args, {key: flag for key, flag in WINDOW_ONLY.items() if key not in WORD_READS},
                  "for --model window")
    refuse_unused(args, {"activation": "--activation"}, "for --model window")
    if args.model != "sgns":
        refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    return build_word_model(args.model, d=args.d, negatives=getattr(args, "negatives", None),
                            seed=args.seed)


def word_trace_data(model: WordModel, name: str) -> tuple[Trace, dict[str, Any]]:
    """A word model's trace and its JSON: `model`, the trace, and the model's extra inputs."""
    trace = model.record()
    data = {"model": name, **model.json_extras(), **trace_json(trace)}
    for part in ("inputs", "grads"):
        data[part] = {model.json_key(label): value for label, value in data[part].items()}
    data["inputs"] = {**data["inputs"], **model.json_inputs()}
    return trace, data
