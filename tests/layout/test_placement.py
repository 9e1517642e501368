"""Placing a layered grid in pixels: columns left to right without overlap, nodes in each
column in grid order with the gap between them, pulled level with their neighbours."""

from itertools import pairwise

import pytest

from bpviz.layout.layered import Edge, edges, layered_grid
from bpviz.layout.placement import pack, place
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson

COLUMN_GAP, ROW_GAP = 26.0, 10.0


def sizes_for(trace):
    """Varied sizes, as cards have: wider and taller for bigger arrays."""
    return {info.id: (60.0 + 4 * (sum(info.shape) % 30), 40.0 + 2 * len(info.label))
            for info in trace.nodes}


@pytest.fixture(params=[ExpressionLesson, WindowScorerLesson, WindowClassifierLesson])
def laid_out(request):
    trace = request.param().record()
    grid, sizes, links = layered_grid(trace), sizes_for(trace), edges(trace.nodes)
    return trace, grid, sizes, place(grid, sizes, links, COLUMN_GAP, ROW_GAP)


def test_columns_go_left_to_right_with_the_gap_between_them(laid_out):
    trace, _, sizes, positions = laid_out
    for edge in edges(trace.nodes):
        source_right = positions[edge.source][0] + sizes[edge.source][0]
        assert source_right + COLUMN_GAP <= positions[edge.target][0] + 1e-9


def test_nodes_in_a_column_keep_grid_order_and_never_overlap(laid_out):
    _, grid, sizes, positions = laid_out
    columns = {}
    for node, (column, row) in grid.items():
        columns.setdefault(column, []).append((row, node))
    for nodes in columns.values():
        ordered = [node for _, node in sorted(nodes)]
        for upper, lower in pairwise(ordered):
            assert positions[upper][1] + sizes[upper][1] + ROW_GAP <= positions[lower][1] + 1e-6


def test_the_layout_starts_at_the_top_left(laid_out):
    _, _, _, positions = laid_out
    assert min(x for x, _ in positions.values()) == 0.0
    assert min(y for _, y in positions.values()) == pytest.approx(0.0)


def test_the_same_input_gives_the_same_positions():
    trace = WindowScorerLesson().record()
    grid, sizes, links = layered_grid(trace), sizes_for(trace), edges(trace.nodes)
    assert place(grid, sizes, links, 20, 8) == place(grid, sizes, links, 20, 8)


def test_a_chain_is_drawn_level():
    grid = {0: (0, 0), 1: (1, 0), 2: (2, 0)}
    links = [Edge(0, 1, 0, 1, False), Edge(1, 2, 0, 1, False)]
    sizes = {0: (50.0, 30.0), 1: (40.0, 60.0), 2: (50.0, 30.0)}
    positions = place(grid, sizes, links, 10, 5)
    middles = {node: positions[node][1] + sizes[node][1] / 2 for node in grid}
    assert middles[0] == pytest.approx(middles[1]) == pytest.approx(middles[2])
    assert [positions[node][0] for node in grid] == [0.0, 60.0, 110.0]


def test_narrow_nodes_are_centred_in_their_column():
    grid = {0: (0, 0), 1: (0, 1)}
    positions = place(grid, {0: (100.0, 20.0), 1: (40.0, 20.0)}, [], 10, 5)
    assert positions[1][0] == 30.0


def test_pack_keeps_order_and_gap_and_is_least_squares():
    assert pack([0, 0, 0], [10, 10, 10], 5) == pytest.approx([-15, 0, 15])
    assert pack([0, 100], [10, 10], 5) == [0, 100]       # already apart: untouched
    assert pack([], [], 5) == []
    tops = pack([50, 0, 20], [10, 20, 10], 4)
    assert tops[1] - tops[0] >= 14 - 1e-9 and tops[2] - tops[1] >= 24 - 1e-9


def test_a_chain_of_3000_is_placed_level():
    # Every column used to look at every link: 3,000 columns took minutes.
    count = 3000
    grid = {i: (i, 0) for i in range(count)}
    links = [Edge(i, i + 1, 0, 1, False) for i in range(count - 1)]
    sizes = {i: (50.0, 30.0 + 10 * (i % 3)) for i in range(count)}
    positions = place(grid, sizes, links, 10, 5)
    middles = {positions[i][1] + sizes[i][1] / 2 for i in range(count)}
    assert max(middles) - min(middles) == pytest.approx(0.0)
    assert positions[count - 1][0] == pytest.approx(sum(60.0 for _ in range(count - 1)))
