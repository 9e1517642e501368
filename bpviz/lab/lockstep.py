"""Several models trained step for step on the same minibatches, in one batch order.

The first trainer draws each batch from its seeded order; the others train on the
same rows (Trainer.step(batch)). A step is all or nothing: when any model diverges,
the ones already updated in that step are put back too, so the models never drift
apart by a batch.
"""

from __future__ import annotations

from collections.abc import Mapping

from bpviz.training.divergence import DivergenceError
from bpviz.training.params import copy_params, load_params
from bpviz.training.trainer import Trainer, TrainSettings


class Lockstep:
    """Trainers keyed by name; the first one's order is everyone's. `titles` name the
    models in divergence messages (default: their keys)."""

    def __init__(self, trainers: Mapping[str, Trainer],
                 titles: Mapping[str, str] | None = None) -> None:
        self.trainers = dict(trainers)
        self.leader = next(iter(self.trainers.values()))
        self.titles = dict(titles or {})
        self.examples = 0  # training rows drawn from the order so far

    @property
    def steps(self) -> int:
        """Minibatch steps every model has taken."""
        return self.leader.steps

    @property
    def epoch(self) -> float:
        """Passes over the training set so far, fractional (0 with no training rows)."""
        rows = len(self.leader.train_set[0])
        return self.examples / rows if rows else 0.0

    def step(self) -> None:
        """One minibatch for every model; on divergence all are as before and the
        DivergenceError (with `.panel`, the model's key) names the model, step and node."""
        saved = {name: (copy_params(trainer.model.params), trainer.optimizer.snapshot())
                 for name, trainer in self.trainers.items()}
        updated: list[str] = []
        try:
            for name, trainer in self.trainers.items():
                if trainer is self.leader:
                    self._lead()
                else:
                    trainer.step(self.leader.last_batch)
                    trainer.epoch = self.leader.epoch  # a schedule reads the epoch
                updated.append(name)
        except DivergenceError as error:
            for done in updated:
                self._restore(done, *saved[done])
            raise self._named(error, name) from None

    def set_settings(self, settings: TrainSettings) -> None:
        """Every trainer uses `settings` from the next step."""
        for trainer in self.trainers.values():
            trainer.set_settings(settings)

    def _lead(self) -> None:
        try:
            self.leader.step()
        finally:  # a diverged batch is used up too, as in Trainer
            self.examples += len(self.leader.last_batch)

    def _restore(self, name: str, params: dict, optimizer_state: object) -> None:
        trainer = self.trainers[name]
        load_params(trainer.model.params, params)
        trainer.optimizer.restore(optimizer_state)
        trainer.steps -= 1

    def _named(self, error: DivergenceError, name: str) -> DivergenceError:
        title = self.titles.get(name, name)
        named = DivergenceError(error.step, f"{title}: {error.what}", error.node,
                                error.restored_to)
        named.panel = name
        return named
