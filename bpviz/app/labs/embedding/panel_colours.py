"""Each panel's colour in the plots that show the three together (curves, norms)."""

from __future__ import annotations

from bpviz.app.theme import Theme


def panel_colours(theme: Theme) -> dict[str, str]:
    """skip-gram, GloVe and simpler GloVe in three of the theme's distinct colours."""
    return {"sgns": theme.forward, "glove": theme.gradient, "simple-glove": theme.negative}
