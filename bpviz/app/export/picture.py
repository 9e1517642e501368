"""A widget as a picture: PNG at its own size or scaled (1×, 2×, a chosen width), or SVG with
its text kept as text where Qt draws it so; written atomically, never half a file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from bpviz.data.picture_limits import MAX_SIDE
from bpviz.data.atomic_write import write_bytes_atomically
from bpviz.data.errors import FileWriteError
from bpviz.errors import BpvizError

FORMATS = (".png", ".svg")


class ExportError(BpvizError):
    """A picture or animation cannot be made or written: a bad size, name or folder."""


def picture_format(path: str | os.PathLike[str], formats: tuple[str, ...] = FORMATS) -> str:
    """The suffix of `path` ('.png', …) if it is one of `formats`; else ExportError."""
    suffix = Path(path).suffix.lower()
    if suffix not in formats:
        raise ExportError(f"{Path(path).name}: the file name must end in "
                          f"{' or '.join(formats)}")
    return suffix


def check_writable(path: str | os.PathLike[str]) -> None:
    """Before anything is drawn: FileWriteError if no file can be written at `path` (its
    folder missing or read-only, a folder in its place), so a bad name is said at once."""
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise FileWriteError(path, os.strerror(errno.EISDIR), existed=False)
    if not target.parent.is_dir():
        raise FileWriteError(path, os.strerror(errno.ENOENT), existed=False)
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise FileWriteError(path, os.strerror(errno.EACCES), existed=target.exists())


def scale_for(widget: QWidget, scale: float | None = None, width: int | None = None) -> float:
    """The factor a picture of `widget` is drawn at: `scale`, or `width` over its width."""
    if width is not None:
        scale = width / max(widget.width(), 1)
    scale = 1.0 if scale is None else scale
    if not scale > 0:
        raise ExportError("the picture's scale must be more than 0")
    largest = max(widget.width(), widget.height()) * scale
    if largest > MAX_SIDE:
        raise ExportError(f"a picture {round(largest):,} pixels wide or high is too large; "
                          f"at most {MAX_SIDE:,}")
    return scale


def picture_image(widget: QWidget, scale: float = 1.0) -> QImage:
    """What `widget` draws now; at 1× exactly its grab, else drawn at `scale` (sharper text,
    not an enlarged bitmap)."""
    if scale == 1.0:
        return widget.grab().toImage()
    size = widget.size()
    image = QImage(max(1, round(size.width() * scale)), max(1, round(size.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(Qt.GlobalColor.transparent)
    QWidget.render(widget, image)  # the widget's own render: a QGraphicsView has another
    image.setDevicePixelRatio(1.0)
    return image


def png_bytes(image: QImage) -> bytes:
    """`image` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExportError("the picture could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(widget: QWidget, title: str = "bpviz") -> bytes:
    """What `widget` draws now as SVG, its size in pixels."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(widget.size())
    generator.setViewBox(QRect(QPoint(0, 0), widget.size()))
    generator.setTitle(title)
    generator.setDescription("drawn by bpviz")
    painter = QPainter(generator)
    items = _exporting_items(widget)
    try:
        for item in items:  # plots draw their marks as shapes, not as cached bitmaps
            item.setExportMode(True, {"painter": painter})
        QWidget.render(widget, painter, QPoint(0, 0))
    finally:
        for item in items:
            item.setExportMode(False)
        painter.end()
    buffer.close()
    return _pixel_size(bytes(data.data()), widget.width(), widget.height())


def _exporting_items(widget: QWidget) -> list:
    """The graphics items under `widget` that know an export mode (pyqtgraph's: a scatter
    plot's marks are otherwise stamped from a bitmap atlas, which SVG garbles)."""
    views = [widget] if isinstance(widget, QGraphicsView) else []
    views += widget.findChildren(QGraphicsView)
    return [item for view in views if view.scene() is not None
            for item in view.scene().items() if hasattr(item, "setExportMode")]


def _pixel_size(svg: bytes, width: int, height: int) -> bytes:
    """Qt writes the size in millimetres at 72 dpi, which viewers read at 90 or 96 dpi:
    the size in pixels instead, so the SVG opens at the widget's own size."""
    start = svg.index(b"<svg")
    box = svg.index(b"viewBox=", start)
    return svg[:start] + f'<svg width="{width}" height="{height}"\n '.encode() + svg[box:]


def save_picture(widget: QWidget, path: str | os.PathLike[str], scale: float | None = None,
                 width: int | None = None, title: str = "bpviz") -> Path:
    """Write what `widget` draws to `path` (.png at `scale` or `width`, or .svg); the file is
    whole or untouched (ExportError or FileWriteError says why)."""
    suffix = picture_format(path)
    check_writable(path)
    if suffix == ".svg":
        return write_bytes_atomically(path, svg_bytes(widget, title))
    image = picture_image(widget, scale_for(widget, scale, width))
    return write_bytes_atomically(path, png_bytes(image))
