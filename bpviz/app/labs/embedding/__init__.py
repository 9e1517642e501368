"""The word-vector lab: skip-gram with negative sampling, GloVe and simpler GloVe trained
side by side on one corpus. `EmbeddingModel` wraps the headless
`bpviz.labs.embedding.EmbeddingSession`; `EmbeddingLab` is the widget.
"""
