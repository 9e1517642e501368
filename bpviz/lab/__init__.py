"""The decision-boundary lab's headless core: softmax regression against a neural net,
trained in lockstep on built-in or drawn data, and the pictures the lab draws of them.

Pure NumPy and the standard library: no Qt. The Qt layer (bpviz/app/lab/) only draws
what a LabSession returns.
"""

from bpviz.lab.curves import Curve
from bpviz.lab.datasets import make_dataset
from bpviz.lab.editing import add_point, clear_points, remove_nearest
from bpviz.lab.grid import GridPicture
from bpviz.lab.hidden_space import HiddenSpace
from bpviz.lab.seeds import lab_rng
from bpviz.lab.session import PANEL_TITLES, PANELS, LabSession
from bpviz.lab.settings import LR_LADDER, DataSpec, NetSpec, TrainSpec

__all__ = [
    "LR_LADDER", "PANELS", "PANEL_TITLES", "Curve", "DataSpec", "GridPicture", "HiddenSpace",
    "LabSession", "NetSpec", "TrainSpec", "add_point", "clear_points", "lab_rng",
    "make_dataset", "remove_nearest",
]
