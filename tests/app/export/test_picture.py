"""A widget's picture: PNG at 1× is exactly its grab, 2× and a chosen width are drawn at that
size, SVG opens at the widget's size; a file that cannot be written leaves the old one."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from bpviz.app.export.picture import ExportError, picture_format, save_picture
from bpviz.data.errors import FileWriteError


@pytest.fixture
def widget(qtbot) -> QWidget:
    widget = QWidget()
    layout = QVBoxLayout(widget)
    layout.addWidget(QLabel("∂J/∂W = δ xᵀ"))
    widget.setStyleSheet("background: #fafafa")
    qtbot.addWidget(widget)
    widget.resize(200, 120)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_png_at_1x_is_the_widgets_grab(widget, tmp_path: Path):
    path = save_picture(widget, tmp_path / "w.png")
    written = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    assert written == widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def test_png_at_2x_and_at_a_width(widget, tmp_path: Path):
    double = QImage(str(save_picture(widget, tmp_path / "w2.png", scale=2)))
    assert (double.width(), double.height()) == (400, 240)
    wide = QImage(str(save_picture(widget, tmp_path / "w3.png", width=500)))
    assert (wide.width(), wide.height()) == (500, 300)


def test_svg_opens_at_the_widgets_size_with_its_text(widget, tmp_path: Path):
    path = save_picture(widget, tmp_path / "w.svg")
    text = path.read_text(encoding="utf-8")
    assert '<svg width="200" height="120"' in text and "∂J/∂W" in text
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid() and renderer.defaultSize().toTuple() == (200, 120)
    image = QImage(200, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    assert len({image.pixel(x, y) for x in range(0, 200, 4) for y in range(0, 120, 4)}) > 2


def test_a_name_without_png_or_svg_is_refused(widget, tmp_path: Path):
    with pytest.raises(ExportError, match="must end in .png or .svg"):
        save_picture(widget, tmp_path / "w.jpg")
    assert picture_format("A.PNG") == ".png"
    assert not list(tmp_path.iterdir())


def test_too_large_a_width_is_refused(widget, tmp_path: Path):
    with pytest.raises(ExportError, match="too large"):
        save_picture(widget, tmp_path / "w.png", width=100_000)


def test_an_unwritable_place_is_named_and_nothing_is_left(widget, tmp_path: Path):
    # (root may write anywhere, so the tests use places nobody can write to)
    with pytest.raises(FileWriteError, match="no-such-folder"):
        save_picture(widget, tmp_path / "no-such-folder" / "w.png")
    (tmp_path / "w.png").mkdir()
    with pytest.raises(FileWriteError, match="Is a directory"):
        save_picture(widget, tmp_path / "w.png")
    assert [p.name for p in tmp_path.iterdir()] == ["w.png"]
    assert (tmp_path / "w.png").is_dir()


def test_svg_draws_a_scatter_plots_marks_as_shapes_and_then_goes_back(qtbot, tmp_path: Path,
                                                                      monkeypatch):
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    scatter = pg.ScatterPlotItem([0, 1, 2], [1, 0, 2], size=12)
    plot.addItem(scatter)
    plot.resize(200, 150)
    plot.show()
    qtbot.waitExposed(plot)
    seen = []
    original = scatter.setExportMode

    def set_export_mode(export, opts=None):
        seen.append(export)
        original(export, opts)
    scatter.setExportMode = set_export_mode  # type: ignore[method-assign]
    text = save_picture(plot, tmp_path / "p.svg").read_text(encoding="utf-8")
    assert seen == [True, False]
    import bpviz.app.export.picture as picture

    monkeypatch.setattr(picture, "_exporting_items", lambda widget: [])
    stamped = save_picture(plot, tmp_path / "q.svg").read_text(encoding="utf-8")
    # Without the export mode each mark is a bitmap stamped from the atlas.
    assert text.count("<image") < stamped.count("<image")
