"""Whether the desktop app can open a window here, found out before Qt is loaded.

Qt aborts the whole process (a core dump, exit code 134, six lines of advice) when it
finds no display. Instead bpviz looks first: a display server must be named in the
environment and must answer on its socket, the way Qt's xcb and Wayland plugins would
connect. Linux only; elsewhere there is always a display. Standard library only.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Mapping

TIMEOUT_S = 1.0  # a TCP display (SSH forwarding) that does not answer within this is gone
HEADLESS_HINT = ("to run the app without a display set QT_QPA_PLATFORM=offscreen; "
                 "the subcommands need none (bpviz --help)")
_DISPLAY = re.compile(r"(?P<host>[^:]*):(?P<number>\d+)(\.\d+)?")


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why no window can open (one line without the hint), or None if one can."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and options ("xcb:option").
    chosen = [name.split(":")[0].strip().lower()
              for name in env.get("QT_QPA_PLATFORM", "").split(";") if name.strip()]
    if any(not name.startswith(("xcb", "wayland")) for name in chosen):
        return None  # offscreen, vnc, …: nothing to connect to
    x11, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    tries_x11 = not chosen or "xcb" in chosen
    tries_wayland = not chosen or any(name.startswith("wayland") for name in chosen)
    # Qt's Wayland plugin, when chosen, connects to wayland-0 if WAYLAND_DISPLAY is unset.
    wayland_socket = (wayland or ("wayland-0" if chosen else "")) if tries_wayland else ""
    if (wayland_socket and _wayland_answers(wayland_socket, env)) or (
            tries_x11 and x11 and _x11_answers(x11)):
        return None
    if not x11 and not wayland:
        return "no display to open the app on (DISPLAY and WAYLAND_DISPLAY are unset)"
    named = ", ".join(f"{name}={value!r}" for name, value in
                      (("DISPLAY", x11), ("WAYLAND_DISPLAY", wayland)) if value)
    return (f"no display to open the app on: nothing answers at {named} "
            "(left over from a session that has ended?)")

def _x11_answers(display: str) -> bool:
    """Whether an X server listens where DISPLAY says: its Unix socket, or TCP 6000 + n."""
    match = _DISPLAY.fullmatch(display.strip())
    if match is None:
        return False
    host, number = match.group("host"), int(match.group("number"))
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{number}"
        # Linux X servers also listen on the same name in the abstract namespace.
        return _unix_answers(path) or _unix_answers("\0" + path)
    if host.startswith("/"):  # a launchd-style socket path
        return _unix_answers(f"{host}:{number}")
    try:
        with socket.create_connection((host, 6000 + number), timeout=TIMEOUT_S):
            return True
    except (OSError, ValueError):
        return False


def _wayland_answers(name: str, env: Mapping[str, str]) -> bool:
    path = name if name.startswith("/") else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    return _unix_answers(path)


def _unix_answers(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(TIMEOUT_S)
            client.connect(path)
        return True
    except (OSError, ValueError):
        return False
