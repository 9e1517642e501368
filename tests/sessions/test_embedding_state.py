"""The word-vector lab saved and opened again: the same corpus, settings, seed, vectors,
AdaGrad caches, data order, generators, curves and axes, bit for bit; training on from
there gives the same numbers; a damaged file is refused and names what is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bpviz.data.corpus import load_corpus
from bpviz.data.vector_file import save_vectors
from bpviz.labs.embedding import PANELS, EmbeddingSession, EmbeddingSpec
from bpviz.sessions import (
    VERSION, SessionFileError, embedding_session, from_text, open_session, restore_embedding,
    to_text, write_session,
)

TEXT = ("Monday comes before Tuesday. Tuesday comes before Wednesday. The cat sat on the mat. "
        "The dog sat on the rug. I watch TV on Monday. I watch the telly on Tuesday. "
        "We watch television on Wednesday. The cat and the dog play. ") * 12


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "week.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def trained(corpus_file, steps=23, **settings) -> EmbeddingSession:
    spec = EmbeddingSpec(**{"dimension": 4, "batch_size": 16, **settings})
    session = EmbeddingSession(load_corpus(corpus_file), spec, seed=5)
    session.step(steps)
    return session


def round_trip(session, word="cat", **kwargs) -> EmbeddingSession:
    return restore_embedding(from_text(to_text(embedding_session(session, word, **kwargs)))).session


def assert_same(a: EmbeddingSession, b: EmbeddingSession) -> None:
    assert (a.steps, a.seed, a.spec, a.corpus.words) == (b.steps, b.seed, b.spec, b.corpus.words)
    for panel in PANELS:
        arrays_a, arrays_b = a.panels[panel].arrays(), b.panels[panel].arrays()
        assert arrays_a.keys() == arrays_b.keys()
        for name in arrays_a:
            assert np.array_equal(arrays_a[name], arrays_b[name]), (panel, name)
        assert np.array_equal(a.curve(panel).losses, b.curve(panel).losses)
        assert np.array_equal(a.curve(panel).steps, b.curve(panel).steps)
        assert np.array_equal(a.points(panel), b.points(panel))
        assert a.epoch(panel) == b.epoch(panel)


@pytest.mark.parametrize("settings", [{}, {"subsample": 0.05}, {"batch_size": 1000}],
                         ids=["plain", "sub-sampled", "whole-epochs"])
def test_training_on_after_a_round_trip_is_training_on_without_one(corpus_file, settings):
    straight, saved = trained(corpus_file, **settings), trained(corpus_file, **settings)
    opened = round_trip(saved)
    assert_same(straight, opened)
    assert opened.highlight.centre == straight.highlight.centre
    for session in (straight, opened):
        session.step(157)  # across epoch ends of both streams
    assert_same(straight, opened)


def test_a_round_trip_is_bit_for_bit_the_same_file(corpus_file, tmp_path):
    session = trained(corpus_file, subsample=0.05)
    session.fit_projection("glove")  # axes fitted after the start stay as they are
    text = to_text(embedding_session(session, "dog", title="Week 5", notes={0: "Watch TV"}))
    path = tmp_path / "lab.bpviz"
    write_session(path, from_text(text))
    opened = open_session(path)
    assert opened.page == "embedding" and opened.state.word == "dog"
    assert opened.file.title == "Week 5" and opened.file.notes == {0: "Watch TV"}
    again = embedding_session(opened.state.session, "dog", title="Week 5",
                              notes={0: "Watch TV"})
    assert to_text(again) == text
    document = json.loads(text)
    assert document["version"] == VERSION == 2 and document["page"] == "embedding"


def test_a_fresh_session_and_loaded_start_vectors_round_trip(corpus_file, tmp_path):
    fresh = trained(corpus_file, steps=0)
    assert fresh.highlight is None
    assert_same(fresh, round_trip(fresh))
    vectors = tmp_path / "start.txt"
    save_vectors(vectors, ("cat", "dog"), np.array([[1.0, 2, 3], [4, 5, 6]]))
    started = trained(corpus_file, steps=0)
    started.load_start(vectors)
    started.step(9)
    opened = round_trip(started)
    assert_same(started, opened)
    started.reset(), opened.reset()  # the loaded start is kept for the next reset
    assert_same(started, opened)
    assert np.array_equal(opened.vectors("sgns")[opened.vocabulary.id("cat")], [1.0, 2, 3])


def test_the_corpus_may_be_a_link_to_its_file(corpus_file, tmp_path):
    session = trained(corpus_file)
    linked = embedding_session(session, "cat", corpus_path=corpus_file,
                               file_path=tmp_path / "lab.bpviz")
    assert set(linked.state["corpus"]) == {"path", "sha256"}
    assert not Path(linked.state["corpus"]["path"]).is_absolute()
    opened = restore_embedding(from_text(to_text(linked)), tmp_path)
    assert_same(session, opened.session)
    inline = embedding_session(session, "cat")
    assert len(to_text(inline)) > len(to_text(linked))


def test_a_link_to_another_or_a_changed_file_is_refused(corpus_file, tmp_path):
    session = trained(corpus_file)
    other = tmp_path / "other.txt"
    other.write_text("one two three. four five six.", encoding="utf-8")
    with pytest.raises(SessionFileError, match="does not hold the corpus"):
        embedding_session(session, "cat", corpus_path=other)
    copy = tmp_path / "copy.txt"
    copy.write_text(TEXT, encoding="utf-8")
    saved = from_text(to_text(embedding_session(session, "cat", corpus_path=copy,
                                                file_path=tmp_path / "lab.bpviz")))
    copy.write_text(TEXT + " More words.", encoding="utf-8")
    with pytest.raises(SessionFileError, match="has changed since"):
        restore_embedding(saved, tmp_path)
    copy.unlink()
    with pytest.raises(SessionFileError, match="cannot be read"):
        restore_embedding(saved, tmp_path)


def edited(document, path, value):
    """The document with the field at the dotted `path` set to `value` (None: removed)."""
    *parents, last = path.split(".")
    inner = document
    for key in parents:
        inner = inner[key]
    if value is None:
        del inner[last]
    else:
        inner[last] = value(inner[last]) if callable(value) else value
    return json.dumps(document)


def out_of_range(saved):
    """The saved array of ids with its first one far past any vocabulary."""
    import base64
    values = np.frombuffer(base64.b64decode(saved["data"]), dtype=saved["dtype"]).copy()
    values[0] = 10**6
    return array(values, saved["dtype"])


def array(values, dtype, shape=None):
    import base64
    data = np.asarray(values, dtype=np.dtype(dtype).newbyteorder("<"))
    return {"dtype": dtype, "shape": list(shape or data.shape),
            "data": base64.b64encode(data.tobytes()).decode("ascii")}


@pytest.mark.parametrize("path, value, message", [
    ("state.word", "zebra", "state.word: 'zebra' is not in the corpus's vocabulary"),
    ("state.steps", -1, "state.steps: a whole number from 0"),
    ("state.seed", "5", "state.seed: a whole number expected"),
    ("state.spec.dimension", 0, "state.spec"),
    ("state.spec.colour", 1, "unknown setting 'colour'"),
    ("state.panels.glove.W", array([[0.0]], "float64"), "state.panels.glove.W: shape"),
    ("state.panels.sgns.U", None, "state.panels.sgns: 'U' is missing"),
    ("state.panels.glove.cache_b", array(np.zeros(20), "float64"),
     "state.panels.glove.cache_b: AdaGrad's sums of squared gradients are positive"),
    ("state.pairs.centres", out_of_range, "state.pairs.centres: word numbers from 0 to 19"),
    ("state.pairs.position", 10**6, "state.pairs.position"),
    ("state.pairs.block", [5, 2], "state.pairs.block: start ≤ end"),
    ("state.pairs.kept", "everything", "state.pairs.kept: an object expected"),
    ("state.entries.order", array([0, 0, 1], "int64"), "state.entries.order: an order of all"),
    ("state.entries.rng.bit_generator", "MT19937", "state.entries.rng.bit_generator"),
    ("state.curves.sgns.stride", 3, "state.curves.sgns.stride: a power of two"),
    ("state.axes.sgns.axes", array(np.zeros((2, 3)), "float64"), "state.axes.sgns.axes"),
    ("state.highlight.centre", 10**6, "state.highlight.centre"),
    ("state.corpus.inline.ids", out_of_range, "state.corpus.inline.ids: word numbers"),
    ("state.corpus.inline.sentence", array([0, 2], "int32", None), "state.corpus.inline"),
    ("state.start", {"words": ["cat"], "vectors": array([[1.0]], "float64")}, "state.start"),
    ("state.extra", 1, "state: unknown field 'extra'"),
])
def test_a_damaged_file_is_refused_naming_the_field(corpus_file, tmp_path, path, value,
                                                    message):
    document = json.loads(to_text(embedding_session(trained(corpus_file, subsample=0.05),
                                                    "cat")))
    bad = tmp_path / "bad.bpviz"
    bad.write_text(edited(document, path, value), encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        open_session(bad)
    assert message in str(caught.value) and str(caught.value).startswith(str(bad))


def test_a_truncated_file_is_refused(corpus_file, tmp_path):
    text = to_text(embedding_session(trained(corpus_file), "cat"))
    bad = tmp_path / "cut.bpviz"
    bad.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(SessionFileError, match="damaged or truncated"):
        open_session(bad)


def test_the_shipped_corpus_is_named_not_linked_and_opens_from_anywhere(tmp_path):
    from bpviz.data.corpus import SHIPPED_CORPUS, shipped_corpus

    session = EmbeddingSession(shipped_corpus(), EmbeddingSpec(dimension=4, batch_size=16), 3)
    session.step(5)
    saved = embedding_session(session, session.corpus.words[0], corpus_path=SHIPPED_CORPUS,
                              file_path=tmp_path / "deep" / "away" / "lab.bpviz")
    assert saved.state["corpus"]["shipped"] == "village"
    assert "path" not in saved.state["corpus"] and "../" not in to_text(saved)
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    opened = restore_embedding(from_text(to_text(saved)), elsewhere)
    assert_same(session, opened.session)
    assert opened.corpus_path == SHIPPED_CORPUS  # the page keeps naming it on the next save
    document = json.loads(to_text(saved))
    document["state"]["corpus"]["shipped"] = "town"
    with pytest.raises(SessionFileError, match="no corpus called 'town'"):
        restore_embedding(from_text(json.dumps(document)), elsewhere)
    document["state"]["corpus"].update(shipped="village", sha256="0" * 64)
    with pytest.raises(SessionFileError, match="differs from the one"):
        restore_embedding(from_text(json.dumps(document)), elsewhere)


FRAME = ((-1.0, 1.0, -0.5, 0.5), False)


@pytest.mark.parametrize("frames, message", [
    ({"sgns": {"range": [1.0, -1.0, 0.0, 1.0], "zoomed": False}},
     "state.frames.sgns.range: a range [x0, x1, y0, y1] with x0 < x1"),
    ({"sgns": {"range": [0.0, 1.0, 0.0], "zoomed": False}}, "state.frames.sgns.range"),
    ({"sgns": {"range": [0.0, 1.0, 0.0, 1.0], "zoomed": "yes"}}, "state.frames.sgns.zoomed"),
    ({"word2vec": {"range": [0.0, 1.0, 0.0, 1.0], "zoomed": False}},
     "state.frames: unknown field 'word2vec'"),
])
def test_the_maps_views_round_trip_and_a_damaged_one_is_refused(corpus_file, tmp_path, frames,
                                                                message):
    saved = embedding_session(trained(corpus_file), "cat", frames={"glove": FRAME})
    opened = restore_embedding(saved, tmp_path)
    assert opened.frames == {"glove": FRAME}
    assert restore_embedding(embedding_session(trained(corpus_file), "cat"), tmp_path).frames \
        is None  # a file without views: the maps are framed anew
    document = json.loads(to_text(saved))
    bad = tmp_path / "bad.bpviz"
    bad.write_text(edited(document, "state.frames", frames), encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        open_session(bad)
    assert message in str(caught.value)
