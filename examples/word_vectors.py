"""Where word vectors come from (lectures 1–2), built from bpviz's engine ops.

Skip-gram with the full softmax, whose gradient at the centre vector is "observed minus
expected"; negative sampling, its negatives drawn from U(w)^{3/4}/Z; GloVe and Su Jianlin's
simpler GloVe on the co-occurrence counts of a tiny corpus about ice and steam. Each
objective is checked against central differences, and the constant-shift demonstration
shows why GloVe's biases leave its vectors free to drift by a constant c.

    python examples/word_vectors.py
"""

from bpviz.engine import gradcheck
from bpviz.formatting import preview
from bpviz.models.constant_shift import shift_demo
from bpviz.models.word_model_choices import OBJECTIVES, WORD_MODELS, build_word_model


def main() -> None:
    for name in WORD_MODELS:
        model = build_word_model(name)
        built = model.objective()
        report = gradcheck(built.graph, built.output)
        print(f"{name}: {OBJECTIVES[name]}")
        print(f"  J = {built.output.item():.6f}, gradient check: largest relative error "
              f"{report.max_rel_error:.1e}")
        if name == "skipgram":
            observed, expected = model.observed_and_expected()
            print(f"  ∂J/∂v_c = −u_o + Σ_w P(w|c) u_w = {preview(observed)} + "
                  f"{preview(expected)} = {preview(observed + expected)}")
        if name == "sgns":
            print(f"  negatives drawn from U(w)^3/4 / Z: {', '.join(model.negative_words)}")
    demo = shift_demo()
    print("every vector + c = (1, 1), GloVe's biases adjusted as the note derives:")
    print(f"  GloVe J {demo.glove_before:.6f} -> {demo.glove_after:.6f}")
    print(f"  simpler GloVe J {demo.simple_before:.6f} -> {demo.simple_after:.6f}")


if __name__ == "__main__":
    main()
