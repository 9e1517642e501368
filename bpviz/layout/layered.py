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
The edges of one parent share its lanes, so a node used n times adds n lanes, not n²
(on a small graph, lanes of their own are tried too and kept if they cross less); past
MAX_LANES lanes, the longest edges get none.

The work is near-linear: at most 2 × 2 × SWEEPS half-sweeps (two starting orders),
each sorting every column by its neighbours' mean row once, and crossings counted per
column gap as inversions with a Fenwick tree (O(E log E)); sweeps stop early once an
order is crossing-free or a sweep changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from bpviz.engine import NodeInfo, Trace

SWEEPS = 6  # barycentre passes (each down then up); small graphs settle in two or three
SEPARATE_LANES = 1_000  # most lanes for trying a lane per edge instead of per parent
# Most lanes in a layout. Past it (a graph whose many nodes are each used again far
# away: their number grows with the square of its size) the longest edges get none and
# are drawn straight from column to column, behind the cards in between.
MAX_LANES = 2_000


@dataclass(frozen=True)
class Edge:
    """Parent `source` feeds child `target` as input `port` of `ports`; `ordered` when
    the child's inputs enter at ports in that order rather than at its middle."""

    source: int
    target: int
    port: int
    ports: int
    ordered: bool


def _ordered_inputs(info: NodeInfo) -> bool:
    """Whether the order of `info`'s inputs shows (one port per input, top to bottom)."""
    return info.op_class is not None and info.op_class.ordered_inputs


def edges(nodes: Sequence[NodeInfo]) -> tuple[Edge, ...]:
    """Every parent→child edge, one per input (a parent used twice gives two edges)."""
    found = []
    for info in nodes:
        ordered = _ordered_inputs(info) if info.parents else False
        found.extend(Edge(parent, info.id, port, len(info.parents), ordered)
                     for port, parent in enumerate(info.parents))
    return tuple(found)


def columns(nodes: Sequence[NodeInfo]) -> dict[int, int]:
    """Each node's column: its topological generation; leaves just before their first consumer."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(info.id for info in nodes))
    graph.add_edges_from(sorted({(parent, info.id) for info in nodes for parent in info.parents}))
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
    crossings: int = 0  # how many pairs of the one-column links cross


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
    """Columns, lanes for long edges, and the order in each column with the fewest crossings.

    A parent's long edges share its lanes; on a small graph, lanes of their own per edge
    are tried too and kept if they cross less (sharing is tidier at a tie)."""
    column = columns(nodes)
    links = edges(nodes)
    best: Layering | None = None
    best_crossings = 0
    for shared in _lane_choices(links, column):
        placed = dict(column)
        segments, lanes = split_long_edges(links, placed, shared)
        order, crossings = fewest_crossings(placed, segments)
        if best is None or crossings < best_crossings:
            best, best_crossings = Layering(_grid(order), segments, lanes, crossings), crossings
    return best


def _lane_choices(links: Sequence[Edge], column: Mapping[int, int]) -> tuple[bool, ...]:
    """Shared lanes; and separate ones too where that differs and costs at most
    SEPARATE_LANES lanes (their number grows with the square of a node's uses)."""
    spans = {index: column[edge.target] - column[edge.source] - 1
             for index, edge in enumerate(links)}
    parents = [links[index].source for index, span in spans.items() if span > 0]
    separate = sum(max(span, 0) for span in spans.values())
    if len(set(parents)) == len(parents) or separate > SEPARATE_LANES:
        return (True,)  # nothing to share, or too many lanes to try
    return (True, False)


def split_long_edges(links: Sequence[Edge], column: dict[int, int], shared: bool = True,
                     budget: int = MAX_LANES
                     ) -> tuple[tuple[Edge, ...], dict[int, tuple[int, ...]]]:
    """Cut each edge spanning several columns at a lane (id −1, −2, …) in every column
    between; adds the lanes to `column`. With `shared`, the edges of one parent share its
    lane in a column (a trunk they leave where they end). The last segment keeps the port.

    At most `budget` lanes: past it the shortest edges get theirs first, and the rest stay
    whole (links spanning several columns, without lanes)."""
    segments: list[Edge] = []
    lanes: dict[int, tuple[int, ...]] = {}
    laned = _laned(links, column, shared, budget)
    trunks: dict[int, list[int]] = {}  # each parent's (or edge's) lanes, column after column
    next_lane = -1
    for index, edge in enumerate(links):
        span = column[edge.target] - column[edge.source] - 1
        if span <= 0 or index not in laned:
            segments.append(edge)
            continue
        trunk = trunks.setdefault(edge.source if shared else -index - 1, [])
        for between in range(column[edge.source] + len(trunk) + 1, column[edge.target]):
            column[next_lane] = between
            segments.append(Edge(trunk[-1] if trunk else edge.source, next_lane, 0, 1, False))
            trunk.append(next_lane)
            next_lane -= 1
        lanes[index] = tuple(trunk[:span])
        segments.append(Edge(trunk[span - 1], edge.target, edge.port, edge.ports, edge.ordered))
    return tuple(segments), lanes


def _laned(links: Sequence[Edge], column: Mapping[int, int], shared: bool,
           budget: int) -> set[int]:
    """The indices of the long edges that get lanes: all if they fit in `budget` lanes,
    else the shortest first (ties by index) while they do."""
    spans = {index: column[edge.target] - column[edge.source] - 1
             for index, edge in enumerate(links)}
    trunk: dict[int, int] = {}  # lanes each trunk needs so far
    used = 0
    chosen = set()
    for index in sorted((i for i, span in spans.items() if span > 0), key=spans.__getitem__):
        key = links[index].source if shared else -index - 1
        extra = max(0, spans[index] - trunk.get(key, 0))
        if used + extra <= budget:
            used += extra
            trunk[key] = trunk.get(key, 0) + extra
            chosen.add(index)
    return chosen


def fewest_crossings(column: Mapping[int, int], links: Sequence[Edge]
                     ) -> tuple[list[list[int]], int]:
    """The nodes of each column, top to bottom, and their crossings: of the orders the
    sweeps pass through, the first with the fewest. Every link must span one column."""
    parents, children = _neighbours(links)
    gaps = _gaps(column, links)
    best: list[list[int]] | None = None
    best_crossings = 0
    for start in _starting_orders(column):
        for order in _sweeps(start, parents, children):
            crossings = _crossings_of(order, gaps)
            if best is None or crossings < best_crossings:
                best, best_crossings = order, crossings
            if best_crossings == 0:
                return best, 0  # nothing can beat it, and ties keep the first
    return best or [], best_crossings


def _neighbours(links: Sequence[Edge]) -> tuple[dict[int, list[int]],
                                                 dict[int, list[tuple[int, float]]]]:
    """Each node's parents, and its children with where on them it enters, in link order."""
    parents: dict[int, list[int]] = {}
    children: dict[int, list[tuple[int, float]]] = {}
    for edge in links:
        parents.setdefault(edge.target, []).append(edge.source)
        children.setdefault(edge.source, []).append((edge.target, port_offset(edge)))
    return parents, children


def _starting_orders(column: Mapping[int, int]) -> list[list[list[int]]]:
    """Nodes by id, and by id reversed: barycentre sweeps can stall in either."""
    width = max(column.values(), default=-1) + 1
    by_id: list[list[int]] = [[] for _ in range(width)]
    for node in sorted(column):
        by_id[column[node]].append(node)
    return [by_id, [list(reversed(nodes)) for nodes in by_id]]


def _sweeps(order: list[list[int]], parents: Mapping[int, list[int]],
            children: Mapping[int, list[tuple[int, float]]]) -> Iterator[list[list[int]]]:
    """The order after each down and each up barycentre sweep, at most SWEEPS of each;
    a sweep that changes nothing yields nothing new (its crossings are known), and once
    a whole sweep leaves the order as it found it the rest would only repeat it."""
    order = [list(nodes) for nodes in order]
    position = _positions(order)
    fresh = True  # nothing yielded yet
    for _ in range(SWEEPS):
        before = [list(nodes) for nodes in order]
        for downward in (True, False):
            changed = False
            indices = range(1, len(order)) if downward else range(len(order) - 2, -1, -1)
            for index in indices:
                nodes = reorder_column(order[index], position, parents if downward else {},
                                       {} if downward else children)
                if nodes != order[index]:
                    order[index] = nodes
                    _place(nodes, position)
                    changed = True
            if changed or fresh:
                fresh = False
                yield [list(nodes) for nodes in order]
        if order == before:
            return


def reorder_column(nodes: Sequence[int], position: Mapping[int, float],
                   parents: Mapping[int, Sequence[int]],
                   children: Mapping[int, Sequence[tuple[int, float]]]) -> list[int]:
    """`nodes` sorted by the mean position of their parents (or of the ports they enter
    on their children); a node with neither keeps its own position."""
    key = {}
    for node in nodes:
        found = [position[parent] for parent in parents.get(node, ())]
        found += [position[child] + offset for child, offset in children.get(node, ())]
        here = position[node]
        # Ties keep the current order, so a sweep never undoes the last one for nothing.
        key[node] = (sum(found) / len(found) if found else here, here, node)
    return sorted(nodes, key=key.__getitem__)


def _place(nodes: Sequence[int], position: dict[int, float]) -> None:
    middle = (len(nodes) - 1) / 2
    for row, node in enumerate(nodes):
        position[node] = row - middle


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
    """How many pairs of links cross, each a straight line from its parent to its port.

    Every link must span exactly one column (a Layering's links do: see split_long_edges).
    """
    column = {node: cell[0] for node, cell in grid.items()}
    for link in links:
        if column[link.target] != column[link.source] + 1:
            raise ValueError(f"the link {link.source}→{link.target} spans "
                             f"{column[link.target] - column[link.source]} columns, not 1")
    width = max(column.values(), default=-1) + 1
    order: list[list[int]] = [[] for _ in range(width)]
    for node, (col, _) in sorted(grid.items(), key=lambda item: item[1]):
        order[col].append(node)
    return _crossings_of(order, _gaps(column, links))


def _gaps(column: Mapping[int, int], links: Sequence[Edge]) -> list[list[tuple[int, int, float]]]:
    """The one-column links of each gap between two columns, as (parent, child, port offset)."""
    width = max(column.values(), default=-1) + 1
    gaps: list[list[tuple[int, int, float]]] = [[] for _ in range(width)]
    for edge in links:
        if column[edge.target] == column[edge.source] + 1:  # a longer one has no lanes
            gaps[column[edge.source]].append((edge.source, edge.target, port_offset(edge)))
    return gaps


def _crossings_of(order: list[list[int]], gaps: Sequence[Sequence[tuple[int, int, float]]]) -> int:
    """Crossings of the links in `gaps` with the columns in `order`: in each gap, the pairs
    whose parents and ports come in opposite orders (an inversion count)."""
    row = {node: index for nodes in order for index, node in enumerate(nodes)}
    total = 0
    for gap in gaps:
        if len(gap) > 1:
            ends = sorted((row[source], row[target] + offset) for source, target, offset in gap)
            total += inversions([end for _, end in ends])
    return total


def inversions(values: Sequence[float]) -> int:
    """How many pairs i < j have values[i] > values[j] (equal values do not count),
    with a Fenwick tree over the values' ranks: O(n log n)."""
    rank = {value: index + 1 for index, value in enumerate(sorted(set(values)))}
    tree = [0] * (len(rank) + 1)
    total = 0
    for seen, value in enumerate(values):
        at = rank[value]
        not_above = 0  # earlier values ≤ this one
        index = at
        while index:
            not_above += tree[index]
            index &= index - 1
        total += seen - not_above
        while at < len(tree):
            tree[at] += 1
            at += at & -at
    return total
