"""The embedding lab's session: three panels in lockstep from one seed, reproducible in any
chunking, sparse updates, divergence refused for all, and what the lab draws and saves."""

import numpy as np
import pytest

from bpviz.data.corpus import corpus_from_text, shipped_corpus
from bpviz.data.errors import DataFormatError, DataSettingError
from bpviz.data.vocabulary import build_vocabulary
from bpviz.labs.embedding import PANELS, EmbeddingSession, EmbeddingSpec
from bpviz.labs.embedding.objectives import sgns_loss_and_grads
from bpviz.training.choices import SettingError
from bpviz.training.divergence import DivergenceError

SMALL = EmbeddingSpec(dimension=5, min_count=1, batch_size=16)
TEXT = ("the cat sat on the mat. the dog sat on the rug. a cat and a dog. "
        "we watch TV. we watch the telly. we watch television. ") * 3


@pytest.fixture(scope="module")
def corpus():
    return shipped_corpus()


def small(seed=0, spec=SMALL):
    return EmbeddingSession(corpus_from_text(TEXT, "small.txt"), spec, seed)


def tables(session):
    return {(panel, name): table.copy() for panel in PANELS
            for name, table in session.panels[panel].tables().items()}


def test_all_three_panels_start_from_the_same_vectors():
    session = small()
    first = session.vectors("sgns")
    for panel in PANELS:
        np.testing.assert_array_equal(session.vectors(panel), first)
    assert np.abs(first).max() <= 0.5 / 5 and first.shape == (len(session.vocabulary), 5)
    np.testing.assert_array_equal(session.panels["sgns"].U, 0.0)  # word2vec's start


def test_the_same_seed_trains_the_same_vectors_in_any_chunking():
    one, two, three = small(), small(), small()
    one.step(40)
    for _ in range(8):
        two.step(5)
    while three.steps < 40:
        three.train_for(0.0)  # at least one step each time
    for other in (two, three):
        for key, table in tables(one).items():
            np.testing.assert_array_equal(tables(other)[key], table, err_msg=str(key))
    different = small(seed=1)
    different.step(40)
    assert not np.array_equal(different.vectors("sgns"), one.vectors("sgns"))


def test_a_step_writes_only_the_rows_its_batch_touches():
    session = small(spec=EmbeddingSpec(dimension=5, min_count=1, batch_size=1, negatives=2))
    before = tables(session)
    session.step()
    spec, highlight = session.spec, session.highlight
    moved_v = np.flatnonzero((session.panels["sgns"].V != before["sgns", "V"]).any(axis=1))
    moved_u = np.flatnonzero((session.panels["sgns"].U != before["sgns", "U"]).any(axis=1))
    assert len(moved_v) == 0  # U starts at zero, so v_c's gradient Σ… u is zero at first
    assert 0 < len(moved_u) <= 3  # u_o and two u_k at most
    assert set(moved_u) <= {highlight.context, *highlight.negatives}
    # (A row can stay put when its pull and push cancel: a context drawn as a negative too.)
    assert len(highlight.negatives) == spec.negatives
    for panel in ("glove", "simple-glove"):  # one entry (i, j): rows i and j at most
        changed = (session.vectors(panel) != before[panel, "W" if panel == "glove" else "V"])
        assert 1 <= changed.any(axis=1).sum() <= 2
    moves = 0
    for _ in range(20):  # v_c moves once its context or a negative has a non-zero u
        V = session.panels["sgns"].V.copy()
        session.step()
        moved = np.flatnonzero((session.panels["sgns"].V != V).any(axis=1)).tolist()
        assert moved in ([], [session.highlight.centre])
        moves += len(moved)
    assert moves > 0


def test_the_skipgram_step_is_sgd_on_the_batch_gradient():
    session = small()
    session.step(3)  # U is no longer zero
    panel = session.panels["sgns"]
    V, U = panel.V.copy(), panel.U.copy()
    seen = []
    prepare = panel.prepare
    panel.prepare = lambda *batch: seen.append(batch) or prepare(*batch)
    session.step()
    centres, contexts, negatives, lr = seen[0]
    assert lr == SMALL.sgns_lr and negatives.shape == (len(centres), SMALL.negatives)
    grads = sgns_loss_and_grads(V, U, centres, contexts, negatives)  # an independent NumPy
    # The engine's plan sums and updates in another order: equal up to rounding.
    np.testing.assert_allclose(panel.V, V - lr * grads.centre.dense(V.shape), rtol=1e-12,
                               atol=1e-15)
    np.testing.assert_allclose(panel.U, U - lr * grads.outside.dense(U.shape), rtol=1e-12,
                               atol=1e-15)
    assert session.curve("sgns").losses[-1] == pytest.approx(grads.loss / len(centres),
                                                             rel=1e-12)


def test_the_highlight_pulls_the_centre_to_its_context_and_pushes_it_from_negatives():
    session = small()
    session.step(20)
    h, lr = session.highlight, SMALL.sgns_lr
    s = h.u_o @ h.v_c
    np.testing.assert_allclose(h.pull, lr * (1 - 1 / (1 + np.exp(-s))) * h.u_o, rtol=1e-12)
    assert h.pull @ h.u_o >= 0 and h.context_move @ h.v_c >= 0
    assert all(push @ u <= 0 for push, u in zip(h.pushes, h.u_negatives))
    assert all(move @ h.v_c <= 0 for move in h.negative_moves)


@pytest.fixture(scope="module")
def trained(corpus):
    """The lab's defaults on the shipped corpus after 30 epochs of skip-gram's pairs."""
    session = EmbeddingSession(corpus, EmbeddingSpec(), seed=0)
    for _ in range(30):
        session.run_epoch()
    return session


@pytest.mark.slow
def test_the_loss_falls_on_the_shipped_corpus(trained):
    assert trained.epoch("sgns") == 30.0
    for panel in PANELS:
        losses = trained.curve(panel).losses
        assert losses[-20:].mean() < 0.6 * losses[:20].mean(), panel


@pytest.mark.slow
@pytest.mark.parametrize("panel", PANELS)
def test_tv_telly_and_television_are_each_others_nearest_and_the_days_group(trained, panel):
    for word in ("TV", "telly", "television"):
        near = {neighbour for neighbour, _ in trained.neighbours(panel, word, 3)}
        assert {"TV", "telly", "television"} - {word} <= near, (word, near)
    days = {word for word, _ in trained.neighbours(panel, "monday", 6)}
    assert len(days & {"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) >= 3


@pytest.mark.slow
def test_glove_gives_frequent_words_long_vectors_and_simpler_glove_does_not(trained):
    """The stop-word effect: GloVe's biases let every vector drift by a common c."""
    correlation = {}
    for panel in ("glove", "simple-glove"):
        counts, lengths = trained.norms(panel)
        correlation[panel] = np.corrcoef(np.log(counts), lengths)[0, 1]
    assert correlation["glove"] > 0.5 and correlation["simple-glove"] < 0, correlation


def test_a_step_that_would_not_be_finite_is_refused_for_every_panel():
    session = small()
    session.step(2)
    session.panels["glove"].W[:] = 1e200  # its squared error overflows
    before = tables(session)
    with pytest.raises(DivergenceError) as caught:
        session.step()
    error = caught.value
    assert error.panel == "glove" and error.step == 3 and error.restored_to == 2
    assert str(error).startswith("training diverged at step 3: GloVe: the new values of W")
    assert session.steps == 2
    for key, table in tables(session).items():
        np.testing.assert_array_equal(table, before[key], err_msg=str(key))


def test_a_skipgram_step_that_would_not_be_finite_is_refused_for_every_panel():
    session = small()
    session.step(2)
    panel = session.panels["sgns"]
    panel.V[:] = 1e200
    panel.U[:] = 1e200  # u_oᵀv_c overflows in the compiled plan
    before = tables(session)
    with pytest.raises(DivergenceError) as caught:
        session.step()
    error = caught.value
    assert error.panel == "sgns" and error.step == 3 and error.restored_to == 2
    assert "skip-gram (negative sampling): the loss J is not finite" in str(error)
    assert session.steps == 2
    for key, table in tables(session).items():
        np.testing.assert_array_equal(table, before[key], err_msg=str(key))


def test_the_projection_stays_fixed_until_fitted_again():
    session = small()
    axes = session.projection("sgns")
    session.step(30)
    assert session.projection("sgns") is axes
    np.testing.assert_allclose(session.points("sgns"), axes(session.vectors("sgns")))
    shown = session.variance_shown("sgns")
    session.fit_projection("sgns")
    assert session.projection("sgns") is not axes and session.projection("glove") is not None
    assert 0 < shown <= session.variance_shown("sgns") <= 1  # the principal plane shows most
    flat = small(spec=EmbeddingSpec(dimension=2, min_count=1))
    np.testing.assert_array_equal(flat.points("glove"), flat.vectors("glove"))


def test_vectors_are_read_only_and_norms_pair_with_counts():
    session = small()
    with pytest.raises(ValueError):
        session.vectors("sgns")[0, 0] = 1.0
    counts, lengths = session.norms("glove")
    np.testing.assert_array_equal(counts, session.vocabulary.counts)
    np.testing.assert_allclose(lengths, np.linalg.norm(session.vectors("glove"), axis=1))


def test_full_loss_is_offered_for_the_glove_panels_only():
    session = small()
    assert session.full_loss("glove") > 0 and session.full_loss("simple-glove") > 0
    with pytest.raises(SettingError, match="panel must be one of glove, simple-glove"):
        session.full_loss("sgns")
    with pytest.raises(SettingError, match="panel must be one of sgns, glove, simple-glove"):
        session.curve("cbow")


def test_a_learning_rate_applies_live_other_settings_start_again():
    session = small()
    session.step(5)
    session.set_spec(EmbeddingSpec(dimension=5, min_count=1, batch_size=16, sgns_lr=0.5))
    assert session.steps == 5 and session.spec.sgns_lr == 0.5
    entries = len(session.cooccurrence)
    session.set_spec(EmbeddingSpec(dimension=5, min_count=1, batch_size=16, window=4))
    assert session.steps == 0 and len(session.cooccurrence) > entries


def test_a_corpus_that_cannot_be_used_leaves_the_session_as_it_was():
    session = small()
    session.step(3)
    before, vocabulary = tables(session), session.vocabulary
    with pytest.raises(DataSettingError, match="only 1 word occurs in same.txt at least once"):
        session.set_corpus(corpus_from_text("one one one", "same.txt"))
    with pytest.raises(DataSettingError, match="no two words of the corpus share a sentence"):
        session.set_corpus(corpus_from_text("one. two. one. two.", "apart.txt"))
    with pytest.raises(DataSettingError):
        session.set_spec(EmbeddingSpec(dimension=5, min_count=50))
    assert session.vocabulary is vocabulary and session.steps == 3
    for key, table in tables(session).items():
        np.testing.assert_array_equal(table, before[key])


def test_exported_vectors_start_a_new_session_exactly(tmp_path):
    trained = small()
    trained.step(30)
    path = trained.export("simple-glove", tmp_path / "vectors.txt")
    assert path.read_text(encoding="utf-8").startswith(f"{len(trained.vocabulary)} 5\n")
    fresh = small(seed=9, spec=EmbeddingSpec(dimension=3, min_count=1))
    assert fresh.load_start(path) == len(trained.vocabulary)
    assert fresh.spec.dimension == 5
    for panel in PANELS:
        np.testing.assert_allclose(fresh.vectors(panel), trained.vectors("simple-glove"),
                                   rtol=1e-8, atol=1e-12)
    fresh.step(2)
    fresh.reset()  # the loaded start is kept over a reset
    np.testing.assert_allclose(fresh.vectors("sgns"), trained.vectors("simple-glove"), rtol=1e-8)


def test_a_bad_vector_file_changes_nothing(tmp_path):
    session = small()
    before = tables(session)
    bad = tmp_path / "bad.txt"
    bad.write_text("cat 1 2\ndog 1\n", encoding="utf-8")
    with pytest.raises(DataFormatError, match="line 2"):
        session.load_start(bad)
    for key, table in tables(session).items():
        np.testing.assert_array_equal(table, before[key])


def test_the_vocabulary_and_x_come_from_the_corpus_settings(corpus):
    session = EmbeddingSession(corpus, EmbeddingSpec(min_count=3, window=2), seed=0)
    assert session.vocabulary.words == build_vocabulary(corpus, 3).words
    assert session.cooccurrence.window == 2 and session.cooccurrence.weighting == "distance"


def test_word_ids_pick_the_rows_of_a_heatmap():
    session = small()
    ids = session.word_ids(["TV", "telly", "television"])
    X = session.cooccurrence.dense(ids)
    assert X.shape == (3, 3) and (X == X.T).all()
    assert np.isnan(session.cooccurrence.dense_pmi(ids)).any()  # TV never meets telly
    with pytest.raises(DataSettingError, match="'radio' is not in the vocabulary"):
        session.word_ids(["radio"])


def test_a_vector_file_of_too_many_dimensions_changes_nothing(tmp_path):
    session = small()
    before = tables(session)
    path = tmp_path / "wide.txt"
    path.write_text("cat " + " ".join(["0.5"] * 301) + "\n", encoding="utf-8")
    with pytest.raises(SettingError, match="dimension must be a whole number from 1 to 300"):
        session.load_start(path)
    assert session.spec.dimension == 5
    for key, table in tables(session).items():
        np.testing.assert_array_equal(table, before[key])
