"""Text from files and users printed to a terminal as text: control characters escaped.

A CSV header holding `ESC ] 0 ; … BEL` would otherwise retitle the terminal window,
and `ESC [ 31 m` colour everything after it; `\\r` could hide what was printed before it.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, and the invisible bidirectional overrides that reorder text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with each control character as Python writes it (`\\x1b`, `\\u202e`), but `keep`."""
    def escaped(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        named = _NAMED.get(char)
        return named or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
    return _CONTROL.sub(escaped, text)


def terminal_line(message: str) -> str:
    """`message` on one terminal line: runs of spaces and line breaks as one space, and every
    other control character escaped."""
    return " ".join(escape_controls(message, keep=" \t\n").split())
