"""Choosing each node's kernel: a fast one where there is one, else the op's own code."""

from __future__ import annotations

from bpviz.engine.node import Node
from bpviz.engine.plan.arena import Arena
from bpviz.engine.plan.elementwise import elementwise_kernel
from bpviz.engine.plan.kernel import Kernel
from bpviz.engine.plan.linear import linear_kernel
from bpviz.engine.plan.losses import loss_kernel

_FINDERS = (elementwise_kernel, linear_kernel, loss_kernel)


def kernel_for(node: Node, arena: Arena | None = None) -> Kernel:
    """The kernel that runs `node` in a plan whose buffers come from `arena`."""
    for find in _FINDERS:
        kernel = find(node)
        if kernel is not None:
            break
    else:
        kernel = Kernel(node)
    kernel.arena = arena
    return kernel
