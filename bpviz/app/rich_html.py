"""Rich text from the lessons layer as Qt rich text: subscripts as <sub>, shapes in a muted
class, everything else escaped (user labels are never read as HTML)."""

from __future__ import annotations

import html

from bpviz.lessons.rich_text import SHAPE, SUB, Rich


def rich_html(text: Rich, shapes: bool = True) -> str:
    """`s_c (8×20)` as s<sub>c</sub> <span class='shape'>(8×20)</span>."""
    parts = []
    for run, role in text.runs:
        escaped = html.escape(run, quote=False)
        if role == SUB:
            parts.append(f"<sub>{escaped}</sub>")
        elif role == SHAPE and shapes:
            parts.append(f"<span class='shape'>{escaped}</span>")
        else:
            parts.append(escaped)
    return "".join(parts)
