"""The lab widget: panels show the session's numbers, clicks draw data, files open and fail
gracefully, hidden units show their heatmaps, keys and actions work, both themes look right."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox

from bpviz.app.labs.boundary.boundary_lab import BoundaryLab
from bpviz.app.labs.boundary.heatmap_image import (
    DARK_STRENGTH, LIGHT_STRENGTH, blended_image, hard_image, rgb,
)
from bpviz.app.labs.boundary.lab_model import LabModel
from bpviz.app.theme import DARK, LIGHT, class_colours
from bpviz.data import Dataset, save_csv
from bpviz.labs.boundary import LabSession, make_dataset
from bpviz.labs.boundary.settings import DataSpec, NetSpec
from bpviz.training.divergence import DivergenceError

LAB_SIZE = (1360, 860)  # the main window's default size

GOOD_CSV = "x1,x2,label\n0.1,0.2,cat\n-0.5,0.3,dog\n0.4,-0.1,cat\n-0.2,-0.6,dog\n0.3,0.3,cat\n"
BAD_CSV = "x1,x2,label\n0.1,0.2,cat\n\n0.3,0.1\n"


def shown_accuracy(lab: BoundaryLab, panel: str) -> str:
    return lab.panels[panel].test_accuracy.text()


def click_plot(qtbot, lab: BoundaryLab, panel: str, x: float, y: float,
               button=Qt.MouseButton.LeftButton) -> None:
    """A real mouse click on the panel's heatmap at the data point (x, y)."""
    plot = lab.panels[panel].plot
    qtbot.mouseClick(plot.viewport(), button, pos=plot.view_to_widget(x, y).toPoint())


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    """Warnings the lab would show in a dialog, caught instead of blocking the test."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *args: shown.append(text))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    return shown


@pytest.mark.parametrize("kind", ["xor", "circles", "gauss", "spiral", "moons"])
def test_each_data_set_trains_and_the_panels_show_the_sessions_accuracies(qtbot, lab, model, kind):
    qtbot.mouseClick(lab.data_controls.kind_picker.buttons[kind], Qt.MouseButton.LeftButton)
    assert model.dataset.name == kind
    assert lab.data_controls.kind_picker.buttons[kind].isChecked()
    for _ in range(3):
        qtbot.mouseClick(lab.training_bar.buttons["epoch"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not model.running_epoch, timeout=20_000)
    assert model.session.epoch == pytest.approx(3.0)
    assert lab.training_bar.epoch_label.text() == "Epoch 3.0"
    for panel in ("softmax", "mlp"):
        test = model.session.accuracy(panel, "test")
        train = model.session.accuracy(panel, "train")
        shown = (f"Test accuracy {100 * test:.1f} %", f"train {100 * train:.1f} %")
        # A result that comes within a frame of the last redraw is drawn at the next frame.
        qtbot.waitUntil(lambda: (shown_accuracy(lab, panel),
                                 lab.panels[panel].details.text()) == shown, timeout=2000)


def test_the_heatmap_is_at_least_200_by_200_and_shows_the_session_grid(lab, model, run_epochs):
    run_epochs(model)
    for panel_name in ("softmax", "mlp"):
        panel = lab.panels[panel_name]
        grid = model.session.grid(panel_name)
        image = panel.plot.image.image
        assert image.shape[:2] == grid.probabilities.shape[:2] and image.shape[0] >= 200
        assert np.array_equal(panel.picture.probabilities, grid.probabilities)
        colours = rgb(class_colours(LIGHT, model.dataset.num_classes))
        assert np.array_equal(image, blended_image(grid.probabilities, colours,
                                                   LIGHT.background, LIGHT_STRENGTH))
        # Row 0 is the bottom of the plot (ymin), column 0 its left (xmin).
        xmin, xmax, ymin, ymax = grid.extent
        rect = panel.plot.image.mapRectToView(panel.plot.image.boundingRect())
        assert (rect.left(), rect.right()) == pytest.approx((xmin, xmax))
        assert (rect.top(), rect.bottom()) == pytest.approx((ymin, ymax))
        assert panel.plot.image.mapToView(QPointF(0, 0)).y() == pytest.approx(ymin)


def test_hard_regions_colour_each_cell_by_its_argmax(lab, model):
    lab.regions_box.setChecked(True)
    assert lab.regions_action.isChecked()
    grid = model.session.grid("mlp")
    colours = rgb(class_colours(LIGHT, model.dataset.num_classes))
    assert np.array_equal(lab.panels["mlp"].plot.image.image,
                          hard_image(grid.probabilities, grid.argmax, colours, LIGHT.background,
                                     LIGHT_STRENGTH))


def test_left_click_adds_a_point_of_the_chosen_class_right_click_removes_the_nearest(
        qtbot, lab, model):
    count = len(model.dataset)
    click_plot(qtbot, lab, "softmax", 0.5, 0.5)
    assert len(model.dataset) == count  # not in draw mode: clicks only look
    lab.draw_action.setChecked(True)
    lab.data_controls.class_buttons[2].click()
    click_plot(qtbot, lab, "mlp", 0.5, -0.75)
    assert len(model.dataset) == count + 1
    assert model.dataset.y[-1] == 2
    pixel = 2 * (model.session.extent[1] - model.session.extent[0]) / lab.panels["mlp"].plot.width()
    assert model.dataset.X[-1] == pytest.approx([0.5, -0.75], abs=pixel)
    added = model.dataset.X[-1].copy()

    click_plot(qtbot, lab, "softmax", *added, button=Qt.MouseButton.RightButton)
    assert len(model.dataset) == count
    assert not np.any(np.all(model.dataset.X == added, axis=1))
    # The panels show the new data at once.
    shown = lab.panels["mlp"].plot.points.count()
    assert shown == count


def test_clear_then_draw_a_data_set_from_scratch(qtbot, lab, model, run_epochs):
    qtbot.mouseClick(lab.data_controls.clear_button, Qt.MouseButton.LeftButton)
    assert len(model.dataset) == 0
    lab.draw_action.setChecked(True)
    for label, (x, y) in enumerate([(-0.5, 0.5), (0.5, -0.5)]):
        lab.data_controls.set_draw_class(label)
        click_plot(qtbot, lab, "softmax", x, y)
    assert model.dataset.y.tolist() == [0, 1]
    run_epochs(model)
    assert lab.panels["mlp"].picture is not None


def finish_loading(qtbot, model):
    """Wait for the file the lab reads on its worker thread."""
    qtbot.waitUntil(lambda: not model.loading_file, timeout=10_000)


def test_open_data_set_through_the_dialog(qtbot, lab, model, tmp_path, monkeypatch, messages):
    path = tmp_path / "pets.csv"
    path.write_text(GOOD_CSV)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    lab.open_action.trigger()
    finish_loading(qtbot, model)
    assert model.dataset.class_names == ("cat", "dog")
    assert "pets.csv" in lab.data_controls.source_label.text()
    assert not lab.data_controls.class_buttons[2].isVisibleTo(lab)
    assert messages == []


def test_a_data_set_in_pixels_says_its_features_are_standardised(qtbot, lab, model, tmp_path,
                                                                  monkeypatch, messages):
    path = tmp_path / "pixels.csv"
    rows = [f"{x},{y},{'in' if (x - 250) ** 2 + (y - 250) ** 2 < 150 ** 2 else 'out'}"
            for x in range(0, 500, 50) for y in range(0, 500, 50)]
    path.write_text("px,py,label\n" + "\n".join(rows) + "\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    lab.open_action.trigger()
    finish_loading(qtbot, model)
    label = lab.data_controls.source_label
    assert "features standardised" in label.text() and "px′ = (px − 225) / 144" in label.toolTip()
    assert lab.panels["mlp"].plot.image is not None and messages == []
    lab.data_controls.choose_kind("spiral")
    assert "standardised" not in label.text() and label.toolTip() == ""


def test_a_bad_csv_is_reported_with_its_line_and_the_data_stay(qtbot, lab, model, tmp_path,
                                                              monkeypatch, messages):
    path = tmp_path / "broken.csv"
    path.write_text(BAD_CSV)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))
    data = model.dataset
    lab.open_action.trigger()
    finish_loading(qtbot, model)
    assert len(messages) == 1 and "line 4" in messages[0] and "broken.csv" in messages[0]
    assert model.dataset is data


def test_save_data_set_through_the_dialog(lab, model, tmp_path, monkeypatch, messages):
    target = tmp_path / "mine"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    lab.save_action.trigger()
    written = tmp_path / "mine.csv"
    assert written.exists() and len(written.read_text().splitlines()) == len(model.dataset) + 1
    assert messages == []


def test_dropping_a_csv_file_opens_it(qtbot, lab, model, tmp_path):
    path = tmp_path / "dropped.csv"
    path.write_text(GOOD_CSV)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    lab.dropEvent(event)
    finish_loading(qtbot, model)
    assert model.source == "dropped.csv" and len(model.dataset) == 5


def test_clicking_a_hidden_unit_shows_its_own_heatmap(qtbot, lab, model, run_epochs):
    run_epochs(model)
    diagram = lab.panels["mlp"].diagram
    units = diagram.hidden_units()
    assert len(units) == sum(model.net.hidden)
    unit = next(u for u in units if (u.layer, u.index) == (2, 3))
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=unit.centre.toPoint())
    assert lab.inside.unit == (2, 3) and diagram.selected == (2, 3)
    assert np.array_equal(lab.inside.unit_plot.values, model.session.unit_heatmap(2, 3))
    assert lab.inside.unit_title.text().startswith("h2[3] = tanh(z2[3])")


def test_hidden_space_shows_the_sessions_mapping(lab, model, run_epochs):
    run_epochs(model)
    space = model.session.hidden_space()
    shown = np.concatenate([scatter.getData()[0] for scatter in lab.inside.space_plot.scatters.values()])
    assert np.sort(shown) == pytest.approx(np.sort(space.points[:, 0]))
    lab.inside.mode_box.setCurrentIndex(1)
    assert lab.inside.space_plot.getAxis("bottom").labelText == "h2[0]"


@pytest.mark.parametrize("size", [(1360, 860), (1920, 1080)])
def test_the_inside_column_fits_without_scrolling_and_the_unit_plot_is_whole(qtbot, lab, size):
    lab.resize(*size)
    lab.inside.select_unit(1, 0)
    qtbot.waitUntil(lambda: lab.inside.unit_plot.isVisible())
    column = lab.inside.parentWidget().parentWidget().parentWidget()  # column, viewport, area
    assert column.verticalScrollBar().maximum() == 0
    plot = lab.inside.unit_plot.geometry()
    assert plot.bottom() < lab.inside.height()
    assert plot.height() <= plot.width() + 16  # square heatmap, not floating in a gap


def test_network_controls_change_the_architecture(qtbot, lab, model):
    controls = lab.network_controls
    qtbot.mouseClick(controls.add_button, Qt.MouseButton.LeftButton)
    assert model.net.hidden == (8, 8, 4)
    controls.unit_boxes[0].setValue(12)
    assert model.net.hidden == (12, 8, 4)
    qtbot.mouseClick(controls.remove_button, Qt.MouseButton.LeftButton)
    assert model.net.hidden == (12, 8)
    controls.activation_box.setCurrentIndex(controls.activation_box.findData("relu"))
    assert model.net.activation == "relu"
    assert "relu" in lab.panels["mlp"].subtitle.text()
    assert lab.panels["mlp"].diagram.sizes == (2, 12, 8, 3)


def test_training_settings_apply_from_the_next_step(lab, model, run_epochs):
    bar = lab.training_bar
    run_epochs(model)
    bar.lr_box.setCurrentIndex(bar.lr_box.findData(0.1))
    bar.regularisation_box.setCurrentIndex(bar.regularisation_box.findData("l2"))
    bar.lambda_box.setCurrentIndex(bar.lambda_box.findData(0.01))
    bar.batch_box.setValue(0)
    bar.optimizer_box.setCurrentIndex(bar.optimizer_box.findData("momentum"))
    bar.loss_box.setCurrentIndex(bar.loss_box.findData("margin"))
    train = model.train
    assert (train.lr, train.l1, train.l2, train.batch_size, train.optimizer, train.loss) == (
        0.1, 0.0, 0.01, 0, "momentum", "margin")
    assert model.session.epoch == pytest.approx(1.0)  # the weights were kept


def test_actions_have_the_menu_shortcuts(lab):
    keys = {action.text(): action.shortcut().toString() for action in lab.actions()}
    assert keys["&Open data set…"] == "Ctrl+O"
    assert keys["&Save data set…"] == "Ctrl+S"
    assert {"Play", "Step", "Epoch", "Reset", "New seed", "Regenerate data"} <= set(keys)
    assert all(action.toolTip() for action in lab.actions())


def test_keys_play_step_and_reset(qtbot, lab, model):
    lab.activateWindow()
    qtbot.waitUntil(lab.isActiveWindow)
    qtbot.keyClick(lab, Qt.Key.Key_Right)
    assert model.session.steps == 1
    qtbot.keyClick(lab, Qt.Key.Key_E)
    assert model.session.epoch >= 1
    qtbot.keyClick(lab, Qt.Key.Key_Home)
    assert model.session.steps == 0
    data = model.dataset
    qtbot.keyClick(lab, Qt.Key.Key_G)
    assert model.dataset is not data and model.data_spec.seed == 1
    qtbot.keyClick(lab, Qt.Key.Key_Space)
    assert model.playing and lab.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: model.session.steps > 5)
    qtbot.keyClick(lab, Qt.Key.Key_Space)
    assert not model.playing
    # Paused: everything shows where training stopped.
    assert shown_accuracy(lab, "mlp").endswith(f"{100 * model.session.curve('mlp').test_accuracy[-1]:.1f} %")


def test_a_lab_never_shown_keeps_its_keys_off(qtbot, model):
    lab = BoundaryLab(model)
    qtbot.addWidget(lab)
    assert not any(action.isEnabled() for action in lab.actions())


def test_hidden_lab_pauses_and_its_keys_rest(qtbot, lab, model):
    model.play()
    lab.hide()
    assert not model.playing
    assert not any(action.isEnabled() for action in lab.actions())
    lab.show()
    assert all(action.isEnabled() for action in lab.actions())


def test_theme_switch_recolours_plots_and_controls(qtbot, lab, model, save_screenshot):
    lab.set_theme(DARK)
    assert lab.palette().color(lab.backgroundRole()) == QColor(DARK.background)
    combo = lab.training_bar.loss_box
    assert combo.palette().color(combo.foregroundRole()) == QColor(DARK.text)
    panel = lab.panels["mlp"]
    assert panel.plot.backgroundBrush().color() == QColor(DARK.background)
    image = panel.plot.image.image
    colours = rgb(class_colours(DARK, model.dataset.num_classes))
    assert np.array_equal(image, blended_image(panel.picture.probabilities, colours,
                                               DARK.background, DARK_STRENGTH))
    save_screenshot(lab, "lab_start_dark")
    lab.set_theme(LIGHT)
    assert lab.palette().color(lab.backgroundRole()) == QColor(LIGHT.background)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_screenshot_of_the_spiral_after_training(qtbot, theme, save_screenshot, run_epochs):
    """The README's picture: the 3-arm spiral, softmax against a 2-16-16-3 tanh net."""
    model = LabModel(DataSpec(kind="spiral"), NetSpec(hidden=(16, 16)))
    lab = BoundaryLab(model, theme)
    qtbot.addWidget(lab)
    lab.resize(*LAB_SIZE)
    lab.show()
    qtbot.waitExposed(lab)
    for _ in range(60):
        run_epochs(model)
    lab.inside.select_unit(2, 0)
    assert model.session.accuracy("mlp") > model.session.accuracy("softmax") + 0.2
    assert lab.size().width() == LAB_SIZE[0]  # everything fits the default window
    save_screenshot(lab, f"lab_spiral_{theme.name}")


def test_hosted_in_a_main_window_with_its_actions_in_menus(qtbot, model, save_screenshot):
    window = QMainWindow()
    qtbot.addWidget(window)
    lab = BoundaryLab(model)
    window.setCentralWidget(lab)
    file_menu, lab_menu = window.menuBar().addMenu("&File"), window.menuBar().addMenu("&Lab")
    actions = lab.actions()
    file_menu.addActions(actions[:2])
    lab_menu.addActions(actions[2:])
    window.addToolBar("Lesson").addWidget(QLabel(" Lesson: Decision-boundary lab "))
    window.resize(*LAB_SIZE)
    window.show()
    qtbot.waitExposed(window)
    minimum = lab.minimumSizeHint()
    assert minimum.width() <= lab.width() and minimum.height() <= lab.height()
    lab.step_action.trigger()
    assert model.session.steps == 1
    save_screenshot(window, "lab_in_main_window")


# -- divergence: the lab stops at the last finite step, says so, and stays usable ------------

def choose(qtbot, box, text: str) -> None:
    """Pick a combo box's item as a user does: open its list, click the item called `text`."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    view = box.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # a list ignores a click this early
    index = box.model().index(box.findText(text), 0)
    assert index.isValid(), text
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: not view.isVisible())


# Opening a combo box's list offscreen: the plugin cannot raise it or grab the keyboard.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_divergence_stops_at_the_last_finite_step_says_why_and_the_lab_goes_on(qtbot, capfd):
    # The wedge a new user hit: Spiral, linear activation, SGD, learning rate 10, Space.
    model = LabModel()  # the app's own lab: the 300-point spiral, a 2-8-8-3 net
    lab = BoundaryLab(model)
    qtbot.addWidget(lab)
    lab.resize(*LAB_SIZE)
    lab.show()
    qtbot.waitExposed(lab)
    lab.activateWindow()
    qtbot.waitUntil(lab.isActiveWindow)
    qtbot.mouseClick(lab.data_controls.kind_picker.buttons["spiral"], Qt.MouseButton.LeftButton)
    choose(qtbot, lab.network_controls.activation_box, "linear (none)")
    choose(qtbot, lab.training_bar.optimizer_box, "SGD")
    choose(qtbot, lab.training_bar.lr_box, "10")
    assert (model.net.activation, model.train.optimizer, model.train.lr) == ("linear", "sgd", 10.0)

    qtbot.keyClick(lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not model.playing, timeout=20_000)
    qtbot.wait(100)  # a redraw due at the next frame lands
    assert lab.play_action.text() == "Play"
    notice = lab.findChild(QLabel, "notice")  # the message, in the window
    assert notice is not None and notice.isVisible()
    message = notice.text()
    session = model.session
    found = re.search(r"^The neural net diverged at step ([\d,]+): .*node '(\w+)'", message)
    assert found, message
    failed_at, node = int(found[1].replace(",", "")), found[2]
    last_finite = session.steps
    assert 0 < last_finite < failed_at
    assert f"back at step {last_finite}, their last finite step" in message and node
    assert "softmax regression was still finite" in message
    assert "smaller learning rate than 10" in message and "another optimiser" in message

    # Both models hold their weights of the last finite step: a headless session trained
    # the same way (same data, seed and settings) has them after as many steps, and the
    # next step from there is the one that overflowed.
    replica = LabSession(make_dataset(model.data_spec), model.net, model.train, seed=model.seed,
                         train_fraction=model.data_spec.train_fraction)
    replica.step(last_finite)
    for panel in ("softmax", "mlp"):
        for name, value in session.models[panel].params.items():
            assert np.isfinite(value).all()
            np.testing.assert_array_equal(value, replica.models[panel].params[name])
    with pytest.raises(DivergenceError):
        replica.step()
        replica.evaluate()
    # What the panels show is that step, drawn.
    assert lab.training_bar.seed_label.text().startswith(f"step {last_finite} ")
    for panel in ("softmax", "mlp"):
        np.testing.assert_array_equal(lab.panels[panel].picture.probabilities,
                                      session.grid(panel).probabilities)
        accuracy = session.curve(panel).test_accuracy[-1]
        assert shown_accuracy(lab, panel) == f"Test accuracy {100 * accuracy:.1f} %"

    # Space again: it trains from there and stops again, with a message, not a traceback.
    with qtbot.waitSignal(model.diverged, timeout=20_000):
        qtbot.keyClick(lab, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not model.playing)
    assert lab.play_action.text() == "Play" and notice.isVisible()
    # Home starts again; with a smaller rate Space trains and Space pauses.
    qtbot.keyClick(lab, Qt.Key.Key_Home)
    assert model.session.steps == 0 and not notice.isVisible()
    choose(qtbot, lab.training_bar.lr_box, "0.03")
    assert model.train.lr == 0.03
    qtbot.keyClick(lab, Qt.Key.Key_Space)
    assert model.playing and lab.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: model.session.steps > 20)
    qtbot.keyClick(lab, Qt.Key.Key_Space)
    assert not model.playing and not notice.isVisible()
    out, err = capfd.readouterr()
    assert "Traceback" not in err and "Error" not in err, err


def test_past_a_few_thousand_points_the_plots_draw_a_density_image(qtbot, lab, model, tmp_path):
    rng = np.random.default_rng(0)
    big = Dataset(rng.normal(size=(20_000, 2)), np.arange(20_000) % 3, ("a", "b", "c"), "big")
    assert model.open_data(save_csv(big, tmp_path / "big.csv"))
    plot = lab.panels["mlp"].plot
    qtbot.waitUntil(plot.points.image.isVisible)  # the first paint takes a few turns
    assert plot.points.count() == 0
    image = plot.points.image.image
    assert image.shape == (256, 256, 4) and image[..., 3].max() == 255
    assert (image[..., 3] > 0).sum() > 1000  # the points' cells, the rest see-through
    # The small plots mark a sample; the hidden space maps one too.
    assert lab.inside.unit_plot.points.count() <= 2_000
    assert ("scores measured on samples of 5,000 train and 5,000 test points"
            in lab.data_controls.source_label.text())
    model.set_data_spec(DataSpec(kind="spiral", points=150))
    assert plot.points.count() == 150 and not plot.points.image.isVisible()


def test_features_near_the_largest_float_are_drawn_and_clicked_in_their_own_units(
        qtbot, lab, model, tmp_path, messages):
    X = np.array([[1.5e308, 1.0], [-1.5e308, -1.0], [1e308, 0.5], [-1e308, -0.5]] * 10)
    data = Dataset(X, [0, 1, 0, 1] * 10, ("p", "q"), "edge")
    assert model.open_data(save_csv(data, tmp_path / "edge.csv"))
    lab.show_training()
    plot = lab.panels["mlp"].plot
    assert plot.unit == 1e308 and "× 1e+308" in plot.getAxis("bottom").labelString()
    assert lab.grab().width() > 0 and messages == []
    lab.draw_action.setChecked(True)
    where = plot.view_to_widget(1.2e308, 0.0)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=where.toPoint())
    assert len(model.dataset) == 41
    assert model.dataset.X[-1, 0] == pytest.approx(1.2e308, rel=0.02)


def test_escape_stops_a_running_epoch_and_the_play_button_shows_it(qtbot, lab, model,
                                                                   monkeypatch):
    from bpviz.app.labs.boundary import lab_model
    monkeypatch.setattr(lab_model, "STEP_BUDGET_S", 0.0)  # one step a frame: a long epoch
    monkeypatch.setattr(lab_model, "FIRST_EPOCH_CHUNK_S", 0.0)
    lab.activateWindow()
    qtbot.waitUntil(lab.isActiveWindow)
    qtbot.keyClick(lab, Qt.Key.Key_E)
    assert model.running_epoch and lab.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: model.session.steps >= 2, timeout=10_000)  # the window is live
    qtbot.keyClick(lab, Qt.Key.Key_Escape)
    assert not model.running_epoch and not model.playing
    assert lab.play_action.text() == "Play" and 0 < model.session.epoch < 1


def test_a_big_files_first_paint_is_split_over_event_loop_turns(qtbot, lab, model, tmp_path):
    rng = np.random.default_rng(0)
    big = Dataset(rng.normal(size=(20_000, 2)), np.arange(20_000) % 4, tuple("abcd"), "big")
    diagram, unit_plot = lab.panels["mlp"].diagram, lab.inside.unit_plot
    assert diagram.sizes[-1] == 3 and unit_plot.points.count() == 150
    second = lab.panels["mlp"].plot.points.image
    assert model.open_data(save_csv(big, tmp_path / "big.csv"))
    # This turn: the softmax panel's plot (the density image); the rest waits.
    assert lab.panels["softmax"].plot.points.image.isVisible() and not second.isVisible()
    assert diagram.sizes[-1] == 3 and unit_plot.points.count() == 150
    # Then the neural net's plot, the diagrams and the inside view, each in a later turn.
    qtbot.waitUntil(second.isVisible)
    assert diagram.sizes[-1] == 3 and unit_plot.points.count() == 150
    qtbot.waitUntil(lambda: diagram.sizes[-1] == 4)
    qtbot.waitUntil(lambda: unit_plot.points.count() == 2_000)
    assert lab.inside.space_plot._shown is model.session.hidden_space()


def test_while_playing_training_drawing_and_each_detail_take_turns_of_their_own(
        qtbot, lab, model, monkeypatch):
    # One event-loop turn that trained, evaluated, drew every view and painted them took
    # over 100 ms of the GUI thread; split, each turn stays well under it: training in
    # one turn, the redraw in another, and the details a part a redraw.
    in_tick, playing, panel_draws, detail_draws = [False], [True], [], []
    step = model.session.step

    def stepping(*args):
        in_tick[0] = True  # the model's timer is training: its turn has begun
        return step(*args)
    monkeypatch.setattr(model.session, "step", stepping)
    model.trained.connect(lambda: in_tick.__setitem__(0, False))  # after the lab's slot
    for panel in lab.panels.values():
        show = panel.show_training
        monkeypatch.setattr(panel, "show_training",
                            lambda *args, show=show: (panel_draws.append(in_tick[0]), show(*args)))
    parts = {"diagram": (lab.panels["mlp"], "show_diagram"), "unit": (lab.inside, "show_unit"),
             "mapped": (lab.inside, "prepare_space"), "space": (lab.inside, "show_space")}
    for name, (owner, attribute) in parts.items():
        draw = getattr(owner, attribute)

        def drawing(*args, name=name, draw=draw):
            if playing[0]:  # which redraw (both panels draw in each), in the training turn?
                detail_draws.append((len(panel_draws), name, in_tick[0]))
            return draw(*args)
        monkeypatch.setattr(owner, attribute, drawing)
    model.play()
    qtbot.waitUntil(lambda: {"diagram", "space"} <= {name for _, name, _ in detail_draws}
                    and len(panel_draws) >= 12, timeout=20_000)
    playing[0] = False
    model.pause()
    assert not any(panel_draws)  # never in the turn that trained
    assert not any(in_tick for *_, in_tick in detail_draws)
    redraws: dict[int, set] = {}
    for redraw, name, _ in detail_draws:
        redraws.setdefault(redraw, set()).add(name)
    assert all(len(names) == 1 for names in redraws.values()), redraws  # a part a redraw


class PaintCount:
    """Paint events of each named widget, counted by an event filter."""

    def __init__(self, widgets: dict) -> None:
        from PySide6.QtCore import QEvent, QObject

        counts = self.counts = dict.fromkeys(widgets, 0)

        class Filter(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    counts[names[id(watched)]] += 1
                return False

        names = {id(widget): name for name, widget in widgets.items()}
        self.filter = Filter()
        for widget in widgets.values():
            widget.installEventFilter(self.filter)

    def taken(self) -> dict:
        """The counts since the last call."""
        counts = dict(self.counts)
        for name in self.counts:
            self.counts[name] = 0
        return counts


def frame_views(lab: BoundaryLab) -> dict:
    """The lab's views a frame may repaint, by name."""
    views = {f"{name}.plot": panel.plot.viewport() for name, panel in lab.panels.items()}
    views |= {f"{name}.curves": panel.curves.viewport() for name, panel in lab.panels.items()}
    views |= {f"{name}.diagram": panel.diagram for name, panel in lab.panels.items()}
    views["space"] = lab.inside.space_plot.viewport()
    views["unit"] = lab.inside.unit_plot.viewport()
    return views


def settled(qtbot, lab: BoundaryLab, painted: PaintCount) -> None:
    lab.show_training(details=True)
    for _ in range(3):
        qtbot.wait(30)
    painted.taken()


def test_a_frame_paints_each_heatmap_once_and_nothing_it_did_not_change(qtbot, lab, model):
    painted = PaintCount(frame_views(lab))
    settled(qtbot, lab, painted)
    for _ in range(6):  # playing frames: new weights, no new evaluation, no details
        model.session.step(5)
        lab.show_training(details=False)
        QApplication.processEvents()
    assert painted.taken() == {**dict.fromkeys(painted.counts, 0),
                               "softmax.plot": 6, "mlp.plot": 6}
    model.session.evaluate()  # a new point on each loss curve: those plots paint, once
    lab.show_training(details=False)
    QApplication.processEvents()
    QApplication.processEvents()
    counts = painted.taken()
    assert (counts["softmax.curves"], counts["mlp.curves"]) == (1, 1)
    assert counts["softmax.plot"] == counts["mlp.plot"] == 1
    lab.show_training(details=True)  # the diagrams catch up with the weights trained
    QApplication.processEvents()
    assert painted.taken()["mlp.diagram"] == 1
    # Details asked for again, the weights they show unchanged: no diagram is drawn again.
    lab.show_training(details=True)
    QApplication.processEvents()
    counts = painted.taken()
    assert counts["softmax.diagram"] == counts["mlp.diagram"] == 0


def test_while_playing_the_details_are_redrawn_a_part_a_frame(qtbot, lab, model):
    painted = PaintCount(frame_views(lab))
    settled(qtbot, lab, painted)
    assert len(lab.detail_parts(list(lab.panels.values()))) == 4
    drawn = []
    for frame in range(6):  # a cycle: details asked for on its first frame
        model.session.step(5)
        lab.show_training(details=frame == 0, spread=True)
        QApplication.processEvents()
        drawn.append({name: count for name, count in painted.taken().items()
                      if count and not name.endswith(".plot")})
    assert drawn[0] == {}  # the frame that asks draws none of them
    assert drawn[1] == {"mlp.diagram": 1}
    assert drawn[2] == {"softmax.diagram": 1, "unit": 1}
    assert drawn[3] == {}  # the hidden space mapped, drawn next
    assert drawn[4] == {"space": 1}  # once: its new range applied before the paint
    assert drawn[5] == {}
    classifier = model.session.models["mlp"]
    model.session.step(5)
    lab.show_training()  # paused: everything at once, of the weights now
    assert np.array_equal(lab.panels["mlp"].diagram.weights[0], classifier.params["W1"])
    assert lab.inside.space_plot._shown is model.session.hidden_space()
