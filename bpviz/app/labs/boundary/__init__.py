"""The decision-boundary lab: softmax regression and a neural net trained side by side.

`LabModel` wraps the headless `bpviz.labs.boundary.LabSession`; `BoundaryLab` is the widget.
"""
