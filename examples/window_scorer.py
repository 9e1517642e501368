"""The lecture's window scorer and max-margin loss, built from engine operations.

s = uᵀ tanh(W x + b) for the true window "museums in Paris are amazing" and s_c for the
corrupt window "Not all museums in Paris", J = max(0, 1 − s + s_c). Prints the scores,
the loss and each parameter's gradient, and checks them against central differences.

    python examples/window_scorer.py
"""

import numpy as np

from bpviz.engine import gradcheck
from bpviz.models.window_scorer import WindowScorer


def main() -> None:
    built = WindowScorer().objective()
    built.graph.backward(built.output)
    J = built.output
    s, s_c = J.parents
    print(f"s = {s.item():.6f}, s_c = {s_c.item():.6f}, J = max(0, 1 - s + s_c) = {J.item():.6f}")
    for name, variable in built.variables.items():
        print(f"|∂J/∂{name}| = {np.linalg.norm(variable.grad):.6f}  shape {variable.shape}")
    report = gradcheck(built.graph, J)
    print(f"gradient check: relative error over all parameters {report.overall_rel_error:.2e}")


if __name__ == "__main__":
    main()
