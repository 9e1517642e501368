"""`bpviz render`'s pictures, every lesson and lab and each of their views, at two sizes, in
PNG and SVG: valid, of the window's size (a view: of its size in that window), not blank, and
a PNG equal pixel for pixel to an offscreen grab of a live window driven to the same state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from bpviz.app.export.picture import ExportError
from bpviz.app.export.render import render
from bpviz.app.export.staging import Scene, Stage, lesson_key, settle, stage_index
from bpviz.app.export.views import bring_forward, find_view, window_views
from bpviz.app.lesson_catalog import CATALOG, entry
from bpviz.app.main_window import MainWindow
from bpviz.app.theme import THEMES

SIZES = ((1360, 860), (1280, 720))
LESSONS = [item.key for item in CATALOG if item.page]
# A stage lesson is drawn three steps into its backward pass, a lab after two steps.
STEP = {"stage": 3}


@pytest.fixture(scope="module")
def stage(qapp):
    with Stage() as stage:
        yield stage


@pytest.fixture(scope="module")
def live(qapp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("live")
    window = MainWindow(QSettings(str(folder / "bpviz.ini"), QSettings.Format.IniFormat))
    window.show()
    yield window
    window.close()
    window.deleteLater()


def drive(window: MainWindow, key: str, size: tuple[int, int], theme: str) -> None:
    """What a user does: choose the lesson, step to the position (or train), resize."""
    window.resize(*size)
    settle()
    window.set_theme(THEMES[theme])
    window.choose_lesson(key)
    chosen = entry(key)
    if chosen.page == "stage":
        page = window.stage_page
        page.show_lesson(chosen, chosen.make())
        page.model.seek(page.model.trace.forward_count + 3)
        page.circuit_view.finish_animation()
    elif chosen.page == "pitfall":
        lab = window.current_page.lab
        lab.reset()
        lab.step(2)
    else:
        lab = window.current_page.lab
        lab.model.reset()
        for _ in range(2):
            lab.model.step()
    settle()


def scene(key: str, view: str, size, theme: str = "light") -> Scene:
    stage_lesson = entry(key).page == "stage"
    return Scene(lesson=key, view=view, step=3 if stage_lesson else 2,
                 phase="backward" if stage_lesson else "forward", size=size, theme=theme)


def image(path: Path) -> QImage:
    return QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)


def not_blank(picture: QImage) -> bool:
    step = max(1, picture.width() // 40)
    colours = {picture.pixel(x, y) for x in range(0, picture.width(), step)
               for y in range(0, picture.height(), step)}
    return len(colours) > 3


def svg_image(path: Path) -> QImage:
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    picture = QImage(renderer.defaultSize(), QImage.Format.Format_ARGB32)
    picture.fill(QColor("white"))
    painter = QPainter(picture)
    renderer.render(painter)
    painter.end()
    return picture


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("key", LESSONS)
def test_every_view_renders_as_the_live_window_draws_it(stage, live, key, size, tmp_path):
    drive(live, key, size, "light")
    views = window_views(live, live.current_page)
    assert views[0].key == "window" and views[1].key == "page"
    for view in views:
        png = render(scene(key, view.key, size), tmp_path / f"{view.key}.png", stage=stage)
        bring_forward(view.widget)
        settle(2)
        grabbed = view.widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
        written = image(png)
        if view.key == "window":
            assert written.size() == QSize(*size)
        assert written.size() == view.widget.size(), view.key
        assert not_blank(written), view.key
        assert written == grabbed, f"{key} {view.key}: the render differs from the live grab"
        svg = render(scene(key, view.key, size), tmp_path / f"{view.key}.svg", stage=stage)
        drawn = svg_image(svg)
        assert drawn.size() == written.size() and not_blank(drawn), view.key


def test_the_dark_theme(stage, live, tmp_path):
    drive(live, "expression", SIZES[1], "dark")
    png = render(scene("expression", "circuit", SIZES[1], "dark"), tmp_path / "dark.png",
                 stage=stage)
    assert image(png) == live.circuit_view.grab().toImage().convertToFormat(
        QImage.Format.Format_ARGB32)
    live.set_theme(THEMES["light"])


def test_a_formula_at_its_values(stage, live, tmp_path):
    formula = Scene(lesson="expression", view="circuit", expr="x*y+z", step=2,
                    values={"x": 2.0, "y": -3.0, "z": 1.0}, size=SIZES[1])
    png = render(formula, tmp_path / "f.png", stage=stage)
    assert stage.window.stage_page.model.lesson.values == {"x": 2.0, "y": -3.0, "z": 1.0}
    assert stage.window.stage_page.expression_editor.formula == "x*y+z"
    assert not_blank(image(png))


def test_2x_and_a_width(stage, tmp_path):
    double = render(scene("window-scorer", "circuit", SIZES[1]), tmp_path / "c.png", scale=2,
                    stage=stage)
    circuit = stage.window.circuit_view.size()
    assert image(double).size() == circuit * 2
    wide = render(scene("window-scorer", "window", SIZES[1]), tmp_path / "w.png", width=512,
                  stage=stage)
    assert image(wide).width() == 512


def test_positions_and_names():
    trace = entry("expression").make().record()
    assert stage_index(trace, None, "forward", "E") == 0
    assert stage_index(trace, 2, "backward", "E") == trace.forward_count + 2
    with pytest.raises(ExportError, match="has 1 step;|has \\d+ steps;"):
        stage_index(trace, 99, "backward", "E")
    with pytest.raises(ExportError, match="needs --step"):
        stage_index(trace, None, "backward", "E")
    assert lesson_key("window") == "window-scorer" and lesson_key("boundary") == "boundary-lab"
    with pytest.raises(ExportError, match="choose from window, classifier, expression"):
        lesson_key("nope")


def test_refusals_leave_no_file(stage, tmp_path):
    with pytest.raises(ExportError, match="no view called 'softmax'"):
        render(scene("expression", "softmax", SIZES[1]), tmp_path / "x.png", stage=stage)
    with pytest.raises(ExportError, match="is for --lesson expression"):
        render(Scene(lesson="window", expr="x*y"), tmp_path / "x.png", stage=stage)
    with pytest.raises(ExportError, match="--epochs is for the labs"):
        render(Scene(lesson="window", epochs=2), tmp_path / "x.png", stage=stage)
    with pytest.raises(ExportError, match="cannot be 200×200"):
        render(Scene(lesson="window", size=(200, 200)), tmp_path / "x.png", stage=stage)
    assert not list(tmp_path.iterdir())
    find_view(window_views(stage.window, stage.window.current_page), "window")


def test_updates_a_selection_and_the_inspectors_tab(stage, tmp_path):
    scene = Scene(lesson="sgns", updates=1, phase="backward", step=-1, select="v_c",
                  inspector="model", size=SIZES[1])
    render(scene, tmp_path / "sgns.png", stage=stage)
    page = stage.window.stage_page
    model = page.model
    assert model.stepper.cycle == 1 and model.stepper.at_end
    assert model.trace.node(model.selected).label == "v_c"
    assert page.inspector.tabs.currentWidget() is page.inspector.data_page
    with pytest.raises(ExportError, match="has no node 'nope'"):
        render(Scene(lesson="sgns", select="nope", size=SIZES[1]), tmp_path / "x.png",
               stage=stage)
