"""What every stage lesson over a model shares: record its trace, check its gradients, and
one SGD update of the rows it used, rolled back if the next pass overflows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from bpviz.engine import GradcheckReport, NonFiniteError, Trace, gradcheck
from bpviz.training.divergence import DivergenceError
from bpviz.training.optimizers import make_optimizer
from bpviz.training.params import copy_params, load_params


class ObjectiveModel(Protocol):
    """A model that builds its objective as a graph and records a pass over it."""

    params: Mapping[str, np.ndarray]

    def record(self) -> Trace: ...

    def objective(self): ...

    def gradients(self) -> tuple: ...


class ModelLesson:
    """A stage lesson over `model`, trained with SGD (only the rows it used)."""

    output = "J"

    def __init__(self, model: ObjectiveModel) -> None:
        self.model = model
        self.optimizer = make_optimizer("sgd")

    def record(self) -> Trace:
        return self.model.record()

    def gradcheck(self) -> GradcheckReport:
        built = self.model.objective()
        return gradcheck(built.graph, built.output)

    def update(self, lr: float) -> Trace:
        """One SGD step at `lr`, then the new pass; an overflowing step is undone first."""
        _, grads, rows = self.model.gradients()
        saved = copy_params(self.model.params)
        self.optimizer.step(self.model.params, grads, lr, rows=rows or None)
        try:
            return self.model.record()
        except NonFiniteError as error:
            load_params(self.model.params, saved)
            raise DivergenceError.from_engine(1, error) from None
