"""The lecture's window scorer and max-margin loss, built from engine operations.

s = uᵀ tanh(W x + b) for the true window "museums in Paris are amazing" and s_c for the
corrupt window "Not all museums in Paris", J = max(0, 1 − s + s_c). Prints the scores,
the loss and each parameter's gradient, and checks them against central differences.

    python examples/window_scorer.py
"""

import numpy as np

from bpviz.engine import Graph, concat, gradcheck, matmul, max_margin, tanh

TRUE_WINDOW = ("museums", "in", "Paris", "are", "amazing")
CORRUPT_WINDOW = ("Not", "all", "museums", "in", "Paris")
D, HIDDEN = 4, 8


def build(rng: np.random.Generator):
    """Both windows through the same W, b, u and word vectors; returns the graph and J."""
    graph = Graph()
    words = {}
    for word in TRUE_WINDOW + CORRUPT_WINDOW:
        if word not in words:
            words[word] = graph.variable(rng.normal(0.0, 0.5, D), word)
    W = graph.variable(rng.normal(0.0, 0.5, (HIDDEN, 5 * D)), "W")
    b = graph.variable(np.zeros(HIDDEN), "b")
    u = graph.variable(rng.normal(0.0, 0.5, HIDDEN), "u")

    def score(window, suffix):
        x = concat([words[word] for word in window], label=f"x{suffix}")
        z = (matmul(W, x) + b).named(f"z{suffix}")
        h = tanh(z, label=f"h{suffix}")
        return matmul(u, h, label=f"s{suffix}")

    J = max_margin(score(TRUE_WINDOW, ""), score(CORRUPT_WINDOW, "_c"), label="J")
    return graph, J


def main() -> None:
    graph, J = build(np.random.default_rng(0))
    graph.backward(J)
    s, s_c = J.parents
    print(f"s = {s.item():.6f}, s_c = {s_c.item():.6f}, J = max(0, 1 - s + s_c) = {J.item():.6f}")
    for variable in graph.variables():
        print(f"|∂J/∂{variable.label}| = {np.linalg.norm(variable.grad):.6f}  shape {variable.shape}")
    report = gradcheck(graph, J)
    print(f"gradient check: largest relative error {report.max_rel_error:.2e}")


if __name__ == "__main__":
    main()
