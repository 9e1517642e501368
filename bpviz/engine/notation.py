"""The lecture's names for a graph's nodes, recorded with its trace: the objective J (or f),
word vectors x_museums, the scores s and s_c, and δ = ∂s/∂z."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _empty() -> Mapping:
    return MappingProxyType({})


@dataclass(frozen=True)
class LayerSpec:
    """One dense layer as the lecture draws it: `product` = W x (+ `bias`) gives `pre` = z,
    then f gives `node` = h (with no f, or for a score, `node` is the product's sum itself)."""

    weight: int
    product: int
    node: int
    pre: int | None = None
    bias: int | None = None


@dataclass(frozen=True)
class WindowSpec:
    """A window's network: its input x (a concat of word vectors), its layers in order, and
    the score it ends in (s or s_c), if the objective has one."""

    name: str
    input: int
    layers: tuple[LayerSpec, ...]
    score: int | None = None


@dataclass(frozen=True)
class Naming:
    """How a model names its nodes in the lecture's notation.

    `output` names the objective ("" keeps its label); `symbols` gives a node a name other
    than its label (a word vector x_museums); `scores` are scalar nodes the objective is
    built from (s, s_c), whose own gradients the lecture writes (∂s/∂W = δ xᵀ); `deltas`
    names the gradient of a score with respect to a node: {z: ("δ", s)} is δ = ∂s/∂z;
    `windows` are the model's networks layer by layer, for the neuron view.
    """

    output: str = ""
    symbols: Mapping[int, str] = field(default_factory=_empty)
    scores: tuple[int, ...] = ()
    deltas: Mapping[int, tuple[str, int]] = field(default_factory=_empty)
    windows: tuple[WindowSpec, ...] = ()

    def frozen(self) -> Naming:
        """The same naming with read-only mappings."""
        return Naming(self.output, MappingProxyType(dict(self.symbols)), tuple(self.scores),
                      MappingProxyType(dict(self.deltas)), tuple(self.windows))
