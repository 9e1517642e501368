"""The word-vector models by the names the command line uses, built from d, K and a seed."""

from __future__ import annotations

from bpviz.models.glove import GloVe, GloVeConfig
from bpviz.models.negative_sampling import NegativeSampling, NegativeSamplingConfig
from bpviz.models.simple_glove import SimpleGloVe, SimpleGloVeConfig
from bpviz.models.skipgram import SkipGram, SkipGramConfig
from bpviz.models.word_model import WordModel

WORD_MODELS = ("skipgram", "sgns", "glove", "simple-glove")
# J as each objective is written, for a header line.
OBJECTIVES = {
    "skipgram": "J = −log P(o|c) = −u_oᵀv_c + log Σ_w exp(u_wᵀv_c)",
    "sgns": "J = −log σ(u_oᵀv_c) − Σ_k log σ(−u_kᵀv_c), u_k drawn from U(w)^3/4 / Z",
    "glove": "J = Σ_{X_ij>0} f(X_ij) (w_iᵀw̃_j + b_i + b̃_j − log X_ij)², "
             "f(x) = min(1, (x/x_max)^α)",
    "simple-glove": "J = Σ_{X_ij>0} (v_iᵀv_j − log(P̃(i,j) / (P̃(i) P̃(j))))²",
}


def build_word_model(name: str, d: int | None = None, negatives: int | None = None,
                     seed: int = 0) -> WordModel:
    """The model called `name` with vector size d (default 2), K negatives (sgns, default 3)."""
    d = 2 if d is None else d
    if name == "skipgram":
        return SkipGram(SkipGramConfig(d=d, seed=seed))
    if name == "sgns":
        return NegativeSampling(NegativeSamplingConfig(
            d=d, seed=seed, negatives=3 if negatives is None else negatives))
    if name == "glove":
        return GloVe(GloVeConfig(d=d, seed=seed))
    if name == "simple-glove":
        return SimpleGloVe(SimpleGloVeConfig(d=d, seed=seed))
    raise ValueError(f"unknown word-vector model {name!r}; choose from {', '.join(WORD_MODELS)}")
