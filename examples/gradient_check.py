"""Gradient checking as in lecture 4: backprop against (f(θ+h) − f(θ−h)) / 2h.

A small ReLU network is checked twice: at a generic point, where backprop and central
differences agree to about 1e-10, and at a point where a ReLU input is exactly 0, where
the check flags the kink instead of reporting a false failure.

    python examples/gradient_check.py
"""


from bpviz.engine import Graph, gradcheck, matmul, relu, softmax_cross_entropy


def build(first_bias: float):
    """z = W x + b, h = relu(z), J = cross-entropy of U h for class 1."""
    graph = Graph()
    x = graph.constant([1.0, -2.0], label="x")
    W = graph.variable([[0.5, 0.25], [0.3, -0.8], [-0.6, 0.1]], "W")
    b = graph.variable([first_bias, 0.1, 0.2], "b")
    U = graph.variable([[0.2, -0.4, 0.7], [0.5, 0.3, -0.2]], "U")
    h = relu(matmul(W, x) + b, label="h")
    return graph, softmax_cross_entropy(matmul(U, h, label="f"), 1, label="J")


def report(title: str, first_bias: float) -> None:
    """Print each parameter's relative error and any elements sitting on a kink."""
    graph, J = build(first_bias)
    result = gradcheck(graph, J)
    print(title)
    for check in result.parameters:
        flag = f"  kink at {list(check.kinks)}" if check.kinks else ""
        print(f"  {check.label}: relative error {check.rel_error:.1e}{flag}")


def main() -> None:
    report("generic point:", first_bias=0.3)
    # W[0]·x = 0.5·1 + 0.25·(−2) = 0, so with b[0] = 0 the first ReLU sits on its kink.
    report("ReLU input exactly 0:", first_bias=0.0)


if __name__ == "__main__":
    main()
