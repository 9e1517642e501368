"""One run of the pitfall: the softmax window classifier ŷ = softmax(W x + b) on the topic
word's vector x, trained by gradient descent with the vectors either fine-tuned (they are
variables of the graph, and move) or frozen (constants).

Gradients are the engine's: J = mean −log ŷ_label over the training set, with x = L[rows]
looked up from the table L, is built once and compiled into a plan (bpviz.engine.plan) bound
to the run's own arrays, which each step runs forward and backward and updates in place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpviz.engine import Graph, lookup
from bpviz.engine.plan import Plan, compile_plan
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.models.objectives import loss, with_penalty
from bpviz.labs.pitfall.task import CLASSES, WORDS, Example

LEARNING_RATE = 5.0  # J is a mean over the sentences: each word gets a small share of it
L2 = 0.001  # a little weight decay on W: the boundary turns only as far as it must


@dataclass(frozen=True)
class Prediction:
    """The class the classifier gives a word, and its probability."""

    label: str
    p: float


class Run:
    """A classifier and its own copy of the word vectors, trained on `examples`."""

    def __init__(self, name: str, vectors: np.ndarray, index: dict[str, int],
                 examples: tuple[Example, ...], classifier: Classifier, fine_tune: bool) -> None:
        self.name, self.fine_tune, self.index = name, fine_tune, index
        self.examples = examples
        self.start = vectors
        self.L = vectors.copy()
        self.classifier = classifier
        self._rows = np.array([index[example.word] for example in examples], dtype=np.intp)
        self._targets = np.array([CLASSES.index(example.label) for example in examples])
        self.losses: list[float] = []
        self.trails = {word: [self.L[index[word]].copy()] for word in WORDS}
        self._plan: Plan | None = None

    def _compile(self) -> Plan:
        """J's graph, built once and compiled with its leaves bound to L and the
        classifier's parameters (updated in place, so every run sees the new values)."""
        graph = Graph()
        table = graph.variable(self.L, "L") if self.fine_tune else graph.constant(self.L, "L")
        variables = {name: graph.variable(value, name)
                     for name, value in self.classifier.params.items()}
        x = lookup(table, self._rows, label="x")
        data_loss = loss("softmax", self.classifier.scores(x, variables), self._targets)
        J = with_penalty(data_loss, [variables["W"]], 0.0, L2)
        wrt = [table, *variables.values()] if self.fine_tune else list(variables.values())
        bind = {table.id: self.L, **{variable.id: self.classifier.params[name]
                                     for name, variable in variables.items()}}
        plan = compile_plan(graph, J, wrt, bind=bind)
        self._table, self._variables = table, variables
        return plan

    def step(self) -> float:
        """One gradient step on the whole training set; J before it."""
        plan = self._plan = self._plan or self._compile()
        J = float(plan.run().item())
        for name, variable in self._variables.items():
            self.classifier.params[name] -= LEARNING_RATE * plan.grad(variable.id)
        if self.fine_tune:
            self.L -= LEARNING_RATE * plan.grad(self._table.id)
        for word, trail in self.trails.items():
            trail.append(self.L[self.index[word]].copy())
        self.losses.append(J)
        return J

    def probabilities(self, points: np.ndarray) -> np.ndarray:
        """ŷ for each row of `points` (N×2): N×classes."""
        return self.classifier.predict_proba(np.atleast_2d(points))

    def predict(self, word: str) -> Prediction:
        """The class of `word` at its current vector."""
        p = self.probabilities(self.L[self.index[word]])[0]
        best = int(p.argmax())
        return Prediction(CLASSES[best], float(p[best]))

    def moved(self, word: str) -> float:
        """How far `word`'s vector is from where it started."""
        row = self.index[word]
        return float(np.linalg.norm(self.L[row] - self.start[row]))

    def boundary(self) -> tuple[np.ndarray, float]:
        """(w, c) with the decision boundary w·x + c = 0 (the two scores equal), w·x + c > 0
        on the "screen" side."""
        W, b = self.classifier.params["W"], self.classifier.params["b"]
        return W[0] - W[1], float(b[0] - b[1])

    def accuracy(self, examples: tuple[Example, ...]) -> float:
        """The share of `examples` whose topic word is classified right."""
        rows = [self.index[example.word] for example in examples]
        predicted = self.probabilities(self.L[rows]).argmax(axis=1)
        return float(np.mean([CLASSES[k] == e.label for k, e in zip(predicted, examples)]))


def start_classifier(examples: tuple[Example, ...], rng: np.random.Generator) -> Classifier:
    """softmax(W x + b) on d = 2: W drawn by Xavier's rule, b the log of the class shares
    of `examples` (it starts out saying "week" to every word, as most sentences are)."""
    classifier = Classifier(2, len(CLASSES), ClassifierConfig(hidden=()), rng)
    counts = np.array([sum(e.label == label for e in examples) for label in CLASSES])
    classifier.params["b"][...] = np.log(counts / counts.sum())
    return classifier
