"""The retraining-pitfall page's widgets."""
