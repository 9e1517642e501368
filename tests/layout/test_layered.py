"""The layered layout: columns from topological generations, left to right, the same every
time, and few crossings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bpviz.engine import NodeInfo
from bpviz.layout.layered import (
    Edge, columns, count_crossings, edges, grid_of, layered_grid, layering, port_offset,
    port_position, split_long_edges,
)
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson
from bpviz.models.window_classifier import WindowClassifierConfig

REPO = Path(__file__).resolve().parents[2]
LESSONS = {
    "expression": ExpressionLesson,
    "scorer": WindowScorerLesson,
    "classifier": WindowClassifierLesson,
    "neural classifier": lambda: WindowClassifierLesson(WindowClassifierConfig(hidden=8)),
    "long formula": lambda: ExpressionLesson("sigmoid(x*w + y*v + b) * (x + y) + x", {
        "x": 1.0, "w": 2.0, "y": -1.0, "v": 0.5, "b": 0.1}),
}


def node(id, parents=(), op="add"):
    return NodeInfo(id, "op" if parents else "variable", op if parents else "variable",
                    f"n{id}", tuple(parents), ())


@pytest.fixture(params=sorted(LESSONS))
def trace(request):
    return LESSONS[request.param]().record()


def test_every_edge_goes_from_a_lower_to_a_higher_column(trace):
    grid = layered_grid(trace)
    assert set(grid) == {info.id for info in trace.nodes}
    for edge in edges(trace.nodes):
        assert grid[edge.source][0] < grid[edge.target][0]


def test_the_output_is_alone_in_the_last_column(trace):
    grid = layered_grid(trace)
    last = max(column for column, _ in grid.values())
    assert [n for n, (column, _) in grid.items() if column == last] == [trace.output]


def test_rows_in_a_column_are_0_to_n_without_gaps(trace):
    grid = layered_grid(trace)
    by_column = {}
    for column, row in grid.values():
        by_column.setdefault(column, []).append(row)
    for rows in by_column.values():
        assert sorted(rows) == list(range(len(rows)))


def test_the_layout_is_the_same_every_time_and_in_every_process():
    trace = WindowScorerLesson().record()
    assert layered_grid(trace) == layered_grid(WindowScorerLesson().record())
    code = ("from bpviz.layout.layered import layered_grid\n"
            "from bpviz.lessons.model_lessons import WindowScorerLesson\n"
            "print(sorted(layered_grid(WindowScorerLesson().record()).items()))\n")
    outputs = set()
    for seed in ("0", "1", "12345"):
        result = subprocess.run([sys.executable, "-c", code], check=False, cwd=REPO,
                                capture_output=True,
                                text=True, timeout=60,
                                env={**os.environ, "PYTHONHASHSEED": seed,
                                     "PYTHONPATH": str(REPO)})
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert outputs == {f"{sorted(layered_grid(trace).items())}\n"}


def test_columns_are_topological_generations_with_leaves_moved_next_to_their_use():
    # a → c → d; b feeds only d, so it sits just before d, not in column 0.
    nodes = [node(0), node(1), node(2, (0,)), node(3, (2, 1))]
    assert columns(nodes) == {0: 0, 2: 1, 1: 1, 3: 2}


def test_the_lecture_circuit_reads_inputs_then_gates_then_f():
    trace = ExpressionLesson().record()
    grid = layered_grid(trace)
    label = {info.id: info.label for info in trace.nodes}
    by_column = {}
    for node_id, (column, row) in sorted(grid.items(), key=lambda item: item[1]):
        by_column.setdefault(column, []).append(label[node_id])
    assert by_column == {0: ["x", "y", "z"], 1: ["x+y", "max(y,z)"], 2: ["(x+y)*max(y,z)"]}
    assert count_crossings(grid, edges(trace.nodes)) == 0


def test_the_window_scorer_has_its_two_windows_apart_and_few_crossings():
    trace = WindowScorerLesson().record()
    grid = layered_grid(trace)
    by_label = {info.label: grid[info.id] for info in trace.nodes}
    # The corrupt window's chain above the true one's, or below, but never mixed up.
    above = by_label["x_c"][1] < by_label["x"][1]
    for mine, other in (("z_c", "z"), ("h_c", "h"), ("s_c", "s")):
        assert (by_label[mine][1] < by_label[other][1]) == above
    assert by_label["J"][0] == max(column for column, _ in grid.values())
    crossings = count_crossings(grid, edges(trace.nodes))
    assert crossings <= 12  # the shared words must cross over to the other window


def test_concat_inputs_enter_at_ports_in_their_order_other_ops_at_the_middle():
    nodes = [node(0), node(1), node(2), node(3, (0, 1, 2), op="concat"), node(4, (3, 0))]
    links = edges(nodes)
    concat = [edge for edge in links if edge.target == 3]
    assert [edge.port for edge in concat] == [0, 1, 2]
    assert all(edge.ordered for edge in concat)
    assert [port_position(edge) for edge in concat] == [0.25, 0.5, 0.75]
    into_add = [edge for edge in links if edge.target == 4]
    assert not any(edge.ordered for edge in into_add)
    assert {port_position(edge) for edge in into_add} == {0.5}
    assert all(abs(port_offset(edge)) <= 0.4 for edge in links)


def test_a_parent_used_twice_gives_two_edges():
    nodes = [node(0), node(1, (0, 0), op="mul")]
    assert edges(nodes) == (Edge(0, 1, 0, 2, False), Edge(0, 1, 1, 2, False))
    assert grid_of(nodes) == {0: (0, 0), 1: (1, 0)}


def test_crossings_are_counted_between_straight_segments():
    links = [Edge(0, 3, 0, 1, False), Edge(1, 2, 0, 1, False)]
    straight = {0: (0, 0), 1: (0, 1), 2: (1, 1), 3: (1, 0)}
    crossed = {0: (0, 0), 1: (0, 1), 2: (1, 0), 3: (1, 1)}
    assert count_crossings(straight, links) == 0
    assert count_crossings(crossed, links) == 1


def test_sweeps_untangle_a_crossed_start():
    # Ids put 0 over 1, but 0 feeds the lower child: a barycentre sweep swaps the children.
    nodes = [node(0), node(1), node(2, (1,)), node(3, (0,)), node(4, (2, 3))]
    grid = grid_of(nodes)
    assert count_crossings(grid, edges(nodes)) == 0


def test_an_empty_graph_has_an_empty_grid():
    assert grid_of([]) == {}


def test_an_edge_skipping_columns_gets_a_lane_in_each_column_between():
    # 0 → 1 → 2 → 3, and 0 → 3 directly: that edge passes columns 1 and 2.
    nodes = [node(0), node(1, (0,)), node(2, (1,)), node(3, (2, 0))]
    column = columns(nodes)
    links, lanes = split_long_edges(edges(nodes), column)
    skipping = list(edges(nodes)).index(Edge(0, 3, 1, 2, False))
    assert lanes == {skipping: (-1, -2)}
    assert column[-1] == 1 and column[-2] == 2
    assert Edge(0, -1, 0, 1, False) in links and Edge(-1, -2, 0, 1, False) in links
    assert Edge(-2, 3, 1, 2, False) in links  # the last segment keeps the port
    assert all(column[link.target] == column[link.source] + 1 for link in links)


def test_the_layering_places_lanes_and_the_grid_leaves_them_out():
    nodes = [node(0), node(1, (0,)), node(2, (1,)), node(3, (2, 0))]
    layers = layering(nodes)
    assert {lane for lane in layers.grid if lane < 0} == {-1, -2}
    assert set(grid_of(nodes)) == {0, 1, 2, 3}
    assert all(row == 0 for _, row in grid_of(nodes).values())


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_every_segment_spans_exactly_one_column(name):
    trace = LESSONS[name]().record()
    layers = layering(trace.nodes)
    for link in layers.links:
        assert layers.grid[link.target][0] == layers.grid[link.source][0] + 1
