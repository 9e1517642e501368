"""The one error of session files: a file that cannot be read, and what in it is wrong."""

from __future__ import annotations

from bpviz.errors import BpvizError


class SessionFileError(BpvizError):
    """A session file is damaged, truncated, foreign, too large or from a newer bpviz, or a
    session cannot be saved. The message names the file (when known) and the field, e.g.
    `lab.bpviz: state.panels.mlp.params.W1: shape [8, 2] expected, found [8, 3]`."""

    def __init__(self, message: str, where: str = "", path: str = "") -> None:
        self.where, self.path, self.detail = where, path, message
        text = f"{where}: {message}" if where else message
        super().__init__(f"{path}: {text}" if path else text)

    def in_file(self, path: str) -> SessionFileError:
        """The same error, naming the file it came from."""
        return SessionFileError(self.detail, self.where, path)
