"""The lecture's circuit f(x, y, z) = (x + y) · max(y, z) at x=1, y=2, z=0, step by step.

Builds the graph with the engine, records a trace and prints every forward and
backward step: f = 6, and ∂f/∂x = 2, ∂f/∂y = 2 + 3 = 5, ∂f/∂z = 0.

    python examples/lecture_circuit.py
"""

from bpviz.engine import Graph, maximum, picture_at, record_trace


def build():
    """The circuit of lecture 4, with the lecture's names a, b and f."""
    graph = Graph()
    x, y, z = graph.variable(1.0, "x"), graph.variable(2.0, "y"), graph.variable(0.0, "z")
    a = (x + y).named("a")
    b = maximum(y, z, label="b")
    f = (a * b).named("f")
    return graph, f


def main() -> None:
    graph, f = build()
    trace = record_trace(graph, f)
    label = {info.id: info.label for info in trace.nodes}
    for number, step in enumerate(trace.steps, start=1):
        if step.phase == "forward":
            print(f"forward  {label[step.node]} = {float(step.value):g}")
            continue
        # downstream = upstream × local: the engine records each factor as data.
        sent = ", ".join(f"∂f/∂{label[part.to]} += {float(step.upstream):g} × "
                         f"{float(part.local.factor):g} = {float(part.downstream):g}"
                         for part in step.contributions)
        print(f"backward {label[step.node]}: upstream {float(step.upstream):g} → {sent}")
    final = picture_at(trace, len(trace.steps))
    for variable in trace.variables():
        print(f"∂f/∂{variable.label} = {float(final.grads[variable.id]):g}")


if __name__ == "__main__":
    main()
