"""bpviz's engine: array-valued reverse-mode autodiff in NumPy, with recorded traces.

Pure NumPy and the standard library: no Qt, no pyqtgraph, no networkx.

Where to start reading: `node.py` (a value in a graph), `graph.py` (forward and backward),
`ops/base.py` and `ops/arithmetic.py` (an op: forward, its local derivative as data, how it
reads), `local.py` (how a local derivative meets the upstream), `trace.py` (a pass recorded).
"""

from bpviz.engine.errors import NonFiniteError
from bpviz.engine.functions import (
    absolute, batch_affine, concat, exp, hard_tanh, leaky_relu, log, lookup, matmul, max_margin, maximum,
    minimum, multiclass_hinge, relu, reshape, rows, sigmoid, softmax_cross_entropy, sqrt,
    squared_error, tanh, total, transpose,
)
from bpviz.engine.gradcheck import GradcheckReport, ParameterCheck, gradcheck, relative_error
from bpviz.engine.graph import Graph, ShapeError
from bpviz.engine.node import Node
from bpviz.engine.notation import LayerSpec, Naming, WindowSpec
from bpviz.engine.picture import Picture, picture_at
from bpviz.engine.trace import (
    BackwardStep, Contribution, ForwardStep, NodeInfo, Trace, record_trace,
)
from bpviz.engine.trace_json import trace_json

__all__ = [
    "BackwardStep", "Contribution", "ForwardStep", "GradcheckReport", "Graph", "LayerSpec",
    "Naming", "Node", "WindowSpec",
    "NodeInfo", "NonFiniteError", "ParameterCheck", "Picture", "ShapeError", "Trace",
    "absolute", "batch_affine", "concat", "exp", "gradcheck", "hard_tanh", "leaky_relu", "log", "lookup",
    "matmul", "max_margin", "maximum", "minimum", "multiclass_hinge", "picture_at",
    "record_trace",
    "relative_error", "relu", "reshape", "rows", "sigmoid", "softmax_cross_entropy", "sqrt",
    "squared_error", "tanh", "total", "trace_json", "transpose",
]
