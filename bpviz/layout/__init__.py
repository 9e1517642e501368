"""Graph layouts for the stage, as plain numbers: headless (networkx and NumPy, no Qt)."""
