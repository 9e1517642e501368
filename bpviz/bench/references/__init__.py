"""Hand-fused NumPy versions of the benchmark's workloads: what bpviz's engine is measured
against. Each is written for its one workload, as fast as plain NumPy allows."""
