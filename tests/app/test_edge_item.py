"""Edges of the circuit view: a lane per column skipped, and a node's long edges along one
trunk drawn once at rest, each edge whole when it is lit."""

from PySide6.QtCore import QPointF

from bpviz.app.circuit_view import CircuitView
from bpviz.app.edge_item import FORWARD, REST, EdgeItem
from bpviz.app.stage_model import StageModel
from bpviz.app.theme import LIGHT
from bpviz.layout.layered import Edge
from bpviz.lessons.expression_lesson import ExpressionLesson

LANES = [(100.0, 140.0, 50.0), (200.0, 240.0, 50.0), (300.0, 340.0, 50.0)]


def make_edge(shared):
    return EdgeItem(Edge(0, 1, 0, 1, False), QPointF(0, 0), QPointF(420, 80), LIGHT,
                    leave_x=40.0, enter_x=400.0, lanes=LANES, shared=shared)


def test_an_edge_on_a_shared_trunk_draws_only_its_branch_at_rest():
    whole, branch = make_edge(shared=0), make_edge(shared=2)
    assert whole.path == branch.path  # the same edge, parent to child
    assert whole.boundingRect().left() < 0
    assert branch.boundingRect().left() >= 200.0 - 8  # from the last lane it shares


def test_a_lit_edge_draws_its_whole_path_and_goes_back_to_its_branch():
    edge = make_edge(shared=2)
    rest = edge.boundingRect()
    edge.set_state(FORWARD)
    assert edge.boundingRect().contains(edge.path.boundingRect())
    edge.set_state(REST)
    assert edge.boundingRect() == rest


def test_a_node_used_many_times_draws_its_trunk_once(qtbot):
    terms = 40
    model = StageModel(ExpressionLesson("+".join(["x"] * terms), {"x": 1.0}))
    view = CircuitView(model)
    qtbot.addWidget(view)
    x = view.node_item(0)
    from_x = [edge for edge in view.edge_items() if edge.edge.source == 0]
    assert len(from_x) == terms
    x_right = x.output_point().x()
    for edge in from_x:  # each edge, whole, still runs from x to its child
        target = view.node_item(edge.edge.target)
        assert edge.path.pointAtPercent(0).x() == x_right
        assert edge.path.pointAtPercent(1).x() <= target.pos().x()
    # At rest the edges together draw about one trunk, not one per edge.
    drawn = sum(edge.boundingRect().width() for edge in from_x)
    assert drawn < 3 * (view.node_item(model.trace.output).pos().x() - x_right)
