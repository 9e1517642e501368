"""A run's step: the engine's gradients of J = mean −log ŷ + λ‖W‖², checked against an
independent NumPy recomputation and central differences; frozen vectors never move."""

from __future__ import annotations

import copy

import numpy as np

from bpviz.engine import Graph, lookup
from bpviz.labs.pitfall import runs
from bpviz.labs.pitfall.runs import Run, start_classifier
from bpviz.labs.pitfall.task import CLASSES, SMALL_TRAIN
from bpviz.models.objectives import loss, with_penalty


def small_run(fine_tune: bool, seed: int = 0) -> Run:
    rng = np.random.default_rng(seed)
    words = sorted({e.word for e in SMALL_TRAIN} | {"television"})
    vectors = rng.normal(size=(len(words), 2))
    classifier = start_classifier(SMALL_TRAIN, np.random.default_rng(seed + 1))
    return Run("r", vectors, {w: i for i, w in enumerate(words)}, SMALL_TRAIN,
               copy.deepcopy(classifier), fine_tune)


def objective(L, W, b, rows, targets) -> float:
    scores = L[rows] @ W.T + b
    scores = scores - scores.max(axis=1, keepdims=True)
    log_p = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(rows)), targets].mean() + runs.L2 * (W ** 2).sum())


def test_a_step_follows_the_gradient_recomputed_by_hand_and_by_differences():
    run = small_run(fine_tune=True)
    rows = np.array([run.index[e.word] for e in SMALL_TRAIN])
    targets = np.array([CLASSES.index(e.label) for e in SMALL_TRAIN])
    L, W, b = run.L.copy(), run.classifier.params["W"].copy(), run.classifier.params["b"].copy()
    # By hand: ∂J/∂s = (ŷ − y)/N, ∂J/∂W = δᵀX + 2λW, ∂J/∂b = Σδ, ∂J/∂x_i = δ_i W.
    scores = L[rows] @ W.T + b
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    delta = (p - np.eye(len(CLASSES))[targets]) / len(rows)
    grad_L = np.zeros_like(L)
    np.add.at(grad_L, rows, delta @ W)
    grad_W = delta.T @ L[rows] + 2 * runs.L2 * W
    grad_b = delta.sum(axis=0)
    # By central differences, one entry of each.
    h, at = 1e-6, {"L": (rows[0], 1), "W": (1, 0), "b": (0,)}
    for name, grad in (("L", grad_L), ("W", grad_W), ("b", grad_b)):
        values = []
        for sign in (1, -1):
            arrays = {"L": L.copy(), "W": W.copy(), "b": b.copy()}
            arrays[name][at[name]] += sign * h
            values.append(objective(arrays["L"], arrays["W"], arrays["b"], rows, targets))
        numeric = (values[0] - values[1]) / (2 * h)
        assert np.isclose(grad[at[name]], numeric, rtol=1e-5, atol=1e-8)
    J = run.step()
    assert np.isclose(J, objective(L, W, b, rows, targets))
    assert np.allclose(run.L, L - runs.LEARNING_RATE * grad_L)
    assert np.allclose(run.classifier.params["W"], W - runs.LEARNING_RATE * grad_W)
    assert np.allclose(run.classifier.params["b"], b - runs.LEARNING_RATE * grad_b)


def test_frozen_vectors_never_move_but_the_classifier_learns():
    run = small_run(fine_tune=False)
    L, W = run.L.copy(), run.classifier.params["W"].copy()
    first = run.step()
    for _ in range(20):
        last = run.step()
    assert np.array_equal(run.L, L) and run.moved("TV") == 0
    assert not np.array_equal(run.classifier.params["W"], W)
    assert last < first


def test_the_classifier_starts_from_the_class_shares():
    classifier = start_classifier(SMALL_TRAIN, np.random.default_rng(0))
    shares = [sum(e.label == c for e in SMALL_TRAIN) / len(SMALL_TRAIN) for c in CLASSES]
    assert np.allclose(classifier.params["b"], np.log(shares))


def test_a_prediction_is_the_likelier_class_and_the_trails_grow():
    run = small_run(fine_tune=True)
    run.step()
    run.step()
    p = run.probabilities(run.L[run.index["TV"]])[0]
    prediction = run.predict("TV")
    assert prediction.label == CLASSES[int(p.argmax())] and prediction.p == p.max()
    assert all(len(trail) == 3 for trail in run.trails.values())
    assert np.allclose(run.trails["TV"][-1], run.L[run.index["TV"]])


def test_the_graph_is_built_once_and_its_plan_reused(monkeypatch):
    built = []
    monkeypatch.setattr(runs, "Graph", lambda: built.append(1) or Graph())
    run, twin = small_run(fine_tune=True), small_run(fine_tune=True)
    for _ in range(5):
        run.step()
    assert len(built) == 1
    # The same steps through a graph built afresh each time give the same numbers.
    L, params = twin.L, twin.classifier.params
    for _ in range(5):
        graph = Graph()
        table = graph.variable(L, "L")
        variables = {name: graph.variable(value, name) for name, value in params.items()}
        scores = twin.classifier.scores(lookup(table, twin._rows, label="x"), variables)
        J = with_penalty(loss("softmax", scores, twin._targets), [variables["W"]], 0.0, runs.L2)
        graph.backward(J)
        for name, variable in variables.items():
            params[name] -= runs.LEARNING_RATE * variable.grad
        L -= runs.LEARNING_RATE * table.grad
    assert np.allclose(run.L, L) and np.allclose(run.classifier.params["W"], params["W"])
