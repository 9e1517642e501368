"""Adding an operation is one class and one registration: a toy op defined here is drawn
on the stage, stepped, ledgered, gradient-checked and compiled with nothing else changed."""

from __future__ import annotations

import numpy as np
import pytest

from bpviz.app.circuit_view import CircuitView
from bpviz.app.ledger_panel import LedgerPanel
from bpviz.app.stage_model import StageModel
from bpviz.engine import Graph, gradcheck, record_trace, total
from bpviz.engine.local import product
from bpviz.engine.ops import Op, op_class, register
from bpviz.engine.plan.compiler import compile_plan
from bpviz.lessons.ledger import Ledger


@register
class Cube(Op):
    """z³;  ∂/∂z = 3z²."""

    name = "cube"
    display = "cube"
    pattern = "{0}³"
    local_names = ("3·{0}²",)

    def forward(self, z):
        return z ** 3

    def local(self, index, inputs, output):
        return product(3.0 * inputs[0] ** 2, inputs[0].shape)


def build(x_value=(0.5, -2.0)):
    graph = Graph()
    x = graph.variable(np.array(x_value), "x")
    cubed = graph.apply(Cube(), x, label="c")
    return graph, x, total(cubed, label="J")


class CubeLesson:
    """The smallest lesson: J = Σ x³."""

    title = "Toy: a cube"
    output = "J"

    def record(self):
        graph, _, J = build()
        return record_trace(graph, J)

    def update(self, lr):
        return self.record()

    def gradcheck(self):
        graph, _, J = build()
        return gradcheck(graph, J)


def test_the_toy_op_is_registered_and_backprop_uses_its_local_derivative():
    graph, x, J = build()
    graph.backward(J)
    np.testing.assert_array_equal(x.grad, 3.0 * np.array([0.5, -2.0]) ** 2)
    assert op_class("Cube") is Cube
    assert gradcheck(graph, J).passed()


def test_the_toy_op_is_ledgered_from_its_own_declarations():
    ledger = Ledger(CubeLesson().record())
    text = ledger.view(len(ledger.trace.steps)).text
    assert "c = x³" in text
    assert "∂J/∂x (2) = ∂J/∂c (2) ∘ 3·x² (2) = [0.75, 12]" in text


def test_the_toy_op_compiles_with_the_ops_own_code():
    graph, x, J = build()
    plan = compile_plan(graph, J, [x])
    assert float(plan.run()) == pytest.approx(0.125 - 8.0)
    np.testing.assert_allclose(plan.grad(x.id), [0.75, 12.0])


def test_the_toy_op_is_drawn_and_stepped(qtbot):
    model = StageModel(CubeLesson())
    view = CircuitView(model)
    ledger = LedgerPanel(model)
    for widget in (view, ledger):
        qtbot.addWidget(widget)
        widget.resize(600, 400)
        widget.show()
    cube = next(info for info in model.trace.nodes if info.op == "Cube")
    assert view.node_item(cube.id).meta.text().startswith("cube")
    model.seek(len(model.trace.steps))
    assert "∘ 3·x²" in ledger.plain_text()
