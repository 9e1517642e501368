"""A deterministic left-to-right layered layout of a trace's computation graph.

Columns come from networkx's topological generations; a leaf (variable or constant)
moves to the column just before its first consumer, so parameters sit where they are
used. Inside a column, nodes are ordered to keep edges from crossing: barycentre sweeps
from two starting orders, keeping the order with the fewest crossings (ties by id).
An edge into a concatenation enters at a port, one per part in the parts' order, so
`[x1; x2; …]` reads top to bottom; edges into any other op meet at its middle.

An edge that skips columns (`x` used again at the end of a formula) is cut into
one-column segments joined at lanes: placeholder nodes (negative ids) that take a slot
in each column it passes, so the edge runs between the cards there, never across one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from bpviz.engine import NodeInfo, Trace

SWEEPS = 6  # barycentre passes (each down then up); small graphs settle in two or three
ORDERED_OPS = ("concat",)  # ops whose inputs' order shows: one port per input


@dataclass(frozen=True)
class Edge:
    """Parent `source` feeds child `target` as input `port` of `ports`; `ordered` when
    the child's inputs enter at ports in that order rather than at its middle."""

    source: int
    target: int
    port: int
    ports: int
    ordered: bool


def edges(nodes: Sequence[NodeInfo]) -> tuple[Edge, ...]:
    """Every parent→child edge, one per input (a parent used twice gives two edges)."""
    return tuple(Edge(parent, info.id, port, len(info.parents), info.op.startswith(ORDERED_OPS))
                 for info in nodes for port, parent in enumerate(info.parents))


def columns(nodes: Sequence[NodeInfo]) -> dict[int, int]:
    """Each node's column: its topological generation; leaves just before their first consumer."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(info.id for info in nodes))
    graph.add_edges_from(sorted({(e.source, e.target) for e in edges(nodes)}))
    column = {node: depth for depth, generation in enumerate(nx.topological_generations(graph))
              for node in generation}
    for info in nodes:
        consumers = [column[child] for child in graph.successors(info.id)]
        if not info.parents and consumers:
            column[info.id] = min(consumers) - 1
    return column


@dataclass(frozen=True)
class Layering:
    """Nodes and lanes in columns and rows, the one-column segments between them, and for
    each edge that skips columns (by its index in `edges`) the lanes it runs through."""

    grid: Mapping[int, tuple[int, int]]
    links: tuple[Edge, ...]
    lanes: Mapping[int, tuple[int, ...]]


def layered_grid(trace: Trace) -> dict[int, tuple[int, int]]:
    """`{node_id: (column, row)}`: rows count from 0 at the top of each column."""
    return grid_of(trace.nodes)


def grid_of(nodes: Sequence[NodeInfo]) -> dict[int, tuple[int, int]]:
    """The layered grid of any set of nodes with parents, without the lanes (see `layering`)."""
    grid = layering(nodes).grid
    order = sorted((cell, node) for node, cell in grid.items() if node >= 0)
    rows: dict[int, int] = {}
    placed = {}
    for (column, _), node in order:
        placed[node] = (column, rows.get(column, 0))
        rows[column] = rows.get(column, 0) + 1
    return placed


def layering(nodes: Sequence[NodeInfo]) -> Layering:
    """Columns, lanes for long edges, and the order in each column with the fewest crossings."""
    column = columns(nodes)
    links, lanes = split_long_edges(edges(nodes), column)
    best: list[list[int]] | None = None
    best_crossings = 0
    for start in _starting_orders(column):
        for order in _sweeps(start, links):
            crossings = count_crossings(_grid(order), links)
            if best is None or crossings < best_crossings:
                best, best_crossings = order, crossings
    return Layering(_grid(best or []), links, lanes)


def split_long_edges(links: Sequence[Edge], column: dict[int, int]
                     ) -> tuple[tuple[Edge, ...], dict[int, tuple[int, ...]]]:
    """Cut each edge spanning several columns at a new lane (id −1, −2, …) in every column
    between; adds the lanes to `column`. The last segment keeps the edge's port."""
    segments: list[Edge] = []
    lanes: dict[int, tuple[int, ...]] = {}
    next_lane = -1
    for index, edge in enumerate(links):
        chain = []
        source = edge.source
        for between in range(column[edge.source] + 1, column[edge.target]):
            column[next_lane] = between
            segments.append(Edge(source, next_lane, 0, 1, False))
            chain.append(next_lane)
            source, next_lane = next_lane, next_lane - 1
        segments.append(Edge(source, edge.target, edge.port, edge.ports, edge.ordered))
        if chain:
            lanes[index] = tuple(chain)
    return tuple(segments), lanes


def _starting_orders(column: Mapping[int, int]) -> list[list[list[int]]]:
    """Nodes by id, and by id reversed: barycentre sweeps can stall in either."""
    width = max(column.values(), default=-1) + 1
    by_id = [sorted(node for node, c in column.items() if c == index) for index in range(width)]
    return [by_id, [list(reversed(nodes)) for nodes in by_id]]


def _sweeps(order: list[list[int]], links: Sequence[Edge]) -> list[list[list[int]]]:
    """The order after each down and each up barycentre sweep."""
    seen = []
    for _ in range(SWEEPS):
        for index in range(1, len(order)):
            order = _reordered(order, index, links, downward=True)
        seen.append(order)
        for index in range(len(order) - 2, -1, -1):
            order = _reordered(order, index, links, downward=False)
        seen.append(order)
    return seen


def _reordered(order: list[list[int]], index: int, links: Sequence[Edge],
               downward: bool) -> list[list[int]]:
    """Column `index` sorted by the mean position of its parents (down) or children (up)."""
    position = _positions(order)
    neighbours: dict[int, list[float]] = {node: [] for node in order[index]}
    for edge in links:
        if downward and edge.target in neighbours and edge.source in position:
            neighbours[edge.target].append(position[edge.source])
        if not downward and edge.source in neighbours:
            neighbours[edge.source].append(position[edge.target] + port_offset(edge))
    # Ties keep the current order, so a sweep never undoes the last one for nothing.
    key = {node: (sum(found) / len(found) if found else position[node], position[node], node)
           for node, found in neighbours.items()}
    return [*order[:index], sorted(order[index], key=key.__getitem__), *order[index + 1:]]


def port_position(edge: Edge) -> float:
    """Where an edge enters its child, as a fraction of the child's height from its top."""
    return (edge.port + 1) / (edge.ports + 1) if edge.ordered else 0.5


def port_offset(edge: Edge) -> float:
    """Where on its child an edge enters, in rows from the child's middle (within ±0.4)."""
    return 0.8 * (port_position(edge) - 0.5)


def _positions(order: list[list[int]]) -> dict[int, float]:
    """Rows centred on each column's middle, so short and long columns line up."""
    return {node: row - (len(nodes) - 1) / 2 for nodes in order for row, node in enumerate(nodes)}


def _grid(order: list[list[int]]) -> dict[int, tuple[int, int]]:
    return {node: (column, row) for column, nodes in enumerate(order)
            for row, node in enumerate(nodes)}


def count_crossings(grid: Mapping[int, tuple[int, int]], links: Sequence[Edge]) -> int:
    """How many pairs of edges cross, each edge a straight line from its parent to its port."""
    size = {}
    for column, row in grid.values():
        size[column] = max(size.get(column, 0), row + 1)
    ends = []
    for edge in links:
        (c0, r0), (c1, r1) = grid[edge.source], grid[edge.target]
        ends.append((c0, r0 - (size[c0] - 1) / 2, c1, r1 - (size[c1] - 1) / 2 + port_offset(edge)))
    return sum(1 for a, b in combinations(ends, 2) if _cross(a, b))


def _cross(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two segments (column, y) → (column, y) swap order where both exist."""
    left, right = max(a[0], b[0]), min(a[2], b[2])
    if left >= right:
        return False
    before = _y_at(a, left) - _y_at(b, left)
    after = _y_at(a, right) - _y_at(b, right)
    return before * after < 0


def _y_at(segment: tuple[float, ...], column: float) -> float:
    c0, y0, c1, y1 = segment
    return y0 + (y1 - y0) * (column - c0) / (c1 - c0)
