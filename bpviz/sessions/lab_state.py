"""The decision-boundary lab in a session file: the data, every setting, both panels'
weights, optimisers and batch order, the random generator, the step count and the curves.

    state = {"data": {"inline": {"X", "y", "class_names", "name", "header"}}
                     | {"path": "points.csv", "sha256": "…"},
             "generator": {…DataSpec…} | null, "source": "spiral",
             "net": {…NetSpec…}, "train": {…TrainSpec…}, "seed": 0, "train_fraction": 0.5,
             "grid_size": 200, "extent": [xmin, xmax, ymin, ymax], "examples": 1500,
             "panels": {"softmax" | "mlp": {"params", "optimizer", "steps", "epoch",
                                            "order", "last_batch", "rng"}},
             "curves": {"softmax" | "mlp": {"capacity", "rows", "stride", "seen", "latest"}},
             "pictures": {"softmax" | "mlp": "float32" | "float64"}}

A restored session trains on bit for bit as the saved one would have: the same weights,
optimiser state, remaining batch order and generator state. The undo history of the last
steps (kept for divergence) starts afresh at the restored step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bpviz.data.csv_format import load_csv
from bpviz.data.dataset import Dataset
from bpviz.errors import BpvizError
from bpviz.labs.boundary.curves import FIELDS, CurveState
from bpviz.labs.boundary.grid import covers
from bpviz.labs.boundary.session import PANELS, LabSession
from bpviz.labs.boundary.settings import DataSpec, NetSpec, TrainSpec
from bpviz.labs.boundary.snapshot import PICTURE_DTYPES, LabSnapshot, PanelSnapshot
from bpviz.sessions.curves import decode_curve, encode_curve
from bpviz.sessions.document import Session
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.linked_file import link_to, linked_path
from bpviz.sessions.model_state import (
    decode_optimizer, decode_params, encode_optimizer, encode_params,
)
from bpviz.sessions.settings_codec import decode_settings, encode_settings
from bpviz.sessions.values import (
    decode_array, decode_finite, decode_generator, encode_array, encode_generator, need_dict,
    need_float, need_int, need_list, need_str,
)
from bpviz.training.trainer import TrainerState

LAB_KEY = "boundary-lab"
FIELDS_OF_STATE = ("data", "generator", "source", "net", "train", "seed", "train_fraction",
                   "grid_size", "extent", "examples", "panels", "curves", "pictures")
PANEL_FIELDS = ("params", "optimizer", "steps", "epoch", "order", "last_batch", "rng")


@dataclass
class LabState:
    """A restored lab session, and the app's own settings saved with it."""

    session: LabSession
    generator: DataSpec | None  # the generator settings the data came from, if generated
    source: str                 # where the data came from: a kind, a file's name, "drawn"


def lab_session(session: LabSession, generator: DataSpec | None = None, source: str = "",
                data_path: str | os.PathLike[str] | None = None,
                file_path: str | os.PathLike[str] | None = None, title: str = "",
                notes: dict[int, str] | None = None, saved_by: str = "bpviz") -> Session:
    """The session file's contents for the lab `session`. The data go inline, or, with
    `data_path`, as a link to that CSV file (which must hold exactly these data); the link
    is relative to the folder of `file_path`, the session file to be written, when given."""
    snapshot = session.snapshot()
    state: dict[str, Any] = {
        "data": _encode_data(session.dataset, data_path, file_path),
        "generator": None if generator is None else encode_settings(generator),
        "source": source, "net": encode_settings(session.net),
        "train": encode_settings(session.train), "seed": int(session.seed),
        "train_fraction": float(session.train_fraction), "grid_size": session.grid_size,
        "extent": [float(edge) for edge in snapshot.extent], "examples": snapshot.examples,
        "panels": {panel: _encode_panel(snapshot.panels[panel]) for panel in PANELS},
        "curves": {panel: encode_curve(snapshot.curves[panel]) for panel in PANELS},
        "pictures": dict(snapshot.pictures)}
    return Session("lab", LAB_KEY, state, title, dict(notes or {}), saved_by)


def restore_lab(saved: Session, folder: str | os.PathLike[str] = ".") -> LabState:
    """A new lab session exactly as saved (a linked data file is looked for relative to
    `folder`, the session file's); SessionFileError if anything does not fit."""
    if saved.page != "lab" or saved.lesson != LAB_KEY:
        raise SessionFileError(f"a lab session expected, found {saved.page} '{saved.lesson}'",
                               "lesson")
    state = need_dict(saved.state, "state", FIELDS_OF_STATE)
    dataset = _decode_data(state["data"], Path(folder))
    generator = None if state["generator"] is None else decode_settings(
        DataSpec, state["generator"], "state.generator")
    net = decode_settings(NetSpec, state["net"], "state.net")
    train = decode_settings(TrainSpec, state["train"], "state.train")
    try:
        session = LabSession(dataset, net, train,
                             seed=need_int(state["seed"], "state.seed"),
                             train_fraction=need_float(state["train_fraction"],
                                                       "state.train_fraction"),
                             grid_size=need_int(state["grid_size"], "state.grid_size"))
    except (BpvizError, ValueError) as error:
        raise SessionFileError(str(error), "state") from None
    try:
        session.restore(_decode_snapshot(session, state))
    except ValueError as error:
        raise SessionFileError(str(error), "state") from None
    return LabState(session, generator, need_str(state["source"], "state.source", 1000))


# -- the data -----------------------------------------------------------------------------

def _encode_data(dataset: Dataset, data_path: str | os.PathLike[str] | None,
                 file_path: str | os.PathLike[str] | None) -> dict[str, Any]:
    if data_path is None:
        return {"inline": {"X": encode_array(dataset.X), "y": encode_array(dataset.y),
                           "class_names": list(dataset.class_names), "name": dataset.name,
                           "header": list(dataset.header)}}
    linked = load_csv(data_path)
    if not (np.array_equal(linked.X, dataset.X) and np.array_equal(linked.y, dataset.y)
            and linked.class_names == dataset.class_names):
        raise SessionFileError(f"{os.fspath(data_path)} does not hold the data set in the lab; "
                               "save the data set there first, or keep the data in the session")
    return link_to(data_path, file_path)


def _decode_data(value: object, folder: Path) -> Dataset:
    where = "state.data"
    if isinstance(value, dict) and "path" in value:
        path = linked_path(value, where, folder, "data")
        try:
            return load_csv(path)
        except BpvizError as error:
            raise SessionFileError(str(error), f"{where}.path") from None
    inline = need_dict(need_dict(value, where, ("inline",))["inline"], f"{where}.inline",
                       ("X", "y", "class_names", "name", "header"))
    at = f"{where}.inline"
    X = decode_finite(inline["X"], f"{at}.X", dtypes=("float64",), ndim=2)
    y = decode_array(inline["y"], f"{at}.y", dtypes=("int64",), shape=(len(X),))
    names = [need_str(name, f"{at}.class_names", 1000)
             for name in need_list(inline["class_names"], f"{at}.class_names", 1000)]
    header = [need_str(name, f"{at}.header", 1000)
              for name in need_list(inline["header"], f"{at}.header", 3)]
    try:
        return Dataset(X, y, tuple(names), need_str(inline["name"], f"{at}.name", 1000),
                       tuple(header))
    except (BpvizError, ValueError) as error:
        raise SessionFileError(str(error), at) from None


# -- the panels, curves and pictures ---------------------------------------------------------

def _encode_panel(panel: PanelSnapshot) -> dict[str, Any]:
    trainer = panel.trainer
    return {"params": encode_params(panel.params), "optimizer": encode_optimizer(panel.optimizer),
            "steps": trainer.steps, "epoch": trainer.epoch, "order": encode_array(trainer.order),
            "last_batch": encode_array(trainer.last_batch), "rng": encode_generator(trainer.rng)}


def _decode_snapshot(session: LabSession, state: dict[str, Any]) -> LabSnapshot:
    """What `state` holds of the lab's training, every field checked against `session`."""
    panels = need_dict(state["panels"], "state.panels", PANELS)
    decoded = {panel: _decode_panel(session, panel, panels[panel]) for panel in PANELS}
    if len({panel.trainer.steps for panel in decoded.values()}) != 1:
        raise SessionFileError("the panels have taken different numbers of steps",
                               "state.panels")
    curves = need_dict(state["curves"], "state.curves", PANELS)
    pictures = need_dict(state["pictures"], "state.pictures", PANELS)
    return LabSnapshot(
        _decode_extent(session, state["extent"]),
        need_int(state["examples"], "state.examples"), decoded,
        {panel: decode_curve(curves[panel], f"state.curves.{panel}", len(FIELDS), CurveState)
         for panel in PANELS},
        {panel: need_str(pictures[panel], f"state.pictures.{panel}", 10, PICTURE_DTYPES)
         for panel in PANELS})


def _decode_panel(session: LabSession, panel: str, value: object) -> PanelSnapshot:
    where = f"state.panels.{panel}"
    fields = need_dict(value, where, PANEL_FIELDS)
    trainer = session.trainers[panel]
    rows = len(trainer.train_set[0])
    params = decode_params(trainer.model.params, fields["params"], f"{where}.params")
    optimizer = decode_optimizer(fields["optimizer"], f"{where}.optimizer", trainer.model.params,
                                 session.train.optimizer)
    order = _indices(fields["order"], f"{where}.order", rows)
    if len(np.unique(order)) != len(order):
        raise SessionFileError("names a training point twice", f"{where}.order")
    return PanelSnapshot(params, optimizer, TrainerState(
        need_int(fields["steps"], f"{where}.steps"), need_int(fields["epoch"], f"{where}.epoch"),
        order, _indices(fields["last_batch"], f"{where}.last_batch", rows),
        decode_generator(fields["rng"], f"{where}.rng")))


def _indices(value: object, where: str, rows: int) -> np.ndarray:
    array = decode_array(value, where, dtypes=("int64",), ndim=1)
    if len(array) > rows or (len(array) and (array.min() < 0 or array.max() >= rows)):
        raise SessionFileError(f"training point numbers from 0 to {rows - 1} expected", where)
    return array.astype(np.intp)


def _decode_extent(session: LabSession, value: object) -> tuple[float, float, float, float]:
    edges = need_list(value, "state.extent", 4)
    extent = tuple(need_float(edge, "state.extent") for edge in edges)
    if len(extent) != 4 or not (extent[0] < extent[1] and extent[2] < extent[3]):
        raise SessionFileError("xmin < xmax and ymin < ymax expected", "state.extent")
    if extent != session.extent and not covers(extent, session.dataset.X):
        raise SessionFileError("does not hold every point", "state.extent")
    return extent
