"""The word-vector objectives of lectures 1–2 as stage lessons: skip-gram with the full
softmax, negative sampling, GloVe and simpler GloVe, each trained with SGD like the window
scorer, with the data the model publishes beside its graph (tables, the shift demonstration)."""

from __future__ import annotations

from bpviz.formatting import number, preview
from bpviz.lessons.data_table import DataTable
from bpviz.lessons.model_lesson import ModelLesson
from bpviz.models.constant_shift import ShiftDemo, constant_shift
from bpviz.models.glove import GloVe, GloVeConfig
from bpviz.models.negative_sampling import NegativeSampling, NegativeSamplingConfig
from bpviz.models.simple_glove import SimpleGloVe, SimpleGloVeConfig
from bpviz.models.skipgram import SkipGram, SkipGramConfig
from bpviz.models.word_model import WordModel


class WordVectorLesson(ModelLesson):
    """Record, check and update a word-vector model with SGD (only the rows it used)."""

    title = ""
    model: WordModel

    @property
    def config(self):
        """The model's settings (what the settings panel shows)."""
        return self.model.config

    def tables(self) -> tuple[DataTable, ...]:
        """The data the model publishes beside its graph; none by default."""
        return ()

    def shift_demo(self) -> ShiftDemo | None:
        """GloVe's constant-shift degeneracy against simpler GloVe; None where it does not apply."""
        return None


class SkipGramLesson(WordVectorLesson):
    """J = −log P(o|c) with the full softmax over the vocabulary."""

    title = "Skip-gram (full softmax)"

    def __init__(self, config: SkipGramConfig = SkipGramConfig()) -> None:
        super().__init__(SkipGram(config))

    def tables(self) -> tuple[DataTable, ...]:
        model = self.model
        words = model.counts.vocabulary
        P = model.probabilities()
        rows = tuple((word + (" (o)" if row == model.o else ""), number(P[row], 4))
                     for row, word in enumerate(words))
        observed, expected = model.observed_and_expected()
        note = ("∂J/∂v_c = −u_o + Σ_w P(w|c) u_w, observed minus expected: "
                f"{preview(observed)} + {preview(expected)} = {preview(observed + expected)}")
        return (DataTable(f"P(w|c) for c = {model.config.centre}", ("word w", "P(w|c)"), rows,
                          note, gives=("v_c",)),)


class NegativeSamplingLesson(WordVectorLesson):
    """J = −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c), negatives from U(w)^{3/4}/Z."""

    title = "Skip-gram, negative sampling"

    def __init__(self, config: NegativeSamplingConfig = NegativeSamplingConfig()) -> None:
        super().__init__(NegativeSampling(config))

    def tables(self) -> tuple[DataTable, ...]:
        table = self.model.noise_table()
        drawn = list(self.model.negatives)
        rows = tuple((word, number(table.counts[row]), number(table.unigram[row], 3),
                      number(table.noise[row], 3),
                      "×" * drawn.count(row))
                     for row, word in enumerate(table.vocabulary))
        return (DataTable("Where the negatives come from",
                          ("word", "U(w)", "U(w)/ΣU", "U(w)^¾/Z", "drawn"), rows,
                          "negatives (draw order): " + ", ".join(self.model.negative_words)
                          + "; the ¾ power draws rare words more often than their frequency"),)


class GloVeLesson(WordVectorLesson):
    """J = Σ f(X_ij)(w_iᵀw̃_j + b_i + b̃_j − log X_ij)² on the built-in co-occurrence matrix."""

    title = "GloVe"

    def __init__(self, config: GloVeConfig = GloVeConfig()) -> None:
        super().__init__(GloVe(config))

    def tables(self) -> tuple[DataTable, ...]:
        return (_counts_table(self.model),)

    def shift_demo(self) -> ShiftDemo:
        config = self.model.config
        simple = SimpleGloVe(SimpleGloVeConfig(d=config.d, seed=config.seed), self.model.counts)
        return constant_shift(self.model, simple)


class SimpleGloVeLesson(WordVectorLesson):
    """J = Σ (v_iᵀv_j − log(P̃(i,j)/(P̃(i)P̃(j))))² with one set of vectors and no biases."""

    title = "Simpler GloVe (PMI)"

    def __init__(self, config: SimpleGloVeConfig = SimpleGloVeConfig()) -> None:
        super().__init__(SimpleGloVe(config))

    def tables(self) -> tuple[DataTable, ...]:
        return (_counts_table(self.model),)

    def shift_demo(self) -> ShiftDemo:
        config = self.model.config
        glove = GloVe(GloVeConfig(d=config.d, seed=config.seed), self.model.counts)
        return constant_shift(glove, self.model)


def _counts_table(model: GloVe | SimpleGloVe) -> DataTable:
    """The co-occurrence counts X, a row per word."""
    words = model.counts.vocabulary
    rows = tuple((word, *(number(count) for count in model.X[row]))
                 for row, word in enumerate(words))
    return DataTable("Co-occurrence counts X_ij", ("i \\ j", *words), rows,
                     "built-in corpus (ice and steam), ±2 words around each word")


def shift_lines(demo: ShiftDemo) -> list[str]:
    """The demonstration's result in words, for the settings panel and the command line."""
    c = ", ".join(number(value, 3) for value in demo.c)
    return [f"c = ({c}) added to every vector",
            f"GloVe: J {number(demo.glove_before)} → {number(demo.glove_after)} "
            f"(change {number(demo.glove_change, 3)}): b_i − ⟨w_i, c⟩ − |c|²/2 and "
            "b̃_j − ⟨w̃_j, c⟩ − |c|²/2 absorb it",
            f"simpler GloVe: J {number(demo.simple_before)} → {number(demo.simple_after)} "
            f"(change {number(demo.simple_change, 3)}): no biases, so the shift shows"]
