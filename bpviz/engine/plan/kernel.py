"""What the plan compiler needs to know of an operation: how to run it into preallocated
buffers, and which values its backward pass reads (so other buffers can be reused)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from bpviz.engine.broadcast import reduce_to_shape
from bpviz.engine.node import Node
from bpviz.engine.plan.arena import Arena

Step = Callable[[], None]
# The fast kernel of each op class: a factory that returns None for shapes it does not handle.
KernelFactory = Callable[[Node], "Kernel | None"]
FAST_KERNELS: dict[type, KernelFactory] = {}


def fast_kernel(*op_classes: type) -> Callable[[KernelFactory], KernelFactory]:
    """Register the decorated factory as the fast kernel of `op_classes` (by class, not name)."""
    def register(factory: KernelFactory) -> KernelFactory:
        for op_class in op_classes:
            FAST_KERNELS[op_class] = factory
        return factory
    return register


class Kernel:
    """How one op runs in a plan. Subclasses override what they do faster than the op's
    own forward and vjp; this base class calls those (correct, but allocating).

    `inputs` and `out` are the node's fixed buffers; `upstream` is the node's gradient
    buffer and `dest` the buffer a contribution to input `index` is written into.
    """

    inplace = False        # forward may write over input 0's buffer (same shape)
    view = False           # the value is a view of input 0's buffer: no forward step
    passthrough: tuple[int, ...] = ()  # inputs whose local gradient is the upstream itself
    folded = False         # set once a bias is folded into this kernel's product
    # Set on the output's kernel: its upstream is ∂J/∂J = 1, so multiplying by it can go.
    upstream_is_one = False

    # The plan's buffers, for kernels that ask whether an input carries a ones column.
    arena: Arena | None = None

    def __init__(self, node: Node) -> None:
        self.node = node
        self.op = node.op

    def reads_inputs(self) -> Sequence[int]:
        """Inputs whose values the backward pass reads."""
        return range(len(self.node.parents))

    def reads_output(self) -> bool:
        """Whether the backward pass reads the node's own value."""
        return True

    def view_of(self, source: np.ndarray) -> np.ndarray:
        """For a view kernel: the value as a view of input 0's buffer."""
        raise NotImplementedError

    def grad_view_of(self, parent_grad: np.ndarray) -> np.ndarray:
        """For a view kernel: its gradient as a view of input 0's gradient buffer."""
        raise NotImplementedError

    def forward(self, inputs: list[np.ndarray], out: np.ndarray) -> Step:
        op, copyto = self.op, np.copyto

        def run() -> None:
            copyto(out, op.forward(*inputs))
        return run

    def backward_into(self, inputs: list[np.ndarray], out: np.ndarray, upstream: np.ndarray,
                      dests: dict[int, np.ndarray]) -> list[Step]:
        """The steps writing input i's gradient into dests[i] for every i given; a kernel
        may write several in one step."""
        return [self.backward(index, inputs, out, upstream, dest) for index, dest in dests.items()]

    def backward(self, index: int, inputs: list[np.ndarray], out: np.ndarray,
                 upstream: np.ndarray, dest: np.ndarray) -> Step:
        op, copyto, dtype, shape = self.op, np.copyto, dest.dtype, dest.shape

        def run() -> None:
            local = op.vjp(index, upstream, inputs, out)
            copyto(dest, reduce_to_shape(np.asarray(local, dtype=dtype), shape))
        return run
