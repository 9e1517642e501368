"""`bpviz bench`: bpviz's engine timed against hand-fused NumPy (and PyTorch, if installed).

Headless: NumPy and the standard library. Workloads that need the Qt app register from
`bpviz.app.bench_workloads` when that module exists; until then they are listed as
not measured.
"""
