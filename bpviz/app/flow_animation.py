"""Dots travelling along edges: a value flowing into its node, or a gradient flowing back
to the parents. Never blocks; `finish()` jumps to the end at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEasingCurve, QObject, QPointF, QVariantAnimation
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsScene

from bpviz.app.circuit_style import FLOW_MS

DOT_RADIUS = 6.0


class FlowAnimation(QObject):
    """Moves one dot along each path, then calls `done`; the dots are reused across steps."""

    def __init__(self, scene: QGraphicsScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._dots: list[QGraphicsEllipseItem] = []
        self._paths: list[tuple[QPainterPath, bool]] = []
        self._done: Callable[[], None] | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setDuration(FLOW_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._animation.valueChanged.connect(self._move)
        self._animation.finished.connect(self.finish)

    @property
    def running(self) -> bool:
        return self._done is not None

    def start(self, paths: Sequence[QPainterPath], backwards: bool, colour: str,
              ring: str, done: Callable[[], None]) -> None:
        """Send a dot of `colour` along every path (from its end when `backwards`)."""
        self.finish()
        self._paths = [(path, backwards) for path in paths]
        while len(self._dots) < len(paths):
            dot = QGraphicsEllipseItem(-DOT_RADIUS, -DOT_RADIUS, 2 * DOT_RADIUS, 2 * DOT_RADIUS)
            dot.setZValue(10)
            self._scene.addItem(dot)
            self._dots.append(dot)
        for dot in self._dots[:len(paths)]:
            dot.setBrush(QBrush(QColor(colour)))
            dot.setPen(QPen(QColor(ring), 1.5))
            dot.setVisible(True)
        self._done = done
        self._move(0.0)
        self._animation.start()

    def _move(self, t: float) -> None:
        for dot, (path, backwards) in zip(self._dots, self._paths):
            point: QPointF = path.pointAtPercent(1.0 - t if backwards else t)
            dot.setPos(point)

    def finish(self) -> None:
        """End now: hide the dots and let the nodes show their new state."""
        if self._animation.state() == QVariantAnimation.State.Running:
            self._animation.stop()
        for dot in self._dots:
            dot.setVisible(False)
        done, self._done = self._done, None
        if done is not None:
            done()

    def forget_scene(self) -> None:
        """The scene was cleared (and its dots with it): start over with new dots."""
        self._animation.stop()
        self._done = None
        self._dots = []
        self._paths = []
