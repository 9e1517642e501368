"""The engine's fast path: a recorded graph compiled once into preallocated NumPy calls.

The generic graph stays what the viewer records and replays; a plan reruns the same
computation for new batches without building nodes, allocating, or checking every
value on its own (one sum of what it hands out finds a NaN or ±inf, then the generic
engine says where).
"""

from bpviz.engine.plan.compiler import compile_plan
from bpviz.engine.plan.plan import BatchDataError, Plan
from bpviz.engine.plan.reductions import softmax

__all__ = ["BatchDataError", "Plan", "compile_plan", "softmax"]
