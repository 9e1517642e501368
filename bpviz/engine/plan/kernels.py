"""Choosing each node's kernel: a fast one where its op class registered one, else the op's
own code."""

from __future__ import annotations

# Importing the kernel modules registers their fast kernels.
from bpviz.engine.plan import elementwise, linear, logarithms, losses  # noqa: F401
from bpviz.engine.node import Node
from bpviz.engine.plan.arena import Arena
from bpviz.engine.plan.kernel import FAST_KERNELS, Kernel


def kernel_for(node: Node, arena: Arena | None = None) -> Kernel:
    """The kernel that runs `node` in a plan whose buffers come from `arena`."""
    factory = FAST_KERNELS.get(type(node.op))
    kernel = factory(node) if factory else None
    if kernel is None:
        kernel = Kernel(node)
    kernel.arena = arena
    return kernel
