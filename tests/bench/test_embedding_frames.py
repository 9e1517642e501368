"""UI-embedding's frames: the lab trains a fixed count of steps a frame and paints each
word map once a frame; the labels drawn never overlap. No timings asserted."""

from bpviz.bench.ui.embedding_frames import STEPS, EmbeddingFrames, cycle_length


def test_a_frame_trains_its_steps_and_paints_each_map_once():
    frames = EmbeddingFrames()
    try:
        frames.cycle()
        steps, paints = frames.model.session.steps, frames.painted.paints
        split = frames.profile(cycles=1)
        count = cycle_length()
        assert frames.model.session.steps == steps + STEPS * count
        assert frames.painted.paints - paints == 3 * count  # three maps, once a frame each
        assert split["cpu"] > 0 and split["train"] > 0 and split["paint"] > 0
        labels = frames.lab.maps["sgns"].labels
        highlight = frames.model.session.highlight
        words = frames.model.session.vocabulary.words
        # The highlighted pair's words are always drawn, whatever they overlap.
        assert {words[highlight.centre], words[highlight.context]} <= set(labels.drawn)
    finally:
        frames.close()
