"""Frames to an animated GIF (Pillow) or an MP4 (imageio-ffmpeg, an optional extra). Either
file is whole or absent: a failure or a Cancel part-way leaves nothing behind, and an
older file of that name as it was."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from bpviz.app.export.picture import ExportError
from bpviz.data.atomic_write import temporary_name, write_bytes_atomically
from bpviz.data.errors import FileWriteError

ANIMATION_FORMATS = (".gif", ".mp4")
INSTALL_HINT = ("MP4 needs the optional video extra: pip install 'bpviz[video]' "
                "(or pip install imageio-ffmpeg); GIF needs nothing more")
MAX_FPS = 60


class Cancelled(Exception):
    """The export was cancelled while the frames were being encoded."""


def mp4_available() -> bool:
    """Whether imageio-ffmpeg (and the ffmpeg it brings) is installed."""
    try:
        import imageio_ffmpeg
        imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError, OSError):
        return False
    return True


def animation_format(path: str | os.PathLike[str]) -> str:
    """'.gif' or '.mp4' from `path`'s name; ExportError otherwise, or for MP4 without the extra."""
    suffix = Path(path).suffix.lower()
    if suffix not in ANIMATION_FORMATS:
        raise ExportError(f"{Path(path).name}: an animation's name must end in .gif or .mp4")
    if suffix == ".mp4" and not mp4_available():
        raise ExportError(INSTALL_HINT)
    return suffix


def encode(frames: Sequence[np.ndarray], fps: float, path: str | os.PathLike[str],
           cancel: threading.Event | None = None,
           progress: Callable[[int], None] | None = None) -> Path:
    """Write `frames` (H×W×3 uint8 arrays, one size) at `fps` to `path` (.gif or .mp4)."""
    if not frames:
        raise ExportError("no frames to write")
    if not 0 < fps <= MAX_FPS:
        raise ExportError(f"the frame rate must be more than 0 and at most {MAX_FPS}")
    cancel = cancel or threading.Event()
    progress = progress or (lambda done: None)
    if animation_format(path) == ".gif":
        return _gif(frames, fps, Path(path), cancel, progress)
    return _mp4(frames, fps, Path(path), cancel, progress)


def _gif(frames, fps, path: Path, cancel, progress) -> Path:
    pictures = []
    for done, frame in enumerate(frames, start=1):
        if cancel.is_set():
            raise Cancelled()
        # One palette per frame from its own colours: the cards' colours stay true.
        pictures.append(Image.fromarray(frame).quantize(colors=255, method=Image.Quantize.MEDIANCUT))
        progress(done)
    buffer = io.BytesIO()
    pictures[0].save(buffer, format="GIF", save_all=True, append_images=pictures[1:],
                     duration=round(1000 / fps), loop=0, disposal=1)
    if cancel.is_set():
        raise Cancelled()
    return write_bytes_atomically(path, buffer.getvalue())


def _mp4(frames, fps, path: Path, cancel, progress) -> Path:
    import imageio_ffmpeg

    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise FileWriteError(path, "Is a directory", existed=False)
    temporary = target.with_name(temporary_name(target, 0)).with_suffix(".mp4")
    height, width = frames[0].shape[:2]
    even = (width + width % 2, height + height % 2)  # H.264 in yuv420p needs even sides
    finished = False
    try:
        writer = imageio_ffmpeg.write_frames(
            str(temporary), even, fps=fps, codec="libx264", pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p", quality=8, macro_block_size=1,
            output_params=["-movflags", "+faststart"], ffmpeg_log_level="error")
        writer.send(None)  # start ffmpeg
        try:
            for done, frame in enumerate(frames, start=1):
                if cancel.is_set():
                    raise Cancelled()
                writer.send(np.ascontiguousarray(_pad(frame, even)))
                progress(done)
        finally:
            writer.close()
        if cancel.is_set():
            raise Cancelled()
        os.replace(temporary, target)
        finished = True
    except OSError as error:
        raise FileWriteError(path, error.strerror or str(error), existed=target.exists()) from None
    except RuntimeError as error:  # ffmpeg itself failed
        raise ExportError(f"{path}: the MP4 could not be encoded: {error}") from None
    finally:
        if not finished:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    return Path(path)


def _pad(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    width, height = size
    if frame.shape[1] == width and frame.shape[0] == height:
        return frame
    padded = np.empty((height, width, 3), np.uint8)
    padded[...] = frame[-1:, -1:]  # the edge colour, not a black line
    padded[:frame.shape[0], :frame.shape[1]] = frame
    return padded
