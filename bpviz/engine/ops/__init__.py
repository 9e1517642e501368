"""One class per operation: forward, vector–Jacobian product and the local-gradient formula."""

from bpviz.engine.ops.activations import HardTanh, LeakyRelu, Relu, Sigmoid, Tanh
from bpviz.engine.ops.arithmetic import Add, Div, Mul, Neg, Pow, Sub
from bpviz.engine.ops.base import Op
from bpviz.engine.ops.linear import Affine, MatMul, Sum
from bpviz.engine.ops.losses import (
    MaxMargin, MulticlassHinge, SoftmaxCrossEntropy, SquaredError, softmax,
)
from bpviz.engine.ops.minmax import Maximum, Minimum
from bpviz.engine.ops.structure import Concat, Lookup, Reshape, Rows, Transpose
from bpviz.engine.ops.unary import Abs, Exp, Log, Sqrt

__all__ = [
    "Abs", "Add", "Affine", "Concat", "Div", "Exp", "HardTanh", "LeakyRelu", "Log", "Lookup", "MatMul",
    "MaxMargin", "Maximum", "Minimum", "Mul", "MulticlassHinge", "Neg", "Op", "Pow", "Relu", "Reshape", "Rows", "Sigmoid",
    "SoftmaxCrossEntropy", "Sqrt", "SquaredError", "Sub", "Sum", "Tanh", "Transpose",
    "softmax",
]
