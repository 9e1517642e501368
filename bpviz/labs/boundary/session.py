"""The decision-boundary lab without a window: softmax regression and a neural net trained
side by side, in lockstep, on one data set, and everything the lab draws of them.

Both panels start from the same seed, see the same minibatches in the same order and
share one optimiser setting, so any difference between them is the hidden layers'.
Reproducible: a headless `Trainer` built with the same `lab_rng` streams (split,
"init softmax" / "init mlp", "batch order") trains the same weights bit for bit.

Divergence never leaves the lab broken: a step that overflows is undone for both panels
(Lockstep); weights whose pictures or losses overflow even in float64 are undone step by
step back to the latest that do not (or to the weights last evaluated), and in both cases
DivergenceError names the panel, step and node.
"""

from __future__ import annotations

import copy
import time

import numpy as np

from bpviz.data.dataset import Dataset, Split, split
from bpviz.data.scaling import input_scaling
from bpviz.engine import NonFiniteError
from bpviz.labs.boundary.curves import Curve, CurveRecorder
from bpviz.labs.boundary.editing import clear_points
from bpviz.labs.boundary.grid import (
    Extent, GridPicture, cell_centres, covers, grid_extent, grid_points, likeliest,
)
from bpviz.labs.boundary.hidden_space import HiddenSpace, map_hidden_space
from bpviz.labs.boundary.point_density import PointDensity, point_density
from bpviz.labs.boundary.lockstep import Lockstep, model_divergence
from bpviz.labs.boundary.seeds import lab_rng
from bpviz.labs.boundary.settings import NetSpec, TrainSpec, check_full_batch, fitted_train
from bpviz.labs.boundary.snapshot import PICTURE_DTYPES, LabSnapshot, PanelSnapshot
from bpviz.models.classifier import Classifier, ClassifierConfig
from bpviz.training.choices import require
from bpviz.training.divergence import DivergenceError
from bpviz.training.params import load_params
from bpviz.training.trainer import Trainer, TrainSettings

__all__ = ["PANELS", "PANEL_TITLES", "Curve", "GridPicture", "HiddenSpace", "LabSession",
           "classifier_config", "lab_split", "train_settings", "with_config"]

PANELS = ("softmax", "mlp")
PANEL_TITLES = {"softmax": "softmax regression", "mlp": "neural net"}
PARTS = ("train", "test")
MAX_GRID = 1000
FLOAT32_MAX = float(np.finfo(np.float32).max)
# The curves and scores measure at most this many points of each part, the hidden space
# maps at most SHOWN in all: a loaded file of a million points keeps them as quick as a
# generated one, and the window live while it trains.
MEASURED = 5_000
SHOWN = 2_000
# The pictures are computed where the inputs, as the models see them (standardised), are
# within ±this; a cell further out (only a square plane over features of very different
# spreads has any) shows the model at this distance, where its outputs have long saturated.
PICTURED = 1e6


class LabSession:
    """Two classifiers (PANELS) on one data set: train them in lockstep, evaluate them,
    and picture them on a `grid_size`² grid. `step()` never evaluates; call `evaluate()`
    to add a point to the curves. `scaling` is how the models see features far from
    unit size (standardised), or None; everything drawn stays in the data's units.
    Past MEASURED points in a part, losses and accuracies are measured on a fixed sample
    of MEASURED (the first of the part, which the split shuffled), and `sampled` says so."""

    def __init__(self, dataset: Dataset, net: NetSpec = NetSpec(), train: TrainSpec = TrainSpec(),
                 seed: int = 0, train_fraction: float = 0.5, grid_size: int = 200) -> None:
        require("grid_size", grid_size, isinstance(grid_size, int) and 2 <= grid_size <= MAX_GRID,
                f"a whole number from 2 to {MAX_GRID}")
        require("train_fraction", train_fraction,
                isinstance(train_fraction, (int, float)) and 0 < train_fraction <= 1,
                "more than 0 and at most 1")
        self.net, self.train, self.seed = net, train, seed
        self.train_fraction, self.grid_size = train_fraction, grid_size
        self._version = 0  # of the weights; each panel's grid outputs are computed once per version
        self._cache: dict[str, tuple[int, list[np.ndarray]]] = {}
        self._space: HiddenSpace | None = None  # the last hidden space mapped, for an overflow
        self._space_key: tuple | None = None  # (weights version, units) it was mapped for
        self._extent = grid_extent(dataset.X)
        self.set_dataset(dataset)

    # -- state ---------------------------------------------------------------------------
    @property
    def steps(self) -> int:
        """Minibatch steps both panels have taken since the last reset."""
        return self._lockstep.steps

    @property
    def epoch(self) -> float:
        """Passes over the training points since the last reset (fractional)."""
        return self._lockstep.epoch

    @property
    def extent(self) -> Extent:
        """xmin, xmax, ymin, ymax of the grid: the data with a margin, at least ±1."""
        return self._extent

    @property
    def trainers(self) -> dict[str, Trainer]:
        """Each panel's Trainer (the softmax one draws the batch order)."""
        return self._lockstep.trainers

    @property
    def good_steps(self) -> int:
        """The step of the last good state: the weights last evaluated (or the initial ones)."""
        return self._good.steps

    def snapshot(self) -> LabSnapshot:
        """A copy of everything training changed: with the same data, settings and seed,
        `restore` of it trains on bit for bit as this session would."""
        return LabSnapshot(
            self._extent, self._lockstep.examples,
            {panel: PanelSnapshot({name: value.copy() for name, value in
                                   trainer.model.params.items()},
                                  copy.deepcopy(trainer.optimizer), trainer.snapshot())
             for panel, trainer in self.trainers.items()},
            {panel: recorder.snapshot() for panel, recorder in self._curves.items()},
            {panel: np.dtype(dtype).name for panel, dtype in self._picture_dtype.items()})

    def restore(self, snapshot: LabSnapshot) -> None:
        """Take up training where `snapshot` (of a session on the same data, settings and
        seed) left it; the undo history starts afresh here. ValueError if it does not fit
        (checked before anything changes)."""
        steps = {panel.trainer.steps for panel in snapshot.panels.values()}
        if set(snapshot.panels) != set(PANELS) or len(steps) != 1:
            raise ValueError("both panels, with the same number of steps, expected")
        if set(snapshot.pictures.values()) - set(PICTURE_DTYPES) or snapshot.examples < 0:
            raise ValueError("the pictures' precision is float32 or float64")
        extent = tuple(snapshot.extent)
        if not (extent[0] < extent[1] and extent[2] < extent[3]) \
                or not covers(extent, self.dataset.X):
            raise ValueError("the grid's square must hold every point")
        curves = {panel: CurveRecorder.restored(snapshot.curves[panel]) for panel in PANELS}
        for panel, trainer in self.trainers.items():
            saved, params = snapshot.panels[panel], trainer.model.params
            if {name: np.shape(value) for name, value in saved.params.items()} != \
                    {name: value.shape for name, value in params.items()}:
                raise ValueError(f"{panel}: parameters {sorted(params)} of the net's shapes "
                                 "expected")
            trainer.check(saved.trainer)
        if extent != self._extent:
            self._extent = extent  # kept by set_dataset, as when drawing
            self.set_dataset(self.dataset, keep_extent=True)
        for panel, trainer in self.trainers.items():
            saved = snapshot.panels[panel]
            load_params(trainer.model.params, saved.params)
            trainer.optimizer = copy.deepcopy(saved.optimizer)
            trainer.restore(saved.trainer)
        self._lockstep.examples = snapshot.examples
        self._curves = curves
        self._picture_dtype = {panel: np.dtype(name).type
                               for panel, name in snapshot.pictures.items()}
        self._version += 1  # no picture of the weights before is reused
        self._lockstep.restore(self._lockstep.checkpoint())  # no undo history from before
        self._good = self._lockstep.checkpoint()

    # -- training ------------------------------------------------------------------------
    def step(self, batches: int = 1) -> None:
        """`batches` minibatches on both panels, in lockstep; nothing with no training points.

        Raises DivergenceError (its `.panel` says which) with both panels as before that step:
        their last finite step, where training can go on (with a smaller learning rate).
        """
        if len(self.train_set) == 0:
            return
        for _ in range(batches):
            self._version += 1  # the weights the grid was computed from are gone
            self._lockstep.step()

    @property
    def epochs_done(self) -> int:
        """Epochs whose batches are all used up (a whole number, unlike `epoch`)."""
        return self._lockstep.leader.epoch

    def run_epoch(self, until: float | None = None) -> bool:
        """Step until the current epoch's batches are used up, or (with `until`, a
        time.perf_counter() time) until then, after at least one step: True once the
        epoch is done. Call it again to go on with the same epoch."""
        if len(self.train_set) == 0:
            return True
        epoch = self.epochs_done
        while self.epochs_done == epoch:
            self.step()
            if until is not None and time.perf_counter() >= until:
                break
        return self.epochs_done != epoch

    def reset(self) -> None:
        """Both panels back to their initial weights (the same every time for this seed),
        a fresh batch order and optimiser state, and no history."""
        classes = self.dataset.num_classes
        self.models = {panel: Classifier(2, classes, classifier_config(self.net, self.train, panel),
                                         lab_rng(self.seed, f"init {panel}"))
                       for panel in PANELS}
        settings = train_settings(self.train)
        parts = ((self._inputs(self.train_set.X), self.train_set.y),
                 (self._inputs(self.test_set.X), self.test_set.y))
        trainers = {panel: Trainer(self.models[panel], *parts, settings,
                                   lab_rng(self.seed, "batch order")) for panel in PANELS}
        self._lockstep = Lockstep(trainers, PANEL_TITLES)
        self._curves = {panel: CurveRecorder() for panel in PANELS}
        self._version += 1  # the grid's arrays are kept, to be overwritten
        self._picture_dtype = dict.fromkeys(PANELS, np.float32)
        self._space = None
        self._good = self._lockstep.checkpoint()

    def reseed(self, seed: int) -> None:
        """A new seed: a new train/test split and new initial weights."""
        self.seed = seed
        self.set_dataset(self.dataset, keep_extent=True)

    def set_train(self, train: TrainSpec) -> None:
        """New loss, λ, optimiser, learning rate or batch size, from the next step on; the
        weights stay (a different optimiser starts with fresh state). A new loss or λ
        replaces the Classifier objects in `models` by ones with the same weights. A full
        batch on more than FULL_BATCH_MAX training points is refused (SettingError)."""
        check_full_batch(train, len(self.train_set))
        self._lockstep.set_settings(train_settings(train))
        for panel, model in self.models.items():
            config = classifier_config(self.net, train, panel)
            if config != model.config:
                self.models[panel] = self.trainers[panel].model = with_config(model, config)
        self.train = train
        # A later overflow comes back here, with these settings' optimiser.
        self._good = self._lockstep.checkpoint()

    def set_net(self, net: NetSpec) -> None:
        """A new architecture, activation or initialisation: both panels reset."""
        self.net = net
        self.reset()

    def set_dataset(self, dataset: Dataset, keep_extent: bool = False) -> None:
        """New data: a new split, new models with the data's classes, reset. With
        `keep_extent` the grid keeps its square while it still holds every point, so that
        drawing never moves the axes under the cursor; a full batch on more training points
        than FULL_BATCH_MAX becomes minibatches (`fitted_train`). All or nothing: if the
        data cannot be used, the session is left exactly as it was."""
        extent = self._extent
        if not (keep_extent and covers(extent, dataset.X)):
            extent = grid_extent(dataset.X)
        parts = lab_split(dataset, self.train_fraction, lab_rng(self.seed, "split"))
        scaling = input_scaling(dataset.X)
        xs, ys = cell_centres(extent, self.grid_size)
        for axis in (xs, ys):
            axis.setflags(write=False)  # shared by every GridPicture
        # The grid in float64 and in the data's units, then as the models see it, within
        # ±PICTURED: float32 holds that whatever the data's size (see PICTURED).
        points = grid_points(xs, ys, np.float64).T  # N×2
        with np.errstate(over="ignore"):  # a cell past float64 is clipped like the rest
            seen = np.clip(points if scaling is None else scaling.apply(points),
                           -PICTURED, PICTURED)
        inputs = seen.astype(np.float32)
        self.train = fitted_train(self.train, len(parts.train))
        self.dataset, self._extent, self.scaling = dataset, extent, scaling
        self.train_set, self.test_set = parts.train, parts.test
        self._measured = {"train": _first(parts.train, MEASURED),
                          "test": _first(parts.test, MEASURED)}
        self._xs, self._ys, self._grid_inputs, self._grid_inputs64 = xs, ys, inputs, seen
        self._density: PointDensity | None = None
        self.reset()

    @property
    def sampled(self) -> bool:
        """Whether the curves and scores measure a sample of MEASURED points of a part."""
        return len(self._measured["train"]) < len(self.train_set) or \
            len(self._measured["test"]) < len(self.test_set)

    def measured_points(self, part: str) -> int:
        """How many points of the training or test part the curves and scores measure:
        all of them, or a fixed sample of MEASURED (whatever the data's size)."""
        require("part", part, part in PARTS, "'train' or 'test'")
        return len(self._measured[part])

    def shown_points(self) -> tuple[Dataset, Dataset]:
        """At most SHOWN training and test points together, a fixed random sample in
        proportion: what the hidden space maps and the unit's heatmap marks."""
        total = len(self.train_set) + len(self.test_set)
        if total <= SHOWN:
            return self.train_set, self.test_set
        train = round(SHOWN * len(self.train_set) / total)
        return _first(self.train_set, train), _first(self.test_set, SHOWN - train)

    def density(self) -> PointDensity:
        """Every point's class counted on a raster over the grid's extent (computed once)."""
        if self._density is None:
            X = np.concatenate([self.train_set.X, self.test_set.X])
            y = np.concatenate([self.train_set.y, self.test_set.y])
            self._density = point_density(X, y, self.dataset.num_classes, self._extent)
        return self._density

    def _inputs(self, X: np.ndarray) -> np.ndarray:
        """Points as the models see them: standardised when `scaling` says so."""
        return X if self.scaling is None else self.scaling.apply(X)

    def _pictured_inputs(self, X: np.ndarray) -> np.ndarray:
        """Points of the plane as the pictures show them to the models: within ±PICTURED."""
        with np.errstate(over="ignore"):  # a point past float64 is clipped like the rest
            return np.clip(self._inputs(X), -PICTURED, PICTURED)

    # -- measuring -----------------------------------------------------------------------
    def evaluate(self) -> None:
        """Append both panels' current losses and accuracies to their curves; their pictures
        are computed too, and these weights become the last good state (`good_steps`).

        When a loss or a picture overflows even in float64, both panels go back to their
        latest weights where neither does (see `_go_back`) and DivergenceError (`.panel`)
        names the panel, step and node.
        """
        try:
            results = self._measure()
        except _Overflow as overflow:
            raise self._go_back(overflow, evaluate=True) from None
        for panel, (train, test) in results.items():
            self._curves[panel].append(self.steps, self.epoch, train, test)
        self._good = self._lockstep.checkpoint()

    def check_pictures(self) -> None:
        """Compute both panels' pictures of the current weights (kept for `grid` and
        `unit_heatmap`); when one overflows even in float64, go back to the latest weights
        whose pictures do not and raise DivergenceError."""
        try:
            self._picture_all()
        except _Overflow as overflow:
            raise self._go_back(overflow, evaluate=False) from None

    def curve(self, panel: str) -> Curve:
        """The panel's history of evaluations."""
        return self._curves[_panel(panel)].curve()

    def accuracy(self, panel: str, part: str = "test") -> float:
        """The panel's accuracy now on the training or test points (NaN with none)."""
        return self._evaluate(panel, part)[1]

    def loss(self, panel: str, part: str = "test") -> float:
        """The panel's objective J now (with its penalty) on the training or test points."""
        return self._evaluate(panel, part)[0]

    def _evaluate(self, panel: str, part: str) -> tuple[float, float]:
        require("part", part, part in PARTS, "'train' or 'test'")
        data = self._measured[part]
        with np.errstate(over="ignore", invalid="ignore"):  # overflow raises NonFiniteError
            return self.models[_panel(panel)].evaluate(self._inputs(data.X), data.y)

    # -- pictures ------------------------------------------------------------------------
    def grid(self, panel: str) -> GridPicture:
        """The panel's class probabilities on the G×G grid, one vectorised pass."""
        probabilities = self._pictured(panel)[-1]
        G = self.grid_size
        return GridPicture(
            probabilities=np.ascontiguousarray(probabilities.reshape(-1, G, G).transpose(1, 2, 0),
                                               dtype=np.float32),
            extent=self._extent,
            argmax=likeliest(probabilities).reshape(G, G),
            xs=self._xs, ys=self._ys)

    def unit_heatmap(self, layer: int, unit: int) -> np.ndarray:
        """(G, G) float32: the activation h_layer[unit] of the neural net over the grid;
        `layer` counts hidden layers from 1 (h1, h2, …), `unit` from 0."""
        hidden = self._pictured("mlp")[:-1]
        require("layer", layer, 1 <= layer <= len(hidden), f"a hidden layer 1..{len(hidden)}")
        width = len(hidden[layer - 1])
        require("unit", unit, 0 <= unit < width, f"a unit of h{layer}: 0..{width - 1}")
        values = hidden[layer - 1][unit].reshape(self.grid_size, self.grid_size)
        if values.dtype == np.float32:
            return values.copy()
        # Computed in float64 because float32 overflowed: kept within float32's range.
        return np.clip(values, -FLOAT32_MAX, FLOAT32_MAX).astype(np.float32)

    def hidden_space(self, units: tuple[int, int] | None = None) -> HiddenSpace:
        """The data and the grid's lines mapped through the neural net's last hidden layer;
        if that overflows (weights not yet evaluated), the last one mapped. Mapped once
        per step and choice of units, however many views ask."""
        key = (self._version, units)
        if self._space is not None and self._space_key == key:
            return self._space
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                self._space = map_hidden_space(self.models["mlp"], *self.shown_points(),
                                               self._extent, units, self._pictured_inputs)
            self._space_key = key
        except (NonFiniteError, np.linalg.LinAlgError):
            if self._space is None:
                raise
        return self._space

    def _pictured(self, panel: str) -> list[np.ndarray]:
        """`_outputs`, or DivergenceError after going back to weights that can be pictured."""
        try:
            return self._outputs(panel)
        except NonFiniteError as error:
            overflow = _Overflow(panel, "in the picture of the plane", error)
        raise self._go_back(overflow, evaluate=False)

    def _outputs(self, panel: str) -> list[np.ndarray]:
        """Every layer's output on the grid for the current weights, computed once per step:
        in float32, or in float64 once float32 overflowed (until the next reset)."""
        version, outputs = self._cache.get(_panel(panel), (None, None))
        if version != self._version:
            # The model's buffers, rewritten by its next pass: what leaves the session is a copy.
            outputs = self._layer_outputs(panel)
            self._cache[panel] = (self._version, outputs)
        return outputs

    def _layer_outputs(self, panel: str) -> list[np.ndarray]:
        """The panel's grid outputs, switching to float64 for good when float32 overflows."""
        model = self.models[panel]
        with np.errstate(over="ignore", invalid="ignore"):  # overflow raises NonFiniteError
            if self._picture_dtype[panel] == np.float32:
                try:
                    return model.layer_outputs(self._grid_inputs, np.float32)
                except NonFiniteError:
                    # Finite in float32 is finite in float64: once switched, it stays switched.
                    self._picture_dtype[panel] = np.float64
            return model.layer_outputs(self._grid_inputs64, np.float64)

    def _picture_all(self) -> None:
        """Both panels' grid outputs, or _Overflow naming the panel that overflowed."""
        for panel in PANELS:
            try:
                self._outputs(panel)
            except NonFiniteError as error:
                raise _Overflow(panel, "in the picture of the plane", error) from None

    def _measure(self) -> dict[str, list[tuple[float, float]]]:
        """Both panels' pictures, then their (loss, accuracy) on the train and test points."""
        self._picture_all()
        results = {}
        for panel in PANELS:
            try:
                results[panel] = [self._evaluate(panel, part) for part in PARTS]
            except NonFiniteError as error:
                raise _Overflow(panel, "on the training and test points", error) from None
        return results

    def _go_back(self, overflow: _Overflow, evaluate: bool) -> DivergenceError:
        """Undo the latest steps one at a time, never behind the last good state, until
        both panels' pictures (and, if `evaluate`, their losses) are finite, else return to
        that state; the error says what overflowed, in which panel, at which step and node."""
        step = self.steps
        found = False
        while not found and self.steps > self._good.steps and self._lockstep.rewind():
            self._version += 1
            try:
                self._measure() if evaluate else self._picture_all()
                found = True
            except _Overflow:
                pass
        if not found:
            self._lockstep.restore(self._good)
            self._version += 1
        panel, error = overflow.panel, overflow.error
        what = "value" if error.phase == "forward" else "gradient"
        detail = f"the {what} of node '{error.label}' is not finite ({error.kind}) {overflow.where}"
        return model_divergence(step, detail, error.label, self.steps, panel,
                                PANEL_TITLES[panel])


class _Overflow(Exception):
    """A panel's picture or evaluation overflowed even in float64 (inside the session only)."""

    def __init__(self, panel: str, where: str, error: NonFiniteError) -> None:
        super().__init__(panel, where, error)
        self.panel, self.where, self.error = panel, where, error


def classifier_config(net: NetSpec, train: TrainSpec, panel: str) -> ClassifierConfig:
    """The panel's model: the softmax panel has no hidden layer; both share loss and λ."""
    hidden = () if _panel(panel) == "softmax" else net.hidden
    return ClassifierConfig(hidden=hidden, activation=net.activation, loss=train.loss,
                            l1=train.l1, l2=train.l2, init=net.init)


def with_config(model: Classifier, config: ClassifierConfig) -> Classifier:
    """A classifier of the same sizes with `config` and `model`'s current weights.

    A new object rather than a new `model.config`: a classifier may cache work built
    from its config (compiled objectives), which a changed attribute would not reset.
    """
    rebuilt = Classifier(model.sizes[0], model.sizes[-1], config, np.random.default_rng(0))
    load_params(rebuilt.params, model.params)  # the draws above are overwritten
    return rebuilt


def train_settings(train: TrainSpec) -> TrainSettings:
    """The Trainer's settings for a TrainSpec (constant learning rate)."""
    return TrainSettings(optimizer=train.optimizer, lr=train.lr, batch_size=train.batch_size)


def lab_split(dataset: Dataset, train_fraction: float, rng: np.random.Generator) -> Split:
    """`split`, except that a set too small to leave a training point trains on all of it
    (a drawn data set may have 0 or 1 points)."""
    if round(len(dataset) * train_fraction) >= 1:
        return split(dataset, train_fraction, rng)
    return Split(dataset, clear_points(dataset))


def _first(dataset: Dataset, count: int) -> Dataset:
    """The first `count` points of `dataset` (all of them if it has no more)."""
    if len(dataset) <= count:
        return dataset
    return Dataset(dataset.X[:count], dataset.y[:count], dataset.class_names,
                   dataset.name, dataset.header)


def _panel(panel: str) -> str:
    require("panel", panel, panel in PANELS, f"one of {', '.join(PANELS)}")
    return panel
