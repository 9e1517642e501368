"""Graph layouts for the stage, as plain numbers: headless (NumPy and the standard library, no Qt)."""
