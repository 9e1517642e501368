"""LabModel: training in lockstep from the transport, settings, data by file and by drawing."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from bpviz.app.labs.boundary import data_loader
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.data import csv_format
from bpviz.data.csv_format import load_csv, save_csv
from bpviz.data.dataset import Dataset
from bpviz.labs.boundary.lockstep import model_divergence
from bpviz.labs.boundary.seeds import lab_rng
from bpviz.labs.boundary.session import LabSession, classifier_config, lab_split, train_settings
from bpviz.labs.boundary.settings import DataSpec, NetSpec, TrainSpec
from bpviz.models.classifier import Classifier
from bpviz.training.divergence import DivergenceError
from bpviz.training.trainer import Trainer

GOOD_CSV = "# two clusters\nx1,x2,label\n0.1,0.2,red\n-0.5,0.3,blue\n0.4,-0.1,red\n-0.2,-0.6,blue\n"
BAD_CSV = "x1,x2,label\n0.1,0.2,red\n0.3,oops,blue\n"


def headless_accuracies(model: LabModel, panel: str, epochs: int) -> tuple[float, float]:
    """Train the panel's model with a plain Trainer from the session's seeded streams."""
    session = model.session
    parts = lab_split(session.dataset, model.data_spec.train_fraction, lab_rng(session.seed, "split"))
    classifier = Classifier(2, session.dataset.num_classes,
                            classifier_config(session.net, session.train, panel),
                            lab_rng(session.seed, f"init {panel}"))
    trainer = Trainer(classifier, (parts.train.X, parts.train.y), (parts.test.X, parts.test.y),
                      train_settings(session.train), lab_rng(session.seed, "batch order"))
    record = [trainer.run_epoch() for _ in range(epochs)][-1]
    return record.train_accuracy, record.test_accuracy


def test_epochs_train_both_panels_like_a_headless_trainer(qtbot, model):
    with qtbot.waitSignals([model.trained] * 3):
        for _ in range(3):
            model.run_epoch()  # pressed again while one runs (a busy machine): one more
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=10_000)
    assert model.session.epoch == 3.0
    for panel in ("softmax", "mlp"):
        curve = model.session.curve(panel)
        assert len(curve.steps) == 4  # the start, then one evaluation per epoch
        train, test = headless_accuracies(model, panel, 3)
        assert curve.train_accuracy[-1] == train == model.session.accuracy(panel, "train")
        assert curve.test_accuracy[-1] == test == model.session.accuracy(panel, "test")


def test_step_is_one_minibatch_and_reset_returns_to_the_same_weights(model):
    before = {name: value.copy() for name, value in model.session.models["mlp"].params.items()}
    model.step()
    assert model.session.steps == 1
    assert not np.array_equal(before["W1"], model.session.models["mlp"].params["W1"])
    model.reset()
    assert model.session.steps == 0
    for name, value in model.session.models["mlp"].params.items():
        assert np.array_equal(before[name], value)


def test_playing_trains_from_a_timer_until_paused(qtbot, model):
    changes = []
    model.playing_changed.connect(changes.append)
    model.play()
    assert model.playing
    qtbot.waitUntil(lambda: model.session.steps >= 20, timeout=5000)
    model.pause()
    steps = model.session.steps
    qtbot.wait(50)
    assert not model.playing and model.session.steps == steps
    assert changes == [True, False]


def test_pausing_shows_the_losses_and_accuracies_of_the_weights_it_stopped_at(qtbot, model):
    model.play()
    qtbot.waitUntil(lambda: model.session.steps >= 20, timeout=5000)
    model.session.step(3)  # trained past the last evaluation, as between two while playing
    model.pause()
    for panel in ("softmax", "mlp"):
        curve = model.session.curve(panel)
        assert curve.steps[-1] == model.session.steps
        assert curve.test_accuracy[-1] == model.session.accuracy(panel, "test")
    evaluations = len(model.session.curve("mlp").steps)
    model.play()
    model.pause()  # nothing trained in between: no second evaluation of the same weights
    assert len(model.session.curve("mlp").steps) == evaluations


def test_manual_step_pauses_playing(model):
    model.play()
    model.step()
    assert not model.playing


def test_divergence_pauses_and_reports(qtbot, model, monkeypatch):
    def diverge(batches=1):
        raise DivergenceError(7, "W1 became NaN")
    monkeypatch.setattr(model.session, "step", diverge)
    heard = []
    model.playing_changed.connect(lambda playing: heard.append(playing))
    model.diverged.connect(heard.append)
    model.play()
    qtbot.waitUntil(lambda: len(heard) == 3)
    assert heard[:2] == [True, False] and "step 7" in heard[2]  # the button says Play again
    assert not model.playing


def overflowing(step=12):
    """What the session raises when weights cannot be pictured: the net's, put back."""
    def fail(*args):
        raise model_divergence(step, "the value of node 'f' is not finite (inf) in the picture "
                               "of the plane", "f", step - 1, "mlp", "neural net")
    return fail


def test_a_pause_whose_catch_up_overflows_still_stops_and_says_why(qtbot, model, monkeypatch):
    heard = []
    model.playing_changed.connect(lambda playing: heard.append(playing))
    model.diverged.connect(heard.append)
    model.play()
    qtbot.waitUntil(lambda: model.session.steps > 0)
    model.session.step(1)  # the curves lag these weights, whenever the last tick evaluated
    monkeypatch.setattr(model.session, "evaluate", overflowing())
    model.pause()
    assert not model.playing and heard[:2] == [True, False]
    assert heard[2].startswith("The neural net diverged at step 12: the value of node 'f'")


def test_pictures_that_overflow_stop_training_with_the_same_message(qtbot, model, monkeypatch):
    monkeypatch.setattr(model.session, "check_pictures", overflowing(30))
    model.play()
    with qtbot.waitSignal(model.diverged) as stopped:
        model.check_pictures()  # what the lab's views do before drawing
    assert not model.playing and "step 30" in stopped.args[0]


def test_a_bug_in_a_tick_stops_the_timer_and_reaches_the_apps_guard(qtbot, model, monkeypatch):
    def bug(batches=1):
        raise RuntimeError("a bug")
    monkeypatch.setattr(model.session, "step", bug)
    heard = []
    model.playing_changed.connect(lambda playing: heard.append(playing))
    with qtbot.capture_exceptions() as caught:
        model.play()
        qtbot.waitUntil(lambda: len(heard) == 2)
        qtbot.wait(100)
    assert heard == [True, False] and not model.playing  # not failing again every frame
    assert len(caught) == 1 and str(caught[0][1]) == "a bug"


def test_new_seed_gives_a_new_split_and_weights(model):
    train_before = model.session.train_set.X.copy()
    model.new_seed()
    assert model.session.seed == 1
    assert not np.array_equal(train_before, model.session.train_set.X)


def test_data_spec_regenerates_and_a_bad_one_is_refused_with_the_data_kept(qtbot, model):
    with qtbot.waitSignal(model.changed):
        model.set_data_spec(DataSpec(kind="moons", points=120))
    assert model.dataset.name == "moons" and len(model.dataset) == 120
    assert model.source == "moons"
    data = model.dataset
    with qtbot.waitSignal(model.error):
        model.set_data_spec(DataSpec(kind="gauss", points=3, classes=5))  # fewer points than classes
    assert model.dataset is data


def test_train_fraction_splits_the_current_data_again(model):
    model.set_train_fraction(0.8)
    assert len(model.session.train_set) == round(0.8 * len(model.dataset))
    assert model.data_spec.train_fraction == 0.8


def test_settings_apply_without_a_reset_and_a_new_net_resets(model):
    model.run_epoch()
    steps = model.session.steps
    model.set_train(TrainSpec(lr=0.1, l2=0.01))
    assert model.session.steps == steps and model.train.lr == 0.1
    model.set_net(NetSpec(hidden=(4,), activation="relu"))
    assert model.session.steps == 0
    assert model.session.models["mlp"].sizes == (2, 4, 3)


def test_open_a_good_csv_and_save_it_back(qtbot, model, tmp_path):
    path = tmp_path / "clusters.csv"
    path.write_text(GOOD_CSV)
    assert model.open_data(path)
    assert model.dataset.class_names == ("red", "blue")
    assert model.source == "clusters.csv"
    out = tmp_path / "out.csv"
    assert model.save_data(out)
    again = load_csv(out)
    assert np.array_equal(again.X, model.dataset.X) and np.array_equal(again.y, model.dataset.y)


def test_a_bad_csv_names_its_line_and_keeps_the_data(qtbot, model, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV)
    data = model.dataset
    with qtbot.waitSignal(model.error) as signal:
        assert not model.open_data(path)
    assert "line 3" in signal.args[0]
    assert model.dataset is data


def test_drawing_adds_removes_and_clears_points(model):
    count = len(model.dataset)
    model.add_point(0.25, -0.5, 2)
    assert len(model.dataset) == count + 1
    assert model.dataset.X[-1].tolist() == [0.25, -0.5] and model.dataset.y[-1] == 2
    model.remove_nearest(0.26, -0.49)
    assert len(model.dataset) == count
    assert not np.any(np.all(model.dataset.X == [0.25, -0.5], axis=1))
    model.clear()
    assert len(model.dataset) == 0 and model.dataset.num_classes == 3
    model.step()  # nothing to train on: nothing happens, nothing fails
    model.add_point(0.0, 0.0, 1)
    assert len(model.dataset) == 1


def test_a_drawing_of_one_class_is_not_saved_and_says_why(qtbot, model, tmp_path):
    model.clear()
    model.add_point(0.0, 0.0, 1)
    out = tmp_path / "drawn.csv"
    with qtbot.waitSignal(model.error) as signal:
        assert not model.save_data(out)
    assert "at least 2 classes" in signal.args[0]
    assert not out.exists()
    model.add_point(1.0, 1.0, 0)
    assert model.save_data(out)
    assert len(load_csv(out)) == 2


@pytest.mark.parametrize("kind", ["xor", "circles", "gauss", "spiral", "moons"])
def test_every_built_in_data_set_trains(qtbot, model, kind):
    model.set_data_spec(DataSpec(kind=kind, points=100))
    model.run_epoch()
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=10_000)
    assert model.session.epoch == pytest.approx(1.0)
    _, test = headless_accuracies(model, "mlp", 1)
    assert model.session.curve("mlp").test_accuracy[-1] == test


# -- big files on a worker thread, and all or nothing ---------------------------------------


def write_points(path, rows, size=1.0, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, size=(rows, 2)) * size
    save_csv(Dataset(X, np.arange(rows) % 3, ("a", "b", "c"), "big"), path)
    return path


def test_a_big_file_loads_on_a_worker_thread_while_the_window_keeps_running(
        qtbot, model, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_format, "BLOCK_ROWS", 5_000)
    path = write_points(tmp_path / "big.csv", 60_000)
    ticks, fractions, names = [], [], []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    model.loading.connect(names.append)
    model.load_progress.connect(fractions.append)
    with qtbot.waitSignal(model.load_ended, timeout=60_000):
        model.load_data(path)
        assert model.loading_file  # back at once: the reading goes on elsewhere
    timer.stop()
    assert len(model.dataset) == 60_000 and model.source == "big.csv" and not model.loading_file
    assert names == ["big.csv"]
    assert len(fractions) >= 12 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(ticks) >= 3  # the event loop ran while the file was read
    assert model.session.sampled  # 30,000 points a part: the curves measure 5,000 of each


def test_cancel_stops_the_loading_and_keeps_the_data(qtbot, model, tmp_path, monkeypatch):
    monkeypatch.setattr(csv_format, "BLOCK_ROWS", 50)
    path = write_points(tmp_path / "big.csv", 20_000)
    session, errors, ended = model.session, [], []
    model.error.connect(errors.append)
    model.load_ended.connect(lambda: ended.append(1))
    with qtbot.waitSignal(model.load_progress, timeout=10_000):
        model.load_data(path)
    loader = model._loader
    model.cancel_loading()
    assert not model.loading_file and ended == [1]
    assert loader.wait(10_000)  # the thread stops at its next block
    qtbot.wait(50)  # anything it might still have sent arrives, and is ignored
    assert model.session is session and errors == [] and ended == [1]


def test_a_file_too_big_for_memory_is_a_message_and_the_lab_stays(qtbot, model, tmp_path,
                                                                   monkeypatch):
    def no_memory(path, progress=None):
        raise MemoryError
    monkeypatch.setattr(data_loader, "load_csv", no_memory)
    session = model.session
    with qtbot.waitSignal(model.error, timeout=10_000) as signal:
        model.load_data(tmp_path / "huge.csv")
    assert "huge.csv: is too large to load: the computer ran out of memory" in signal.args[0]
    assert model.session is session and not model.loading_file


def test_an_opened_file_loads_whole_or_leaves_the_session_exactly_as_it_was(
        qtbot, model, tmp_path, monkeypatch):
    path = tmp_path / "clusters.csv"
    path.write_text(GOOD_CSV)
    session, dataset, source = model.session, model.dataset, model.source

    def overflow(self):
        raise model_divergence(0, "the value of node 'x' is not finite (inf)", "x", 0, "mlp",
                               "neural net")
    monkeypatch.setattr(LabSession, "evaluate", overflow)
    with qtbot.waitSignal(model.error):
        assert not model.open_data(path)
    assert (model.session, model.dataset, model.source) == (session, dataset, source)
    assert model.session.dataset is dataset


@pytest.mark.parametrize("size", [1e40, 1e200, 1.7e308])
def test_a_file_of_features_up_to_the_largest_float_loads_and_trains(qtbot, model, tmp_path,
                                                                     size):
    path = write_points(tmp_path / "huge.csv", 300, size)
    errors = []
    model.error.connect(errors.append)
    assert model.open_data(path), errors
    model.run_epoch()
    for panel in ("softmax", "mlp"):
        assert np.isfinite(model.session.grid(panel).probabilities).all()
    assert model.session.scaling is not None and errors == []


def held_loading(monkeypatch, held: str):
    """load_csv on the worker, the file named `held` kept reading until `release.set()`."""
    import threading
    release = threading.Event()

    def load(path, progress=None):
        if str(path).endswith(held):
            while not release.wait(0.01):
                progress(0.5)  # a cancelled load stops at its next block
        return load_csv(path, progress=progress)
    monkeypatch.setattr(data_loader, "load_csv", load)
    return release


def test_a_generator_chosen_while_a_file_loads_wins_and_the_load_is_cancelled(
        qtbot, model, tmp_path, monkeypatch):
    release = held_loading(monkeypatch, "slow.csv")
    path = tmp_path / "slow.csv"
    path.write_text(GOOD_CSV)
    changed, errors, progress = [], [], []
    with qtbot.waitSignal(model.load_progress, timeout=10_000):
        model.load_data(path)
    loader = model._loader
    model.changed.connect(lambda: changed.append(model.source))
    model.error.connect(errors.append)
    model.load_progress.connect(progress.append)
    model.set_data_spec(DataSpec(kind="circles", points=120))
    assert not model.loading_file and loader.cancelled
    session = model.session
    release.set()
    assert loader.wait(10_000)
    qtbot.wait(50)  # whatever it sent on its way arrives, and is ignored
    assert model.session is session and model.source == "circles" and len(model.dataset) == 120
    assert changed == ["circles"] and errors == [] and progress == []


def test_another_file_opened_while_one_loads_wins_whichever_finishes_first(
        qtbot, model, tmp_path, monkeypatch):
    release = held_loading(monkeypatch, "first.csv")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(GOOD_CSV)
    write_points(second, 300)
    with qtbot.waitSignal(model.load_progress, timeout=10_000):
        model.load_data(first)
    old = model._loader
    model.load_data(second)  # the first one's loading ends here, cancelled
    assert old.cancelled
    qtbot.waitUntil(lambda: not model.loading_file, timeout=10_000)
    assert model.source == "second.csv" and len(model.dataset) == 300
    session = model.session
    release.set()  # the first file now reads to its end: too late, it was cancelled
    assert old.wait(10_000)
    qtbot.wait(50)
    assert model.session is session and model.source == "second.csv"


def test_drawing_while_a_file_loads_cancels_the_load(qtbot, model, tmp_path, monkeypatch):
    release = held_loading(monkeypatch, "slow.csv")
    path = tmp_path / "slow.csv"
    path.write_text(GOOD_CSV)
    with qtbot.waitSignal(model.load_progress, timeout=10_000):
        model.load_data(path)
    loader = model._loader
    count = len(model.dataset)
    model.add_point(0.1, 0.2, 0)
    assert not model.loading_file
    release.set()
    assert loader.wait(10_000)
    qtbot.wait(50)
    assert model.source == "drawn" and len(model.dataset) == count + 1


def test_a_long_epoch_runs_in_chunks_from_the_timer_and_ends_like_a_whole_one(
        qtbot, model, monkeypatch):
    from bpviz.app.labs.boundary import lab_model
    monkeypatch.setattr(lab_model, "STEP_BUDGET_S", 0.0)
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 0.0)  # each chunk: a single step
    playing = []
    model.playing_changed.connect(playing.append)
    model.run_epoch()
    assert model.session.steps == 1 and model.running_epoch  # back at once, still running
    assert playing == [True]
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=10_000)
    per_epoch = -(-len(model.session.train_set) // model.train.batch_size)
    assert model.session.epoch == 1.0 and model.session.steps == per_epoch
    assert playing == [True, False] and not model.playing
    for panel in ("softmax", "mlp"):  # the same weights as an epoch run in one go
        curve = model.session.curve(panel)
        assert curve.steps[-1] == per_epoch
        train, test = headless_accuracies(model, panel, 1)
        assert curve.train_accuracy[-1] == train and curve.test_accuracy[-1] == test


def test_a_long_epochs_first_chunk_is_redrawn_in_a_later_turn(qtbot, model, monkeypatch):
    # Views redraw at once on `trained` when paused, in a later turn when playing: the first
    # chunk (up to FIRST_EPOCH_CHUNK_S of training) must not also pay for a redraw.
    from bpviz.app.labs.boundary import lab_model
    monkeypatch.setattr(lab_model, "STEP_BUDGET_S", 0.0)
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 0.0)
    heard = []
    model.trained.connect(lambda: heard.append(model.playing))
    model.run_epoch()
    assert heard == [True] and model.running_epoch
    model.pause()
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 10.0)
    heard.clear()
    model.run_epoch()  # the rest of the epoch within the first chunk: shown at once, paused
    assert heard == [False] and not model.playing and model.session.epoch == 1.0


def test_pause_stops_a_running_epoch_where_it_is(qtbot, model, monkeypatch):
    from bpviz.app.labs.boundary import lab_model
    monkeypatch.setattr(lab_model, "STEP_BUDGET_S", 0.0)
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 0.0)
    model.run_epoch()
    qtbot.waitUntil(lambda: model.session.steps >= 3, timeout=10_000)
    model.pause()
    steps = model.session.steps
    assert not model.running_epoch and not model.playing and 0 < model.session.epoch < 1
    assert model.session.curve("mlp").steps[-1] == steps  # the curves show where it stopped
    qtbot.wait(100)
    assert model.session.steps == steps
    model.run_epoch()  # Epoch again: the rest of the same epoch
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=10_000)
    assert model.session.epoch == 1.0


def test_epoch_pressed_again_while_one_runs_adds_one_more(qtbot, model, monkeypatch):
    from bpviz.app.labs.boundary import lab_model
    monkeypatch.setattr(lab_model, "STEP_BUDGET_S", 0.0)
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 0.0)
    model.run_epoch()
    model.run_epoch()
    assert model.running_epoch
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=10_000)
    assert model.session.epoch == 2.0
    assert len(model.session.curve("mlp").steps) == 3  # the start and each epoch's end


def test_a_loaded_file_comes_with_its_pictures_computed_on_the_worker(
        qtbot, model, tmp_path, monkeypatch):
    import threading
    from bpviz.labs.boundary import session as lab_session
    threads = []

    def recorded(function):
        def run(*args, **kwargs):
            threads.append((function.__name__, threading.current_thread()))
            return function(*args, **kwargs)
        return run
    monkeypatch.setattr(lab_session, "map_hidden_space", recorded(lab_session.map_hidden_space))
    monkeypatch.setattr(lab_session, "point_density", recorded(lab_session.point_density))
    path = write_points(tmp_path / "big.csv", 6_000)
    with qtbot.waitSignal(model.load_ended, timeout=60_000):
        model.load_data(path)
    session = model.session
    assert len(session.dataset) == 6_000
    session.density(), session.hidden_space(), session.check_pictures()  # what the lab draws
    assert {name for name, _ in threads} == {"map_hidden_space", "point_density"}
    assert all(thread is not threading.main_thread() for _, thread in threads)
