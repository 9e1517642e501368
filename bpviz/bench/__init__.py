"""`bpviz bench`: bpviz's engine timed against hand-fused NumPy (and PyTorch, if installed),
and the app's frames, steps and start against their targets.

Headless at import: NumPy and the standard library. The app's rows (`ui_workloads`,
driven by `bpviz.bench.ui`) import Qt and the app only inside the functions that run them.
"""
