"""The embedding lab's headless core: skip-gram with negative sampling, GloVe and simpler
GloVe trained side by side on one corpus, and the pictures the lab draws of them.

Pure NumPy and the standard library: no Qt. The Qt layer only draws what an
EmbeddingSession returns.
"""

from bpviz.labs.embedding.curves import LossCurve
from bpviz.labs.embedding.panels import Highlight
from bpviz.labs.embedding.projection import Projection, fit_projection
from bpviz.labs.embedding.seeds import embedding_rng
from bpviz.labs.embedding.session import PANEL_TITLES, PANELS, EmbeddingSession
from bpviz.labs.embedding.settings import EmbeddingSpec

__all__ = ["PANELS", "PANEL_TITLES", "EmbeddingSession", "EmbeddingSpec", "Highlight",
           "LossCurve", "Projection", "embedding_rng", "fit_projection"]
