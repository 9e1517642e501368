"""From a layered grid and node sizes to pixel positions: columns left to right, and in
each column the nodes in grid order, pulled level with their neighbours without overlap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bpviz.layout.layered import Edge, port_position

RELAXATIONS = 12  # passes pulling nodes towards their neighbours; the layout settles well before


def place(grid: Mapping[int, tuple[int, int]], sizes: Mapping[int, tuple[float, float]],
          links: Sequence[Edge], column_gap: float,
          row_gap: float) -> dict[int, tuple[float, float]]:
    """Each node's top-left corner; the layout's top-left is (0, 0).

    Nodes are centred horizontally in their column. Vertically each node moves towards
    the mean height of the ports it is joined to, keeping its order and `row_gap`.
    """
    order = _columns(grid)
    left = _column_lefts(order, sizes, column_gap)
    top = _stacked(order, sizes, row_gap)
    pulls = _pulls(links, sizes)
    for _ in range(RELAXATIONS):
        before = dict(top)
        for nodes in order:
            wanted = _wanted_tops(nodes, top, pulls)
            heights = [sizes[node][1] for node in nodes]
            top.update(zip(nodes, pack(wanted, heights, row_gap)))
        if top == before:
            break  # settled: another pass would change nothing
    highest = min(top.values(), default=0.0)
    widths = [_width(nodes, sizes) for nodes in order]
    return {node: (left[grid[node][0]] + (widths[grid[node][0]] - sizes[node][0]) / 2,
                   top[node] - highest) for node in grid}


def _columns(grid: Mapping[int, tuple[int, int]]) -> list[list[int]]:
    width = max((column for column, _ in grid.values()), default=-1) + 1
    order: list[list[int]] = [[] for _ in range(width)]
    for node, (column, row) in sorted(grid.items(), key=lambda item: item[1]):
        order[column].append(node)
    return order


def _width(nodes: Sequence[int], sizes: Mapping[int, tuple[float, float]]) -> float:
    return max((sizes[node][0] for node in nodes), default=0.0)


def _column_lefts(order: Sequence[Sequence[int]], sizes: Mapping[int, tuple[float, float]],
                  gap: float) -> list[float]:
    lefts, x = [], 0.0
    for nodes in order:
        lefts.append(x)
        x += _width(nodes, sizes) + gap
    return lefts


def _stacked(order: Sequence[Sequence[int]], sizes: Mapping[int, tuple[float, float]],
             gap: float) -> dict[int, float]:
    """Each column stacked with `gap` between nodes, centred on the same middle line."""
    top = {}
    for nodes in order:
        y = -(sum(sizes[node][1] for node in nodes) + gap * (len(nodes) - 1)) / 2
        for node in nodes:
            top[node] = y
            y += sizes[node][1] + gap
    return top


def _pulls(links: Sequence[Edge], sizes: Mapping[int, tuple[float, float]]
           ) -> dict[int, list[tuple[int, float, float]]]:
    """For each node, in link order, what levels it with a neighbour: `(other, a, b)`
    asks for a top of `top[other] + a - b` (its middle at the other's port, or its port
    at the other's middle)."""
    pulls: dict[int, list[tuple[int, float, float]]] = {}
    for edge in links:
        source_height, target_height = sizes[edge.source][1], sizes[edge.target][1]
        if edge.source != edge.target:
            pulls.setdefault(edge.source, []).append(
                (edge.target, target_height * port_position(edge), source_height / 2))
        pulls.setdefault(edge.target, []).append(
            (edge.source, source_height / 2, target_height * port_position(edge)))
    return pulls


def _wanted_tops(nodes: Sequence[int], top: Mapping[int, float],
                 pulls: Mapping[int, Sequence[tuple[int, float, float]]]) -> list[float]:
    """Where each node's top would put it level with the ports it is joined to."""
    wanted = []
    for node in nodes:
        found = pulls.get(node)
        wanted.append(sum([top[other] + a - b for other, a, b in found]) / len(found)
                      if found else top[node])
    return wanted


def pack(wanted: Sequence[float], heights: Sequence[float], gap: float) -> list[float]:
    """Tops closest to `wanted` (least squares) that keep the order and `gap` between boxes.

    Subtracting each box's minimum offset turns the spacing into "non-decreasing", which
    pool-adjacent-violators solves exactly.
    """
    offsets, y = [], 0.0
    for height in heights:
        offsets.append(y)
        y += height + gap
    blocks: list[list[float]] = []  # [sum of targets, count] of pooled runs
    for want, offset in zip(wanted, offsets):
        blocks.append([want - offset, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted = [total / count for total, count in blocks for _ in range(int(count))]
    return [value + offset for value, offset in zip(fitted, offsets)]
