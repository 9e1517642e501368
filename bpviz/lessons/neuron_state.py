"""What the neuron view shows at one position of a trace: each layer's unit values, each
weight matrix's edges (its weights, or ∂J/∂W once known) and the active step's units.

Everything is read from the trace and its picture; nothing is recomputed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from bpviz.engine import BackwardStep, Contribution, Picture, Trace
from bpviz.engine.local import MATMUL
from bpviz.formatting import number as format_number
from bpviz.lessons.ledger_rules import times
from bpviz.lessons.neurons import INPUT, Connection, Highlight, Layer, Network, step_highlight
from bpviz.lessons.notation import Notation


@dataclass(frozen=True)
class LayerState:
    """One value per unit (None before the layer is computed) and the diverging scale's end."""

    values: np.ndarray | None
    node: int | None  # the node whose value fills the units: h, or z until h is known
    scale: float      # the largest |value| in the layer


@dataclass(frozen=True)
class ConnectionState:
    """What a connection's edges show, as a (target, source) matrix, and how strongly each."""

    values: np.ndarray     # the weights, or ∂J/∂weights once the backward pass reached them
    strengths: np.ndarray  # |values| / the largest |value| of the matrix, in [0, 1]
    gradient: bool
    label: str             # "W" or "∂J/∂W"


@dataclass(frozen=True)
class ClassOutput:
    """One class of a softmax output: its name, ŷ once the pass has reached the loss (else
    None), and whether it is the target class t."""

    name: str
    probability: float | None
    target: bool


@dataclass(frozen=True)
class NeuronState:
    """The whole network at one position: layers, connections and the active step's units;
    for a softmax classifier also each class's ŷ and which is the target."""

    layers: tuple[LayerState, ...]
    connections: tuple[ConnectionState, ...]
    active: Highlight
    phase: str  # "start", "forward" or "backward": the last step's phase
    classes: tuple[ClassOutput, ...] = ()

    @property
    def edges_text(self) -> str:
        """The mode indicator: `edges: W, u`, then `edges: ∂J/∂W, ∂J/∂u` on the way back."""
        return "edges: " + ", ".join(connection.label for connection in self.connections)


def number(value: float) -> str:
    """A value as the tooltips print it: 7 significant digits, `−0.00123`."""
    return format_number(value, 7)


def gradient_name(trace: Trace, network: Network, node_id: int) -> str:
    """`∂J/∂W`: the output's label over the node's."""
    return f"∂{trace.node(network.output).label}/∂{trace.node(node_id).label}"


def window_gradient_name(trace: Trace, network: Network, connection: Connection) -> str:
    """What a window's edges show on the way back: its own part of the gradient,
    `(∂J/∂s) ∂s/∂W` for the true window of the scorer, `∂J/∂W` for a lone window."""
    if network.score is None:
        return gradient_name(trace, network, connection.node)
    names = Notation(trace)
    return f"({names.gradient(network.score).plain}) " \
           f"{names.gradient(connection.node, network.score).plain}"


def _window_part(trace: Trace, picture: Picture, connection: Connection) -> np.ndarray | None:
    """The gradient this window's product sent its weights, once it has (else None)."""
    if connection.node not in picture.grads:  # not arrived, or kept back by practice
        return None
    for step in trace.steps[trace.forward_count:picture.index]:
        if step.node == connection.product:
            for part in step.contributions:
                if part.to == connection.node:
                    return part.downstream
    return None


def neuron_state(network: Network, trace: Trace, picture: Picture) -> NeuronState:
    """The network's units, edges and active units after the picture's steps."""
    return NeuronState(
        tuple(_layer_state(network, layer, picture) for layer in network.layers),
        tuple(_connection_state(network, connection, trace, picture)
              for connection in network.connections),
        step_highlight(network, trace, picture.step),
        picture.phase,
        class_outputs(network, trace, picture))


def class_outputs(network: Network, trace: Trace, picture: Picture) -> tuple[ClassOutput, ...]:
    """Each named output unit's class with ŷ and the target, as the loss recorded them
    (the softmax of the scores, and the one-hot t); () when the loss is no softmax."""
    names = network.layers[-1].names
    parts = _loss_parts(trace, network.output)
    if not names or parts is None:
        return ()
    known = network.output in picture.values  # ŷ is computed with the loss
    probabilities, targets = np.ravel(parts["ŷ"]), np.ravel(parts["t"])
    return tuple(ClassOutput(name, float(probabilities[k]) if known else None,
                             bool(targets[k])) for k, name in enumerate(names))


def _loss_parts(trace: Trace, output: int) -> Mapping[str, np.ndarray] | None:
    """The ŷ and t a softmax loss recorded with its local derivative, if it did."""
    for step in trace.steps[trace.forward_count:]:
        if step.node == output and step.contributions:
            parts = step.contributions[0].local.parts
            return parts if {"ŷ", "t"} <= parts.keys() else None
    return None


def _layer_state(network: Network, layer: Layer, picture: Picture) -> LayerState:
    if layer.role == INPUT:
        # The words are leaves, known from the start, before x is even concatenated.
        values = np.concatenate([np.ravel(picture.values[group.node]) for group in network.groups])
        return LayerState(values, layer.node, _largest(values))
    for node in (layer.node, layer.pre):
        if node is not None and node in picture.values:
            values = np.ravel(picture.values[node])
            return LayerState(values, node, _largest(values))
    return LayerState(None, None, 0.0)


def _connection_state(network: Network, connection: Connection, trace: Trace,
                      picture: Picture) -> ConnectionState:
    """The weights, then only this window's part of their gradient once it has arrived."""
    part = _window_part(trace, picture, connection)
    gradient = part is not None
    shown = part if gradient else picture.values[connection.node]
    values = np.reshape(shown, connection.shape)
    largest = _largest(values)
    strengths = np.abs(values) / largest if largest > 0 else np.zeros(connection.shape)
    label = (window_gradient_name(trace, network, connection) if gradient
             else trace.node(connection.node).label)
    return ConnectionState(values, strengths, gradient, label)


def _largest(values: np.ndarray) -> float:
    return float(np.max(np.abs(values))) if values.size else 0.0


def unit_text(network: Network, trace: Trace, picture: Picture, layer: int, unit: int) -> str:
    """A unit's exact value(s) and gradient(s) with its index:
    `h[3] = … · z[3] = … · ∂J/∂h[3] = …`."""
    info = network.layers[layer]
    nodes = [node for node in (info.node, info.pre) if node is not None]
    if info.role == INPUT:
        # x[8] is the word's own entry, known before x is concatenated.
        group = next(group for group in network.groups if unit in group.units)
        word_value = np.ravel(picture.values[group.node])[unit - group.start]
        parts = [f"{_indexed(trace, info.node, unit, trace.node(info.node).label)} = "
                 f"{group.word}[{unit - group.start}] = {number(word_value)}"]
    else:
        suffix = f" ({info.names[unit]})" if info.names else ""
        parts = [_element(trace, picture.values, node, unit, trace.node(node).label, suffix)
                 for node in nodes]
    parts += [_element(trace, picture.grads, node, unit, gradient_name(trace, network, node))
              for node in nodes if node in picture.grads]
    return " · ".join(parts)


def _indexed(trace: Trace, node: int, unit: int, name: str) -> str:
    """`h[3]`, or just `s` for a scalar."""
    return name if trace.node(node).shape == () else f"{name}[{unit}]"


def _element(trace: Trace, known: Mapping[int, np.ndarray], node: int, unit: int, name: str,
             suffix: str = "") -> str:
    """`h[3] = 0.25`, `f[1] (LOC) = 2.1`, `s = 1.5` for a scalar, or `h[3] not computed yet`."""
    indexed = _indexed(trace, node, unit, name) + suffix
    if node not in known:
        return f"{indexed} not computed yet"
    return f"{indexed} = {number(np.ravel(known[node])[unit])}"


def edge_text(network: Network, trace: Trace, picture: Picture, index: int,
              row: int, col: int) -> str:
    """An edge's weight and its gradient term by term, one term per window that has sent
    it: `∂J/∂W[3, 17] = (∂J/∂s) δ[3] x[17] + (∂J/∂s_c) δ_c[3] x_c[17] = … = −0.00123`."""
    connection = network.connections[index]
    at = (col,) if connection.vector else (row, col)
    where = ", ".join(str(i) for i in at)
    label = trace.node(connection.node).label
    parts = [f"{label}[{where}] = {number(picture.values[connection.node][at])}"]
    if connection.node in picture.grads:
        name = gradient_name(trace, network, connection.node)
        terms = edge_terms(trace, picture, connection.node, at)
        total = number(picture.grads[connection.node][at])
        if len(terms) > 1 or (terms and terms[0][0] != terms[0][1]):
            symbolic = " + ".join(term for term, _ in terms)
            numeric = " + ".join(numbers for _, numbers in terms)
            parts.append(f"{name}[{where}] = {symbolic} = {numeric} = {total}")
        else:
            parts.append(f"{name}[{where}] = {total}")
    return " · ".join(parts)


def edge_terms(trace: Trace, picture: Picture, weight: int,
               at: tuple[int, ...]) -> list[tuple[str, str]]:
    """Each arrived contribution to one weight entry as (symbols, numbers), in forward order:
    `(∂J/∂s) δ[3] x[17]` and `(−1) × 0.0906 × 0.32`, from the recorded factors."""
    names = Notation(trace)
    found = []
    for step in trace.steps[trace.forward_count:picture.index]:
        for part in step.contributions:
            if part.to == weight:
                found.append((step, part))
    found.sort(key=lambda item: item[0].node)
    return [_edge_term(names, step, part, at) for step, part in found]


def _edge_term(names: Notation, step: BackwardStep, part: Contribution,
               at: tuple[int, ...]) -> tuple[str, str]:
    trace = names.trace
    info = trace.node(step.node)
    other = info.parents[1 - part.index]
    score = trace.score_of(step.node)
    if part.local.rule == MATMUL:  # W x: row i of the upstream times x[j]
        row, col = at
        upstream = np.reshape(step.upstream, part.local.upstream_shape)[row, 0]
        local = part.local.factor[0, col]
        index_up, index_local = f"[{row}]", f"[{col}]"
    else:  # uᵀh: the scalar upstream times h[j]
        upstream, local = float(step.upstream), np.ravel(part.local.factor)[at[0]]
        index_up, index_local = "", f"[{at[0]}]"
    x = names.name(other) + index_local
    if score is None:
        return (f"{names.upstream(step.node).plain}{index_up} {x}",
                times(number(upstream), number(local)))
    outer = f"({names.gradient(score).plain})"
    outer_value = next(s.upstream for s in trace.steps[trace.forward_count:] if s.node == score)
    if step.node == score:  # u of s = uᵀh: ∂J/∂s times h[j]
        return f"{outer} {x}", times(number(outer_value), number(local))
    delta = np.ravel(trace.score_steps[score][step.node].upstream)[at[0]]
    inner = names.delta(step.node, score) or names.gradient(step.node, score).plain
    return (f"{outer} {inner}{index_up} {x}",
            times(number(outer_value), number(delta), number(local)))
