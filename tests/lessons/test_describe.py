"""Node descriptions in the lecture's notation."""

from bpviz.lessons.describe import description
from bpviz.lessons.expression_lesson import ExpressionLesson
from bpviz.lessons.model_lessons import WindowClassifierLesson, WindowScorerLesson


def descriptions(lesson):
    trace = lesson.record()
    return [description(trace, info.id) for info in trace.nodes if info.kind == "op"]


def test_window_scorer_reads_like_the_lecture():
    assert descriptions(WindowScorerLesson()) == [
        "x = [x_museums; x_in; x_Paris; x_are; x_amazing]", "Wx", "z = Wx + b",
        "h = tanh(z)", "s = uᵀh", "x_c = [x_Not; x_all; x_museums; x_in; x_Paris]",
        "Wx_c", "z_c = Wx_c + b", "h_c = tanh(z_c)",
        "s_c = uᵀh_c", "J = max(0, 1 − s + s_c)"]


def test_classifier_names_its_loss():
    assert descriptions(WindowClassifierLesson())[-1] == "J = −log softmax(f)_y"


def test_an_expression_node_is_its_own_source_text():
    assert descriptions(ExpressionLesson()) == ["x+y", "max(y,z)", "(x+y)*max(y,z)"]
