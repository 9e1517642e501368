"""The word-vector lab in a session file: the corpus (inline, or a link to its text file),
the settings, the seed, the word on show, and everything training changed, at full
precision (EmbeddingSession.snapshot): every panel's tables and AdaGrad caches, where each
data stream is with its generators, the loss curves, the fixed 2-D axes, the latest
highlighted pair and any loaded starting vectors.

    state = {"corpus": {"inline": {"name", "words", "ids", "sentence", "skipped"}}
                       | {"path": "corpus.txt", "sha256": "…"}
                       | {"shipped": "village", "sha256": "…"},   (bpviz's own, by name)
             "spec": {…EmbeddingSpec…}, "seed": 0, "word": "television", "steps": 120,
             "panels": {"sgns": {"V", "U"}, "glove": {"W", "W_tilde", "b", "b_tilde",
                        "cache_W", …}, "simple-glove": {"V", "cache"}},
             "pairs": {"epochs", "kept", "blocks", "done", "block", "centres", "contexts",
                       "position", "subsample_rng", "order_rng"},
             "entries": {"epochs", "order", "position", "rng"}, "negatives_rng": {…},
             "curves": {panel: {"capacity", "rows", "stride", "seen", "latest"}},
             "axes": {panel: {"mean", "axes"}}, "highlight": {…} | null,
             "start": {"words", "vectors"} | null}

A restored session trains on bit for bit as the saved one would have.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bpviz.data.corpus import MAX_TOKENS, MAX_WORD_CHARS, SHIPPED_CORPUS, Corpus, load_corpus
from bpviz.data.vector_file import WordVectors
from bpviz.data.vocabulary import Encoded
from bpviz.errors import BpvizError
from bpviz.labs.embedding import PANELS, EmbeddingSession, EmbeddingSpec, Highlight, Projection
from bpviz.labs.embedding.curves import RecorderState
from bpviz.labs.embedding.session import EmbeddingState
from bpviz.labs.embedding.streams import EntryState, PairState
from bpviz.sessions.curves import decode_curve, encode_curve
from bpviz.sessions.document import Session
from bpviz.sessions.errors import SessionFileError
from bpviz.sessions.linked_file import digest, link_to, linked_path
from bpviz.sessions.settings_codec import decode_settings, encode_settings
from bpviz.sessions.values import (
    decode_array, decode_finite, decode_generator, encode_array, encode_generator, need_bool,
    need_dict, need_float, need_int, need_list, need_str,
)

EMBEDDING_KEY = "word-vector-lab"
# The corpora bpviz ships, by the name a session file gives them (never by a path: the
# app's folder is not the session's).
SHIPPED = {SHIPPED_CORPUS.stem: SHIPPED_CORPUS}
FIELDS_OF_STATE = ("corpus", "spec", "seed", "word", "steps", "panels", "pairs", "entries",
                   "negatives_rng", "curves", "axes", "highlight", "start")
OPTIONAL_STATE = ("frames",)  # each map's view as it was on screen (older files: framed anew)
PAIR_FIELDS = ("epochs", "kept", "blocks", "done", "block", "centres", "contexts", "position",
               "subsample_rng", "order_rng")
HIGHLIGHT_FIELDS = ("centre", "context", "negatives", "v_c", "u_o", "u_negatives", "pull",
                    "pushes", "context_move", "negative_moves")
KEPT_IS_CORPUS = "corpus"  # the epoch's sub-sample is the whole corpus (no sub-sampling)
MAX_SEED = 2**63 - 1


Frame = tuple[tuple[float, float, float, float], bool]  # a map's view range, and zoomed


@dataclass
class EmbeddingPageState:
    """A restored word-vector lab: the session, the word whose neighbours show, and the
    corpus's text file if the session linked to it."""

    session: EmbeddingSession
    word: str
    corpus_path: Path | None = None
    frames: dict[str, Frame] | None = None  # each map's view range and whether it was zoomed


def embedding_session(session: EmbeddingSession, word: str,
                      corpus_path: str | os.PathLike[str] | None = None,
                      file_path: str | os.PathLike[str] | None = None, title: str = "",
                      notes: dict[int, str] | None = None, saved_by: str = "bpviz",
                      frames: dict[str, Frame] | None = None) -> Session:
    """The session file's contents for the lab `session`. The corpus goes inline, or with
    `corpus_path` as a link to that text file (which must read as exactly this corpus),
    relative to the folder of `file_path`, the session file to be written, when given."""
    snapshot = session.snapshot()
    state: dict[str, Any] = {
        "corpus": _encode_corpus(session.corpus, corpus_path, file_path),
        "spec": encode_settings(session.spec), "seed": int(session.seed), "word": word,
        "steps": snapshot.steps,
        "panels": {panel: {name: encode_array(array) for name, array in arrays.items()}
                   for panel, arrays in snapshot.arrays.items()},
        "pairs": _encode_pairs(snapshot.pairs, session.data.encoded),
        "entries": {"epochs": snapshot.entries.epochs,
                    "order": encode_array(snapshot.entries.order),
                    "position": snapshot.entries.position,
                    "rng": encode_generator(snapshot.entries.order_rng)},
        "negatives_rng": encode_generator(snapshot.negatives_rng),
        "curves": {panel: encode_curve(curve) for panel, curve in snapshot.curves.items()},
        "axes": {panel: {"mean": encode_array(axes.mean), "axes": encode_array(axes.axes)}
                 for panel, axes in snapshot.projections.items()},
        "highlight": None if snapshot.highlight is None else {
            name: (int(value) if name in ("centre", "context") else encode_array(value))
            for name, value in vars(snapshot.highlight).items()},
        "start": None if snapshot.start is None else {
            "words": list(snapshot.start.words), "vectors": encode_array(snapshot.start.vectors)}}
    if frames is not None:
        state["frames"] = {panel: {"range": [float(x) for x in view], "zoomed": bool(zoomed)}
                           for panel, (view, zoomed) in frames.items()}
    return Session("embedding", EMBEDDING_KEY, state, title, dict(notes or {}), saved_by)


def restore_embedding(saved: Session,
                      folder: str | os.PathLike[str] = ".") -> EmbeddingPageState:
    """A new word-vector lab exactly as saved (a linked corpus is looked for relative to
    `folder`, the session file's); SessionFileError if anything does not fit."""
    if saved.page != "embedding" or saved.lesson != EMBEDDING_KEY:
        raise SessionFileError(f"a word-vector lab expected, found {saved.page} "
                               f"'{saved.lesson}'", "lesson")
    state = need_dict(saved.state, "state", FIELDS_OF_STATE, OPTIONAL_STATE)
    corpus, corpus_path = _decode_corpus(state["corpus"], Path(folder))
    spec = decode_settings(EmbeddingSpec, state["spec"], "state.spec")
    seed = need_int(state["seed"], "state.seed", 0, MAX_SEED)
    try:
        session = EmbeddingSession(corpus, spec, seed)
    except (BpvizError, ValueError) as error:
        raise SessionFileError(str(error), "state.corpus") from None
    word = need_str(state["word"], "state.word", MAX_WORD_CHARS)
    if word not in session.vocabulary:
        raise SessionFileError(f"{word!r} is not in the corpus's vocabulary", "state.word")
    snapshot = _decode_snapshot(state, session)
    try:
        session.restore(snapshot)
    except ValueError as error:
        raise SessionFileError(str(error), "state") from None
    frames = _decode_frames(state["frames"]) if "frames" in state else None
    return EmbeddingPageState(session, word, corpus_path, frames)


def _decode_frames(value: object) -> dict[str, Frame]:
    """Each map's view: a finite, non-empty range (x0 < x1, y0 < y1) and the zoomed flag."""
    frames = need_dict(value, "state.frames", (), PANELS)
    decoded: dict[str, Frame] = {}
    for panel, frame in frames.items():
        where = f"state.frames.{panel}"
        fields = need_dict(frame, where, ("range", "zoomed"))
        view = tuple(need_float(x, f"{where}.range")
                     for x in need_list(fields["range"], f"{where}.range", 4))
        if len(view) != 4 or not (view[0] < view[1] and view[2] < view[3]):
            raise SessionFileError("a range [x0, x1, y0, y1] with x0 < x1 and y0 < y1 "
                                   "expected", f"{where}.range")
        decoded[panel] = (view, need_bool(fields["zoomed"], f"{where}.zoomed"))
    return decoded


# -- the corpus ---------------------------------------------------------------------------

def _encode_corpus(corpus: Corpus, corpus_path: str | os.PathLike[str] | None,
                   file_path: str | os.PathLike[str] | None) -> dict[str, Any]:
    if corpus_path is None:
        return {"inline": {"name": corpus.name, "words": list(corpus.words),
                           "ids": encode_array(corpus.ids),
                           "sentence": encode_array(corpus.sentence),
                           "skipped": int(corpus.skipped)}}
    try:
        linked = load_corpus(corpus_path)
    except BpvizError as error:
        raise SessionFileError(f"the corpus cannot be linked: {error}") from None
    if not _same_corpus(linked, corpus):
        raise SessionFileError(f"{os.fspath(corpus_path)} does not hold the corpus in the lab; "
                               "keep the corpus in the session instead")
    for name, shipped in SHIPPED.items():
        if os.path.abspath(corpus_path) == os.path.abspath(shipped):
            return {"shipped": name, "sha256": digest(shipped)}
    return link_to(corpus_path, file_path)


def _decode_corpus(value: object, folder: Path) -> tuple[Corpus, Path | None]:
    where = "state.corpus"
    if isinstance(value, dict) and "shipped" in value:
        return _decode_shipped(value, where)
    if isinstance(value, dict) and "path" in value:
        path = linked_path(value, where, folder, "corpus")
        try:
            return load_corpus(path), path
        except BpvizError as error:
            raise SessionFileError(str(error), f"{where}.path") from None
    at = f"{where}.inline"
    inline = need_dict(need_dict(value, where, ("inline",))["inline"], at,
                       ("name", "words", "ids", "sentence", "skipped"))
    words = tuple(need_str(word, f"{at}.words", MAX_WORD_CHARS)
                  for word in need_list(inline["words"], f"{at}.words", MAX_TOKENS))
    ids = decode_array(inline["ids"], f"{at}.ids", dtypes=("int32",), ndim=1)
    sentence = decode_array(inline["sentence"], f"{at}.sentence", dtypes=("int32",),
                            shape=ids.shape)
    if len(ids) > MAX_TOKENS:
        raise SessionFileError(f"at most {MAX_TOKENS:,} words expected", f"{at}.ids")
    if len(set(words)) != len(words) or not all(words):
        raise SessionFileError("each distinct word once expected", f"{at}.words")
    _need_ids(ids, len(words), f"{at}.ids")
    if len(sentence) and (sentence[0] != 0 or not np.isin(np.diff(sentence), (0, 1)).all()):
        raise SessionFileError("sentence numbers 0, 1, 2, … in order expected",
                               f"{at}.sentence")
    return Corpus(need_str(inline["name"], f"{at}.name", 1000), words, ids, sentence,
                  need_int(inline["skipped"], f"{at}.skipped")), None


def _decode_shipped(value: object, where: str) -> tuple[Corpus, Path]:
    """A corpus bpviz ships, named in the file; it must still be the text it was."""
    fields = need_dict(value, where, ("shipped", "sha256"))
    name = need_str(fields["shipped"], f"{where}.shipped", 100)
    if name not in SHIPPED:
        raise SessionFileError(f"bpviz ships no corpus called {name!r} (it has "
                               f"{', '.join(sorted(SHIPPED))})", f"{where}.shipped")
    try:
        found = digest(SHIPPED[name])
    except OSError as error:
        raise SessionFileError(f"bpviz's corpus {name!r} cannot be read: "
                               f"{error.strerror or error}", f"{where}.shipped") from None
    if found != need_str(fields["sha256"], f"{where}.sha256", 64):
        raise SessionFileError(f"this bpviz's corpus {name!r} differs from the one the "
                               "session was saved with", f"{where}.shipped")
    try:
        return load_corpus(SHIPPED[name]), SHIPPED[name]
    except BpvizError as error:
        raise SessionFileError(str(error), f"{where}.shipped") from None


def _same_corpus(one: Corpus, other: Corpus) -> bool:
    return (one.words == other.words and np.array_equal(one.ids, other.ids)
            and np.array_equal(one.sentence, other.sentence))


# -- the snapshot ---------------------------------------------------------------------------

def _decode_snapshot(state: dict[str, Any], session: EmbeddingSession) -> EmbeddingState:
    n, d = len(session.vocabulary), session.spec.dimension
    live = session.snapshot()  # the fresh session's own: the names, dtypes and shapes expected
    panels = need_dict(state["panels"], "state.panels", PANELS)
    arrays = {}
    for panel in PANELS:
        expected = live.arrays[panel]
        saved = need_dict(panels[panel], f"state.panels.{panel}", tuple(expected))
        arrays[panel] = {name: decode_finite(saved[name], f"state.panels.{panel}.{name}",
                                             dtypes=(like.dtype.name,), shape=like.shape)
                         for name, like in expected.items()}
        for name, values in arrays[panel].items():
            if name.startswith("cache") and not (values > 0).all():
                raise SessionFileError("AdaGrad's sums of squared gradients are positive",
                                       f"state.panels.{panel}.{name}")
    curves = need_dict(state["curves"], "state.curves", PANELS)
    axes = need_dict(state["axes"], "state.axes", PANELS)
    return EmbeddingState(
        steps=need_int(state["steps"], "state.steps"), arrays=arrays,
        pairs=_decode_pairs(state["pairs"], session, n),
        entries=_decode_entries(state["entries"], len(session.cooccurrence)),
        negatives_rng=decode_generator(state["negatives_rng"], "state.negatives_rng"),
        curves={panel: decode_curve(curves[panel], f"state.curves.{panel}", 2, RecorderState)
                for panel in PANELS},
        projections={panel: _decode_axes(axes[panel], f"state.axes.{panel}", d)
                     for panel in PANELS},
        highlight=_decode_highlight(state["highlight"], n, d, session.spec.negatives),
        start=_decode_start(state["start"], d))


def _encode_pairs(pairs: PairState, encoded: Encoded) -> dict[str, Any]:
    kept = pairs.kept
    if kept is None:
        saved_kept: Any = None
    elif kept is encoded or (np.array_equal(kept.ids, encoded.ids)
                             and np.array_equal(kept.sentence, encoded.sentence)):
        saved_kept = KEPT_IS_CORPUS
    else:
        saved_kept = {"ids": encode_array(kept.ids), "sentence": encode_array(kept.sentence)}
    return {"epochs": pairs.epochs, "kept": saved_kept,
            "blocks": [list(block) for block in pairs.blocks], "done": pairs.done,
            "block": list(pairs.block), "centres": encode_array(pairs.centres),
            "contexts": encode_array(pairs.contexts), "position": pairs.position,
            "subsample_rng": encode_generator(pairs.subsample_rng),
            "order_rng": encode_generator(pairs.order_rng)}


def _decode_pairs(value: object, session: EmbeddingSession, n: int) -> PairState:
    where = "state.pairs"
    fields = need_dict(value, where, PAIR_FIELDS)
    kept_value, encoded = fields["kept"], session.data.encoded
    if kept_value is None:
        kept = None
    elif kept_value == KEPT_IS_CORPUS:
        kept = encoded
    else:
        saved = need_dict(kept_value, f"{where}.kept", ("ids", "sentence"))
        ids = decode_array(saved["ids"], f"{where}.kept.ids", dtypes=("int32",), ndim=1)
        sentence = decode_array(saved["sentence"], f"{where}.kept.sentence", dtypes=("int32",),
                                shape=ids.shape)
        _need_ids(ids, n, f"{where}.kept.ids")
        kept = Encoded(ids, sentence)
    tokens = len(kept) if kept is not None else 0
    blocks = tuple(_span(block, f"{where}.blocks", tokens)
                   for block in need_list(fields["blocks"], f"{where}.blocks", MAX_TOKENS + 1))
    centres = decode_array(fields["centres"], f"{where}.centres", dtypes=("int32",), ndim=1)
    contexts = decode_array(fields["contexts"], f"{where}.contexts", dtypes=("int32",),
                            shape=centres.shape)
    _need_ids(centres, n, f"{where}.centres")
    _need_ids(contexts, n, f"{where}.contexts")
    return PairState(
        need_int(fields["epochs"], f"{where}.epochs"), kept, blocks,
        need_int(fields["done"], f"{where}.done", 0, tokens),
        _span(fields["block"], f"{where}.block", tokens), centres, contexts,
        need_int(fields["position"], f"{where}.position", 0, len(centres)),
        decode_generator(fields["subsample_rng"], f"{where}.subsample_rng"),
        decode_generator(fields["order_rng"], f"{where}.order_rng"))


def _decode_entries(value: object, entries: int) -> EntryState:
    where = "state.entries"
    fields = need_dict(value, where, ("epochs", "order", "position", "rng"))
    order = decode_array(fields["order"], f"{where}.order", dtypes=("int64",), ndim=1)
    if len(order) and (len(order) != entries
                       or not np.array_equal(np.sort(order), np.arange(entries))):
        raise SessionFileError(f"an order of all {entries:,} entries of X expected",
                               f"{where}.order")
    return EntryState(need_int(fields["epochs"], f"{where}.epochs"), order,
                      need_int(fields["position"], f"{where}.position", 0, len(order)),
                      decode_generator(fields["rng"], f"{where}.rng"))


def _decode_axes(value: object, where: str, d: int) -> Projection:
    fields = need_dict(value, where, ("mean", "axes"))
    return Projection(decode_finite(fields["mean"], f"{where}.mean", dtypes=("float64",),
                                    shape=(d,)),
                      decode_finite(fields["axes"], f"{where}.axes", dtypes=("float64",),
                                    shape=(2, d)))


def _decode_highlight(value: object, n: int, d: int, negatives: int) -> Highlight | None:
    if value is None:
        return None
    where = "state.highlight"
    fields = need_dict(value, where, HIGHLIGHT_FIELDS)
    ids = decode_array(fields["negatives"], f"{where}.negatives", dtypes=("int64",), ndim=1)
    k = len(ids)
    if not 1 <= k <= max(negatives, 1):
        raise SessionFileError(f"1 to {negatives} negatives expected", f"{where}.negatives")
    _need_ids(ids, n, f"{where}.negatives")
    shapes = {"v_c": (d,), "u_o": (d,), "u_negatives": (k, d), "pull": (d,),
              "pushes": (k, d), "context_move": (d,), "negative_moves": (k, d)}
    arrays = {name: decode_finite(fields[name], f"{where}.{name}", dtypes=("float64",),
                                  shape=shape) for name, shape in shapes.items()}
    return Highlight(need_int(fields["centre"], f"{where}.centre", 0, n - 1),
                     need_int(fields["context"], f"{where}.context", 0, n - 1), ids, **arrays)


def _decode_start(value: object, d: int) -> WordVectors | None:
    if value is None:
        return None
    where = "state.start"
    fields = need_dict(value, where, ("words", "vectors"))
    words = tuple(need_str(word, f"{where}.words", 1000)
                  for word in need_list(fields["words"], f"{where}.words", MAX_TOKENS))
    vectors = decode_finite(fields["vectors"], f"{where}.vectors", dtypes=("float64",),
                            shape=(len(words), d))
    return WordVectors(words, vectors)


# -- small values -------------------------------------------------------------------------

def _need_ids(ids: np.ndarray, n: int, where: str) -> None:
    if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= n):
        raise SessionFileError(f"word numbers from 0 to {n - 1} expected", where)


def _span(value: object, where: str, tokens: int) -> tuple[int, int]:
    pair = need_list(value, where, 2)
    if len(pair) != 2:
        raise SessionFileError("[start, end] expected", where)
    start, end = (need_int(item, where, 0, tokens) for item in pair)
    if start > end:
        raise SessionFileError("start ≤ end expected", where)
    return start, end
