"""`bpviz render`'s work: one scene drawn offscreen to a PNG or SVG file."""

from __future__ import annotations

import os
from pathlib import Path

from bpviz.app.export.picture import picture_format, save_picture
from bpviz.app.export.staging import Scene, Stage


def render(scene: Scene, out: str | os.PathLike[str], scale: float | None = None,
           width: int | None = None, stage: Stage | None = None) -> Path:
    """Draw `scene` to `out` (.png at `scale` or `width`, or .svg) in `stage`'s window (a new
    one, closed after, by default); the file is whole or untouched."""
    picture_format(out)  # a wrong name is said before a window is built
    own = stage is None
    stage = Stage() if own else stage
    try:
        view = stage.show(scene)
        return save_picture(view.widget, out, scale=scale, width=width,
                            title=f"bpviz — {view.title}")
    finally:
        if own:
            stage.close()
