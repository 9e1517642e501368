"""The loss plot: every panel's curve, framed in jumps (a new range redraws both axes)."""

import numpy as np

from bpviz.app.labs.embedding.loss_plot import LossPlot
from bpviz.data.corpus import corpus_from_text
from bpviz.labs.embedding import EmbeddingSession, EmbeddingSpec

TEXT = "The cat sat on the mat. The dog sat on the rug. A cat and a dog ran. " * 10


def test_the_curves_are_framed_in_round_jumps_that_hold_while_they_fit(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    session = EmbeddingSession(corpus_from_text(TEXT), EmbeddingSpec(dimension=4, min_count=1))
    session.step(80)
    plot.show_curves(session)
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert (x0, x1) == (0, 100)  # 80 steps and a quarter more: the next round number
    assert y0 == np.floor(y0) and y1 == np.ceil(y1)  # whole decades of loss
    low = min(session.curve(p).losses.min() for p in ("sgns", "glove", "simple-glove"))
    assert 10 ** y0 <= low
    session.step(15)
    plot.show_curves(session)
    assert plot.getViewBox().viewRange()[0] == [0, 100]  # still fits: no new range
    session.step(10)
    plot.show_curves(session)
    assert plot.getViewBox().viewRange()[0] == [0, 150]
    assert len(plot.lines["sgns"].xData) == 105
