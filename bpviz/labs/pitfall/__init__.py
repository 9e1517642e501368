"""The retraining pitfall of lecture §7, headless: fine-tuning word vectors on a small
training set moves the words it has and leaves their unseen synonym behind."""

from bpviz.labs.pitfall.session import (
    LARGE_NOTE, RULE, RUNS, SHOWN, STEPS, TITLES, PitfallSession,
)

__all__ = ["LARGE_NOTE", "RULE", "RUNS", "SHOWN", "STEPS", "TITLES", "PitfallSession"]
