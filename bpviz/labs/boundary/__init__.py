"""The decision-boundary lab's headless core: softmax regression against a neural net,
trained in lockstep on built-in or drawn data, and the pictures the lab draws of them.

Pure NumPy and the standard library: no Qt. The Qt layer (bpviz/app/labs/boundary/) only draws
what a LabSession returns.
"""

from bpviz.labs.boundary.curves import Curve
from bpviz.labs.boundary.datasets import make_dataset
from bpviz.labs.boundary.editing import add_point, clear_points, remove_nearest
from bpviz.labs.boundary.grid import GridPicture
from bpviz.labs.boundary.hidden_space import HiddenSpace
from bpviz.labs.boundary.seeds import lab_rng
from bpviz.labs.boundary.session import PANEL_TITLES, PANELS, LabSession
from bpviz.labs.boundary.settings import LR_LADDER, DataSpec, NetSpec, TrainSpec

__all__ = [
    "LR_LADDER", "PANELS", "PANEL_TITLES", "Curve", "DataSpec", "GridPicture", "HiddenSpace",
    "LabSession", "NetSpec", "TrainSpec", "add_point", "clear_points", "lab_rng",
    "make_dataset", "remove_nearest",
]
