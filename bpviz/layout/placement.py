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
    touching = _touching(links)
    for _ in range(RELAXATIONS):
        before = dict(top)
        for nodes in order:
            wanted = _wanted_tops(nodes, top, sizes, touching)
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


def _touching(links: Sequence[Edge]) -> dict[int, list[tuple[Edge, bool]]]:
    """Each node's links in link order, with whether it is their source (a loop counts once)."""
    touching: dict[int, list[tuple[Edge, bool]]] = {}
    for edge in links:
        if edge.source != edge.target:
            touching.setdefault(edge.source, []).append((edge, True))
        touching.setdefault(edge.target, []).append((edge, False))
    return touching


def _wanted_tops(nodes: Sequence[int], top: Mapping[int, float],
                 sizes: Mapping[int, tuple[float, float]],
                 touching: Mapping[int, Sequence[tuple[Edge, bool]]]) -> list[float]:
    """Where each node's top would put it level with the ports it is joined to."""
    wanted = []
    for node in nodes:
        found = []
        for edge, outgoing in touching.get(node, ()):
            if outgoing:
                port_y = top[edge.target] + sizes[edge.target][1] * port_position(edge)
                found.append(port_y - sizes[node][1] / 2)
            else:
                source_mid = top[edge.source] + sizes[edge.source][1] / 2
                found.append(source_mid - sizes[node][1] * port_position(edge))
        wanted.append(sum(found) / len(found) if found else top[node])
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
