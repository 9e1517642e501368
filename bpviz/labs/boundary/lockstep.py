"""Several models trained step for step on the same minibatches, in one batch order.

The first trainer draws each batch from its seeded order; the others train on the
same rows (Trainer.step(batch)). A step is all or nothing: when any model diverges,
the ones already updated in that step are put back too, so the models never drift
apart by a batch. The last few steps can be undone one at a time (`rewind`), and any
state taken with `checkpoint` gone back to (`restore`); batches used stay used. The states
to undo to are kept as the trainer keeps its own (a Rollback: flat buffers copied into,
reused from step to step), not as deep copies.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from bpviz.training.divergence import DivergenceError
from bpviz.training.optimizers import Optimizer
from bpviz.training.rollback import Rollback
from bpviz.training.trainer import Trainer, TrainSettings

HISTORY = 16  # steps that can be undone: enough to get back behind a blow-up


@dataclass(frozen=True)
class ModelState:
    """One model's weights and its optimiser's state (kept by `kept`), and the optimiser."""

    kept: Rollback
    optimizer: Optimizer


@dataclass(frozen=True)
class LockstepState:
    """Every model's state after `steps` steps."""

    steps: int
    models: dict[str, ModelState]


class Lockstep:
    """Trainers keyed by name; the first one's order is everyone's. `titles` name the
    models in divergence messages (default: their keys)."""

    def __init__(self, trainers: Mapping[str, Trainer],
                 titles: Mapping[str, str] | None = None) -> None:
        self.trainers = dict(trainers)
        self.leader = next(iter(self.trainers.values()))
        self.titles = dict(titles or {})
        self.examples = 0  # training rows drawn from the order so far
        self._history: deque[LockstepState] = deque(maxlen=HISTORY)  # before each recent step
        self._spare: list[LockstepState] = []  # states no longer needed: their buffers reused

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
        saved = self._keep(self._spare.pop() if self._spare else None)
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
                self._put_back(done, saved.models[done], saved.steps)
            self._spare.append(saved)
            raise self._named(error, name) from None
        if self._history and len(self._history) == self._history.maxlen:
            self._spare.append(self._history.popleft())
        self._history.append(saved)

    def checkpoint(self) -> LockstepState:
        """Every model's state now, to come back to with `restore`."""
        return self._keep(None)

    def _keep(self, reused: LockstepState | None) -> LockstepState:
        """Every model's state now, kept in `reused`'s buffers where it has them."""
        models = {}
        for name, trainer in self.trainers.items():
            old = reused.models.get(name) if reused is not None else None
            kept = old.kept if old is not None else Rollback()
            kept.save(trainer.model.params, trainer.optimizer)
            models[name] = ModelState(kept, trainer.optimizer)
        return LockstepState(self.steps, models)

    def restore(self, state: LockstepState) -> None:
        """Every model back to `state` (the step count too); the steps since cannot be undone."""
        for name, model_state in state.models.items():
            self._put_back(name, model_state, state.steps)
        self._drop_history()

    def rewind(self) -> bool:
        """Undo the latest step that can be; False when none can."""
        if not self._history:
            return False
        state = self._history.pop()
        for name, model_state in state.models.items():
            self._put_back(name, model_state, state.steps)
        self._spare.append(state)
        return True

    def set_settings(self, settings: TrainSettings) -> None:
        """Every trainer uses `settings` from the next step (steps before cannot be undone)."""
        for trainer in self.trainers.values():
            trainer.set_settings(settings)
        self._drop_history()  # its optimiser states may be of another optimiser

    def _drop_history(self) -> None:
        self._spare.extend(self._history)
        self._history.clear()

    def _lead(self) -> None:
        try:
            self.leader.step()
        finally:  # a diverged batch is used up too, as in Trainer
            self.examples += len(self.leader.last_batch)

    def _put_back(self, name: str, state: ModelState, steps: int) -> None:
        trainer = self.trainers[name]
        trainer.optimizer = state.optimizer
        state.kept.restore(trainer.model.params, state.optimizer)
        trainer.steps = steps

    def _named(self, error: DivergenceError, name: str) -> DivergenceError:
        return model_divergence(error.step, error.what, error.node, error.restored_to, name,
                                self.titles.get(name, name))


def model_divergence(step: int, detail: str, node: str | None, restored_to: int, key: str,
                     title: str) -> DivergenceError:
    """A DivergenceError naming the model that diverged (`title: detail`); `.panel` is its
    key, `.title` and `.detail` the two parts, for a message of one's own."""
    error = DivergenceError(step, f"{title}: {detail}", node, restored_to)
    error.panel, error.title, error.detail = key, title, detail
    return error
