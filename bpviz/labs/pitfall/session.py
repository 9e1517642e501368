"""The retraining pitfall (lecture §7), headless: pretrained word vectors, a classifier on
top, and runs from the same start trained step for step.

- fine_tune: the small training set ("TV", "telly", never "television"), vectors train;
- freeze: the same set and start, vectors fixed;
- large: the large training set (television included), vectors train;
- large_freeze: the large set with vectors fixed, to show what fine-tuning gains there.

With fine-tuning, TV and telly move across the boundary and television, in no training
sentence, stays behind on the wrong side; frozen, television is classified with its
neighbours. Deterministic: the same seed gives the same runs bit for bit.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from bpviz.errors import BpvizError
from bpviz.labs.pitfall.picture import task_words, word_extent
from bpviz.labs.pitfall.pretrained import Pretrained, pretrain
from bpviz.labs.pitfall.runs import Prediction, Run, start_classifier
from bpviz.labs.pitfall.seeds import pitfall_rng
from bpviz.labs.pitfall.task import LARGE_TRAIN, SMALL_TRAIN, WORDS, Example

STEPS = 600  # gradient steps of every run: enough for each to settle
RUNS = ("fine_tune", "freeze", "large", "large_freeze")
SHOWN = ("fine_tune", "freeze", "large")  # the runs side by side (and in the JSON)
TITLES = {"fine_tune": "Small data, fine-tuned", "freeze": "Small data, frozen",
          "large": "Large data, fine-tuned", "large_freeze": "Large data, frozen"}
RULE = ("If you have only a small training set, don't fine-tune the word vectors; "
        "with a large one, fine-tuning can pay off.")
# What the large run shows depends on the seed's pretrained vectors (13 of seeds 0–19 show
# a gain in accuracy; the default seed 0 does: 100% against 60%).
LARGE_NOTE = ("How much fine-tuning gains on the large set depends on the seed: where the "
              "pretrained vectors already part the screen words from the days, frozen "
              "vectors get the large set right too, and fine-tuning only lowers the loss.")
MAX_SEED = 2**32 - 1


class PitfallSession:
    """The runs of RUNS on one seed's pretrained vectors: step them, read what to draw."""

    def __init__(self, seed: int = 0) -> None:
        if not (isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= MAX_SEED):
            raise BpvizError(f"the seed must be a whole number from 0 to {MAX_SEED:,}, "
                             f"not {seed!r}")
        self.seed = seed
        self.pretrained: Pretrained = pretrain(seed)
        self.reset()

    def reset(self) -> None:
        """Every run back to the pretrained vectors and its untrained classifier."""
        vectors, index = self.pretrained.vectors, self.pretrained.vocabulary.index

        def runs(examples: tuple[Example, ...], names: tuple[str, str]) -> dict[str, Run]:
            start = start_classifier(examples, pitfall_rng(self.seed, "classifier"))
            return {name: Run(name, vectors, index, examples, copy.deepcopy(start), tune)
                    for name, tune in zip(names, (True, False))}

        self.runs = {**runs(SMALL_TRAIN, ("fine_tune", "freeze")),
                     **runs(LARGE_TRAIN, ("large", "large_freeze"))}
        self.steps = 0

    @property
    def at_end(self) -> bool:
        return self.steps >= STEPS

    def step(self, count: int = 1) -> int:
        """Up to `count` steps of every run (none past STEPS); how many were taken."""
        taken = max(0, min(count, STEPS - self.steps))
        for _ in range(taken):
            for run in self.runs.values():
                run.step()
        self.steps += taken
        return taken

    def run_to_end(self) -> None:
        self.step(STEPS - self.steps)

    def predictions(self, run: str) -> dict[str, Prediction]:
        """The class each of WORDS gets in `run` now."""
        return {word: self.runs[run].predict(word) for word in WORDS}

    def large_gain(self) -> float | None:
        """What fine-tuning gains on the large set after training: the fine-tuned run's
        accuracy on it minus the frozen run's (None before the end of training)."""
        if not self.at_end:
            return None
        return self.accuracy("large") - self.accuracy("large_freeze")

    def accuracy(self, run: str) -> float:
        """The share of the large set's sentences `run` classifies right (every word of the
        task, in its current place)."""
        return self.runs[run].accuracy(LARGE_TRAIN)

    def result(self) -> dict[str, Any]:
        """What `bpviz pitfall --json` prints: for each shown run, each word's class and its
        probability, and how far each word's vector moved."""
        return {name: {**{word: {"label": p.label, "p": p.p}
                          for word, p in self.predictions(name).items()},
                       "moved": {word: self.runs[name].moved(word) for word in WORDS}}
                for name in SHOWN}

    def extent(self) -> tuple[float, float, float, float]:
        """A square (x0, x1, y0, y1) around the task's words where they started and where
        they are in each run, and every trail so far: one box for every run, to compare."""
        rows = [self.pretrained.vocabulary.id(word) for word in task_words()]
        return word_extent([self.pretrained.vectors[rows]]
                           + [self.points(name)[1] for name in self.runs]
                           + [np.array(trail) for run in self.runs.values()
                              for trail in run.trails.values()])

    def points(self, run: str) -> tuple[tuple[str, ...], np.ndarray]:
        """The task's words and where they are now in `run` (n×2)."""
        words = task_words()
        table, index = self.runs[run].L, self.pretrained.vocabulary.index
        return words, table[[index[word] for word in words]]
