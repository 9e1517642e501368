"""`bpviz pitfall`: the retraining pitfall (lecture §7) run headless: which class
"television" gets when the word vectors are fine-tuned on a small set, frozen, or
fine-tuned on a large set."""

from __future__ import annotations

import argparse

from bpviz.cli.argtypes import seed
from bpviz.cli.common import print_json
from bpviz.labs.pitfall import RULE, SHOWN, STEPS, TITLES, PitfallSession
from bpviz.labs.pitfall.task import WORDS

NAME = "pitfall"
HELP = ("fine-tune or freeze pretrained word vectors under a small classifier and see "
        "where 'television', in no training sentence, ends up")
EXAMPLE = "examples: bpviz pitfall\n          bpviz pitfall --seed 3 --json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=seed, default=0,
                        help="the seed of the pretrained vectors and the classifier (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def run(args: argparse.Namespace) -> int:
    session = PitfallSession(args.seed)
    session.run_to_end()
    if args.json:
        print_json(session.result())
        return 0
    for line in summary(session):
        print(line)
    return 0


def summary(session: PitfallSession) -> list[str]:
    """The runs' outcome as lines of text."""
    result = session.result()
    lines = [f"seed {session.seed}, {STEPS} steps of gradient descent from the same start"]
    for name in SHOWN:
        run = result[name]
        lines.append("")
        lines.append(f"{TITLES[name]}:")
        for word in WORDS:
            lines.append(f"  {word:<11} {run[word]['label']:<7} p = {run[word]['p']:.3f}   "
                         f"moved {run['moved'][word]:.3f}")
    lines.append("")
    lines.append(f"large set, sentences classified right: fine-tuned "
                 f"{session.accuracy('large'):.0%}, frozen {session.accuracy('large_freeze'):.0%}")
    lines.append(RULE)
    return lines
