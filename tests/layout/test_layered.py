"""The layered layout: columns from topological generations, left to right, the same every
time, and few crossings."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpviz.engine import NodeInfo
from bpviz.layout import layered
from bpviz.layout.layered import (
    MAX_LANES, SWEEPS, Edge, columns, count_crossings, edges, grid_of, inversions,
    layered_grid, layering, port_offset, port_position, split_long_edges,
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


def node(id, parents=(), op="Add"):
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
    nodes = [node(0), node(1), node(2), node(3, (0, 1, 2), op="Concat"), node(4, (3, 0))]
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
    nodes = [node(0), node(1, (0, 0), op="Mul")]
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


# ---------------------------------------------------------------- crossings, fast and exact

# Crossings of the lecture's circuits with the layout before it was made near-linear
# (lanes included): a new layout may only match or beat them.
CROSSINGS_BEFORE = {"expression": 0, "scorer": 3, "classifier": 0, "neural classifier": 0,
                    "long formula": 2}


def pairwise_crossings(grid, links):
    """The reference: every pair of one-column segments, crossing if their ends swap order."""
    size = {}
    for column, row in grid.values():
        size[column] = max(size.get(column, 0), row + 1)
    ends = [(grid[link.source][0], grid[link.source][1] - (size[grid[link.source][0]] - 1) / 2,
             grid[link.target][1] - (size[grid[link.target][0]] - 1) / 2 + port_offset(link))
            for link in links]
    return sum(1 for i, a in enumerate(ends) for b in ends[i + 1:]
               if a[0] == b[0] and (a[1] - b[1]) * (a[2] - b[2]) < 0)


def random_layers(rng, columns_, width, density):
    """A random layered graph: `width` nodes per column, links only between neighbours."""
    grid, links, next_id = {}, [], 0
    for column in range(columns_):
        for row in range(width):
            grid[next_id] = (column, row)
            next_id += 1
    by_column = {c: [n for n, (col, _) in grid.items() if col == c] for c in range(columns_)}
    for column in range(columns_ - 1):
        for target in by_column[column + 1]:
            parents = [s for s in by_column[column] if rng.random() < density]
            ordered = bool(rng.integers(0, 2))
            links += [Edge(s, target, port, len(parents), ordered)
                      for port, s in enumerate(parents)]
    return grid, links


def test_inversions_count_pairs_out_of_order_and_not_ties():
    assert inversions([]) == 0
    assert inversions([1, 2, 3]) == 0
    assert inversions([3, 2, 1]) == 3
    assert inversions([2, 2, 1]) == 2
    assert inversions([1.5, 1.5, 1.5]) == 0


@pytest.mark.parametrize("seed", range(6))
def test_the_fast_count_equals_the_pairwise_count(seed):
    rng = np.random.default_rng(seed)
    grid, links = random_layers(rng, columns_=4, width=int(rng.integers(2, 7)), density=0.5)
    assert count_crossings(grid, links) == pairwise_crossings(grid, links)


def test_counting_refuses_a_link_that_spans_several_columns():
    grid = {0: (0, 0), 1: (1, 0), 2: (2, 0)}
    with pytest.raises(ValueError, match="spans 2 columns"):
        count_crossings(grid, [Edge(0, 2, 0, 1, False)])


@pytest.mark.parametrize("name", sorted(CROSSINGS_BEFORE))
def test_the_lecture_circuits_cross_no_more_than_before(name):
    layers = layering(LESSONS[name]().record().nodes)
    assert layers.crossings == count_crossings(layers.grid, layers.links)
    assert layers.crossings <= CROSSINGS_BEFORE[name]


# ---------------------------------------------------------------- lanes that scale

def repeated(terms):
    """x+x+…+x as a trace's nodes: x, then a chain of adds each using x again."""
    nodes = [node(0), node(1, (0, 0))]
    nodes += [node(i, (i - 1, 0)) for i in range(2, terms)]
    return nodes


def test_a_node_used_many_times_shares_one_trunk_of_lanes():
    nodes = repeated(60)
    layers = layering(nodes)
    lanes = [lane for lane in layers.grid if lane < 0]
    assert len(lanes) == 58  # one per column x skips; a lane per edge would take 1,711
    trunk = max(layers.lanes.values(), key=len)
    assert all(chain == trunk[:len(chain)] for chain in layers.lanes.values())
    assert all(layers.grid[link.target][0] == layers.grid[link.source][0] + 1
               for link in layers.links)


def test_lanes_of_their_own_are_kept_where_they_cross_less():
    # x*y + x + x*x + x + x: one shared trunk for x would cross the edge x*x → its sum.
    layers = layering(ExpressionLesson("x*y+x+x*x+x+x", {"x": 1.0, "y": 2.0}).record().nodes)
    assert layers.crossings == 0
    chains = list(layers.lanes.values())
    assert len({chain[0] for chain in chains}) == len(chains)  # no two share a lane


def test_past_the_lane_budget_the_shortest_edges_get_lanes_and_the_rest_none():
    # 0 → 1 → 2 → 3 → 4, and 0 feeds 2 (one lane) and 4 (three lanes).
    nodes = [node(0), node(1, (0,)), node(2, (1, 0)), node(3, (2,)), node(4, (3, 0))]
    links = edges(nodes)
    column = columns(nodes)
    segments, lanes = split_long_edges(links, column, budget=2)
    assert lanes == {links.index(Edge(0, 2, 1, 2, False)): (-1,)}
    assert Edge(0, 4, 1, 2, False) in segments  # whole: drawn from column to column
    assert sum(1 for node_id in column if node_id < 0) == 1


def test_a_graph_whose_nodes_are_all_used_again_far_away_stays_within_the_budget():
    # v0+v1+…+v59 + v0+v1+…+v59: each v is used again 60 columns later; lanes for all
    # of them would take 60 × 59, in the square of the formula's length.
    names = [f"v{i}" for i in range(60)]
    nodes = ExpressionLesson("+".join(names * 2), dict.fromkeys(names, 1.0)).record().nodes
    layers = layering(nodes)
    assert sum(1 for lane in layers.grid if lane < 0) <= MAX_LANES
    assert {node_id for node_id in layers.grid if node_id >= 0} == {info.id for info in nodes}
    assert any(layers.grid[link.target][0] - layers.grid[link.source][0] > 1
               for link in layers.links)  # the longest edges run without lanes


# ---------------------------------------------------------------- bounded work

def random_dag(rng, size, reach=40):
    """`size` nodes, each but the first ten with one to three parents among the `reach` before it."""
    nodes = [node(i) for i in range(10)]
    for i in range(10, size):
        count = int(rng.integers(1, 4))
        parents = tuple(int(p) for p in rng.integers(max(0, i - reach), i, size=count))
        nodes.append(node(i, parents, op="Concat" if rng.random() < 0.1 else "Add"))
    return nodes


def test_the_sweeps_are_bounded_and_each_touches_every_cell_once(monkeypatch):
    counted = {"orders": 0, "cells": 0}
    count_orders, reorder = layered._crossings_of, layered.reorder_column

    def counting_orders(order, gaps):
        counted["orders"] += 1
        return count_orders(order, gaps)

    def counting_cells(nodes, *rest):
        counted["cells"] += len(nodes)
        return reorder(nodes, *rest)

    monkeypatch.setattr(layered, "_crossings_of", counting_orders)
    monkeypatch.setattr(layered, "reorder_column", counting_cells)
    layers = layering(random_dag(np.random.default_rng(3), 1500))
    half_sweeps = 2 * 2 * SWEEPS  # two starting orders, each sweep down then up
    assert counted["orders"] <= half_sweeps
    assert counted["cells"] <= half_sweeps * len(layers.grid)


@pytest.mark.parametrize("make", [
    lambda: repeated(1000),
    lambda: random_dag(np.random.default_rng(0), 3000),
    lambda: [node(i, (i - 1,) if i else ()) for i in range(3000)],  # a chain 3,000 long
], ids=["x used 1,000 times", "3,000 random nodes", "a chain of 3,000"])
def test_big_graphs_are_laid_out(make):
    nodes = make()
    grid = grid_of(nodes)
    assert set(grid) == {info.id for info in nodes}
    for edge in edges(nodes):
        assert grid[edge.source][0] < grid[edge.target][0]
