"""`bpviz gradcheck --model {window,softmax,mlp,skipgram,sgns,glove,simple-glove}`: backprop
against central differences."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from bpviz.cli.common import print_json
from bpviz.cli.argtypes import real
from bpviz.cli.model_options import (
    NEGATIVES_ONLY, WINDOW_ONLY, add_seed_and_activation, add_window_arguments,
    add_word_arguments, refuse_unused, window_scorer, word_model,
)
from bpviz.cli.parser import UsageError
from bpviz.data.generators import generate
from bpviz.engine import GradcheckReport, ParameterCheck, gradcheck
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.models.model_graph import ModelGraph
from bpviz.models.glove import JSON_KEYS
from bpviz.models.objectives import LOSSES
from bpviz.models.word_model_choices import WORD_MODELS

NAME = "gradcheck"
HELP = "compare a model's backprop gradients with central differences"
EXAMPLE = "example: bpviz gradcheck --model mlp --seed 1 --json"
TOLERANCE = 1e-7  # see ParameterCheck.passed
CHECK_POINTS = 30  # points of the 3-arm spiral the 2-D classifiers are checked on
MAX_PARAMETERS = 20_000  # each is perturbed twice: more would take minutes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", choices=("window", "softmax", "mlp", *WORD_MODELS),
                        required=True, help="the window scorer, softmax regression, an MLP "
                        "(2-8-8-3) or a word-vector objective")
    parser.add_argument("--loss", choices=tuple(LOSSES),
                        help="softmax and mlp: the loss (default softmax)")
    parser.add_argument("--h", type=real(1e-10, 0.1), default=1e-5,
                        help="the step of the central differences, 1e-10 to 0.1 (default 1e-5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_seed_and_activation(parser)
    add_window_arguments(parser)
    add_word_arguments(parser)


def run(args: argparse.Namespace) -> int:
    built = model_graph(args)
    report = gradcheck(built.graph, built.output, h=args.h)
    if args.json:
        keys = JSON_KEYS if args.model in WORD_MODELS else {}
        print_json(report_json(args.model, report, keys))
    else:
        for line in report_lines(args.model, report):
            print(line)
    return 0 if report.passed(TOLERANCE) else 1


def model_graph(args: argparse.Namespace) -> ModelGraph:
    """The objective of the model to check, seeded by --seed."""
    if args.model != "sgns":
        refuse_unused(args, NEGATIVES_ONLY, "for --model sgns")
    if args.model in WORD_MODELS:
        refuse_unused(args, {"loss": "--loss"}, "for --model softmax and mlp")
        built = word_model(args).objective()
    elif args.model == "window":
        refuse_unused(args, {"loss": "--loss"}, "for --model softmax and mlp")
        built = window_scorer(args).objective()
    else:
        refuse_unused(args, WINDOW_ONLY, "for --model window (the mlp is 2-8-8-3)")
        if args.model == "softmax":
            refuse_unused(args, {"activation": "--activation"}, "for --model window and mlp")
        built = classifier_graph(args)
    size = sum(node.value.size for node in built.variables.values())
    if size > MAX_PARAMETERS:
        raise UsageError(f"the model has {size:,} parameters; gradcheck checks at most "
                         f"{MAX_PARAMETERS:,} (choose a smaller --d or --hidden)")
    return built


def classifier_graph(args: argparse.Namespace) -> ModelGraph:
    """Softmax regression or the 2-8-8-3 MLP on 30 points of the 3-arm spiral."""
    rng = np.random.default_rng(args.seed)
    data = generate("spiral", n_points=CHECK_POINTS, rng=rng)
    config = ClassifierConfig(hidden=() if args.model == "softmax" else (8, 8),
                              activation=args.activation or "tanh", loss=args.loss or "softmax")
    return Classifier(2, data.num_classes, config, rng).objective(data.X, data.y)


def report_json(model: str, report: GradcheckReport,
                keys: Mapping[str, str] = MappingProxyType({})) -> dict[str, Any]:
    """The report as JSON; `keys` renames a parameter whose label is not ASCII (W̃ → W_tilde)."""
    return {
        "model": model,
        "h": report.h,
        "parameters": {keys.get(check.label, check.label): {"rel_error": check.rel_error,
                                     "kinks": [list(kink) for kink in check.kinks],
                                     "exempt": check.exempt,
                                     "checked_rel_error": check.checked_rel_error,
                                     "within_noise": check.within_noise,
                                     "passed": check.passed(TOLERANCE)}
                       for check in report.parameters},
        "max_rel_error": report.max_rel_error,
        "overall_rel_error": report.overall_rel_error,
        "passed": report.passed(TOLERANCE),
    }


def _note(check: ParameterCheck) -> str:
    if check.kinks:
        return f"  ({_exempt_note(check)})"
    if check.within_noise and check.rel_error >= TOLERANCE:
        return "  (difference within rounding noise: the gradient is zero)"
    return ""


def _exempt_note(check: ParameterCheck) -> str:
    """`kink: 2 of 160 elements exempt; the other 158 agree, relative error 1.00e-11`."""
    size = check.analytic.size
    others = size - check.exempt
    exempt = f"kink: {check.exempt} of {size} element{'' if size == 1 else 's'} exempt"
    if not others:
        return f"{exempt}, no other element to check"
    if not check.passed(TOLERANCE):
        judged = "disagree"
    elif check.checked_rel_error < TOLERANCE:
        judged = "agree"
    else:
        judged = "are zero within rounding noise"
    return f"{exempt}; the other {others} {judged}, relative error {check.checked_rel_error:.2e}"


def report_lines(model: str, report: GradcheckReport) -> list[str]:
    lines = [f"gradient check of the {model} model, h = {report.h:g}"]
    for check in report.parameters:
        lines.append(f"{check.label:>10}  relative error {check.rel_error:.2e}{_note(check)}")
    verdict = "passed" if report.passed(TOLERANCE) else f"FAILED (tolerance {TOLERANCE:g})"
    exempt = sum(check.exempt for check in report.parameters)
    if exempt:
        verdict += f", {exempt} element{'' if exempt == 1 else 's'} exempt at a kink"
    lines.append(f"largest relative error {report.max_rel_error:.2e}: {verdict}")
    return lines
