"""What Qt needs in the environment to run without a display (no Qt imported here: the
parent of a child process to be timed needs this without paying for Qt)."""

from __future__ import annotations


def headless_environment(environ: dict[str, str], runtime_dir: str) -> dict[str, str]:
    """`environ` with what Qt needs to run without a display: the offscreen platform
    (unless a platform is chosen or a display exists) and, if none is set, `runtime_dir`
    as the private runtime directory (the caller owns it)."""
    environ = dict(environ)
    if not (environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY")
            or environ.get("WAYLAND_DISPLAY")):
        environ["QT_QPA_PLATFORM"] = "offscreen"
    if not environ.get("XDG_RUNTIME_DIR"):  # else QStandardPaths complains on stderr
        environ["XDG_RUNTIME_DIR"] = runtime_dir
    return environ
