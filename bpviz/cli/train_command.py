"""`bpviz train`: train softmax regression or an MLP on a toy data set or a CSV file."""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict
from typing import Any

import numpy as np

from bpviz.cli.common import print_json
from bpviz.cli.argtypes import positive_int, real, seed, whole
from bpviz.cli.model_options import refuse_unused
from bpviz.cli.parser import UsageError
from bpviz.cli.terminal_text import escape_controls
from bpviz.data.arguments import MAX_NOISE
from bpviz.data.csv_format import load_csv
from bpviz.data.dataset import Dataset, split
from bpviz.data.generators import GENERATORS, generate
from bpviz.data.scaling import input_scaling
from bpviz.models.activations import ACTIVATIONS
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.models.objectives import LOSSES
from bpviz.training.init import INITIALIZERS
from bpviz.training.optimizers import OPTIMIZERS
from bpviz.training.schedules import SCHEDULES
from bpviz.training.trainer import EpochRecord, Trainer, TrainSettings

NAME = "train"
HELP = "train softmax regression or an MLP and print its loss and accuracy"
EXAMPLE = ("examples: bpviz train --data spiral --model mlp --hidden 16,16 --epochs 200\n"
           "          bpviz train --data points.csv --model softmax --json")


MAX_LAYERS, MAX_UNITS = 8, 1024  # far beyond what a 2-D picture needs, well within memory


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="spiral", metavar="{" + ",".join(GENERATORS) + ",PATH.csv}",
                        help="a built-in data set or a CSV file (default spiral)")
    parser.add_argument("--model", choices=("softmax", "mlp"), default="mlp",
                        help="softmax regression (linear) or a neural net (default mlp)")
    parser.add_argument("--hidden", type=hidden_sizes,
                        help=f"the MLP's hidden layer sizes, e.g. 16,16 (default 8,8; at most "
                             f"{MAX_LAYERS} layers of {MAX_UNITS} units)")
    parser.add_argument("--activation", choices=tuple(ACTIVATIONS),
                        help="the MLP's non-linearity f (default tanh)")
    parser.add_argument("--loss", choices=tuple(LOSSES), default="softmax",
                        help="softmax cross-entropy, multi-class max-margin or squared error "
                             "(default softmax)")
    parser.add_argument("--optimizer", choices=tuple(OPTIMIZERS), default="adam",
                        help="the update rule (default adam)")
    parser.add_argument("--lr", type=real(0, above_low=True), default=0.03,
                        help="learning rate (default 0.03)")
    parser.add_argument("--decay", choices=tuple(SCHEDULES), default="constant",
                        help="learning-rate decay: constant, step (halve every 5 epochs) or "
                             "exponential (×0.9 each epoch); default constant")
    parser.add_argument("--l1", type=real(0), default=0.0, help="L1 penalty λ (default 0)")
    parser.add_argument("--l2", type=real(0), default=0.0, help="L2 penalty λ (default 0)")
    parser.add_argument("--init", choices=tuple(INITIALIZERS), default="xavier",
                        help="Xavier uniform, Xavier normal, or small random N(0, 0.01²) "
                             "(default xavier)")
    parser.add_argument("--epochs", type=whole(1, 100_000), default=100,
                        help="passes over the training points (default 100)")
    parser.add_argument("--batch-size", type=whole(0, 1_000_000), default=32,
                        help="minibatch size; 0 for the full batch (default 32)")
    parser.add_argument("--points", type=positive_int, help="points to generate")
    parser.add_argument("--noise", type=real(0, MAX_NOISE),
                        help=f"noise of the generated data (0 to {MAX_NOISE:g})")
    parser.add_argument("--classes", type=whole(2, 5), help="classes of gauss and spiral (2-5)")
    parser.add_argument("--train-fraction", type=real(0, 1, above_low=True), default=0.5,
                        help="share of the points used for training (default 0.5)")
    parser.add_argument("--seed", type=seed, default=0, help="random seed (default 0)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON with the per-epoch history")


def hidden_sizes(text: str) -> tuple[int, ...]:
    """`8,8` as (8, 8): each layer at least one unit."""
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 8,8, got {text!r}") from None
    if any(size < 1 for size in sizes):
        raise argparse.ArgumentTypeError(f"every hidden layer needs at least 1 unit, got {text!r}")
    if len(sizes) > MAX_LAYERS or max(sizes) > MAX_UNITS:
        raise argparse.ArgumentTypeError(f"at most {MAX_LAYERS} layers of {MAX_UNITS} units, "
                                         f"got {text!r}")
    return sizes


def run(args: argparse.Namespace) -> int:
    rng = np.random.default_rng(args.seed)
    dataset = load_data(args, rng)
    parts = split(dataset, args.train_fraction, rng)
    if args.model == "softmax":
        refuse_unused(args, {"hidden": "--hidden", "activation": "--activation"},
                      "for --model mlp")
    config = ClassifierConfig(hidden=(args.hidden or (8, 8)) if args.model == "mlp" else (),
                              activation=args.activation or "tanh", loss=args.loss, l1=args.l1,
                              l2=args.l2, init=args.init)
    model = Classifier(2, dataset.num_classes, config, rng)
    settings = TrainSettings(optimizer=args.optimizer, lr=args.lr, batch_size=args.batch_size,
                             schedule=args.decay)
    scaling = input_scaling(dataset.X)
    seen = (lambda X: X) if scaling is None else scaling.apply
    trainer = Trainer(model, (seen(parts.train.X), parts.train.y),
                      (seen(parts.test.X), parts.test.y), settings, rng)
    history = [trainer.run_epoch() for _ in range(args.epochs)]
    describe = f"{args.model} {'-'.join(map(str, model.sizes))}"
    standardised = None if scaling is None else scaling.describe(dataset.header[:2])
    if args.json:
        print_json({**result_json(args, dataset, describe, history),
                    "standardised": standardised})
    else:
        # The file's name and header are the user's: escape sequences in them are shown.
        for line in result_lines(args, dataset, len(parts.train), describe, history[-1]):
            print(escape_controls(line))
        if standardised:
            print(escape_controls(f"features standardised (they reach beyond ±10): "
                                  f"{standardised}"))
    return 0


def load_data(args: argparse.Namespace, rng: np.random.Generator) -> Dataset:
    """The built-in generator named by --data, or the CSV file at that path."""
    if args.data not in GENERATORS:
        if not args.data:
            raise UsageError("--data needs a data set name or a CSV file's path")
        if any(value is not None for value in (args.points, args.noise, args.classes)):
            raise UsageError("--points, --noise and --classes are for the built-in data sets")
        return load_csv(args.data)
    return generate(args.data, n_points=args.points, noise=args.noise, classes=args.classes,
                    rng=rng)


def _number(value: float) -> float | None:
    """JSON has no NaN: a metric of an empty test set is null."""
    return None if math.isnan(value) else value


def result_json(args: argparse.Namespace, dataset: Dataset, describe: str,
                history: list[EpochRecord]) -> dict[str, Any]:
    last = history[-1]
    return {
        "data": args.data, "points": len(dataset), "classes": list(dataset.class_names),
        "model": describe,
        "train": {"loss": _number(last.train_loss), "accuracy": _number(last.train_accuracy)},
        "test": {"loss": _number(last.test_loss), "accuracy": _number(last.test_accuracy)},
        "history": [{key: _number(value) if isinstance(value, float) else value
                     for key, value in asdict(record).items()} for record in history],
    }


def result_lines(args: argparse.Namespace, dataset: Dataset, train_points: int, describe: str,
                 last: EpochRecord) -> list[str]:
    test_points = len(dataset) - train_points
    activation = f"{args.activation or 'tanh'}, " if args.model == "mlp" else ""
    return [
        f"{describe} ({activation}{args.loss} loss, {args.optimizer} lr {args.lr:g}) "
        f"on {args.data}: {train_points} training and {test_points} test points, "
        f"{_count(last.epoch, 'epoch')} ({_count(last.steps, 'step')})",
        _metrics("train", last.train_loss, last.train_accuracy),
        _metrics("test", last.test_loss, last.test_accuracy),
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _metrics(name: str, loss: float, accuracy: float) -> str:
    if math.isnan(loss):
        return f"{name + ':':6} no points"
    return f"{name + ':':6} loss {loss:.4f}  accuracy {100 * accuracy:.1f} %"
